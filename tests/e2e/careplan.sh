#!/bin/sh
# The care plan in the chart: `o` adds a goal in the patient's words (Esc on a typed form
# asks first), `t` adds a task to it, the goal and its task show under Plan and the task
# under Tasks; `x` marks it done after y/n; `R` under Risk sets a tier with a reason and the
# history lists the change.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7

# Press Tab until TEXT shows (the chart's sections come round in a cycle).
to_section()
{
	_n=0
	until screen | grep -qF -- "$1"; do
		_n=$((_n + 1))
		[ "$_n" -le 12 ] || fail "Tab never reached the section showing \"$1\""
		send_keys Tab
		sleep 0.1
	done
}

open_list
send_keys a
wait_for "Add patient"
set_field MRN 9900061
set_field "Given name" Rosa
set_field "Family name" Zyxplan
set_field "Birth date" 1948-06-30
send_keys F10
wait_for "Demographics"
wait_for "Saved."
to_section "No goals yet. o: add a goal"
assert_screen "o:goal"

# Esc on a form with typed input asks; y leaves it and adds nothing.
send_keys o
wait_for "Add goal"
set_field "Goal (patient's words)" "Something else"
send_keys Escape
wait_for "Discard changes? (y/n)"
send_keys y
wait_gone "Add goal"
assert_screen "No goals yet."

# o: a goal.
send_keys o
wait_for "Add goal"
for label in "Goal (patient's words)" "Social need" "Target date" Status; do
	[ -n "$(label_row "$label")" ] || fail "the goal form has no \"$label\" field"
done
set_field "Goal (patient's words)" "Walk to the mailbox every day"
send_keys F10
wait_for "Saved."
wait_for "Goal: Walk to the mailbox every day"
assert_screen "proposed, target 2027-02-21"

# t on the goal: a task that is part of it.
send_keys t
wait_for "Add task"
field_value "Part of goal" | grep -q "Walk to the mailbox" ||
	fail "the task is not offered as part of the selected goal: $(field_value "Part of goal")"
set_field Task "Buy walking shoes"
set_field "Due date" 2026-11-30
send_keys F10
wait_for "Saved."
wait_for "[ ] Buy walking shoes  due 2026-11-30"

# Tasks lists it, due in 7 days; x asks, n keeps it open, y marks it done.
to_section "Assigned to"
screen | grep -qE '2026-11-30 +Buy walking shoes +.* in 7 d' || fail "Tasks does not list the task"
send_keys "?"
wait_for "Help: Chart"
for pair in "t|add a task" "x|mark the selected task done" "Enter|edit the selected task" \
	"c|log a contact"; do
	key=${pair%%|*} words=${pair#*|}
	screen | grep -qE "^ +$key(, [^ ]+)* +$words" || fail "help does not say \"$words\" for $key"
done
send_keys q
wait_for "Assigned to"
send_keys x
wait_for 'Mark "Buy walking shoes" done? (y/n)'
send_keys n
wait_gone 'done? (y/n)'
screen | grep -qE 'Buy walking shoes +.* in 7 d' || fail "n closed the task"
send_keys x
wait_for 'Mark "Buy walking shoes" done? (y/n)'
send_keys y
wait_for "Task done."
screen | grep -qE 'Buy walking shoes +.* done 2026-11-23' || fail "the task is not shown done"

# Plan shows it done under its goal.
send_keys BTab
wait_for "Goal: Walk to the mailbox every day"
wait_for "[x] Buy walking shoes  due 2026-11-30  done"

# Risk: R, set high with a reason; the header and the history follow.
to_section "Suggested: low"
assert_screen "Tier: low"
send_keys R
wait_for "Rules suggest low"
wait_for "Set high, with a reason"
send_keys Enter
wait_for "Reason for the new tier:"
type_text "Two falls at home this month"
send_keys Enter
wait_for "Risk tier set to high."
wait_for "Tier: high"
assert_screen "risk high"
assert_screen "Reason: Two falls at home this month (coordinator)"
screen | grep -qE 'low > high +coordinator +Two falls' || fail "the history does not list the change"

e2e_ok
