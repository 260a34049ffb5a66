#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_private.h"
#include "org.h"
#include "record.h"
#include "setting.h"
#include "text.h"

static const char *const kind_codes[] = { "specialty", "community", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };

static const struct code_name {
	const char *code, *name;
} specialties[] = {
	{ "behavioral-health", "Behavioral health" },
	{ "cardiology", "Cardiology" },
	{ "dental", "Dental" },
	{ "dermatology", "Dermatology" },
	{ "endocrinology", "Endocrinology" },
	{ "gastroenterology", "Gastroenterology" },
	{ "hospice-palliative", "Hospice and palliative care" },
	{ "nephrology", "Nephrology" },
	{ "neurology", "Neurology" },
	{ "obstetrics-gynecology", "Obstetrics and gynecology" },
	{ "oncology", "Oncology" },
	{ "ophthalmology", "Ophthalmology" },
	{ "orthopedics", "Orthopedics" },
	{ "physical-therapy", "Physical therapy" },
	{ "podiatry", "Podiatry" },
	{ "pulmonology", "Pulmonology" },
	{ "rheumatology", "Rheumatology" },
	{ "substance-use", "Substance use treatment" },
	{ "surgery", "Surgery" },
	{ "urology", "Urology" },
	{ "other-specialty", "Other specialty" },
	{ NULL, NULL },
};
const char *const cl_specialty_codes[] = {
	"behavioral-health",
	"cardiology",
	"dental",
	"dermatology",
	"endocrinology",
	"gastroenterology",
	"hospice-palliative",
	"nephrology",
	"neurology",
	"obstetrics-gynecology",
	"oncology",
	"ophthalmology",
	"orthopedics",
	"physical-therapy",
	"podiatry",
	"pulmonology",
	"rheumatology",
	"substance-use",
	"surgery",
	"urology",
	"other-specialty",
	NULL,
};

static const char *name_of(const struct code_name *list, const char *code)
{
	for (; list->code; list++)
		if (strcmp(list->code, code) == 0)
			return list->name;
	return code;
}

const char *cl_specialty_name(const char *code)
{
	return name_of(specialties, code);
}

const char *cl_org_kind_code(enum cl_org_kind v)
{
	return v == CL_ORG_SPECIALTY ? "specialty" : "community";
}

const char *const *cl_org_service_codes(enum cl_org_kind kind)
{
	return kind == CL_ORG_SPECIALTY ? cl_specialty_codes : cl_domain_codes;
}

const struct cl_field cl_org_fields[] = {
	{ "kind", "Kind", CL_FIELD_CHOICE, 16, true, kind_codes },
	{ "name", "Name", CL_FIELD_TEXT, 127, true, NULL },
	{ "services", "Services", CL_FIELD_TEXT, 511, false, NULL },
	{ "phone", "Phone", CL_FIELD_PHONE, 31, false, NULL },
	{ "fax", "Fax", CL_FIELD_PHONE, 31, false, NULL },
	{ "email", "Email", CL_FIELD_TEXT, 127, false, NULL },
	{ "address", "Address", CL_FIELD_TEXT, 255, false, NULL },
	{ "hours", "Hours", CL_FIELD_TEXT, 127, false, NULL },
	{ "languages", "Languages", CL_FIELD_TEXT, 127, false, NULL },
	{ "notes", "Notes", CL_FIELD_TEXT, 1023, false, NULL },
	{ "active", "Active", CL_FIELD_CHOICE, 3, true, yes_no },
	{ "last_verified", "Last verified", CL_FIELD_DATE, 10, false, NULL },
	{ "agreement_start", "Agreement start", CL_FIELD_DATE, 10, false, NULL },
	{ "agreement_end", "Agreement end", CL_FIELD_DATE, 10, false, NULL },
	{ NULL, NULL, CL_FIELD_TEXT, 0, false, NULL },
};

/* Where each text field of cl_org_fields lives (kind and active are handled apart). */
static const struct slot {
	const char *key;
	size_t offset, size;
} slots[] = {
	{ "name", offsetof(struct cl_org, name), sizeof(((struct cl_org *)0)->name) },
	{ "services", offsetof(struct cl_org, services), sizeof(((struct cl_org *)0)->services) },
	{ "phone", offsetof(struct cl_org, phone), sizeof(((struct cl_org *)0)->phone) },
	{ "fax", offsetof(struct cl_org, fax), sizeof(((struct cl_org *)0)->fax) },
	{ "email", offsetof(struct cl_org, email), sizeof(((struct cl_org *)0)->email) },
	{ "address", offsetof(struct cl_org, address), sizeof(((struct cl_org *)0)->address) },
	{ "hours", offsetof(struct cl_org, hours), sizeof(((struct cl_org *)0)->hours) },
	{ "languages", offsetof(struct cl_org, languages),
	  sizeof(((struct cl_org *)0)->languages) },
	{ "notes", offsetof(struct cl_org, notes), sizeof(((struct cl_org *)0)->notes) },
	{ "last_verified", offsetof(struct cl_org, last_verified), CL_DATE_LEN },
	{ "agreement_start", offsetof(struct cl_org, agreement_start), CL_DATE_LEN },
	{ "agreement_end", offsetof(struct cl_org, agreement_end), CL_DATE_LEN },
	{ NULL, 0, 0 },
};

static const struct cl_field *find_field(const char *key)
{
	int i = cl_record_field_index(cl_org_fields, key);

	return i < 0 ? NULL : &cl_org_fields[i];
}

static const struct slot *find_slot(const char *key)
{
	const struct slot *s;

	for (s = slots; s->key; s++)
		if (strcmp(s->key, key) == 0)
			return s;
	return NULL;
}

void cl_org_init(struct cl_org *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = CL_ORG_COMMUNITY;
	o->active = true;
}

int cl_org_field_get(const struct cl_org *o, const char *key, char *buf, size_t size)
{
	const struct slot *s;

	if (strcmp(key, "kind") == 0) {
		snprintf(buf, size, "%s", cl_org_kind_code(o->kind));
		return CL_OK;
	}
	if (strcmp(key, "active") == 0) {
		snprintf(buf, size, "%s", o->active ? "yes" : "no");
		return CL_OK;
	}
	if (!(s = find_slot(key)))
		return CL_EINVAL;
	snprintf(buf, size, "%s", (const char *)o + s->offset);
	return CL_OK;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * Normalize a list of codes (separated by commas, semicolons or blanks) into out: each
 * checked against codes, lower-cased, deduplicated, joined by ", ".
 */
static int parse_list(const struct cl_field *f, const char *in, const char *const *codes,
		      const char *what, char *out, size_t size, struct cl_error *err)
{
	char copy[1024], *save = NULL, *tok;
	size_t len = 0;

	if (snprintf(copy, sizeof(copy), "%s", in) >= (int)sizeof(copy))
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long", f->label);
	out[0] = '\0';
	for (tok = strtok_r(copy, ",; \t\r\n", &save); tok;
	     tok = strtok_r(NULL, ",; \t\r\n", &save)) {
		char probe[1040];
		const char *code = tok;

		lower_ascii(tok);
		/* An HRSN domain in any spelling ("food", "Food-Insecurity") is stored by its
		 * Gravity code. */
		if (codes == cl_domain_codes && cl_domain_find(tok))
			code = cl_domain_find(tok)->gravity;
		if (cl_code_index(codes, code) < 0)
			return cl_error_field(err, CL_EINVAL, f->key,
					      "%s: \"%.40s\" is not a known %s code", f->label, tok,
					      what);
		snprintf(probe, sizeof(probe), ", %s, ", out);
		{
			char needle[80];

			snprintf(needle, sizeof(needle), ", %s, ", code);
			if (strstr(probe, needle))
				continue;
		}
		if (snprintf(out + len, size - len, "%s%s", len ? ", " : "", code) >=
		    (int)(size - len))
			return cl_error_field(err, CL_EINVAL, f->key, "%s: too many codes",
					      f->label);
		len = strlen(out);
	}
	return CL_OK;
}

/* Line ends as a spreadsheet writes them (CR LF) become LF. */
static void crlf_to_lf(char *s)
{
	char *out = s;

	for (; *s; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*out++ = *s;
	*out = '\0';
}

static int set_text(struct cl_org *o, const struct cl_field *f, const char *value,
		    struct cl_error *err)
{
	const struct slot *s = find_slot(f->key);
	char buf[1100], date[CL_DATE_LEN];
	const char *store = buf;

	if (!s)
		return cl_error_field(err, CL_EINVAL, f->key, "unknown field");
	if (snprintf(buf, sizeof(buf), "%s", value) >= (int)sizeof(buf))
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long", f->label);
	cl_text_trim(buf);
	if (strcmp(f->key, "notes") == 0)
		crlf_to_lf(buf);
	if (!cl_record_text_ok(buf, strcmp(f->key, "notes") == 0))
		return cl_error_field(err, CL_EINVAL, f->key,
				      "%s has characters that are not allowed", f->label);
	if (f->required && !buf[0])
		return cl_error_field(err, CL_EINVAL, f->key, "%s is required", f->label);
	if (strcmp(f->key, "services") == 0) {
		char list[sizeof(o->services)];
		int rc = parse_list(f, buf, cl_org_service_codes(o->kind),
				    o->kind == CL_ORG_SPECIALTY ? "specialty" : "HRSN domain", list,
				    sizeof(list), err);

		if (rc)
			return rc;
		snprintf(buf, sizeof(buf), "%s", list);
	} else if (strcmp(f->key, "languages") == 0) {
		char list[sizeof(o->languages)];
		int rc = parse_list(f, buf, cl_language_codes, "language", list, sizeof(list), err);

		if (rc)
			return rc;
		snprintf(buf, sizeof(buf), "%s", list);
	} else if (f->kind == CL_FIELD_DATE && buf[0]) {
		struct cl_error date_err = { 0 };

		char today[CL_DATE_LEN];

		if (cl_date_parse(buf, date, &date_err))
			return cl_error_field(err, CL_EINVAL, f->key, "%s: %s", f->label,
					      date_err.message);
		cl_date_today(today);
		if (strcmp(f->key, "last_verified") == 0 && strcmp(date, today) > 0)
			return cl_error_field(err, CL_EINVAL, f->key, "%s is in the future",
					      f->label);
		store = date;
	} else if (strcmp(f->key, "email") == 0 && buf[0] && !strchr(buf, '@')) {
		return cl_error_field(err, CL_EINVAL, f->key, "%s needs an @", f->label);
	}
	if (strlen(store) > (size_t)f->max_len || strlen(store) >= s->size)
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long (at most %d bytes)",
				      f->label, f->max_len);
	snprintf((char *)o + s->offset, s->size, "%s", store);
	return CL_OK;
}

int cl_org_field_set(struct cl_org *o, const char *key, const char *value, struct cl_error *err)
{
	const struct cl_field *f = find_field(key);
	char buf[32];
	int i;

	if (!f)
		return cl_error_field(err, CL_EINVAL, key, "unknown field");
	if (!value)
		value = "";
	if (strcmp(key, "kind") == 0 || strcmp(key, "active") == 0) {
		snprintf(buf, sizeof(buf), "%s", value);
		cl_text_trim(buf);
		lower_ascii(buf);
		if (strcmp(key, "active") == 0) {
			if (!buf[0] || !strcmp(buf, "yes") || !strcmp(buf, "true") ||
			    !strcmp(buf, "1"))
				o->active = true;
			else if (!strcmp(buf, "no") || !strcmp(buf, "false") || !strcmp(buf, "0"))
				o->active = false;
			else
				return cl_error_field(err, CL_EINVAL, key, "%s must be yes or no",
						      f->label);
			return CL_OK;
		}
		if ((i = cl_code_index(kind_codes, buf)) < 0)
			return cl_error_field(err, CL_EINVAL, key,
					      "%s must be specialty or community", f->label);
		o->kind = (enum cl_org_kind)i;
		return CL_OK;
	}
	return set_text(o, f, value, err);
}

int cl_org_validate(const struct cl_org *o, struct cl_error *err)
{
	const struct cl_field *f;
	struct cl_org copy = *o;
	char buf[1100];
	int rc;

	/* Kind first: the services are checked against it. */
	for (f = cl_org_fields; f->key; f++) {
		cl_org_field_get(o, f->key, buf, sizeof(buf));
		if ((rc = cl_org_field_set(&copy, f->key, buf, err)))
			return rc;
	}
	if (o->kind != CL_ORG_SPECIALTY && (o->agreement_start[0] || o->agreement_end[0]))
		return cl_error_field(err, CL_EINVAL, "agreement_start",
				      "only specialty care partners have a care agreement");
	if (o->agreement_start[0] && o->agreement_end[0] &&
	    strcmp(o->agreement_end, o->agreement_start) < 0)
		return cl_error_field(err, CL_EINVAL, "agreement_end",
				      "Agreement end is before its start");
	return CL_OK;
}

bool cl_org_serves(const struct cl_org *o, const char *code)
{
	char list[sizeof(o->services) + 4], needle[80];

	snprintf(list, sizeof(list), ", %s,", o->services);
	snprintf(needle, sizeof(needle), ", %s,", code);
	return strstr(list, needle) != NULL;
}

/* The oldest last_verified date that is still fresh today. */
static void stale_cutoff(struct cl_db *db, const char *today, char out[CL_DATE_LEN])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long months = cl_setting_int(db, "directory_stale_months");
	int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);
	long total = (long)y * 12 + (m - 1) - months;
	int last;

	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	snprintf(out, CL_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

bool cl_org_is_stale(struct cl_db *db, const char *last_verified, const char *today)
{
	char cutoff[CL_DATE_LEN];

	if (!last_verified || !last_verified[0])
		return true;
	stale_cutoff(db, today, cutoff);
	return strcmp(last_verified, cutoff) < 0;
}

/* ---- storage ---- */

#define ORG_COLUMNS                                                                             \
	"o.id, o.kind, o.name, o.services, o.phone, o.fax, o.email, o.address, o.hours, "       \
	"o.languages, o.notes, o.active, o.last_verified, o.agreement_start, o.agreement_end, " \
	"o.created_at, o.updated_at, o.updated_by, o.version"

static const char sql_get[] = "SELECT " ORG_COLUMNS " FROM organization o WHERE o.id = ?1";
static const char sql_insert[] =
	"INSERT INTO organization (id, kind, name, services, phone, fax, email, address, hours,"
	" languages, notes, active, last_verified, agreement_start, agreement_end, created_at,"
	" updated_at, updated_by, version)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, 1)";
static const char sql_update[] =
	"UPDATE organization SET kind = ?2, name = ?3, services = ?4, phone = ?5, fax = ?6,"
	" email = ?7, address = ?8, hours = ?9, languages = ?10, notes = ?11, active = ?12,"
	" last_verified = ?13, agreement_start = ?14, agreement_end = ?15, updated_at = ?16,"
	" updated_by = ?17, version = version + 1 WHERE id = ?1 AND version = ?18";
static const char sql_stamp[] =
	"SELECT o.updated_at, coalesce(cm.display_name, o.updated_by) FROM organization o"
	" LEFT JOIN care_manager cm ON cm.login = o.updated_by WHERE o.id = ?1";
static const char sql_service_clear[] =
	"DELETE FROM organization_service WHERE organization_id = ?1";
static const char sql_service_add[] =
	"INSERT OR IGNORE INTO organization_service (organization_id, code) VALUES (?1, ?2)";
static const char sql_same_name[] =
	"SELECT 1 FROM organization WHERE sort_name = lower(?1) AND kind = ?2 AND active = 1"
	" AND id <> ?3 LIMIT 1";

static int org_from_row(sqlite3_stmt *st, void *rec, struct cl_error *err)
{
	struct cl_org *o = rec;
	char kind[16];

	memset(o, 0, sizeof(*o));
	if (cl_db_column_id(st, 0, &o->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored organization has a malformed id");
	cl_db_column_text(st, 1, kind, sizeof(kind));
	o->kind = strcmp(kind, "specialty") == 0 ? CL_ORG_SPECIALTY : CL_ORG_COMMUNITY;
	cl_db_column_text(st, 2, o->name, sizeof(o->name));
	cl_db_column_text(st, 3, o->services, sizeof(o->services));
	cl_db_column_text(st, 4, o->phone, sizeof(o->phone));
	cl_db_column_text(st, 5, o->fax, sizeof(o->fax));
	cl_db_column_text(st, 6, o->email, sizeof(o->email));
	cl_db_column_text(st, 7, o->address, sizeof(o->address));
	cl_db_column_text(st, 8, o->hours, sizeof(o->hours));
	cl_db_column_text(st, 9, o->languages, sizeof(o->languages));
	cl_db_column_text(st, 10, o->notes, sizeof(o->notes));
	o->active = sqlite3_column_int(st, 11) != 0;
	cl_db_column_text(st, 12, o->last_verified, sizeof(o->last_verified));
	cl_db_column_text(st, 13, o->agreement_start, sizeof(o->agreement_start));
	cl_db_column_text(st, 14, o->agreement_end, sizeof(o->agreement_end));
	cl_db_column_text(st, 15, o->created_at, sizeof(o->created_at));
	cl_db_column_text(st, 16, o->updated_at, sizeof(o->updated_at));
	cl_db_column_text(st, 17, o->updated_by, sizeof(o->updated_by));
	o->version = sqlite3_column_int64(st, 18);
	return CL_OK;
}

int cl_org_get(struct cl_db *db, const struct cl_id *id, struct cl_org *o, struct cl_error *err)
{
	return cl_record_get(db, sql_get, id, "organization", org_from_row, o, err);
}

static int bind_fields(sqlite3_stmt *st, const struct cl_org *o, const char *now, const char *user,
		       struct cl_error *err)
{
	int rc;

	if ((rc = cl_db_bind_id(st, 1, &o->id, err)) ||
	    (rc = cl_db_bind_text(st, 2, cl_org_kind_code(o->kind), err)) ||
	    (rc = cl_db_bind_text(st, 3, o->name, err)) ||
	    (rc = cl_db_bind_text(st, 4, o->services, err)) ||
	    (rc = cl_db_bind_text(st, 5, o->phone, err)) ||
	    (rc = cl_db_bind_text(st, 6, o->fax, err)) ||
	    (rc = cl_db_bind_text(st, 7, o->email, err)) ||
	    (rc = cl_db_bind_text(st, 8, o->address, err)) ||
	    (rc = cl_db_bind_text(st, 9, o->hours, err)) ||
	    (rc = cl_db_bind_text(st, 10, o->languages, err)) ||
	    (rc = cl_db_bind_text(st, 11, o->notes, err)) ||
	    (rc = cl_db_bind_int(st, 12, o->active ? 1 : 0, err)) ||
	    (rc = cl_db_bind_text(st, 13, o->last_verified, err)) ||
	    (rc = cl_db_bind_text(st, 14, o->agreement_start, err)) ||
	    (rc = cl_db_bind_text(st, 15, o->agreement_end, err)) ||
	    (rc = cl_db_bind_text(st, 16, now, err)) || (rc = cl_db_bind_text(st, 17, user, err)))
		return rc;
	return CL_OK;
}

/* Rewrite the organization_service rows of o from o->services. */
static int store_services(struct cl_db *db, const struct cl_org *o, struct cl_error *err)
{
	sqlite3_stmt *clear = cl_db_stmt(db, sql_service_clear, err);
	sqlite3_stmt *add = clear ? cl_db_stmt(db, sql_service_add, err) : NULL;
	char list[sizeof(o->services)], *save = NULL, *tok;
	int rc = CL_OK;

	if (!add)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_id(clear, 1, &o->id, err)))
		return rc;
	if (sqlite3_step(clear) != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(clear);
	snprintf(list, sizeof(list), "%s", o->services);
	for (tok = strtok_r(list, ", ", &save); !rc && tok; tok = strtok_r(NULL, ", ", &save)) {
		if ((rc = cl_db_bind_id(add, 1, &o->id, err)) ||
		    (rc = cl_db_bind_text(add, 2, tok, err)))
			break;
		if (sqlite3_step(add) != SQLITE_DONE)
			rc = cl_db_error(db, err);
		sqlite3_reset(add);
	}
	return rc;
}

/* CL_EEXIST (field "name") when another active entry of the kind has the same name. */
static int check_unique(struct cl_db *db, const struct cl_org *o, struct cl_error *err)
{
	sqlite3_stmt *st = cl_db_stmt(db, sql_same_name, err);
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, o->name, err)) ||
	    (rc = cl_db_bind_text(st, 2, cl_org_kind_code(o->kind), err)) ||
	    (rc = cl_db_bind_id(st, 3, &o->id, err)))
		return rc;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = cl_error_field(
			err, CL_EEXIST, "name",
			"an active %s organization of that name is already in the directory",
			cl_org_kind_code(o->kind));
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* Insert inside the caller's transaction (cl_org_create, the import). */
static int org_insert(struct cl_db *db, struct cl_org *o, enum cl_audit_action action,
		      struct cl_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((rc = cl_org_validate(o, err)))
		return rc;
	cl_id_new(&o->id);
	if (o->active && (rc = check_unique(db, o, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_insert, err)))
		return err ? err->code : CL_EIO;
	cl_db_now(now, sizeof(now));
	if ((rc = bind_fields(st, o, now, cl_db_user(db), err)))
		return rc;
	rc = cl_record_step(db, st, NULL, NULL, NULL, err);
	if (!rc)
		rc = store_services(db, o, err);
	if (!rc)
		rc = cl_audit_log(db, action, "organization", &o->id, err);
	if (!rc)
		cl_record_saved(db, now, &o->version, o->created_at, o->updated_at, o->updated_by);
	return rc;
}

int cl_org_create(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	struct cl_org work = *o;
	int rc;

	if ((rc = cl_org_validate(o, err)))
		return rc;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if ((rc = org_insert(db, &work, CL_AUDIT_CREATE, err))) {
		cl_db_rollback(db);
		return rc;
	}
	if ((rc = cl_db_commit(db, err)))
		return rc;
	*o = work;
	return CL_OK;
}

static int org_save(struct cl_db *db, struct cl_org *o, enum cl_audit_action action,
		    struct cl_error *err)
{
	struct cl_org work = *o;
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((rc = cl_org_validate(o, err)))
		return rc;
	if (!(st = cl_db_stmt(db, sql_update, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (work.active && (rc = check_unique(db, &work, err)))
		goto fail;
	cl_db_now(now, sizeof(now));
	if ((rc = bind_fields(st, &work, now, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_int(st, 18, work.version, err)))
		goto fail;
	rc = cl_record_step(db, st, sql_stamp, &work.id, "organization", err);
	if (!rc)
		rc = store_services(db, &work, err);
	if (!rc)
		rc = cl_audit_log(db, action, "organization", &work.id, err);
	if (rc)
		goto fail;
	if ((rc = cl_db_commit(db, err)))
		return rc;
	cl_record_saved(db, now, &work.version, NULL, work.updated_at, work.updated_by);
	*o = work;
	return CL_OK;
fail:
	cl_db_rollback(db);
	return rc;
}

int cl_org_update(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	return org_save(db, o, CL_AUDIT_UPDATE, err);
}

int cl_org_retire(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	struct cl_org work = *o;
	int rc;

	work.active = false;
	if ((rc = org_save(db, &work, CL_AUDIT_RETIRE, err)))
		return rc;
	*o = work;
	return CL_OK;
}

int cl_org_mark_verified(struct cl_db *db, struct cl_org *o, struct cl_error *err)
{
	struct cl_org work = *o;
	int rc;

	cl_date_today(work.last_verified);
	if ((rc = org_save(db, &work, CL_AUDIT_UPDATE, err)))
		return rc;
	*o = work;
	return CL_OK;
}

/* ---- lists ---- */

/* Parameters: ?1 kind or NULL, ?2 service or NULL, ?3 limit, ?4 stale cutoff, ?5 ?6 after,
 * ?7 search expression, ?8 language. */
#define ROW_COLUMNS                                                                \
	"SELECT o.id, o.kind, o.name, o.services, o.phone, o.languages, o.active," \
	" (o.last_verified = '' OR o.last_verified < ?4), o.sort_name,"            \
	" instr(', ' || o.languages || ',', ', ' || ?8 || ',') > 0, o.last_verified"
#define FILTER                                                                  \
	" (?1 IS NULL OR o.kind = ?1) AND (?2 IS NULL OR EXISTS (SELECT 1 FROM" \
	" organization_service s WHERE s.code = ?2 AND s.organization_id = o.id))"
#define ACTIVE " AND o.active = 1"
#define FROM   " FROM organization o WHERE"
#define AFTER  " AND (o.sort_name, o.id) > (?5, ?6)"
#define BEFORE " AND (o.sort_name, o.id) < (?5, ?6)"
#define ASC    " ORDER BY o.sort_name, o.id LIMIT ?3"
#define DESC   " ORDER BY o.sort_name DESC, o.id DESC LIMIT ?3"

/* [include_retired][after][backward] */
static const char *const page_sql[2][2][2] = {
	{
		{ ROW_COLUMNS FROM FILTER ACTIVE ASC, ROW_COLUMNS FROM FILTER ACTIVE DESC },
		{ ROW_COLUMNS FROM FILTER ACTIVE AFTER ASC,
		  ROW_COLUMNS FROM FILTER ACTIVE BEFORE DESC },
	},
	{
		{ ROW_COLUMNS FROM FILTER ASC, ROW_COLUMNS FROM FILTER DESC },
		{ ROW_COLUMNS FROM FILTER AFTER ASC, ROW_COLUMNS FROM FILTER BEFORE DESC },
	},
};
static const char sql_search[] =
	ROW_COLUMNS " FROM organization_fts JOIN organization o ON o.rowid = organization_fts.rowid"
		    " WHERE organization_fts MATCH ?7 AND" FILTER " AND (?9 OR o.active = 1)"
		    " ORDER BY organization_fts.rank LIMIT ?3";
static const char sql_suggest[] =
	ROW_COLUMNS " FROM organization_service s JOIN organization o ON o.id = s.organization_id"
		    " WHERE s.code = ?2 AND o.active = 1"
		    " ORDER BY 10 DESC, 8 ASC, o.sort_name, o.id LIMIT ?3";

static int row_from_stmt(sqlite3_stmt *st, struct cl_org_row *r, struct cl_error *err)
{
	char kind[16];

	memset(r, 0, sizeof(*r));
	if (cl_db_column_id(st, 0, &r->id))
		return cl_error_set(err, CL_ECORRUPT, "a stored organization has a malformed id");
	cl_db_column_text(st, 1, kind, sizeof(kind));
	r->kind = strcmp(kind, "specialty") == 0 ? CL_ORG_SPECIALTY : CL_ORG_COMMUNITY;
	cl_db_column_text(st, 2, r->name, sizeof(r->name));
	cl_db_column_text(st, 3, r->services, sizeof(r->services));
	cl_db_column_text(st, 4, r->phone, sizeof(r->phone));
	cl_db_column_text(st, 5, r->languages, sizeof(r->languages));
	r->active = sqlite3_column_int(st, 6) != 0;
	r->stale = sqlite3_column_int(st, 7) != 0;
	cl_db_column_text(st, 8, r->sort_key, sizeof(r->sort_key));
	r->language_match = sqlite3_column_int(st, 9) != 0;
	cl_db_column_text(st, 10, r->last_verified, sizeof(r->last_verified));
	return CL_OK;
}

static int bind_filter(struct cl_db *db, sqlite3_stmt *st, const struct cl_org_filter *filter,
		       int max, struct cl_error *err)
{
	char today[CL_DATE_LEN], cutoff[CL_DATE_LEN];
	bool kind = filter && filter->kind >= 0;
	bool service = filter && filter->service && filter->service[0];
	int rc;

	cl_date_today(today);
	stale_cutoff(db, today, cutoff);
	if ((rc = cl_db_bind_text(
		     st, 1, kind ? cl_org_kind_code((enum cl_org_kind)filter->kind) : NULL, err)) ||
	    (rc = cl_db_bind_text(st, 2, service ? filter->service : NULL, err)) ||
	    (rc = cl_db_bind_int(st, 3, max, err)) || (rc = cl_db_bind_text(st, 4, cutoff, err)))
		return rc;
	return CL_OK;
}

static int collect(struct cl_db *db, sqlite3_stmt *st, struct cl_org_row *rows, int max, int *n,
		   struct cl_error *err)
{
	int step = SQLITE_DONE, rc = CL_OK;

	while (*n < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = row_from_stmt(st, &rows[*n], err)))
			break;
		(*n)++;
	}
	if (!rc && *n < max && step != SQLITE_DONE)
		rc = cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc)
		*n = 0;
	return rc;
}

int cl_org_page(struct cl_db *db, const struct cl_org_filter *filter,
		const struct cl_org_row *after, bool backward, struct cl_org_row *rows, int max,
		int *n, struct cl_error *err)
{
	bool all = filter && filter->include_retired;
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0)
		return CL_OK;
	if (!(st = cl_db_stmt(db, page_sql[all][after != NULL][backward], err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_filter(db, st, filter, max, err)))
		return rc;
	if (after && ((rc = cl_db_bind_text(st, 5, after->sort_key, err)) ||
		      (rc = cl_db_bind_id(st, 6, &after->id, err))))
		return rc;
	if ((rc = collect(db, st, rows, max, n, err)))
		return rc;
	for (int i = 0, j = *n - 1; backward && i < j; i++, j--) {
		struct cl_org_row t = rows[i];

		rows[i] = rows[j];
		rows[j] = t;
	}
	return CL_OK;
}

/* Every word as a quoted FTS5 prefix term: "food"* "ban"* (quotes inside words dropped). */
static int fts_query(const char *text, char *out, size_t size)
{
	size_t len = 0;
	bool in_word = false;

	for (const char *s = text; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool word_char = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
				 (c >= 'A' && c <= 'Z');

		if (word_char && !in_word) {
			if (len + 2 >= size)
				return -1;
			if (len)
				out[len++] = ' ';
			out[len++] = '"';
			in_word = true;
		} else if (!word_char && in_word) {
			if (len + 2 >= size)
				return -1;
			out[len++] = '"';
			out[len++] = '*';
			in_word = false;
		}
		if (word_char) {
			if (len + 1 >= size)
				return -1;
			out[len++] = (char)c;
		}
	}
	if (in_word) {
		if (len + 2 >= size)
			return -1;
		out[len++] = '"';
		out[len++] = '*';
	}
	out[len] = '\0';
	return (int)len;
}

int cl_org_search(struct cl_db *db, const char *text, const struct cl_org_filter *filter,
		  struct cl_org_row *rows, int max, int *n, struct cl_error *err)
{
	char query[512];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0 || !text || fts_query(text, query, sizeof(query)) <= 0)
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_search, err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_filter(db, st, filter, max, err)) ||
	    (rc = cl_db_bind_text(st, 7, query, err)) ||
	    (rc = cl_db_bind_int(st, 9, filter && filter->include_retired, err)))
		return rc;
	return collect(db, st, rows, max, n, err);
}

int cl_org_suggest(struct cl_db *db, const char *service, const char *language,
		   struct cl_org_row *rows, int max, int *n, struct cl_error *err)
{
	struct cl_org_filter filter = { -1, service, false };
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (max <= 0 || !service || !service[0])
		return CL_OK;
	if (!(st = cl_db_stmt(db, sql_suggest, err)))
		return err ? err->code : CL_EIO;
	if ((rc = bind_filter(db, st, &filter, max, err)) ||
	    (rc = cl_db_bind_text(st, 8, language ? language : "", err)))
		return rc;
	return collect(db, st, rows, max, n, err);
}

/* ---- import ---- */

static const char *const import_columns[] = {
	"kind",	  "name",	   "services",	      "phone",	       "fax",
	"email",  "address",	   "hours",	      "languages",     "notes",
	"active", "last_verified", "agreement_start", "agreement_end", NULL,
};
static const char *const import_required[] = { "kind", "name", NULL };

/* One organization: every bad cell is reported (row->problem), then the row is stored. */
static int import_org_row(struct cl_db *db, const struct cl_import_row *row, void *arg,
			  struct cl_error *err)
{
	struct cl_error cell_err;
	bool bad = false, bad_kind = false;
	struct cl_org o;
	size_t i;
	int rc;

	(void)arg;
	cl_org_init(&o);
	/* import_columns starts with kind, so services are checked against the right kind. */
	for (i = 0; import_columns[i]; i++) {
		if (!row->values[i] || (bad_kind && strcmp(import_columns[i], "services") == 0))
			continue;
		cl_error_clear(&cell_err);
		rc = cl_org_field_set(&o, import_columns[i], row->values[i], &cell_err);
		if (rc == CL_EINVAL) {
			row->problem(row, &cell_err);
			bad = true;
			bad_kind = bad_kind || strcmp(import_columns[i], "kind") == 0;
		} else if (rc) {
			if (err)
				*err = cell_err;
			return rc;
		}
	}
	if (bad)
		return CL_EINVAL;
	return org_insert(db, &o, CL_AUDIT_IMPORT, err);
}

int cl_org_import(struct cl_db *db, const char *path, const struct cl_import_options *opt,
		  struct cl_import_result *res, struct cl_error *err)
{
	const struct cl_import_ops ops = {
		.what = "organizations",
		.columns = import_columns,
		.required = import_required,
		.row = import_org_row,
		.arg = NULL,
	};

	return cl_import_csv(db, path, &ops, opt, res, err);
}
