#!/bin/sh
# The worklist, the first view: every section counted at once; a task overdue since 2020
# heads "Tasks due"; `m` switches between my work and everyone's (the counts change and
# come back); `c` on the task logs a reached contact that completes it, and the task leaves
# the worklist (one fewer due).
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

make_demo 300 7

# The count in "TITLE (N)" on the screen ("over 999" reads as 1000).
section_count()
{
	screen | grep -oE "$1 \((over )?[0-9]+\)" | head -n 1 | sed -e 's/over \([0-9]*\)/\1+1/' \
		-e 's/[^0-9+]//g' | awk -F+ '{ print $1 + ($2 == "" ? 0 : 1) }'
}

# Wait until every section is counted (no "(…)" left).
wait_counted()
{
	wait_for_re 'Tasks due \((over )?[0-9]+\)'
	wait_for_re 'Referrals overdue \((over )?[0-9]+\)'
	wait_for_re 'Screenings due \((over )?[0-9]+\)'
	wait_for_re 'Not reached in 30 days \((over )?[0-9]+\)'
}

# careloop opens on the worklist, everyone's, with the four counted sections.
start_app
wait_for "Worklist: everyone"
wait_counted
assert_screen "> Tasks due"

# Help lists the worklist's keys.
send_keys "?"
wait_for "Help: Worklist"
for pair in "x|mark the selected task done" "c|log a contact" "m|show my work only" \
	"Tab|next section" "Enter|open the chart"; do
	key=${pair%%|*} words=${pair#*|}
	screen | grep -qE "^ +$key(, [^ ]+)* +$words" || fail "help does not say \"$words\" for $key"
done
send_keys q
wait_for "Worklist: everyone"

# A patient with a task overdue since 2020 (so it heads "Tasks due").
send_keys 2
wait_list
send_keys a
wait_for "Add patient"
set_field MRN 9900051
set_field "Given name" Ana
set_field "Family name" Zyxwork
set_field "Birth date" 1950-02-03
send_keys F10
wait_for "Demographics"
wait_for "Saved."
_n=0
until screen | grep -q "No tasks. t: add a task."; do
	_n=$((_n + 1))
	[ "$_n" -le 12 ] || fail "Tab never reached the Tasks section"
	send_keys Tab
	sleep 0.1
done
send_keys t
wait_for "Add task"
set_field Task "Call about rides"
set_field "Due date" 2020-01-02
send_keys F10
wait_for "Saved."
wait_for "Call about rides"
wait_for "d overdue"

# Back to the worklist (key 1): the task is first, and counted.
send_keys 1
wait_for "Worklist: everyone"
wait_counted
tasks_all=$(section_count "Tasks due")
screens_all=$(section_count "Screenings due")
[ "$tasks_all" -ge 1 ] || fail "Tasks due counts $tasks_all with an overdue task"
# (rows 2-5: the seven sections' counts, two a row; row 6 the list's header)
first_row_under Patient | grep -q "Zyxwork, Ana *Call about rides" ||
	fail "the overdue task does not head Tasks due: $(first_row_under Patient)"
first_row_under Patient | grep -qE '[0-9]+ d late' || fail "the task does not say how late it is"

# m: my work only (the task is mine: a new task is assigned to whoever adds it).
send_keys m
wait_for "Worklist: mine"
wait_counted
screens_mine=$(section_count "Screenings due")
[ "$screens_mine" != "$screens_all" ] ||
	fail "Screenings due is $screens_all for everyone and for me alike"
[ "$screens_mine" -lt "$screens_all" ] || fail "mine ($screens_mine) exceeds everyone's ($screens_all)"
assert_screen "Call about rides"
send_keys m
wait_for "Worklist: everyone"
wait_counted
[ "$(section_count "Screenings due")" = "$screens_all" ] ||
	fail "back to everyone, Screenings due is $(section_count "Screenings due"), not $screens_all"

# c on the task: a reached contact that completes it.
send_keys c
wait_for "Log contact"
wait_for "Zyxwork, Ana"
[ "$(field_value Outcome)" = reached ] || fail "a new contact is not 'reached': $(field_value Outcome)"
field_value "Completes task" | grep -q "Call about rides" ||
	fail "the contact does not offer to complete the task: $(field_value "Completes task")"
set_field Minutes 15
send_keys F10
wait_for "Contact logged; the task is done."
wait_for "Worklist: everyone"
wait_gone "Call about rides"
wait_counted
# (One fewer, unless the count was capped: "over 999" stays so.)
if screen | grep -q "Tasks due (over "; then
	[ "$tasks_all" -ge 1000 ] || fail "Tasks due went from $tasks_all to over 999"
else
	[ "$(section_count "Tasks due")" -eq $((tasks_all - 1)) ] ||
		fail "Tasks due went from $tasks_all to $(section_count "Tasks due"), not one fewer"
fi

# The chart shows the contact (Enter on a row opens the chart at the row's section).
send_keys 2
wait_list
send_keys /
wait_for "Search:"
type_text zyxwork
wait_for "Zyxwork, Ana"
send_keys Enter Enter
wait_for "Demographics"
_n=0
until screen | grep -q "Minutes this month"; do
	_n=$((_n + 1))
	[ "$_n" -le 12 ] || fail "Tab never reached the Contacts section"
	send_keys Tab
	sleep 0.1
done
wait_for "Minutes this month (2026-11): 15 of 20"
screen | grep -qE '2026-11-23 [0-9:]+ +phone +out +reached +15 +done +' ||
	fail "the contact is not listed as reached, 15 minutes, task done"

e2e_ok
