#!/bin/sh
# The partner directory (view 4): `careloop import orgs` fills it; the list shows name, kind,
# services, phone and when each entry was verified, stale ones marked; / searches; v marks
# an entry verified today after "Mark <name> verified today (DATE)? (y/n)" and u undoes it;
# a adds an entry (verified today, so not stale); x retires one only after "Retire <name>? (y/n)".
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" init >/dev/null 2>&1 || fail "careloop init failed"
cat >"$E2E_TMP/orgs.csv" <<'CSV'
kind,name,services,phone,languages,last_verified
community,Valley Food Pantry,food-insecurity,555-0101,"en, es",2026-09-01
community,Riverside Housing Help,"housing-instability; homelessness",555-0102,en,2024-02-01
community,County Ride Program,transportation-insecurity,555-0103,en,2026-10-01
specialty,Summit Cardiology,cardiology,555-0104,en,2026-03-01
CSV
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import orgs "$E2E_TMP/orgs.csv" \
	>"$E2E_TMP/import.out" 2>&1 || fail "import orgs failed: $(cat "$E2E_TMP/import.out")"

start_app
wait_for "[4 Directory]"
send_keys 4
wait_for_re 'Name +Kind +Services +Phone +Verified'
for name in "Valley Food Pantry" "Riverside Housing" "County Ride Program" "Summit Cardiology"; do
	assert_screen "$name"
done
# Alphabetical; the entry verified in 2024 is stale (12 months), the others are not.
screen | grep -n 'County Ride\|Riverside\|Summit\|Valley' | cut -d: -f1 | tr '\n' ' ' |
	grep -qE '^[0-9]+ [0-9]+ [0-9]+ [0-9]+ $' || fail "not every entry is listed"
first=$(screen | grep -nE 'County Ride|Riverside|Summit|Valley' | head -n 1)
printf '%s\n' "$first" | grep -q "County Ride" || fail "the list is not by name: $first"
screen | grep "Riverside" | grep -q "2024-02-01 stale" || fail "the stale entry is not marked"
screen | grep "Valley Food" | grep -q "stale" && fail "a fresh entry is marked stale"
screen | grep "Valley Food" | grep -q "555-0101" || fail "no phone in the row"

# Search by a word of the name or a service.
send_keys /
wait_for "Search:"
type_text "hous"
wait_gone "Valley Food Pantry"
assert_screen "Riverside Housing"
send_keys Enter
wait_for 'search: "hous"'

# v asks first; n changes nothing.
send_keys v
wait_for "Mark Riverside Housing Help verified today (2026-11-23)? (y/n)"
send_keys n
wait_gone "(y/n)"
screen | grep "Riverside" | grep -q "2024-02-01 stale" || fail "n changed the entry"
# y: verified today, the stale mark goes.
send_keys v
wait_for "(y/n)"
send_keys y
wait_for "Verified Riverside Housing Help today (2026-11-23); u undoes."
wait_for "2026-11-23"
screen | grep "Riverside" | grep -q "stale" && fail "still stale after v"
# u puts the date before back (stale again); a second u has nothing to undo.
send_keys u
wait_for "Undone: Riverside Housing Help is back to 2024-02-01."
wait_for "2024-02-01 stale"
send_keys u
wait_for "Nothing to undo."
send_keys v
wait_for "(y/n)"
send_keys y
wait_for "Verified Riverside Housing Help today"
send_keys Escape
wait_for "Valley Food Pantry"

# a: add an entry; it is verified today (not stale).
send_keys a
wait_for "Add directory entry"
set_field Name "Hilltop Food Shelf"
set_field Services "food-insecurity, Housing"
set_field Phone "555-0199"
[ "$(field_value "Last verified")" = 2026-11-23 ] ||
	fail "a new entry is not verified today ($(field_value "Last verified"))"
send_keys F10
wait_for "Saved Hilltop Food Shelf."
# Services show as domain keys (one vocabulary with the CSV), whatever spelling was typed.
wait_for_re 'Hilltop Food Shelf +community +food, housing +555'
refute_screen "food-insecurity"
screen | grep "Hilltop" | grep -q "stale" && fail "the entry added today is marked stale"

# x asks first; n keeps the entry, y retires it (it leaves the active list).
send_keys /
type_text "hilltop"
wait_gone "Valley Food Pantry"
send_keys Enter
send_keys x
wait_for "Retire Hilltop Food Shelf? (y/n)"
send_keys n
wait_gone "Retire Hilltop"
assert_screen "Hilltop Food Shelf"
send_keys x
wait_for "Retire Hilltop Food Shelf? (y/n)"
send_keys y
wait_for "Retired Hilltop Food Shelf"
wait_for "no entries match"
send_keys Escape
wait_for "Valley Food Pantry"
refute_screen "Hilltop Food Shelf"
# i shows retired entries again.
send_keys i
wait_for "Showing retired entries too."
wait_for "Hilltop Food Shelf"

# f filters: cardiology only.
send_keys f
wait_for "Specialty care partners"
send_keys Down
send_keys Enter
wait_for "specialty care partners"
wait_gone "Valley Food Pantry"
assert_screen "Summit Cardiology"

e2e_ok
