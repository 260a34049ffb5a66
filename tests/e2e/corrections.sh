#!/bin/sh
# Corrections from the chart: O reopens a done task (why, then y/n); in Screenings, Enter
# shows a screening's answers question by question, E marks it entered in error (why from
# a menu, then y/n): it stays, struck through, and the screening rate of the Reports view
# (5) and of careloop report drops; E in Contacts marks a contact the same way.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is needed (bootstrap installs it)"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" init >/dev/null 2>&1 || fail "init failed"
out=$E2E_TMP/out
err=$E2E_TMP/err
run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err" </dev/null
	_got=$?
	[ "$_got" = "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")"
}
stamp="'2026-10-01T12:00:00.000Z', '2026-10-01T12:00:00.000Z', 'test'"
P1="X'00000000000000000000000000000001'"
S1="X'00000000000000000000000000000051'"
# One, Ann: reached on 10-05 and screened that day in every domain (negative), the first
# question answered "I have a steady place to live"; a task done on 10-06.
sqlite3 "$DB" "INSERT INTO patient (id, mrn, given_name, family_name, birth_date, sex,
       language, payer, risk_tier, status, created_at, updated_at, updated_by) VALUES
     ($P1, 'M001', 'Ann', 'One', '1960-01-01', 'female', 'en', 'medicaid', 'high', 'active',
      $stamp);
     INSERT INTO contact (id, patient_id, occurred_at, mode, direction, outcome, minutes,
       created_at, updated_at, updated_by) VALUES
     (randomblob(16), $P1, '2026-10-05T10:00', 'phone', 'outbound', 'reached', 25, $stamp);
     INSERT INTO screening (id, patient_id, instrument_id, screened_on, status, created_at,
       updated_at, updated_by) VALUES ($S1, $P1,
       (SELECT id FROM instrument WHERE code = 'ahc-hrsn'), '2026-10-05', 'completed', $stamp);
     INSERT INTO screening_result (screening_id, domain_id, result)
       SELECT $S1, id, 'negative' FROM screening_domain;
     INSERT INTO screening_answer (screening_id, question_id, answer_option_id)
       SELECT $S1, q.id, o.id FROM question q JOIN answer_option o ON o.question_id = q.id
       WHERE q.ordinal = 1 AND o.ordinal = 1;
     UPDATE screening_status SET last_on = '2026-10-05', last_id = $S1, scored_id = $S1;
     INSERT INTO task (id, patient_id, title, due_date, status, closed_at, closed_by,
       created_at, updated_at, updated_by) VALUES (randomblob(16), $P1, 'Call the food bank',
       '2026-10-06', 'done', '2026-10-06T15:00:00.000Z', 'test', $stamp);" ||
	fail "sqlite3 failed"

run 0 report sdoh-screening --format csv
[ "$(sed -n 2p "$out" | tr -d '\r')" = "sdoh-screening,2026-10-01,2026-10-31,,,1,1,100.0,0,0,,,," ] ||
	fail "screening csv before: $(cat "$out")"

# Press Tab until TEXT shows (the chart's sections come round in a cycle).
to_section()
{
	_n=0
	until screen | grep -qF -- "$1"; do
		_n=$((_n + 1))
		[ "$_n" -le 12 ] || fail "Tab never reached the section showing \"$1\""
		send_keys Tab
		sleep 0.1
	done
}

open_list
wait_for "One, Ann"
send_keys Enter
wait_for "ONE, Ann"

# Tasks: the done task; O asks why, then y/n; y reopens it.
to_section "Assigned to"
wait_for_re "Call the food bank .* done 2026-10-06"
send_keys O
wait_for "Why reopen it?"
type_text "done by mistake"
send_keys Enter
wait_for 'Reopen "Call the food bank"? (y/n)'
send_keys y
wait_for "Task reopened."
wait_for_re "2026-10-06 +Call the food bank .* overdue"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM correction WHERE action = 'reopen'
      AND reason = 'done by mistake'")" = 1 ] || fail "no correction row for the reopen"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE entity = 'task' AND action = 'update'")" = 1 ] ||
	fail "the reopen is not audited"

# Screenings: Enter shows the answers, question by question.
to_section "Last screened 2026-10-05"
wait_for_re "2026-10-05 .* completed +all negative"
send_keys Enter
wait_for "AHC Health-Related Social Needs Screening Tool, 2026-10-05, completed"
wait_for "1. What is your living situation today?"
wait_for "Answer: I have a steady place to live"
assert_screen "not asked"
send_keys q
wait_for "Last screened 2026-10-05"

# E: why (a menu), then y/n; n keeps it, y marks it; it stays, struck through.
send_keys E
wait_for "Entered in error: why?"
send_keys j Enter
wait_for "Mark screening 2026-10-05 entered in error? (y/n)"
send_keys n
wait_gone "(y/n)"
assert_screen "all negative"
send_keys E
wait_for "Entered in error: why?"
send_keys j Enter
wait_for "(y/n)"
send_keys y
wait_for "Marked entered in error (wrong date)"
wait_for_re "2026-10-05 .* entered-… +✗ entered in error: wrong date"
wait_for "Never screened: due now."

# The screening rate drops: 0 of 1 in the Reports view and in careloop report.
send_keys 5
wait_for "Reports: Oct 2026"
wait_for_re "SDOH screening +0 +1 +0\.0"
run 0 report sdoh-screening --format csv
[ "$(sed -n 2p "$out" | tr -d '\r')" = "sdoh-screening,2026-10-01,2026-10-31,,,0,1,0.0,0,0,,,," ] ||
	fail "screening csv after: $(cat "$out")"

# Contacts: E marks the call; the month's minutes and the rate's denominator leave it.
send_keys 2
wait_for "One, Ann"
send_keys Enter
wait_for "ONE, Ann"
to_section "Minutes this month"
wait_for_re "2026-10-05 10:00 +phone"
send_keys E
wait_for "Entered in error: why?"
send_keys Enter
wait_for "Mark phone contact 2026-10-05 entered in error? (y/n)"
send_keys y
wait_for_re "2026-10-05 10:00 +phone +out +✗ in error +25 +wrong patient"
run 0 report sdoh-screening --format csv
[ "$(sed -n 2p "$out" | tr -d '\r')" = "sdoh-screening,2026-10-01,2026-10-31,,,0,0,,0,0,,,," ] ||
	fail "screening csv after the contact: $(cat "$out")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM contact")" = 1 ] || fail "the contact is gone"

# Help lists the keys.
send_keys "?"
wait_for "Help: Chart"
assert_screen "mark the selected contact entered in error"
send_keys q
e2e_ok
