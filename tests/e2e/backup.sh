#!/bin/sh
# careloop backup and restore. A backup taken while another process writes is whole and
# passes careloop check (mode 0600; an existing file is kept unless --force; a file that is
# an open database is refused). A restore puts the backup's records back while careloop is
# open on the database in tmux: refused without --force, then done with what was there kept
# aside; the open careloop reads the restored records (a search finds the patient added
# after the backup no more). A broken backup, a file that is not a careloop database and one
# from a newer careloop change nothing.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err
B=$E2E_TMP/backups

run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err" </dev/null
	_got=$?
	[ "$_got" = "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")"
}

has()
{
	grep -qF -e "$2" "$1" || fail "no '$2' in: $(cat "$1")"
}

patients()
{
	sqlite3 "$1" "SELECT count(*) FROM patient WHERE mrn LIKE '$2'" || fail "cannot count $1"
}

make_demo 200 3
mkdir -p "$B"

# Backups while another process adds patients, one transaction at a time.
(
	i=0
	while [ $i -lt 40 ]; do
		# each born in another year: 40 people, not possible duplicates of one (a warning)
		printf 'MRN,Last Name,First Name,DOB\nW%03d,Writer,Pat,%d-01-01\n' $i $((1950 + i)) \
			>"$E2E_TMP/w.csv"
		CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import patients "$E2E_TMP/w.csv" \
			>/dev/null 2>>"$E2E_TMP/writer.err" || echo "writer $i failed" >>"$E2E_TMP/writer.err"
		i=$((i + 1))
	done
) &
writer=$!
for n in 1 2 3 4; do
	run 0 backup "$B/during-$n.db"
	has "$out" "verified (integrity, triggers, derived columns, audit chain of"
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$B/during-$n.db" check >"$out" 2>"$err" ||
		fail "backup $n does not pass check: $(cat "$err")"
done
wait $writer
[ -s "$E2E_TMP/writer.err" ] && fail "the writer failed beside the backups: $(cat "$E2E_TMP/writer.err")"
[ "$(patients "$DB" 'W%')" = 40 ] || fail "the writer's 40 patients are not all there"
ls "$B" | grep -q tmp && fail "a temporary copy was left: $(ls "$B")"

# Mode 0600; an existing file is kept (and its bytes unchanged) unless --force.
run 0 backup "$B/nightly.db"
[ "$(stat -c %a "$B/nightly.db")" = 600 ] || fail "the backup's mode is $(stat -c %a "$B/nightly.db")"
sum=$(cksum <"$B/nightly.db")
run 73 backup "$B/nightly.db"
has "$err" "exists (--force replaces it)"
[ "$(cksum <"$B/nightly.db")" = "$sum" ] || fail "a refused backup changed the file"
run 0 backup "$B/nightly.db" --force
# A file that is an open database (its -wal holds frames) is never written over.
printf 'frames' >"$B/open.db-wal"
run 75 backup "$B/open.db" --force
has "$err" "is open"
[ -e "$B/open.db" ] && fail "a backup was written beside a -wal"
rm -f "$B/open.db-wal"
# The database itself is not a backup of itself.
run 65 backup "$DB" --force

# After the backup, a patient is added; careloop is open on the database and finds it.
printf 'MRN,Last Name,First Name,DOB\nZ1,Zzyzx,Late,1961-02-03\n' >"$E2E_TMP/z.csv"
run 0 import patients "$E2E_TMP/z.csv"
open_list
send_keys /
wait_for "Search:"
type_text zzyzx
wait_for "Zzyzx"
send_keys Escape
wait_gone "Search:"

# Restore without --force: refused, nothing changed.
run 73 restore "$B/nightly.db"
has "$err" "exists: --force replaces its records"
[ "$(patients "$DB" Z1)" = 1 ] || fail "a refused restore changed the database"

# With --force: the backup's records, what was there kept aside (and checkable).
run 0 restore "$B/nightly.db" --force
has "$out" "restored from $B/nightly.db"
has "$out" "the records it held are kept in $DB.before-restore-"
aside=$(ls "$DB".before-restore-* 2>/dev/null)
[ -f "$aside" ] || fail "no file set aside: $(ls "$(dirname "$DB")")"
[ "$(patients "$aside" Z1)" = 1 ] || fail "the set-aside copy lost the late patient"
[ "$(patients "$DB" Z1)" = 0 ] || fail "the restore kept the late patient"
[ "$(patients "$DB" 'W%')" = 40 ] || fail "the restore lost the writer's patients"
run 0 check
# The backup file was only read.
ls "$B" | grep -q 'nightly.db-' && fail "the restore left files beside the backup: $(ls "$B")"

# The open careloop reads the restored records: the late patient is not found any more.
send_keys /
wait_for "Search:"
type_text zzyzx
wait_for "no patients match"
send_keys Escape
wait_gone "Search:"

# Broken backups change nothing (and set nothing aside).
before=$(sqlite3 "$DB" "SELECT count(*) FROM patient")
cp "$B/nightly.db" "$B/broken.db"
size=$(stat -c %s "$B/broken.db")
head -c 16384 /dev/zero | tr '\0' '\377' |
	dd of="$B/broken.db" bs=4096 seek=$((size / 4096 / 2)) count=4 conv=notrunc 2>/dev/null ||
	fail "cannot break the copy"
run 65 restore "$B/broken.db" --force
has "$err" "broken.db: the copy does not pass careloop check"
printf 'not a database at all\n' >"$B/text.db"
run 65 restore "$B/text.db" --force
has "$err" "text.db is not a careloop database"
cp "$B/nightly.db" "$B/newer.db"
sqlite3 "$B/newer.db" "PRAGMA user_version = 9999" || fail "cannot age the copy"
run 69 restore "$B/newer.db" --force
has "$err" "newer.db was made by a newer careloop"
run 66 restore "$B/missing.db" --force
[ "$(sqlite3 "$DB" "SELECT count(*) FROM patient")" = "$before" ] || fail "a refused restore changed the database"
[ "$(ls "$DB".before-restore-* | wc -l)" = 1 ] || fail "a refused restore set a copy aside"
run 0 check

# A restore to a database that is not there makes it, with nothing to set aside.
DB=$E2E_TMP/new/careloop.db
mkdir -p "$E2E_TMP/new"
run 0 restore "$B/nightly.db"
[ "$(patients "$DB" 'W%')" = 40 ] || fail "the new database lacks the backup's patients"
run 0 check

e2e_ok
