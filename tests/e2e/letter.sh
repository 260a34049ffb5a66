#!/bin/sh
# careloop referral letter and careloop summary through the real binary: the PDFs render
# (pdftoppm: a valid PDF of 1 or 2 pages) and say what they must (pdftotext): the patient,
# the reason, the date the loop closes, the practice's fax; a long reason goes on to a second
# page ("Page 2 of 2"); a safety referral without consent withholds its details; UTF-8
# names survive and escape sequences are made inert on the text path; the file is 0600,
# never written over without --force, never over the database; the same letter is the same
# file; each printout is in the access log. Skips (77) only without pdftotext/pdftoppm.
# Needs no terminal: no tmux here.
set -u
name=letter
fail()
{
	echo "e2e: $name: FAIL: $*" >&2
	exit 1
}
for tool in "${PDFTOTEXT:-pdftotext}" pdftoppm sqlite3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "e2e: $name: skipped ($tool is not installed: apt-get install poppler-utils sqlite3)"
		exit 77
	fi
done
[ -n "${CARELOOP:-}" ] || CARELOOP=$(cd "$(dirname "$0")/../.." && pwd)/src/careloop
[ -x "$CARELOOP" ] || fail "no careloop binary at $CARELOOP"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/careloop-letter.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
DB=$tmp/careloop.db
out=$tmp/out
err=$tmp/err
today=2026-11-23
export LC_ALL=C.UTF-8

# run EXPECTED-EXIT ARGS...: careloop on $DB on a fixed day (the letter's date comes from it).
run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$today "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err" </dev/null
	_got=$?
	[ "$_got" = "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")"
}
sql()
{
	sqlite3 "$DB" "$1" || fail "sqlite3: $1"
}
# uuid HEX: the text form of a 16-byte id given as 32 hex digits.
uuid()
{
	echo "$1" | tr 'A-F' 'a-f' | sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/'
}
# pages PDF: how many pages pdftoppm renders (it fails on a file that is not a PDF).
pages()
{
	rm -rf "$tmp/png" && mkdir "$tmp/png"
	pdftoppm -r 20 -png "$1" "$tmp/png/p" 2>"$tmp/ppm.err" || fail "pdftoppm cannot render $1: $(cat "$tmp/ppm.err")"
	ls "$tmp/png" | wc -l | tr -d ' '
}
# text PDF: its text, one string per line as pdftotext reads it.
text()
{
	"${PDFTOTEXT:-pdftotext}" "$1" - 2>/dev/null || fail "pdftotext cannot read $1"
}
has()
{
	grep -qF -- "$2" "$1" || fail "$3: no '$2' in: $(cat "$1")"
}

CARELOOP_TODAY=$today "$CARELOOP" --db "$DB" demo --patients 300 --seed 7 >/dev/null 2>&1 ||
	fail "careloop demo failed"
run 0 config practice_name "Mesa Valley Family Health"
run 0 config practice_address "12 Main St; Gallup, NM 87301"
run 0 config practice_phone "(505) 555-0100"
run 0 config practice_fax "(505) 555-0199"
run 0 config practice_fax
[ "$(cat "$out")" = "(505) 555-0199" ] || fail "config practice_fax reads back $(cat "$out")"
run 64 config practice_name "$(printf 'Evil\033[2J')"

# A specialty referral, its patient renamed in UTF-8 with an escape sequence, its reason set.
ref=$(sql "SELECT hex(id) FROM referral WHERE kind = 'specialty' AND status IN ('requested', 'accepted', 'in-progress') LIMIT 1")
[ -n "$ref" ] || fail "the demo has no open specialty referral"
id=$(uuid "$ref")
due=$(sql "SELECT due_date FROM referral WHERE id = X'$ref'")
sql "UPDATE patient SET given_name = CAST(X'$(printf 'Zo\303\253\033]0;pwned\007' | od -An -tx1 | tr -d ' \n')' AS TEXT),
            family_name = 'Nguyễn'
     WHERE id = (SELECT patient_id FROM referral WHERE id = X'$ref');
     UPDATE referral SET reason = 'Chest pain on exertion; ECG attached' WHERE id = X'$ref';"

run 0 referral letter "$id" --pdf "$tmp/a.pdf"
has "$out" "$tmp/a.pdf: Referral to specialty care, 1 page" "the letter's report"
[ "$(stat -c %a "$tmp/a.pdf")" = 600 ] || fail "the letter is not 0600: $(stat -c %a "$tmp/a.pdf")"
[ "$(pages "$tmp/a.pdf")" = 1 ] || fail "a short letter is not one page"
text "$tmp/a.pdf" >"$tmp/a.txt"
has "$tmp/a.txt" "Nguyễn" "the letter"
has "$tmp/a.txt" "Zoë" "the letter"
has "$tmp/a.txt" "Chest pain on exertion; ECG attached" "the letter"
has "$tmp/a.txt" "Loop closes: $due" "the letter"
has "$tmp/a.txt" "Outcome by fax: (505) 555-0199" "the letter"
has "$tmp/a.txt" "Mesa Valley Family Health" "the letter"
has "$tmp/a.txt" "Date: $today" "the letter"
has "$tmp/a.txt" "Page 1 of 1" "the letter"
has "$tmp/a.txt" "$id" "the letter"
grep -q "$(printf '\033')" "$tmp/a.txt" && fail "an escape byte reached the PDF's text"

# Never over an existing file without --force; never over the database; same letter, same bytes.
cp "$tmp/a.pdf" "$tmp/a.copy"
run 73 referral letter "$id" --pdf "$tmp/a.pdf"
[ -s "$out" ] && fail "a refused letter printed on stdout: $(cat "$out")"
cmp -s "$tmp/a.pdf" "$tmp/a.copy" || fail "a refused letter changed the file"
run 0 referral letter "$id" --pdf "$tmp/a.pdf" --force
cmp -s "$tmp/a.pdf" "$tmp/a.copy" || fail "the same letter on the same day is not the same file"
run 77 referral letter "$id" --pdf "$DB" --force
run 77 referral letter "$id" --pdf "$DB-access" --force
run 66 referral letter 00000000-0000-4000-8000-000000000000 --pdf "$tmp/none.pdf"
[ -e "$tmp/none.pdf" ] && fail "a letter for no referral left a file"
run 64 referral letter not-an-id
run 64 referral letter "$id" --pdf "$tmp/b.pdf" --text
run 64 referral letter "$id" --force

# The text path (for lp): the same content, escape sequences inert, UTF-8 kept.
run 0 referral letter "$id" --text
has "$out" "Chest pain on exertion; ECG attached" "the text letter"
has "$out" "Loop closes: $due" "the text letter"
has "$out" "Nguyễn" "the text letter"
grep -q "$(printf '[\001-\010\016-\037\177]')" "$out" && fail "raw control bytes in the text letter: $(od -c "$out" | grep -F '033' | head -3)"
has "$out" "$(printf '\357\277\275]0;pwned\357\277\275')" "the text letter (the escape made inert)"
run 0 referral letter "$id"
has "$out" "Outcome by fax: (505) 555-0199" "the default (text) letter"

# A long reason (nearly the 511 bytes a reason holds), line by line as written: the letter
# goes on to a second page.
long=$(i=1; while [ $i -le 19 ]; do printf '%d. Breathless on stairs.\n' $i; i=$((i + 1)); done)
sql "UPDATE referral SET reason = '$long' WHERE id = X'$ref'"
run 0 referral letter "$id" --pdf "$tmp/long.pdf"
has "$out" "2 pages" "the long letter's report"
[ "$(pages "$tmp/long.pdf")" = 2 ] || fail "the long letter is not two pages"
text "$tmp/long.pdf" >"$tmp/long.txt"
has "$tmp/long.txt" "Page 1 of 2" "the long letter"
has "$tmp/long.txt" "Page 2 of 2" "the long letter"
# a heading is never the last line of a page: it goes over with its text
last=$(awk '/^Confidential health information/ { print prev; exit } NF { prev = $0 }' "$tmp/long.txt")
echo "$last" | grep -q "^What we ask$\|^Closing the loop$\|^Reason for referral$" &&
	fail "a heading was left at the foot of page 1: $(cat "$tmp/long.txt")"
has "$tmp/long.txt" "19. Breathless on stairs." "the long letter"
has "$tmp/long.txt" "Outcome by fax: (505) 555-0199" "the long letter"

# A safety referral without consent: identification and dates, never the details.
safe=$(sql "SELECT hex(id) FROM referral WHERE service = 'intimate-partner-violence' LIMIT 1")
[ -n "$safe" ] || fail "the demo has no safety referral"
sql "UPDATE referral SET consent_date = '', reason = 'Partner threatened her with a knife'
     WHERE id = X'$safe'"
run 0 referral letter "$(uuid "$safe")" --pdf "$tmp/safety.pdf"
[ "$(pages "$tmp/safety.pdf")" = 1 ] || fail "the safety letter is not one page"
text "$tmp/safety.pdf" >"$tmp/safety.txt"
has "$tmp/safety.txt" "details withheld at the patient's request" "the safety letter"
grep -qi "knife\|threatened" "$tmp/safety.txt" && fail "the safety letter without consent shows the reason"
grep -q "Social-needs screening" "$tmp/safety.txt" && fail "the safety letter without consent shows the screening"
has "$tmp/safety.txt" "Consent: not recorded" "the safety letter"
run 0 referral letter "$(uuid "$safe")" --text
grep -qi "knife" "$out" && fail "the safety text letter without consent shows the reason"
# with consent, what the patient agreed to share
sql "UPDATE referral SET consent_date = '2026-11-20' WHERE id = X'$safe'"
run 0 referral letter "$(uuid "$safe")" --pdf "$tmp/safety2.pdf"
text "$tmp/safety2.pdf" >"$tmp/safety2.txt"
has "$tmp/safety2.txt" "Partner threatened her with a knife" "the safety letter with consent"

# The care-plan summary, by the same machinery.
mrn=$(sql "SELECT mrn FROM patient WHERE id = (SELECT patient_id FROM referral WHERE id = X'$ref')")
run 0 summary "$mrn" --pdf "$tmp/summary.pdf"
n=$(pages "$tmp/summary.pdf")
[ "$n" = 1 ] || [ "$n" = 2 ] || fail "the summary has $n pages"
text "$tmp/summary.pdf" >"$tmp/summary.txt"
for s in "Care plan summary" "Nguyễn" "MRN: $mrn" "Risk tier:" "Goals" "Open tasks" "Recent contacts" "Open referrals"; do
	has "$tmp/summary.txt" "$s" "the summary"
done
run 66 summary NO-SUCH-MRN
grep -qF "NO-SUCH-MRN" "$err" && fail "the summary's error names the MRN"

# Who printed which: every printout (text or PDF) in the access log, by the referral's id.
n=$(sqlite3 "$DB-access" "SELECT count(*) FROM access WHERE action = 'view' AND what = 'referral letter'
                         AND record_id = X'$ref'") || fail "cannot read the access log"
[ "$n" = 5 ] || fail "the access log has $n letters of the referral, not the 5 printed"
n=$(sqlite3 "$DB-access" "SELECT count(*) FROM access WHERE what = 'care plan summary'")
[ "$n" = 1 ] || fail "the access log has $n summaries"
run 0 check

echo "e2e: $name: ok"
