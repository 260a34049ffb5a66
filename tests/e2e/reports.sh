#!/bin/sh
# The Reports view (5) on a crafted clinic: the month's measures with both numbers and the
# percentage, [ and ] move the month, c cycles the care managers, the trend's bars are
# block characters in UTF-8 and # otherwise, Enter lists a measure's gap and Enter there
# opens the chart; ? lists the keys; the gap list is recorded in the access log.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is needed (bootstrap installs it)"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" init >/dev/null 2>&1 || fail "init failed"
stamp="'2026-10-01T12:00:00.000Z', '2026-10-01T12:00:00.000Z', 'test'"
# Ana has One (25 minutes in October) and Two (10); Three has nobody and 5 minutes in
# September. October: 1 of 2 at 20 minutes; September: 0 of 1.
sqlite3 "$DB" "INSERT INTO care_manager (id, login, display_name, created_at, updated_at,
       updated_by) VALUES (X'000000000000000000000000000000c1', 'ana', 'Ana Martinez', $stamp);
     INSERT INTO patient (id, mrn, given_name, family_name, birth_date, sex, language, payer,
       risk_tier, status, care_manager_id, created_at, updated_at, updated_by) VALUES
     (X'00000000000000000000000000000001', 'M001', 'Ann', 'One', '1960-01-01', 'female', 'en',
      'medicaid', 'high', 'active', X'000000000000000000000000000000c1', $stamp),
     (X'00000000000000000000000000000002', 'M002', 'Bob', 'Two', '1970-01-01', 'male', 'en',
      'medicare', 'low', 'active', X'000000000000000000000000000000c1', $stamp),
     (X'00000000000000000000000000000003', 'M003', 'Cy', 'Three', '1980-01-01', 'male', 'en',
      'medicare', 'rising', 'active', NULL, $stamp);
     INSERT INTO contact (id, patient_id, occurred_at, mode, direction, outcome, minutes,
       created_at, updated_at, updated_by) VALUES
     (randomblob(16), X'00000000000000000000000000000001', '2026-10-05T10:00', 'phone',
      'outbound', 'reached', 25, $stamp),
     (randomblob(16), X'00000000000000000000000000000002', '2026-10-06T10:00', 'phone',
      'outbound', 'reached', 10, $stamp),
     (randomblob(16), X'00000000000000000000000000000003', '2026-09-06T10:00', 'phone',
      'outbound', 'reached', 5, $stamp);" || fail "sqlite3 failed"

start_app
wait_for "Tasks due"
send_keys 5
wait_for "Reports: Oct 2026 (2026-10-01 to 2026-10-31)  everyone"
assert_screen "[5 Reports]"
# Each measure with its numerator, denominator and percentage (computed after the draw).
wait_for_re "At CCM minutes +1 +2 +50\.0 +0 +contacts 2, min 35"
wait_for_re "SDOH screening +0 +2 +0\.0 +0 +declined 0"
wait_for_re "Caseload +2 +3 +66\.7 +0"
wait_for_re "TCM contact in 2 days +0 +0 +- +0"

# [ and ]: September, then October again.
send_keys '['
wait_for "Reports: Sep 2026 (2026-09-01 to 2026-09-30)"
wait_for_re "At CCM minutes +0 +1 +0\.0"
send_keys ']'
wait_for "Reports: Oct 2026"
wait_for_re "At CCM minutes +1 +2 +50\.0"

# c: Ana's patients only, then each other care manager (the OS user running the test is
# one, without patients), then everyone again.
send_keys c
wait_for "Reports: Oct 2026 (2026-10-01 to 2026-10-31)  Ana Martinez"
wait_for_re "Caseload +2 +2 +100\.0"
i=0
until screen | grep -qF "Oct 2026 (2026-10-01 to 2026-10-31)  everyone"; do
	i=$((i + 1))
	[ $i -le 3 ] || fail "c did not come back to everyone"
	send_keys c
	sleep 0.2
done

# The trend of the selected measure: October (50%) is 4 full rows of 8, 3 columns wide, under UTF-8.
send_keys j j j j j
wait_for "At CCM minutes, % by month (12 months to Oct 2026)"
wait_for "[Oct]"
wait_for_re "^ +0% .*███\$"
screen | grep -q '#' && fail "a # bar under UTF-8"

# Enter: the gap (under the minutes), Enter: the chart.
send_keys Enter
wait_for "Under the CCM minutes: 1, Oct 2026, everyone"
wait_for "Two, Bob"
assert_screen "10 min"
assert_screen "Last contact"
refute_screen "One, Ann"
send_keys Enter
wait_for "TWO, Bob"
send_keys q
wait_for "Under the CCM minutes"
send_keys q
wait_for "Reports: Oct 2026"
n=$(sqlite3 "$DB-access" "SELECT count(*) FROM access WHERE what = 'report-gap'")
[ "$n" = 1 ] || fail "the gap list is $n times in the access log, not once"

# A measure without a gap list says so.
send_keys k k k k
send_keys Enter
wait_for "Screen positive has no list of patients."

# ? lists the view's keys.
send_keys '?'
wait_for "Help: Reports"
assert_screen "the month before"
assert_screen "everyone, then each care manager in turn"
assert_screen "list the patients in the measure's gap"
send_keys q
wait_for "Reports: Oct 2026"
send_keys q
wait_for "[careloop exited 0]"

# Without UTF-8 the bars are #.
E2E_ENV="LC_ALL=C" start_app -s ascii
wait_for "Tasks due"
send_keys 5
wait_for "Reports: Oct 2026"
send_keys j j j j j
wait_for_re "^ +0% .*###\$"
refute_screen "█"
e2e_ok
