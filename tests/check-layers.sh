#!/bin/bash
# make check-layers: the layers' rules that the compiler cannot see, read from the sources.
#   ui/, cli/, main/  never include a core-private header (src/db_private.h, and any src/
#                     header that includes <sqlite3.h> or another private one) nor
#                     <sqlite3.h>, never name sqlite3_*/SQLITE_* or call what only a
#                     private header declares (cl_db_stmt, …): they ask the core's modules.
#   cli/              never includes curses or a ui/ header (commands print, never draw).
#   ui/               never includes a cli/ header.
#   paper/            (documents drawn as PDF or text) as ui/ and cli/ for SQLite and the
#                     private headers, never curses, never a ui/ or cli/ header.
#   only paper/       includes Cairo, Pango or GLib (<cairo*.h>, <pango/…>, <glib*.h>): the
#                     core never draws, and ui/ and cli/ call paper.h.
#   src/ (not demo/)  never includes a header of src/demo/ (the demo clinic's generators
#                     are a tool beside the core, over it).
#   src/              never includes curses or a ui/ or cli/ header, and never prints or
#                     ends the process: no printf/puts/putchar/perror/vprintf, no stdout,
#                     stderr or their descriptors, no exit/_exit/abort, no <err.h>. (Writing
#                     to a FILE * the caller hands in, as csv.c does, is the caller's choice.)
# One line per violation, "check-layers: FILE:LINE: what; why", then a count and exit 1.
# Comments are not read. usage: check-layers.sh [SRCDIR]
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
top=${1:-.}
cd "$top" || exit 2

# Every C source and header of the layers; the generated schema_sql.c is not ours.
files=$(find src cli ui main paper -name '*.[ch]' ! -name schema_sql.c 2>/dev/null | sort)

# All of them at once as "FILE:LINE:code", comments blanked (/* */ across lines, //).
all=$(mktemp)
trap 'rm -f "$all"' EXIT
# shellcheck disable=SC2086
awk '
FNR == 1 { incomment = 0 }
{
	out = ""; line = $0
	while (line != "") {
		if (incomment) {
			i = index(line, "*/")
			if (!i) break
			line = substr(line, i + 2); incomment = 0
		} else {
			i = index(line, "/*"); j = index(line, "//")
			if (j && (!i || j < i)) { out = out substr(line, 1, j - 1); break }
			if (!i) { out = out line; break }
			out = out substr(line, 1, i - 1) " "; line = substr(line, i + 2); incomment = 1
		}
	}
	print FILENAME ":" FNR ":" out
}' $files >"$all"

# The lines of layer folders $1 (a regex such as "ui|cli") whose code matches the extended
# regex $2 from its start.
lines() {
	grep -E "^($1)/[^:]*:[0-9]+:$2" "$all"
}
# A regex alternative of words, dots escaped.
alt() {
	tr ' ' '\n' <<<"$*" | grep -v '^$' | sed 's/\./\\./g' | paste -sd '|' -
}
inc_q='[[:space:]]*#[[:space:]]*include[[:space:]]*"'
inc_a='[[:space:]]*#[[:space:]]*include[[:space:]]*<'

# The core-private headers: db_private.h, and every src/ header that includes <sqlite3.h>
# or one already private, until nothing new is found.
private="db_private.h"
while :; do
	found=$(grep -E "^src/[^:]*\.h:[0-9]+:(${inc_a}sqlite3\.h>|${inc_q}($(alt $private))\")" \
		"$all" | cut -d: -f1 | sed 's|.*/||')
	more=$(tr ' ' '\n' <<<"$private $found" | grep -v '^$' | sort -u | paste -sd ' ' -)
	[ "$more" = "$(tr ' ' '\n' <<<"$private" | sort -u | paste -sd ' ' -)" ] && break
	private=$more
done
private=$(tr ' ' '\n' <<<"$private" | sort -u | paste -sd ' ' -)

# The functions only a private header declares: calling one means a private include.
private_calls=$(grep -E "^src/(.*/)?($(alt $private)):" "$all" |
	grep -oE '\bcl_[a-z0-9_]+[[:space:]]*\(' | tr -d '( \t' | sort -u | paste -sd '|' -)

names() { # the headers of folder $1, by name
	find "$1" -name '*.h' 2>/dev/null | sed 's|.*/||' | sort -u
}
ui_only=$(alt $(comm -23 <(names ui) <(names src)))
cli_only=$(alt $(comm -23 <(names cli) <(names src)))
outer=$(alt $(comm -23 <({ names ui; names cli; } | sort -u) <(names src)))
above=$(alt $(comm -23 <({ names ui; names cli; names paper; } | sort -u) <(names src)))
demo_only=$(alt $(comm -23 <(names src/demo) <(find src -maxdepth 1 -name '*.h' | sed 's|.*/||' | sort -u)))
curses='(n?curses[a-z]*|ncursesw/[a-z]+|term|panel|menu|form)\.h>'
drawing='(cairo[a-z-]*\.h|pango/[a-z]+\.h|glib[a-z-]*\.h|glib/[a-z]+\.h)'

# report REGEX-OF-WHAT-TO-NAME MESSAGE: turn "FILE:LINE:text" lines into violations, naming
# the first match of REGEX in the text where MESSAGE says {}.
report() {
	while IFS=: read -r f n text; do
		w=$(grep -oE "$1" <<<"$text" | head -n 1)
		echo "check-layers: $f:$n: ${2//\{\}/$w}"
	done
}

checks() {
	lines 'ui|cli|main|paper' "${inc_q}($(alt $private))\"" |
		report '[a-z_]+\.h' "includes core-private {} (the SQLite API is src/'s own); ask a core module"
	lines 'ui|cli|main|paper' "${inc_a}sqlite3\.h>" |
		report 'sqlite3\.h' "includes <{}>; only src/ talks to SQLite"
	lines 'ui|cli|main|paper' '.*(\bsqlite3(_[A-Za-z0-9_]*)?\b|\bSQLITE_[A-Z])' |
		report '\bsqlite3(_[A-Za-z0-9_]*)?\b|\bSQLITE_[A-Z_]+' "uses {}; only src/ talks to SQLite"
	[ -n "$private_calls" ] && lines 'ui|cli|main|paper' ".*\\b($private_calls)[[:space:]]*\\(" |
		report "\\b($private_calls)\\b" "calls {}, which only a core-private header declares"

	lines 'cli' "${inc_a}${curses}" | report "$curses" "includes curses; commands print, never draw"
	[ -n "$ui_only" ] && lines 'cli' "${inc_q}($ui_only)\"" |
		report '[a-z_]+\.h' "includes the interface's {}; cli/ never uses ui/"
	[ -n "$cli_only" ] && lines 'ui' "${inc_q}($cli_only)\"" |
		report '[a-z_]+\.h' "includes the commands' {}; ui/ never uses cli/"
	lines 'paper' "${inc_a}${curses}" | report "$curses" "includes curses; paper/ draws on paper only"
	[ -n "$outer" ] && lines 'paper' "${inc_q}($outer)\"" |
		report '[a-z_]+\.h' "includes {} from ui/ or cli/; paper/ is below them"
	lines 'src|ui|cli|main' "${inc_a}${drawing}" |
		report "$drawing" "includes <{}>; only paper/ draws with Cairo and Pango"

	[ -n "$demo_only" ] && grep -E "^src/[^/:]*:[0-9]+:${inc_q}($demo_only)\"" "$all" |
		report '[a-z_]+\.h' "includes the demo generators' {}; the core never depends on src/demo/"
	lines 'src' "${inc_a}${curses}" | report "$curses" "includes curses; the core never draws"
	[ -n "$above" ] && lines 'src' "${inc_q}($above)\"" |
		report '[a-z_]+\.h' "includes {} from ui/ or cli/ or paper/; the core is below them"
	lines 'src' '.*(\b(printf|vprintf|puts|putchar|perror)[[:space:]]*\(|\b(stdout|stderr|STDOUT_FILENO|STDERR_FILENO)\b)' |
		report '\b(printf|vprintf|puts|putchar|perror|stdout|stderr|STDOUT_FILENO|STDERR_FILENO)\b' \
			"prints ({}); the core never prints: fill a struct cl_error for the caller"
	lines 'src' "(.*\\b(exit|_exit|_Exit|abort|quick_exit)[[:space:]]*\\(|${inc_a}err\\.h>)" |
		report '\b(exit|_exit|_Exit|abort|quick_exit)\b|err\.h' \
			"ends the process or warns ({}); the core returns a status"
}

found=$(checks)
if [ -n "$found" ]; then
	echo "$found"
	echo "check-layers: $(wc -l <<<"$found") violation(s) of the layers (see tests/check-layers.sh)"
	exit 1
fi
echo "check-layers: ok ($(wc -w <<<"$files") files; core-private: $private)"
