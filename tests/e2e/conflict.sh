#!/bin/sh
# No lost updates: two instances on one database open the same patient's edit form; the
# first saves; the second's save is refused with "Not saved: changed by ..." and its input
# stays on screen; Ctrl-R asks before dropping it and names the fields the other changed;
# n keeps the input, y reloads the saved version; the stored value is the first one's.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

phone_a=5550100111
phone_b=5550100222

# digits of the Phone line of a chart
chart_phone()
{
	screen | grep -E '^ *Phone' | head -n 1 | sed 's/[^0-9]//g'
}

# open_edit MRN: search the MRN, open the chart, open the edit form.
open_edit()
{
	send_keys /
	wait_for "Search:"
	type_text "$1"
	wait_for "$name"
	send_keys Enter
	wait_for 'search: '
	send_keys Enter
	wait_for "Demographics"
	assert_screen "MRN $1"
	send_keys e
	wait_for "Edit patient"
}

make_demo 300 7
open_list -s one
wait_for_re '[0-9][0-9,]* patients'
row=$(select_ascii_row 2) || exit 1
name=$(row_name "$row")
mrn=$(row_column "$row" MRN)
[ -n "$mrn" ] || fail "no MRN on the selected row"

start_app -s two
wait_list

# Both open the edit form of the same patient.
e2e_use one
open_edit "$mrn"
e2e_use two
open_edit "$mrn"

# The first saves.
e2e_use one
set_field Phone "$phone_a"
send_keys F10
wait_for "Saved."
wait_for "Demographics"
[ "$(chart_phone)" = "$phone_a" ] || fail "the first save shows phone $(chart_phone)"

# The second saves over a stale version: refused, input kept, nothing overwritten.
e2e_use two
set_field Phone "$phone_b"
send_keys F10
wait_for "Not saved: changed by"
assert_screen "Edit patient"
refute_screen "Saved."
[ "$(field_value Phone)" = "$phone_b" ] || fail "the refused form lost its input ($(field_value Phone))"
screen | grep -qE 'Not saved: changed by .+ at ' || fail "the conflict message does not say who and when"
screen | grep -q 'Ctrl-R' || fail "the conflict message does not offer Ctrl-R"

# The first instance, reopening the chart, still has the first value.
e2e_use one
send_keys q
wait_list
send_keys Enter
wait_for "Demographics"
[ "$(chart_phone)" = "$phone_a" ] || fail "the stored phone is $(chart_phone), not the first save's"

# Ctrl-R in the second asks before dropping the input, and names what the other changed.
e2e_use two
send_keys C-r
wait_for "Drop your input and reload the saved version? (y/n)"
wait_for "Changed since you opened it: Phone."
[ "$(field_value Phone)" = "$phone_b" ] || fail "Ctrl-R dropped the input before the answer"
# n keeps the input (and a save is still refused: nothing is overwritten).
send_keys n
wait_gone "(y/n)"
[ "$(field_value Phone)" = "$phone_b" ] || fail "n dropped the input ($(field_value Phone))"
send_keys F10
wait_for "Not saved: changed by"
# y reloads the saved version: the first's phone, and says which field changed.
send_keys C-r
wait_for "Drop your input and reload the saved version? (y/n)"
send_keys y
wait_gone "Not saved: changed by"
wait_for "Reloaded the saved version. Changed since you opened it: Phone."
[ "$(field_value Phone | sed 's/[^0-9]//g')" = "$phone_a" ] ||
	fail "Ctrl-R did not load the saved phone ($(field_value Phone))"
# Now a save goes through (no change needed: edit another value and save).
set_field Phone "$phone_b"
send_keys F10
wait_for "Saved."
wait_for "Demographics"
[ "$(chart_phone)" = "$phone_b" ] || fail "the save after reload shows phone $(chart_phone)"

e2e_ok
