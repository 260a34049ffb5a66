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
e2e_ok
