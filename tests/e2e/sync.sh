#!/bin/sh
# Two sites and a real PostgreSQL hub (a throw-away cluster on a Unix socket, hub.sh). The
# hub unreachable: exit 75, "unreachable since", nothing lost. Site north (a demo clinic)
# and an empty site south join and converge (every synced table equal, row by row, and the
# rows each site derives from them). Both offline, editing different patients (notes,
# consent, an event, a contact in the interface): both converge. A contact logged at both
# sites for one patient: both kept. The same patient's phone changed at both: one
# conflict at the second site's sync, never applied over the other; listed, shown field by
# field, resolved by taking this site's phone; converged after. The same changes synced
# again change nothing.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "${E2E_LIB:-$0}")/hub.sh"

hub_start
A=$E2E_TMP/north.db
B=$E2E_TMP/south.db

# The synced tables and what each site derives from them, rows in key order, ids as hex;
# the care managers without their stamps (each site registers its own user on first use).
dump()
{
	for _t in organization patient goal task referral referral_event contact \
		clinical_event screening note correction consent bh_enrollment condition \
		observation organization_service screening_status screening_positive \
		screening_result screening_answer patient_count; do
		echo "== $_t"
		sqlite3 -readonly -cmd '.mode quote' "$1" "SELECT * FROM $_t" | sort
	done
	echo "== chronic_gap"
	sqlite3 -readonly -cmd '.mode quote' "$1" \
		"SELECT patient_id, kind, last_on, reading, controlled FROM chronic_gap" | sort
	echo "== risk_change"
	sqlite3 -readonly -cmd '.mode quote' "$1" \
		"SELECT patient_id, changed_at, from_tier, to_tier FROM risk_change ORDER BY 1, 2"
	echo "== care_manager"
	sqlite3 -readonly -cmd '.mode quote' "$1" \
		"SELECT id, login, display_name, active, role FROM care_manager ORDER BY id"
}

converged()
{
	dump "$A" >"$E2E_TMP/a.dump"
	dump "$B" >"$E2E_TMP/b.dump"
	if ! cmp -s "$E2E_TMP/a.dump" "$E2E_TMP/b.dump"; then
		diff "$E2E_TMP/a.dump" "$E2E_TMP/b.dump" | head -n 20 >&2
		fail "$1: the two sites differ"
	fi
	for _db in "$A" "$B"; do
		cl "$_db" check >"$E2E_TMP/check.out" 2>&1 ||
			fail "$1: careloop check fails on $(basename "$_db"): $(cat "$E2E_TMP/check.out")"
	done
}

cl "$A" init >/dev/null || fail "init north"
cl "$B" init >/dev/null || fail "init south"
make_demo 120 3 "$A"
cl "$A" hub init --hub "$HUB" >/dev/null || fail "hub init failed"
cl "$A" hub init --hub "$HUB" >/dev/null || fail "hub init is not safe to run again"

# No hub: exit 75 (try again later), since when, and what waits.
out=$(cl "$A" sync --hub "host=$E2E_TMP/nowhere user=careloop dbname=postgres" --site north 2>&1)
rc=$?
[ "$rc" -eq 75 ] || fail "sync with the hub unreachable exited $rc, not 75: $out"
echo "$out" | grep -q "now a site" || fail "the first sync does not say the file became a site: $out"
status=$(cl "$A" sync --status)
rc=$?
[ "$rc" -eq 75 ] || fail "sync --status after a failed sync exited $rc, not 75"
echo "$status" | grep -q "hub unreachable since 20" || fail "status does not say since when: $status"
records=$(q "$A" "SELECT count(*) FROM patient")
waiting=$(echo "$status" | sed -n 's/^waiting for the hub: \([0-9]*\) change.*/\1/p')
[ "${waiting:-0}" -gt "$records" ] || fail "the outbox holds $waiting changes for $records patients"

# Both sites join: north sends its clinic, south (empty) receives it all.
sync_ok "$A"
echo "$out" | grep -qE "^sent $waiting \($waiting applied on the hub, 0 conflicts\)" ||
	fail "north's first sync: $out"
status=$(cl "$A" sync --status) || fail "sync --status after a sync exited $?"
echo "$status" | grep -q "waiting for the hub: 0 changes" || fail "the outbox was not emptied: $status"
sync_ok "$B" --site south
echo "$out" | grep -qE "received [0-9]+ \([0-9]+ applied here, 0 not applied\); 0 open" ||
	fail "south's first sync: $out"
sync_ok "$A"
converged "after joining"
[ "$(q "$B" "SELECT count(*) FROM patient")" -eq "$records" ] || fail "south lacks patients"

# The network's settings come from the hub, over a site's own; a site's own are refused there.
cl "$A" hub set rescreen_months 6 --hub "$HUB" >/dev/null || fail "hub set exited $?"
cl "$A" hub set rescreen_months 999 --hub "$HUB" >/dev/null 2>&1 && fail "hub set took 999 months"
out=$(cl "$A" hub set practice_name "North Clinic" --hub "$HUB" 2>&1) &&
	fail "hub set took a site's own setting"
echo "$out" | grep -q "each site's own" || fail "a site's own setting: $out"
cl "$B" config rescreen_months 9 || fail "config at south"
sync_ok "$B"
echo "$out" | grep -q "^1 network setting from the hub" || fail "south's sync does not say a setting came: $out"
[ "$(cl "$B" config rescreen_months)" = 6 ] || fail "south's rescreen_months is not the hub's 6"
cl "$A" hub settings --hub "$HUB" | grep -qE "^rescreen_months +6 +20[0-9-]+ [0-9:]+ by " ||
	fail "hub settings does not list it: $(cl "$A" hub settings --hub "$HUB")"
sync_ok "$A"
[ "$(cl "$A" config rescreen_months)" = 6 ] || fail "north did not take the hub's 6"
cl "$A" hub unset rescreen_months --hub "$HUB" >/dev/null || fail "hub unset exited $?"
cl "$B" config rescreen_months 12 && sync_ok "$B"
[ "$(cl "$B" config rescreen_months)" = 12 ] || fail "an unset setting is still forced on south"

# Offline at both: different patients, different kinds of records.
p1=$(q "$A" "SELECT mrn FROM patient WHERE status = 'active' ORDER BY mrn LIMIT 1")
p2=$(q "$A" "SELECT mrn FROM patient WHERE status = 'active' ORDER BY mrn LIMIT 1 OFFSET 1")
p3=$(q "$A" "SELECT mrn FROM patient WHERE status = 'active' ORDER BY mrn LIMIT 1 OFFSET 2")
p3_name=$(q "$A" "SELECT family_name FROM patient WHERE mrn = '$p3'")
echo "Called about the ride to the clinic." | cl "$A" note add "$p1" --kind phone-call >/dev/null ||
	fail "note at north"
cl "$A" consent "$p1" --verbal --date 2026-11-20 >/dev/null 2>&1 || true
echo "Home visit: the stairs are a problem." | cl "$B" note add "$p2" --kind home-visit >/dev/null ||
	fail "note at south"
cl "$B" event add "$p2" --kind ed-visit --date 2026-11-21 --facility "County ED" >/dev/null ||
	fail "event at south"

# log_contact DB MRN NAME: a reached phone contact logged in the chart (c, F10).
log_contact()
{
	open_site_chart "$1" "$2" "$3"
	send_keys c
	wait_for "Log contact"
	send_keys F10
	wait_for "Contact logged."
	quit_session
}

contacts_before=$(q "$A" "SELECT count(*) FROM contact WHERE patient_id = (SELECT id FROM patient WHERE mrn = '$p3')")
log_contact "$A" "$p3" "$p3_name"
log_contact "$B" "$p3" "$p3_name"

sync_ok "$A"
sync_ok "$B"
echo "$out" | grep -q "0 open conflicts" || fail "appended records conflicted: $out"
sync_ok "$A"
converged "after offline edits at both sites"
contacts=$(q "$B" "SELECT count(*) FROM contact WHERE patient_id = (SELECT id FROM patient WHERE mrn = '$p3')")
[ "$contacts" -eq $((contacts_before + 2)) ] ||
	fail "a contact logged at both sites: $contacts contacts, not $((contacts_before + 2))"
[ "$(q "$B" "SELECT count(*) FROM note WHERE body LIKE 'Called about the ride%'")" -eq 1 ] ||
	fail "north's note did not reach south"
[ "$(q "$A" "SELECT count(*) FROM clinical_event WHERE facility = 'County ED'")" -eq 1 ] ||
	fail "south's event did not reach north"

# Synced again: nothing sent, nothing received, nothing changed.
dump "$A" >"$E2E_TMP/before.dump"
sync_ok "$A"
echo "$out" | grep -q "^sent 0 (0 applied on the hub, 0 conflicts); received 0 " ||
	fail "a second sync moved something: $out"
sync_ok "$B"
echo "$out" | grep -q "^sent 0 .*received 0 " || fail "a second sync moved something: $out"
dump "$A" >"$E2E_TMP/after.dump"
cmp -s "$E2E_TMP/before.dump" "$E2E_TMP/after.dump" || fail "the same changes synced twice changed north"

# The same phone edited at both: the second to sync gets a conflict, nothing overwritten.
set_phone "$A" "$p3" "$p3_name" 5550100111
set_phone "$B" "$p3" "$p3_name" 5550100222
sync_ok "$A"
sync_ok "$B"
echo "$out" | grep -q "1 conflicts); .*; 1 open conflict$" || fail "no conflict at south's sync: $out"
[ "$(q "$A" "SELECT phone_digits FROM patient WHERE mrn = '$p3'")" = 5550100111 ] ||
	fail "north's phone was overwritten"
[ "$(q "$B" "SELECT phone_digits FROM patient WHERE mrn = '$p3'")" = 5550100222 ] ||
	fail "south's phone was overwritten before the conflict was resolved"
list=$(cl "$B" sync conflicts) || fail "sync conflicts exited $?"
echo "$list" | grep -qE "^[0-9]+ +patient $p3 +phone " || fail "the conflict is not listed: $list"
id=$(echo "$list" | awk 'NR == 2 { print $1 }')
show=$(cl "$B" sync show "$id") || fail "sync show exited $?"
echo "$show" | grep -qE "^phone +\(555\) 010-0111 +\(555\) 010-0222 +\*" ||
	fail "the conflict does not show both phones side by side: $show"
status=$(cl "$B" sync --status)
echo "$status" | grep -q "open conflicts: 1" || fail "status does not count the conflict: $status"
cl "$B" sync resolve "$id" --take nosuchfield >/dev/null 2>&1 && fail "resolve took a field that is not there"
cl "$B" sync resolve "$id" --take phone >/dev/null || fail "resolve exited $?"
[ "$(q "$B" "SELECT phone_digits FROM patient WHERE mrn = '$p3'")" = 5550100222 ] ||
	fail "the resolution did not keep south's phone"
sync_ok "$B"
echo "$out" | grep -q "0 open conflicts" || fail "the conflict is still open after resolving: $out"
sync_ok "$A"
converged "after the conflict was resolved"
[ "$(q "$A" "SELECT phone_digits FROM patient WHERE mrn = '$p3'")" = 5550100222 ] ||
	fail "north did not get the resolved phone"
[ -z "$(cl "$B" sync conflicts | sed 1d)" ] || fail "sync conflicts still lists a conflict"

# A merge of two charts at north (everything of one moves to the other, a version more
# each): south receives it whole.
p4=$(q "$A" "SELECT mrn FROM patient WHERE status = 'active' AND EXISTS (SELECT 1 FROM contact c
	WHERE c.patient_id = patient.id) ORDER BY mrn LIMIT 1 OFFSET 3")
p5=$(q "$A" "SELECT mrn FROM patient WHERE status = 'active' AND EXISTS (SELECT 1 FROM screening s
	WHERE s.patient_id = patient.id) AND mrn <> '$p4' ORDER BY mrn LIMIT 1 OFFSET 4")
out=$(cl "$A" merge "$p4" "$p5" --yes 2>&1) || fail "merge at north exited $?: $out"
sync_ok "$A"
sync_ok "$B"
echo "$out" | grep -q "0 open conflicts" || fail "the merge conflicted: $out $(cl "$B" sync conflicts)"
converged "after a merge at north"
[ "$(q "$B" "SELECT count(*) FROM patient WHERE mrn = '$p5' AND merged_into =
	(SELECT id FROM patient WHERE mrn = '$p4')")" -eq 1 ] || fail "south does not know $p5 went into $p4"
[ "$(q "$B" "SELECT count(*) FROM screening WHERE patient_id = (SELECT id FROM patient WHERE mrn = '$p5')")" -eq 0 ] ||
	fail "south still files screenings under the merged chart"

# A third site with its own role and only the grants the man page gives: it syncs; a role
# without them cannot; another site's role cannot push as it.
for role in site_east site_west; do
	hub_sql "CREATE ROLE $role LOGIN; GRANT USAGE ON SCHEMA careloop TO $role;
		GRANT SELECT ON careloop.site, careloop.change, careloop.conflict, careloop.setting
		TO $role;
		GRANT EXECUTE ON FUNCTION careloop.push(text, text, jsonb) TO $role;" >/dev/null ||
		fail "the man page's grants do not run"
done
hub_sql "CREATE ROLE site_none LOGIN" >/dev/null
C=$E2E_TMP/east.db
cl "$C" init >/dev/null || fail "init east"
out=$(cl "$C" sync --hub "host=$HUB_DIR user=site_east dbname=postgres" --site east 2>&1) ||
	fail "a site with the documented grants cannot sync: $out"
[ "$(q "$C" "SELECT count(*) FROM patient")" -eq "$records" ] || fail "east did not receive the clinic"
out=$(cl "$C" sync --hub "host=$HUB_DIR user=site_none dbname=postgres" 2>&1) &&
	fail "a role without grants synced: $out"
echo "$out" | grep -q "permission denied" || fail "a role without grants: $out"
out=$(cl "$C" sync --hub "host=$HUB_DIR user=site_west dbname=postgres" 2>&1) &&
	fail "another site's role pushed as east: $out"
echo "$out" | grep -q "pushes as another PostgreSQL role" || fail "another site's role: $out"

e2e_ok
