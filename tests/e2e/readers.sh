#!/bin/sh
# Readers never wait for a writer. While another process holds the database's write lock
# (as a long import does), the interface starts, a chart opens, and every report runs: all
# at once, none "busy" (before, each waited 5 s and exited 75). The chart view and the
# report runs are recorded in the access log (DB-access), checked by careloop check.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

HOLD_WRITE=${HOLD_WRITE:-$(dirname "$CARELOOP")/../tests/e2e/hold_write}
[ -x "$HOLD_WRITE" ] || fail "no hold_write helper at $HOLD_WRITE (make check builds it)"

out=$E2E_TMP/out
err=$E2E_TMP/err
holder=

stop_holder()
{
	if [ -n "$holder" ]; then
		: >"$E2E_TMP/stop"
		wait "$holder"
		holder=
	fi
}
trap 'stop_holder; e2e_cleanup' EXIT

make_demo 300 7

"$HOLD_WRITE" "$DB" "$E2E_TMP/ready" "$E2E_TMP/stop" &
holder=$!
n=200
while [ ! -e "$E2E_TMP/ready" ]; do
	n=$((n - 1))
	[ "$n" -gt 0 ] && kill -0 "$holder" 2>/dev/null || fail "hold_write did not take the write lock"
	sleep 0.05
done

# A report must not wait for the writer: it has 3 s (the busy timeout is 5).
report()
{
	_start=$(date +%s)
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err"
	_got=$?
	_took=$(($(date +%s) - _start))
	[ "$_got" = 0 ] || fail "careloop $* exited $_got during a write: $(cat "$err")"
	[ "$_took" -le 3 ] || fail "careloop $* took ${_took}s during a write"
}

# The interface starts and opens a chart.
open_list
wait_for_re '[0-9][0-9,]* patients'
send_keys Enter
wait_for "Demographics"
refute_screen "busy"

report worklist
grep -q '^Tasks due' "$out" || fail "worklist printed no counts: $(cat "$out")"
report referral list
report referral list --all
report screening due --limit 0
report screening list --positive food
report minutes --month 2026-11
report config lock_minutes
[ "$(cat "$out")" = 10 ] || fail "config lock_minutes printed $(cat "$out")"
report check

send_keys q
stop_holder

# One chart view and six report runs, chained; nothing of it in the audit.
report check
grep -q 'access log chain of 7 rows' "$out" || fail "check: $(cat "$out")"
if command -v sqlite3 >/dev/null 2>&1; then
	got=$(sqlite3 "$DB-access" "SELECT action || ' ' || what FROM access ORDER BY seq" | tr '\n' '|')
	[ "$got" = "view patient|report worklist|report referral list|report referral list|report screening due|report screening list --positive|report minutes|" ] ||
		fail "the access log holds: $got"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'view'")" = 0 ] ||
		fail "views still go to the audit table"
fi
[ "$(stat -c %a "$DB-access")" = 600 ] || fail "the access log is mode $(stat -c %a "$DB-access"), not 600"

e2e_ok
