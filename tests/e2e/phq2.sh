#!/bin/sh
# A positive PHQ-2 leads to the PHQ-9: answered 2 + 1 (score 3), saving it asks at once
# whether to start the PHQ-9, in the language the PHQ-2 was asked in; y opens the PHQ-9's first
# question for the same patient in that language. A PHQ-2 of 2 is negative: saved, no question.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
"$CARELOOP" --db "$DB" init >/dev/null || fail "init failed"
cat >"$E2E_TMP/patients.csv" <<'CSV'
mrn,given_name,family_name,birth_date,language
BH200,Ana,Robles,1980-06-11,en
CSV
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import patients "$E2E_TMP/patients.csv" \
	>"$out" 2>&1 || fail "import patients: $(cat "$out")"

start_app
wait_for "Worklist"
send_keys 2
wait_for "Robles, Ana"
send_keys Enter
wait_for "Demographics"
# BH is third from the end (Conditions, then Audit).
send_keys BTab BTab BTab
wait_for "Not enrolled in behavioral care management"

# English: 2 (more than half the days) + 1 (several days) = 3, positive.
send_keys p
wait_for "PHQ-2 (depression, first 2 questions)"
send_keys Down Down Enter
wait_for "Question 1 of 2"
assert_screen "Little interest or pleasure in doing things"
send_keys 3
wait_for "Question 2 of 2"
send_keys 2
wait_for "Screening summary"
assert_screen "Total 3 of 6: Positive: offer the PHQ-9"
send_keys Enter
wait_for "PHQ-2 score 3: positive. Start the PHQ-9 now? (y/n)"
assert_screen "Screening saved"
# Nothing but the answer goes on while it asks.
send_keys b
assert_screen "PHQ-2 score 3: positive. Start the PHQ-9 now? (y/n)"
send_keys n
wait_for "Saved: phq-2 total 3 (positive)."
wait_for "Not enrolled in behavioral care management"
refute_screen "Start the PHQ-9 now?"

# Asked in Spanish (l): the question and the PHQ-9 are in Spanish too; y starts it.
send_keys p
wait_for "PHQ-2 (depression, first 2 questions)"
send_keys Down Down Enter
wait_for "Question 1 of 2"
send_keys l
wait_for "Poco inter"
send_keys 3 2
wait_for "Screening summary"
send_keys Enter
wait_for "PHQ-2 puntuación 3: positivo. ¿Empezar el PHQ-9 ahora? (y/n)"
send_keys y
wait_for "Question 1 of 9"
assert_screen "Poco interés o placer en hacer cosas"
assert_screen "Robles, Ana"
assert_screen "Español"
refute_screen "(y/n)"
# Nothing answered yet: Esc leaves the PHQ-9 straight back to the chart, both PHQ-2s saved.
send_keys Escape
wait_for "Not enrolled in behavioral care management"

# 1 + 1 = 2: negative, saved without offering the PHQ-9.
send_keys p
wait_for "PHQ-2 (depression, first 2 questions)"
send_keys Down Down Enter
wait_for "Question 1 of 2"
send_keys 2 2
wait_for "Screening summary"
assert_screen "Total 2 of 6: Negative"
send_keys Enter
wait_for "Saved: phq-2 total 2 (negative)."
wait_for "Not enrolled in behavioral care management"
refute_screen "Start the PHQ-9"
refute_screen "Question 1 of 9"

e2e_ok
