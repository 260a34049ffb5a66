#!/bin/sh
# The idle lock: after --lock 2s without a key the screen shows only the lock notice (no
# patient name, MRN or column left on it); a key brings the same screen back and does
# nothing else (the selection has not moved); keys keep it open. Also: no core dumps.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 200 7
open_list --lock 2s
row=$(select_ascii_row 2) || exit 1
mrn=$(row_column "$row" MRN)
[ -n "$mrn" ] || fail "could not read the selected row: $row"

wait_for "careloop locked" 10
refute_screen "$mrn"
refute_screen_re 'Name +Age +MRN'
refute_screen_re 'MRN[0-9]'
# The key that wakes the screen is swallowed: j does not move the selection.
send_keys j
wait_gone "careloop locked"
wait_list
[ "$(selected_row)" = "$row" ] || fail "after unlocking, the selection moved"

# A key now and then keeps it open.
send_keys j
sleep 1
send_keys k
sleep 0.5
refute_screen "careloop locked"

# The process holding patient data never dumps core (no PHI in core files).
pane=$(e2e_tmux display-message -p -t main '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n 1)
[ -n "$pid" ] || fail "no careloop process under the pane"
# Both limits: the soft one is often 0 already; the hard one keeps it from being raised.
core=$(awk '/^Max core file size/ { print $5 "/" $6 }' "/proc/$pid/limits")
[ "$core" = 0/0 ] || fail "careloop may dump core (core limits soft/hard: $core)"

# Bad values are refused before the terminal is touched.
"$CARELOOP" --db "$DB" --lock 5x >/dev/null 2>"$E2E_TMP/lock.err" && fail "--lock 5x was accepted"
grep -q "MINUTES must be" "$E2E_TMP/lock.err" || fail "no message for --lock 5x"
e2e_ok
