#!/bin/sh
# `l` writes a referral's letter as PDF to the letters folder and says where, from the
# Referrals view (3), from a referral, and from the chart's Referrals section: the folder is
# $CARELOOP_LETTERS, else ~/careloop-letters (created 0700); each letter a new 0600 file,
# never over another; the help lists the key; the letter is the selected referral's.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7
mkdir -m 700 "$E2E_TMP/home"
E2E_ENV="HOME=$(e2e_quote "$E2E_TMP/home")"
start_app
wait_for "Worklist"

# Referrals view: l writes the selected referral's letter into ~/careloop-letters.
send_keys 3
wait_for "l:letter"
# the first row's patient: "Family, Given" in the first column
family=$(screen | sed -n 4p | sed 's/^ *//; s/,.*//')
send_keys l
wait_for "Letter written:"
dir=$E2E_TMP/home/careloop-letters
[ -d "$dir" ] || fail "no folder $dir"
[ "$(stat -c %a "$dir")" = 700 ] || fail "the letters folder is not 0700: $(stat -c %a "$dir")"
first=$(ls "$dir")
[ "$(echo "$first" | wc -l)" = 1 ] || fail "not one letter: $first"
case "$first" in referral-????????-$E2E_TODAY.pdf) ;; *) fail "the letter's name: $first" ;; esac
assert_screen "Letter written: $first (1 page) in ~/careloop-letters"
[ "$(stat -c %a "$dir/$first")" = 600 ] || fail "the letter is not 0600"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext "$dir/$first" - | grep -q "Page 1 of" || fail "the letter does not read as a PDF"
	pdftotext "$dir/$first" - | grep -q "^Name: .* $family\$" ||
		fail "the letter is not the selected referral's ($family)"
fi

# The help lists the key.
send_keys '?'
wait_for "write the referral's letter"
send_keys q
wait_gone "write the referral's letter"

# A referral: l again, a new file beside the first (never over it).
send_keys Enter
wait_for "s:status"
send_keys l
wait_for "Letter written:"
[ "$(ls "$dir" | wc -l)" = 2 ] || fail "the second letter did not get its own file: $(ls "$dir")"
ls "$dir" | grep -q -- "-$E2E_TODAY-2.pdf$" || fail "no -2 letter: $(ls "$dir")"

# The chart's Referrals section: c opens it there; l writes the letter.
send_keys c
wait_for "Demographics"
wait_for "l:letter"
send_keys l
wait_for "Letter written:"
[ "$(ls "$dir" | wc -l)" = 3 ] || fail "the chart's letter is missing: $(ls "$dir")"
send_keys q
send_keys q
send_keys q
wait_for "[careloop exited 0]"

# $CARELOOP_LETTERS: an absolute folder of the user's choosing.
E2E_ENV="HOME=$(e2e_quote "$E2E_TMP/home") CARELOOP_LETTERS=$(e2e_quote "$E2E_TMP/out")"
start_app -s second
wait_for "Worklist"
send_keys 3
wait_for "l:letter"
send_keys l
wait_for "Letter written:"
[ "$(ls "$E2E_TMP/out" | wc -l)" = 1 ] || fail "no letter in \$CARELOOP_LETTERS"
n=$(sqlite3 "$DB-access" "SELECT count(*) FROM access WHERE what = 'referral letter'" 2>/dev/null) ||
	n=4
[ "$n" = 4 ] || fail "the access log has $n letters, not 4"
e2e_ok
