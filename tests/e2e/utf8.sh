#!/bin/sh
# UTF-8 and hostile text: a patient with accented and wide (CJK) characters, added through
# the form, is shown in the chart and the list with the columns where the header puts them;
# control characters typed into a form are not taken; escape sequences stored in the
# database reach the screen as inert text (no title change, no clear screen).
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

# Display width (terminal columns) of text, by the C library's wcwidth (GNU wc -L).
width()
{
	printf '%s\n' "$1" | LC_ALL=C.UTF-8 wc -L
}

# Fail unless, on the list row containing MARK, the MRN value starts at the header's MRN
# column (display columns: wide characters count two).
check_aligned()
{
	_hdr=$(header_row)
	_col=$(width "${_hdr%%MRN*}")
	_row=$(screen | grep -F -- "$1" | head -n 1)
	[ -n "$_row" ] || fail "no list row with \"$1\""
	case "$_row" in *"$2"*) ;; *) fail "the row of \"$1\" does not show MRN $2" ;; esac
	_before=${_row%%"$2"*}
	[ "$(width "$_before")" -eq "$_col" ] ||
		fail "on the row of \"$1\" the MRN starts at column $(width "$_before"), the header's MRN at $_col"
}

make_demo 300 7
hostile_mrn=""
if command -v sqlite3 >/dev/null 2>&1; then
	# An escape sequence that would set the window title and clear the screen, and a bidi
	# override, stored in a family name as if from a bad import.
	hostile_mrn=$(sqlite3 "$DB" "SELECT mrn FROM patient WHERE status = 'active' ORDER BY mrn LIMIT 1")
	sqlite3 "$DB" "UPDATE patient SET family_name = 'Evil' || char(27) || ']2;pwned' || char(7)
		|| char(27) || '[2J' || char(8238) || 'x' WHERE mrn = '$hostile_mrn'" ||
		fail "could not plant hostile text"
fi

open_list
wait_for_re '[0-9][0-9,]* patients'
header=$(header_row)
title=$(e2e_tmux display -p -t main '#{pane_title}')

# Add the patient through the form.
send_keys a
wait_for "Add patient"
set_field MRN 9900077
set_field "Given name" "Zoë 李明"
set_field "Family name" "Ibáñez"
set_field "Birth date" 1990-07-04
[ "$(field_value "Family name")" = "Ibáñez" ] || fail "the form shows \"$(field_value "Family name")\""

# Control characters are not taken into a text field: ^G, ^X, ^T, ^V typed between letters
# leave no trace; a typed bidi override (U+202E) is either refused or drawn as U+FFFD.
form_field Address
type_text "Ab"
send_keys C-g C-x C-t C-v
type_text "cd"
wait_for "[Abcd"
refute_screen "^G"
[ "$(field_value Address)" = Abcd ] || fail "the Address field holds \"$(field_value Address)\""
type_text "$(printf '\342\200\256')x"
wait_for_re '\[Abcd(�)?x'
[ "$(field_value Address)" = Abcdx ] || [ "$(field_value Address)" = "Abcd�x" ] ||
	fail "a typed bidi override shows as \"$(field_value Address)\""

send_keys F10
wait_for "Saved."
wait_for "Demographics"
screen | grep -qiF "Ibáñez, Zoë 李明" || fail "the chart does not show the UTF-8 name"
assert_screen "MRN 9900077"
assert_screen "36 y"

# In the list (found by search, accents typed), the columns stay under the header.
send_keys q
wait_list
send_keys /
wait_for "Search:"
type_text "ibá"
wait_for "Ibáñez, Zoë 李明"
send_keys Enter
wait_for 'search: "ibá"'
[ "$(header_row)" = "$header" ] || fail "the column header moved:
$header
$(header_row)"
check_aligned "Ibáñez" 9900077
send_keys Escape
wait_gone 'search: "ibá"'

# Hostile text stored in the database is drawn inert.
if [ -n "$hostile_mrn" ]; then
	send_keys /
	wait_for "Search:"
	type_text "$hostile_mrn"
	wait_for "Evil"
	send_keys Enter
	wait_for "search: "
	screen | grep -qE 'Name +Age +MRN' || fail "the screen was cleared"
	check_aligned "Evil" "$hostile_mrn"
	[ "$(e2e_tmux display -p -t main '#{pane_title}')" = "$title" ] ||
		fail "text from the database changed the terminal title"
	# Each control character became one U+FFFD; nothing in ncurses' ^X notation.
	screen | grep -qF "Evil�]2;pwned��[2J" ||
		fail "the stored escape sequence is not drawn as Evil�]2;pwned��[2J"
	screen | grep -F "Evil" | grep -qF "^[" && fail "a raw ESC reached ncurses (drawn as ^[)"
	send_keys Enter
	wait_for "Demographics"
	assert_screen "MRN $hostile_mrn"
	[ "$(e2e_tmux display -p -t main '#{pane_title}')" = "$title" ] ||
		fail "the chart let text change the terminal title"
fi

e2e_ok
