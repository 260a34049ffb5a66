#!/bin/sh
# The command line: --help, --version, sysexits codes, init's file modes, check, refusing a
# file that is not a careloop database (left byte-identical), demo determinism.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err

# run EXPECTED_STATUS ARG... : run careloop, fail unless it exits with EXPECTED_STATUS
# (a list like "65|66" is accepted).
run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" "$@" >"$out" 2>"$err"
	_got=$?
	case "|$_want|" in
	*"|$_got|"*) ;;
	*) fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")" ;;
	esac
}

# --help: usage on stdout, status 0, names every command and option.
run 0 --help
grep -q 'Usage' "$out" || fail "--help prints no Usage line"
for word in --db --demo --no-color --lock --help --version init demo check config; do
	grep -qe "$word" "$out" || fail "--help does not mention $word"
done
[ -s "$err" ] && fail "--help wrote to stderr: $(cat "$err")"

# --version: "careloop X.Y.Z" on stdout.
run 0 --version
grep -qE '^careloop [0-9]+\.[0-9]+' "$out" || fail "--version prints: $(cat "$out")"

# Usage errors: 64 (EX_USAGE), with a message on stderr and nothing on stdout.
run 64 no-such-command
[ -s "$err" ] || fail "an unknown command gives no message"
run 64 --no-such-option
run 64 --lock
run 64 --lock not-a-number
run 64 demo --patients
run 64 demo --patients -5 --seed 1
run 64 --db

# init creates the file 0600; never a chain of folders for a --db path (a typo would grow
# one): 66 and nothing made. Only the XDG default's own folder is created (below).
newdb=$E2E_TMP/new/sub/careloop.db
run 66 --db "$newdb" init
[ -e "$E2E_TMP/new" ] && fail "init created folders for a --db path"
grep -q "no folder" "$err" || fail "init does not say the folder is missing: $(cat "$err")"
mkdir -p "$E2E_TMP/new/sub"
run 0 --db "$newdb" init
[ -f "$newdb" ] || fail "init did not create $newdb"
[ "$(stat -c %a "$newdb")" = 600 ] || fail "init made the file mode $(stat -c %a "$newdb"), not 600"
# The default path comes from XDG_DATA_HOME (CARELOOP_DB unset); init makes its careloop/
# folder there (one level), never XDG_DATA_HOME itself.
(
	export XDG_DATA_HOME="$E2E_TMP/xdg"
	run 66 init
	[ -e "$E2E_TMP/xdg" ] && fail "init created a missing XDG_DATA_HOME"
	mkdir "$E2E_TMP/xdg"
	run 0 init
) || exit 1
[ -f "$E2E_TMP/xdg/careloop/careloop.db" ] || fail "init ignored XDG_DATA_HOME"
[ "$(stat -c %a "$E2E_TMP/xdg/careloop")" = 700 ] || fail "XDG folder is not 700"
# CARELOOP_DB overrides it.
(
	export CARELOOP_DB="$E2E_TMP/env.db" XDG_DATA_HOME="$E2E_TMP/xdg2"
	run 0 init
) || exit 1
[ -f "$E2E_TMP/env.db" ] || fail "init ignored CARELOOP_DB"
[ -e "$E2E_TMP/xdg2" ] && fail "init used XDG_DATA_HOME although CARELOOP_DB was set"

# check on a good database exits 0; a demo database checks clean too.
run 0 --db "$newdb" check
make_demo 300 7
run 0 --db "$DB" check

# config: lists the settings, shows and stores one, refuses unknown keys and bad values.
run 0 --db "$newdb" config
grep -q 'lock_minutes' "$out" || fail "config does not list lock_minutes"
run 0 --db "$newdb" config lock_minutes
[ "$(cat "$out")" = 10 ] || fail "lock_minutes is \"$(cat "$out")\" by default, not 10"
run 0 --db "$newdb" config lock_minutes 5
run 0 --db "$newdb" config lock_minutes
[ "$(cat "$out")" = 5 ] || fail "config lock_minutes 5 did not stick ($(cat "$out"))"
run 64 --db "$newdb" config lock_minutes 99999
run 64 --db "$newdb" config lock_minutes five
run 64 --db "$newdb" config no_such_setting
run 0 --db "$newdb" config lock_minutes
[ "$(cat "$out")" = 5 ] || fail "a refused config value changed the setting"
run 0 --db "$newdb" check

# A bad --db path: a missing file is not created by check (66, EX_NOINPUT), and a path
# under a regular file cannot be created (73 EX_CANTCREAT, or 66/74/77 where the
# system says so differently).
run 66 --db "$E2E_TMP/missing.db" check
[ -e "$E2E_TMP/missing.db" ] && fail "check created a missing database"
run "66|73|74|77" --db "$newdb/not-a-folder/x.db" init

# A file that is not a careloop database is refused (65 EX_DATAERR or 66 EX_NOINPUT) and
# left byte-identical, whether it is text or someone else's SQLite database.
printf 'MRN,name\n1,not a database\n' >"$E2E_TMP/text.db"
cp "$E2E_TMP/text.db" "$E2E_TMP/text.orig"
run "65|66" --db "$E2E_TMP/text.db" check
run "65|66" --db "$E2E_TMP/text.db" init
cmp -s "$E2E_TMP/text.db" "$E2E_TMP/text.orig" || fail "a text file was modified"
[ -e "$E2E_TMP/text.db-wal" ] && fail "a -wal file appeared beside a text file"
# No PHI and no file contents in the message.
grep -q 'not a database' "$err" && fail "the error message quotes the file's contents"
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$E2E_TMP/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
	cp "$E2E_TMP/other.db" "$E2E_TMP/other.orig"
	run "65|66" --db "$E2E_TMP/other.db" check
	run "65|66" --db "$E2E_TMP/other.db" init
	cmp -s "$E2E_TMP/other.db" "$E2E_TMP/other.orig" || fail "another program's SQLite file was modified"
fi

# Demo determinism: the same seed gives the same patients (ids included), another seed
# gives others. Read back with the sqlite3 shell when it is installed (the program itself
# has no read command yet; open_demo.sh compares the screens).
make_demo 50 11 "$E2E_TMP/a.db"
make_demo 50 11 "$E2E_TMP/b.db"
make_demo 50 12 "$E2E_TMP/c.db"
if command -v sqlite3 >/dev/null 2>&1; then
	q='SELECT hex(id), mrn, family_name, given_name, birth_date FROM patient ORDER BY mrn'
	sqlite3 "$E2E_TMP/a.db" "$q" >"$E2E_TMP/a.txt" || fail "cannot read the demo database"
	sqlite3 "$E2E_TMP/b.db" "$q" >"$E2E_TMP/b.txt"
	sqlite3 "$E2E_TMP/c.db" "$q" >"$E2E_TMP/c.txt"
	[ "$(wc -l <"$E2E_TMP/a.txt")" -eq 50 ] || fail "demo --patients 50 made $(wc -l <"$E2E_TMP/a.txt") patients"
	cmp -s "$E2E_TMP/a.txt" "$E2E_TMP/b.txt" || fail "the same seed gave different demo data"
	cmp -s "$E2E_TMP/a.txt" "$E2E_TMP/c.txt" && fail "different seeds gave the same demo data"
fi

# Imports and reports never create a database: a mistyped --db is an error (66), not a
# new empty file holding the imported rows.
printf 'kind,name\ncommunity,Food Pantry\n' >"$E2E_TMP/orgs.csv"
"$CARELOOP" --db "$E2E_TMP/typo.db" import orgs "$E2E_TMP/orgs.csv" 2>"$E2E_TMP/typo.err"
status=$?
[ "$status" -eq 66 ] || fail "import into a missing database exited $status, not 66"
[ -e "$E2E_TMP/typo.db" ] && fail "import created a database at a mistyped path"
grep -q "careloop init" "$E2E_TMP/typo.err" || fail "no hint to run careloop init: $(cat "$E2E_TMP/typo.err")"
"$CARELOOP" --db "$E2E_TMP/typo.db" worklist >/dev/null 2>&1
[ $? -eq 66 ] || fail "worklist on a missing database did not exit 66"

e2e_ok
