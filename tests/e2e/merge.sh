#!/bin/sh
# Duplicates: adding a patient with the name (accents and case aside) and birth date of one
# already there shows that record (name, birth date, MRN, phone) and asks: go back (the
# default) keeps the form, "save anyway" saves. M on a chart merges it with a duplicate: the
# other chart found by search, the survivor chosen, one field taken from the other, the
# question says what moves; yes opens the survivor. The old MRN then finds the survivor, and
# `careloop merge` refuses a chart merged already. The demo's duplicates: MRN0000018 "José
# Medina" and MRN0000298 "Jose Medina", born 1961-11-29.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list

# Add a patient like MRN0000018: the warning shows the other records.
send_keys a
wait_for "Add patient"
set_field MRN X123
set_field "Given name" "JOSÉ"
set_field "Family name" medina
set_field "Birth date" 1961-11-29
send_keys F10
wait_for "Possible duplicate: same name and date of birth"
assert_screen "Medina, José"
assert_screen "MRN0000018"
assert_screen "(555) 001-2470"
assert_screen "MRN0000298"
assert_screen "Save anyway"
# Go back (the default): the form stays, with the input, nothing saved.
send_keys Enter
wait_gone "Possible duplicate"
assert_screen "Add patient"
[ "$(field_value "Family name")" = medina ] || fail "the form lost the typed Family name"
# Again, and leave without saving.
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys y
wait_gone "Add patient"
wait_list

# The chart of MRN0000298, M: the other chart by search.
send_keys /
wait_for "Search:"
type_text MRN0000298
wait_for "Medina, Jose"
send_keys Enter
wait_for 'search: "MRN0000298"'
send_keys Enter
wait_for "Demographics"
assert_screen "MRN MRN0000298"
send_keys M
wait_for "Merge with (MRN or name):"
type_text "medina jos"
send_keys Enter
wait_for "Merge with which chart?"
assert_screen "MRN0000018"
refute_screen "MRN0000298  active"
send_keys Enter
# The survivor: MRN0000018 (the second; the first is the chart M was pressed on).
wait_for "Which chart survives?"
send_keys Down Enter
wait_for "Merge charts"
assert_screen "MRN0000298 into MRN0000018"
# Given name differs (José / Jose): take the other's, then the phone stays the survivor's.
[ -n "$(label_row "Given name")" ] || fail "the merge form has no Given name choice"
assert_screen "[José"
send_keys Space
wait_for "[Jose (MRN0000298)"
send_keys F10
wait_for_re "Merge MRN0000298 into MRN0000018\? This moves [0-9]+ "
send_keys y
wait_for "Merged MRN0000298 into MRN0000018."
wait_for "Demographics"
screen | grep -qF "MEDINA, Jose" || fail "the survivor does not have the name taken from the other chart"
assert_screen "MRN MRN0000018"
assert_screen "(555) 001-2470"

# Back: the merged chart closed with the merge; the list's search (MRN0000298) now shows
# the survivor. A new search for the old MRN finds it too.
send_keys q
wait_for 'search: "MRN0000298"'
assert_screen "MRN0000018"
send_keys Escape
wait_gone 'search: "MRN0000298"' 
send_keys /
wait_for "Search:"
type_text MRN0000298
wait_for "MRN0000018"
send_keys Enter
wait_for 'search: "MRN0000298"'
assert_screen "Medina, Jose"
refute_screen "MRN0000298  "

# The command line refuses to merge the merged chart again (no MRN in the message).
out=$("$CARELOOP" --db "$DB" merge MRN0000003 MRN0000298 --yes 2>&1) &&
	fail "merging a merged chart succeeded: $out"
printf '%s\n' "$out" | grep -qF "merged already" || fail "no reason given: $out"
printf '%s\n' "$out" | grep -q "MRN0000298" && fail "the message names the MRN: $out"

e2e_ok
