#!/bin/sh
# The database's files: careloop creates nothing unasked and leaves nothing behind.
# - A read-only (0444) database: reports work and leave no -wal/-shm; a change is refused
#   with a message and creates nothing; after chmod 644 the next command works.
# - check works in a folder it cannot write.
# - config KEY VALUE and worklist never create a database (a mistyped --db, an empty file).
# - The interface asks before creating a missing database, and refuses without a terminal.
# - init --shared makes the folder 2770 and the file 0660 of a group, also when they exist.
# - A filesystem not known to be a local disk is refused.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err

run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" "$@" >"$out" 2>"$err" </dev/null
	_got=$?
	case "|$_want|" in
	*"|$_got|"*) ;;
	*) fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")" ;;
	esac
}

no_wal()
{
	for _f in "$1-wal" "$1-shm"; do
		[ -e "$_f" ] && fail "$2 left $(basename "$_f") behind (mode $(stat -c %a "$_f"))"
	done
	return 0
}

no_wal_444()
{
	for _f in "$1-wal" "$1-shm"; do
		[ -e "$_f" ] && [ "$(stat -c %a "$_f")" = 444 ] && fail "$2 left a 0444 $(basename "$_f")"
	done
	return 0
}

reports()
{
	run 0 --db "$DB" worklist
	run 0 --db "$DB" referral list --all
	run 0 --db "$DB" config lock_minutes
	run 0 --db "$DB" check
}

# ---- a read-only database ----
make_demo 60 5 # the last connection to close removed its -wal and -shm
chmod 444 "$DB"
reports
no_wal "$DB" "a report on a 0444 database"
run 77 --db "$DB" config lock_minutes 5
grep -q "read-only" "$err" || fail "a change to a 0444 database does not say why: $(cat "$err")"
no_wal "$DB" "a refused change to a 0444 database"
chmod 644 "$DB"
run 0 --db "$DB" config lock_minutes 4
# A reader's -wal/-shm (SQLite keeps them after a read-only connection) do not take the
# 0444, and do not keep the next write out after chmod 644.
run 0 --db "$DB" check
chmod 444 "$DB"
reports
no_wal_444 "$DB" "a report on a 0444 database"
run 77 --db "$DB" config lock_minutes 5
no_wal_444 "$DB" "a refused change to a 0444 database"
chmod 644 "$DB"
run 0 --db "$DB" config lock_minutes 5
run 0 --db "$DB" config lock_minutes
[ "$(cat "$out")" = 5 ] || fail "after chmod 644 the setting did not stick: $(cat "$out")"

# ---- check in a read-only folder ----
mkdir "$E2E_TMP/ro"
make_demo 30 5 "$E2E_TMP/ro/careloop.db" # the last connection removed its -wal and -shm
before=$(ls -A "$E2E_TMP/ro")
chmod 555 "$E2E_TMP/ro"
run 0 --db "$E2E_TMP/ro/careloop.db" check
grep -q ': ok' "$out" || fail "check in a read-only folder: $(cat "$out")"
after=$(ls -A "$E2E_TMP/ro")
chmod 755 "$E2E_TMP/ro"
[ "$before" = "$after" ] || fail "check in a read-only folder changed it: $before -> $after"
# root may write any folder: run it once more as an unprivileged user, who may not.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
	chmod 755 "$E2E_TMP"
	chown -R nobody "$E2E_TMP/ro"
	chmod 555 "$E2E_TMP/ro"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		"$CARELOOP" --db "$E2E_TMP/ro/careloop.db" check >"$out" 2>"$err" </dev/null ||
		fail "check as nobody in a read-only folder: $(cat "$err")"
	[ "$before" = "$(ls -A "$E2E_TMP/ro")" ] || fail "check as nobody changed the read-only folder"
	chmod 755 "$E2E_TMP/ro"
	chmod 700 "$E2E_TMP"
fi

# ---- nothing created unasked ----
run 66 --db "$E2E_TMP/typo/clinic/careloop.db" config lock_minutes 5
[ -e "$E2E_TMP/typo" ] && fail "config KEY VALUE created folders for a mistyped --db"
run 66 --db "$E2E_TMP/typo.db" config lock_minutes 5
[ -e "$E2E_TMP/typo.db" ] && fail "config KEY VALUE created a database at a mistyped --db"
: >"$E2E_TMP/zero.db"
run 65 --db "$E2E_TMP/zero.db" worklist
[ -s "$E2E_TMP/zero.db" ] && fail "worklist turned an empty file into a database"
[ -s "$out" ] && fail "worklist on an empty file printed: $(cat "$out")"
no_wal "$E2E_TMP/zero.db" "worklist on an empty file"
run 65 --db "$E2E_TMP/zero.db" config lock_minutes 5
[ -s "$E2E_TMP/zero.db" ] && fail "config turned an empty file into a database"

# The interface without a database: no terminal, no answer: refused, nothing made.
missing=$E2E_TMP/missing.db
run 66 --db "$missing"
[ -e "$missing" ] && fail "the interface created a database without asking"
grep -q "init" "$err" || fail "no hint to run careloop init: $(cat "$err")"
# On a terminal it asks; n creates nothing, y creates and opens the clinic.
DB=$missing start_app -s no
wait_for "no database at"
wait_for "[y/N]"
type_text n
send_keys Enter
wait_for "[careloop exited 66]"
[ -e "$missing" ] && fail "answering n created a database"
e2e_tmux kill-session -t no
DB=$missing start_app -s yes
wait_for "[y/N]"
type_text y
send_keys Enter
wait_for " Worklist: "
[ -f "$missing" ] || fail "answering y created no database"
send_keys q
wait_for "[careloop exited 0]"
e2e_tmux kill-session -t yes

# ---- init --shared ----
mkdir "$E2E_TMP/clinic"
shared=$E2E_TMP/clinic/careloop.db
group=$(stat -c %G "$E2E_TMP/clinic")
run 0 --db "$shared" init --shared
grep -q "shared with group $group" "$out" || fail "init --shared: $(cat "$out")"
[ "$(stat -c %a "$shared")" = 660 ] || fail "shared file mode $(stat -c %a "$shared"), not 660"
[ "$(stat -c %a "$E2E_TMP/clinic")" = 2770 ] ||
	fail "shared folder mode $(stat -c %a "$E2E_TMP/clinic"), not 2770"
[ "$(stat -c %G "$shared")" = "$group" ] || fail "the shared file is not of group $group"
# Readers' records in a shared clinic are the group's too.
run 0 --db "$shared" worklist
[ "$(stat -c %a "$shared-access")" = 660 ] ||
	fail "the shared access log is mode $(stat -c %a "$shared-access"), not 660"
# An existing personal database (0600 in a 0700 folder) becomes shared.
mkdir -m 700 "$E2E_TMP/personal"
personal=$E2E_TMP/personal/careloop.db
run 0 --db "$personal" init
[ "$(stat -c %a "$personal")" = 600 ] || fail "init made $(stat -c %a "$personal"), not 600"
run 0 --db "$personal" init --shared
[ "$(stat -c %a "$personal")" = 660 ] || fail "init --shared left the file $(stat -c %a "$personal")"
[ "$(stat -c %a "$E2E_TMP/personal")" = 2770 ] ||
	fail "init --shared left the folder $(stat -c %a "$E2E_TMP/personal")"
run 64 --db "$personal" init --shared --group no-such-group-careloop
run 64 --db "$personal" init --group "$group"
# Another group: root may give it; anyone else is told the commands to run.
other=$(getent group | cut -d: -f1,3 | while IFS=: read -r name gid; do
	id -G | tr ' ' '\n' | grep -qx "$gid" || {
		echo "$name"
		break
	}
done)
if [ -n "$other" ]; then
	if [ "$(id -u)" = 0 ]; then
		run 0 --db "$personal" init --shared --group "$other"
		[ "$(stat -c %G "$personal")" = "$other" ] || fail "--group $other was not applied"
		[ "$(stat -c %G "$E2E_TMP/personal")" = "$other" ] || fail "the folder is not of $other"
	else
		run 77 --db "$personal" init --shared --group "$other"
		grep -q "chgrp $other" "$err" || fail "no commands to run: $(cat "$err")"
		grep -q "chmod 2770" "$err" || fail "no chmod 2770 to run: $(cat "$err")"
	fi
fi

# As root, also what an unprivileged coordinator meets: a folder the administrator prepared
# (install -d -g GROUP -m 2770) works as it is; another group is refused with the commands.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
	as_nobody()
	{
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$CARELOOP" "$@" \
			>"$out" 2>"$err" </dev/null
	}
	chmod 755 "$E2E_TMP"
	nogroup=$(id -gn nobody)
	install -d -o root -g "$nogroup" -m 2770 "$E2E_TMP/srv"
	as_nobody --db "$E2E_TMP/srv/clinic.db" init --shared ||
		fail "init --shared in a prepared folder: $(cat "$err")"
	[ "$(stat -c '%a %G' "$E2E_TMP/srv/clinic.db")" = "660 $nogroup" ] ||
		fail "the clinic file is $(stat -c '%a %G' "$E2E_TMP/srv/clinic.db")"
	as_nobody --db "$E2E_TMP/srv/clinic.db" init --shared --group root
	[ $? = 77 ] || fail "init --shared --group root as nobody was not refused: $(cat "$err")"
	grep -q "chgrp root" "$err" && grep -q "chmod 2770" "$err" ||
		fail "no commands to run: $(cat "$err")"
	[ "$(stat -c '%a %G' "$E2E_TMP/srv")" = "2770 $nogroup" ] || fail "a refused init changed the folder"
	chmod 700 "$E2E_TMP"
fi

# ---- a filesystem not known to be a local disk (procfs) is refused ----
if [ "$(stat -f -c %t /proc 2>/dev/null)" = 9fa0 ]; then
	run 77 --db /proc/careloop.db init
	grep -q "local disk" "$err" || fail "procfs was not refused as not local: $(cat "$err")"
fi

e2e_ok
