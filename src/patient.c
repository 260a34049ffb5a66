/*
 * The patient record (declared in patient.h): codes, the field table, parsing and
 * validation. Storage is in patient_store.c, the list and search in patient_list.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "patient.h"

/* ---- codes ---- */

static const char *const sex_codes[] = { "unknown", "female", "male", "other", NULL };
const char *const cl_contact_time_codes[] = { "morning", "afternoon", "evening", "any", NULL };
const char *const cl_contact_method_codes[] = {
	"phone", "text", "mail", "in-person", "portal", NULL
};
static const char *const payer_codes[] = { "unknown",	 "medicare",  "medicaid", "dual",
					   "commercial", "uninsured", NULL };
static const char *const risk_codes[] = { "high", "rising", "low", NULL };
static const char *const status_codes[] = { "active", "inactive", "deceased", NULL };

const char *const cl_language_codes[] = { "en", "es", "vi", "zh", "ht", "pt",  "ru",	"ar",
					  "so", "ne", "fr", "ko", "tl", "hmn", "other", NULL };

static const char *const language_names[] = {
	"English",    "Spanish", "Vietnamese", "Chinese", "Haitian Creole",
	"Portuguese", "Russian", "Arabic",     "Somali",  "Nepali",
	"French",     "Korean",	 "Tagalog",    "Hmong",	  "Other",
};

/* USPS codes: states, DC, territories and military mail. */
static const char *const state_codes[] = {
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
	"IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
	"NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
	"VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "AA", "AE", "AP", NULL,
};

static const char *code_of(const char *const *codes, size_t n, int v)
{
	return v >= 0 && (size_t)v < n - 1 ? codes[v] : codes[0];
}

#define CODE_OF(codes, v) code_of(codes, sizeof(codes) / sizeof(codes[0]), (int)(v))

const char *cl_sex_code(enum cl_sex v)
{
	return CODE_OF(sex_codes, v);
}

const char *cl_payer_code(enum cl_payer v)
{
	return CODE_OF(payer_codes, v);
}

const char *cl_risk_code(enum cl_risk v)
{
	return CODE_OF(risk_codes, v);
}

const char *cl_patient_status_code(enum cl_patient_status v)
{
	return CODE_OF(status_codes, v);
}

const char *cl_language_name(const char *code)
{
	int i = cl_choice_index(cl_language_codes, code ? code : "");

	return i < 0 ? code : language_names[i];
}

/* ---- the field table ---- */

static const char *normalize_mrn(const void *rec, const char *in, char *out, size_t size);
static const char *normalize_phone(const void *rec, const char *in, char *out, size_t size);
static const char *normalize_postal(const void *rec, const char *in, char *out, size_t size);

#define AT(member) CL_FIELD_AT(struct cl_patient, member), .column = #member

/*
 * One row a field: the form shows them in this order. The care manager is stored as an id
 * (care_manager_id), which patient_store.c looks up by login.
 */
const struct cl_field cl_patient_fields[] = {
	{ "mrn", "MRN", CL_FIELD_TEXT, 30, true, NULL, AT(mrn), .normalize = normalize_mrn },
	{ "given_name", "Given name", CL_FIELD_TEXT, 95, true, NULL, AT(given_name) },
	{ "family_name", "Family name", CL_FIELD_TEXT, 95, true, NULL, AT(family_name) },
	{ "pronouns", "Pronouns", CL_FIELD_TEXT, 32, false, NULL, AT(pronouns) },
	{ "birth_date", "Birth date", CL_FIELD_DATE, 10, true, NULL, AT(birth_date),
	  .normalize = cl_field_past_date },
	{ "sex", "Sex", CL_FIELD_ENUM, 15, true, sex_codes, AT(sex) },
	{ "language", "Language", CL_FIELD_CHOICE, 15, true, cl_language_codes, AT(language) },
	{ "phone", "Phone", CL_FIELD_PHONE, 14, false, NULL, AT(phone),
	  .normalize = normalize_phone },
	{ "address", "Address", CL_FIELD_TEXT, 127, false, NULL, AT(address) },
	{ "city", "City", CL_FIELD_TEXT, 63, false, NULL, AT(city) },
	{ "state", "State", CL_FIELD_CHOICE, 2, false, state_codes, AT(state) },
	{ "postal_code", "ZIP code", CL_FIELD_TEXT, 10, false, NULL, AT(postal_code),
	  .normalize = normalize_postal },
	{ "payer", "Payer", CL_FIELD_ENUM, 15, true, payer_codes, AT(payer) },
	{ "risk_tier", "Risk tier", CL_FIELD_ENUM, 15, true, risk_codes, AT(risk_tier) },
	{ "status", "Status", CL_FIELD_ENUM, 15, true, status_codes, AT(status) },
	{ "death_date", "Date of death", CL_FIELD_DATE, 10, false, NULL, AT(death_date),
	  .normalize = cl_field_past_date },
	{ "care_manager", "Care manager", CL_FIELD_LOGIN, 63, false, NULL,
	  CL_FIELD_AT(struct cl_patient, care_manager) },
	/* How the patient likes to be reached, for the worklist's outreach rows. */
	{ "contact_time", "Best time", CL_FIELD_CHOICE, 15, false, cl_contact_time_codes,
	  AT(contact_time) },
	{ "contact_method", "Best way", CL_FIELD_CHOICE, 15, false, cl_contact_method_codes,
	  AT(contact_method) },
	/* The patient's people. */
	{ "guardian_name", "Guardian", CL_FIELD_TEXT, 95, false, NULL, AT(guardian_name) },
	{ "guardian_relation", "Guardian is", CL_FIELD_TEXT, 31, false, NULL,
	  AT(guardian_relation) },
	{ "guardian_phone", "Guardian tel", CL_FIELD_PHONE, 14, false, NULL, AT(guardian_phone),
	  .normalize = normalize_phone },
	{ "guardian_share", "Tell guardian", CL_FIELD_YESNO, 3, false, NULL, AT(guardian_share) },
	{ "emergency_name", "Emergency", CL_FIELD_TEXT, 95, false, NULL, AT(emergency_name) },
	{ "emergency_relation", "Emergency is", CL_FIELD_TEXT, 31, false, NULL,
	  AT(emergency_relation) },
	{ "emergency_phone", "Emergency tel", CL_FIELD_PHONE, 14, false, NULL, AT(emergency_phone),
	  .normalize = normalize_phone },
	{ "emergency_share", "Tell emerg.", CL_FIELD_YESNO, 3, false, NULL, AT(emergency_share) },
	{ .key = NULL },
};

const struct cl_record_type cl_patient_type = {
	.table = "patient",
	.fields = cl_patient_fields,
	.size = sizeof(struct cl_patient),
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static const char *normalize_mrn(const void *rec, const char *in, char *out, size_t size)
{
	size_t n = strlen(in);

	(void)rec;
	if (n > 30)
		return "is too long (at most 30 characters)";
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(in[i]) && in[i] != '-')
			return "may hold only letters A-Z, digits and '-'";
	snprintf(out, size, "%s", in);
	return NULL;
}

/* US numbers: 10 digits (a leading country code 1 is dropped), shown as (555) 123-4567. */
static const char *normalize_phone(const void *rec, const char *in, char *out, size_t size)
{
	char d[16];
	size_t n = 0;

	(void)rec;
	for (const char *s = in; *s; s++) {
		if (is_digit(*s)) {
			if (n >= sizeof(d) - 1)
				return "must have 10 digits";
			d[n++] = *s;
		} else if (!strchr(" ()-.+", *s)) {
			return "may hold only digits, spaces and ( ) - . +";
		}
	}
	d[n] = '\0';
	if (n == 11 && d[0] == '1')
		memmove(d, d + 1, n--);
	if (n != 10)
		return "must have 10 digits";
	snprintf(out, size, "(%.3s) %.3s-%.4s", d, d + 3, d + 6);
	return NULL;
}

static const char *normalize_postal(const void *rec, const char *in, char *out, size_t size)
{
	char d[10];
	size_t n = 0;

	(void)rec;
	for (const char *s = in; *s; s++) {
		if (is_digit(*s) && n < sizeof(d) - 1)
			d[n++] = *s;
		else if (!(*s == '-' && s - in == 5))
			return "must be 5 or 9 digits (12345 or 12345-6789)";
	}
	d[n] = '\0';
	if (n == 5 && strlen(in) == 5)
		snprintf(out, size, "%s", d);
	else if (n == 9)
		snprintf(out, size, "%.5s-%.4s", d, d + 5);
	else
		return "must be 5 or 9 digits (12345 or 12345-6789)";
	return NULL;
}

int cl_patient_field_get(const struct cl_patient *p, const char *key, char *buf, size_t size)
{
	return cl_field_get(cl_patient_fields, p, key, buf, size);
}

int cl_patient_field_set(struct cl_patient *p, const char *key, const char *value,
			 struct cl_error *err)
{
	return cl_field_set(cl_patient_fields, p, key, value, err);
}

int cl_patient_validate(const struct cl_patient *p, struct cl_error *err)
{
	struct cl_patient copy = *p;
	int rc = cl_field_normalize(cl_patient_fields, &copy, err);

	if (rc)
		return rc;
	if (copy.status == CL_PATIENT_DECEASED && !copy.death_date[0])
		return cl_error_field(err, CL_EINVAL, "death_date",
				      "Date of death is required when the status is deceased");
	if (copy.status != CL_PATIENT_DECEASED && copy.death_date[0])
		return cl_error_field(err, CL_EINVAL, "death_date",
				      "Date of death is only for a deceased patient: clear it or "
				      "set the status to deceased");
	if (copy.death_date[0] && strcmp(copy.death_date, copy.birth_date) < 0)
		return cl_error_field(err, CL_EINVAL, "death_date",
				      "Date of death is before the birth date");
	return CL_OK;
}

void cl_patient_init(struct cl_patient *p, struct cl_db *db)
{
	memset(p, 0, sizeof(*p));
	p->sex = CL_SEX_UNKNOWN;
	p->payer = CL_PAYER_UNKNOWN;
	p->risk_tier = CL_RISK_LOW;
	p->status = CL_PATIENT_ACTIVE;
	snprintf(p->language, sizeof(p->language), "en");
	if (db) {
		snprintf(p->care_manager, sizeof(p->care_manager), "%s", cl_db_user(db));
		snprintf(p->care_manager_name, sizeof(p->care_manager_name), "%s",
			 cl_db_user_display(db));
	}
}
