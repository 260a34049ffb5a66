#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain.h"

/* Keep in the order of cl_domain_codes (a unit test checks it). */
const struct cl_domain cl_domains[] = {
	{ "food", { "Food insecurity", "Inseguridad alimentaria" }, "food-insecurity", false },
	{ "housing",
	  { "Housing instability", "Inestabilidad de vivienda" },
	  "housing-instability",
	  false },
	{ "homelessness", { "Homelessness", "Falta de vivienda" }, "homelessness", false },
	{ "housing-quality",
	  { "Housing quality", "Calidad de la vivienda" },
	  "inadequate-housing",
	  false },
	{ "transportation",
	  { "Transportation", "Transporte" },
	  "transportation-insecurity",
	  false },
	{ "utilities", { "Utilities", "Servicios públicos" }, "utility-insecurity", false },
	{ "safety",
	  { "Interpersonal safety", "Seguridad interpersonal" },
	  "intimate-partner-violence",
	  true },
	{ "elder-abuse", { "Elder abuse", "Maltrato de personas mayores" }, "elder-abuse", true },
	{ "financial",
	  { "Financial strain", "Dificultades económicas" },
	  "financial-insecurity",
	  false },
	{ "material-hardship",
	  { "Material hardship", "Carencias materiales" },
	  "material-hardship",
	  false },
	{ "employment", { "Employment", "Empleo" }, "employment-status", false },
	{ "education", { "Education", "Educación" }, "educational-attainment", false },
	{ "social-connection",
	  { "Social connection", "Conexión social" },
	  "social-connection",
	  false },
	{ "stress", { "Stress", "Estrés" }, "stress", false },
	{ "health-insurance",
	  { "Health insurance", "Seguro médico" },
	  "health-insurance-coverage-status",
	  false },
	{ "health-literacy",
	  { "Health literacy", "Conocimientos de salud" },
	  "personal-health-literacy",
	  false },
	{ "digital-literacy",
	  { "Digital literacy", "Habilidades digitales" },
	  "digital-literacy",
	  false },
	{ "veteran", { "Veteran status", "Condición de veterano" }, "veteran-status", false },
	{ "other",
	  { "Other social need", "Otra necesidad social" },
	  "sdoh-category-unspecified",
	  false },
	{ NULL, { NULL, NULL }, NULL, false },
};

const char *const cl_domain_codes[] = {
	"food-insecurity",
	"housing-instability",
	"homelessness",
	"inadequate-housing",
	"transportation-insecurity",
	"utility-insecurity",
	"intimate-partner-violence",
	"elder-abuse",
	"financial-insecurity",
	"material-hardship",
	"employment-status",
	"educational-attainment",
	"social-connection",
	"stress",
	"health-insurance-coverage-status",
	"personal-health-literacy",
	"digital-literacy",
	"veteran-status",
	"sdoh-category-unspecified",
	NULL,
};

const struct cl_domain *cl_domain_find(const char *text)
{
	const struct cl_domain *d;
	int lang;

	if (!text || !*text)
		return NULL;
	for (d = cl_domains; d->key; d++) {
		if (!strcasecmp(text, d->key) || !strcasecmp(text, d->gravity))
			return d;
		/* ASCII case only: "food insecurity" finds "Food insecurity". */
		for (lang = 0; lang < CL_LANG_COUNT; lang++)
			if (!strcasecmp(text, d->label[lang]))
				return d;
	}
	return NULL;
}

const char *cl_domain_key(const char *code)
{
	const struct cl_domain *d = cl_domain_find(code);

	return d ? d->key : code;
}

const char *cl_domain_label(const char *code, enum cl_lang lang)
{
	const struct cl_domain *d = cl_domain_find(code);

	if ((int)lang < 0 || lang >= CL_LANG_COUNT)
		lang = CL_LANG_EN;
	return d ? d->label[lang] : code;
}

const char *cl_domain_name(const char *code)
{
	return cl_domain_label(code, CL_LANG_EN);
}

bool cl_domain_sensitive(const char *code)
{
	const struct cl_domain *d = cl_domain_find(code);

	return d && d->sensitive;
}

void cl_domain_keys_text(const char *codes, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	while (codes && *codes && len < size) {
		char code[80];
		size_t n = strcspn(codes, ", ");

		if (n) {
			snprintf(code, sizeof(code), "%.*s", (int)n, codes);
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
						cl_domain_key(code));
		}
		codes += n;
		codes += strspn(codes, ", ");
	}
}

const char *cl_instrument_domain_label(const struct cl_instrument_domain *d, enum cl_lang lang)
{
	const struct cl_domain *t = cl_domain_find(d->code);

	if ((int)lang < 0 || lang >= CL_LANG_COUNT)
		lang = CL_LANG_EN;
	if (!t)
		t = cl_domain_find(d->sdoh_category);
	return t ? t->label[lang] : d->name[lang];
}
