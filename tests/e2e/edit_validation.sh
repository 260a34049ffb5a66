#!/bin/sh
# Edit with validation: a bad birth date (2026-13-45) shows an error beside the field, keeps
# the typed value, moves the cursor there and saves nothing; Esc asks before discarding (n
# stays, y leaves with the old value intact); a good date saves, shows in the chart with the
# new age, and is still there after a restart.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'
row=$(select_ascii_row 1) || exit 1
name=$(row_name "$row")
mrn=$(row_column "$row" MRN)
send_keys Enter
wait_for "Demographics"
old_birth=$(screen | grep -oE 'Birth date[^0-9]*[0-9]{4}-[0-9]{2}-[0-9]{2}' | grep -oE '[0-9-]{10}')
[ -n "$old_birth" ] || fail "no birth date in the chart"

# Edit: the form holds the stored values.
send_keys e
wait_for "Edit patient"
[ "$(field_value "Birth date")" = "$old_birth" ] ||
	fail "the edit form shows birth date \"$(field_value "Birth date")\", not $old_birth"
[ "$(field_value MRN)" = "$mrn" ] || fail "the edit form shows another MRN"

# A bad date, then move on to another field and save.
set_field "Birth date" 2026-13-45
send_keys Tab
send_keys F10
wait_field_error "Birth date" 'must|invalid|not a (real|valid)'
brow=$(label_row "Birth date")
[ "$(field_value "Birth date")" = 2026-13-45 ] || fail "the typed bad date was not kept"
[ "$(cursor_row)" = "$brow" ] || fail "the cursor is not on the bad field after a failed save"
assert_screen "Edit patient"
refute_screen "Saved."

# Esc with changes asks; n keeps the form and the input.
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys n
wait_gone "Discard changes?"
assert_screen "Edit patient"
[ "$(field_value "Birth date")" = 2026-13-45 ] || fail "n lost the typed input"
# y leaves; the chart still has the old date.
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys y
wait_gone "Edit patient"
wait_for "Demographics"
assert_screen "$old_birth"
refute_screen "2026-13-45"

# Esc with no change leaves at once, without asking.
send_keys e
wait_for "Edit patient"
send_keys Escape
wait_gone "Edit patient"
wait_for "Demographics"
refute_screen "Discard changes?"

# A good date saves; the chart shows it and the new age (1955-02-03 on 2026-11-23: 71).
new_birth=1955-02-03
[ "$old_birth" = "$new_birth" ] && new_birth=1956-02-03
send_keys e
wait_for "Edit patient"
set_field "Birth date" 2026-13-45
send_keys F10
wait_field_error "Birth date" 'must|invalid|not a (real|valid)'
set_field "Birth date" "$new_birth"
send_keys F10
wait_for "Saved."
wait_gone "Edit patient"
wait_for "Demographics"
assert_screen "$new_birth"
if [ "$new_birth" = 1955-02-03 ]; then assert_screen "71 y"; else assert_screen "70 y"; fi
screen | grep -qE 'Updated .* by ' || fail "no Updated line after the save"

# The change is stored: a new instance finds it by MRN.
send_keys q
wait_list
send_keys q
wait_for "[careloop exited 0]"
e2e_tmux kill-session -t main
start_app
wait_list
send_keys /
wait_for "Search:"
type_text "$mrn"
wait_for "$name"
send_keys Enter
wait_for 'search: '
send_keys Enter
wait_for "Demographics"
assert_screen "$new_birth"
assert_screen "MRN $mrn"

e2e_ok
