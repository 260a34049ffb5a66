#!/bin/sh
# The chart: Enter on a patient opens it; the header has the name, age, MRN, risk and care
# manager; the Demographics section lists the record; the age agrees with the birth date
# (today is 2026-11-23); q and Esc return to the list at the same patient.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'

# Select a plain-ASCII row a few lines down so that "the same patient" means something.
row=$(select_ascii_row 3) || exit 1
name=$(row_name "$row")
family=$(printf '%s\n' "$name" | sed 's/,.*//')
given=$(printf '%s\n' "$name" | sed 's/^[^,]*, *//')
mrn=$(row_column "$row" MRN)
age=$(row_column "$row" Age)
risk=$(row_column "$row" Risk)
[ -n "$mrn" ] && [ -n "$age" ] && [ -n "$risk" ] || fail "could not read the selected row: $row"

send_keys Enter
wait_for "Demographics"
# Header: name (family may be upper case), age, MRN, risk, care manager.
screen | grep -qiF -- "$family, $given" || fail "the chart header does not name \"$name\""
assert_screen "MRN $mrn"
assert_screen "risk $risk"
screen | grep -qE "(^|[^0-9])$age y" || fail "the chart header does not show age \"$age y\""
assert_screen "CM "
# The list is gone.
refute_screen_re 'Name +Age +MRN'
for label in "Birth date" Pronouns Sex Language Phone Address Payer Status "Care manager" Updated; do
	assert_screen "$label"
done

# The birth date agrees with the age shown, today being 2026-11-23.
birth=$(screen | grep -oE 'Birth date[^0-9]*[0-9]{4}-[0-9]{2}-[0-9]{2}' | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}')
[ -n "$birth" ] || fail "no YYYY-MM-DD birth date in Demographics"
y=${birth%%-*}
md=$(printf '%s' "$birth" | cut -c6-7,9-10)
want=$((2026 - y))
[ "$md" -gt 1123 ] && want=$((want - 1))
[ "$want" -eq "$age" ] || fail "birth date $birth gives age $want on 2026-11-23, the chart says $age"
screen | grep -qE 'Updated .* by ' || fail "no \"Updated <time> by <name>\" line"
assert_screen "e:edit"

# q returns to the list with the same patient selected.
send_keys q
wait_list
wait_gone "Demographics"
[ "$(selected_row)" = "$row" ] || fail "back in the list, \"$name\" is not selected"

# Esc works the same way.
send_keys Enter
wait_for "Demographics"
send_keys Escape
wait_gone "Demographics"
wait_list
[ "$(selected_row)" = "$row" ] || fail "after Esc, \"$name\" is not selected"

e2e_ok
