#!/bin/sh
# A search with more matches than are ranked (200): the header gives their exact count, and
# the list pages through every one of them in name order, to the last (G) and back — at
# 1,000,000 patients "smi" once listed 187 of 12,846 matches and said "187 matches".
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 3000 7
open_list
wait_for_re '[0-9][0-9,]* patients'

# One letter: the patients whose family name starts with it.
send_keys /
wait_for "Search:"
type_text "m"
send_keys Enter
wait_for 'search: "m"'
count=$(screen_count)
[ -n "$count" ] || fail "no count of matches in the header"
[ "$count" -gt 200 ] || fail "only $count matches of \"m\" in a clinic of 3,000: pick another letter"
refute_screen "over"

# Page down through the results, gathering the MRNs of the rows (every row's family name
# starts with M), until the screen stops changing.
seen=$E2E_TMP/seen
: >"$seen"
pages=0
while :; do
	before=$(screen)
	printf '%s\n' "$before" | sed -n '4,23p' | grep -oE 'MRN[0-9]{7}' >>"$seen"
	printf '%s\n' "$before" | sed -n '4,23p' | grep -E 'MRN[0-9]{7}' | sed 's/^ *//' |
		grep -v '^M' && fail "a row whose family name does not start with M"
	pages=$((pages + 1))
	[ "$pages" -lt 60 ] || fail "paging did not reach the end in 60 pages"
	send_keys NPage
	sleep 0.2
	[ "$(screen)" = "$before" ] && break
done
distinct=$(sort -u "$seen" | wc -l)
[ "$distinct" -eq "$count" ] ||
	fail "paging showed $distinct different patients of the $count matches"

# The top (g) and the end (G): the rows paging ended on, then the first ones again.
last=$(screen)
send_keys g
wait_change "$last"
top=$(screen)
send_keys G
wait_change "$top"
[ "$(screen)" = "$last" ] || fail "G did not show the rows that paging ended on"
send_keys g
wait_change "$last"
[ "$(screen)" = "$top" ] || fail "g did not come back to the first rows"

e2e_ok
