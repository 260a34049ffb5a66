#!/bin/sh
# Help: "?" on the list and on the chart shows "Help: <view>" listing the view's keys (every
# key of the hint bar among them) and the global keys; q, Esc and ? close it.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
open_list
wait_for_re '[0-9][0-9,]* patients'

# The key names the help screen lists: the first column of its "  keys   description" lines.
help_keys()
{
	screen | sed -n 's/^   *\([^ ].*[^ ]\|[^ ]\)   *[^ ].*$/\1/p' | sed 's/, /\n/g'
}

# The help line that lists KEY.
help_line()
{
	screen | awk -v key="$1" '{
		line = $0
		sub(/^ +/, "", line)
		if (line !~ /[^ ]   +[^ ]/)
			next
		k = line
		sub(/   .*$/, "", k)
		n = split(k, ks, ", ")
		for (i = 1; i <= n; i++)
			if (ks[i] == key) {
				print line
				exit
			}
	}'
}

# The hint bar's entries ("?:help  /:search  a:add ...") as "key desc" lines.
hints=$(screen_row 23 | tr -s ' ' '\n' | grep ':' | sed 's/:/ /')
[ -n "$hints" ] || fail "no key hints on the last row"

send_keys "?"
wait_for "Help: "
assert_screen "Help: Patients"
refute_screen_re 'Name +Age +MRN' # the list is not drawn under it
# Every key of the hint bar is listed in help ("  Down, j      next patient"), on the
# first screen or further down (Down scrolls while it says "more below").
listed=$(help_keys)
_n=0
while screen | grep -q "more below" && [ "$_n" -lt 40 ]; do
	_before=$(screen)
	send_keys Down
	wait_change "$_before"
	listed=$(printf '%s\n%s\n' "$listed" "$(help_keys)")
	_n=$((_n + 1))
done
if [ "$_n" -gt 0 ]; then # back to the top: close and open again
	send_keys q
	wait_gone "Help: "
	send_keys "?"
	wait_for "Help: Patients"
fi
printf '%s\n' "$hints" | while read -r key desc; do
	printf '%s\n' "$listed" | grep -qxF -- "$key" || {
		echo "help does not list the key \"$key\" ($desc)" >&2
		exit 1
	}
done || fail "the help screen misses keys of the hint bar"
# The list's keys, each with its description.
for pair in "j|next patient" "k|previous patient" "PgDn|next page" "PgUp|previous page" \
	"g|first patient" "G|last patient" "/|search" "a|add" "Enter|open" "s|sort" \
	"i|inactive" "q|leave"; do
	key=${pair%%|*} word=${pair#*|}
	help_line "$key" | grep -qiF -- "$word" ||
		fail "help does not say \"$word\" for the key $key"
done
# Each move of the list is one line naming all its keys ("Down, j   next patient").
for pair in "Down, j|next patient" "Up, k|previous patient" "PgDn, ^F|next page" \
	"PgUp, ^B|previous page" "g, Home|first patient" "G, End|last patient"; do
	keys=${pair%%|*} word=${pair#*|}
	line=$(help_line "${keys##*, }")
	[ "${line%%   *}" = "$keys" ] && printf '%s\n' "$line" | grep -qE "   +$word\$" ||
		fail "help does not list \"$keys\" on one line for $word (got \"$line\")"
done
send_keys q
wait_gone "Help: "
wait_list

# Esc and ? close it too.
send_keys "?"
wait_for "Help: Patients"
send_keys Escape
wait_gone "Help: "
wait_list
send_keys "?"
wait_for "Help: Patients"
send_keys "?"
wait_gone "Help: "
wait_list

# The chart has its own help, with edit.
send_keys Enter
wait_for "Demographics"
send_keys "?"
wait_for "Help: "
wait_gone "Demographics"
screen | grep -qiF edit || fail "the chart's help does not mention edit"
send_keys q
wait_for "Demographics"
# q in the chart still goes back (help consumed only its own q).
send_keys q
wait_list

e2e_ok
