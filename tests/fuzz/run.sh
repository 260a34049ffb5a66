#!/bin/sh
# make fuzz: run each harness built by build.sh for SECONDS, from the committed seeds
# (tests/fuzz/corpus/HARNESS/) and what earlier runs found (BUILD/corpus/HARNESS/, kept
# between runs, never committed). Prints the executions of each; a finding stops with the
# input that caused it saved as BUILD/HARNESS-crash-… (replay: BUILD/HARNESS FILE).
# usage: run.sh SRCDIR BUILD SECONDS
set -eu
srcdir=$1 build=$2 seconds=$3
status=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

for seeds in "$srcdir"/tests/fuzz/corpus/*/; do
	name=$(basename "$seeds")
	mkdir -p "$build/corpus/$name"
	log="$build/$name.log"
	if "$build/$name" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$build/$name-" "$build/corpus/$name" "$seeds" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz: $name: $execs executions in ${seconds}s, no findings"
	else
		echo "fuzz: $name: FOUND A BUG (log: $log)"
		grep -A 40 -m 1 'ERROR\|invariant failed' "$log" | head -n 60
		status=1
	fi
done
exit $status
