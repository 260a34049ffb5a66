#!/bin/sh
# careloop worklist and careloop minutes: formats, counts, usage errors (sysexits), and
# nothing on stdout when the command fails.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err

run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err"
	_got=$?
	[ "$_got" = "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")"
}

# No database yet: 66 (EX_NOINPUT), nothing on stdout.
run 66 worklist
[ -s "$out" ] && fail "worklist without a database printed: $(cat "$out")"

CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" init >/dev/null || fail "init failed"

# An empty clinic: each available section counted 0, then the header line.
run 0 worklist
grep -qE '^Tasks due +0$' "$out" || fail "worklist table lacks 'Tasks due 0': $(cat "$out")"
grep -qE '^Not reached +0$' "$out" || fail "worklist table lacks 'Not reached 0': $(cat "$out")"
grep -qE '^Referrals overdue +0$' "$out" ||
	fail "worklist table lacks 'Referrals overdue 0': $(cat "$out")"
grep -qE '^Screenings due +0$' "$out" || fail "worklist table lacks 'Screenings due 0': $(cat "$out")"
grep -qE '^Discharged: contact due +0$' "$out" ||
	fail "worklist table lacks 'Discharged: contact due 0': $(cat "$out")"
grep -qE '^ED visit: follow up +0$' "$out" ||
	fail "worklist table lacks 'ED visit: follow up 0': $(cat "$out")"
grep -qE '^Positive: connect +0$' "$out" ||
	fail "worklist table lacks 'Positive: connect 0': $(cat "$out")"
grep -qE '^section +mrn +patient +risk +care_manager +what +date +days' "$out" ||
	fail "worklist table header: $(cat "$out")"
run 0 worklist --mine --format csv
[ "$(tr -d "\r" <"$out")" = "section,mrn,patient,risk,care_manager,what,date,days" ] ||
	fail "worklist csv of an empty clinic: $(cat "$out")"
run 0 worklist --format json
# An object: each section's count (a JSON number), then the rows.
[ "$(tr -d ' \n' <"$out")" = '{"sections":[{"section":"tasks","title":"Tasksdue","count":0,"capped":false},{"section":"referrals","title":"Referralsoverdue","count":0,"capped":false},{"section":"screenings","title":"Screeningsdue","count":0,"capped":false},{"section":"not-reached","title":"Notreached","count":0,"capped":false},{"section":"discharged","title":"Discharged:contactdue","count":0,"capped":false},{"section":"ed-visits","title":"EDvisit:followup","count":0,"capped":false},{"section":"positives","title":"Positive:connect","count":0,"capped":false},{"section":"urgent","title":"Urgent:sameday","count":0,"capped":false},{"section":"chronic","title":"Chronic:notcontrolled","count":0,"capped":false}],"rows":[]}' ] ||
	fail "worklist json of an empty clinic: $(cat "$out")"

# Usage errors: 64, a message, nothing on stdout.
for args in "worklist --format xml" "worklist --limit 0" "worklist --limit" "worklist --bogus" \
	"minutes" "minutes --month" "minutes --month 2026-13" "minutes --month 2026-1" \
	"minutes --month 2026-11 --format yaml"; do
	# shellcheck disable=SC2086
	run 64 $args
	[ -s "$out" ] && fail "careloop $args printed on stdout: $(cat "$out")"
	[ -s "$err" ] || fail "careloop $args gave no message"
done
grep -q 'minutes' "$err" || fail "the minutes error does not name the command: $(cat "$err")"

# A month without contacts: a header, or an empty JSON array.
run 0 minutes --month 2026-11 --format csv
[ "$(tr -d "\r" <"$out")" = "mrn,patient,care_manager,contacts,minutes,meets_threshold,no_consent" ] ||
	fail "minutes csv of an empty month: $(cat "$out")"
run 0 minutes --month 2026-11 --format json
[ "$(tr -d ' \n' <"$out")" = "[]" ] || fail "minutes json of an empty month: $(cat "$out")"
run 0 minutes --month 2026-11
grep -q 'meets_threshold: 20 minutes or more in 2026-11' "$out" ||
	fail "minutes table does not state the threshold: $(cat "$out")"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" config ccm_minutes 30 >/dev/null ||
	fail "config ccm_minutes 30 failed"
run 0 minutes --month 2026-11
grep -q 'meets_threshold: 30 minutes' "$out" || fail "the threshold is not the setting: $(cat "$out")"

# On a demo clinic every CSV row has the eight columns, and --limit bounds each section.
make_demo 300 7
run 0 worklist --format csv --limit 3
rows=$(($(wc -l <"$out") - 1))
[ "$rows" -le 24 ] || fail "worklist --limit 3 printed $rows rows for eight sections"
for sec in referrals screenings positives chronic; do
	grep -q "^$sec," "$out" || fail "worklist csv of a demo clinic has no $sec rows: $(cat "$out")"
done
awk -F, 'NR > 1 && $1 !~ /^(tasks|referrals|screenings|not-reached|discharged|ed-visits|positives|urgent|chronic)$/ { bad = 1 } END { exit bad }' \
	"$out" || fail "a worklist row has an unknown section: $(cat "$out")"
run 0 minutes --month 2026-11 --format csv

e2e_ok
