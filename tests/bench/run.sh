#!/bin/sh
# make bench: run the benchmark program, then time the real program's first screen in tmux
# over the same generated clinics. Prints figures, asserts nothing.
# Usage: run.sh BUILDDIR [SIZE...]   (generated databases go to $BENCH_DIR or a temp folder,
# and are deleted at the end)
set -eu
builddir=${1:?usage: run.sh BUILDDIR [SIZE...]}
shift
[ $# -gt 0 ] || set -- 100000 1000000
bench=$builddir/tests/bench/bench
careloop=$builddir/src/careloop

if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR"
	dir=$(mktemp -d "$BENCH_DIR/careloop-bench.XXXXXX")
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/careloop-bench.XXXXXX")
fi
sock=careloop-bench-$$
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
median() {
	tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

"$bench" --dir "$dir" --keep "$@"

# One referral letter (careloop referral letter: open the database, compose, draw with
# Cairo/Pango, write, record in the access log) as a whole process, PDF and text, median of 5.
if [ -x "$careloop" ]; then
	echo
	echo "=== a referral letter: the whole command, median of 5 ==="
	for n in "$@"; do
		db=$dir/bench-$n.db
		[ -f "$db" ] || continue
		id=$("$careloop" --db "$db" referral list --format csv | sed -n 2p | tr -d '\r' |
			awk -F, '{ print $NF }')
		[ -n "$id" ] || continue
		pdf="" txt=""
		for run in 1 2 3 4 5; do
			rm -f "$dir/letter.pdf"
			start=$(date +%s%N)
			"$careloop" --db "$db" referral letter "$id" --pdf "$dir/letter.pdf" >/dev/null
			pdf="$pdf $((($(date +%s%N) - start) / 1000000))"
			start=$(date +%s%N)
			"$careloop" --db "$db" referral letter "$id" --text >/dev/null
			txt="$txt $((($(date +%s%N) - start) / 1000000))"
		done
		echo "  $n patients: PDF median $(echo "$pdf" | median) ms ($pdf ), $(wc -c <"$dir/letter.pdf") bytes, $(pdftotext "$dir/letter.pdf" - 2>/dev/null | grep -c '^Page [0-9]* of') page(s); text median $(echo "$txt" | median) ms ($txt )"
	done
fi

# The panel import (careloop import patients) of PANEL_ROWS rows (default 100,000) from
# tests/bench/panel.sh: all new into an empty database, the same file again (all
# unchanged), then with 10% of the phones changed. rows/s by the wall clock, and the
# CPU seconds beside it (a loaded machine stretches the first, not the second).
panel_rows=${PANEL_ROWS:-100000}
if [ -x "$careloop" ]; then
	echo
	echo "=== panel import: careloop import patients, $panel_rows rows ==="
	sh "$(dirname "$0")/panel.sh" "$panel_rows" 1 >"$dir/panel.csv"
	sh "$(dirname "$0")/panel.sh" "$panel_rows" 1 10 >"$dir/panel10.csv"
	CARELOOP_TODAY=2026-12-07 "$careloop" --db "$dir/panel.db" init >/dev/null
	for run in "new:panel.csv" "unchanged:panel.csv" "10% changed:panel10.csv"; do
		what=${run%%:*} file=${run#*:}
		start=$(date +%s%N)
		timer=""
		[ -x /usr/bin/time ] && timer="/usr/bin/time -o $dir/panel.cpu -f %U+%S"
		# shellcheck disable=SC2086
		CARELOOP_TODAY=2026-12-07 $timer "$careloop" --db "$dir/panel.db" import patients \
			"$dir/$file" >"$dir/panel.out" 2>/dev/null
		cpu=$(cat "$dir/panel.cpu" 2>/dev/null || echo 0+0)
		ns=$(($(date +%s%N) - start))
		echo "  $what: $(awk -v n="$panel_rows" -v ns="$ns" -v cpu="$cpu" 'BEGIN {
			split(cpu, c, "+"); printf "%.0f rows/s (%.2f s; CPU %.2f s)", n / (ns / 1e9), ns / 1e9, c[1] + c[2] }')"
		echo "    $(cat "$dir/panel.out")"
	done
fi

# The results import (careloop import results) of RESULTS_ROWS rows (default 100,000) over
# the panel's patients: blood pressures and A1c, a tenth of the MRNs unknown; all new, then
# the same file again (every row already imported). Wall clock and CPU as for the panel.
results_rows=${RESULTS_ROWS:-100000}
if [ -x "$careloop" ] && [ -f "$dir/panel.db" ]; then
	echo
	echo "=== results import: careloop import results, $results_rows rows ==="
	awk -v n="$results_rows" -v p="$panel_rows" 'BEGIN {
		print "MRN,Date,LOINC code,Value,Unit"
		for (i = 0; i < n; i++) {
			k = i % p + 1; m = (i % 10 == 9) ? sprintf("X%07d", k) : sprintf("P%07d", k)
			d = sprintf("2026-%02d-%02d", int(i / p) % 11 + 1, i % 28 + 1)
			if (i % 3 == 2) printf "%s,%s,4548-4,%.1f,%%\n", m, d, 5 + (i * 7) % 80 / 10
			else printf "%s,%s,%s,%d,mmHg\n", m, d, (i % 3) ? "8462-4" : "8480-6", \
				(i % 3) ? 60 + i % 40 : 110 + i % 60
		}
	}' >"$dir/results.csv"
	for what in new again; do
		start=$(date +%s%N)
		timer=""
		[ -x /usr/bin/time ] && timer="/usr/bin/time -o $dir/results.cpu -f %U+%S"
		# shellcheck disable=SC2086
		CARELOOP_TODAY=2026-12-07 $timer "$careloop" --db "$dir/panel.db" import results \
			"$dir/results.csv" >"$dir/results.out" 2>/dev/null
		cpu=$(cat "$dir/results.cpu" 2>/dev/null || echo 0+0)
		ns=$(($(date +%s%N) - start))
		echo "  $what: $(awk -v n="$results_rows" -v ns="$ns" -v cpu="$cpu" 'BEGIN {
			split(cpu, c, "+"); printf "%.0f rows/s (%.2f s; CPU %.2f s)", n / (ns / 1e9), ns / 1e9, c[1] + c[2] }')"
		echo "    $(head -1 "$dir/results.out")"
	done
fi

# Time from starting the program in an 80x24 tmux pane until the worklist (the first view)
# shows its counts, polling the pane as fast as tmux answers. The same loop
# around a program that prints at once gives tmux's own overhead, shown beside it.
now_ms() {
	date +%s%N | cut -c1-13
}
time_screen() { # COMMAND TEXT -> ms, or "timeout"
	start=$(now_ms)
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 -s bench \
		"env LC_ALL=C.UTF-8 TERM=tmux-256color $1"
	i=0
	while ! tmux -L "$sock" capture-pane -p -t bench 2>/dev/null | grep -q "$2"; do
		i=$((i + 1))
		if [ $i -gt 5000 ]; then
			echo timeout
			tmux -L "$sock" capture-pane -p -t bench 2>/dev/null | sed -n '1,3p' >&2 || true
			tmux -L "$sock" kill-server 2>/dev/null || true
			return
		fi
	done
	echo $(($(now_ms) - start))
	tmux -L "$sock" kill-server 2>/dev/null || true
}

# Exports: the time, size and rate of careloop export (FHIR NDJSON, CSV of the patients)
# over each clinic, written into the benchmark folder and removed at once.
if [ -x "$careloop" ]; then
	echo
	echo "=== export: FHIR NDJSON and CSV patients (size, time, rate) ==="
	for n in "$@"; do
		db=$dir/bench-$n.db
		[ -f "$db" ] || continue
		out=$dir/export-$n
		start=$(now_ms)
		"$careloop" --db "$db" export fhir --ndjson "$out" 2>"$dir/export.err" || {
			echo "  $n patients: export fhir failed: $(tail -1 "$dir/export.err")"
			continue
		}
		ms=$(($(now_ms) - start))
		[ "$ms" -gt 0 ] || ms=1
		resources=$(sed -n 's/.*: \([0-9]*\) resources written to.*/\1/p' "$dir/export.err")
		bytes=$(cat "$out"/*.ndjson | wc -c)
		echo "  $n patients: fhir ndjson $resources resources, $((bytes / 1000000)) MB in $ms ms:" \
			"$((resources * 1000 / ms)) resources/s, $((bytes / 1000 / ms)) MB/s"
		rm -rf "$out"
		start=$(now_ms)
		"$careloop" --db "$db" export csv patients -o "$out.csv" 2>/dev/null
		ms=$(($(now_ms) - start))
		[ "$ms" -gt 0 ] || ms=1
		bytes=$(wc -c <"$out.csv")
		echo "  $n patients: csv patients $((bytes / 1000000)) MB in $ms ms: $((n * 1000 / ms)) rows/s"
		rm -f "$out.csv"
	done
fi

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not installed: no first-screen timing in a terminal"
	exit 0
fi
if [ ! -x "$careloop" ]; then
	echo "no $careloop: no first-screen timing in a terminal"
	exit 0
fi
echo
echo "=== first screen in tmux 80x24: start careloop until the worklist is counted ==="
base=""
for run in 1 2 3 4 5; do
	base="$base $(time_screen "sh -c 'echo READY; sleep 30'" READY)"
done
echo "  tmux overhead alone (a shell that prints at once): median $(echo "$base" | median) ms  ($base )"
for n in "$@"; do
	db=$dir/bench-$n.db
	[ -f "$db" ] || continue
	runs=""
	for run in 1 2 3 4 5; do
		runs="$runs $(time_screen "$careloop --db $db" 'Tasks due ([0-9o]')"
	done
	echo "  $n patients: median $(echo "$runs" | median) ms  ($runs )"
done

# The Reports view (5): from the key until its first draw (the measures' frame, figures
# "…"), then until the seven figures of the month are in (computed while idle, one by one).
time_reports() { # DB -> "first-draw-ms all-figures-ms"
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 -s bench \
		"env LC_ALL=C.UTF-8 TERM=tmux-256color CARELOOP_TODAY=2025-06-15 $careloop --db $1"
	i=0
	until tmux -L "$sock" capture-pane -p -t bench 2>/dev/null | grep -q 'Tasks due ([0-9o]'; do
		i=$((i + 1))
		[ $i -lt 5000 ] || break
	done
	start=$(now_ms)
	tmux -L "$sock" send-keys -t bench 5
	until tmux -L "$sock" capture-pane -p -t bench 2>/dev/null | grep -q '^ Reports: '; do
		i=$((i + 1))
		[ $i -lt 10000 ] || break
	done
	first=$(($(now_ms) - start))
	while tmux -L "$sock" capture-pane -p -t bench 2>/dev/null | sed -n '4,10p' | grep -qE '… +…'; do
		i=$((i + 1))
		[ $i -lt 100000 ] || break
	done
	echo "$first $(($(now_ms) - start))"
	tmux -L "$sock" kill-server 2>/dev/null || true
}
echo
echo "=== the Reports view (5): first draw / all seven figures of the month, ms ==="
for n in "$@"; do
	db=$dir/bench-$n.db
	[ -f "$db" ] || continue
	runs=""
	for run in 1 2 3; do
		runs="$runs, $(time_reports "$db")"
	done
	echo "  $n patients:${runs#,}"
done

ptybytes=$builddir/tests/bench/ptybytes
if [ -x "$ptybytes" ]; then
	for n in "$@"; do
		db=$dir/bench-$n.db
		[ -f "$db" ] || continue
		echo
		echo "=== $n patients"
		"$ptybytes" "$careloop" "$db"
	done
fi
