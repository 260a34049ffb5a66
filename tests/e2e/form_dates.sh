#!/bin/sh
# Date fields take what people type: 1/2/50 is 1950-01-02 in a birth date (two-digit years:
# never after today), t is today, +7 a week on, +1m a month on; the field shows the date
# it means once it is left. A bad date is refused beside the field and the text is kept.
# Today is $E2E_TODAY (2026-11-23).
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 100 7
open_list
wait_for_re '[0-9][0-9,]* patients'
send_keys a
wait_for "Add patient"
set_field MRN 9900071
set_field "Given name" Dora
set_field "Family name" Zyxdate
# A refused date keeps its text and says what a date may be.
set_field "Birth date" 13/45/50
send_keys Tab
wait_field_error "Birth date" 'not a valid date'
[ "$(field_value "Birth date")" = 13/45/50 ] || fail "the bad date was not kept ($(field_value "Birth date"))"
# US dates with a two-digit year: a birth date is never after today.
set_field "Birth date" 1/2/50
send_keys Tab
wait_for_re 'Birth date +\[1950-01-02'
set_field "Birth date" 12/1/26
send_keys Tab
wait_for_re 'Birth date +\[1926-12-01'
set_field "Birth date" 11/2/26
send_keys Tab
wait_for_re 'Birth date +\[2026-11-02'
set_field "Birth date" 3/7/1948
send_keys F10
wait_for "Demographics"
wait_for "Saved."
assert_screen "1948-03-07"

# A goal's target date: +7 is a week from today, t today, +1m a month on.
_n=0
until screen | grep -qF "No goals yet. o: add a goal"; do
	_n=$((_n + 1))
	[ "$_n" -le 12 ] || fail "Tab never reached the plan"
	send_keys Tab
	sleep 0.1
done
send_keys o
wait_for "Add goal"
set_field "Goal (patient's words)" "Call the pharmacy"
set_field "Target date" +7
send_keys Tab
wait_for_re 'Target date +\[2026-11-30'
set_field "Target date" t
send_keys Tab
wait_for_re 'Target date +\[2026-11-23'
set_field "Target date" +1m
send_keys F10
wait_for "Saved."
wait_for "target 2026-12-23"
e2e_ok
