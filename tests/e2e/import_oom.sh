#!/bin/sh
# Out of memory during `careloop import orgs` and `import screenings`, by real fault
# injection: tests/e2e/failalloc.so (LD_PRELOAD) makes SQLite's allocator fail one
# allocation of the run, for N spread over every allocation the import makes (opening the
# database included). Each run either imports every row (exit 0) or says "out of memory",
# exits 71 (EX_OSERR) and changes nothing; it never reports a bad row, and `careloop check`
# passes after every run.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

preload=$(dirname "$CARELOOP")/../tests/e2e/failalloc.so
[ -f "$preload" ] || fail "no $preload (make check builds it)"
# A sanitizer runtime wants to be loaded first; here it comes second on purpose.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

csv=$E2E_TMP/orgs.csv
printf '%s\n' 'kind,name,services,phone' \
	'community,Food Bank,food-insecurity,555-0101' \
	'specialty,Heart Clinic,cardiology,555-0102' \
	'community,Ride Rural,transportation-insecurity,' >"$csv"
template=$E2E_TMP/template.db
work=$E2E_TMP/work.db
out=$E2E_TMP/out
err=$E2E_TMP/err
"$CARELOOP" --db "$template" init >/dev/null || fail "init failed"

bad=$E2E_TMP/bad.csv
printf '%s\n' 'kind,name,services,phone,last_verified' \
	'community,Food Bank,food-insecurity,555-0101,' \
	'community,Bad Date,food-insecurity,,2026-13-40' \
	'specialty,Heart Clinic,cardiology,555-0102,' >"$bad"

# audit_rows: the audit chain's length as `check` reports it (check must pass).
audit_rows()
{
	"$CARELOOP" --db "$work" check >"$out" 2>"$err" ||
		fail "check fails after allocation $n failed: $(cat "$err")"
	sed -n 's/.*audit chain of \([0-9]*\) rows.*/\1/p' "$out"
}

# import N [FILE]: a fresh copy of the template, FILE (default the good one) imported as
# $kind with allocation N failing (-1: none).
kind=orgs
import()
{
	n=$1
	rm -f "$work" "$work-wal" "$work-shm"
	cp "$template" "$work"
	CARELOOP_TODAY=$E2E_TODAY CARELOOP_FAIL_ALLOC=$n LD_PRELOAD=$preload "$CARELOOP" \
		--db "$work" import "$kind" "${2:-$csv}" >"$out" 2>"$err"
}

# count_allocations: how many allocations a whole import of the good file makes, into
# total; it adds 3 audit rows to the template's $before.
count_allocations()
{
	CARELOOP_ALLOC_COUNT=$E2E_TMP/count import -1 || fail "import without faults: $(cat "$err")"
	total=$(cat "$E2E_TMP/count")
	[ "$total" -gt 1000 ] || fail "the import made $total allocations: is the preload working?"
	[ "$(audit_rows)" = $((before + 3)) ] ||
		fail "an import without faults wrote $(($(audit_rows) - before)) audit rows"
}

# every_fault RUNS: the good file imported about RUNS times, allocation 0, step, 2 step, …
# of $total failing: each run imports its 3 rows (exit 0) or says "out of memory" (exit
# 71) and changes nothing; never a bad row.
every_fault()
{
	step=$((total / $1 + 1))
	n=0
	while [ "$n" -lt "$total" ]; do
		import "$n"
		status=$?
		case $status in
		0)
			grep -q '3 imported' "$out" || fail "allocation $n: exit 0 but: $(cat "$out")"
			[ "$(audit_rows)" = $((before + 3)) ] ||
				fail "allocation $n: exit 0, audit rows $(audit_rows)"
			;;
		71)
			grep -q 'out of memory' "$err" || fail "allocation $n: exit 71 but: $(cat "$err")"
			[ "$(audit_rows)" = "$before" ] || fail "allocation $n: failed but wrote audit rows"
			;;
		*)
			fail "allocation $n: exit $status, expected 0 or 71 (out of memory): $(cat "$err")"
			;;
		esac
		grep -qiE 'bad|line [0-9]' "$err" &&
			fail "allocation $n: out of memory as a bad row: $(cat "$err")"
		n=$((n + step))
	done
}

before=0
count_allocations
every_fault 150

# A file with a bad row: out of memory after it is still reported (not hidden behind
# "nothing imported (1 of 3 rows bad)"), and never adds a second bad row.
n=0
while [ "$n" -lt "$total" ]; do
	import "$n" "$bad"
	status=$?
	case $status in
	65) grep -q '(1 of 3 rows bad)' "$err" || fail "allocation $n: exit 65 but: $(cat "$err")" ;;
	71) grep -q 'out of memory' "$err" || fail "allocation $n: exit 71 but: $(cat "$err")" ;;
	*) fail "allocation $n: exit $status, expected 65 or 71 (out of memory): $(cat "$err")" ;;
	esac
	[ "$(grep -c 'line [0-9]' "$err")" -le 1 ] || fail "allocation $n: more bad rows: $(cat "$err")"
	[ "$(audit_rows)" = 0 ] || fail "allocation $n: a refused import wrote audit rows"
	n=$((n + 2 * step))
done

# The same for `import screenings` (its patients from a small demo).
kind=screenings
template=$E2E_TMP/screen_template.db
make_demo 3 1 "$template"
csv=$E2E_TMP/screenings.csv
printf '%s\n' 'mrn,date,instrument,declined,q1,q2' \
	'MRN0000001,2019-03-04,ahc-hrsn,,LA31993-1,LA9-3' \
	'MRN0000002,2019-03-05,ahc-hrsn,,LA31994-9,"LA31996-4;LA28580-1"' \
	'MRN0000003,2019-03-06,ahc-hrsn,yes,,' >"$csv"
n=-1
rm -f "$work" "$work-wal" "$work-shm"
cp "$template" "$work"
before=$(audit_rows)
count_allocations
every_fault 60

e2e_ok
