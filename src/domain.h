/*
 * The social-need (HRSN) domains: one vocabulary for every screen, report and CSV.
 * Each domain has one key (what CSV, JSON and command options print and take: "food"), a
 * label per language for screens ("Food insecurity", "Inseguridad alimentaria") and its
 * Gravity Project SDOH category code, which is what the database stores for referrals,
 * partners and goals and what FHIR exports use ("food-insecurity"). The AHC HRSN tool's
 * domain codes are the keys. Imports accept any of the spellings (cl_domain_find).
 */
#ifndef CL_DOMAIN_H
#define CL_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "instrument.h"

struct cl_domain {
	const char *key;
	const char *label[CL_LANG_COUNT];
	const char *gravity;
	bool sensitive; /* interpersonal safety: never in a list over patients */
};

/*
 * What a list over patients (worklist, referral lists, reports, cron mail) shows instead of
 * a safety referral's domain and partner, or of a safety task's title.
 */
#define CL_PRIVATE_REFERRAL "private referral"
#define CL_PRIVATE_FOLLOWUP "private follow-up"

/* Every domain, ended by a NULL key. */
extern const struct cl_domain cl_domains[];

/*
 * Gravity codes of cl_domains in order, NULL-terminated: the stored values of a referral's
 * or a partner's HRSN service (cl_domain_codes, as the org and referral fields list them).
 */
extern const char *const cl_domain_codes[];

/*
 * The domain spelled text: its key, Gravity code, or a label in any language, in any case
 * ("food", "food-insecurity", "Food insecurity"). NULL when none.
 */
const struct cl_domain *cl_domain_find(const char *text);

/* The key of the domain spelled code (any spelling); an unknown code is returned as is. */
const char *cl_domain_key(const char *code);

/* Its label in lang; an unknown code is returned as is. */
const char *cl_domain_label(const char *code, enum cl_lang lang);

/* Its English label (the screens' word for a service); an unknown code is returned as is. */
const char *cl_domain_name(const char *code);

/*
 * A stored list of Gravity codes ("food-insecurity, housing-instability") as keys ("food,
 * housing") into buf (size bytes, always terminated); unknown codes are kept as they are.
 */
void cl_domain_keys_text(const char *codes, char *buf, size_t size);

/*
 * An instrument's domain in words of lang: the table's label for its code or its Gravity
 * category, else the instrument's own name (an instrument's domain the table lacks).
 */
const char *cl_instrument_domain_label(const struct cl_instrument_domain *d, enum cl_lang lang);

/* True when code (any spelling) is a sensitive domain (interpersonal safety). */
bool cl_domain_sensitive(const char *code);

#endif
