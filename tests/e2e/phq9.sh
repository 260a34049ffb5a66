#!/bin/sh
# Measurement-based care, as a newcomer does it: screen a Spanish-speaking patient with the
# PHQ-9 in Spanish; "Varios días" to item 9 shows the safety popup at once, with the
# practice's protocol, to acknowledge; the chart header and the worklist's top line show the
# flag. Enroll the patient in behavioral care, import three follow-up PHQ-9s from paper
# (CSV, dated), and the chart's BH section shows the trend with RESPONSE; the registry
# (Reports, b) lists the patient, the safety flag first.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
"$CARELOOP" --db "$DB" init >/dev/null || fail "init failed"
cat >"$E2E_TMP/patients.csv" <<'CSV'
mrn,given_name,family_name,birth_date,language
BH100,María,Quintana,1971-04-02,es
CSV
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import patients "$E2E_TMP/patients.csv" \
	>"$out" 2>&1 || fail "import patients: $(cat "$out")"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" config safety_protocol \
	"Llame a la Dra. Lee (555-0100) ahora; 988 para crisis." >"$out" 2>&1 ||
	fail "config safety_protocol: $(cat "$out")"

# The baseline PHQ-9, three and a half months ago.
E2E_ENV="CARELOOP_TODAY=2026-08-03"
start_app
wait_for "Worklist"
send_keys 2
wait_for "Quintana, María"
send_keys Enter
wait_for "Demographics"
# BH is third from the end (Conditions, then Audit: the owner is the bootstrap supervisor).
send_keys BTab BTab BTab
wait_for "Not enrolled in behavioral care management"
send_keys p
wait_for "PHQ-9 (depression, 9 questions)"
send_keys Enter
wait_for "Question 1 of 9"
# Asked in the patient's language: Spanish.
assert_screen "Poco interés o placer en hacer cosas"
assert_screen "4 ( ) Casi todos los días"
send_keys 4 4 4 4 4 4 4 4
wait_for "Question 9 of 9"
assert_screen "Pensamientos de que estaría mejor muerto(a)"
refute_screen "SAFETY FLAG"
send_keys 2 # Varios días
wait_for "SAFETY FLAG: same-day review"
assert_screen "Llame a la Dra. Lee (555-0100) ahora; 988 para crisis."
assert_screen "Press a (or Enter) to acknowledge."
# Nothing else goes on until it is acknowledged.
send_keys b
assert_screen "SAFETY FLAG: same-day review"
send_keys a
wait_gone "Press a (or Enter) to acknowledge."
wait_for "Screening summary"
assert_screen "Total 25 of 27: Grave"
assert_screen "SAFETY FLAG: self-harm question positive"
send_keys Enter
wait_for "SAFETY task due today"
wait_for "SAFETY FLAG 2026-08-03"
# Enroll: the form over the field engine, saved with F10.
send_keys E
wait_for "Enroll in behavioral care management"
assert_screen "Consulting psychiatrist"
send_keys Down Down
type_text "Dr. Okafor"
send_keys F10
wait_for "Enrolled in behavioral care."
wait_for "Behavioral care since 2026-08-03"
assert_screen "psychiatrist Dr. Okafor"
send_keys C-c
wait_for "[careloop exited "

# Three follow-up PHQ-9s from paper forms, with their dates.
{
	echo "mrn,date,instrument,q1,q2,q3,q4,q5,q6,q7,q8,q9"
	echo "BH100,2026-09-01,phq-9,LA6571-9,LA6571-9,LA6570-1,LA6570-1,LA6570-1,LA6570-1,LA6570-1,LA6570-1,LA6568-5"
	echo "BH100,2026-10-05,phq-9,LA6570-1,LA6570-1,LA6570-1,LA6570-1,LA6569-3,LA6569-3,LA6569-3,LA6569-3,LA6568-5"
	echo "BH100,2026-11-02,phq-9,LA6569-3,LA6569-3,LA6569-3,LA6569-3,LA6569-3,LA6569-3,LA6569-3,LA6569-3,LA6568-5"
} >"$E2E_TMP/followup.csv"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import screenings "$E2E_TMP/followup.csv" \
	>"$out" 2>&1 || fail "import screenings: $(cat "$out")"

# The month of enrollment is the collaborative care's first month (99492's), no contact yet.
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" minutes --month 2026-08 --cocm --format csv \
	>"$out" 2>&1 || fail "minutes --cocm: $(cat "$out")"
grep -q '^BH100,.*,2026-08-03,first,0,0,' "$out" ||
	fail "minutes --cocm lacks the patient: $(cat "$out")"

# Today: the flag (its task still open) heads the worklist; the trend shows the response.
E2E_ENV=
e2e_tmux kill-server
start_app
wait_for "Worklist: everyone  2026-11-23  URGENT: 1 same-day review"
wait_for "Urgent: same day (1)"
# Urgent is next to last (Chronic: not controlled is last).
send_keys BTab BTab
wait_for "> Urgent: same day (1)"
wait_for "same-day clinician rev"
send_keys 2
wait_for "Quintana, María"
send_keys Enter
wait_for "SAFETY FLAG 2026-08-03"
send_keys BTab BTab BTab
wait_for "Behavioral care since 2026-08-03 (16 weeks)"
assert_screen "baseline 25  last 8  change -17 (-68%)"
assert_screen "2026-08-03 to 2026-11-02, 4 scores"
assert_screen "RESPONSE"
refute_screen "REMISSION"
# The trend: one bar a score, the highest first.
screen | grep -q "PHQ-9" || fail "no PHQ-9 trend"
screen | grep -qE "█" || fail "no block characters in the trend"
# The registry, from Reports.
send_keys q
wait_for "Quintana, María"
send_keys 5
wait_for "Reports:"
send_keys b
wait_for "Behavioral care registry: 1 enrolled, 1 need attention"
wait_for_re "Quintana, María +BH100 +16 +8 2026-11-02 -17 -68%"
assert_screen "SAFETY"
send_keys '?'
wait_for "open the patient's chart at its BH section"
send_keys q
send_keys Enter
wait_for "Behavioral care since 2026-08-03"

e2e_ok
