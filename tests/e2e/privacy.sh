#!/bin/sh
# Safety stays in the patient's own chart: in the interface's Worklist and Referrals views
# (lists over patients) a safety referral reads "private referral" with no domain and no
# partner, a task of a safety goal "private follow-up" without its title; the patient's
# chart still shows them whole.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is needed (bootstrap installs it)"
make_demo 300 7

# The demo's safety referral, open and overdue since 2020 (it heads every overdue list);
# an open task of a goal made a safety goal, overdue since 2020 too.
sqlite3 "$DB" "UPDATE referral SET status = 'requested', due_date = '2020-01-01'
               WHERE service = 'intimate-partner-violence';
               UPDATE task SET title = 'Plan a safe exit with the shelter', due_date = '2020-01-02'
               WHERE id = (SELECT id FROM task WHERE status = 'open' AND goal_id IS NOT NULL
                           ORDER BY due_date LIMIT 1);
               UPDATE goal SET domain = 'intimate-partner-violence'
               WHERE id = (SELECT goal_id FROM task WHERE due_date = '2020-01-02');" ||
	fail "sqlite3 could not set the scene"
partner=$(sqlite3 "$DB" "SELECT o.name FROM referral r JOIN organization o ON o.id = r.organization_id
                         WHERE r.service = 'intimate-partner-violence' LIMIT 1")
[ -n "$partner" ] || fail "the demo has no safety referral"

start_app
wait_for "Worklist: everyone"
wait_for "private follow-up"
refute_screen "safe exit"
send_keys Tab
wait_for "> Referrals overdue"
wait_for "private referral"
for word in "$partner" "Interpersonal safety" "ntimate" "violence"; do
	refute_screen "$word"
done

# The Referrals view: the overdue safety referral first, private, no partner.
send_keys 3
wait_for "private referral"
for word in "$partner" "Interpersonal safety" "ntimate" "violence"; do
	refute_screen "$word"
done

e2e_ok
