# careloop end-to-end test library (POSIX sh), sourced by each tests/e2e/*.sh scenario:
#   . "${E2E_LIB:-$(dirname "$0")/lib.sh}"
# make check exports CARELOOP (the binary) and E2E_LIB (this file). Each scenario runs the
# real binary in a private tmux server (80x24, C.UTF-8, NO_COLOR, a fixed "today"), drives it
# with send-keys and polls capture-pane every 50 ms for the text it expects (no fixed
# sleeps). Any failed expectation prints a message and the screen, then exits 1. A scenario
# ends with `e2e_ok`, which prints "e2e: <name>: ok". Skips (exit 77) only without tmux.

E2E_NAME=$(basename "$0" .sh)
E2E_TIMEOUT=${E2E_TIMEOUT:-10} # seconds a wait_for gives the program by default
E2E_TODAY=2026-11-23

if ! command -v tmux >/dev/null 2>&1; then
	echo "e2e: $E2E_NAME: skipped (tmux is not installed)"
	exit 77
fi
if [ -z "${CARELOOP:-}" ]; then
	CARELOOP=$(cd "$(dirname "$0")/../.." && pwd)/src/careloop
fi
if [ ! -x "$CARELOOP" ]; then
	echo "e2e: $E2E_NAME: FAIL: no careloop binary at $CARELOOP" >&2
	exit 1
fi

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/careloop-e2e.XXXXXX") || exit 1
DB=$E2E_TMP/careloop.db
E2E_SOCKET=careloop-e2e-$$
E2E_TARGET=main # the session the helpers talk to (see e2e_use)

e2e_tmux()
{
	tmux -L "$E2E_SOCKET" -f /dev/null "$@"
}

e2e_cleanup()
{
	_sock=$(e2e_tmux display -p '#{socket_path}' 2>/dev/null)
	e2e_tmux kill-server >/dev/null 2>&1
	# tmux leaves its socket file behind
	case "$_sock" in */"$E2E_SOCKET") rm -f "$_sock" ;; esac
	rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT
trap 'exit 1' HUP INT TERM

# Print a message, the current screen (when a program runs) and exit 1.
fail()
{
	echo "e2e: $E2E_NAME: FAIL: $*" >&2
	if e2e_tmux has-session -t "$E2E_TARGET" 2>/dev/null; then
		echo "---- screen of session '$E2E_TARGET' ----" >&2
		e2e_tmux capture-pane -p -t "$E2E_TARGET" >&2
		echo "---- end of screen ----" >&2
	fi
	exit 1
}

# The scenario passed: leave every instance still running with ^C, and check that each
# exited 0 with nothing from a sanitizer on its standard error; then print the ok line.
e2e_ok()
{
	for _s in $(e2e_tmux list-sessions -F '#{session_name}' 2>/dev/null); do
		E2E_TARGET=$_s
		if ! screen | grep -q '^\[careloop exited '; then
			send_keys C-c
			wait_for "[careloop exited "
		fi
		screen | grep -q '^\[careloop exited 0\]' ||
			fail "careloop in session '$_s' did not exit 0"
		if grep -qE 'Sanitizer|runtime error' "$E2E_TMP/stderr.$_s" 2>/dev/null; then
			cat "$E2E_TMP/stderr.$_s" >&2
			fail "a sanitizer reported on careloop in session '$_s'"
		fi
	done
	echo "e2e: $E2E_NAME: ok"
	exit 0
}

# Make a demo database at $DB (or $3): 300 patients, seed 7 unless told otherwise.
make_demo()
{
	_n=${1:-300}
	_seed=${2:-7}
	_db=${3:-$DB}
	mkdir -p "$(dirname "$_db")" # careloop creates no folders for a --db path
	CARELOOP_TODAY=$E2E_TODAY "$CARELOOP" --db "$_db" demo --patients "$_n" --seed "$_seed" \
		>"$E2E_TMP/demo.out" 2>&1 ||
		fail "careloop demo --patients $_n --seed $_seed exited $?: $(cat "$E2E_TMP/demo.out")"
}

# Start careloop on $DB in a new detached 80x24 session named NAME (the default "main") and
# talk to it from now on. Extra arguments go to careloop.
#   start_app [-s NAME] [ARG...]
start_app()
{
	_session=main
	if [ "${1:-}" = "-s" ]; then
		_session=$2
		shift 2
	fi
	_cmd="env LC_ALL=C.UTF-8 TERM=tmux-256color NO_COLOR=1 CARELOOP_TODAY=$E2E_TODAY"
	# E2E_ENV: more NAME=VALUE words for careloop's environment (quoted by the caller)
	_cmd="$_cmd ${E2E_ENV:-}"
	_cmd="$_cmd $(e2e_quote "$CARELOOP") --db $(e2e_quote "$DB")"
	for _a in "$@"; do
		_cmd="$_cmd $(e2e_quote "$_a")"
	done
	# Standard error goes to a file (e2e_ok looks for sanitizer reports); the pane stays
	# after the program exits, with its status, so that a crash leaves its screen to read.
	# The pane's shell then ignores ^C: one sent as careloop was already leaving (e2e_ok's)
	# would otherwise end the session and the tmux server with it.
	_cmd="$_cmd 2>>$(e2e_quote "$E2E_TMP/stderr.$_session")"
	e2e_tmux new-session -d -s "$_session" -x 80 -y 24 \
		"$_cmd; echo \"[careloop exited \$?]\"; trap '' INT; sleep 600" ||
		fail "tmux new-session failed"
	E2E_TARGET=$_session
}

# Talk to another session from now on.
e2e_use()
{
	E2E_TARGET=$1
}

# Single-quote a word for the shell tmux runs.
e2e_quote()
{
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Send tmux key names ("j", "Enter", "Escape", "F10", "C-s", "BTab", "Space").
send_keys()
{
	e2e_tmux send-keys -t "$E2E_TARGET" "$@" || fail "send-keys $* failed"
}

# Type text literally (UTF-8 included).
type_text()
{
	e2e_tmux send-keys -t "$E2E_TARGET" -l -- "$1" || fail "typing failed"
}

# A settled capture (capture-pane ARGS): two captures 30 ms apart that agree, so that a
# frame tmux has only half drawn is never read.
e2e_capture()
{
	_a=$(e2e_tmux capture-pane -p -t "$E2E_TARGET" "$@")
	_n=100
	while [ "$_n" -gt 0 ]; do
		sleep 0.03
		_b=$(e2e_tmux capture-pane -p -t "$E2E_TARGET" "$@")
		[ "$_a" = "$_b" ] && break
		_a=$_b
		_n=$((_n - 1))
	done
	printf '%s\n' "$_a"
}

# The screen as text, one line per row.
screen()
{
	e2e_capture
}

# The screen with attributes as escape sequences (reverse video is ESC[7m).
screen_attr()
{
	e2e_capture -e
}

# Row N (0-based) of the screen, without trailing blanks.
screen_row()
{
	screen | sed -n "$(($1 + 1))p" | sed 's/ *$//'
}

# The first row of a list: the row under the column header whose first word is WORD
# (e.g. Patient), wherever the header sits (the worklist's section tabs grow with sections).
first_row_under()
{
	screen | awk -v w="$1" 'found { sub(/ +$/, ""); print; exit } $1 == w { found = 1 }'
}

# Wait until TEXT (a fixed string) is on the screen; fail after TIMEOUT seconds.
wait_for()
{
	_text=$1
	_tries=$(((${2:-$E2E_TIMEOUT}) * 20))
	while [ "$_tries" -gt 0 ]; do
		screen | grep -qF -- "$_text" && return 0
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "waited ${2:-$E2E_TIMEOUT}s for \"$_text\" on the screen"
}

# Wait until TEXT is no longer on the screen.
wait_gone()
{
	_text=$1
	_tries=$(((${2:-$E2E_TIMEOUT}) * 20))
	while [ "$_tries" -gt 0 ]; do
		screen | grep -qF -- "$_text" || return 0
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "waited ${2:-$E2E_TIMEOUT}s for \"$_text\" to leave the screen"
}

# Wait until the screen differs from TEXT (a full earlier capture).
wait_change()
{
	_before=$1
	_tries=$(((${2:-$E2E_TIMEOUT}) * 20))
	while [ "$_tries" -gt 0 ]; do
		[ "$(screen)" != "$_before" ] && return 0
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "the screen did not change in ${2:-$E2E_TIMEOUT}s"
}

assert_screen()
{
	screen | grep -qF -- "$1" || fail "expected \"$1\" on the screen"
}

refute_screen()
{
	screen | grep -qF -- "$1" && fail "did not expect \"$1\" on the screen"
	return 0
}

# Wait for an extended regular expression on the screen.
wait_for_re()
{
	_re=$1
	_tries=$(((${2:-$E2E_TIMEOUT}) * 20))
	while [ "$_tries" -gt 0 ]; do
		screen | grep -qE -- "$_re" && return 0
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "waited ${2:-$E2E_TIMEOUT}s for /$_re/ on the screen"
}

# "ROW<TAB>TEXT" of the selected list row in one settled capture: the first row in reverse
# video other than the title bar (row 0), the column header and the last two rows (message
# line and hint bar); nothing when no row is selected.
selected_info()
{
	_h=$(e2e_tmux display -p -t "$E2E_TARGET" '#{window_height}')
	screen_attr | awk -v esc="$(printf '\033')" -v last="$((_h - 3))" '
		NR > 1 && NR - 1 <= last && $0 ~ esc "\\[([0-9;]*;)?7(;[0-9;]*)?m" {
			line = $0
			gsub(esc "\\[[0-9;]*m", "", line)
			if (line ~ /Name.*MRN/)
				next
			sub(/ +$/, "", line)
			print NR - 1 "\t" line
			exit
		}'
}

# The 0-based screen row of the selected list row, or nothing.
selected_index()
{
	selected_info | cut -f1
}

# The text of the selected list row (trailing blanks removed), or nothing.
selected_row()
{
	selected_info | cut -f2-
}

# The number in "N patients" / "N matches" on the screen, without thousands separators.
screen_count()
{
	screen | grep -oE '[0-9][0-9,]* (patients|patient|matches|match)' | head -n 1 |
		sed 's/[^0-9]//g'
}

# Wait until screen_count is N (or, with "!= N", anything else but empty); print it.
wait_count()
{
	_op="="
	if [ "$1" = "!=" ]; then
		_op="!="
		shift
	fi
	_tries=$((E2E_TIMEOUT * 20))
	while [ "$_tries" -gt 0 ]; do
		_c=$(screen_count)
		if [ -n "$_c" ] && { { [ "$_op" = "=" ] && [ "$_c" = "$1" ]; } ||
			{ [ "$_op" = "!=" ] && [ "$_c" != "$1" ]; }; }; then
			printf '%s\n' "$_c"
			return 0
		fi
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "waited for the count to be $_op $1 (it is \"$(screen_count)\")"
}

# The name ("Family, Given") at the start of a list row.
row_name()
{
	printf '%s\n' "$1" | sed -e 's/^ *//' -e 's/  .*//'
}

# The list's column header row (the one naming Name ... MRN).
header_row()
{
	screen | grep -E 'Name.*MRN' | head -n 1
}

# The visible list rows made of printable ASCII only ("Family, Given ... low ..."), so that
# byte offsets are display columns.
ascii_rows()
{
	screen | sed -n '2,22p' | grep -E '^ *[^ ,][^,]*, .*(high|rising|low)' |
		LC_ALL=C grep -v '[^ -~]'
}

# The text of column TITLE (as in the header) in ROW, an ASCII list row, trimmed.
row_column()
{
	_hdr=$(header_row)
	printf '%s\n' "$1" | awk -v hdr="$_hdr" -v title="$2" '
		BEGIN {
			n = split("Name|Age|MRN|Risk|Care manager", t, "|")
			for (i = 1; i <= n; i++)
				pos[i] = index(hdr, t[i])
			start = index(hdr, title)
			stop = 0
			for (i = 1; i <= n; i++)
				if (pos[i] > start && (stop == 0 || pos[i] < stop))
					stop = pos[i]
		}
		{
			v = stop ? substr($0, start, stop - start) : substr($0, start)
			gsub(/^ +| +$/, "", v)
			print v
		}'
}

# Wait until the selected row (its whole text: names repeat, MRNs do not) is not BEFORE;
# print the new one.
wait_selection_change()
{
	_before=$1
	_tries=$((E2E_TIMEOUT * 20))
	while [ "$_tries" -gt 0 ]; do
		_now=$(selected_row)
		if [ -n "$_now" ] && [ "$_now" != "$_before" ]; then
			printf '%s\n' "$_now"
			return 0
		fi
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "the selection did not move from \"$_before\""
}

# Move the selection down to the first list row, at least SKIP rows below the current one,
# whose text is plain ASCII (so row_column can read it); print that row.
select_ascii_row()
{
	_sel=$(selected_index)
	[ -n "$_sel" ] || fail "no row is selected"
	_i=$((_sel + ${1:-0}))
	_h=$(e2e_tmux display -p -t "$E2E_TARGET" '#{window_height}')
	while [ "$_i" -le $((_h - 3)) ]; do
		_r=$(screen_row "$_i")
		if printf '%s\n' "$_r" | grep -qE '^ *[^ ,][^,]*, .*(high|rising|low)' &&
			! printf '%s\n' "$_r" | LC_ALL=C grep -q '[^ -~]'; then
			_n=$((_i - _sel))
			while [ "$_n" -gt 0 ]; do
				send_keys j
				_n=$((_n - 1))
			done
			_tries=$((E2E_TIMEOUT * 20))
			while [ "$(selected_index)" != "$_i" ]; do
				_tries=$((_tries - 1))
				[ "$_tries" -gt 0 ] || fail "the selection did not reach row $_i"
				sleep 0.05
			done
			selected_row
			return 0
		fi
		_i=$((_i + 1))
	done
	fail "no ASCII-only patient row on the screen"
}

# The 0-based row of the terminal cursor.
cursor_row()
{
	e2e_tmux display -p -t "$E2E_TARGET" '#{cursor_y}'
}

# The 0-based screen row where a form shows LABEL (the label starting the line).
label_row()
{
	screen | awk -v label="$1" '{
		line = $0
		sub(/^ +/, "", line)
		if (index(line, label) == 1) {
			rest = substr(line, length(label) + 1, 1)
			if (rest == "" || rest == " " || rest == ":" || rest == "[" || rest == "*") {
				print NR - 1
				exit
			}
		}
	}'
}

# Move a form's focus with Tab until the terminal cursor is on the row of LABEL (the form
# scrolls, so the label may show only once the focus comes near it).
form_field()
{
	_tries=60
	while :; do
		_row=$(label_row "$1")
		[ -n "$_row" ] && [ "$(cursor_row)" = "$_row" ] && return 0
		_tries=$((_tries - 1))
		[ "$_tries" -gt 0 ] || fail "Tab never reached the field \"$1\""
		_before=$(screen; cursor_row)
		send_keys Tab
		_w=40
		while [ "$(screen; cursor_row)" = "$_before" ] && [ "$_w" -gt 0 ]; do
			sleep 0.05
			_w=$((_w - 1))
		done
	done
}

# Replace the text of form field LABEL with VALUE (End, Backspaces, then the text) and wait
# until the field shows it.
set_field()
{
	form_field "$1"
	send_keys End
	send_keys -N 100 BSpace
	[ -n "$2" ] && type_text "$2"
	_tries=$((E2E_TIMEOUT * 20))
	while [ "$(field_value "$1")" != "$2" ]; do
		_tries=$((_tries - 1))
		[ "$_tries" -gt 0 ] || fail "the field \"$1\" does not show what was typed"
		sleep 0.05
	done
}

# The text between the brackets on LABEL's row ("Label  [value]"), trimmed.
field_value()
{
	_row=$(label_row "$1")
	[ -n "$_row" ] || fail "no form field labelled \"$1\""
	screen_row "$_row" | sed -e 's/^[^[]*\[//' -e 's/\].*//' -e 's/ *$//'
}

# Wait until a message matching REGEX (grep -iE) shows beside form field LABEL (on its
# row, outside the label and the [value]) or on the row right under it.
wait_field_error()
{
	_tries=$((E2E_TIMEOUT * 20))
	while [ "$_tries" -gt 0 ]; do
		_row=$(label_row "$1")
		if [ -n "$_row" ]; then
			_scr=$(screen)
			_near=$(printf '%s\n' "$_scr" | sed -n "$((_row + 1))p" |
				sed -e 's/^ *//' -e "s/^$1//" -e 's/\[[^]]*\]//')
			_under=$(printf '%s\n' "$_scr" | sed -n "$((_row + 2))p")
			printf '%s\n%s\n' "$_near" "$_under" | grep -qiE -- "$2" && return 0
		fi
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "no message /$2/ beside the field \"$1\""
}

# Resize the current session's window to W x H.
resize()
{
	e2e_tmux resize-window -t "$E2E_TARGET" -x "$1" -y "$2" || fail "resize to $1x$2 failed"
}

# Wait for the patients list (its column header). careloop opens on the worklist: from
# there, 2 goes to the patients list (sent once).
wait_list()
{
	_tries=$((E2E_TIMEOUT * 20))
	_sent=
	while [ "$_tries" -gt 0 ]; do
		_scr=$(screen)
		printf '%s\n' "$_scr" | grep -qE 'Name +Age +MRN +Risk +Care manager' && return 0
		if [ -z "$_sent" ] && printf '%s\n' "$_scr" | grep -q '^ Worklist: '; then
			send_keys 2
			_sent=1
		fi
		sleep 0.05
		_tries=$((_tries - 1))
	done
	fail "waited ${E2E_TIMEOUT}s for the patients list"
}

refute_screen_re()
{
	screen | grep -qE -- "$1" && fail "did not expect /$1/ on the screen"
	return 0
}

# Start careloop (start_app arguments) and wait for the patients list.
open_list()
{
	start_app "$@"
	wait_list
}
