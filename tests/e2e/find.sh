#!/bin/sh
# Find a patient from any screen (issue 8): `/` on the worklist, the referrals and a chart
# goes to the patients list's search with what is typed next; on the patients list and the
# directory it searches the list on screen, and the directory says it searches partners.
# Search finds an MRN by its digits alone and a phone by its digits in any punctuation.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
send_keys a
wait_for "Add patient"
set_field MRN MRN0001062
set_field "Given name" Rosa
set_field "Family name" Zyxfind
set_field "Birth date" 1971-03-02
set_field Phone 5050810924
send_keys F10
wait_for "Demographics"
wait_for "(505) 081-0924"

# From the chart: the phone's local digits, without punctuation.
send_keys /
wait_for "Search:"
wait_for "Find a patient"
wait_for_re 'Name +Age +MRN'
type_text 0810924
wait_for "Zyxfind, Rosa"
screen | grep -F "Zyxfind, Rosa" | grep -qF MRN0001062 || fail "the phone's digits do not find the patient"
send_keys Escape
wait_gone "Search:"

# From the worklist: the MRN's digits alone.
send_keys 1
wait_for "Worklist: "
send_keys /
wait_for "Search:"
type_text 1062
wait_for "MRN0001062"
send_keys Enter
wait_for 'search: "1062"'
send_keys Enter
wait_for "MRN MRN0001062"
send_keys q
wait_for 'search: "1062"'

# From the referrals: the phone as people write it.
send_keys 3
wait_for "Referrals"
send_keys /
wait_for "Search:"
type_text "081-0924"
wait_for "Zyxfind, Rosa"
send_keys Escape
wait_gone "Search:"

# The directory's / searches the directory, and says so.
send_keys 4
wait_for_re 'Name +Kind +Services'
send_keys /
wait_for "Search:"
wait_for "search partners"
send_keys Escape
wait_gone "Search:"

# Help says what / does where it is opened.
send_keys 1
wait_for "Worklist: "
screen_row 23 | grep -qF "/:find" || fail "the worklist's hint bar does not show /:find"
send_keys "?"
wait_for "Help: Worklist"
_n=0
while ! screen | grep -qE '^ +/ +find a patient'; do
	_n=$((_n + 1))
	[ "$_n" -le 30 ] || fail "the worklist's help does not list / (find a patient)"
	_before=$(screen)
	send_keys Down
	wait_change "$_before"
done
send_keys q
wait_gone "Help: "
send_keys 4
wait_for_re 'Name +Kind +Services'
send_keys "?"
wait_for "Help: Directory"
screen | grep -qE '^ +/ +search the directory' || fail "the directory's help does not say / searches it"
send_keys q
wait_gone "Help: "

e2e_ok
