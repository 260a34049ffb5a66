#!/bin/sh
# Issue 4's closed loop, end to end: import a directory CSV; screen a patient who is positive
# for food; refer from the positive domain (the form comes pre-filled with the domain and
# the pantry serving it); move the referral requested -> accepted -> in-progress ->
# completed with an outcome; the chart shows the loop closed, and the referral is in no
# overdue list, not even weeks after its due date.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" init >/dev/null 2>&1 || fail "careloop init failed"
cat >"$E2E_TMP/orgs.csv" <<'CSV'
kind,name,services,phone,languages,last_verified
community,Valley Food Pantry,food-insecurity,555-0101,"en, es",2026-09-01
community,Riverside Housing Help,housing-instability,555-0102,en,2026-08-01
specialty,Summit Cardiology,cardiology,555-0104,en,2026-03-01
CSV
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import orgs "$E2E_TMP/orgs.csv" \
	>"$E2E_TMP/import.out" 2>&1 || fail "import orgs failed: $(cat "$E2E_TMP/import.out")"

start_app
wait_list
send_keys a
wait_for "Add patient"
set_field MRN 9900003
set_field "Given name" Ana
set_field "Family name" Zyxloop
set_field "Birth date" 1980-01-01
send_keys F10
wait_for "Demographics"

# Screen: positive for food only.
send_keys s
wait_for "Question 1 of 10"
send_keys 1
wait_for "Question 2 of 10"
send_keys 8
send_keys Enter
wait_for "Question 3 of 10 · Food insecurity"
send_keys 1
wait_for "Question 4 of 10 · Food insecurity"
send_keys 1
wait_for "Question 5 of 10"
send_keys 2
wait_for "Question 6 of 10"
send_keys 2
for q in 7 8 9 10; do
	wait_for "Question $q of 10"
	send_keys 1
done
wait_for "Screening summary"
wait_for_re 'Food insecurity +positive'
wait_for_re 'Transportation +negative'
send_keys Enter
wait_for "Screening saved"

# Refer from the positive domain: the form is pre-filled.
wait_for "Food insecurity"
send_keys r
wait_for "New referral"
wait_for_re 'Kind +\[community'
wait_for_re 'Domain or specialty +\[Food insecurity'
wait_for_re 'Partner +\[Valley Food Pantry'
assert_screen "555-0101"
# Consent is required for a community referral, and recorded with today's date.
send_keys F10
wait_for "consent"
_tries=30
while ! screen | grep -qE '^ *Consent to share +\[[^]]*\] +[^ ]'; do
	send_keys Tab
	_tries=$((_tries - 1))
	[ "$_tries" -gt 0 ] || fail "Tab never reached Consent to share"
	sleep 0.05
done
send_keys y
wait_for_re 'Consent to share +\[yes'
send_keys F10
wait_for "Referral saved to Valley Food Pantry."
send_keys Enter
wait_for "Demographics"

# The chart's Referrals section: requested, today.
_n=0
while ! screen | grep -q "Kind/domain"; do
	send_keys Tab
	_n=$((_n + 1))
	[ "$_n" -lt 10 ] || fail "no Referrals section in the chart"
	sleep 0.1
done
wait_for_re "2026-11-23 +Valley Food Pantry +Food insecurity +Requested +0 d +2026-12-23"
send_keys Enter
wait_for "Referral  Zyxloop, Ana"
assert_screen "yes, recorded 2026-11-23"

# requested -> accepted -> in-progress -> completed (outcome: got help).
send_keys s
wait_for "accept → Accepted"
send_keys Enter
wait_for "Note (Enter for none):"
send_keys Enter
wait_for "Happened on (Enter for today, or a past date):"
send_keys Enter
wait_for "The referral is now Accepted."
send_keys s
wait_for "start → In progress"
send_keys Enter
wait_for "Note (Enter for none):"
send_keys Enter
wait_for "Happened on (Enter for today, or a past date):"
send_keys Enter
wait_for "The referral is now In progress."
send_keys s
wait_for "complete → Completed"
send_keys Enter
wait_for "Outcome (the loop closes)"
send_keys Enter
wait_for "Note (Enter for none):"
type_text "Picked up groceries"
send_keys Enter
wait_for "Happened on (Enter for today, or a past date):"
send_keys Enter
wait_for "The referral is now Completed."
wait_for_re 'Outcome +got help +\(closed 2026-11-23\)'

# The chart: the loop is closed.
send_keys q
wait_for_re "Valley Food Pantry +Food insecurity +Completed +0 d +loop closed"
refute_screen "overdue"

# Not in the overdue list, not even on 2027-01-30 (its due date long past).
send_keys C-c
wait_for "[careloop exited 0]"
E2E_TODAY=2027-01-30
start_app -s later
wait_for "[3 Referrals]"
send_keys 3
wait_for_re 'Patient +Partner +Kind/domain +Status +Due'
wait_for "no referrals here"
send_keys f
wait_for "Show referrals"
send_keys Down Enter
wait_for "Referrals  overdue"
refute_screen "Zyxloop"
send_keys f
wait_for "Show referrals"
send_keys Down Down Enter
wait_for "Referrals  all"
wait_for "Zyxloop, Ana"
screen | grep "Zyxloop" | grep -q "Completed" || fail "the referral is not listed as completed"
screen | grep "Zyxloop" | grep -q "OVERDUE" && fail "a completed referral is marked overdue"
e2e_ok
