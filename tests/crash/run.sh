#!/bin/bash
# make crash-test: careloop killed with SIGKILL at a random moment while it generates a demo
# clinic or imports organizations, screenings, hospital events (HL7) or a panel of patients
# (new ones, and updates of the clinic's own, with the absent ones marked inactive); after
# each kill, `careloop check` must pass
# (integrity, audit chain, triggers, derived columns) and an import must be all or nothing
# (the row counts are those before it or after it, never between).
# usage: run.sh CARELOOP COUNT      (CRASH_RUNS: kills, default 20; CRASH_SEED: replay one)
set -euo pipefail

careloop=$1 count=$2
runs=${CRASH_RUNS:-20}
seed=${CRASH_SEED:-$(( $(date +%s) % 1000000 ))}
echo "crash-test: $runs runs, seed $seed (replay: make crash-test CRASH_SEED=$seed CRASH_RUNS=$runs)"

# Our own generator (bash's RANDOM repeats itself in its low bits): rand N sets r to 0 … N-1.
state=$seed
rand() {
	state=$(((state * 1103515245 + 12345) % 2147483648))
	r=$((state / 65536 % $1))
}

work=$(mktemp -d "${TMPDIR:-/tmp}/careloop-crash-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CARELOOP_TODAY=2026-06-15 LC_ALL=C.UTF-8
unset CARELOOP_DB

ms() { date +%s%3N; }
fail() {
	echo "crash-test: FAIL (seed $seed, run $run: $op killed after ${delay}ms): $*" >&2
	exit 1
}

# The clinic every import starts from, and the files: organizations with new names, one
# screening for each of its patients (MRN0000001 …) on each of five days they have none.
"$careloop" --db "$work/base.db" demo --patients 300 --seed 1 >/dev/null 2>&1
awk 'BEGIN { print "kind,name,services,phone,languages";
	for (i = 1; i <= 4000; i++)
		printf "community,Crash Test Pantry %d,food-insecurity,555-01%02d,en;es\n", i, i % 100 }' \
	>"$work/orgs.csv"
awk 'BEGIN { print "mrn,date,instrument,q1,q2";
	for (d = 1; d <= 5; d++) for (i = 1; i <= 300; i++)
		printf "MRN%07d,2021-03-0%d,ahc-hrsn,LA31993-1,LA9-3\n", i, d }' \
	>"$work/screenings.csv"
# ADT messages: an admission and a discharge for each patient, on each of five days.
awk 'BEGIN { for (d = 1; d <= 5; d++) for (i = 1; i <= 300; i++) {
		printf "MSH|^~\\&|EPIC|MERCY|||2026050%d0800||ADT^A01|A%d-%d|P|2.5.1\n", d, d, i
		printf "PID|1||MRN%07d^^^C^MR\nPV1|1|I\n", i
		printf "MSH|^~\\&|EPIC|MERCY|||2026050%d1600||ADT^A03|D%d-%d|P|2.5.1\n", d, d, i
		printf "PID|1||MRN%07d^^^C^MR\nPV1|1|I\n", i } }' >"$work/events.hl7"
# The panel: the clinic's 300 patients with a new phone each (updates), all but the last 50
# (marked inactive), and 3,000 new ones (the audit count tells before from after).
awk 'BEGIN { print "MRN,Last Name,First Name,DOB,Phone";
	for (i = 1; i <= 250; i++)
		printf "MRN%07d,Crash,Test,1950-01-01,505555%04d\n", i, i
	for (i = 1; i <= 3000; i++)
		printf "CRASH%05d,Panel,New,7/4/62,(505) 555-%04d\n", i, i }' >"$work/patients.csv"
base_counts=$("$count" "$work/base.db")

# One operation on a fresh copy (demo: a new file), in the background; its pid in $pid.
start() {
	rm -f "$work"/run.db*
	case $op in
	demo) "$careloop" --db "$work/run.db" demo --patients 1000 --seed 2 >/dev/null 2>&1 & ;;
	orgs | screenings)
		cp "$work/base.db" "$work/run.db"
		"$careloop" --db "$work/run.db" import "$op" "$work/$op.csv" >/dev/null 2>&1 & ;;
	events)
		cp "$work/base.db" "$work/run.db"
		"$careloop" --db "$work/run.db" import events "$work/events.hl7" >/dev/null 2>&1 & ;;
	patients)
		cp "$work/base.db" "$work/run.db"
		"$careloop" --db "$work/run.db" import patients "$work/patients.csv" \
			--inactivate-missing --yes </dev/null >/dev/null 2>&1 & ;;
	esac
	pid=$!
}

# How long each operation takes uncut, and the counts after it: kills land in 0 … that.
declare -A took after
for op in demo orgs screenings events patients; do
	t0=$(ms)
	start
	wait "$pid" || { echo "crash-test: $op fails uncut" >&2; exit 1; }
	took[$op]=$(($(ms) - t0))
	after[$op]=$("$count" "$work/run.db")
	echo "crash-test: $op takes ${took[$op]}ms uncut"
done
if [ "${after[orgs]}" = "$base_counts" ] || [ "${after[screenings]}" = "$base_counts" ] ||
	[ "${after[events]}" = "$base_counts" ] || [ "${after[patients]}" = "$base_counts" ]; then
	echo "crash-test: an import imports nothing" >&2
	exit 1
fi

ops=(demo orgs screenings events patients)
created=0 finished=0
declare -A kills=([demo]=0 [orgs]=0 [screenings]=0 [events]=0 [patients]=0)
declare -A kept=([orgs]=0 [screenings]=0 [events]=0 [patients]=0)
for ((run = 1; run <= runs; run++)); do
	rand ${#ops[@]}
	op=${ops[r]}
	rand $((took[$op] + 1))
	delay=$r
	start
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL "$pid" 2>/dev/null || true
	status=0
	wait "$pid" 2>/dev/null || status=$?
	kills[$op]=$((kills[$op] + 1))
	[ "$status" -eq 137 ] || finished=$((finished + 1)) # it ended before the kill

	if [ "$op" = demo ] && [ ! -s "$work/run.db" ]; then
		continue # killed before the file had anything: nothing to check
	fi
	msg=$("$careloop" --db "$work/run.db" check 2>&1) || {
		# Killed while the new file was being set up (turning it to WAL leaves a hot
		# rollback journal; each migration is one transaction): check refuses with that
		# reason, and opening it read-write (careloop init) finishes the setup.
		case $op:$msg in
		demo:*"needs an upgrade"* | demo:*"middle of a write"*)
			created=$((created + 1))
			"$careloop" --db "$work/run.db" init >/dev/null 2>&1 ||
				fail "reopening read-write fails"
			msg=$("$careloop" --db "$work/run.db" check 2>&1) ||
				fail "careloop check after reopening: $msg"
			;;
		*) fail "careloop check: $msg" ;;
		esac
	}
	[ "$op" = demo ] && continue
	now=$("$count" "$work/run.db") || fail "count: $now"
	if [ "$now" = "${after[$op]}" ]; then
		kept[$op]=$((kept[$op] + 1))
	elif [ "$now" != "$base_counts" ]; then
		fail "half an import: $now (before: $base_counts; after: ${after[$op]})"
	fi
done
echo "crash-test: $runs kills (demo ${kills[demo]} ($created while creating the file), orgs ${kills[orgs]}" \
	"(${kept[orgs]} after commit), screenings ${kills[screenings]} (${kept[screenings]} after" \
	"commit), events ${kills[events]} (${kept[events]} after commit), patients" \
	"${kills[patients]} (${kept[patients]} after commit)); $finished had ended before their" \
	"kill; 0 failures, seed $seed"
