#!/bin/sh
# ^C in a half-filled form asks before the input is lost, as Esc does: "Discard changes and
# quit? (y/n)"; n keeps editing with the input there; y leaves careloop. With nothing
# changed, ^C leaves at once.
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
e2e_ok
