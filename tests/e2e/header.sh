#!/bin/sh
# Headers (issue 8): for a long multibyte name, the chart's header shortens the name (with
# "…") and always shows the age and the whole MRN; the screening's header shortens the name
# and shows the language apart from it, never run into it ("…Villaseñor RuEnglish…").
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
send_keys a
wait_for "Add patient"
set_field MRN MRN0004471
set_field "Given name" "María Guadalupe Concepción Inés"
set_field "Family name" "Villaseñor de la Peña Montoya"
set_field "Birth date" 1971-03-02
send_keys F10
wait_for "Demographics"

# The chart: one line with the name shortened, then the age and the MRN, whole.
wait_for "MRN MRN0004471"
line=$(screen_row 1)
printf '%s\n' "$line" | grep -qE '^ VILLASEÑOR DE LA PEÑA MONTOYA, María.*…   55 y   MRN MRN0004471$' ||
	fail "the chart's header is not \"<name>…   55 y   MRN MRN0004471\": $line"
[ "$(printf '%s\n' "$line" | LC_ALL=C.UTF-8 wc -L)" -le 80 ] || fail "the header is too wide"

# Wider: more of the name shows, the age and MRN still follow it.
resize 120 30
wait_for "María Guadalupe Concepción Inés   55 y   MRN MRN0004471"
resize 80 24
wait_for "…   55 y   MRN MRN0004471"

# The screening: the name shortened, the language at the right, three spaces apart at least.
send_keys s
wait_for "Question 1 of 10"
line=$(screen_row 1)
printf '%s\n' "$line" | grep -qE '^ Screening  Villaseñor de la Peña Montoya, María .*…   +English$' ||
	fail "the screening's header runs the name into the language: $line"
send_keys Escape
wait_for "Demographics"

e2e_ok
