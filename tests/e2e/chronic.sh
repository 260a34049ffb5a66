#!/bin/sh
# The chronic conditions registry on a crafted clinic: `careloop import conditions` and
# `careloop import results` (a bad row named by line and column with nothing kept, a dry
# run, the same file twice adds nothing, an unknown MRN counted, never named); Reports
# (October 2026, the measurement year 2026-01-01 .. 2026-10-31) shows the blood-pressure and
# A1c measures with both numbers and the A1c poor-control gap list; in the chart, the
# Conditions section shows the last BP and A1c (the header notes them uncontrolled), `b`
# records a blood pressure (a bad value refused at its field, the input kept) and the
# blood-pressure gap closes in Reports.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is needed (bootstrap installs it)"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" init >/dev/null 2>&1 || fail "init failed"
stamp="'2026-10-01T12:00:00.000Z', '2026-10-01T12:00:00.000Z', 'test'"
sqlite3 "$DB" "INSERT INTO patient (id, mrn, given_name, family_name, birth_date, sex, language,
       payer, risk_tier, status, created_at, updated_at, updated_by) VALUES
     (X'00000000000000000000000000000001', 'M001', 'Ann', 'One', '1960-01-01', 'female', 'en',
      'medicaid', 'low', 'active', $stamp),
     (X'00000000000000000000000000000002', 'M002', 'Bob', 'Two', '1970-01-01', 'male', 'en',
      'medicare', 'low', 'active', $stamp),
     (X'00000000000000000000000000000003', 'M003', 'Cy', 'Three', '1980-01-01', 'male', 'en',
      'medicare', 'low', 'active', $stamp);" || fail "sqlite3 failed"

run()
{
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
}

# Conditions from the EHR's problem list: ICD-10-CM and SNOMED CT.
cat >"$E2E_TMP/conditions.csv" <<'CSV'
MRN,Code,Code system,Onset date
M001,E11.9,ICD-10-CM,2019-04-02
M001,38341003,SNOMED CT,
M002,E11.65,,
M003,I10,,2021-01-15
CSV
run import conditions "$E2E_TMP/conditions.csv" || fail "conditions: $(cat "$E2E_TMP/err")"
grep -qF "conditions: 4 rows: 4 added, 0 already imported, 0 unmatched (no patient with that MRN), 0 rejected" \
	"$E2E_TMP/out" || fail "conditions said: $(cat "$E2E_TMP/out")"

# A1c and blood pressure results; the bad file first: nothing is kept.
cat >"$E2E_TMP/bad.csv" <<'CSV'
MRN,Date,LOINC code,Value,Unit
M001,2026-10-05,4548-4,10.4,%
M002,2026-09-12,4548-4,72,%
CSV
run import results "$E2E_TMP/bad.csv"
[ $? = 65 ] || fail "a bad row did not exit 65"
grep -qF "line 3, column D (value): must be from 3.0 to 20.0 (%)" "$E2E_TMP/err" ||
	fail "the bad cell is not named: $(cat "$E2E_TMP/err")"
grep -qF "nothing imported" "$E2E_TMP/err" || fail "no 'nothing imported': $(cat "$E2E_TMP/err")"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM observation')" = 0 ] || fail "the bad file kept rows"

cat >"$E2E_TMP/results.csv" <<'CSV'
MRN,Date,LOINC code,Value,Unit
M001,2026-10-05,4548-4,10.4,%
M002,2026-09-12,4548-4,7.2,%
M001,2026-10-05,8480-6,152,mm[Hg]
M001,2026-10-05,8462-4,96,mm[Hg]
M003,2026-06-01,8480-6,128,mmHg
M003,2026-06-01,8462-4,80,mmHg
M999,2026-10-05,4548-4,8.0,%
CSV
run import results "$E2E_TMP/results.csv" --dry-run || fail "dry run: $(cat "$E2E_TMP/err")"
grep -qF "6 would be added (dry run)" "$E2E_TMP/out" || fail "dry run said: $(cat "$E2E_TMP/out")"
run import results "$E2E_TMP/results.csv" || fail "results: $(cat "$E2E_TMP/err")"
grep -qF "results: 7 rows: 6 added, 0 already imported, 1 unmatched (no patient with that MRN), 0 rejected" \
	"$E2E_TMP/out" || fail "results said: $(cat "$E2E_TMP/out")"
grep -q "M999" "$E2E_TMP/out" "$E2E_TMP/err" && fail "the unknown MRN is named"
run import results "$E2E_TMP/results.csv" || fail "again: $(cat "$E2E_TMP/err")"
grep -qF "0 added, 6 already imported" "$E2E_TMP/out" || fail "again said: $(cat "$E2E_TMP/out")"
grep -qF "Nothing new" "$E2E_TMP/out" || fail "again, it does not say nothing is new"

# careloop report: both numbers.
run report a1c-poor --from 2026-10-01 --to 2026-10-31 || fail "report: $(cat "$E2E_TMP/err")"
grep -qE "^all +1 +2 +50\.0%" "$E2E_TMP/out" || fail "report a1c-poor: $(cat "$E2E_TMP/out")"

# Reports: October 2026.
start_app
wait_for "Tasks due"
send_keys 5
wait_for "Reports: Oct 2026 (2026-10-01 to 2026-10-31)  everyone"
wait_for_re "BP controlled +1 +2 +50\.0 +0"
wait_for_re "A1c > 9% \(inverse\) +1 +2 +50\.0 +0"
wait_for_re "BP/A1c this year +3 +3 +100\.0 +0"
# The A1c gap list: Ann, not Bob.
until selected_row | grep -q "A1c > 9%"; do
	i=$((${i:-0} + 1))
	[ "$i" -le 12 ] || fail "no A1c measure to select"
	send_keys j
	sleep 0.1
done
send_keys Enter
wait_for "A1c poor control or missing: 1, Oct 2026, everyone"
wait_for "One, Ann"
assert_screen "last A1c 10.4%"
assert_screen "Last A1c"
refute_screen "Two, Bob"

# The chart from the gap list: Conditions is next to last (Audit, shown to the owner, the
# bootstrap supervisor, is last).
send_keys Enter
wait_for "ONE, Ann"
wait_for "Uncontrolled: BP 152/96, A1c 10.4%"
send_keys BTab BTab
wait_for "Last BP: 152/96 on 2026-10-05 (140/90 or over)"
assert_screen "Last A1c: 10.4% on 2026-10-05 (over 9%)"
wait_for_re "Diabetes +active +2019-04-02 +ICD-10 E11.9"
wait_for_re "Hypertension +active +- +SNOMED 38341003"
send_keys "?"
wait_for "Help: Chart"
for pair in "a|add a chronic condition" "b|record a blood pressure and/or an A1c"; do
	key=${pair%%|*} words=${pair#*|}
	screen | grep -qE "^ +$key(, [^ ]+)* +$words" || fail "help does not say \"$words\" for $key"
done
send_keys q
wait_for "Last BP:"

# b: a bad systolic is refused at its field, the input kept; then the BP is recorded.
send_keys b
wait_for "Record blood pressure or A1c"
set_field Date 2026-10-20
set_field "Systolic (mmHg)" 400
set_field "Diastolic (mmHg)" 78
send_keys F10
wait_field_error "Systolic (mmHg)" "must be from 60 to 300"
[ "$(field_value "Diastolic (mmHg)")" = 78 ] || fail "the diastolic typed was lost"
set_field "Systolic (mmHg)" 128
send_keys F10
wait_for "Results recorded."
wait_for "Last BP: 128/78 on 2026-10-20"
wait_for "Uncontrolled: A1c 10.4%"
refute_screen "BP 152/96"

# Back in Reports the blood-pressure gap is closed.
send_keys q
wait_for "A1c poor control or missing"
send_keys q
wait_for "Reports: Oct 2026"
wait_for_re "BP controlled +2 +2 +100\.0 +0"
e2e_ok
