#!/bin/sh
# Staff: the file's owner adds the first supervisor; the supervisor deactivates a coordinator,
# who can no longer open the database (exit 77, a clear message), and whose tasks show as
# "(unassigned)" on the supervisor's worklist (everyone's, by default). A read-only person's
# save is refused on the status line and the form keeps what was typed. The supervisor's
# chart has an Audit section listing who opened it; a coordinator's chart has none.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
cl()
{
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@"
}

# Bootstrap: no supervisor yet, so the owner (this test) adds one; then no longer may.
out=$(cl staff add sup --name "Sue Pervisor" --role supervisor) || fail "the owner could not add a supervisor"
[ "$out" = "Added sup as supervisor." ] || fail "staff add said: $out"
cl staff add x --name X >/dev/null 2>"$E2E_TMP/err" && fail "the owner still manages staff"
grep -q "only a supervisor manages staff" "$E2E_TMP/err" || fail "no clear refusal: $(cat "$E2E_TMP/err")"
CARELOOP_USER=sup cl staff add rita --name "Rita Reader" --role readonly >/dev/null ||
	fail "the supervisor could not add a read-only person"
cl staff list | grep -qE '^amartinez +Ana Martínez +coordinator +active' ||
	fail "a care manager from first use is not listed as an active coordinator"

# The supervisor's worklist opens on everyone's work; pick a task of another coordinator.
E2E_ENV="CARELOOP_USER=sup" start_app -s sup
wait_for "Worklist: everyone"
wait_for_re 'Tasks due \([0-9]+\)'
name=
for n in "Ana Martínez" "Duc Nguyễn" "Mark Müller" "Sahra Hassan" "Pa Vang"; do
	if screen | grep -qF "$n"; then
		name=$n
		break
	fi
done
[ -n "$name" ] || fail "no known coordinator's task on the first page"
login=$(cl staff list --format csv | grep -F ",$name," | cut -d, -f1)
[ -n "$login" ] || fail "no login for $name"
send_keys q
wait_for "[careloop exited 0]"

out=$(CARELOOP_USER=sup cl staff deactivate "$login") || fail "staff deactivate failed"
printf '%s\n' "$out" | grep -q "is deactivated" || fail "staff deactivate said: $out"
CARELOOP_USER=$login cl worklist >/dev/null 2>"$E2E_TMP/err"
rc=$?
[ "$rc" = 77 ] || fail "a deactivated person's open exited $rc, not 77"
grep -q "your account ($login) is deactivated in this database; ask a supervisor" "$E2E_TMP/err" ||
	fail "no clear message for a deactivated person: $(cat "$E2E_TMP/err")"
cl staff list | grep -qE "^$login .* deactivated" || fail "the deactivated person left the list"

# Their tasks: still on the worklist, unassigned.
E2E_ENV="CARELOOP_USER=sup" start_app -s sup2
wait_for "Worklist: everyone"
wait_for_re 'Tasks due \([0-9]+\)'
wait_for "(unassigned)"
refute_screen "$name"
send_keys q
wait_for "[careloop exited 0]"

# A coordinator's worklist opens on their own work.
coord=amartinez
[ "$login" != amartinez ] || coord=dnguyen
E2E_ENV="CARELOOP_USER=$coord" start_app -s coord
wait_for "Worklist: mine"
send_keys 2
wait_for_re '[0-9][0-9,]* patients'
send_keys Enter
wait_for "Demographics"
refute_screen " Audit "
send_keys C-c
wait_for "[careloop exited 0]"

# Read-only: the chart opens, a save is refused on the status line, the input kept.
E2E_ENV="CARELOOP_USER=rita" start_app -s ro
wait_for "Worklist: everyone"
send_keys 2
wait_for_re '[0-9][0-9,]* patients'
row=$(select_ascii_row 0) || exit 1
mrn=$(row_column "$row" MRN)
send_keys Enter
wait_for "Demographics"
send_keys e
wait_for "Edit patient"
set_field "Phone" "(505) 555-0199"
send_keys F10
wait_for "read-only: your role cannot change records"
assert_screen "Edit patient"
[ "$(field_value "Phone")" = "(505) 555-0199" ] || fail "the typed phone was lost"
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys y
wait_gone "Edit patient"
refute_screen "555-0199"
send_keys C-c
wait_for "[careloop exited 0]"

# The supervisor's chart: the Audit section lists Rita's view of it (and the supervisor's).
E2E_ENV="CARELOOP_USER=sup" start_app -s audit
wait_for "Worklist: everyone"
send_keys 2
wait_for_re '[0-9][0-9,]* patients'
row=$(select_ascii_row 0) || exit 1
[ "$(row_column "$row" MRN)" = "$mrn" ] || fail "another first patient for the supervisor"
send_keys Enter
wait_for "Demographics"
send_keys BTab
wait_for "Who opened or changed this chart"
screen | grep -E "rita +opened the chart" >/dev/null || fail "the Audit section does not list rita's view"
screen | grep -E "sup +opened the chart" >/dev/null || fail "the Audit section does not list the supervisor's view"
send_keys "?"
wait_for "Help: "
send_keys q
# The privacy officer's review, from the command line, is itself recorded.
cl audit --patient "$mrn" >/dev/null 2>&1 && fail "the owner (a coordinator now) read the audit"
CARELOOP_USER=sup cl audit --patient "$mrn" --format csv >"$E2E_TMP/audit.csv" || fail "careloop audit failed"
grep -q ",rita,view,patient,$mrn," "$E2E_TMP/audit.csv" || fail "careloop audit does not list rita's view"
grep -q ",sup,report,audit-read,$mrn," "$E2E_TMP/audit.csv" || fail "reading the audit was not recorded"

e2e_ok
