#!/bin/sh
# careloop report on a crafted clinic, in each format, with figures computed by hand: the
# default period is the last full month (October 2026 on 2026-11-23), --from/--to choose
# another, --by care-manager splits the figures, and every run is in the access log.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

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

sql()
{
	sqlite3 "$DB" "$1" || fail "sqlite3: $1"
}

command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is needed (bootstrap installs it)"
run 0 init
stamp="'2026-10-01T12:00:00.000Z', '2026-10-01T12:00:00.000Z', 'test'"
# Two adults of care manager Ana, one of nobody; October: 25 and 10 minutes of reached
# calls for the first two, 5 for the third in September (another period).
sql "INSERT INTO care_manager (id, login, display_name, created_at, updated_at, updated_by)
     VALUES (X'000000000000000000000000000000c1', 'ana', 'Ana Martinez', $stamp);
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
      'outbound', 'reached', 5, $stamp);"

# ---- CSV: the header, and October's figures ----
run 0 report contacts-minutes --format csv
header='measure,from,to,care_manager,group,numerator,denominator,percent,exclusions,declined,overdue,contacts,minutes,median_days'
[ "$(head -1 "$out" | tr -d '\r')" = "$header" ] || fail "csv header: $(head -1 "$out")"
grep -q "$(printf '\r$')" "$out" || fail "csv lines do not end with CRLF (RFC 4180)"
want="contacts-minutes,2026-10-01,2026-10-31,,,1,2,50.0,0,,,2,35,
contacts-minutes,2026-10-01,2026-10-31,,2026-10,1,2,50.0,0,,,2,35,"
[ "$(tail -n +2 "$out" | tr -d '\r')" = "$want" ] || fail "csv rows: $(cat "$out")"

# Screening: both seen in October (a reached call is an encounter), neither screened.
run 0 report sdoh-screening --format csv
[ "$(sed -n 2p "$out" | tr -d '\r')" = "sdoh-screening,2026-10-01,2026-10-31,,,0,2,0.0,0,0,,,," ] ||
	fail "screening csv: $(cat "$out")"

# ---- JSON: numbers are numbers, missing figures are null ----
run 0 report contacts-minutes --from 2026-09-01 --to 2026-10-31 --format json
tr -d ' \n' <"$out" >"$E2E_TMP/json"
grep -q '"measure":"contacts-minutes","from":"2026-09-01","to":"2026-10-31","care_manager":null,"group":"","numerator":1,"denominator":3,"percent":33.3,"exclusions":0,"declined":null,"overdue":null,"contacts":3,"minutes":40,"median_days":null' "$E2E_TMP/json" ||
	fail "json whole: $(cat "$out")"
grep -q '"group":"2026-09","numerator":0,"denominator":1' "$E2E_TMP/json" || fail "json September: $(cat "$out")"
case "$(head -c 1 "$out")" in "[") ;; *) fail "json is not an array: $(cat "$out")" ;; esac
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out" || fail "invalid JSON: $(cat "$out")"
fi

# ---- the table: every measure, a block each, within 80 columns ----
run 0 report
[ "$(head -1 "$out")" = "Period 2026-10-01 to 2026-10-31, everyone" ] || fail "period: $(cat "$out")"
for key in sdoh-screening sdoh-positive connection-60 loop-closure caseload contacts-minutes tcm-contact; do
	grep -q "^$key: [A-Z]" "$out" || fail "no block for $key: $(cat "$out")"
done
long=$(awk 'length($0) > 80' "$out")
[ -z "$long" ] || fail "table lines over 80 columns: $long"
grep -q '^all  *1  *2  *50.0%  *0  *contacts 2, minutes 35$' "$out" || fail "minutes row: $(cat "$out")"
grep -q '^  high  *1  *3  *33.3%' "$out" || fail "caseload high tier: $(cat "$out")"

# ---- by care manager ----
run 0 report caseload --by care-manager --format csv
grep -q '^caseload,2026-10-01,2026-10-31,Ana Martinez,,2,2,100.0,0' "$out" || fail "by cm: $(cat "$out")"
grep -q '^caseload,2026-10-01,2026-10-31,(unassigned),,0,1,0.0,0' "$out" || fail "by cm: $(cat "$out")"

# ---- refusals: one line, nothing on stdout ----
run 64 report nope
[ ! -s "$out" ] || fail "a refused report printed: $(cat "$out")"
grep -q "unknown measure 'nope'" "$err" || fail "unknown measure: $(cat "$err")"
run 64 report --from 2026-10-01
grep -q -- "--from and --to go together" "$err" || fail "from alone: $(cat "$err")"
run 64 report --from 2026-10-31 --to 2026-10-01
grep -q "before from" "$err" || fail "to before from: $(cat "$err")"
run 64 report --from 2026-02-30 --to 2026-03-01
run 64 report --by team

# ---- the access log has each run ----
n=$(sqlite3 "$DB-access" "SELECT count(*) FROM access WHERE action = 'report' AND what = 'report'")
[ "$n" = 5 ] || fail "access log has $n report runs, not 5 (refused runs are not reports)"
e2e_ok
