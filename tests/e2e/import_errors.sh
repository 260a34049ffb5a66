#!/bin/sh
# `careloop import` tells what went wrong, each thing as what it is: broken CSV after a bad
# row, a bad header (never "1 of 0 rows bad"), every problem of a row, --skip-bad that keeps
# nothing, and a write failure (not a bad row) after bad rows; screenings as organizations.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err

# run EXPECTED_STATUS ARG... : run careloop on $DB, fail unless it exits EXPECTED_STATUS.
run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err"
	_got=$?
	[ "$_got" -eq "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")"
}

# has FILE TEXT: fail unless FILE holds the fixed string TEXT.
has()
{
	grep -qF -e "$2" "$1" || fail "no '$2' in: $(cat "$1")"
}

"$CARELOOP" --db "$DB" init >/dev/null || fail "init failed"

# An unclosed quote on the last line, after a bad row: reported at its line and column.
printf 'kind,name,notes\ncommunity,A,x\ncommunity,,y\ncommunity,C,z\ncommunity,E,"unclosed\n' \
	>"$E2E_TMP/quote.csv"
for skip in "" --skip-bad; do
	run 65 import orgs "$E2E_TMP/quote.csv" $skip
	has "$err" "line 3, column B (name): Name is required"
	has "$err" "line 5, column 13: a quoted field is never closed"
	has "$err" "nothing imported: the file is not valid CSV at line 5"
	grep -q "rows bad" "$err" && fail "broken CSV told as bad rows: $(cat "$err")"
	[ -s "$out" ] && fail "a refused import printed on stdout: $(cat "$out")"
done

# A bad header names the column, and is no row's fault.
printf 'kind,name,website\ncommunity,A,x\n' >"$E2E_TMP/header.csv"
run 65 import orgs "$E2E_TMP/header.csv"
has "$err" "line 1: unknown column 'website' (column C)"
has "$err" "nothing imported: the header row is bad"
grep -q "of 0 rows" "$err" && fail "a header error counted as rows: $(cat "$err")"
printf 'mrn,date,instrument,q1,71802-3\n' >"$E2E_TMP/screen.csv"
run 65 import screenings "$E2E_TMP/screen.csv"
has "$err" "line 1, column E (71802-3): the same question as column D (q1)"
grep -q "of 0 rows" "$err" && fail "a header error counted as rows: $(cat "$err")"

# Every problem of a row.
printf 'kind,name,email,last_verified\ncommunity,,nobody,9999-12-31\n' >"$E2E_TMP/row.csv"
run 65 import orgs "$E2E_TMP/row.csv"
has "$err" "line 2, column B (name)"
has "$err" "line 2, column C (email)"
has "$err" "line 2, column D (last_verified): Last verified is in the future"
has "$err" "nothing imported (1 of 1 rows bad)"

# --skip-bad that finds no good row says so, and does not exit 0.
printf 'kind,name\ncommunity,\nnope,B\n' >"$E2E_TMP/allbad.csv"
run 65 import orgs "$E2E_TMP/allbad.csv" --skip-bad
has "$err" "nothing imported: all 2 rows are bad"
[ -s "$out" ] && fail "a refused import printed on stdout: $(cat "$out")"

# A file wrong throughout: the first 50 problems by line and column, the rest counted once.
awk 'BEGIN { print "kind,name"; for (i = 0; i < 60; i++) print "community," }' >"$E2E_TMP/many.csv"
run 65 import orgs "$E2E_TMP/many.csv"
[ "$(grep -c 'Name is required' "$err")" -eq 50 ] ||
	fail "expected 50 problems shown, got $(grep -c 'Name is required' "$err")"
has "$err" "line 51, column B (name): Name is required"
grep -q "line 52," "$err" && fail "the 51st problem was shown"
has "$err" "10 more problems not shown (--skip-bad writes every bad row with its reason to a reject file)"
has "$err" "nothing imported (60 of 60 rows bad)"

# A write failure after a bad row is told as what it is. The files may not grow past the
# database's size and 64 KiB (ulimit -f, in 512-byte blocks; SIGXFSZ ignored so that the
# write fails instead), and the import needs megabytes.
awk 'BEGIN {
	print "kind,name,notes"; print "community,,bad"
	pad = sprintf("%900s", ""); gsub(/ /, "n", pad)
	for (i = 0; i < 3000; i++) print "community,Org " i "," pad
}' >"$E2E_TMP/big.csv"
size=$(wc -c <"$DB")
for skip in "" --skip-bad; do
	(
		trap '' XFSZ
		ulimit -f $(((size + 65536) / 512))
		CARELOOP_TODAY=$E2E_TODAY exec "$CARELOOP" --db "$DB" import orgs "$E2E_TMP/big.csv" $skip
	) >"$out" 2>"$err"
	status=$?
	[ "$status" -eq 74 ] || fail "a write failure exited $status, not 74: $(cat "$err")"
	has "$err" "line 2, column B (name): Name is required"
	has "$err" "database error: disk I/O error (File too large)"
	grep -q "rows bad" "$err" && fail "a write failure told as bad rows: $(cat "$err")"
	[ -e "$E2E_TMP/big.rejected.csv" ] && fail "a failed import left its reject file"
done
run 0 check

# Screenings are told the same way: every problem of a row, the question columns too; with
# --skip-bad the good rows are kept and the bad ones go to FILE.rejected.csv (0600).
DB=$E2E_TMP/screen.db
make_demo 3 1
printf '%s\n' 'mrn,date,instrument,q1,q2' 'MRN0000001,2019-03-04,ahc-hrsn,LA31993-1,LA9-3' \
	'MRN0000002,2019-13-04,ahc-hrsn,LA00000-0,LA9-3;LA31998-0' ',,,,' >"$E2E_TMP/screen.csv"
run 65 import screenings "$E2E_TMP/screen.csv"
has "$err" "line 3, column B (date): must be a real date"
has "$err" "line 3, column D (q1): unknown answer code for question 71802-3"
has "$err" "line 3, column E (q2): answer LA9-3 (none of the above) is ticked with other answers"
has "$err" "nothing imported (1 of 2 rows bad)"
run 0 import screenings "$E2E_TMP/screen.csv" --skip-bad
has "$out" "screenings: 2 rows, 1 imported, 1 rejected (written to $E2E_TMP/screen.rejected.csv)"
has "$E2E_TMP/screen.rejected.csv" "ahc-hrsn,LA00000-0,LA9-3;LA31998-0,\"line 3, column B (date)"
[ "$(ls -l "$E2E_TMP/screen.rejected.csv" | cut -c2-10)" = "rw-------" ] ||
	fail "the screenings' reject file is not 0600"
run 73 import screenings "$E2E_TMP/screen.csv" --skip-bad
has "$err" "already exists"
run 0 check

e2e_ok
