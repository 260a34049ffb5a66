#!/bin/sh
# Incremental search: "/" and a prefix of a name on the screen lists that patient and drops
# one that does not match; Backspace edits; Esc restores the full list; Enter keeps the
# results with 'search: "text"' and their count; no match says so; an MRN finds its patient.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'
total=$(screen_count)

# A patient on the screen with a plain ASCII family name of 4+ letters, the prefix to type,
# and another patient on the screen whose row does not contain that prefix at all.
target="" prefix="" other=""
rows=$(ascii_rows)
[ -n "$rows" ] || fail "no ASCII-only patient rows on the first screen"
while IFS= read -r row; do
	family=$(row_name "$row" | sed "s/,.*//")
	case "$family" in *[!A-Za-z]* | ? | ?? | ???) continue ;; esac
	p=$(printf '%s' "$family" | cut -c1-4)
	o=$(printf '%s\n' "$rows" | grep -viF -- "$p" | head -n 1)
	[ -n "$o" ] || continue
	case "$row" in *"$(row_name "$o")"*) continue ;; esac
	target=$(row_name "$row") prefix=$p other=$(row_name "$o")
	target_row=$row
	break
done <<EOF
$rows
EOF
[ -n "$target" ] || fail "found no pair of rows to search between"

# Type the prefix in lower case, one key at a time: the prompt shows it, the list filters.
send_keys /
wait_for "Search:"
lower=$(printf '%s' "$prefix" | tr 'A-Z' 'a-z')
type_text "$lower"
wait_for "Search: $lower"
wait_gone "$other"
assert_screen "$target"
filtered=$(screen_count)
if [ -n "$filtered" ]; then
	[ "$filtered" -lt "$total" ] || fail "the count did not drop while searching ($total)"
fi
# Every listed row matches the prefix somewhere (name words; ASCII rows only).
screen | sed -n '2,21p' | grep -E ', .*(high|rising|low)' | LC_ALL=C grep -v '[^ -~]' |
	grep -viF -- "$lower" | grep -q . && fail "a row that does not match \"$lower\" is listed"

# Backspace edits: a non-matching extra letter empties the list, Backspace brings it back.
type_text "qqxz"
wait_for "no patients match"
wait_gone "$target"
send_keys BSpace BSpace BSpace BSpace
wait_for "$target"
wait_gone "no patients match"

# Esc cancels: the full list and its count come back.
send_keys Escape
wait_gone "Search:"
wait_for "$other"
[ "$(wait_count "$total")" = "$total" ] || exit 1

# Enter keeps the results: header says search: "text" with the count of matches.
send_keys /
wait_for "Search:"
type_text "$lower"
wait_gone "$other"
send_keys Enter
wait_for "search: \"$lower\""
wait_gone "Search:"
assert_screen "$target"
refute_screen "$other"
screen | grep -qE '[0-9][0-9,]* (match|matches|patients|patient)' ||
	fail "the kept search shows no count of matches"
# The kept results can be moved through and opened like the list.
send_keys Escape
wait_for "$other"
wait_gone "search: \"$lower\""

# An MRN finds its patient.
mrn=$(row_column "$target_row" MRN)
[ -n "$mrn" ] || fail "could not read the MRN of \"$target\""
send_keys /
wait_for "Search:"
type_text "$mrn"
wait_gone "$other"
wait_for "$target"
send_keys Escape
wait_for "$other"

e2e_ok
