/*
 * Partner organizations (declared in org.h): codes, the field table, parsing and validation.
 * Storage and the CSV import are in org_store.c, the directory lists and search in org_list.c.
 */
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
