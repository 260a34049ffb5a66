#!/bin/sh
# Referrals: `r` in a chart opens "New referral"; a community referral needs consent; saved,
# it shows in the chart's Referrals section and in the Referrals view (3). Its status moves
# requested -> accepted -> in-progress -> completed with an outcome, the menu offering only
# legal moves; once completed the chart says the loop is closed and the Referrals view no
# longer lists it. Later (another "today"), an open referral past due is marked OVERDUE
# and overdue referrals come first.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

# Tab until the choice field LABEL has the focus (its choices show to the right of it).
focus_choice()
{
	_tries=30
	while ! screen | grep -qE "^ *$1 +\[[^]]*\] +[^ ]"; do
		send_keys Tab
		sleep 0.05
		_tries=$((_tries - 1))
		[ "$_tries" -gt 0 ] || fail "Tab never reached the choice field \"$1\""
	done
}

make_demo 300 7
open_list

# A new patient, so that their referrals are only the ones made here.
send_keys a
wait_for "Add patient"
set_field MRN 9900002
set_field "Given name" Quillon
set_field "Family name" Zyxrefer
set_field "Birth date" 1970-03-04
send_keys F10
wait_for "Demographics"
wait_for "r:refer"

# Referrals section: empty.
_n=0
while ! screen | grep -q "No referrals\|Kind/domain"; do
	send_keys Tab
	_n=$((_n + 1))
	[ "$_n" -lt 10 ] || fail "no Referrals section in the chart"
	sleep 0.1
done
assert_screen "No referrals"

# r: the form. Food insecurity, the first suggested partner, no consent: refused.
send_keys r
wait_for "New referral"
focus_choice "Domain or specialty"
send_keys Space
wait_for "Food insecurity"
focus_choice "Partner"
partner=$(field_value "Partner" | sed 's/ ·.*//; s/ (stale)//')
[ -n "$partner" ] && [ "$partner" != "(none)" ] || fail "no partner suggested for food"
assert_screen "Loop due"
[ "$(field_value "Loop due")" = "2026-12-23" ] || fail "the loop is not due in 30 days: $(field_value "Loop due")"
send_keys F10
wait_field_error "Consent to share" "consent"
focus_choice "Consent to share"
send_keys y
wait_for_re 'Consent to share +\[yes'
send_keys F10
wait_for "Referral saved"
wait_for "Demographics"
wait_for_re "2026-11-23 +$(printf '%.12s' "$partner").*Requested +0 d +2026-12-23"

# In the Referrals view (open referrals).
send_keys 3
wait_for_re 'Patient +Partner +Kind/domain +Status +Due'
send_keys G
wait_for "Zyxrefer, Quillon"
screen | grep "Zyxrefer, Quillon" | grep -q "Requested" || fail "the new referral is not Requested in the list"
# Enter opens the selected referral (the last by due date is ours: due 2026-12-23 or earlier).
selected_row | grep -q "Zyxrefer" || {
	while ! selected_row | grep -q "Zyxrefer"; do
		send_keys k
		sleep 0.05
		_n=$((_n + 1))
		[ "$_n" -lt 60 ] || fail "could not select the new referral"
	done
}
send_keys Enter
wait_for "Referral  Zyxrefer, Quillon"
wait_for_re 'Status +Requested'
assert_screen "created"

# s: only the legal moves from requested.
send_keys s
wait_for "Change status"
assert_screen "accept → Accepted"
assert_screen "reject → Rejected"
assert_screen "cancel → Cancelled"
refute_screen "complete →"
refute_screen "start →"
send_keys Enter
wait_for "Note (Enter for none):"
send_keys Enter
# Happened on: a day in the future is refused at its question, the date kept to correct.
wait_for "Happened on (Enter for today, or a past date):"
type_text 2026-11-24
send_keys Enter
wait_for "Happened on is in the future. Happened on: 2026-11-24"
send_keys C-u Enter
wait_for "The referral is now Accepted."
wait_for_re 'Status +Accepted'

send_keys s
wait_for "Change status"
assert_screen "start → In progress"
refute_screen "complete →"
refute_screen "accept →"
send_keys Enter
wait_for "Note (Enter for none):"
type_text "Pantry called: first visit Friday"
send_keys Enter
wait_for "Happened on (Enter for today, or a past date):"
send_keys Enter
wait_for "The referral is now In progress."

# completed needs an outcome: the outcome menu comes before the note.
send_keys s
wait_for "complete → Completed"
send_keys Enter
wait_for "Outcome (the loop closes)"
assert_screen "got help"
assert_screen "couldn't contact the patient"
send_keys Enter
wait_for "Note (Enter for none):"
type_text "Got a food box"
send_keys Enter
wait_for "Happened on (Enter for today, or a past date):"
send_keys Enter
wait_for "The referral is now Completed."
wait_for "loop closed"
wait_for "got help"
assert_screen "in-progress → completed"
assert_screen "note: Got a food box"

# A completed referral offers reopening (with a required note), not completing again.
send_keys s
wait_for "Change status"
assert_screen "reopen → In progress"
refute_screen "complete →"
send_keys Escape
wait_gone "Change status"

# The chart shows the loop closed; the open list no longer has it.
send_keys c
wait_for "MRN 9900002"
_n=0
while ! screen | grep -q "Kind/domain"; do
	send_keys Tab
	_n=$((_n + 1))
	[ "$_n" -lt 10 ] || fail "no Referrals section in the chart"
	sleep 0.1
done
wait_for_re "Completed +[0-9]+ d +loop closed"
send_keys 3
wait_for_re 'Patient +Partner +Kind/domain +Status +Due'
send_keys G
sleep 0.2
refute_screen "Zyxrefer"

# A second referral, left requested: due 2026-12-23.
send_keys 2
wait_list
send_keys /
type_text zyxrefer
wait_for "1 match"
send_keys Enter
send_keys Enter
wait_for "MRN 9900002"
send_keys r
wait_for "New referral"
focus_choice "Domain or specialty"
send_keys Space
wait_for "Food insecurity"
focus_choice "Consent to share"
send_keys y
send_keys F10
wait_for "Referral saved"
send_keys C-c
wait_for "[careloop exited 0]"

# On 2027-01-30 it is 38 days overdue: marked, and overdue ones come first.
E2E_TODAY=2027-01-30
start_app -s later
wait_list
send_keys 3
wait_for_re 'Patient +Partner +Kind/domain +Status +Due'
first=$(screen | sed -n '4p')
printf '%s\n' "$first" | grep -q "OVERDUE [0-9]* d" || fail "the first referral is not overdue: $first"
# no row that is not overdue comes before an overdue one
screen | sed -n '4,21p' | awk '
	/OVERDUE/ { if (seen_plain) bad = 1; next }
	NF { seen_plain = 1 }
	END { exit bad }' || fail "an overdue referral comes after one that is not"
# our referral: find it (open list, by due date) and check its mark
_n=0
while ! screen | grep -q "Zyxrefer"; do
	send_keys PageDown
	_n=$((_n + 1))
	[ "$_n" -lt 20 ] || fail "the requested referral is not in the open list"
	sleep 0.1
done
screen | grep "Zyxrefer" | grep -q "OVERDUE 38 d" || fail "the referral due 2026-12-23 is not OVERDUE 38 d on 2027-01-30"
# Only overdue: f, "Overdue only".
send_keys f
wait_for "Show referrals"
send_keys Down Enter
wait_for "Referrals  overdue"
screen | sed -n '4,21p' | grep -v '^ *$' | grep -vq "OVERDUE" && fail "a referral not overdue in the overdue list"
e2e_ok
