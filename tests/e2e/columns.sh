#!/bin/sh
# Columns (issue 8): every list is cut by display width, never inside a character, and keeps
# what identifies a row whole: the directory's phones and the partner menu's phones at 80
# and at 120 columns, a long multibyte name beside its MRN in the patients list. A wide
# terminal gives its room to the text columns (name, services, task), not all to the name.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

# The display column (0-based) where TITLE starts in the first screen line matching RE.
column_of()
{
	screen | grep -E -- "$1" | head -n 1 | awk -v t="$2" '{ print index($0, t) - 1 }'
}

# Tab until the choice field LABEL has the focus (its choices show beside it).
focus_choice()
{
	_n=0
	while ! screen | grep -qE "^ *$1 +\[[^]]*\] +[^ ]"; do
		_n=$((_n + 1))
		[ "$_n" -le 30 ] || fail "Tab never reached the field \"$1\""
		_before=$(screen)
		send_keys Tab
		wait_change "$_before"
	done
}

# Fail when a character was cut in two (drawn as U+FFFD) anywhere on the screen.
refute_cut()
{
	refute_screen "$(printf '\357\277\275')"
}

make_demo 300 7
cat >"$E2E_TMP/orgs.csv" <<'CSV'
kind,name,services,phone,languages,last_verified
community,Cocina Comunitaria Nuestra Señora de Guadalupe,food-insecurity,(505) 081-0924,"es, en",2026-11-01
community,St. Anne's Community Kitchen · Comedor,food-insecurity,(505) 555-0177,"en, es",2026-11-01
CSV
CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" import orgs "$E2E_TMP/orgs.csv" \
	>"$E2E_TMP/import.out" 2>&1 || fail "import orgs failed: $(cat "$E2E_TMP/import.out")"

# A patient with a long multibyte name.
open_list
send_keys a
wait_for "Add patient"
set_field MRN MRN0009123
set_field "Given name" "María Guadalupe Concepción"
set_field "Family name" "Villaseñor de la Peña Montoya"
set_field "Birth date" 1971-03-02
send_keys F10
wait_for "Demographics"

# ---- 80x24 ----
# The directory: every phone whole, the long name cut with "…".
send_keys 4
wait_for_re 'Name +Kind +Services +Phone +Verified'
wait_for "(505) 081-0924"
screen | grep -F "Cocina Comun" | grep -qF "(505) 081-0924" ||
	fail "at 80 columns the directory cuts the phone of a long name"
screen | grep -F "Cocina Comun" | grep -qF "…" || fail "the long name is not cut with …"
assert_screen "(505) 555-0177"
refute_cut
services80=$(($(column_of 'Name +Kind' Phone) - $(column_of 'Name +Kind' Services)))
name80=$(($(column_of 'Name +Kind' Kind) - $(column_of 'Name +Kind' Name)))

# The patients list: the long name is cut, its MRN is whole and under the header.
send_keys 2
wait_list
send_keys /
wait_for "Search:"
type_text "villa"
wait_for "MRN0009123"
send_keys Enter
wait_for 'search: "villa"'
screen | grep -F "MRN0009123" | grep -qF "Villaseñor de la" || fail "no row for the long name"
[ "$(column_of 'Name +Age +MRN' MRN)" -eq "$(screen | grep -F MRN0009123 |
	sed 's/MRN0009123.*//' | LC_ALL=C.UTF-8 wc -L)" ] || fail "the MRN is not under its header"
refute_cut

# The partner menu of a new referral: names cut by display width, phones whole.
send_keys Enter
wait_for "Demographics"
send_keys r
wait_for "New referral"
focus_choice "Domain or specialty"
_n=0
while [ "$(field_value "Domain or specialty")" != "Food insecurity" ]; do
	_n=$((_n + 1))
	[ "$_n" -le 40 ] || fail "Space never chose Food insecurity"
	_before=$(screen)
	send_keys Space
	wait_change "$_before"
done
focus_choice Partner
send_keys Enter
wait_for "Partner (language match first)"
screen | grep -F "Cocina Comun" | grep -qF "(505) 081-0924" ||
	fail "the partner menu cuts the phone"
screen | grep -F "St. Anne" | grep -qF "(505) 555-0177" || fail "the partner menu cuts a phone"
refute_cut
resize 120 30
wait_for "Partner (language match first)"
screen | grep -F "Cocina Comunitaria Nuestra Señora de Guadalupe" | grep -qF "(505) 081-0924" ||
	fail "at 120 columns the menu does not show the whole name and phone"
refute_cut
send_keys Escape
wait_gone "Partner (language match first)"
send_keys Escape
wait_for "Discard"
send_keys y
wait_for "Demographics"

# ---- 120x30: the room goes to the text columns, not all to the name ----
send_keys 4
wait_for_re 'Name +Kind +Services +Phone +Verified'
services120=$(($(column_of 'Name +Kind' Phone) - $(column_of 'Name +Kind' Services)))
name120=$(($(column_of 'Name +Kind' Kind) - $(column_of 'Name +Kind' Name)))
[ "$services120" -gt "$services80" ] ||
	fail "at 120 columns the services column is no wider ($services80 -> $services120)"
[ "$name120" -gt "$name80" ] || fail "at 120 columns the name column is no wider"
screen | grep -F "Cocina Comunitaria Nuestra Señora de" | grep -qF "(505) 081-0924" ||
	fail "at 120 columns the directory does not show more of the name and the phone"
refute_cut

# The worklist's task column grows too.
send_keys 1
wait_for_re 'Patient +Task +How late'
task120=$(($(column_of 'Patient +Task' "How late") - $(column_of 'Patient +Task' Task)))
[ "$task120" -gt 24 ] || fail "at 120 columns the worklist's task column is still $task120 wide"
refute_cut

e2e_ok
