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

static cl_field_normalize_fn normalize_services, normalize_languages, normalize_email;

#define AT(member) CL_FIELD_AT(struct cl_org, member), .column = #member

/* Kind comes first: the services are checked against it. */
const struct cl_field cl_org_fields[] = {
	{ "kind", "Kind", CL_FIELD_ENUM, 16, true, kind_codes, AT(kind) },
	{ "name", "Name", CL_FIELD_TEXT, 127, true, NULL, AT(name) },
	{ "services", "Services", CL_FIELD_TEXT, 511, false, NULL, AT(services),
	  .normalize = normalize_services },
	{ "phone", "Phone", CL_FIELD_PHONE, 31, false, NULL, AT(phone) },
	{ "fax", "Fax", CL_FIELD_PHONE, 31, false, NULL, AT(fax) },
	{ "email", "Email", CL_FIELD_TEXT, 127, false, NULL, AT(email),
	  .normalize = normalize_email },
	{ "address", "Address", CL_FIELD_TEXT, 255, false, NULL, AT(address) },
	{ "hours", "Hours", CL_FIELD_TEXT, 127, false, NULL, AT(hours) },
	{ "languages", "Languages", CL_FIELD_TEXT, 127, false, NULL, AT(languages),
	  .normalize = normalize_languages },
	{ "notes", "Notes", CL_FIELD_TEXT, 1023, false, NULL, AT(notes), .multiline = true },
	{ "active", "Active", CL_FIELD_YESNO, 3, true, yes_no, AT(active) },
	{ "last_verified", "Last verified", CL_FIELD_DATE, 10, false, NULL, AT(last_verified),
	  .normalize = cl_field_past_date },
	{ "agreement_start", "Agreement start", CL_FIELD_DATE, 10, false, NULL,
	  AT(agreement_start) },
	{ "agreement_end", "Agreement end", CL_FIELD_DATE, 10, false, NULL, AT(agreement_end) },
	{ .key = NULL },
};

const struct cl_record_type cl_org_type = {
	.table = "organization",
	.fields = cl_org_fields,
	.size = sizeof(struct cl_org),
};

void cl_org_init(struct cl_org *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = CL_ORG_COMMUNITY;
	o->active = true;
}

int cl_org_field_get(const struct cl_org *o, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_org_fields, o, key, buf, size);
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * Normalize a list of codes (separated by commas, semicolons or blanks) into out: each
 * checked against codes, lower-cased, deduplicated, joined by ", ". NULL or why not (which
 * names the code: directory data, not a patient's).
 */
static const char *parse_list(const char *in, const char *const *codes, const char *what, char *out,
			      size_t size)
{
	static char why[128];
	char copy[1024], *save = NULL, *tok;
	size_t len = 0;

	snprintf(copy, sizeof(copy), "%s", in);
	out[0] = '\0';
	for (tok = strtok_r(copy, ",; \t\r\n", &save); tok;
	     tok = strtok_r(NULL, ",; \t\r\n", &save)) {
		char probe[1040], needle[80];
		const char *code = tok;

		lower_ascii(tok);
		/* An HRSN domain in any spelling ("food", "Food-Insecurity") is stored by its
		 * Gravity code. */
		if (codes == cl_domain_codes && cl_domain_find(tok))
			code = cl_domain_find(tok)->gravity;
		if (cl_code_index(codes, code) < 0) {
			snprintf(why, sizeof(why), "has \"%.40s\", which is not a known %s code",
				 tok, what);
			return why;
		}
		snprintf(probe, sizeof(probe), ", %s, ", out);
		snprintf(needle, sizeof(needle), ", %s, ", code);
		if (strstr(probe, needle))
			continue;
		if (snprintf(out + len, size - len, "%s%s", len ? ", " : "", code) >=
		    (int)(size - len))
			return "has too many codes";
		len = strlen(out);
	}
	return NULL;
}

static const char *normalize_services(const void *rec, const char *in, char *out, size_t size)
{
	const struct cl_org *o = rec;

	return parse_list(in, cl_org_service_codes(o->kind),
			  o->kind == CL_ORG_SPECIALTY ? "specialty" : "HRSN domain", out, size);
}

static const char *normalize_languages(const void *rec, const char *in, char *out, size_t size)
{
	(void)rec;
	return parse_list(in, cl_language_codes, "language", out, size);
}

static const char *normalize_email(const void *rec, const char *in, char *out, size_t size)
{
	(void)rec;
	if (!strchr(in, '@'))
		return "needs an @";
	snprintf(out, size, "%s", in);
	return NULL;
}

int cl_org_field_set(struct cl_org *o, const char *key, const char *value, struct cl_error *err)
{
	/* An empty "active" cell in an import keeps the entry active. */
	if (key && strcmp(key, "active") == 0 && (!value || !value[strspn(value, " \t")]))
		value = "yes";
	return cl_field_set(cl_org_fields, o, key, value, err);
}

int cl_org_validate(const struct cl_org *o, struct cl_error *err)
{
	int rc = cl_field_validate(cl_org_fields, o, sizeof(*o), err);

	if (rc)
		return rc;
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
