#!/bin/sh
# What the report commands print, through the real binary: hostile text from the database
# or a CSV header is inert in tables, CSV (formula guard too), JSON and on stderr; safety
# stays out of every list over patients; a refused command prints nothing on stdout; a bad
# option is one line and "see --help"; worklist JSON has numbers and counts; referral list
# combines --overdue and --status; screening list --patient - reads the MRN from stdin.
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

# hex TEXT: TEXT as the hex digits of an SQL blob literal.
hex()
{
	printf '%s' "$1" | od -An -tx1 | tr -d ' \n'
}

esc=$(printf '\033')
bel=$(printf '\007')
del=$(printf '\177')
csi=$(printf '\302\233')    # U+009B, the C1 CSI
rlo=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
fffd=$(printf '\357\277\275')

# raw FILE: true when FILE holds any of the bytes a terminal or a viewer would act on.
raw()
{
	LC_ALL=C grep -q -e "$esc" -e "$bel" -e "$del" -e "$csi" -e "$rlo" "$1"
}

command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is needed (bootstrap installs it)"
make_demo 300 7

# ---- hostile text ----
# The patient of the most overdue task and of the oldest overdue referral get a name that
# is a spreadsheet formula and carries an OSC title sequence, C1 CSI, DEL and RLO; the
# partner of that referral too.
evil="=cmd|' /C calc'!A0${esc}]0;pwned${bel}${csi}31m${del}${rlo}gpj.exe"
today=$E2E_TODAY
sql "UPDATE patient SET family_name = CAST(X'$(hex "$evil")' AS TEXT)
     WHERE id IN (SELECT patient_id FROM task WHERE status = 'open' AND due_date <= '$today'
                  ORDER BY due_date LIMIT 1)
        OR id IN (SELECT patient_id FROM referral WHERE due_date < '$today'
                  AND status IN ('requested', 'accepted', 'in-progress', 'on-hold')
                  ORDER BY due_date LIMIT 1);
     UPDATE organization SET name = CAST(X'$(hex "Evil$rlo Pantry$esc[2J")' AS TEXT)
     WHERE id IN (SELECT organization_id FROM referral WHERE due_date < '$today'
                  AND status IN ('requested', 'accepted', 'in-progress', 'on-hold')
                  ORDER BY due_date LIMIT 1);"

for cmd in "worklist" "referral list --all"; do
	for format in table csv json; do
		# shellcheck disable=SC2086
		run 0 $cmd --format "$format"
		raw "$out" && fail "careloop $cmd --format $format printed raw control bytes"
		grep -qF "$fffd" "$out" || [ "$format" = json ] ||
			fail "careloop $cmd --format $format: no U+FFFD for the hostile name"
		[ -s "$err" ] && fail "careloop $cmd --format $format wrote on stderr: $(cat "$err")"
	done
done
# CSV: the formula is guarded with a leading ', the rest is RFC 4180.
run 0 worklist --format csv
grep -qF "\"'=cmd|' /C calc'!A0" "$out" || fail "no formula guard in the worklist CSV: $(cat "$out")"
grep -qF ',=cmd' "$out" && fail "a cell starts with = in the worklist CSV"
run 0 referral list --all --format csv
grep -qF "'=cmd" "$out" || fail "no formula guard in the referral CSV"
# JSON: controls escaped, the override replaced.
run 0 worklist --format json
grep -qF '\u001b]0;pwned\u0007\u009b31m\u007f' "$out" ||
	fail "worklist JSON does not escape the controls: $(grep -F pwned "$out")"
grep -qF "\\u009b31m\\u007f${fffd}gpj.exe" "$out" || fail "worklist JSON keeps the RLO: $(grep -F pwned "$out")"

# A hostile CSV header cell is named in the import's error, inert.
printf 'mrn,date,instrument,\033]0;pwned\007\302\233\n' >"$E2E_TMP/hostile.csv"
run 65 import screenings "$E2E_TMP/hostile.csv"
raw "$err" && fail "the import error echoed raw control bytes: $(od -c "$err" | head)"
grep -qF "${fffd}]0;pwned${fffd}" "$err" || fail "the import error does not show the cell inert: $(cat "$err")"

# ---- privacy: safety stays in the patient's chart ----
# The demo's safety referral made open and overdue, and an overdue task made part of a
# safety goal: both in the worklist, neither named.
task=$(sql "SELECT hex(id) FROM task WHERE status = 'open' AND due_date <= '$today'
            AND goal_id IS NOT NULL ORDER BY due_date DESC LIMIT 1")
[ -n "$task" ] || fail "the demo has no overdue task of a goal"
task_title="Plan a safe exit with the shelter"
sql "UPDATE referral SET status = 'requested', due_date = '2026-10-01'
     WHERE service = 'intimate-partner-violence';
     UPDATE task SET title = '$task_title' WHERE id = X'$task';
     UPDATE goal SET domain = 'intimate-partner-violence'
     WHERE id = (SELECT goal_id FROM task WHERE id = X'$task');"
[ "$(sql "SELECT count(*) FROM referral WHERE service = 'intimate-partner-violence'")" -gt 0 ] ||
	fail "the demo has no safety referral"
partners=$(sql "SELECT DISTINCT o.name FROM referral r JOIN organization o ON o.id = r.organization_id
                WHERE r.service = 'intimate-partner-violence'")
for cmd in "worklist --limit 10000" "referral list" "referral list --all" "referral list --overdue"; do
	for format in table csv json; do
		# shellcheck disable=SC2086
		run 0 $cmd --format "$format"
		grep -qiE 'intimate|violence|safety' "$out" &&
			fail "careloop $cmd --format $format names the safety domain"
		if echo "$partners" | grep -v '^$' | grep -qFf - "$out"; then
			fail "careloop $cmd --format $format names the safety partner"
		fi
		grep -qF "private referral" "$out" ||
			fail "careloop $cmd --format $format has no private referral row"
	done
done
run 0 worklist --format csv --limit 10000
grep -qF "private follow-up" "$out" || fail "the safety task does not read private follow-up"
grep -qF "$task_title" "$out" && fail "the worklist shows the safety task's title"
run 0 referral list --format csv
grep -q '^[^,]*,[^,]*,requested,[^,]*,community,private referral,,' "$out" ||
	fail "the private referral row has a service or a partner: $(grep private "$out")"

# ---- refused commands print nothing on stdout; bad options are one line ----
for format in table csv json; do
	run 65 screening list --positive safety --format "$format"
	[ -s "$out" ] && fail "a refused safety list printed on stdout ($format): $(cat "$out")"
	run 64 screening list --positive fod --format "$format"
	[ -s "$out" ] && fail "a mistyped domain printed on stdout ($format): $(cat "$out")"
done
grep -q "unknown domain 'fod' (valid: housing, housing-quality, food, transportation, utilities)" "$err" ||
	fail "the mistyped domain does not name the valid ones: $(cat "$err")"
grep -q "safety" "$err" && fail "the valid domains name safety: $(cat "$err")"
# Every spelling of a domain is the same list.
run 0 screening list --positive food --format csv --limit 0
cp "$out" "$E2E_TMP/food.csv"
[ "$(wc -l <"$out")" -gt 1 ] || fail "nobody is positive for food in the demo"
for spelling in food-insecurity "Food insecurity" FOOD; do
	run 0 screening list --positive "$spelling" --format csv --limit 0
	cmp -s "$out" "$E2E_TMP/food.csv" || fail "--positive '$spelling' lists other patients than food"
done

for args in "worklist --bogus" "worklist --limit 0" "minutes --bogus" "minutes" \
	"referral list --bogus" "referral bogus" "referral list --status bogus" \
	"referral list --overdue --all" "referral list --all --status requested" \
	"referral list --status requested --status accepted" \
	"referral list --overdue --status completed" "screening list --bogus x" \
	"screening due --bogus x" "screening list" "screening bogus" "import orgs x.csv --bogus" \
	"import bogus x.csv" "config a b c" "init --bogus" "demo --bogus 1" "check --bogus" \
	"--bogus" "bogus"; do
	# shellcheck disable=SC2086
	run 64 $args
	[ -s "$out" ] && fail "careloop $args printed on stdout: $(cat "$out")"
	[ "$(wc -l <"$err")" -eq 1 ] || fail "careloop $args printed $(wc -l <"$err") lines: $(cat "$err")"
	grep -q -- "--help'$" "$err" || fail "careloop $args does not point to --help: $(cat "$err")"
done
run 64 referral list --status bogus
grep -qF "(valid: draft, requested, accepted, rejected, in-progress, on-hold, failed, completed, cancelled)" "$err" ||
	fail "--status bogus does not list the statuses: $(cat "$err")"
for cmd in init demo check config worklist minutes referral summary import screening; do
	run 0 "$cmd" --help
	grep -q "^usage: careloop $cmd" "$out" || fail "careloop $cmd --help: $(cat "$out")"
done

# ---- referral list --overdue --status S: both filters ----
run 0 referral list --status requested --format csv
all_requested=$(($(wc -l <"$out") - 1))
# the overdue column, then the referral's id (the last column)
grep -q ",requested,.*,no,[0-9a-f-]\{36\}$(printf '\r')\$" "$out" || fail "the demo has no requested referral that is not overdue"
run 0 referral list --overdue --status requested --format csv
overdue_requested=$(($(wc -l <"$out") - 1))
[ "$overdue_requested" -gt 0 ] || fail "no overdue requested referral in the demo"
[ "$overdue_requested" -lt "$all_requested" ] || fail "--overdue was ignored with --status"
awk -F, 'NR > 1 && ($3 != "requested" || $(NF - 1) != "yes") { bad = 1 } END { exit bad }' "$out" ||
	fail "--overdue --status requested lists others: $(cat "$out")"

# ---- JSON numbers and counts ----
run 0 worklist --format json
grep -q '"days": "' "$out" && fail "worklist JSON days is a string"
grep -qE '"days": [0-9]+}' "$out" || fail "worklist JSON days is not a number"
grep -qE '"section": "tasks", "title": "Tasks due", "count": [0-9]+, "capped": false' "$out" ||
	fail "worklist JSON has no section counts: $(head -3 "$out")"
run 0 referral list --format json
grep -qE '"days": [0-9]+,' "$out" || fail "referral JSON days is not a number"
run 0 minutes --month 2026-11 --format json
grep -q '"minutes": "' "$out" && fail "minutes JSON minutes is a string"

# ---- screening list --patient -: the MRN from stdin, out of ps ----
mrn=$(sql "SELECT p.mrn FROM screening s JOIN patient p ON p.id = s.patient_id
           WHERE s.status = 'completed' LIMIT 1")
run 0 screening list --patient "$mrn" --format csv
cp "$out" "$E2E_TMP/by-arg.csv"
echo "$mrn" | CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" screening list --patient - \
	--format csv >"$out" 2>"$err" || fail "--patient - failed: $(cat "$err")"
cmp -s "$out" "$E2E_TMP/by-arg.csv" || fail "--patient - lists otherwise: $(cat "$out")"
head -1 "$out" | grep -q '^date,instrument,status,by,.*food' ||
	fail "the screening columns are not domain keys: $(head -1 "$out")"
run 64 screening list --patient -
[ -s "$out" ] && fail "--patient - without input printed on stdout"
# An unknown MRN is not echoed (PHI stays off stderr).
echo "MRN9999999" | CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" screening list --patient - \
	>"$out" 2>"$err"
[ $? -eq 66 ] || fail "an unknown MRN on stdin did not exit 66"
grep -q MRN9999999 "$err" && fail "the error echoes the MRN: $(cat "$err")"

e2e_ok
