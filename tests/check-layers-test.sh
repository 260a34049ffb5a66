#!/bin/bash
# check-layers.sh passes on the tree as it is, and fails, naming the file, the line and the
# rule, on each kind of violation planted one at a time in a copy of the sources.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
top=$(cd "${srcdir:-.}" && pwd)
check="$top/tests/check-layers.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

bad() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

out=$(bash "$check" "$top") || bad "the tree itself: $out"
echo "$out"

# One copy of the layers' sources; each plant changes one file and puts it back.
mkdir -p "$work/tree"
for d in src cli ui main paper; do
	mkdir -p "$work/tree/$d"
	(cd "$top/$d" && find . -name '*.[ch]' ! -name schema_sql.c -print0 |
		xargs -0 cp --parents -t "$work/tree/$d")
done

# plant FILE LINE EXPECTED: with LINE added at the end of FILE, check-layers must fail with
# a line naming FILE and saying EXPECTED.
plant() {
	local file=$1 line=$2 expected=$3 out
	cp "$work/tree/$file" "$work/saved"
	printf '%s\n' "$line" >>"$work/tree/$file"
	if out=$(bash "$check" "$work/tree"); then
		bad "planted '$line' in $file: check-layers passed"
	else
		grep -qF "check-layers: $file:" <<<"$out" || bad "no line naming $file: $out"
		grep -qF "$expected" <<<"$out" || bad "'$line' in $file: expected '$expected', got: $out"
		echo "planted in $file: $(head -n 1 <<<"$out")"
	fi
	mv "$work/saved" "$work/tree/$file"
}

# Each violation: the file it goes in | the line | what check-layers must say.
while IFS='|' read -r file line expected; do
	plant "$file" "$line" "$expected"
done <<'CASES'
ui/list.c|#include "db_private.h"|includes core-private db_private.h
cli/cli.c|#include "record.h"|includes core-private record.h
main/main.c|#include "db_private.h"|includes core-private db_private.h
ui/view.h|#include <sqlite3.h>|includes <sqlite3.h>
cli/cli_out.c|static int n(void) { return sqlite3_libversion_number(); }|uses sqlite3_libversion_number
ui/app.c|static void *s(void) { return cl_db_stmt(0, "", 0); }|calls cl_db_stmt
cli/cli.c|#include <curses.h>|includes curses; commands print
cli/cli.h|#include "keymap.h"|includes the interface's keymap.h
ui/app.c|#include "cli_out.h"|includes the commands' cli_out.h
src/patient.c|#include "demo_rng.h"|includes the demo generators' demo_rng.h
src/text.c|#include <ncursesw/curses.h>|includes curses; the core never draws
src/date.c|#include "view.h"|includes view.h from ui/ or cli/
src/text.c|static void p(void) { fprintf(stderr, "x"); }|prints (stderr)
src/letter.c|#include "paper.h"|includes paper.h from ui/ or cli/ or paper/
src/text.c|#include <cairo.h>|includes <cairo.h>; only paper/ draws
cli/cli_letter.c|#include <pango/pangocairo.h>|includes <pango/pangocairo.h>; only paper/ draws
ui/app.c|#include <glib.h>|includes <glib.h>; only paper/ draws
paper/paper_text.c|#include <sqlite3.h>|includes <sqlite3.h>
paper/paper_pdf.c|#include "db_private.h"|includes core-private db_private.h
paper/paper_pdf.c|#include <curses.h>|includes curses; paper/ draws on paper only
paper/paper.h|#include "cli_out.h"|includes cli_out.h from ui/ or cli/; paper/ is below them
src/id.c|static void p(void) { puts("x"); }|prints (puts)
src/csv.c|static void p(void) { perror("x"); }|prints (perror)
src/id.c|static void q(void) { exit(1); }|ends the process or warns (exit)
src/id.c|static void q(void) { abort(); }|ends the process or warns (abort)
CASES

# What a comment says is not code.
printf '/* sqlite3_step, printf("x") and exit() in a comment */\n// stderr\n' >>"$work/tree/src/id.c"
printf '/*\n * cl_db_stmt(\n */\n' >>"$work/tree/ui/app.c"
out=$(bash "$check" "$work/tree") || bad "comments counted as code: $out"

[ "$failures" -eq 0 ] || exit 1
echo "check-layers: every planted violation was found"
