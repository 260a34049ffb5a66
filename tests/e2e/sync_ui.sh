#!/bin/sh
# Sync conflicts in the interface, two sites and a real PostgreSQL hub (hub.sh). The hub
# away: the status line says "hub unreachable since <local time>"; a file that never synced
# says nothing. The same patient's phone edited at both; after north then south synced,
# south's status line says "1 conflict  synced just now". Reports, y: the conflict listed
# with "phone"; Enter: both phones side by side. q changes nothing (still listed, still
# counted). Then this site's phone chosen (Space), F10 says what happens, y: the list is
# empty and the count gone. Synced again, both files hold south's phone and nothing is left
# open. One MRN given at both sites: listed with its problem, d marks it dealt with.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "${E2E_LIB:-$0}")/hub.sh"

hub_start
A=$E2E_TMP/north.db
B=$E2E_TMP/south.db

cl "$A" init >/dev/null || fail "init north"
cl "$B" init >/dev/null || fail "init south"
make_demo 40 5 "$A"
cl "$A" hub init --hub "$HUB" >/dev/null || fail "hub init failed"
# The hub away at north's first sync: its status line says since when, in local time.
cl "$A" sync --hub "host=$E2E_TMP/nowhere user=careloop dbname=postgres" --site north \
	>/dev/null 2>&1 && fail "a sync with no hub succeeded"
DB=$A
start_app -s away
e2e_use away
wait_for_re 'hub unreachable since 20[0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]$'
refute_screen "conflict"
quit_session
sync_ok "$A"
sync_ok "$B" --site south

# A file that never synced shows nothing of sync in its status line.
DB=$E2E_TMP/alone.db
cl "$DB" init >/dev/null || fail "init a file that never syncs"
start_app -s alone
e2e_use alone
wait_for "Worklist: "
refute_screen "synced"
refute_screen "conflict"
quit_session

# The status line of a site: how long ago it synced, no conflict.
DB=$B
start_app -s fresh
e2e_use fresh
wait_for "synced just now"
refute_screen "conflict"
quit_session

mrn=$(q "$A" "SELECT mrn FROM patient WHERE status = 'active' ORDER BY mrn LIMIT 1")
name=$(q "$A" "SELECT family_name FROM patient WHERE mrn = '$mrn'")
set_phone "$A" "$mrn" "$name" 5550100111
set_phone "$B" "$mrn" "$name" 5550100222
sync_ok "$A"
sync_ok "$B"
echo "$out" | grep -q "1 open conflict$" || fail "no conflict at south's sync: $out"

# South: the status line counts the conflict, on the worklist and on every screen after it.
DB=$B
start_app
wait_for "Worklist: "
wait_for "1 conflict  synced just now"
[ "$(screen_row 22 | sed 's/^ *//')" = "1 conflict  synced just now" ] ||
	fail "the status line is not at the right of the message line: $(screen_row 22)"
send_keys 5
wait_for "Reports: "
assert_screen "y:sync"
send_keys "?"
wait_for "Help: Reports"
wait_for "the sync conflicts"
send_keys q
wait_gone "Help: "
send_keys y
wait_for "Sync conflicts: 1 open"
row=$(first_row_under Record)
printf '%s\n' "$row" | grep -qE "^ patient $mrn +phone" ||
	fail "the conflict is not listed as \"patient $mrn  phone\": $row"
assert_screen "1 conflict"

# Side by side; q leaves it as it was.
send_keys Enter
wait_for "Field"
wait_for "This site"
line=$(screen | grep -E '^ \* +phone ')
printf '%s\n' "$line" | grep -qE '\(555\) 010-0111 +\(555\) 010-0222 +hub$' ||
	fail "the phones are not side by side, the hub's kept: $line"
send_keys "?"
wait_for "Help: Sync conflict"
for key in Space h s F10 "q, Esc"; do
	screen | grep -qE "^ +$key(,| ) " || fail "help does not list $key"
done
send_keys q
wait_gone "Help: "
send_keys Space
wait_for_re '^ \* +phone .*010-0222 +this site$'
send_keys q
wait_for "Sync conflicts: 1 open"
assert_screen "1 conflict"
[ "$(q "$B" "SELECT count(*) FROM sync_conflict WHERE resolved_at = ''")" -eq 1 ] ||
	fail "q resolved the conflict"
[ "$(q "$B" "SELECT phone_digits FROM patient WHERE mrn = '$mrn'")" = 5550100222 ] ||
	fail "q changed south's phone"

# Enter again: the hub's kept until switched; this site's phone, F10, y.
send_keys Enter
wait_for_re '^ \* +phone .*010-0222 +hub$'
send_keys Space
wait_for_re '^ \* +phone .*010-0222 +this site$'
send_keys F10
wait_for "Keep this site's phone on the hub's version? The next sync sends it. (y/n)"
send_keys y
wait_for "Sync conflicts: none open"
wait_for "no open sync conflicts"
wait_gone "1 conflict"
refute_screen "conflicts  synced"
quit_session

sync_ok "$B"
echo "$out" | grep -q "0 open conflicts" || fail "south still has a conflict open: $out"
sync_ok "$A"
for db in "$A" "$B"; do
	[ "$(q "$db" "SELECT phone_digits FROM patient WHERE mrn = '$mrn'")" = 5550100222 ] ||
		fail "$(basename "$db") does not hold south's phone"
	[ -z "$(cl "$db" sync conflicts | sed 1d)" ] ||
		fail "sync conflicts still lists a conflict at $(basename "$db")"
done

# One MRN given to two new patients, one at each site: the hub's change cannot apply at
# south. Listed with its problem; Enter shows the hub's row; d, y: dealt with.
printf 'MRN,Last Name,First Name,DOB,Phone\nZ900,Northway,Ann,1950-01-01,5550100333\n' \
	>"$E2E_TMP/north.csv"
printf 'MRN,Last Name,First Name,DOB,Phone\nZ900,Southway,Bo,1960-02-02,5550100444\n' \
	>"$E2E_TMP/south.csv"
cl "$A" import patients "$E2E_TMP/north.csv" >/dev/null || fail "import at north"
cl "$B" import patients "$E2E_TMP/south.csv" >/dev/null || fail "import at south"
sync_ok "$A"
sync_ok "$B"
echo "$out" | grep -q "1 not applied" || fail "the MRN used twice was applied at south: $out"
DB=$B
start_app -s clash
e2e_use clash
wait_for "1 conflict  synced just now"
send_keys 5
wait_for "Reports: "
send_keys y
wait_for "Sync conflicts: 1 open"
row=$(first_row_under Record)
printf '%s\n' "$row" | grep -qE "^ patient Z900 +could not apply here: " ||
	fail "the change not applied is not listed with its problem: $row"
send_keys Enter
wait_for "the hub's change could not apply here"
assert_screen "Not applied: refused by the database: UNIQUE constraint failed: patient.mrn"
screen | grep -qE '^ +family name +Northway' || fail "the hub's row is not shown"
refute_screen "Southway"
send_keys d
wait_for "Mark the hub's change to patient Z900 dealt with? It stays unapplied. (y/n)"
send_keys y
wait_for "Sync conflicts: none open"
wait_for "Marked dealt with."
refute_screen "1 conflict"
quit_session
[ "$(q "$B" "SELECT given_name FROM patient WHERE mrn = 'Z900'")" = Bo ] ||
	fail "dealing with the hub's change changed south's patient"

e2e_ok
