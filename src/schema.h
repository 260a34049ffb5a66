/* The schema SQL, embedded at build time by schema/embed.sh (src/schema_sql.c). */
#ifndef CL_SCHEMA_H
#define CL_SCHEMA_H

/* One migration: name is "NNN_what.sql"; NNN is the user_version it brings the file to. */
struct cl_schema_file {
	const char *name;
	const char *sql;
};

extern const struct cl_schema_file cl_schema_files[];
extern const int cl_schema_file_count;

#endif
