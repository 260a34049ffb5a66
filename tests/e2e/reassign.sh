#!/bin/sh
# Bulk reassignment from the patients list: Space marks rows (a mark column and "N marked"),
# A offers the care managers and asks "Assign N patients to <name>? (y/n)"; y assigns them
# all and the Care manager column changes; Esc on the menu changes nothing.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'

# Learn the first care manager A offers; Esc leaves the menu without assigning.
send_keys A
wait_for "Assign 1 patient to:"
send_keys Enter
wait_for_re 'Assign 1 patient to .*\? \(y/n\)'
name=$(screen | grep -oE 'Assign 1 patient to .*\? \(y/n\)' | sed -e 's/^Assign 1 patient to //' \
	-e 's/? (y\/n)$//')
[ -n "$name" ] || fail "no care manager name in the question"
send_keys n
wait_gone "(y/n)"

# Two ASCII rows whose care manager is someone else.
pick_row()
{
	_skip=$1
	while :; do
		_r=$(select_ascii_row "$_skip") || exit 1
		[ "$(row_column "$_r" "Care manager")" != "$name" ] && break
		_skip=1
	done
	printf '%s\n' "$_r"
}
row1=$(pick_row 1) || exit 1
mrn1=$(row_column "$row1" MRN)
send_keys Space
wait_for "1 marked (A: assign)"
screen | grep -F "$mrn1" | grep -qE '^ \* ' || fail "the marked row has no mark"
row2=$(pick_row 0) || exit 1
mrn2=$(row_column "$row2" MRN)
[ "$mrn1" != "$mrn2" ] || fail "the same row twice"
send_keys Space
wait_for "2 marked (A: assign)"

# Space again unmarks; and marks it once more (Space moves down, k comes back).
wait_selected()
{
	_tries=$((E2E_TIMEOUT * 20))
	until selected_row | grep -qF -- "$1"; do
		_tries=$((_tries - 1))
		[ "$_tries" -gt 0 ] || fail "the selection did not come to the row of $1"
		sleep 0.05
	done
}
send_keys k
wait_selected "$mrn2"
send_keys Space
wait_for "1 marked (A: assign)"
screen | grep -F "$mrn2" | grep -qE '^ \* ' && fail "Space did not unmark the row"
send_keys k
wait_selected "$mrn2"
send_keys Space
wait_for "2 marked (A: assign)"

send_keys A
wait_for "Assign 2 patients to:"
send_keys Enter
wait_for "Assign 2 patients to $name? (y/n)"
send_keys y
wait_for "Assigned 2 patients to $name."
wait_gone "marked (A: assign)"
for mrn in "$mrn1" "$mrn2"; do
	line=$(screen | grep -F "$mrn")
	[ -n "$line" ] || fail "the row of $mrn left the screen"
	printf '%s\n' "$line" | grep -qF "$name" || fail "the care manager of $mrn is not $name: $line"
	printf '%s\n' "$line" | grep -qE '^ \* ' && fail "$mrn is still marked"
done

e2e_ok
