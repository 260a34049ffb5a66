#!/bin/bash
# make bench-sync: a site's changes through a real PostgreSQL hub, as rows per second. A
# throw-away cluster on a Unix socket (as tests/e2e/hub.sh starts it, fsync on: the hub's
# real cost); site north with a demo clinic of SYNC_PATIENTS patients (about 30 records a
# patient) makes its first sync (every record pushed), then an empty site south joins (every
# record pulled and applied, with its derived rows), then north edits 10% of its patients
# and both sync again (incremental push and pull). Figures: seconds and rows/s, median of
# one run each (the hub grows as it goes; run it twice to see the spread).
# usage: sync.sh CARELOOP [PATIENTS]
set -euo pipefail
careloop=$1
patients=${2:-${SYNC_PATIENTS:-3300}}
bin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bin/initdb" ] || for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin=$d; done
[ -x "$bin/initdb" ] || { echo "bench-sync: PostgreSQL is not installed (apt-get install postgresql)"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/careloop-bench-sync.XXXXXX")
as=()
if [ "$(id -u)" -eq 0 ]; then
	chmod 711 "$work"
	mkdir "$work/hub" && chown nobody "$work/hub"
	as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
	mkdir "$work/hub"
fi
stop() {
	"${as[@]}" "$bin/pg_ctl" -D "$work/hub/data" -s -m fast stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap stop EXIT
"${as[@]}" "$bin/initdb" -D "$work/hub/data" -A trust -U careloop -E UTF8 >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$work/hub/data" -l "$work/hub/log" -w -s \
	-o "-k $work/hub -c listen_addresses=" start
hub="host=$work/hub user=careloop dbname=postgres"
export CARELOOP_TODAY=2026-11-23
A=$work/north.db B=$work/south.db
"$careloop" --db "$A" init >/dev/null
"$careloop" --db "$B" init >/dev/null
"$careloop" --db "$A" demo --patients "$patients" --seed 1 >/dev/null
"$careloop" --db "$A" hub init --hub "$hub" >/dev/null

now() { date +%s.%N; }
# run LABEL DB: one sync, timed; prints the figures from its summary line.
run() {
	local t0 t1 out n
	t0=$(now)
	out=$("$careloop" --db "$2" sync --hub "$hub" --site "$(basename "$2" .db)")
	t1=$(now)
	case $1 in
	push*) n=$(echo "$out" | sed -n 's/^sent \([0-9]*\) .*/\1/p') ;;
	*) n=$(echo "$out" | sed -n 's/.*received \([0-9]*\) .*/\1/p') ;;
	esac
	awk -v l="$1" -v n="$n" -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%-28s %8d rows %7.2f s %9.0f rows/s\n", l, n, b - a, n / (b - a) }'
}
echo "bench-sync: $patients patients ($(sqlite3 "$A" 'SELECT count(*) FROM patient') in north)"
run "push (north joins)" "$A"
run "pull (south joins)" "$B"
# North edits a tenth of its patients (a new phone each, as the edit form would: a version more).
sqlite3 "$A" "UPDATE patient SET phone = '(555) 010-' || printf('%04d', rowid % 10000),
	version = version + 1 WHERE rowid % 10 = 0"
run "push (10% edited)" "$A"
run "pull (10% edited)" "$B"
"$careloop" --db "$B" check >/dev/null && echo "bench-sync: south passes careloop check"
