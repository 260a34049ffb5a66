/*
 * The patient record (declared in patient.h): codes, the field table, parsing and
 * validation. Storage is in patient_store.c, the list and search in patient_list.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "patient.h"
#include "text.h"

/* ---- codes ---- */

static const char *const sex_codes[] = { "unknown", "female", "male", "other", NULL };
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

/* Index of text in a NULL-terminated code list (ASCII case ignored), or -1. */
static int code_index(const char *const *codes, const char *text)
{
	for (int i = 0; codes[i]; i++)
		if (cl_text_ascii_ieq(codes[i], text))
			return i;
	return -1;
}

const char *cl_language_name(const char *code)
{
	int i = code_index(cl_language_codes, code ? code : "");

	return i < 0 ? code : language_names[i];
}

/* ---- the field table ---- */

/* How a field's text is checked and put in canonical form (NULL: as typed). */
typedef const char *(*normalize_fn)(const char *in, char *out, size_t size);

/* Where a field lives in struct cl_patient: a char array, or one of the enums. */
enum slot { SLOT_TEXT, SLOT_SEX, SLOT_PAYER, SLOT_RISK, SLOT_STATUS };

struct field_impl {
	enum slot slot;
	size_t offset, size; /* SLOT_TEXT: the char array */
	normalize_fn normalize;
};

static const char *normalize_mrn(const char *in, char *out, size_t size);
static const char *normalize_date(const char *in, char *out, size_t size);
static const char *normalize_phone(const char *in, char *out, size_t size);
static const char *normalize_postal(const char *in, char *out, size_t size);
static const char *normalize_login(const char *in, char *out, size_t size);

#define TEXT_SLOT(member) \
	SLOT_TEXT, offsetof(struct cl_patient, member), sizeof(((struct cl_patient *)0)->member)

const struct cl_field cl_patient_fields[] = {
	{ "mrn", "MRN", CL_FIELD_TEXT, 30, true, NULL },
	{ "given_name", "Given name", CL_FIELD_TEXT, 95, true, NULL },
	{ "family_name", "Family name", CL_FIELD_TEXT, 95, true, NULL },
	{ "birth_date", "Birth date", CL_FIELD_DATE, 10, true, NULL },
	{ "sex", "Sex", CL_FIELD_CHOICE, 15, true, sex_codes },
	{ "language", "Language", CL_FIELD_CHOICE, 15, true, cl_language_codes },
	{ "phone", "Phone", CL_FIELD_PHONE, 14, false, NULL },
	{ "address", "Address", CL_FIELD_TEXT, 127, false, NULL },
	{ "city", "City", CL_FIELD_TEXT, 63, false, NULL },
	{ "state", "State", CL_FIELD_CHOICE, 2, false, state_codes },
	{ "postal_code", "ZIP code", CL_FIELD_TEXT, 10, false, NULL },
	{ "payer", "Payer", CL_FIELD_CHOICE, 15, true, payer_codes },
	{ "risk_tier", "Risk tier", CL_FIELD_CHOICE, 15, true, risk_codes },
	{ "status", "Status", CL_FIELD_CHOICE, 15, true, status_codes },
	{ "death_date", "Date of death", CL_FIELD_DATE, 10, false, NULL },
	{ "care_manager", "Care manager", CL_FIELD_CHOICE, 63, false, NULL },
	{ 0 },
};

/* Same order as cl_patient_fields. */
static const struct field_impl field_impls[] = {
	{ TEXT_SLOT(mrn), normalize_mrn },
	{ TEXT_SLOT(given_name), NULL },
	{ TEXT_SLOT(family_name), NULL },
	{ TEXT_SLOT(birth_date), normalize_date },
	{ SLOT_SEX, 0, 0, NULL },
	{ TEXT_SLOT(language), NULL },
	{ TEXT_SLOT(phone), normalize_phone },
	{ TEXT_SLOT(address), NULL },
	{ TEXT_SLOT(city), NULL },
	{ TEXT_SLOT(state), NULL },
	{ TEXT_SLOT(postal_code), normalize_postal },
	{ SLOT_PAYER, 0, 0, NULL },
	{ SLOT_RISK, 0, 0, NULL },
	{ SLOT_STATUS, 0, 0, NULL },
	{ TEXT_SLOT(death_date), normalize_date },
	{ TEXT_SLOT(care_manager), normalize_login },
};

static int field_index(const char *key)
{
	for (int i = 0; key && cl_patient_fields[i].key; i++)
		if (strcmp(cl_patient_fields[i].key, key) == 0)
			return i;
	return -1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static const char *normalize_mrn(const char *in, char *out, size_t size)
{
	size_t n = strlen(in);

	if (n > 30)
		return "is too long (at most 30 characters)";
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(in[i]) && in[i] != '-')
			return "may hold only letters A-Z, digits and '-'";
	snprintf(out, size, "%s", in);
	return NULL;
}

static const char *normalize_date(const char *in, char *out, size_t size)
{
	char ymd[CL_DATE_LEN], today[CL_DATE_LEN];

	if (cl_date_parse(in, ymd, NULL) != CL_OK)
		return "must be a real date as YYYY-MM-DD or MM/DD/YYYY, from 1900 on";
	cl_date_today(today);
	if (strcmp(ymd, today) > 0)
		return "is in the future";
	snprintf(out, size, "%s", ymd);
	return NULL;
}

/* US numbers: 10 digits (a leading country code 1 is dropped), shown as (555) 123-4567. */
static const char *normalize_phone(const char *in, char *out, size_t size)
{
	char d[16];
	size_t n = 0;

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

static const char *normalize_postal(const char *in, char *out, size_t size)
{
	char d[10];
	size_t n = 0;

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

static const char *normalize_login(const char *in, char *out, size_t size)
{
	for (const char *s = in; *s; s++)
		if (!is_alnum(*s) && !strchr("._-", *s))
			return "is not a valid login";
	snprintf(out, size, "%s", in);
	return NULL;
}

/* Valid UTF-8 with no control characters. */
static bool text_ok(const char *s)
{
	while (*s) {
		size_t n = cl_utf8_len(s);

		if (n == 0 || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
		s += n;
	}
	return true;
}

int cl_patient_field_get(const struct cl_patient *p, const char *key, char *buf, size_t size)
{
	int i = field_index(key);
	const struct field_impl *f;
	const char *text;

	if (i < 0)
		return CL_EINVAL;
	f = &field_impls[i];
	switch (f->slot) {
	case SLOT_SEX:
		text = cl_sex_code(p->sex);
		break;
	case SLOT_PAYER:
		text = cl_payer_code(p->payer);
		break;
	case SLOT_RISK:
		text = cl_risk_code(p->risk_tier);
		break;
	case SLOT_STATUS:
		text = cl_patient_status_code(p->status);
		break;
	default:
		text = (const char *)p + f->offset;
	}
	if (size > 0)
		snprintf(buf, size, "%s", text);
	return CL_OK;
}

int cl_patient_field_set(struct cl_patient *p, const char *key, const char *value,
			 struct cl_error *err)
{
	int i = field_index(key);
	const struct cl_field *f;
	const struct field_impl *impl;
	char in[512], out[512];
	const char *start, *end, *why = NULL;

	if (i < 0)
		return cl_error_field(err, CL_EINVAL, key ? key : "", "unknown patient field");
	f = &cl_patient_fields[i];
	impl = &field_impls[i];
	if (!value)
		value = "";
	for (start = value; *start == ' ' || *start == '\t'; start++)
		;
	for (end = start + strlen(start); end > start && (end[-1] == ' ' || end[-1] == '\t');)
		end--;
	if ((size_t)(end - start) >= sizeof(in))
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long", f->label);
	memcpy(in, start, (size_t)(end - start));
	in[end - start] = '\0';

	if (!text_ok(in))
		return cl_error_field(err, CL_EINVAL, f->key,
				      "%s has characters that are not allowed", f->label);
	if (!in[0]) {
		if (f->required)
			return cl_error_field(err, CL_EINVAL, f->key, "%s is required", f->label);
		out[0] = '\0';
	} else if (f->choices) {
		int c = code_index(f->choices, in);

		if (c < 0)
			why = "is not one of the choices";
		else
			snprintf(out, sizeof(out), "%s", f->choices[c]);
	} else if (impl->normalize) {
		why = impl->normalize(in, out, sizeof(out));
	} else {
		snprintf(out, sizeof(out), "%s", in);
	}
	if (why)
		return cl_error_field(err, CL_EINVAL, f->key, "%s %s", f->label, why);
	if (strlen(out) > (size_t)f->max_len)
		return cl_error_field(err, CL_EINVAL, f->key, "%s is too long (at most %d bytes)",
				      f->label, f->max_len);

	switch (impl->slot) {
	case SLOT_SEX:
		p->sex = (enum cl_sex)code_index(sex_codes, out);
		break;
	case SLOT_PAYER:
		p->payer = (enum cl_payer)code_index(payer_codes, out);
		break;
	case SLOT_RISK:
		p->risk_tier = (enum cl_risk)code_index(risk_codes, out);
		break;
	case SLOT_STATUS:
		p->status = (enum cl_patient_status)code_index(status_codes, out);
		break;
	default:
		snprintf((char *)p + impl->offset, impl->size, "%s", out);
	}
	return CL_OK;
}

/* Put every field of p through cl_patient_field_set: checks it and makes it canonical. */
static int patient_normalize(struct cl_patient *p, struct cl_error *err)
{
	char buf[512];
	int rc;

	for (int i = 0; cl_patient_fields[i].key; i++) {
		const char *key = cl_patient_fields[i].key;

		/* An enum out of range reads back as its first code: refuse it instead. */
		if ((field_impls[i].slot == SLOT_SEX &&
		     ((int)p->sex < 0 || (int)p->sex > CL_SEX_OTHER)) ||
		    (field_impls[i].slot == SLOT_PAYER &&
		     ((int)p->payer < 0 || (int)p->payer > CL_PAYER_UNINSURED)) ||
		    (field_impls[i].slot == SLOT_RISK &&
		     ((int)p->risk_tier < 0 || (int)p->risk_tier > CL_RISK_LOW)) ||
		    (field_impls[i].slot == SLOT_STATUS &&
		     ((int)p->status < 0 || (int)p->status > CL_PATIENT_DECEASED)))
			return cl_error_field(err, CL_EINVAL, key, "%s is not one of the choices",
					      cl_patient_fields[i].label);
		cl_patient_field_get(p, key, buf, sizeof(buf));
		rc = cl_patient_field_set(p, key, buf, err);
		if (rc)
			return rc;
	}
	return CL_OK;
}

int cl_patient_validate(const struct cl_patient *p, struct cl_error *err)
{
	struct cl_patient copy = *p;
	int rc = patient_normalize(&copy, err);

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
