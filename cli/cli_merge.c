#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "careloop.h"
#include "cli.h"
#include "cli_out.h"

/*
 * careloop merge MRN-KEEP MRN-GONE [--take FIELD[,FIELD…]] [--yes]: merge the chart of
 * MRN-GONE into MRN-KEEP (cl_patient_merge). The surviving record keeps its own fields but
 * those named by --take, which take the other's value. Shows the fields that differ and what
 * moves, then asks on a terminal ([y/N]); without one, --yes confirms.
 */

/* Take the fields named in list ("phone,address") from gone into keep; 0 or EX_USAGE. */
static int take_fields(const char *list, const struct cl_patient *gone, struct cl_patient *keep)
{
	char copy[512], value[256], *save = NULL;
	struct cl_error err = { 0 };

	snprintf(copy, sizeof(copy), "%s", list);
	for (char *key = strtok_r(copy, ",", &save); key; key = strtok_r(NULL, ",", &save)) {
		if (strcmp(key, "mrn") == 0)
			return cli_usage_error("merge",
					       "--take mrn: the surviving chart keeps its own MRN");
		if (cl_patient_field_get(gone, key, value, sizeof(value)))
			return cli_usage_error("merge", "--take: no field '%s'", key);
		if (cl_patient_field_set(keep, key, value, &err)) {
			cli_error("merge --take", err.message);
			return EX_DATAERR;
		}
	}
	return EX_OK;
}

/* The fields that differ, each with the value that stays and the other's. */
static void show_differences(const struct cl_patient *keep, const struct cl_patient *gone,
			     const struct cl_patient *merged)
{
	char a[256], b[256], m[256], sa[512], sb[512];

	for (const struct cl_field *f = cl_patient_fields; f->key; f++) {
		if (strcmp(f->key, "mrn") == 0)
			continue;
		cl_patient_field_get(keep, f->key, a, sizeof(a));
		cl_patient_field_get(gone, f->key, b, sizeof(b));
		cl_patient_field_get(merged, f->key, m, sizeof(m));
		if (strcmp(a, b) == 0)
			continue;
		printf("  %-14s %s%s  (other: %s)\n", f->label,
		       cli_safe(m[0] ? m : "-", sa, sizeof(sa)),
		       strcmp(m, a) == 0 ? "" : " [taken from the other]",
		       cli_safe(b[0] ? b : "-", sb, sizeof(sb)));
	}
}

static bool confirm(const char *question)
{
	char answer[16];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

int cli_cmd_merge(const struct cli_globals *g, int argc, char **argv)
{
	struct cl_merge_move moves[CL_MERGE_TABLES_MAX];
	const char *mrns[2] = { NULL, NULL }, *take = NULL;
	struct cl_patient keep, gone, merged;
	struct cl_error err = { 0 };
	struct cl_db *db = NULL;
	char path[4096], what[1024], question[1400], safe[2][128];
	bool yes = false;
	int rc, n, k = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0)
			yes = true;
		else if (strcmp(argv[i], "--take") == 0 && i + 1 < argc)
			take = argv[++i];
		else if (argv[i][0] != '-' && k < 2)
			mrns[k++] = argv[i];
		else
			return cli_usage_error("merge", "unknown or incomplete option '%s'",
					       argv[i]);
	}
	if (k < 2)
		return cli_usage_error("merge", "which charts? (MRN-KEEP MRN-GONE)");
	if (!yes && !isatty(STDIN_FILENO))
		return cli_usage_error("merge", "merge asks on a terminal: without one, confirm "
						"with --yes");
	if ((rc = cli_open_db(g, 0, &db, path, sizeof(path))))
		return rc;
	for (int i = 0; i < 2; i++) {
		if (cl_patient_by_mrn(db, mrns[i], i ? &gone : &keep, &err)) {
			/* Never the MRN itself in a message. */
			cli_error("merge", err.code != CL_ENOTFOUND ? err.message
					   : i ? "no patient with the second MRN"
					       : "no patient with the first MRN");
			rc = cli_exit_code(err.code);
			goto out;
		}
	}
	/* The refusals before anything is shown (cl_patient_merge checks them again). */
	for (int i = 0; i < 2; i++) {
		struct cl_id into;

		if (cl_patient_merged_into(db, i ? &gone.id : &keep.id, &into, &err)) {
			cli_error("merge", err.message);
			rc = cli_exit_code(err.code);
			goto out;
		}
		if (!cl_id_is_nil(&into)) {
			cli_error("merge",
				  i ? "the second chart was merged already"
				    : "the first chart was merged into another one already");
			rc = EX_DATAERR;
			goto out;
		}
	}
	if (cl_id_equal(&keep.id, &gone.id)) {
		cli_error("merge", "a patient cannot be merged into itself");
		rc = EX_DATAERR;
		goto out;
	}
	merged = keep;
	if (take && (rc = take_fields(take, &gone, &merged)))
		goto out;
	if (cl_merge_preview(db, &gone.id, moves, &n, &err)) {
		cli_error("merge", err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	cl_merge_describe(moves, n, what, sizeof(what));
	cli_safe(keep.mrn, safe[0], sizeof(safe[0]));
	cli_safe(gone.mrn, safe[1], sizeof(safe[1]));
	printf("%s survives; %s becomes inactive, merged into it.\n", safe[0], safe[1]);
	show_differences(&keep, &gone, &merged);
	snprintf(question, sizeof(question), "Merge %s into %s? This moves %s.", safe[1], safe[0],
		 what);
	if (!yes) {
		fflush(stdout);
		if (!confirm(question)) {
			fprintf(stderr, "careloop: merge: nothing was changed\n");
			rc = 1;
			goto out;
		}
	}
	if (cl_patient_merge(db, &merged, &gone.id, moves, &n, &err)) {
		cli_error("merge", err.message);
		rc = cli_exit_code(err.code);
		goto out;
	}
	cl_merge_describe(moves, n, what, sizeof(what));
	printf("Merged %s into %s: moved %s.\n", safe[1], safe[0], what);
	rc = EX_OK;
out:
	cl_db_close(db);
	return rc;
}
