#!/bin/sh
# Add a patient: "a" opens the "Add patient" form, fields are filled (pronouns too), F10
# saves and opens the new patient's chart with "Saved."; the list counts one more and search
# finds them; a second patient with the same MRN is refused beside the MRN field and not saved.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'
total=$(screen_count)

send_keys a
wait_for "Add patient"
for label in MRN "Given name" "Family name" "Birth date"; do
	[ -n "$(label_row "$label")" ] || fail "the add form has no \"$label\" field"
done
set_field MRN 9900001
set_field "Given name" Quillon
set_field "Family name" Zyxwuv
set_field "Birth date" 1960-05-17
set_field Phone 5550100199
set_field Pronouns "they/them"
[ "$(field_value "Family name")" = Zyxwuv ] || fail "the form shows \"$(field_value "Family name")\" for Family name"
send_keys F10

# The new chart, with the saved values and the age from 1960-05-17 on 2026-11-23.
wait_for "Demographics"
wait_for "Saved."
screen | grep -qiF "Zyxwuv, Quillon" || fail "the chart does not name the new patient"
assert_screen "MRN 9900001"
assert_screen "66 y"
assert_screen "1960-05-17"
screen | grep -qE 'Pronouns +they/them' || fail "the chart does not show the pronouns typed"
refute_screen "Add patient"

# Back in the list: one more patient, and search finds the new one.
send_keys q
wait_list
wait_count $((total + 1)) >/dev/null || exit 1
send_keys /
wait_for "Search:"
type_text zyxw
wait_for "Zyxwuv, Quillon"
send_keys Enter
wait_for 'search: "zyxw"'
send_keys Enter
wait_for "Demographics"
assert_screen "MRN 9900001"
send_keys q
wait_list
send_keys Escape
wait_gone 'search: "zyxw"'

# The same MRN again is refused, beside the MRN field; nothing is saved.
send_keys a
wait_for "Add patient"
set_field MRN 9900001
set_field "Given name" Other
set_field "Family name" Duplicate
set_field "Birth date" 1970-01-01
send_keys F10
# The error is on the MRN line or right under it, and the form stays with the input.
wait_field_error MRN 'already|exists|taken|in use|duplicate|unique'
assert_screen "Add patient"
[ "$(field_value "Family name")" = Duplicate ] || fail "the form lost the typed Family name"
assert_screen "[9900001"
# Leave without saving: Esc asks, y leaves.
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys y
wait_gone "Add patient"
wait_list
wait_count $((total + 1)) >/dev/null || exit 1
send_keys /
wait_for "Search:"
type_text duplicate
wait_for "no patients match"
send_keys Escape

e2e_ok
