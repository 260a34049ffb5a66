#!/bin/sh
# A newcomer imports the practice's panel from its EHR: the export's own headers (Patient
# ID, DOB, Sex at birth, Home Phone, …) and dates, a column that is no patient field told
# and ignored; next month's export in a dry run shows each change field by field and keeps
# none; --inactivate-missing asks "Mark 1 patient inactive? [y/N]" on a terminal (answered
# in tmux), needs --yes without one; the imported patient is in the Patients view.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err

# run EXPECTED_STATUS ARG... : run careloop on $DB (no terminal), fail unless it exits so.
run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err" </dev/null
	_got=$?
	[ "$_got" -eq "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stdout: $(cat "$out"); stderr: $(cat "$err")"
}

has()
{
	grep -qF -e "$2" "$1" || fail "no '$2' in: $(cat "$1")"
}

"$CARELOOP" --db "$DB" init >/dev/null || fail "init failed"

# The EHR's export, as it comes.
cat >"$E2E_TMP/panel.csv" <<'EOF'
Patient ID,Patient Last Name,First Name,DOB,Sex at birth,Home Phone,Preferred Language,PCP
A100,Quillfeather,Ana,03/07/1950,F,+1 (505) 555-0101,Spanish,Dr. Lee
A101,Begay,Nathan,7/4/62,M,505.555.0102,English,Dr. Lee
A102,Nguyen,Linh,1988-11-30,female,5055550103,vi,Dr. Ortiz
EOF
run 0 import patients "$E2E_TMP/panel.csv"
has "$out" "patients: 3 rows: added 3, updated 0, unchanged 0, rejected 0"
has "$err" "line 1, column H: 'PCP' (column 8) is not a patient field: not imported"

# Next month: a new phone, a new name spelling, A102 gone from the panel, a new patient.
cat >"$E2E_TMP/next.csv" <<'EOF'
Patient ID,Patient Last Name,First Name,DOB,Sex at birth,Home Phone,Preferred Language,PCP
A100,Quillfeather,Ana,03/07/1950,F,(505) 555-0199,Spanish,Dr. Lee
A101,Begay,Nate,7/4/62,M,505.555.0102,English,Dr. Lee
A103,Tso,Grace,12/1/45,F,,English,Dr. Ortiz
EOF
run 0 import patients "$E2E_TMP/next.csv" --dry-run --inactivate-missing
has "$out" "row 2 MRN A100: phone: (505) 555-0101 "
has "$out" " (505) 555-0199"
has "$out" "row 3 MRN A101: given_name: Nathan "
has "$out" "MRN A102 (not in the file): status: active "
has "$out" "patients: 3 rows: added 1, updated 2, unchanged 0, inactivated 1, rejected 0 (dry run: nothing was changed)"
# … and the dry run kept nothing: the same changes are still to come.
run 0 import patients "$E2E_TMP/next.csv" --dry-run
has "$out" "added 1, updated 2, unchanged 0, rejected 0"
# Errors name line and column, never the value.
printf 'MRN,Last Name,First Name,DOB,Phone\nB1,Doe,Jo,1950-13-01,555-01\n' >"$E2E_TMP/bad.csv"
run 65 import patients "$E2E_TMP/bad.csv"
has "$err" "line 2, column D (birth_date): Birth date is not a date"
has "$err" "line 2, column E (phone): Phone must have 10 digits"
grep -qF "555-01" "$err" && fail "a value in an error message: $(cat "$err")"
grep -qF "1950-13-01" "$err" && fail "a value in an error message: $(cat "$err")"

# Without a terminal, --inactivate-missing needs --yes.
run 64 import patients "$E2E_TMP/next.csv" --inactivate-missing
has "$err" "--yes"

# On a terminal it asks; "n" keeps everything as it was.
e2e_tmux new-session -d -s ask -x 80 -y 24 \
	"env LC_ALL=C.UTF-8 CARELOOP_TODAY=$E2E_TODAY $(e2e_quote "$CARELOOP") --db $(e2e_quote "$DB") import patients $(e2e_quote "$E2E_TMP/next.csv") --inactivate-missing; echo \"[careloop exited \$?]\"; sleep 600" ||
	fail "tmux new-session failed"
e2e_use ask
wait_for "Mark 1 patient inactive? [y/N]"
send_keys n Enter
wait_for "[careloop exited 1]"
assert_screen "nothing imported"
e2e_tmux kill-session -t ask
run 0 import patients "$E2E_TMP/next.csv" --dry-run
has "$out" "added 1, updated 2"

# "y" imports the panel and marks A102 inactive.
e2e_tmux new-session -d -s yes -x 80 -y 24 \
	"env LC_ALL=C.UTF-8 CARELOOP_TODAY=$E2E_TODAY $(e2e_quote "$CARELOOP") --db $(e2e_quote "$DB") import patients $(e2e_quote "$E2E_TMP/next.csv") --inactivate-missing; echo \"[careloop exited \$?]\"; sleep 600" ||
	fail "tmux new-session failed"
e2e_use yes
wait_for "Mark 1 patient inactive? [y/N]"
send_keys y Enter
wait_for "[careloop exited 0]"
assert_screen "patients: 3 rows: added 1, updated 2, unchanged 0, inactivated 1, rejected 0"
e2e_tmux kill-session -t yes
run 0 import patients "$E2E_TMP/next.csv" --inactivate-missing --yes
has "$out" "added 0, updated 0, unchanged 3, inactivated 0"

# The imported patient is in the Patients view, with the export's birth date.
open_list
send_keys /
wait_for "Search:"
type_text "quill"
wait_for "Quillfeather, Ana"
send_keys Enter
wait_for "Quillfeather, Ana"
send_keys Enter
wait_for "MRN A100"
wait_for "(505) 555-0199"
wait_for "1950-03-07"
e2e_ok
