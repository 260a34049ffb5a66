#!/bin/sh
# ^C in a half-filled form asks before the input is lost, as Esc does: "Discard changes and
# quit? (y/n)"; n keeps editing with the input there; y leaves careloop. With nothing
# changed, ^C leaves at once. A screening with answers asks too.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 100 7
open_list
wait_for_re '[0-9][0-9,]* patients'
send_keys a
wait_for "Add patient"
set_field "Given name" Halfway
send_keys C-c
wait_for "Discard changes and quit? (y/n)"
refute_screen "[careloop exited"
send_keys n
wait_gone "(y/n)"
[ "$(field_value "Given name")" = Halfway ] || fail "n lost the input ($(field_value "Given name"))"
# Help over the form: ^C still asks for the form below.
send_keys F1
wait_for "Help"
send_keys C-c
wait_for "Discard changes and quit? (y/n)"
assert_screen "Add patient"
send_keys y
wait_for "[careloop exited 0]"

# Nothing typed: ^C leaves without a question.
start_app -s clean
wait_list
send_keys a
wait_for "Add patient"
send_keys C-c
wait_for "[careloop exited 0]"

# A screening with answers: ^C asks as well; n keeps the answers, y leaves careloop.
start_app -s screening
wait_list
send_keys Enter
wait_for "Demographics"
n=0
until screen | grep -qE "Last screened|Never screened"; do
	n=$((n + 1))
	[ "$n" -le 10 ] || fail "Tab never reached the Screenings section"
	send_keys Tab
	sleep 0.05
done
send_keys s
wait_for "Question 1 of 10"
send_keys 3
wait_for "Question 2 of 10"
send_keys C-c
wait_for "Quit careloop? The screening's answers will be lost. (y/n)"
send_keys n
wait_gone "(y/n)"
assert_screen "Answered 1 of 10"
send_keys C-c
wait_for "(y/n)"
send_keys y
wait_for "[careloop exited 0]"
e2e_ok
