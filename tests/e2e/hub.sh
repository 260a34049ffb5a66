# A throw-away PostgreSQL hub for the sync scenarios (POSIX sh), sourced after lib.sh:
#   . "$(dirname "$E2E_LIB")/hub.sh"; hub_start
# initdb and pg_ctl as an unprivileged user (nobody, when the tests run as root: PostgreSQL
# refuses root) in the scenario's temporary folder, listening on a Unix socket there and
# nowhere else, as an administrator would start one. The server runs outside faketime
# (careloop's clock is the scenario's business, not the hub's). HUB is the conninfo.
# Skips (77) only when PostgreSQL's server programs are not installed.

hub_bin()
{
	_b=$(pg_config --bindir 2>/dev/null)
	if [ ! -x "$_b/initdb" ]; then
		for _d in /usr/lib/postgresql/*/bin; do
			[ -x "$_d/initdb" ] && _b=$_d
		done
	fi
	[ -x "$_b/initdb" ] && echo "$_b"
}

hub_as()
{
	if [ "$(id -u)" -eq 0 ]; then
		env -u LD_PRELOAD -u FAKETIME setpriv --reuid=nobody --regid=nogroup --clear-groups \
			"$@"
	else
		env -u LD_PRELOAD -u FAKETIME "$@"
	fi
}

hub_start()
{
	HUB_BIN=$(hub_bin) || {
		echo "e2e: $E2E_NAME: skipped (PostgreSQL is not installed: apt-get install postgresql)"
		exit 77
	}
	HUB_DIR=$E2E_TMP/hub
	mkdir -p "$HUB_DIR" || fail "cannot make $HUB_DIR"
	if [ "$(id -u)" -eq 0 ]; then
		chmod 711 "$E2E_TMP"
		chown nobody "$HUB_DIR"
	fi
	hub_as "$HUB_BIN/initdb" -D "$HUB_DIR/data" -A trust -U careloop -E UTF8 --no-sync \
		>"$HUB_DIR/initdb.log" 2>&1 || { cat "$HUB_DIR/initdb.log" >&2; fail "initdb failed"; }
	hub_as "$HUB_BIN/pg_ctl" -D "$HUB_DIR/data" -l "$HUB_DIR/server.log" -w -s \
		-o "-k $HUB_DIR -c listen_addresses= -c fsync=off" start ||
		{ cat "$HUB_DIR/server.log" >&2; fail "the hub did not start"; }
	trap 'hub_stop; e2e_cleanup' EXIT
	HUB="host=$HUB_DIR user=careloop dbname=postgres"
}

hub_stop()
{
	[ -n "${HUB_DIR:-}" ] && [ -f "$HUB_DIR/data/postmaster.pid" ] &&
		hub_as "$HUB_BIN/pg_ctl" -D "$HUB_DIR/data" -s -m immediate stop >/dev/null 2>&1
	return 0
}

# SQL on the hub (psql when installed, else careloop has no need of it: tests use it only
# to look), one value per line.
hub_sql()
{
	env -u LD_PRELOAD -u FAKETIME "$HUB_BIN/psql" -X -q -A -t -d "$HUB" -c "$1"
}

# ---- the sites' helpers the sync scenarios share ----

# cl DB ARGS...: careloop on a site's file, on the scenarios' fixed day.
cl()
{
	_db=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$_db" "$@"
}

# q DB SQL: one value from a site's file.
q()
{
	sqlite3 -readonly "$1" "$2"
}

# sync DB [ARGS]: a sync that must succeed; its summary line in $out.
sync_ok()
{
	_db=$1
	shift
	out=$(cl "$_db" sync --hub "$HUB" "$@" 2>&1) ||
		fail "sync of $(basename "$_db") exited $?: $out"
}

# Leave careloop with q, as a person would, check that it exited 0, and close its session.
quit_session()
{
	_n=0
	until screen | grep -q '^\[careloop exited '; do
		_n=$((_n + 1))
		[ "$_n" -le 20 ] || fail "q does not leave careloop"
		send_keys q
		sleep 0.2
	done
	screen | grep -q '^\[careloop exited 0\]' || fail "careloop did not exit 0"
	e2e_tmux kill-session -t "$E2E_TARGET"
	e2e_use main
}

# open_site_chart DB MRN NAME: careloop on DB in a session of its own (quit_session ends
# it), the patient found by MRN (NAME in the results) and the chart open.
open_site_chart()
{
	DB=$1
	start_app -s "p$$"
	e2e_use "p$$"
	wait_for "Worklist"
	send_keys /
	wait_for "Search:"
	type_text "$2"
	wait_for "$3"
	send_keys Enter
	wait_for 'search: '
	send_keys Enter
	wait_for "Demographics"
}

# set_phone DB MRN NAME PHONE: the patient's phone changed in the edit form (e, F10).
set_phone()
{
	open_site_chart "$1" "$2" "$3"
	send_keys e
	wait_for "Edit patient"
	set_field Phone "$4"
	send_keys F10
	wait_for "Saved."
	quit_session
}
