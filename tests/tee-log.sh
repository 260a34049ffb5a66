#!/bin/sh
# LOG_COMPILER for make check: runs a test with its output going to the log as usual, and
# copies the closing summary lines (cmocka's PASSED/FAILED, the e2e scripts' "ok"/"FAIL")
# to fd 9, which Makefile.am points at make's stderr, so they show in `make check`.
if ! { true >&9; } 2>/dev/null; then
	exec "$@"
fi
exec 3>&1
status=$({ { "$@" 2>&1; echo $? >&4; } |
	tee /dev/fd/3 |
	grep -E --line-buffered '^\[  (PASSED|FAILED|SKIPPED) +\]|^e2e: ' >&9; } 4>&1)
exit "$status"
