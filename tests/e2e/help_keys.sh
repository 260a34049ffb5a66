#!/bin/sh
# Help shows exactly the keys that work where it was opened (issue 8): in a form, F1 lists
# the form's keys and the few generic ones that still work (^L), never "1 go to the
# worklist" or "/ find a patient" (there 1, / and ? are typed); in a y/n question only the
# answers and help; the list's help lists the number keys.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

# Every help line on the screen, scrolled through, once.
help_text()
{
	_all=$(screen)
	_n=0
	while screen | grep -q "more below" && [ "$_n" -lt 40 ]; do
		_before=$(screen)
		send_keys Down
		wait_change "$_before"
		_all=$(printf '%s\n%s\n' "$_all" "$(screen)")
		_n=$((_n + 1))
	done
	printf '%s\n' "$_all"
}

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'

# The patients list: the number keys work here, and help says so.
send_keys "?"
wait_for "Help: Patients"
help_text | grep -qE '^ +1 +go to the worklist' || fail "the list's help does not list 1"
send_keys q
wait_gone "Help: "

# A form: F1 lists what works there.
send_keys Enter
wait_for "Demographics"
send_keys e
wait_for "Edit patient"
send_keys F1
wait_for "Help: Edit patient"
text=$(help_text)
printf '%s\n' "$text" | grep -qF "go to the worklist" && fail "a form's help lists 1 (go to the worklist)"
printf '%s\n' "$text" | grep -qF "find a patient" && fail "a form's help lists / (find a patient)"
printf '%s\n' "$text" | grep -qE '^ +\?, F1 ' && fail "a form's help lists ? (typed there)"
printf '%s\n' "$text" | grep -qE '^ +F10, \^S +save' || fail "a form's help does not list F10"
printf '%s\n' "$text" | grep -qE '^ +\^L +redraw' || fail "a form's help does not list ^L"
# Help over a form is closed first: a number key there does not drop the form.
send_keys 1
sleep 0.2
assert_screen "Help: Edit patient"
send_keys q
wait_for "Edit patient"
# In the form, 1, / and ? are typed.
set_field Address "1/?"
send_keys Escape
wait_for "Discard"
send_keys y
wait_for "Demographics"

# A y/n question: only its answers (and help) work.
send_keys 1
wait_for "Worklist: "
_n=0
while ! screen | grep -qE 'd late|due today'; do
	_n=$((_n + 1))
	[ "$_n" -le 4 ] || fail "no task on the worklist"
	send_keys Tab
	sleep 0.1
done
send_keys x
wait_for "done? (y/n)"
send_keys 2
sleep 0.2
assert_screen "done? (y/n)"
send_keys "?"
wait_for "Help: Confirm"
text=$(help_text)
printf '%s\n' "$text" | grep -qE '^ +y, Y +yes' || fail "the question's help does not list y"
printf '%s\n' "$text" | grep -qE 'go to |find a patient' && fail "the question's help lists keys that do not work there"
send_keys q
wait_for "done? (y/n)"
send_keys n
wait_gone "done? (y/n)"

e2e_ok
