#!/bin/sh
# careloop check: the audit trail against checkpoints (a deleted tail with sqlite_sequence
# set back, an emptied table), dropped triggers, derived columns that disagree with their
# source; findings name tables and counts, never a patient.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err

run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" "$@" >"$out" 2>"$err"
	_got=$?
	[ "$_got" = "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")"
}

# $DB as it was (the copy made below), then SQL run on it by someone with the sqlite3 shell.
tampered()
{
	rm -f "$DB" "$DB-wal" "$DB-shm"
	sqlite3 "$E2E_TMP/pristine.db" ".backup '$DB'" || fail "cannot restore the database"
	sqlite3 "$DB" "$1" || fail "cannot tamper: $1"
}

make_demo 200 3
# --checkpoint: verifies, then prints (and logs) the head; the line is what --expect-from reads.
run 0 --db "$DB" check --checkpoint
grep -q 'ok (integrity, foreign keys, triggers, derived columns, audit chain of' "$out" ||
	fail "check --checkpoint: $(cat "$out")"
grep '^audit checkpoint rows=[0-9]* head=[0-9a-f]\{64\} db=/' "$out" >"$E2E_TMP/cp" ||
	fail "check --checkpoint printed no checkpoint: $(cat "$out")"
rows=$(sed 's/.*rows=\([0-9]*\).*/\1/' "$E2E_TMP/cp")
head=$(sed 's/.*head=\([0-9a-f]*\).*/\1/' "$E2E_TMP/cp")
run 0 --db "$DB" check --expect "$rows:$head"
grep -q 'extending 1 checkpoint' "$out" || fail "check --expect: $(cat "$out")"

# A log holding other databases' checkpoints (skipped) and ours, read from a file or stdin.
zeros=0000000000000000000000000000000000000000000000000000000000000000
{
	echo "Dec  1 02:00:01 host careloop[7]: audit checkpoint rows=99 head=$zeros db=/elsewhere.db"
	sed 's/^/Dec  1 02:00:02 host careloop[8]: /' "$E2E_TMP/cp"
} >"$E2E_TMP/log"
run 0 --db "$DB" check --expect-from "$E2E_TMP/log"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" check --expect-from - <"$E2E_TMP/log" >"$out" 2>"$err" ||
	fail "check --expect-from - failed: $(cat "$err")"

# Later writes extend the checkpoint.
printf 'kind,name\ncommunity,Food Pantry of the Valley\n' >"$E2E_TMP/orgs.csv"
run 0 --db "$DB" import orgs "$E2E_TMP/orgs.csv"
run 0 --db "$DB" check --expect-from "$E2E_TMP/log"
sqlite3 "$DB" ".backup '$E2E_TMP/pristine.db'" || fail "cannot copy the database"

# The last rows deleted, sqlite_sequence set back and the guard put back as it was: the
# chain left is intact by itself.
guard=$(sqlite3 "$DB" "SELECT sql FROM sqlite_master WHERE name = 'audit_no_delete'")
tampered "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > $rows - 2;
	UPDATE sqlite_sequence SET seq = $rows - 2 WHERE name = 'audit'; $guard;"
run 0 --db "$DB" check
run 65 --db "$DB" check --expect-from "$E2E_TMP/log"
grep -q "rows were removed" "$err" || fail "a deleted tail was not reported: $(cat "$err")"
[ -s "$out" ] && fail "a failed check printed on stdout: $(cat "$out")"

# The audit table emptied.
tampered "DROP TRIGGER audit_no_delete; DELETE FROM audit;
	DELETE FROM sqlite_sequence WHERE name = 'audit'"
run 65 --db "$DB" check --expect "$rows:$head"
grep -q "rows were removed" "$err" || fail "an emptied audit was not reported: $(cat "$err")"
grep -q "trigger audit_no_delete on audit is missing" "$err" ||
	fail "a dropped trigger was not reported: $(cat "$err")"

# No checkpoint of this database in the log: said, and not ok.
run 65 --db "$DB" check --expect-from /dev/null
grep -q "no checkpoint of" "$err" || fail "a log without our checkpoint: $(cat "$err")"

# A derived column made to disagree with its source: table, column and count, no patient.
tampered "UPDATE patient SET last_reached_at = '' WHERE id IN
	(SELECT id FROM patient WHERE last_reached_at != '' ORDER BY id LIMIT 7)"
run 65 --db "$DB" check
grep -q "patient.last_reached_at: 7 rows disagree with contact" "$err" ||
	fail "a corrupt derived column was not reported: $(cat "$err")"
grep -q "MRN" "$err" && fail "check named a patient: $(cat "$err")"

# Usage.
run 64 --db "$DB" check --expect nonsense
run 64 --db "$DB" check --no-such-option

e2e_ok
