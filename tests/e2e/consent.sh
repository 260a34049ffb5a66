#!/bin/sh
# Consent to care management: the chart header says "No CM consent" until K records it
# (verbal or written, the day); careloop consent records, shows and withdraws it (an
# unknown MRN never echoed); careloop minutes flags the minutes logged without consent.
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
sqlite3 "$DB" "INSERT INTO patient (id, mrn, given_name, family_name, birth_date, sex,
       language, payer, risk_tier, status, created_at, updated_at, updated_by) VALUES
     (X'00000000000000000000000000000001', 'M001', 'Ann', 'One', '1960-01-01', 'female', 'en',
      'medicaid', 'high', 'active', $stamp),
     (X'00000000000000000000000000000002', 'M002', 'Bob', 'Two', '1970-01-01', 'male', 'en',
      'medicare', 'low', 'active', $stamp);
     INSERT INTO contact (id, patient_id, occurred_at, mode, direction, outcome, minutes,
       created_at, updated_at, updated_by) VALUES
     (randomblob(16), X'00000000000000000000000000000001', '2026-11-02T10:00', 'phone',
      'outbound', 'reached', 15, $stamp),
     (randomblob(16), X'00000000000000000000000000000001', '2026-11-12T10:00', 'phone',
      'outbound', 'reached', 25, $stamp),
     (randomblob(16), X'00000000000000000000000000000002', '2026-11-03T10:00', 'phone',
      'outbound', 'reached', 20, $stamp);" || fail "sqlite3 failed"

# The command: shows none, records, refuses twice, withdraws; bad input exits 64/65/66.
run 0 consent M001
grep -q "No consent to care management recorded." "$out" || fail "consent show: $(cat "$out")"
run 0 consent M001 --written --date 2026-11-10
grep -q "Consent recorded: written, given 2026-11-10." "$out" || fail "consent: $(cat "$out")"
run 65 consent M001 --verbal
run 65 consent M002 --verbal --date 2026-11-24
run 64 consent M002 --verbal --withdraw
run 64 consent M002 --date 2026-11-01
run 66 consent NOSUCH --verbal
grep -q NOSUCH "$err" && fail "the unknown MRN is echoed: $(cat "$err")"
run 0 consent M001
grep -q "Consent to care management: written, given 2026-11-10" "$out" || fail "show: $(cat "$out")"

# minutes: One's 15 minutes on 11-02 came before the consent, Two has none: 2 patients, 35.
run 0 minutes --month 2026-11 --format csv
[ "$(sed -n 2p "$out" | tr -d '\r')" = "M001,\"One, Ann\",,2,40,yes,15" ] ||
	fail "minutes csv: $(cat "$out")"
[ "$(sed -n 3p "$out" | tr -d '\r')" = "M002,\"Two, Bob\",,1,20,yes,20" ] ||
	fail "minutes csv: $(cat "$out")"
run 0 minutes --month 2026-11
grep -q "no_consent: .*: 2 patients, 35 minutes (not billable)" "$out" ||
	fail "minutes table: $(cat "$out")"

# The patient's people and the best time and way to reach them: Two, high risk and never
# reached, is an outreach row of the worklist with them; the chart shows the guardian.
sqlite3 "$DB" "UPDATE patient SET risk_tier = 'high', contact_time = 'morning',
       contact_method = 'text', guardian_name = 'Cleo Two', guardian_relation = 'daughter',
       guardian_phone = '(555) 010-2000', guardian_share = 1, last_reached_at = ''
     WHERE mrn = 'M002'; DELETE FROM contact WHERE minutes = 20;" || fail "sqlite3 failed"
run 0 worklist --format csv
grep -q '^not-reached,M002,"Two, Bob",high,,"morning, text",' "$out" ||
	fail "the outreach row has no best time and way: $(cat "$out")"

# The chart: Two has none: the header says so; K, written, Enter for today: it is gone.
open_list
wait_for "Two, Bob"
send_keys j
send_keys Enter
wait_for "TWO, Bob"
wait_for "No CM consent"
wait_for_re "CM consent +none recorded"
wait_for_re "Best time, way +morning, text"
wait_for_re "Guardian +Cleo Two \(daughter\)  \(555\) 010-2000  may share"
send_keys K
wait_for "Consent to care management: how?"
send_keys j Enter
wait_for "Given on (Enter for today):"
send_keys Enter
wait_for "Consent recorded: written, given 2026-11-23."
wait_gone "No CM consent"
wait_for_re "CM consent +written, given 2026-11-23, recorded by"
# K again withdraws it, after y/n.
send_keys K
wait_for "Consent withdrawn on (Enter for today):"
send_keys Enter
wait_for "Withdraw the consent to care management? (y/n)"
send_keys y
wait_for "Consent to care management withdrawn."
wait_for "No CM consent"
wait_for_re "CM consent +withdrawn 2026-11-23"
send_keys q
e2e_ok
