#!/bin/sh
# A patient who dies: set deceased in the record form, the date of death is required (the
# form refuses a save without it, or with one in the future or before birth, keeping what
# was typed); once saved, the chart header says "deceased <date>" and still shows the task
# and the referral; the worklist no longer shows their overdue task or due screening (the
# counts drop) and lists their open referral first in "Referrals overdue", flagged
# "deceased: ... to close" (still open: the coordinator closes it with a reason). The
# command-line worklist says "close: patient deceased".
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

# The count in "TITLE (N)" on the screen (counts stay under the cap with 300 patients).
section_count()
{
	screen | grep -oE "$1 \([0-9]+\)" | head -n 1 | sed -e 's/[^0-9]//g'
}

wait_counted()
{
	wait_for_re 'Tasks due \([0-9]+\)'
	wait_for_re 'Referrals overdue \([0-9]+\)'
	wait_for_re 'Screenings due \([0-9]+\)'
	wait_for_re 'Not reached in 30 days \([0-9]+\)'
}

# Tab through the chart's sections until TEXT shows.
chart_tab_to()
{
	_n=0
	until screen | grep -q -- "$1"; do
		_n=$((_n + 1))
		[ "$_n" -le 12 ] || fail "Tab never reached a chart section showing \"$1\""
		send_keys Tab
		sleep 0.1
	done
}

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

# A patient of our own with an overdue task and an open referral (not yet due).
send_keys a
wait_for "Add patient"
set_field MRN 9900071
set_field "Given name" Ana
set_field "Family name" Zyxdead
set_field "Birth date" 1950-02-03
send_keys F10
wait_for "Demographics"
wait_for "Saved."
chart_tab_to "No tasks. t: add a task."
send_keys t
wait_for "Add task"
set_field Task "Call about rides"
set_field "Due date" 2020-01-02
send_keys F10
wait_for "Call about rides"
send_keys r
wait_for "New referral"
focus_choice "Domain or specialty"
send_keys Space
wait_for "Food insecurity"
focus_choice "Consent to share"
send_keys y
wait_for_re 'Consent to share +\[yes'
send_keys F10
wait_for "Referral saved"

# The worklist before: the task heads "Tasks due".
send_keys 1
wait_for "Worklist: everyone"
wait_counted
tasks_before=$(section_count "Tasks due")
screens_before=$(section_count "Screenings due")
referrals_before=$(section_count "Referrals overdue")
screen | grep -q "Zyxdead, Ana *Call about rides" || fail "the overdue task is not on the worklist"

# The record form: deceased without a date of death is refused, the input kept.
send_keys 2
wait_list
send_keys /
wait_for "Search:"
type_text zyxdead
wait_for "Zyxdead, Ana"
send_keys Enter Enter
wait_for "Demographics"
send_keys e
wait_for "Edit patient"
focus_choice Status
_n=0
while [ "$(field_value Status)" != deceased ]; do
	_n=$((_n + 1))
	[ "$_n" -le 4 ] || fail "Space never chose deceased: $(field_value Status)"
	send_keys Space
	sleep 0.1
done
send_keys F10
wait_field_error "Date of death" "required"
assert_screen "Edit patient"
refute_screen "Saved."
[ "$(field_value Status)" = deceased ] || fail "the refused save lost the status"
# In the future, or before the birth date: refused, the typed date kept.
set_field "Date of death" 2026-11-24
send_keys F10
wait_field_error "Date of death" "future"
[ "$(field_value "Date of death")" = 2026-11-24 ] || fail "the typed date was not kept"
set_field "Date of death" 1949-12-31
send_keys F10
wait_field_error "Date of death" "before the birth"
[ "$(field_value "Date of death")" = 1949-12-31 ] || fail "the typed date was not kept"
set_field "Date of death" 2026-11-20
send_keys F10
wait_for "Saved."
wait_gone "Edit patient"
wait_for "Demographics"

# The chart keeps everything and says so.
screen_row 1 | grep -q "deceased 2026-11-20" ||
	fail "the chart header does not say \"deceased 2026-11-20\": $(screen_row 1)"
assert_screen "1 open referral to close (patient deceased)"
chart_tab_to "Kind/domain"
screen | grep "Requested" | grep -q "to close" ||
	fail "the open referral is not flagged in the chart"
chart_tab_to "Call about rides"

# The worklist: the task and the due screening are gone, the referral flagged first.
send_keys 1
wait_for "Worklist: everyone"
wait_gone "Call about rides"
wait_counted
[ "$(section_count "Tasks due")" -eq $((tasks_before - 1)) ] ||
	fail "Tasks due went from $tasks_before to $(section_count "Tasks due"), not one fewer"
[ "$(section_count "Screenings due")" -eq $((screens_before - 1)) ] ||
	fail "Screenings due went from $screens_before to $(section_count "Screenings due")"
[ "$(section_count "Referrals overdue")" -eq $((referrals_before + 1)) ] ||
	fail "Referrals overdue went from $referrals_before to $(section_count "Referrals overdue")"
send_keys Tab
wait_for "> Referrals overdue"
first_row_under Patient | grep -qE "Zyxdead, Ana +deceased: .* to close " ||
	fail "the referral to close does not head Referrals overdue: $(first_row_under Patient)"

# The Referrals view (open referrals, by due date: ours is among the last).
send_keys 3
wait_for_re 'Patient +Partner +Kind/domain +Status +Due'
send_keys G
wait_for "Zyxdead, Ana"
screen | grep "Zyxdead, Ana" | grep -q "Requested .*to close" ||
	fail "the Referrals view does not flag the referral: $(screen | grep "Zyxdead, Ana")"

# The command line (a cron mail) says the same.
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" worklist --format csv --limit 10000 \
	>"$E2E_TMP/worklist.csv" 2>&1 || fail "careloop worklist exited $?"
grep -q '^referrals,9900071,.*close: patient deceased' "$E2E_TMP/worklist.csv" ||
	fail "careloop worklist does not flag the referral: $(grep 9900071 "$E2E_TMP/worklist.csv")"
grep -q '^tasks,9900071,' "$E2E_TMP/worklist.csv" && fail "careloop worklist lists the task"

e2e_ok
