#!/bin/sh
# `careloop export csv` and `export fhir` on a demo clinic: what they write, that a file is
# never written over without --force (nor the database, nor through a missing folder), that
# files are 0600, and that every export, and only an export that happened, is recorded in
# the access log (`careloop check` counts its rows).
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

out=$E2E_TMP/out
err=$E2E_TMP/err

# run EXPECTED_STATUS ARG... : run careloop on $DB, fail unless it exits EXPECTED_STATUS.
run()
{
	_want=$1
	shift
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@" >"$out" 2>"$err"
	_got=$?
	[ "$_got" -eq "$_want" ] ||
		fail "careloop $* exited $_got, expected $_want; stderr: $(cat "$err")"
}

has()
{
	grep -qF -e "$2" "$1" || fail "no '$2' in: $(head -c 2000 "$1")"
}

mode_of()
{
	ls -l "$1" | cut -c2-10
}

# The rows of the access log, as `careloop check` counts them.
access_rows()
{
	run 0 check
	sed -n 's/.*access log chain of \([0-9]*\) rows.*/\1/p' "$out"
}

make_demo 300
rows=$(access_rows)

# CSV to standard output: the header of the patient fields, a row a patient, CRLF.
run 0 export csv patients
head -1 "$out" | grep -q "^mrn,given_name,family_name,pronouns,birth_date,sex,language,phone,address,city,state,postal_code,payer,risk_tier,status,death_date,care_manager,contact_time,contact_method,guardian_name,guardian_relation,guardian_phone,guardian_share,emergency_name,emergency_relation,emergency_phone,emergency_share.$" ||
	fail "patients header: $(head -1 "$out")"
[ "$(wc -l <"$out")" -eq 301 ] || fail "expected 301 lines, got $(wc -l <"$out")"
[ "$(grep -c "$(printf '\r')\$" "$out")" -eq 301 ] || fail "lines do not end in CRLF"
[ "$(access_rows)" -eq $((rows + 1)) ] || fail "the export was not recorded"
rows=$((rows + 1))

# A reader that stops early: what went out is still recorded.
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" export csv contacts 2>"$err" | head -1 >"$out"
has "$out" "id,patient_mrn,occurred_at"
[ "$(access_rows)" -eq $((rows + 1)) ] || fail "an export cut short by its reader was not recorded"
rows=$((rows + 1))

for kind in referrals screenings goals tasks contacts events; do
	run 0 export csv "$kind"
	[ "$(wc -l <"$out")" -gt 1 ] || fail "export csv $kind wrote no rows"
done
head -1 "$out" | grep -q "^id,patient_mrn,kind,event_date," || fail "events header: $(head -1 "$out")"
rows=$((rows + 6))

# Records entered in error (the demo marks a few contacts) say so in the last two columns,
# after those that were there before; the others leave them empty.
run 0 export csv contacts
head -1 "$out" | grep -q "^id,patient_mrn,occurred_at,.*,updated_by,entered_in_error,entered_in_error_at.$" ||
	fail "contacts header: $(head -1 "$out")"
marked=$(sqlite3 "$DB" "SELECT count(*) FROM contact WHERE error_reason <> ''")
[ "$marked" -gt 0 ] || fail "the demo has no contact entered in error"
[ "$(grep -cE ",(wrong-patient|wrong-date|duplicate|wrong-details|other),[0-9-]{10}T[0-9:.]{12}Z$(printf '\r')\$" "$out")" -eq "$marked" ] ||
	fail "the contacts export does not mark the $marked contacts entered in error"
rows=$((rows + 1))

# A day after every change: the header alone.
run 0 export csv referrals --since 2099-01-01
[ "$(wc -l <"$out")" -eq 1 ] || fail "--since 2099-01-01 exported rows"
rows=$((rows + 1))

# -o FILE: 0600, said on stderr; never over an existing file without --force.
run 0 export csv patients -o "$E2E_TMP/patients.csv"
has "$err" "300 rows written to"
[ "$(mode_of "$E2E_TMP/patients.csv")" = "rw-------" ] || fail "mode $(mode_of "$E2E_TMP/patients.csv")"
sum=$(cksum <"$E2E_TMP/patients.csv")
printf 'keep me\n' >"$E2E_TMP/mine.csv"
run 73 export csv patients -o "$E2E_TMP/mine.csv"
has "$err" "already exists (--force replaces it)"
[ "$(cat "$E2E_TMP/mine.csv")" = "keep me" ] || fail "an existing file was written over"
run 0 export csv patients -o "$E2E_TMP/mine.csv" --force
[ "$(cksum <"$E2E_TMP/mine.csv")" = "$sum" ] || fail "--force did not replace the file"
rows=$((rows + 2))

# The patients export reads back through `careloop import patients` as it is: every row the
# same patient with nothing to change; the export after it is the same, byte for byte.
run 0 import patients "$E2E_TMP/patients.csv"
has "$out" "patients: 300 rows: added 0, updated 0, unchanged 300, rejected 0"
run 0 export csv patients -o "$E2E_TMP/again.csv"
cmp -s "$E2E_TMP/patients.csv" "$E2E_TMP/again.csv" ||
	fail "the patients export changed after it was imported back"
rows=$((rows + 1))

# A folder that does not exist, the database itself: refused, nothing made.
run 73 export csv patients -o "$E2E_TMP/no/such/folder/p.csv"
[ ! -e "$E2E_TMP/no" ] || fail "a folder was made"
run 73 export csv patients -o "$DB" --force
has "$err" "is the database"
run 0 check

# Bad usage: one line, exit 64, nothing on standard output.
run 64 export csv nothing
has "$err" "unknown kind 'nothing'"
run 64 export csv patients --since 2026-02-30
run 64 export fhir
has "$err" "give one of --ndjson DIR or --bundle FILE"
run 64 export fhir --ndjson "$E2E_TMP/a" --bundle "$E2E_TMP/b.json"
[ ! -s "$out" ] || fail "a refused command printed on standard output"
[ "$(access_rows)" -eq "$rows" ] || fail "a refused export was recorded"

# FHIR as NDJSON: a file per resource type, a resource a line, 0600.
run 0 export fhir --ndjson "$E2E_TMP/fhir"
has "$err" "300 Patient"
has "$err" "resources written to"
[ "$(wc -l <"$E2E_TMP/fhir/Patient.ndjson")" -eq 300 ] || fail "Patient.ndjson: not 300 lines"
for type in Patient Organization QuestionnaireResponse Observation Condition ServiceRequest \
	Task Goal Encounter; do
	f=$E2E_TMP/fhir/$type.ndjson
	[ -s "$f" ] || fail "no $type.ndjson"
	[ "$(mode_of "$f")" = "rw-------" ] || fail "$type.ndjson mode $(mode_of "$f")"
	[ "$(grep -vc "^{\"resourceType\":\"$type\",\"id\":\"[0-9a-f-]\{36\}\",.*}\$" "$f")" -eq 0 ] ||
		fail "$type.ndjson has a line that is not one $type"
done
rows=$((rows + 1))
# Again into the same folder: refused, the files as they were.
sum=$(cat "$E2E_TMP/fhir"/*.ndjson | cksum)
run 73 export fhir --ndjson "$E2E_TMP/fhir"
has "$err" "already exists (--force replaces it)"
[ "$(cat "$E2E_TMP/fhir"/*.ndjson | cksum)" = "$sum" ] || fail "NDJSON files were changed"
run 0 export fhir --ndjson "$E2E_TMP/fhir" --force
rows=$((rows + 1))
run 73 export fhir --ndjson "$E2E_TMP/patients.csv"
has "$err" "not a folder"
# A type's file already there: the files made before it are removed, that one kept.
mkdir "$E2E_TMP/fhir2"
printf 'mine\n' >"$E2E_TMP/fhir2/Task.ndjson"
run 73 export fhir --ndjson "$E2E_TMP/fhir2"
[ "$(ls "$E2E_TMP/fhir2")" = "Task.ndjson" ] || fail "a failed export left files: $(ls "$E2E_TMP/fhir2")"
[ "$(cat "$E2E_TMP/fhir2/Task.ndjson")" = "mine" ] || fail "an existing file was written over"

# FHIR as one Bundle.
run 0 export fhir --bundle "$E2E_TMP/bundle.json"
head -c 200 "$E2E_TMP/bundle.json" | grep -q '^{"resourceType":"Bundle","id":"[0-9a-f-]*","type":"collection","timestamp":"' ||
	fail "not a collection Bundle: $(head -c 200 "$E2E_TMP/bundle.json")"
grep -q '"fullUrl":"urn:uuid:' "$E2E_TMP/bundle.json" || fail "no urn:uuid fullUrl"
[ "$(mode_of "$E2E_TMP/bundle.json")" = "rw-------" ] || fail "bundle mode"
rows=$((rows + 1))
run 73 export fhir --bundle "$E2E_TMP/bundle.json"
run 73 export fhir --bundle "$E2E_TMP/nowhere/b.json"

[ "$(access_rows)" -eq "$rows" ] || fail "expected $rows access log rows, got $(access_rows)"
run 0 check
echo "e2e: $E2E_NAME: ok"
