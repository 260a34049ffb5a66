#!/bin/sh
# Typing in a choice field searches the choices by the start of their code or label; it never
# leaves a choice nobody meant. State: "NM" is New Mexico (not "MP" after cycling the N's);
# letters that match nothing put the value back and say so; Space, Left and Right step;
# Enter opens a menu of the choices.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'

send_keys a
wait_for "Add patient"
form_field State
type_text NM
wait_for_re 'State +\[NM +\]'
# After a pause a new search starts: "TX" is Texas.
sleep 1.2
type_text tx
wait_for_re 'State +\[TX +\]'
# Letters that match no state: the value stays, and the form says so.
sleep 1.2
type_text NNNNN
wait_for 'no match, kept'
[ "$(field_value State)" = TX ] || fail "typing NNNNN changed State to $(field_value State)"
# Deliberate keys step through the choices.
send_keys Space
wait_for_re 'State +\[UT +\]'
send_keys Left
wait_for_re 'State +\[TX +\]'

# Enter opens a menu of the choices; Esc there changes nothing, Enter takes the item.
send_keys Enter
wait_for "─State─"
wait_for "│ TX "
send_keys Escape
wait_gone "─State─"
[ "$(field_value State)" = TX ] || fail "Esc on the menu changed State to $(field_value State)"
send_keys Enter
wait_for "─State─"
send_keys g
wait_for "│ AL "
send_keys Enter
wait_gone "─State─"
wait_for_re 'State +\[AL +\]'

# Labels count too: "spa" finds Spanish in Language.
form_field Language
type_text spa
wait_for_re 'Language +\[Spanish'

# Care manager: typing a word by accident does not reassign the patient.
form_field "Care manager"
before=$(field_value "Care manager")
[ -n "$before" ] || fail "no care manager in the new patient's form"
type_text qqqq
wait_for 'no match, kept'
[ "$(field_value "Care manager")" = "$before" ] ||
	fail "typing qqqq changed the care manager to $(field_value "Care manager")"
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys y
wait_list
e2e_ok
