#!/bin/sh
# `import orgs --skip-bad --reject-file PATH` never destroys a file: not the database (it
# wiped a clinic and exited 0), not its -wal, not the input, not an existing file without
# --force, not through a symbolic link; it removes only a file it created, and an existing
# file is untouched when there is no bad row. The database opens and `check` passes after
# each.
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

has()
{
	grep -qF -e "$2" "$1" || fail "no '$2' in: $(cat "$1")"
}

# The database is whole: it opens, `check` passes, and the first import's rows are there
# (importing them again is refused as repeats).
db_whole()
{
	run 0 check
	run 65 import orgs "$E2E_TMP/first.csv"
	has "$err" "nothing imported (2 of 2 rows bad)"
}

mode_of()
{
	ls -l "$1" | cut -c2-10
}

"$CARELOOP" --db "$DB" init >/dev/null || fail "init failed"
printf 'kind,name\ncommunity,First Pantry\ncommunity,First Shelter\n' >"$E2E_TMP/first.csv"
run 0 import orgs "$E2E_TMP/first.csv"
printf 'kind,name\ncommunity,Good Org\ncommunity,\n' >"$E2E_TMP/mixed.csv"
cp "$E2E_TMP/mixed.csv" "$E2E_TMP/mixed.copy"
db_size=$(wc -c <"$DB")

# The database itself, its -wal file, with or without --force.
for target in "$DB" "$DB-wal"; do
	for force in "" --force; do
		run 73 import orgs "$E2E_TMP/mixed.csv" --skip-bad --reject-file "$target" $force
		has "$err" "is the database"
		[ "$(wc -c <"$DB")" -ge "$db_size" ] || fail "the database shrank"
		db_whole
	done
done
# Another name for the database (a hard link): same file, refused.
ln "$DB" "$E2E_TMP/innocent.csv"
run 73 import orgs "$E2E_TMP/mixed.csv" --skip-bad --reject-file "$E2E_TMP/innocent.csv" --force
has "$err" "is the database"
rm -f "$E2E_TMP/innocent.csv"
db_whole

# The input file.
run 73 import orgs "$E2E_TMP/mixed.csv" --skip-bad --reject-file "$E2E_TMP/mixed.csv" --force
has "$err" "is the file being imported"
cmp -s "$E2E_TMP/mixed.csv" "$E2E_TMP/mixed.copy" || fail "the input file changed"
db_whole

# A symbolic link, to a file or to nothing: never written through, with --force too.
printf 'keep me\n' >"$E2E_TMP/target.txt"
ln -s "$E2E_TMP/target.txt" "$E2E_TMP/link.csv"
ln -s "$E2E_TMP/nowhere.txt" "$E2E_TMP/dangling.csv"
for link in link.csv dangling.csv; do
	for force in "" --force; do
		run 73 import orgs "$E2E_TMP/mixed.csv" --skip-bad --reject-file "$E2E_TMP/$link" $force
		has "$err" "symbolic link"
	done
done
[ "$(cat "$E2E_TMP/target.txt")" = "keep me" ] || fail "written through a symbolic link"
[ -e "$E2E_TMP/nowhere.txt" ] && fail "a dangling link's target was created"
db_whole

# An existing file: refused without --force (nothing imported), untouched.
printf 'last week rejects\n' >"$E2E_TMP/old.csv"
chmod 644 "$E2E_TMP/old.csv"
run 73 import orgs "$E2E_TMP/mixed.csv" --skip-bad --reject-file "$E2E_TMP/old.csv"
has "$err" "already exists (--force replaces it)"
[ "$(cat "$E2E_TMP/old.csv")" = "last week rejects" ] || fail "an existing file was written"
db_whole
# With --force and no bad row: still untouched (and not deleted).
printf 'kind,name\ncommunity,Only Good\n' >"$E2E_TMP/good.csv"
run 0 import orgs "$E2E_TMP/good.csv" --skip-bad --reject-file "$E2E_TMP/old.csv" --force
[ "$(cat "$E2E_TMP/old.csv")" = "last week rejects" ] || fail "no bad row, yet the file changed"
[ "$(mode_of "$E2E_TMP/old.csv")" = "rw-r--r--" ] || fail "the untouched file's mode changed"
# With --force and a bad row: replaced whole, 0600 (rejected rows may hold patient data).
run 0 import orgs "$E2E_TMP/mixed.csv" --skip-bad --reject-file "$E2E_TMP/old.csv" --force
has "$out" "1 imported, 1 rejected (written to $E2E_TMP/old.csv)"
has "$E2E_TMP/old.csv" "reject_reason"
has "$E2E_TMP/old.csv" "line 3, column B (name): Name is required"
grep -q "last week" "$E2E_TMP/old.csv" && fail "the old contents survived the replacement"
[ "$(mode_of "$E2E_TMP/old.csv")" = "rw-------" ] || fail "the reject file is $(mode_of "$E2E_TMP/old.csv"), not 0600"
db_whole

# The default reject file (FILE.rejected.csv) is created 0600; a second run needs --force.
printf 'kind,name\ncommunity,Second Good\ncommunity,\n' >"$E2E_TMP/second.csv"
run 0 import orgs "$E2E_TMP/second.csv" --skip-bad
[ "$(mode_of "$E2E_TMP/second.rejected.csv")" = "rw-------" ] || fail "default reject file not 0600"
run 73 import orgs "$E2E_TMP/second.csv" --skip-bad
has "$err" "already exists"

# A refused import (broken CSV, a write failure) leaves no reject file behind; nor does one
# without a bad row. No temporary file is left in the folder either.
printf 'kind,name\ncommunity,\ncommunity,"open\n' >"$E2E_TMP/broken.csv"
run 65 import orgs "$E2E_TMP/broken.csv" --skip-bad
[ -e "$E2E_TMP/broken.rejected.csv" ] && fail "a refused import left its reject file"
printf 'kind,name\ncommunity,Third Good\n' >"$E2E_TMP/third.csv"
run 0 import orgs "$E2E_TMP/third.csv" --skip-bad
[ -e "$E2E_TMP/third.rejected.csv" ] && fail "an import without bad rows left a reject file"
ls -A "$E2E_TMP" | grep -q '^\.' && fail "a temporary file was left: $(ls -A "$E2E_TMP")"

# --force without --skip-bad is a usage error.
run 64 import orgs "$E2E_TMP/good.csv" --force
db_whole

e2e_ok
