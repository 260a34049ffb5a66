#!/bin/sh
# Switching language in the middle of a screening: `l` shows the same question in the other
# language, the next question comes in it too, and the answers given before are kept; the
# summary names domains and results in that language.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
send_keys Enter
wait_for "Demographics"
send_keys s
wait_for "Question 1 of 10"
# Start in English whatever the patient's language.
if screen | sed -n 2p | grep -qF "Español"; then
	send_keys l
	wait_for "What is your living situation today?"
fi
wait_for "What is your living situation today?"
send_keys 2 # worried about losing it
wait_for "Question 2 of 10"
assert_screen "Think about the place you live."
send_keys l
wait_for "Piense en el lugar donde vive."
refute_screen "Think about the place you live."
assert_screen "Español"
assert_screen "Calidad de la vivienda"
assert_screen "Answered 1 of 10"
send_keys 1 Enter # pests
wait_for "Question 3 of 10"
# The next question in Spanish.
assert_screen "Algunas personas han hecho"
assert_screen "Inseguridad alimentaria"
refute_screen "Some people have made"
# Back: the answers are kept, shown in Spanish.
send_keys b
wait_for "Question 2 of 10"
wait_for "1 [x] Plagas"
send_keys b
wait_for "Question 1 of 10"
assert_screen "¿Cuál es su situación de vivienda hoy?"
assert_screen "2 (*) Tengo un lugar donde vivir hoy"
# And back to English, still kept.
send_keys l
wait_for "2 (*) I have a place to live today"
assert_screen "Answered 2 of 10"
# The summary the patient reads is in their language throughout: domains and results
# ("Inseguridad alimentaria  positivo", never "positive").
send_keys l
wait_for "2 (*) Tengo un lugar donde vivir hoy"
send_keys 2
wait_for "Question 2 of 10"
send_keys Enter
wait_for "Question 3 of 10"
send_keys 1 # often true: food positive
wait_for "Question 4 of 10"
send_keys 3
wait_for "Question 5 of 10"
send_keys 2 # transportation: no
wait_for "Question 6 of 10"
send_keys 2 # utilities: no
wait_for "Question 7 of 10"
send_keys 1
wait_for "Question 8 of 10"
send_keys 1 1 1
wait_for "Screening summary"
wait_for_re "Inseguridad alimentaria +positivo"
assert_screen "Transporte"
screen | grep -qE "Transporte +negativo" || fail "Transporte is not negativo"
screen | grep -qE "Inestabilidad de vivienda +positivo" || fail "housing is not positivo"
refute_screen "positive"
refute_screen "negative"

# The answers are unsaved: ^C asks before quitting.
send_keys C-c
wait_for "Quit careloop? The screening's answers will be lost. (y/n)"
send_keys y
wait_for "[careloop exited 0]"

e2e_ok
