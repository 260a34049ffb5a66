/*
 * The random stream of the demo's per-table generators (screenings, referrals, care plans):
 * splitmix64, seeded by the caller, so the same seed gives the same rows. Never rand().
 * (The patient generator in demo.c keeps its own xoshiro256** stream.)
 */
#ifndef CL_DEMO_RNG_H
#define CL_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

#include "id.h"

struct cl_demo_rng {
	uint64_t s;
};

static inline uint64_t cl_demo_rng_next(struct cl_demo_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static inline long cl_demo_rng_range(struct cl_demo_rng *r, long lo, long hi)
{
	return lo + (long)(((cl_demo_rng_next(r) >> 32) * (uint64_t)(hi - lo + 1)) >> 32);
}

/* True p times in 100. */
static inline bool cl_demo_rng_percent(struct cl_demo_rng *r, int p)
{
	return cl_demo_rng_range(r, 0, 99) < p;
}

/* An index in [0, n) drawn with the weights w. */
static inline int cl_demo_rng_weighted(struct cl_demo_rng *r, const int *w, int n)
{
	int total = 0, x, i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = (int)cl_demo_rng_range(r, 0, total - 1);
	for (i = 0; i < n - 1 && x >= w[i]; i++)
		x -= w[i];
	return i;
}

/* A record id from two random words, shaped as a version 4 UUID (deterministic). */
static inline void cl_demo_id_from(uint64_t a, uint64_t b, struct cl_id *id)
{
	int i;

	for (i = 0; i < 8; i++) {
		id->bytes[i] = (unsigned char)(a >> (8 * i));
		id->bytes[8 + i] = (unsigned char)(b >> (8 * i));
	}
	id->bytes[6] = (unsigned char)((id->bytes[6] & 0x0f) | 0x40);
	id->bytes[8] = (unsigned char)((id->bytes[8] & 0x3f) | 0x80);
}

/* A record id from the stream. */
static inline void cl_demo_rng_id(struct cl_demo_rng *r, struct cl_id *id)
{
	uint64_t a = cl_demo_rng_next(r), b = cl_demo_rng_next(r);

	cl_demo_id_from(a, b, id);
}

#endif
