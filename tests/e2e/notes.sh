#!/bin/sh
# Case notes: in a new patient's chart, Notes → a writes a phone call summary of two lines
# in the editor (UTF-8: "señora"; the count of bytes shown), F10 saves it; the list shows
# it; / finds it by a word's start, accents and case ignored (and not by a word it lacks);
# Enter reads it whole; A amends it: the original stays, dimmed after "✗ amended", the
# amendment on top. The Timeline shows both, f filters by kind; Esc in the editor asks
# before it drops typed text.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

# Tab through the chart's sections until TEXT shows.
chart_tab_to()
{
	_n=0
	until screen | grep -q -- "$1"; do
		_n=$((_n + 1))
		[ "$_n" -le 14 ] || fail "Tab never reached a chart section showing \"$1\""
		send_keys Tab
		sleep 0.1
	done
}

make_demo 50 7
open_list
send_keys a
wait_for "Add patient"
set_field MRN 9900311
set_field "Given name" "Rosa"
set_field "Family name" "Zyxnote"
set_field "Birth date" 1948-02-11
send_keys F10
wait_for "Demographics"
wait_for "Saved."

chart_tab_to "No notes yet. a: write a note."
send_keys a
wait_for "Kind of note"
send_keys Down Enter
wait_for "New note: Phone call summary"
wait_for "0 / 16,384 bytes"
type_text "Called the señora about housing."
send_keys Enter
type_text "She needs a ride on Tuesday."
wait_for "62 / 16,384 bytes"
assert_screen "Called the señora about housing."
assert_screen "She needs a ride on Tuesday."
send_keys F10
wait_for "Note saved."
wait_for "Notes: 1, newest first"
wait_for_re "2026-11-23 [0-9:]+ +Phone call +.+ +Called the señora about hous"

# / finds the note by the start of a word, accents and case ignored.
send_keys /
wait_for "Notes with the words:"
type_text "SENOR hous"
send_keys Enter
wait_for 'Notes with "SENOR hous": 1'
wait_for "Called the señora"
send_keys /
wait_for "Notes with the words:"
type_text "taxi"
send_keys Enter
wait_for 'Notes with "taxi": 0'
wait_for "No note has these words."
send_keys Escape
wait_for "Notes: 1, newest first"

# Enter reads it whole.
send_keys Enter
wait_for_re "Phone call summary, 2026-11-23 [0-9:]+, by "
assert_screen "She needs a ride on Tuesday."
send_keys q
wait_for "Notes: 1, newest first"

# A amends it: the editor holds the text; the original stays, struck.
send_keys A
wait_for_re "Amend: Phone call summary of 2026-11-23"
wait_for "62 / 16,384 bytes"
type_text " Ride booked."
wait_for "75 / 16,384 bytes"
send_keys C-s
wait_for "Note amended; the original stays, marked amended."
wait_for "Notes: 2, newest first"
wait_for_re "Phone call +.+ +\\(amends\\) Called the señora"
wait_for_re "Phone call +.+ +✗ amended Called the señora"
# the newest first: the amendment is the first row
screen | grep -E "Phone call" | head -n 1 | grep -q "(amends)" ||
	fail "the amendment is not the first row"
# the struck one cannot be amended again
send_keys j
send_keys A
wait_for "This note was amended already: amend its newest version."
send_keys Enter
wait_for_re "✗ amended by .+ on .+: see the newer note"
assert_screen "She needs a ride on Tuesday."
send_keys q

# The timeline: both notes, the original struck; f filters by kind.
send_keys Tab
wait_for "Timeline: everything, newest first (2)"
wait_for_re "2026-11-23 [0-9:]+ +note +Phone call summary: Called the señora"
wait_for_re "2026-11-23 [0-9:]+ +note +✗ amended Phone call summary: Called"
send_keys f
wait_for "Timeline: note, newest first (2)"
send_keys f
wait_for "Timeline: contact, newest first (0)"
wait_for "Nothing of this kind."

# Esc asks before it drops typed text; n keeps it.
send_keys a
wait_for "Kind of note"
send_keys Enter
wait_for "New note: Note"
type_text "Draft to drop"
send_keys Escape
wait_for "Discard the text? (y/n)"
send_keys n
wait_gone "Discard the text? (y/n)"
assert_screen "Draft to drop"
send_keys Escape
wait_for "Discard the text? (y/n)"
send_keys y
wait_for "Timeline: contact"

# The command line: note add from standard input, list as CSV (the whole text), search;
# a bad kind, a text over the limit and an unknown MRN are refused without quoting them.
cl()
{
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$DB" "$@"
}
printf 'Home visit with the nurse.\nLa señora walks with a cane.\n' |
	cl note add 9900311 --kind home-visit --at "2026-11-20 10:30" >"$E2E_TMP/out" 2>&1 ||
	fail "note add exited $?: $(cat "$E2E_TMP/out")"
grep -q "^Saved: home-visit note of 2026-11-20T10:30, 56 bytes.$" "$E2E_TMP/out" ||
	fail "note add said: $(cat "$E2E_TMP/out")"
cl note list 9900311 --format csv >"$E2E_TMP/crlf" || fail "note list exited $?"
tr -d "\r" <"$E2E_TMP/crlf" >"$E2E_TMP/csv" # (RFC 4180 ends rows with CRLF)
[ "$(head -n 1 "$E2E_TMP/csv")" = "when,kind,author,state,bytes,text" ] ||
	fail "note list header: $(head -n 1 "$E2E_TMP/csv")"
grep -q '^2026-11-20 10:30,home-visit,.*,,56,"Home visit with the nurse.$' "$E2E_TMP/csv" ||
	fail "note list lacks the new note: $(cat "$E2E_TMP/csv")"
grep -q '^La señora walks with a cane."$' "$E2E_TMP/csv" || fail "the CSV lost the second line"
grep -q ',phone-call,.*,amended,62,' "$E2E_TMP/csv" || fail "the amended note is not marked"
grep -q ',phone-call,.*,amends,75,' "$E2E_TMP/csv" || fail "the amendment is not marked"
cl note list 9900311 --search "cane señ" --format csv >"$E2E_TMP/found" ||
	fail "note list --search exited $?"
{ grep -q ",home-visit," "$E2E_TMP/found" && ! grep -q ",phone-call," "$E2E_TMP/found"; } ||
	fail "note list --search did not find exactly the home visit: $(cat "$E2E_TMP/found")"
echo "text" | cl note add 9900311 --kind gossip >"$E2E_TMP/out" 2>&1
[ $? = 65 ] || fail "a bad kind did not exit 65"
grep -q "note add --kind: Kind is not one of the choices" "$E2E_TMP/out" ||
	fail "bad kind: $(cat "$E2E_TMP/out")"
grep -q gossip "$E2E_TMP/out" && fail "the message quotes the value"
head -c 16385 /dev/zero | tr '\000' a | cl note add 9900311 --kind note >"$E2E_TMP/out" 2>&1
[ $? = 65 ] || fail "a text over the limit did not exit 65"
grep -q "16384 bytes" "$E2E_TMP/out" || fail "over the limit: $(cat "$E2E_TMP/out")"
grep -q aaaa "$E2E_TMP/out" && fail "the message quotes the text"
echo "text" | cl note add 9900999 --kind note >"$E2E_TMP/out" 2>&1
[ $? = 66 ] || fail "an unknown MRN did not exit 66"
grep -q "no patient with that MRN" "$E2E_TMP/out" || fail "unknown MRN: $(cat "$E2E_TMP/out")"
grep -q 9900999 "$E2E_TMP/out" && fail "the message quotes the MRN"
e2e_ok
