#!/bin/sh
# A screening in progress is never lost silently: Esc asks; n keeps every answer; y leaves
# without saving anything.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
send_keys Enter
wait_for "Demographics"
# What the Screenings section shows before.
n=0
until screen | grep -qE "Last screened|Never screened"; do
	n=$((n + 1))
	[ "$n" -le 10 ] || fail "Tab never reached the Screenings section"
	send_keys Tab
	sleep 0.05
done
before=$(screen | sed -n '2,21p')

send_keys s
wait_for "Question 1 of 10"
send_keys 3 # no steady place
wait_for "Question 2 of 10"
send_keys 2 Enter # mold
wait_for "Question 3 of 10"
send_keys 1 # often true
wait_for "Question 4 of 10"
# Number keys answer here: they do not switch to another view.
send_keys Escape
wait_for "Leave the screening? Answers will be lost. (y/n)"
send_keys n
wait_gone "Leave the screening?"
assert_screen "Question 4 of 10"
assert_screen "Answered 3 of 10"
send_keys b
wait_for "Question 3 of 10"
assert_screen "1 (*)"
send_keys b
wait_for "Question 2 of 10"
assert_screen "2 [x]"
send_keys b
wait_for "Question 1 of 10"
assert_screen "3 (*)"
# The summary keeps them too; Esc there asks as well, and y leaves.
send_keys F10
wait_for "Screening summary"
screen | grep -qE 'Housing instability +positive' || fail "the kept housing answer is not scored"
send_keys Escape
wait_for "Leave the screening? Answers will be lost. (y/n)"
send_keys y
wait_for "Screening left; nothing was saved."
wait_gone "Screening summary"
[ "$(screen | sed -n '2,21p')" = "$before" ] || fail "leaving the screening changed the chart"

e2e_ok
