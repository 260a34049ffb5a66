#!/bin/sh
# Hospital and ED events: `careloop import events` reads the sample ADT file (once: a second
# run adds nothing), an unmatched patient is told by message number without its MRN; the
# worklist lists the discharged patient with the transitional-care countdown and the ED
# patient with theirs; a contact logged from the worklist moves the discharge on to its visit
# and clears the ED follow-up. In the chart, Events lists the events, `h` records one (a bad
# date refused at its field, the input kept), `n` sets the chronic conditions count, and Risk
# shows both rules.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

sample=$(dirname "${E2E_LIB:-$0}")/../data/adt_sample.hl7
[ -f "$sample" ] || sample=$(dirname "$0")/../data/adt_sample.hl7
[ -f "$sample" ] || fail "no sample ADT file at $sample"

make_demo 300 7

# Move the worklist's selection down (j) until the selected row matches REGEX.
select_row_re()
{
	_n=0
	until selected_row | grep -qE -- "$1"; do
		_n=$((_n + 1))
		[ "$_n" -le 20 ] || fail "no row /$1/ to select"
		send_keys j
		sleep 0.1
	done
}

run_import()
{
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import events "$@" \
		>"$E2E_TMP/out" 2>"$E2E_TMP/err"
}

run_import "$sample" --dry-run || fail "dry run exited $?: $(cat "$E2E_TMP/err")"
grep -q "4 would be imported (dry run)" "$E2E_TMP/out" || fail "dry run: $(cat "$E2E_TMP/out")"
run_import "$sample" --unmatched "$E2E_TMP/unmatched.csv" ||
	fail "import exited $?: $(cat "$E2E_TMP/err")"
grep -qF "events (HL7): 6 messages, 4 imported, 0 already imported, 1 unmatched, 1 ignored, 0 rejected" \
	"$E2E_TMP/out" || fail "import said: $(cat "$E2E_TMP/out")"
grep -qF "message 5 (line 20, control id MG0005): no patient with its MRN" "$E2E_TMP/err" ||
	fail "the unmatched message is not told: $(cat "$E2E_TMP/err")"
grep -q "MRN7777777\|Doe" "$E2E_TMP/err" && fail "stderr names the patient: $(cat "$E2E_TMP/err")"
grep -q "^5,MG0005,MRN7777777" "$E2E_TMP/unmatched.csv" ||
	fail "the unmatched list: $(cat "$E2E_TMP/unmatched.csv")"
[ "$(stat -c %a "$E2E_TMP/unmatched.csv")" = 600 ] || fail "the unmatched list is not 0600"
# Once per control id.
run_import "$sample" || fail "second import exited $?"
grep -qF "0 imported, 4 already imported" "$E2E_TMP/out" || fail "again: $(cat "$E2E_TMP/out")"
grep -qF "Nothing new" "$E2E_TMP/out" || fail "again, it does not say nothing is new"

# careloop event add: as the chart's form, from a script (the MRN from standard input).
echo MRN0000004 | CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" event add - --kind discharge \
	--date 11/20/2026 --facility "Valley Regional" >"$E2E_TMP/out" 2>"$E2E_TMP/err" ||
	fail "event add exited $?: $(cat "$E2E_TMP/err")"
grep -qF "Recorded: discharge 2026-11-20; contact due 2026-11-24, visit due 2026-12-04." \
	"$E2E_TMP/out" || fail "event add said: $(cat "$E2E_TMP/out")"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" event add MRN0000004 --kind discharge \
	--date 2026-02-30 >"$E2E_TMP/out" 2>"$E2E_TMP/err"
[ $? = 65 ] || fail "a bad date did not exit 65"
grep -q "event add --date" "$E2E_TMP/err" || fail "the bad date is not named: $(cat "$E2E_TMP/err")"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" event add MRN9999999 --kind ed-visit \
	--date 2026-11-20 >"$E2E_TMP/out" 2>"$E2E_TMP/err"
[ $? = 66 ] || fail "an unknown MRN did not exit 66"
grep -q MRN9999999 "$E2E_TMP/err" && fail "the message quotes the MRN: $(cat "$E2E_TMP/err")"

# A file that is not there is no input (66), as for the CSV imports, not an I/O error.
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import events "$E2E_TMP/no-such.hl7" \
	>"$E2E_TMP/out" 2>"$E2E_TMP/err"
[ $? = 66 ] || fail "a missing file did not exit 66"
grep -q "cannot open: No such file" "$E2E_TMP/err" || fail "missing file: $(cat "$E2E_TMP/err")"

# The worklist: discharged Friday 20 November, seen Monday 23: the contact is due Tuesday.
start_app
wait_for "Worklist: everyone"
wait_for "Discharged: contact due (2)"
wait_for "ED visit: follow up (1)"
send_keys Tab Tab Tab Tab
wait_for "> Discharged: contact due (2)"
wait_for_re "Warsame, Hodan +2026-11-20 contact due in 1 business day +rising"
wait_for_re "Lee, Soo-ah +2026-11-20 contact due in 1 business day"
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" worklist --format csv >"$E2E_TMP/wl" ||
	fail "worklist exited $?"
grep -q "^discharged,MRN0000003,.*,contact due in 1 business day,2026-11-20,3" "$E2E_TMP/wl" ||
	fail "careloop worklist: $(cat "$E2E_TMP/wl")"

# c: a phone call that reached her meets the contact; the visit (14 days: not high risk) is next.
select_row_re "Warsame, Hodan"
send_keys c
wait_for "Log contact"
send_keys F10
wait_for "Contact logged."
wait_for_re "Warsame, Hodan +2026-11-20 visit due in 11 days"

# ED visit: a reached contact clears it.
send_keys Tab
wait_for "> ED visit: follow up (1)"
wait_for_re "Swenson, Barbara +2026-11-19 contact due in 3 days"
send_keys c
wait_for "Log contact"
send_keys F10
wait_for "Contact logged."
wait_for "ED visit: follow up (0)"
wait_for "no ED visit is owed a follow-up contact"

# The chart's Events, from the discharge row.
send_keys BTab
wait_for "> Discharged: contact due (2)"
select_row_re "Warsame, Hodan"
send_keys Enter
wait_for "Chronic conditions:"
wait_for_re "2026-11-20 +14:05 +discharge +visit by 2026-12-04 +MERCYGEN: Pneumonia"
assert_screen "admission"
send_keys "?"
wait_for "Help: Chart"
for pair in "h|record a hospital or ED event" "n|set the number of chronic conditions"; do
	key=${pair%%|*} words=${pair#*|}
	screen | grep -qE "^ +$key(, [^ ]+)* +$words" || fail "help does not say \"$words\" for $key"
done
send_keys q
wait_for "Chronic conditions:"

# h: a bad date is refused at its field and the input stays.
send_keys h
wait_for "Record hospital or ED event"
set_field Event ed-visit
set_field Date 2026-02-30
set_field Facility "Valley Clinic ED"
send_keys F10
wait_field_error Date "not a valid date"
[ "$(field_value Facility)" = "Valley Clinic ED" ] || fail "the facility typed was lost"
set_field Date 2026-11-22
set_field Reason "Dizziness"
send_keys F10
wait_for "ED visit recorded."
# (the call logged today, after it, already meets its follow-up)
wait_for_re "2026-11-22 +ed-visit +done +Valley Clinic ED: Dizzin"

# n: the chronic conditions count; Risk shows both rules.
send_keys n
wait_for "Chronic conditions on the problem list (0-99):"
type_text 5
send_keys Enter
wait_for "Chronic conditions set to 5."
wait_for "Chronic conditions: 5"
send_keys Tab
wait_for "Tier:"
wait_for_re "Rules: utilization YES \\([0-9]+ ED, 1 adm\\.\\) . chronic YES \\(5\\)"
e2e_ok
