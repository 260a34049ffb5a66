#!/bin/sh
# Open a demo clinic: title bar, column header, rows, the count; j/k/G/g move the selection
# (checked by the name at the cursor); s sorts by risk; i shows inactive patients; the same
# seed draws the same screen.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
assert_screen "careloop"
assert_screen "Patients"
for col in Name Age MRN Risk "Care manager"; do
	assert_screen "$col"
done
wait_for_re '[0-9][0-9,]* patients'
assert_screen "by name"
assert_screen "q:quit"
assert_screen "?:help"

# The header names the columns in this order on one row.
screen | grep -qE 'Name +Age +MRN +Risk +Care manager' || fail "the column header is out of order"

# Rows are "Family, Given" with a risk word.
screen | grep -qE '^[^,]+, .*(high|rising|low)' || fail "no patient rows on the screen"

# The selection starts on a row and j/k move it by one, to the row below and back (rows
# are compared whole: names repeat, MRNs do not).
first_idx=$(selected_index)
[ -n "$first_idx" ] || fail "no row is selected (reverse video) at start"
first=$(selected_row)
[ -n "$first" ] || fail "the selected row has no name"
below=$(screen_row $((first_idx + 1)))
send_keys j
second=$(wait_selection_change "$first") || exit 1
[ "$second" = "$below" ] || fail "j selected \"$second\", not the next row \"$below\""
[ "$(selected_index)" -eq $((first_idx + 1)) ] || fail "j did not move the cursor one row down"
send_keys k
again=$(wait_selection_change "$second") || exit 1
[ "$again" = "$first" ] || fail "k selected \"$again\", not \"$first\""
send_keys Down
n=$(wait_selection_change "$first") || exit 1
[ "$n" = "$below" ] || fail "Down selected \"$n\", not \"$below\""
send_keys Up
n=$(wait_selection_change "$below") || exit 1
[ "$n" = "$first" ] || fail "Up selected \"$n\", not \"$first\""

# G goes to the bottom: a different row; j there stays; g returns to the first row.
send_keys G
last=$(wait_selection_change "$first") || exit 1
last_idx=$(selected_index)
above=$(screen_row $((last_idx - 1)))
# j on the last patient stays there: j then k lands on the row above it.
send_keys j k
n=$(wait_selection_change "$last") || exit 1
[ "$n" = "$above" ] || fail "j then k from the last patient selected \"$n\", not \"$above\""
send_keys G
last2=$(wait_selection_change "$above") || exit 1
[ "$last2" = "$last" ] || fail "G again selected \"$last2\", not \"$last\""
send_keys g
top=$(wait_selection_change "$last") || exit 1
[ "$top" = "$first" ] || fail "g selected \"$top\", not the first row \"$first\""
send_keys End
n=$(wait_selection_change "$first") || exit 1
[ "$n" = "$last" ] || fail "End selected \"$n\", not \"$last\""
send_keys Home
n=$(wait_selection_change "$last") || exit 1
[ "$n" = "$first" ] || fail "Home selected \"$n\", not \"$first\""

# PgDn shows another page and PgUp comes back.
page1=$(screen)
send_keys NPage
wait_change "$page1"
n=$(selected_row)
[ "$n" != "$first" ] || fail "PgDn did not move the selection"
send_keys PPage
n=$(wait_selection_change "$n") || exit 1
[ "$n" = "$first" ] || fail "PgUp from the second page selected \"$n\", not \"$first\""

# s sorts by risk (high first) and back by name.
send_keys s
wait_for "by risk"
n=$(wait_selection_change "$first") || exit 1
printf '%s\n' "$n" | grep -qE ' high( |$)' || fail "sorted by risk, the first row is not high risk"
# High risk first: no rising or low row above a high one on the first page.
screen | sed -n '4,22p' | grep -E ' (high|rising|low)( |$)' | sed -E 's/.* (high|rising|low)( .*)?$/\1/' |
	uniq | tr '\n' ' ' | grep -qE '^high (rising )?(low )?$|^high $' ||
	fail "the first page sorted by risk is not high first"
send_keys s
wait_for "by name"
n=$(wait_selection_change "") || exit 1
[ "$n" = "$first" ] || fail "sorting back by name selected \"$n\", not \"$first\""

# i shows inactive and deceased patients too: the count grows; i again restores it.
active=$(screen_count)
[ -n "$active" ] || fail "no patient count on the screen"
[ "$active" -gt 0 ] && [ "$active" -le 300 ] || fail "the count $active is not 1..300"
send_keys i
all=$(wait_count != "$active") || exit 1
[ "$all" -gt "$active" ] || fail "showing inactive patients did not grow the count ($active -> $all)"
send_keys i
wait_count "$active" >/dev/null || exit 1

# The same seed draws the same list (rows under the title bar), in a second instance.
make_demo 300 7 "$E2E_TMP/same/careloop.db"
mine=$(screen | sed -n '2,22p')
DB_SAVE=$DB
DB=$E2E_TMP/same/careloop.db
start_app -s twin
wait_list
wait_for_re '[0-9][0-9,]* patients'
theirs=$(screen | sed -n '2,22p')
DB=$DB_SAVE
[ "$mine" = "$theirs" ] || fail "two demo databases with seed 7 show different lists:
$mine
----
$theirs"

# q quits.
send_keys q
wait_for "[careloop exited 0]"
e2e_use main
send_keys q
wait_for "[careloop exited 0]"

e2e_ok
