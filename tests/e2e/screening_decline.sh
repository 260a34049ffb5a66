#!/bin/sh
# "Patient declined" from the middle of a screening: d asks first (n keeps the screening as
# it was), y records the decline (no answers), and the chart's Screenings section shows it.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
send_keys Enter
wait_for "Demographics"
send_keys s
wait_for "Question 1 of 10"
send_keys 1
wait_for "Question 2 of 10"
send_keys d
wait_for "Record that the patient declined? (y/n)"
send_keys n
wait_gone "Record that the patient declined?"
assert_screen "Question 2 of 10"
assert_screen "Answered 1 of 10"
send_keys d
wait_for "Record that the patient declined? (y/n)"
send_keys y
wait_for "Recorded: the patient declined the screening."
wait_for "Demographics"

n=0
until screen | grep -qF "Last screened 2026-11-23"; do
	n=$((n + 1))
	[ "$n" -le 10 ] || fail "Tab never reached the Screenings section"
	send_keys Tab
	sleep 0.05
done
assert_screen "Last screened 2026-11-23 (declined); rescreen due 2027-11-23."
screen | grep -qE '2026-11-23 .* declined *$' || fail "no declined line in the history"
# A decline restarts the rescreen clock: the header does not say "rescreen due".
header=$(screen | sed -n '2,4p')
printf '%s\n' "$header" | grep -qE "rescreen due|not screened" &&
	fail "the chart header still says the patient is due"

e2e_ok
