#!/bin/sh
# The patients list's screening filters: f shows the patients due for screening, f again
# offers the domains (never interpersonal safety) and lists those positive in the chosen one,
# f again returns to every patient.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'
all=$(screen_count)
send_keys f
wait_for "Screening due"
wait_for_re 'Screening due +[0-9][0-9,]* patients'
due=$(screen_count)
[ "$due" -gt 0 ] && [ "$due" -lt "$all" ] || fail "due count $due of $all patients"
wait_for_re 'Name +MRN +Last screened +Rescreen due'
refute_screen_re 'Risk|Care manager|safety'
# Never-screened patients first; then the oldest screening.
screen | sed -n 4p | grep -qE 'never +now' || fail "the first due row is not a never-screened one"
send_keys G
wait_for_re '20(24|25)-[0-9]{2}-[0-9]{2} +20(25|26)-'
send_keys Enter
wait_for "Demographics"
wait_for "rescreen due"
send_keys q
wait_for "Screening due"

send_keys f
wait_for "Positive in which domain?"
assert_screen "Food insecurity"
assert_screen "Transportation"
refute_screen "Interpersonal safety"
refute_screen "safety"
send_keys j j Enter # Housing instability, Housing quality, Food insecurity
wait_for "Positive: food"
wait_for_re 'Name +MRN +Last screened +Rescreen due'
refute_screen "no patient is positive"
send_keys Enter
wait_for "Demographics"
screen | grep -qE 'HRSN\+: .*food' || fail "the chart of a food-positive patient does not say so"
send_keys q
wait_for "Positive: food"

send_keys f
wait_list
wait_count "$all" >/dev/null
refute_screen "Positive:"

e2e_ok
