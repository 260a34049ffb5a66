#!/bin/sh
# Screening a patient from the chart: `s`, one question a screen answered by number, the
# summary shows each domain, Enter saves, the follow-up offers a task. The chart header then
# shows the food and transportation positives, and never the safety one, which shows (with
# the "review with clinician" flag) only inside the Screenings section.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
send_keys Enter
wait_for "Demographics"
send_keys s
wait_for "Question 1 of 10"
assert_screen "1 ( )"
send_keys 1 # housing: a steady place
wait_for "Question 2 of 10"
send_keys 8 # housing quality: none of the above (multiple choice: tick, then Enter)
wait_for "8 [x]"
assert_screen "Question 2 of 10"
send_keys Enter
wait_for "Question 3 of 10"
send_keys 2 # food: sometimes true
wait_for "Question 4 of 10"
send_keys 3 # never true
wait_for "Question 5 of 10"
send_keys 1 # transportation: yes
wait_for "Question 6 of 10"
send_keys 2 # utilities: no
wait_for "Question 7 of 10"
send_keys 4 # physically hurt: fairly often (review flag) ...
wait_for "Question 8 of 10"
send_keys 4 4 4 # ... and the safety sum over the cut-off

wait_for "Screening summary"
screen | grep -qE 'Food insecurity +positive' || fail "food is not positive in the summary"
screen | grep -qE 'Transportation +positive' || fail "transportation is not positive"
screen | grep -qE 'Housing instability +negative' || fail "housing is not negative"
screen | grep -qE 'Utilities +negative' || fail "utilities is not negative"
screen | grep -qE 'Interpersonal safety +positive' || fail "safety is not positive"
assert_screen "Review with clinician"
assert_screen "Saves as completed"
send_keys Enter

# The follow-up step: one line per positive domain; t adds a task.
wait_for "follow-up"
assert_screen "Screening saved (completed)."
assert_screen "Food insecurity"
assert_screen "Transportation"
send_keys t
wait_for "task added"
assert_screen "Task added, due 2026-11-30."
send_keys Enter

# The chart header: food and transportation, never safety.
wait_for "Demographics"
wait_for "HRSN+: food, transportation"
header=$(screen | sed -n '2,4p')
printf '%s\n' "$header" | grep -qi "safety" && fail "the chart header shows the safety domain"
printf '%s\n' "$header" | grep -qi "review" && fail "the chart header shows the review flag"
printf '%s\n' "$header" | grep -q "rescreen due" && fail "the header says rescreen due"

# Inside the Screenings section: history, the safety positive and the review flag.
n=0
until screen | grep -qF "Last screened 2026-11-23"; do
	n=$((n + 1))
	[ "$n" -le 10 ] || fail "Tab never reached the Screenings section"
	send_keys Tab
	sleep 0.05
done
assert_screen "Last screened 2026-11-23 (completed); rescreen due 2027-11-23."
assert_screen "Current needs: Food insecurity, Transportation"
assert_screen "Interpersonal safety: positive"
assert_screen "Review with clinician"
screen | grep -qE '2026-11-23 .* completed +\+ food, transportation, safety; review' ||
	fail "no history line for today's screening"

e2e_ok
