#!/bin/sh
# Each command's usage is written once, beside its entry in cli/cli.c's table: careloop
# --help lists every form, careloop CMD --help prints the same forms, and the man page's
# SYNOPSIS and COMMANDS name the same commands with the same options (no more, no fewer).
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

man=$(dirname "${E2E_LIB:-$0}")/../../man/careloop.1
[ -f "$man" ] || man=$(dirname "$0")/../../man/careloop.1
[ -f "$man" ] || fail "no man page at $man"

# A form's key: its command words and its options, "screening list|--format --patient".
key_of() {
	awk '{
		cmd = ""
		for (i = 1; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++)
			cmd = cmd (cmd == "" ? "" : " ") $i
		opts = ""
		s = $0
		n = 0
		while (match(s, /--[a-z][a-z-]*/)) {
			o[++n] = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
		}
		for (i = 1; i <= n; i++)
			for (j = i + 1; j <= n; j++)
				if (o[j] < o[i]) { t = o[i]; o[i] = o[j]; o[j] = t }
		for (i = 1; i <= n; i++)
			if (i == 1 || o[i] != o[i - 1])
				opts = opts (opts == "" ? "" : " ") o[i]
		print cmd "|" opts
	}'
}

# The forms a usage text lists after "careloop ", continuation lines joined.
forms_of() {
	awk '
	/^(  |usage: |       )careloop / { if (f != "") print f; sub(/^.*careloop /, ""); f = $0; next }
	/^ +\[/ && f != "" { sub(/^ +/, ""); f = f " " $0; next }
	{ if (f != "") print f; f = "" }
	END { if (f != "") print f }'
}

# The man page's forms in section $1 as text with "--option" for "Fl \-option": SYNOPSIS,
# one a .Nm (the .Cm line and after); COMMANDS, one an ".It Cm" line. An argument (Ar id) is
# no command word.
man_forms() {
	sed 's/\\-/-/g; s/Fl -/--/g; s/Fl Ar/Ar/g' "$man" | awk -v sect="$1" '
	/^\.Sh / { on = ($2 == sect); if (f != "") print f; f = ""; next }
	!on { next }
	sect == "SYNOPSIS" && /^\.Nm/ { if (f != "") print f; f = ""; cm = 0; next }
	sect == "SYNOPSIS" && /^\.Cm / { cm = 1; f = substr($0, 5); next }
	sect == "SYNOPSIS" && cm { f = f " " $0; next }
	sect == "COMMANDS" && /^\.It Cm / { print substr($0, 8) }
	END { if (f != "") print f }' | sed 's/ Ar [^ ]*/ /g; s/ [A-Z][a-z] / /g; s/  */ /g'
}

"$CARELOOP" --help >"$E2E_TMP/help" || fail "careloop --help failed"
sed -n '/^Commands:/,/^$/p' "$E2E_TMP/help" | forms_of >"$E2E_TMP/forms"
[ "$(wc -l <"$E2E_TMP/forms")" -ge 9 ] || fail "careloop --help lists too few forms: $(cat "$E2E_TMP/forms")"
key_of <"$E2E_TMP/forms" | sort >"$E2E_TMP/help.keys"

# careloop CMD --help prints the very forms careloop --help lists for CMD.
for cmd in $(cut -d' ' -f1 "$E2E_TMP/forms" | sort -u); do
	"$CARELOOP" "$cmd" --help >"$E2E_TMP/cmd" || fail "careloop $cmd --help failed"
	grep -q "^usage: careloop $cmd" "$E2E_TMP/cmd" || fail "careloop $cmd --help: $(cat "$E2E_TMP/cmd")"
	forms_of <"$E2E_TMP/cmd" >"$E2E_TMP/cmd.forms"
	grep "^$cmd[ ]" "$E2E_TMP/forms" >"$E2E_TMP/want" || grep "^$cmd\$" "$E2E_TMP/forms" >"$E2E_TMP/want"
	cmp -s "$E2E_TMP/want" "$E2E_TMP/cmd.forms" ||
		fail "careloop $cmd --help forms differ from careloop --help: $(cat "$E2E_TMP/cmd.forms")"
done

# SYNOPSIS: the same forms, one for one.
man_forms SYNOPSIS | key_of | sort >"$E2E_TMP/synopsis.keys"
if ! cmp -s "$E2E_TMP/help.keys" "$E2E_TMP/synopsis.keys"; then
	diff "$E2E_TMP/help.keys" "$E2E_TMP/synopsis.keys" >&2
	fail "the man page's SYNOPSIS and careloop --help differ (< --help, > SYNOPSIS; command|options)"
fi

# COMMANDS: an entry for each form, with its options.
man_forms COMMANDS | key_of | sort -u >"$E2E_TMP/commands.keys"
missing=$(comm -23 "$E2E_TMP/help.keys" "$E2E_TMP/commands.keys")
[ -z "$missing" ] || fail "the man page's COMMANDS has no entry for: $missing"

e2e_ok
