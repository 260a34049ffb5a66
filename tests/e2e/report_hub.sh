#!/bin/sh
# careloop report --hub: the network's figures from the hub. Two sites and a real PostgreSQL
# hub (hub.sh): north a demo clinic, south a few other patients imported from CSV (with
# conditions and readings). Both synced, north holds every record: for every measure the
# hub computes, `report --hub --format csv` gives north's `report --format csv` row for row
# (the same numerators, denominators and every other figure), over two periods with data.
# The table says it is the network's figures. tcm-contact (each clinic's calendar) is
# refused alone (exit 69, a clear message) and left out, said so, from the full report.
# A hub without the reporting layer, --hub with --by: refused.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "${E2E_LIB:-$0}")/hub.sh"

hub_start
A=$E2E_TMP/north.db
B=$E2E_TMP/south.db

cl "$A" init >/dev/null || fail "init north"
cl "$B" init >/dev/null || fail "init south"
make_demo 150 3 "$A"

# Before hub init: no reporting layer.
out=$(cl "$A" report --hub "$HUB" 2>&1)
rc=$?
[ "$rc" -eq 69 ] || fail "report --hub before hub init exited $rc, not 69: $out"
echo "$out" | grep -q "run careloop hub init" || fail "before hub init: $out"
cl "$A" hub init --hub "$HUB" >/dev/null || fail "hub init failed"

cat >"$E2E_TMP/patients.csv" <<'CSV'
MRN,Last Name,First Name,DOB
S001,Southby,Ana,1961-03-04
S002,Southby,Ben,1975-07-19
S003,Marsh,Cleo,1948-12-01
S004,Marsh,Dov,2012-05-05
CSV
cl "$B" import patients "$E2E_TMP/patients.csv" >/dev/null || fail "south: import patients"
cat >"$E2E_TMP/conditions.csv" <<'CSV'
MRN,Code,Code system,Onset date
S001,E11.9,ICD-10-CM,2019-04-02
S002,I10,,2021-01-15
S003,I10,,
S003,E11.65,,
CSV
cl "$B" import conditions "$E2E_TMP/conditions.csv" >/dev/null || fail "south: import conditions"
cat >"$E2E_TMP/results.csv" <<'CSV'
MRN,Date,LOINC code,Value,Unit
S001,2026-10-05,4548-4,10.4,%
S002,2026-10-05,8480-6,152,mm[Hg]
S002,2026-10-05,8462-4,96,mm[Hg]
S003,2026-06-01,8480-6,128,mmHg
S003,2026-06-01,8462-4,82,mmHg
S003,2026-02-11,4548-4,7.1,%
CSV
cl "$B" import results "$E2E_TMP/results.csv" >/dev/null || fail "south: import results"

for site in "$A north" "$B south" "$A north"; do
	set -- $site
	out=$(cl "$1" sync --hub "$HUB" --site "$2" 2>&1) || fail "sync of $2 exited $?: $out"
done
[ "$(sqlite3 -readonly "$A" "SELECT count(*) FROM patient WHERE mrn LIKE 'S00%'")" = 4 ] ||
	fail "north lacks south's patients after the syncs"

measures=$(cl "$A" report --format csv | sed 1d | cut -d, -f1 | sort -u)
[ -n "$measures" ] || fail "no measures in north's report"
for period in "2026-10-01 2026-10-31" "2026-01-01 2026-11-22"; do
	set -- $period
	compared=0
	for m in $measures; do
		[ "$m" = tcm-contact ] && continue
		cl "$A" report "$m" --from "$1" --to "$2" --format csv >"$E2E_TMP/site.csv" ||
			fail "report $m on north exited $?"
		cl "$A" report "$m" --hub "$HUB" --from "$1" --to "$2" --format csv \
			>"$E2E_TMP/hub.csv" 2>"$E2E_TMP/hub.err" ||
			fail "report $m --hub exited $?: $(cat "$E2E_TMP/hub.err")"
		if ! cmp -s "$E2E_TMP/site.csv" "$E2E_TMP/hub.csv"; then
			diff "$E2E_TMP/site.csv" "$E2E_TMP/hub.csv" | head -n 20 >&2
			fail "$m $1..$2: the hub's figures differ from north's"
		fi
		compared=$((compared + 1))
	done
	[ "$compared" -ge 9 ] || fail "only $compared measures compared"
	# Figures that are not all zero: the comparison means something.
	nonzero=$(cl "$A" report --hub "$HUB" --from "$1" --to "$2" --format csv 2>/dev/null |
		awk -F, 'NR > 1 && $7 > 0 { print $1 }' | sort -u | wc -l)
	[ "$nonzero" -ge 5 ] || fail "$1..$2: only $nonzero measures have a denominator"
done

# South's patients count on the hub: the chronic measures see them.
cl "$A" report bp-control --hub "$HUB" --from 2026-10-01 --to 2026-10-31 --format csv \
	>"$E2E_TMP/bp.csv" || fail "bp-control --hub"
site_only=$(cl "$A" report bp-control --from 2026-10-01 --to 2026-10-31 --format csv)
[ "$site_only" = "$(cat "$E2E_TMP/bp.csv")" ] || fail "bp-control differs"

# The table: the same blocks as the site's, under a line saying whose figures they are.
cl "$A" report --hub "$HUB" --from 2026-10-01 --to 2026-10-31 >"$E2E_TMP/hub.txt" \
	2>"$E2E_TMP/hub.err" || fail "report --hub (table) exited $?"
head -n 1 "$E2E_TMP/hub.txt" | grep -q "^Network figures from the hub" ||
	fail "the table does not say it is the network's figures: $(head -n 1 "$E2E_TMP/hub.txt")"
cl "$A" report --from 2026-10-01 --to 2026-10-31 |
	awk '/^tcm-contact:/ { skip = 1; next } skip && /^$/ { skip = 0; next } !skip' \
	>"$E2E_TMP/site.txt"
sed 1d "$E2E_TMP/hub.txt" | diff - "$E2E_TMP/site.txt" >&2 ||
	fail "the hub's table differs from north's (tcm-contact aside)"
grep -q "tcm-contact left out: it cannot be computed on the hub" "$E2E_TMP/hub.err" ||
	fail "the full report does not say tcm-contact was left out: $(cat "$E2E_TMP/hub.err")"

# A measure the hub cannot compute: refused, exit 69, a clear message.
out=$(cl "$A" report tcm-contact --hub "$HUB" 2>&1)
rc=$?
[ "$rc" -eq 69 ] || fail "report tcm-contact --hub exited $rc, not 69: $out"
echo "$out" | grep -q "tcm-contact cannot be computed on the hub" || fail "no clear refusal: $out"
out=$(cl "$A" report --hub "$HUB" --by care-manager 2>&1)
[ $? -eq 64 ] || fail "--hub with --by was not a usage error: $out"

# The hub setting stands in for CONNINFO.
cl "$A" config hub "$HUB" >/dev/null ||
	fail "cannot set the hub setting"
cl "$A" report caseload --hub --format csv >"$E2E_TMP/hub.csv" || fail "report --hub from the setting"
cl "$A" report caseload --format csv | cmp -s - "$E2E_TMP/hub.csv" ||
	fail "caseload from the hub setting differs"
exit 0
