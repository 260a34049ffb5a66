#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "date.h"
#include "db.h"
#include "db_private.h"
#include "demo.h"
#include "demo_careplan.h"
#include "demo_consent.h"
#include "demo_data.h"
#include "demo_notes.h"
#include "demo_referral.h"
#include "demo_rng.h"
#include "demo_screening.h"
#include "demo_behavioral.h"
#include "error.h"
#include "id.h"
#include "patient.h"
#include "text.h"

/*
 * Re-running the generator on a database that already has demo patients adds more: MRNs
 * continue after the highest "MRN" + 7 digits already stored, and the random stream is
 * keyed by that starting number as well as the seed, so the new patients (and their ids)
 * differ from the first run's. On an empty registry the same seed always gives the same
 * clinic.
 */
#define MRN_FIRST  1L
#define MRN_LAST   9999999L
#define BATCH_ROWS 50000L
/* Patients who get a demo care plan (see cl_demo_generate). */
#define CAREPLAN_MAX 100000L
#define NOTES_MAX    5000L /* patients considered for the sprinkle of case notes */

/* ---- the random stream: xoshiro256** seeded by splitmix64, never rand() ---- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n) for n < 2^32 (multiply-shift; the bias is below 2^-32). */
static unsigned rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* An index into weights[0..n) with probability proportional to its weight. */
static int rng_weighted(struct rng *r, const unsigned short *weights, int n)
{
	unsigned total = 0, x;
	int i;

	for (i = 0; i < n; i++)
		total += weights[i];
	x = rng_below(r, total);
	for (i = 0; i < n - 1; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* A version 4 shaped UUID from the stream (deterministic, unlike cl_id_new). */
static void rng_id(struct rng *r, struct cl_id *id)
{
	uint64_t a = rng_next(r), b = rng_next(r);

	cl_demo_id_from(a, b, id);
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *rng_word(struct rng *r, const struct cl_demo_words *list)
{
	return list->words[rng_below(r, list->n)];
}

/* ---- care managers ---- */

static const struct demo_cm {
	const char *login, *display;
} demo_cms[] = {
	{ "amartinez", "Ana Martínez" },       { "kobrien", "Kathleen O'Brien" },
	{ "dnguyen", "Duc Nguyễn" },	       { "jyazzie", "Jolene Yazzie" },
	{ "mmuller", "Mark Müller" },	       { "lgarcia", "Lucía García" },
	{ "tjohnson", "Tamika Johnson" },      { "shassan", "Sahra Hassan" },
	{ "rlindqvist", "Rebecca Lindqvist" }, { "pvang", "Pa Vang" },
};
#define CM_MAX (NELEM(demo_cms) + 1)

struct clinic {
	struct cl_id cm[CM_MAX]; /* the chosen synthetic care managers, then the OS user */
	int ncm;
	char today[CL_DATE_LEN];
	long mrn_next;
	/* The weight columns of the data tables, for rng_weighted. */
	unsigned short group_weights[32], age_weights[16], state_weights[16];
};

static void clinic_init(struct clinic *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < cl_demo_ngroups && i < (int)NELEM(c->group_weights); i++)
		c->group_weights[i] = cl_demo_groups[i].weight;
	for (i = 0; i < cl_demo_nage_bands && i < (int)NELEM(c->age_weights); i++)
		c->age_weights[i] = cl_demo_age_bands[i].weight;
	for (i = 0; i < cl_demo_nstates && i < (int)NELEM(c->state_weights); i++)
		c->state_weights[i] = cl_demo_states[i].weight;
}

/* Add 6-8 synthetic care managers (kept if their login exists) and collect their ids. */
static int add_care_managers(struct cl_db *db, struct rng *r, struct clinic *c,
			     struct cl_error *err)
{
	static const char insert_sql[] =
		"INSERT INTO care_manager (id, login, display_name, active, created_at, "
		"updated_at, updated_by, version) VALUES (?1, ?2, ?3, 1, ?4, ?4, ?5, 1) "
		"ON CONFLICT (login) DO NOTHING";
	static const char select_sql[] = "SELECT id FROM care_manager WHERE login = ?1";
	int order[NELEM(demo_cms)];
	int i, n, added = 0, rc;
	char now[32];

	for (i = 0; i < (int)NELEM(demo_cms); i++)
		order[i] = i;
	for (i = (int)NELEM(demo_cms) - 1; i > 0; i--) {
		int j = (int)rng_below(r, (unsigned)i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	n = 6 + (int)rng_below(r, 3);
	cl_db_now(now, sizeof(now));
	if ((rc = cl_db_begin(db, err)))
		return rc;
	for (i = 0; i < n; i++) {
		const struct demo_cm *cm = &demo_cms[order[i]];
		sqlite3_stmt *st = cl_db_stmt(db, insert_sql, err);
		struct cl_id id;

		/* Drawn and not used: the stream (and so the rest of the clinic) stays the same. */
		rng_id(r, &id);
		/* A person's id follows the login, as at every site (cl_id_for_login). */
		cl_id_for_login(cm->login, &id);
		if (!st) {
			rc = err ? err->code : CL_EIO;
			goto fail;
		}
		if ((rc = cl_db_bind_id(st, 1, &id, err)) ||
		    (rc = cl_db_bind_text(st, 2, cm->login, err)) ||
		    (rc = cl_db_bind_text(st, 3, cm->display, err)) ||
		    (rc = cl_db_bind_text(st, 4, now, err)) ||
		    (rc = cl_db_bind_text(st, 5, cl_db_user(db), err)))
			goto fail;
		rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
		sqlite3_reset(st);
		if (rc)
			goto fail;
		added += sqlite3_changes(cl_db_sqlite(db));
		if (!(st = cl_db_stmt(db, select_sql, err))) {
			rc = err ? err->code : CL_EIO;
			goto fail;
		}
		if ((rc = cl_db_bind_text(st, 1, cm->login, err)))
			goto fail;
		if (sqlite3_step(st) != SQLITE_ROW || cl_db_column_id(st, 0, &c->cm[c->ncm])) {
			rc = cl_error_set(err, CL_EIO, "demo care manager missing after insert");
			sqlite3_reset(st);
			goto fail;
		}
		sqlite3_reset(st);
		c->ncm++;
	}
	c->cm[c->ncm++] = *cl_db_user_id(db);
	if (added && (rc = cl_audit_log(db, CL_AUDIT_IMPORT, "care_manager", NULL, err)))
		goto fail;
	return cl_db_commit(db, err);
fail:
	cl_db_rollback(db);
	return rc;
}

/* The next free demo MRN number: after the highest "MRN" + 7 digits in the registry. */
static int first_mrn(struct cl_db *db, long *next, struct cl_error *err)
{
	static const char sql[] =
		"SELECT mrn FROM patient WHERE mrn GLOB "
		"'MRN[0-9][0-9][0-9][0-9][0-9][0-9][0-9]' ORDER BY mrn DESC LIMIT 1";
	sqlite3_stmt *st = cl_db_stmt(db, sql, err);
	int rc = CL_OK;

	if (!st)
		return err ? err->code : CL_EIO;
	*next = MRN_FIRST;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*next = strtol((const char *)sqlite3_column_text(st, 0) + 3, NULL, 10) + 1;
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = cl_db_error(db, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- one patient ---- */

struct demo_patient {
	struct cl_id id;
	char mrn[16];
	const char *given, *family;
	char birth_date[CL_DATE_LEN];
	enum cl_sex sex;
	const char *language;
	char phone[20];
	char address[64];
	const char *city, *state;
	char postal_code[8];
	enum cl_payer payer;
	enum cl_risk risk;
	enum cl_patient_status status;
	char death_date[CL_DATE_LEN];	  /* deceased: within two years before today, else "" */
	const struct cl_id *care_manager; /* NULL: unassigned */
};

static void make_patient(struct rng *r, const struct clinic *c, long mrn, struct demo_patient *p)
{
	const struct cl_demo_group *g;
	const struct cl_demo_age_band *band;
	const struct cl_demo_state *st;
	const struct cl_demo_town *town;
	const char *apartment, *kind, *street;
	unsigned a, b;
	int age;
	long days;

	g = &cl_demo_groups[rng_weighted(r, c->group_weights, cl_demo_ngroups)];
	band = &cl_demo_age_bands[rng_weighted(r, c->age_weights, cl_demo_nage_bands)];
	age = band->low + (int)rng_below(r, (unsigned)(band->high - band->low + 1));

	rng_id(r, &p->id);
	snprintf(p->mrn, sizeof(p->mrn), "MRN%07ld", mrn);
	p->sex = (enum cl_sex)rng_weighted(r, cl_demo_sex_weights, 4);
	if (p->sex == CL_SEX_FEMALE || (p->sex != CL_SEX_MALE && rng_below(r, 2)))
		p->given = rng_word(r, &g->female);
	else
		p->given = rng_word(r, &g->male);
	/* One family name in ten comes from the general list (mixed families). */
	if (rng_below(r, 10) == 0)
		p->family = rng_word(r, &cl_demo_general_family);
	else
		p->family = rng_word(r, &g->family);
	/* Whole years of age, then a day within that year (36524 days per 100 years). */
	days = (long)age * 36524 / 100 + (long)rng_below(r, 365);
	cl_date_add_days(c->today, -days, p->birth_date);
	p->language = g->languages[rng_weighted(r, g->language_weights, g->nlanguages)];
	/*
	 * Two draws for one call are made one at a time, last argument first: the order of a
	 * call's arguments is the compiler's, and the same seed makes the same clinic whatever
	 * built careloop.
	 */
	b = rng_below(r, 10000);
	a = rng_below(r, 100);
	snprintf(p->phone, sizeof(p->phone), "(555) 0%02u-%04u", a, b);
	if (rng_below(r, 100) < 70)
		st = &cl_demo_states[g->home_states[rng_below(r, g->nhome)]];
	else
		st = &cl_demo_states[rng_weighted(r, c->state_weights, cl_demo_nstates)];
	town = &st->towns[rng_below(r, st->ntowns)];
	p->state = st->code;
	p->city = town->name;
	snprintf(p->postal_code, sizeof(p->postal_code), "%s%02u", town->zip3, rng_below(r, 100));
	switch (rng_below(r, 20)) {
	case 0:
		snprintf(p->address, sizeof(p->address), "PO Box %u", 1 + rng_below(r, 3999));
		break;
	case 1:
	case 2:
		b = 1 + rng_below(r, 60);
		a = 100 + rng_below(r, 39900);
		snprintf(p->address, sizeof(p->address), "%u County Road %u", a, b);
		break;
	default:
		apartment = rng_below(r, 10) == 0 ? rng_word(r, &cl_demo_apartments) : "";
		kind = rng_word(r, &cl_demo_street_kinds);
		street = rng_word(r, &cl_demo_streets);
		a = 1 + rng_below(r, 9999);
		snprintf(p->address, sizeof(p->address), "%u %s %s%s", a, street, kind, apartment);
	}
	p->payer = (enum cl_payer)rng_weighted(r, band->payer_weights, 6);
	p->risk = (enum cl_risk)rng_weighted(r, band->risk_weights, 3);
	p->status = (enum cl_patient_status)rng_weighted(r, band->status_weights, 3);
	/* From the age, not the random stream (the same seed makes the same clinic). */
	p->death_date[0] = '\0';
	if (p->status == CL_PATIENT_DECEASED)
		cl_date_add_days(c->today, -(days % 730), p->death_date);
	p->care_manager = rng_below(r, 100) < 3 ? NULL : &c->cm[rng_below(r, (unsigned)c->ncm)];
}

/*
 * A batch is staged in a temporary table (no constraints, no triggers, no indexes) and
 * moved into patient with one INSERT ... SELECT. The registry's triggers (search index,
 * derived tables) make every INSERT into patient need a statement journal, which copies
 * each page the statement touches: one statement per row copied ~20 pages a row (measured
 * 5,500 patients/s), one per batch copies each page at most once a batch.
 */
#define STAGE_COLUMNS                                                                         \
	"id, mrn, given_name, family_name, birth_date, sex, language, phone, address, city, " \
	"state, postal_code, payer, risk_tier, status, care_manager_id, created_at, "         \
	"updated_at, updated_by, death_date"

struct inserter {
	sqlite3_stmt *stage; /* one row into temp.demo_stage */
	sqlite3_stmt *move;  /* temp.demo_stage into patient */
	sqlite3_stmt *clear; /* empty temp.demo_stage */
	char now[32];
};

static int prepare(struct cl_db *db, const char *sql, sqlite3_stmt **st, struct cl_error *err)
{
	if (sqlite3_prepare_v3(cl_db_sqlite(db), sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
	    SQLITE_OK)
		return cl_db_error(db, err);
	return CL_OK;
}

static int inserter_open(struct cl_db *db, struct inserter *ins, struct cl_error *err)
{
	int rc;

	memset(ins, 0, sizeof(*ins));
	if ((rc = cl_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS demo_stage (" STAGE_COLUMNS ")",
			     err)))
		return rc;
	if ((rc = prepare(
		     db,
		     "INSERT INTO temp.demo_stage (" STAGE_COLUMNS ") VALUES (?1, ?2, ?3, "
		     "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19)",
		     &ins->stage, err)) ||
	    (rc = prepare(db,
			  "INSERT INTO patient (" STAGE_COLUMNS ", version) SELECT " STAGE_COLUMNS
			  ", 1 FROM temp.demo_stage ORDER BY lower(family_name) || char(1) || "
			  "lower(given_name), id",
			  &ins->move, err)) ||
	    (rc = prepare(db, "DELETE FROM temp.demo_stage", &ins->clear, err)))
		return rc;
	return CL_OK;
}

static void inserter_close(struct cl_db *db, struct inserter *ins)
{
	sqlite3_finalize(ins->stage);
	sqlite3_finalize(ins->move);
	sqlite3_finalize(ins->clear);
	sqlite3_exec(cl_db_sqlite(db), "DROP TABLE IF EXISTS temp.demo_stage", NULL, NULL, NULL);
}

static int step(struct cl_db *db, sqlite3_stmt *st, struct cl_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);

	sqlite3_reset(st);
	return rc;
}

static int stage_patient(struct cl_db *db, struct inserter *ins, const struct demo_patient *p,
			 struct cl_error *err)
{
	sqlite3_stmt *st = ins->stage;
	int rc;

	if ((rc = cl_db_bind_id(st, 1, &p->id, err)) ||
	    (rc = cl_db_bind_text(st, 2, p->mrn, err)) ||
	    (rc = cl_db_bind_text(st, 3, p->given, err)) ||
	    (rc = cl_db_bind_text(st, 4, p->family, err)) ||
	    (rc = cl_db_bind_text(st, 5, p->birth_date, err)) ||
	    (rc = cl_db_bind_text(st, 6, cl_sex_code(p->sex), err)) ||
	    (rc = cl_db_bind_text(st, 7, p->language, err)) ||
	    (rc = cl_db_bind_text(st, 8, p->phone, err)) ||
	    (rc = cl_db_bind_text(st, 9, p->address, err)) ||
	    (rc = cl_db_bind_text(st, 10, p->city, err)) ||
	    (rc = cl_db_bind_text(st, 11, p->state, err)) ||
	    (rc = cl_db_bind_text(st, 12, p->postal_code, err)) ||
	    (rc = cl_db_bind_text(st, 13, cl_payer_code(p->payer), err)) ||
	    (rc = cl_db_bind_text(st, 14, cl_risk_code(p->risk), err)) ||
	    (rc = cl_db_bind_text(st, 15, cl_patient_status_code(p->status), err)) ||
	    (rc = cl_db_bind_id(st, 16, p->care_manager, err)) ||
	    (rc = cl_db_bind_text(st, 17, ins->now, err)) ||
	    (rc = cl_db_bind_text(st, 18, cl_db_user(db), err)) ||
	    (rc = cl_db_bind_text(st, 19, p->death_date, err)))
		return rc;
	return step(db, st, err);
}

/* One transaction: `count` patients from MRN number `mrn`, and one audit "import" row. */
static int add_batch(struct cl_db *db, struct rng *r, const struct clinic *c, struct inserter *ins,
		     long mrn, long count, struct cl_error *err)
{
	struct demo_patient p;
	long i;
	int rc;

	cl_db_now(ins->now, sizeof(ins->now));
	if ((rc = cl_db_begin(db, err)))
		return rc;
	for (i = 0; i < count; i++) {
		make_patient(r, c, mrn + i, &p);
		if ((rc = stage_patient(db, ins, &p, err)))
			goto fail;
	}
	if ((rc = step(db, ins->move, err)))
		goto fail;
	if ((rc = step(db, ins->clear, err)) ||
	    (rc = cl_audit_log(db, CL_AUDIT_IMPORT, "patient", NULL, err)))
		goto fail;
	return cl_db_commit(db, err);
fail:
	cl_db_rollback(db);
	return rc;
}

/*
 * The batches insert at random places of the id index and of the derived tables keyed by
 * patient id: with SQLite's default 2 MiB page cache every such insert missed the cache at
 * 1,000,000 patients. A larger cache for the run (measured: about a third less CPU time at
 * 1M) costs that much memory while generating; the connection's own size comes back after.
 */
#define GENERATE_CACHE_KIB 131072

static void cache_grow(struct cl_db *db, long *old)
{
	sqlite3_stmt *st;
	char sql[64];

	*old = 0;
	if (sqlite3_prepare_v2(cl_db_sqlite(db), "PRAGMA cache_size", -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		*old = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (*old >= 0 || -*old < GENERATE_CACHE_KIB) {
		snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", GENERATE_CACHE_KIB);
		sqlite3_exec(cl_db_sqlite(db), sql, NULL, NULL, NULL);
	}
}

static void cache_restore(struct cl_db *db, long old)
{
	char sql[64];

	if (old == 0)
		return;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %ld", old);
	sqlite3_exec(cl_db_sqlite(db), sql, NULL, NULL, NULL);
}

/*
 * A few duplicates to merge (as an EHR conversion or a second registration leaves them): the
 * last DUPLICATES patients of a run of at least DUPLICATES_MIN take the name and birth date
 * of earlier ones, the first ones with an accent written without it ("José García" again as
 * "Jose Garcia"), the others as written and with the same phone. Changed in place, so that
 * the clinic keeps its size.
 */
#define DUPLICATES	5
#define DUPLICATES_MIN	40
#define ACCENTED_COPIES 3

/* name without its accents, each word's first letter upper case ("Ángel" → "Angel"). */
static void ascii_name(const char *name, char *out, size_t size)
{
	size_t n = 0;

	while (*name && n + 5 < size) {
		size_t len = 1;
		char base[8];

		if ((unsigned char)*name < 0x80) {
			out[n++] = *name++;
			continue;
		}
		while ((name[len] & 0xc0) == 0x80)
			len++;
		memcpy(base, name, len < sizeof(base) ? len : sizeof(base) - 1);
		base[len < sizeof(base) ? len : sizeof(base) - 1] = '\0';
		cl_text_fold_name(base, base, sizeof(base));
		if (strlen(base) == 1) {
			bool first = n == 0 || out[n - 1] == ' ' || out[n - 1] == '-';

			out[n++] = first && base[0] >= 'a' && base[0] <= 'z' ? (char)(base[0] - 32)
									     : base[0];
		} else {
			memcpy(out + n, name, len);
			n += len;
		}
		name += len;
	}
	out[n] = '\0';
}

/* A Latin letter with an accent (U+00C0-U+017F: lead bytes C3-C5) in s? */
static bool has_accent(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xc3 && (unsigned char)*s <= 0xc5)
			return true;
	return false;
}

/* Any other letter than ASCII and accented Latin (a name in another script)? */
static bool has_other_script(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 &&
		    !((unsigned char)*s >= 0xc3 && (unsigned char)*s <= 0xc5) &&
		    ((unsigned char)*s & 0xc0) != 0x80)
			return true;
	return false;
}

static int add_duplicates(struct cl_db *db, long first, long count, struct cl_error *err)
{
	static const char sources_sql[] =
		"SELECT given_name, family_name, birth_date, phone FROM patient"
		" WHERE mrn BETWEEN ?1 AND ?2 AND status = 'active' ORDER BY mrn";
	static const char update_sql[] =
		"UPDATE patient SET given_name = ?1, family_name = ?2, birth_date = ?3,"
		" phone = ?4 WHERE mrn = ?5";
	struct {
		char given[96], family[96], birth[CL_DATE_LEN], phone[32];
	} src[DUPLICATES];
	int accented = 0, plain = 0, rc, step;
	char lo[32], hi[32], mrn[32];
	sqlite3_stmt *st;

	if (count < DUPLICATES_MIN)
		return CL_OK;
	snprintf(lo, sizeof(lo), "MRN%07ld", first);
	snprintf(hi, sizeof(hi), "MRN%07ld", first + count - DUPLICATES - 1);
	if (!(st = cl_db_stmt(db, sources_sql, err)))
		return err ? err->code : CL_EIO;
	if ((rc = cl_db_bind_text(st, 1, lo, err)) || (rc = cl_db_bind_text(st, 2, hi, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && accented + plain < DUPLICATES) {
		char given[96], family[96];
		bool accent;
		int k;

		cl_db_column_text(st, 0, given, sizeof(given));
		cl_db_column_text(st, 1, family, sizeof(family));
		accent = has_accent(given) || has_accent(family);
		if (!accent && (has_other_script(given) || has_other_script(family)))
			continue;
		if (accent ? accented == ACCENTED_COPIES : plain == DUPLICATES - ACCENTED_COPIES)
			continue;
		k = accent ? accented++ : ACCENTED_COPIES + plain++;
		if (accent) {
			ascii_name(given, src[k].given, sizeof(src[k].given));
			ascii_name(family, src[k].family, sizeof(src[k].family));
			src[k].phone[0] = '\0';
		} else {
			snprintf(src[k].given, sizeof(src[k].given), "%s", given);
			snprintf(src[k].family, sizeof(src[k].family), "%s", family);
			cl_db_column_text(st, 3, src[k].phone, sizeof(src[k].phone));
		}
		cl_db_column_text(st, 2, src[k].birth, sizeof(src[k].birth));
	}
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc || accented < ACCENTED_COPIES || plain < DUPLICATES - ACCENTED_COPIES)
		return rc;

	if ((rc = cl_db_begin(db, err)))
		return rc;
	if (!(st = cl_db_stmt(db, update_sql, err))) {
		rc = err ? err->code : CL_EIO;
		goto fail;
	}
	for (int k = 0; k < DUPLICATES; k++) {
		snprintf(mrn, sizeof(mrn), "MRN%07ld", first + count - DUPLICATES + k);
		if ((rc = cl_db_bind_text(st, 1, src[k].given, err)) ||
		    (rc = cl_db_bind_text(st, 2, src[k].family, err)) ||
		    (rc = cl_db_bind_text(st, 3, src[k].birth, err)) ||
		    (rc = cl_db_bind_text(st, 4, src[k].phone, err)) ||
		    (rc = cl_db_bind_text(st, 5, mrn, err)))
			goto fail;
		rc = sqlite3_step(st) == SQLITE_DONE ? CL_OK : cl_db_error(db, err);
		sqlite3_reset(st);
		if (rc)
			goto fail;
	}
	if ((rc = cl_audit_log(db, CL_AUDIT_IMPORT, "patient", NULL, err)))
		goto fail;
	return cl_db_commit(db, err);
fail:
	if (st)
		sqlite3_reset(st);
	cl_db_rollback(db);
	return rc;
}

int cl_demo_generate(struct cl_db *db, const struct cl_demo_options *opt, struct cl_error *err)
{
	struct inserter ins;
	struct clinic c;
	struct rng r;
	long done = 0, cache = 0;
	unsigned long run_seed;
	int rc;

	cl_error_clear(err);
	if (!opt || opt->patients < 0)
		return cl_error_field(err, CL_EINVAL, "patients",
				      "patient count must be 0 or more");
	clinic_init(&c);
	if ((rc = first_mrn(db, &c.mrn_next, err)))
		return rc;
	if (opt->patients > MRN_LAST - c.mrn_next + 1)
		return cl_error_field(err, CL_EINVAL, "patients",
				      "not enough demo MRNs left for %ld more patients",
				      opt->patients);
	rng_seed(&r, (uint64_t)opt->seed, (uint64_t)c.mrn_next);
	run_seed = c.mrn_next == MRN_FIRST ? opt->seed
					   : opt->seed ^ (unsigned long)(c.mrn_next * 0x9e3779b9UL);
	cl_date_today(c.today);
	if ((rc = inserter_open(db, &ins, err)))
		goto out;
	if ((rc = add_care_managers(db, &r, &c, err)))
		goto out;
	cache_grow(db, &cache);
	while (done < opt->patients) {
		long count = opt->patients - done < BATCH_ROWS ? opt->patients - done : BATCH_ROWS;

		if ((rc = add_batch(db, &r, &c, &ins, c.mrn_next + done, count, err)))
			goto out;
		done += count;
		if (opt->progress)
			opt->progress(done, opt->patients, opt->progress_arg);
	}
out:
	cache_restore(db, cache);
	inserter_close(db, &ins);
	if (!rc)
		rc = add_duplicates(db, c.mrn_next, opt->patients, err);
	/* A re-run keys the other generators' streams by its first MRN too (fresh ids). */
	if (!rc)
		rc = cl_demo_referrals(db, run_seed, NULL, err);
	if (!rc)
		rc = cl_demo_screening(db, run_seed, NULL, err);
	/*
	 * Care plans (about ten rows a patient) for the first CAREPLAN_MAX patients without
	 * one, like the screenings' cap: a million-patient demo stays quick to make, and the
	 * worklist benchmark fills every patient through cl_demo_careplan itself.
	 */
	if (!rc)
		rc = cl_demo_careplan_max(db, run_seed, CAREPLAN_MAX, NULL, NULL, NULL, err);
	/* Case notes on the first NOTES_MAX active patients without any (a sprinkle). */
	if (!rc)
		rc = cl_demo_notes(db, run_seed, NOTES_MAX, NULL, err);
	/* Behavioral health: the registry's stories and a few PHQ-9s and GAD-7s. */
	if (!rc)
		rc = cl_demo_behavioral(db, run_seed, NULL, err);
	if (!rc)
		rc = cl_demo_consent(db, err);
	return rc;
}
