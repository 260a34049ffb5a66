#!/bin/sh
# A full disk during `careloop import orgs`: the database on a small tmpfs, an import far
# larger than the room left. The import says the disk is full, exits 74 (EX_IOERR) and
# changes nothing; `careloop check` passes; once there is room again, an import works.
# Needs root to mount the tmpfs (CI runs as root); skipped (77) where it cannot mount.
. "${E2E_LIB:-$(dirname "$0")/lib.sh}"

disk=$E2E_TMP/disk
mkdir "$disk"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=2m,mode=0700 careloop-e2e "$disk" 2>/dev/null; then
	echo "e2e: $E2E_NAME: skipped (cannot mount a tmpfs: not root)"
	exit 77
fi
unmount()
{
	umount "$disk" 2>/dev/null || true
	e2e_cleanup
}
trap unmount EXIT

db=$disk/clinic.db
out=$E2E_TMP/out
err=$E2E_TMP/err
"$CARELOOP" --db "$db" init >/dev/null || fail "init on the tmpfs failed"

# audit_rows: the audit chain's length as `check` reports it (check must pass).
audit_rows()
{
	"$CARELOOP" --db "$db" check >"$out" 2>"$err" || fail "check fails: $(cat "$err")"
	sed -n 's/.*audit chain of \([0-9]*\) rows.*/\1/p' "$out"
}
before=$(audit_rows)

# 5,000 partners with long notes: megabytes, where about 1.5 MB are left.
big=$E2E_TMP/big.csv
awk 'BEGIN {
	print "kind,name,services,phone,notes"
	for (i = 1; i <= 5000; i++) {
		notes = sprintf("%0400d", i)
		printf "community,Partner %d,food-insecurity,555-%04d,%s\n", i, i % 10000, notes
	}
}' >"$big"

rc=0
"$CARELOOP" --db "$db" import orgs "$big" >"$out" 2>"$err" || rc=$?
[ "$rc" = 74 ] || fail "import on a full disk exited $rc, not 74: $(cat "$err")"
grep -q 'full' "$err" || fail "the error does not say the disk is full: $(cat "$err")"
grep -q 'nothing imported' "$err" || fail "the error does not say nothing was imported: $(cat "$err")"
grep -q 'rows bad' "$err" && fail "a full disk reported as bad rows: $(cat "$err")"
[ -s "$out" ] && fail "a failed import printed on stdout: $(cat "$out")"

after=$(audit_rows)
[ "$after" = "$before" ] || fail "the failed import left $((after - before)) audit rows behind"

# The admin makes room; the database works again.
mount -o remount,size=16m "$disk" || fail "cannot grow the tmpfs"
small=$E2E_TMP/small.csv
printf '%s\n' 'kind,name,services,phone' 'community,Food Bank,food-insecurity,555-0101' >"$small"
"$CARELOOP" --db "$db" import orgs "$small" >"$out" 2>"$err" ||
	fail "a small import after the full disk failed: $(cat "$err")"
[ "$(audit_rows)" = $((before + 1)) ] || fail "the small import did not add one audit row"

e2e_ok
