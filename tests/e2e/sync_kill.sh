#!/bin/sh
# careloop sync killed with SIGKILL at random moments, 50 times (SYNC_KILLS), at two sites
# working between kills (each imports 40 new patients and writes a note): a sync cut off
# anywhere is simply run again. After the last kill, two clean syncs each: every patient
# and note exactly once at both sites (nothing lost, nothing applied twice), the sites
# equal row by row, careloop check passing at both. Seeded; the seed is printed.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "${E2E_LIB:-$0}")/hub.sh"

kills=${SYNC_KILLS:-50}
seed=${SYNC_SEED:-$(($(date +%s) % 100000))}
echo "sync_kill: $kills kills, seed $seed (replay: SYNC_SEED=$seed)"
state=$seed
rand()
{
	state=$(((state * 1103515245 + 12345) % 2147483648))
	r=$((state / 65536 % $1))
}

hub_start
A=$E2E_TMP/north.db
B=$E2E_TMP/south.db
cl "$A" init >/dev/null && cl "$B" init >/dev/null || fail "init"
make_demo 100 5 "$A"
cl "$A" hub init --hub "$HUB" >/dev/null || fail "hub init"
cl "$A" sync --hub "$HUB" --site north >/dev/null || fail "north's first sync"
cl "$B" sync --hub "$HUB" --site south >/dev/null || fail "south's first sync"
first=$(q "$A" "SELECT mrn FROM patient ORDER BY mrn LIMIT 1")

# work DB SITE N: 40 new patients (one import) and a note, as a coordinator's day would add.
work()
{
	awk -v s="$2" -v n="$3" 'BEGIN { print "MRN,Last Name,First Name,DOB,Phone";
		for (i = 1; i <= 40; i++)
			printf "%s-%d-%d,Killtest,%s%d,1960-01-%02d,(555) 010-%04d\n", s, n, i, s, n, i % 28 + 1, i }' \
		>"$E2E_TMP/panel.csv"
	cl "$1" import patients "$E2E_TMP/panel.csv" >/dev/null 2>&1 || fail "import at $2, round $3"
	echo "Kill test note $2 $3" | cl "$1" note add "$first" --kind note >/dev/null 2>&1 ||
		fail "note at $2, round $3"
}

killed=0
for n in $(seq 1 "$kills"); do
	work "$A" north "$n"
	work "$B" south "$n"
	rand 2
	if [ "$r" -eq 0 ]; then db=$A; else db=$B; fi
	rand 400
	delay=$r
	cl "$db" sync --hub "$HUB" --site "$(basename "$db" .db)" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
	if kill -9 "$pid" 2>/dev/null; then
		killed=$((killed + 1))
	fi
	wait "$pid" 2>/dev/null
	# A killed sync leaves a consistent file behind.
	cl "$db" check >/dev/null 2>&1 || fail "check fails after a sync killed after ${delay} ms"
done
echo "sync_kill: $killed of $kills syncs killed before they finished"
[ "$killed" -gt 0 ] || fail "no sync was killed: the delays are too long to test anything"

for db in "$A" "$B" "$A" "$B"; do
	out=$(cl "$db" sync --hub "$HUB" 2>&1) || fail "the sync after the kills exited $?: $out"
done
echo "$out" | grep -q "0 open conflicts" || fail "conflicts after the kills: $out"
for db in "$A" "$B"; do
	site=$(basename "$db" .db)
	[ "$(q "$db" "SELECT count(*) FROM patient WHERE family_name = 'Killtest'")" -eq $((kills * 80)) ] ||
		fail "$site has $(q "$db" "SELECT count(*) FROM patient WHERE family_name = 'Killtest'") test patients, not $((kills * 80))"
	[ "$(q "$db" "SELECT count(*) FROM note WHERE body LIKE 'Kill test note %'")" -eq $((kills * 2)) ] ||
		fail "$site has $(q "$db" "SELECT count(*) FROM note WHERE body LIKE 'Kill test note %'") test notes, not $((kills * 2))"
	[ "$(q "$db" "SELECT count(DISTINCT body) FROM note WHERE body LIKE 'Kill test note %'")" -eq $((kills * 2)) ] ||
		fail "$site has a test note twice or lost one"
	cl "$db" check >/dev/null 2>&1 || fail "check fails at $site after the kills"
done
for t in patient note contact screening task referral organization; do
	[ "$(sqlite3 -readonly -cmd '.mode quote' "$A" "SELECT * FROM $t" | sort | cksum)" = \
		"$(sqlite3 -readonly -cmd '.mode quote' "$B" "SELECT * FROM $t" | sort | cksum)" ] ||
		fail "the sites differ in $t after the kills"
done
[ "$(hub_sql "SELECT count(*) - count(DISTINCT (site, site_seq)) FROM careloop.change")" -eq 0 ] ||
	fail "the hub holds a change twice"

e2e_ok
