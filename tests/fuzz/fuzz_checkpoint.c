/*
 * Audit checkpoints as `careloop check --expect` and --expect-from read them (a system log
 * line, "rows=N head=HEX db=PATH", or "N:HEX"): any text parses or is refused, and a parsed
 * checkpoint, written out again, parses to the same.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_audit_checkpoint cp, again;
	char *text = fuzz_cstr(data, size), db[64], out[CL_AUDIT_CHECKPOINT_TEXT];

	if (cl_audit_checkpoint_parse(text, &cp, db, sizeof(db)) == CL_OK) {
		FUZZ_ASSERT(cp.rows >= 0);
		FUZZ_ASSERT(strlen(db) < sizeof(db) && !strpbrk(db, "\r\n"));
		cl_audit_checkpoint_text(&cp, out, sizeof(out));
		FUZZ_ASSERT(cl_audit_checkpoint_parse(out, &again, NULL, 0) == CL_OK);
		FUZZ_ASSERT(again.rows == cp.rows &&
			    memcmp(again.head, cp.head, sizeof(cp.head)) == 0);
	}
	free(text);
	return 0;
}
