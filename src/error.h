/* Errors the core returns: a status code and a message the caller shows. */
#ifndef CL_ERROR_H
#define CL_ERROR_H

/*
 * A result the caller must look at: ignoring it is a compiler warning, so an error with
 * --enable-werror (GCC and clang; empty for compilers without the attribute).
 */
#if defined(__GNUC__) || defined(__clang__)
#define CL_MUST_CHECK __attribute__((warn_unused_result))
#else
#define CL_MUST_CHECK
#endif

/* Status codes. 0 is success; every core function returns one of these. */
enum cl_status {
	CL_OK = 0,
	CL_EINVAL,    /* bad input: field (and line/column for files) say where */
	CL_ENOTFOUND, /* no such record */
	CL_EEXIST,    /* unique value already taken (e.g. MRN) */
	CL_ECONFLICT, /* someone else changed the record first: message says who and when */
	CL_EBUSY,     /* the database stayed locked past the busy timeout */
	CL_EVERSION,  /* the database was made by a newer careloop */
	CL_ENOTDB,    /* the file is not a careloop database */
	CL_EPERM,     /* file permissions or location refused (e.g. network filesystem) */
	CL_EIO,	      /* SQLite or system failure */
	CL_ENOMEM,
	CL_ECORRUPT, /* integrity or audit-chain check failed */
};

/*
 * Filled by a failing core call. Messages never carry patient data (PHI): they name
 * fields, lines and columns, not values.
 */
struct cl_error {
	int code;
	char message[256];
	char field[32]; /* form or CSV field the error is about, or "" */
	long line;	/* 1-based line of an input file, or 0 */
	int column;	/* 1-based column of an input file, or 0 */
};

/* Reset err to "no error". err may be NULL. */
void cl_error_clear(struct cl_error *err);

/* Set code and a printf-style message; returns code so callers can `return cl_error_set(…)`. */
int cl_error_set(struct cl_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As cl_error_set, and name the field the error is about. */
int cl_error_field(struct cl_error *err, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A short name for a status code ("conflict", "not found", …). */
const char *cl_status_name(int code);

#endif
