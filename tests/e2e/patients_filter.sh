#!/bin/sh
# The patients list's screening filters: f shows the patients due for screening, f again
# offers the domains (never interpersonal safety) and lists those positive in the chosen one,
# f again returns to every patient; / from a screening list searches every patient, and 2
# shows them all.
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
# The patients list's own keys say where they work; its help is the screening lists'.
send_keys Space
wait_for "Marks are for the patients list (f)."
send_keys s
wait_for "Screening lists are in screening-date order"
send_keys '?'
wait_for "Help: Screening lists"
assert_screen "all patients, screening due, positive in a domain"
send_keys q
wait_gone "Help: "
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

# / from a screening list searches every patient.
send_keys f
wait_for "Screening due"
send_keys /
wait_for "Find a patient by name, MRN or phone digits"
refute_screen "Screening due"
send_keys Escape
wait_count "$all" >/dev/null
# So does 2 (go to the patients list).
send_keys f
wait_for "Screening due"
send_keys 2
wait_count "$all" >/dev/null
refute_screen "Screening due"

e2e_ok
