#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db_private.h"
#include "note.h"
#include "record.h"
#include "timeline.h"

static const char *const kind_codes[CL_TIMELINE_KINDS] = {
	"all", "note", "contact", "screening", "referral", "task", "event", "risk",
};

const char *cl_timeline_kind_code(enum cl_timeline_kind kind)
{
	return kind >= CL_TIMELINE_ALL && kind <= CL_TIMELINE_RISK ? kind_codes[kind] : "";
}

int cl_timeline_kind_parse(const char *code)
{
	size_t len = code ? strlen(code) : 0;

	for (int i = 0; i < CL_TIMELINE_KINDS; i++) {
		size_t k = strlen(kind_codes[i]);

		if (len && strncmp(code, kind_codes[i], k) == 0 &&
		    (len == k || (len == k + 1 && code[k] == 's')))
			return i;
	}
	return -1;
}

/*
 * One branch per kind of record: (at, kind, id, line, struck), each narrowed to the patient
 * (?1), skipped whole when the filter (?2, 0 = all) is another kind, and cut to the page:
 * its own rows after the keyset (?3, ?4: the previous page's last (at, id); the first page
 * binds a key above every row) newest first, at most ?5 (the page size). The page is the
 * newest ?5 of those few: the notes' branch seeks its index, so a page costs the same at
 * any depth of a long history. The struck column is where a record that no longer counts
 * is marked: an amended note; a contact, screening or event entered in error.
 */
#define BRANCH(select, from, at, id, kind)                                        \
	" SELECT * FROM (SELECT " select " FROM " from " AND ?2 IN (0, " kind ")" \
	" AND (" at ", " id ") < (?3, ?4) ORDER BY " at " DESC, " id " DESC LIMIT ?5)"
/* A UTC stamp ("…Z") as the clinic's wall clock "YYYY-MM-DDTHH:MM". */
#define LOCAL(x) "strftime('%Y-%m-%dT%H:%M', " x ", 'localtime')"
#define SCREENED_AT                                                                         \
	"s.screened_on || 'T' || CASE WHEN date(s.created_at, 'localtime') = s.screened_on" \
	" THEN strftime('%H:%M', s.created_at, 'localtime') ELSE '00:00' END"
#define EVENT_AT \
	"e.event_date || 'T' || CASE WHEN e.event_time <> '' THEN e.event_time ELSE '00:00' END"

/* clang-format off */
static const char sql_timeline[] =
	"SELECT at, kind, id, line, struck FROM ("
	/* notes: the kind's code and the text; the C side makes the line */
	BRANCH("n.occurred_at AS at, 1 AS kind, n.id AS id,"
	       " n.kind || char(9) || substr(n.body, 1, 200) AS line, n.amended_at <> '' AS struck",
	       "note n WHERE n.patient_id = ?1", "n.occurred_at", "n.id", "1")
	" UNION ALL"
	BRANCH("c.occurred_at, 2, c.id,"
	       " c.mode || ' ' || c.direction || ', ' || c.outcome"
	       " || CASE WHEN c.minutes > 0 THEN ', ' || c.minutes || ' min' ELSE '' END"
	       " || CASE WHEN c.note <> '' THEN ': ' || substr(c.note, 1, 200) ELSE '' END,"
	       " c.error_reason <> ''",
	       "contact c WHERE c.patient_id = ?1", "c.occurred_at", "c.id", "2")
	" UNION ALL"
	BRANCH(SCREENED_AT ", 3, s.id,"
	       " i.name_en || ' screening, ' || s.status || coalesce((SELECT ', ' || count(*) ||"
	       " ' positive' FROM screening_result r WHERE r.screening_id = s.id"
	       " AND r.result = 'positive' HAVING count(*) > 0), ''),"
	       " s.status = 'entered-in-error'",
	       "screening s JOIN instrument i ON i.id = s.instrument_id WHERE s.patient_id = ?1",
	       SCREENED_AT, "s.id", "3")
	" UNION ALL"
	BRANCH(LOCAL("e.at") ", 4, e.id,"
	       " 'Referral to ' || o.name || ': ' || CASE WHEN e.from_status = '' THEN e.to_status"
	       " ELSE e.from_status || ' → ' || e.to_status END"
	       " || CASE WHEN e.outcome <> '' THEN ' (' || e.outcome || ')' ELSE '' END, 0",
	       "referral r JOIN referral_event e ON e.referral_id = r.id"
	       " JOIN organization o ON o.id = r.organization_id WHERE r.patient_id = ?1",
	       LOCAL("e.at"), "e.id", "4")
	" UNION ALL"
	BRANCH(LOCAL("t.closed_at") ", 5, t.id,"
	       " CASE t.status WHEN 'done' THEN 'Done: ' ELSE 'Cancelled: ' END || t.title, 0",
	       "task t WHERE t.patient_id = ?1 AND t.status <> 'open'", LOCAL("t.closed_at"),
	       "t.id", "5")
	" UNION ALL"
	BRANCH(EVENT_AT ", 6, e.id,"
	       " CASE e.kind WHEN 'ed-visit' THEN 'ED visit' WHEN 'admission' THEN 'Admitted'"
	       " ELSE 'Discharged' END"
	       " || CASE WHEN e.facility <> '' THEN ', ' || e.facility ELSE '' END"
	       " || CASE WHEN e.reason <> '' THEN ': ' || e.reason ELSE '' END,"
	       " e.error_reason <> ''",
	       "clinical_event e WHERE e.patient_id = ?1", EVENT_AT, "e.id", "6")
	" UNION ALL"
	BRANCH(LOCAL("k.changed_at") ", 7, k.id,"
	       " 'Risk ' || k.from_tier || ' → ' || k.to_tier || ': ' || k.reason, 0",
	       "risk_change k WHERE k.patient_id = ?1", LOCAL("k.changed_at"), "k.id", "7")
	") ORDER BY at DESC, id DESC LIMIT ?5";
/* clang-format on */

/* Above every row's key: the first page's keyset. */
static const unsigned char key_top_id[CL_ID_LEN + 1] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* A note's line: "Phone call summary: " and its text on one line. */
static void note_line(char *line, size_t size)
{
	char text[sizeof(((struct cl_timeline_row *)0)->line)];
	char *tab = strchr(line, '\t'), *s;

	if (!tab)
		return;
	*tab = '\0';
	s = tab + 1 + strspn(tab + 1, " \t\r\n");
	snprintf(text, sizeof(text), "%s: %s", cl_note_kind_label(line), s);
	for (s = text; *s; s++)
		if (*s == '\n' || *s == '\t' || *s == '\r')
			*s = ' ';
	snprintf(line, size, "%s", text);
}

static int row_from(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_timeline_row *r = rec;
	int kind = sqlite3_column_int(st, 1);

	memset(r, 0, sizeof(*r));
	if (kind <= CL_TIMELINE_ALL || kind > CL_TIMELINE_RISK || cl_db_column_id(st, 2, &r->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored record has a malformed id");
	r->kind = (enum cl_timeline_kind)kind;
	cl_db_column_text(st, 0, r->at, sizeof(r->at));
	cl_db_column_text(st, 3, r->line, sizeof(r->line));
	r->struck = sqlite3_column_int(st, 4) != 0;
	if (r->kind == CL_TIMELINE_NOTE)
		note_line(r->line, sizeof(r->line));
	return CL_OK;
}

int cl_timeline_page(struct cl_db *db, const struct cl_id *patient, enum cl_timeline_kind kind,
		     const struct cl_timeline_row *after, struct cl_timeline_row *rows, int max,
		     int *n, struct cl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0)
		return CL_OK;
	if (kind < CL_TIMELINE_ALL || kind > CL_TIMELINE_RISK)
		return cl_error_set(err, CL_EINVAL, "no such kind of timeline row");
	if (!(st = cl_db_stmt(db, sql_timeline, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(st, 1, patient, err)) || (rc = cl_db_bind_int(st, 2, kind, err)) ||
	    (rc = cl_db_bind_text(st, 3, after ? after->at : "~", err)) ||
	    (rc = after ? cl_db_bind_id(st, 4, &after->id, err)
			: cl_db_bind_blob(st, 4, key_top_id, sizeof(key_top_id), err)) ||
	    (rc = cl_db_bind_int(st, 5, max, err)))
		return rc;
	return cl_record_rows(db, st, row_from, rows, sizeof(*rows), max, n, err);
}
