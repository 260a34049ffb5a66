#!/bin/sh
# --demo throws its clinic away on every way out: quitting, and SIGHUP (the terminal closed,
# ssh dropped), SIGTERM and SIGINT, in the interface and while the clinic is still being
# made. The database, its -wal/-shm and its access log all go, with their folder.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

# --demo makes its folder under $TMPDIR when XDG_RUNTIME_DIR is unset: a folder of ours.
RUN=$E2E_TMP/run
mkdir "$RUN" || fail "cannot make $RUN"
export TMPDIR="$RUN"
unset XDG_RUNTIME_DIR

# The pid of careloop in the current session (a child of the pane's shell).
careloop_pid()
{
	_pp=$(e2e_tmux display -p -t "$E2E_TARGET" '#{pane_pid}')
	for _d in /proc/[0-9]*; do
		[ "$(cut -d' ' -f4 "$_d/stat" 2>/dev/null)" = "$_pp" ] || continue
		[ "$(cat "$_d/comm" 2>/dev/null)" = careloop ] || continue
		echo "${_d#/proc/}"
		return 0
	done
	return 1
}

demo_files()
{
	find "$RUN" -mindepth 1 2>/dev/null
}

# Wait until the demo folder is gone (the process may still be ending).
wait_removed()
{
	_n=$((E2E_TIMEOUT * 20))
	while [ -n "$(demo_files)" ]; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || fail "$1 left the demo files behind: $(demo_files)"
		sleep 0.05
	done
}

# In the interface, with a chart opened (so that the access log exists too): SIGNAL.
demo_in_interface()
{
	_sig=$1
	start_app -s "$_sig" --demo
	wait_for " Worklist: " 30
	send_keys 2
	wait_list
	send_keys Enter
	wait_for "Demographics"
	[ -n "$(find "$RUN" -name demo.db)" ] || fail "no demo.db under $RUN: $(demo_files)"
	[ -n "$(find "$RUN" -name demo.db-access)" ] || fail "no access log beside demo.db"
	pid=$(careloop_pid) || fail "cannot find the careloop process"
	kill -"$_sig" "$pid" || fail "kill -$_sig $pid failed"
	wait_for "[careloop exited "
	wait_removed "SIG$_sig in the interface"
	e2e_tmux kill-session -t "$_sig"
}

demo_in_interface HUP
demo_in_interface TERM
demo_in_interface INT

# While the clinic is being made (before the interface): the files go as well.
start_app -s early --demo
n=$((E2E_TIMEOUT * 100))
until [ -n "$(find "$RUN" -name 'demo.db*')" ]; do
	n=$((n - 1))
	[ "$n" -gt 0 ] || fail "--demo made no database under $RUN"
	sleep 0.01
done
pid=$(careloop_pid) || fail "cannot find the careloop process"
kill -TERM "$pid"
wait_for "[careloop exited 143]"
wait_removed "SIGTERM while the demo is made"
e2e_tmux kill-session -t early

# Quitting as usual removes them too.
start_app -s quit --demo
wait_for " Worklist: " 30
send_keys q
wait_for "[careloop exited 0]"
wait_removed "q"

e2e_ok
