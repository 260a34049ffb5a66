#!/bin/sh
# Live resize: below 80x24 the whole screen says "terminal too small (needs 80x24)" and
# shows no patient data; back at 80x24 (or larger) the same view is drawn again, with the
# selection, an open chart and a form's typed input kept.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'
row=$(select_ascii_row 2) || exit 1
name=$(row_name "$row")

resize 60 20
wait_for "terminal too small (needs 80x24)"
refute_screen_re 'Name +Age +MRN'
refute_screen "$name"
resize 80 24
wait_gone "terminal too small"
wait_list
[ "$(selected_row)" = "$row" ] || fail "the selection moved across a resize"
# The hint bar is on the last row again.
screen_row 23 | grep -q 'q:quit' || fail "the hint bar is not on row 23 after the resize"

# Too narrow only, or too short only, is also too small.
resize 79 24
wait_for "terminal too small (needs 80x24)"
resize 80 23
wait_for "terminal too small (needs 80x24)"

# Larger: the view uses the room (hint bar on the new last row).
resize 100 30
wait_gone "terminal too small"
wait_list
screen_row 29 | grep -q 'q:quit' || fail "at 100x30 the hint bar is not on the last row"

# In the chart.
resize 80 24
wait_list
send_keys Enter
wait_for "Demographics"
resize 60 20
wait_for "terminal too small (needs 80x24)"
refute_screen "Demographics"
resize 80 24
wait_for "Demographics"
screen | grep -qiF -- "$(printf '%s' "$name" | sed 's/,.*//')" || fail "the chart lost its patient"

# In a form: typed input survives.
send_keys e
wait_for "Edit patient"
set_field Phone 5550109999
resize 70 24
wait_for "terminal too small (needs 80x24)"
resize 80 24
wait_for "Edit patient"
[ "$(field_value Phone)" = 5550109999 ] || fail "the form lost its input across a resize"
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys y
wait_for "Demographics"

e2e_ok
