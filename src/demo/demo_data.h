/*
 * The word lists of the synthetic clinic (src/demo.c only): names by origin, towns of the
 * Making Care Primary states, streets, and the weights that shape the registry.
 */
#ifndef CL_DEMO_DATA_H
#define CL_DEMO_DATA_H

/* A list of words and its length. */
struct cl_demo_words {
	const char *const *words;
	unsigned n;
};

/*
 * Names of one origin, the languages its patients prefer (codes and weights) and the
 * states where they mostly live (indexes into cl_demo_states).
 */
struct cl_demo_group {
	unsigned short weight;
	struct cl_demo_words female, male, family;
	const char *const *languages;
	const unsigned short *language_weights;
	int nlanguages;
	const unsigned char *home_states;
	unsigned nhome;
};

struct cl_demo_town {
	const char *name;
	const char *zip3; /* first three digits of the town's ZIP codes */
};

struct cl_demo_state {
	const char *code;
	unsigned short weight;
	const struct cl_demo_town *towns;
	unsigned ntowns;
};

/*
 * An age band (a high-need registry skews old) with the payer, risk tier and status mix
 * of its patients, in the order of enum cl_payer, enum cl_risk, enum cl_patient_status.
 */
struct cl_demo_age_band {
	unsigned short weight;
	int low, high;
	unsigned short payer_weights[6];
	unsigned short risk_weights[3];
	unsigned short status_weights[3];
};

extern const struct cl_demo_group cl_demo_groups[];
extern const int cl_demo_ngroups;
extern const struct cl_demo_words cl_demo_general_family; /* for mixed families */
extern const struct cl_demo_state cl_demo_states[];
extern const int cl_demo_nstates;
extern const struct cl_demo_age_band cl_demo_age_bands[];
extern const int cl_demo_nage_bands;
extern const unsigned short cl_demo_sex_weights[4]; /* in the order of enum cl_sex */
extern const struct cl_demo_words cl_demo_streets, cl_demo_street_kinds, cl_demo_apartments;

#endif
