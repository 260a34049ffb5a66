/*
 * The field engine (field.h) on a record of its own: every kind read and set as text, the
 * checks, validation of a whole record, and the statements, binding and reading it makes
 * from the table over a real table in an in-memory database.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "db.h"
#include "field.h"
#include "record.h"

enum colour { RED, GREEN };

struct pet {
	struct cl_id id;
	char name[16];
	char born[CL_DATE_LEN];
	enum colour colour;
	char size[8];
	long legs;
	bool tame;
	struct cl_id owner;
	char fed_at[17];
	char keeper[32];
	char notes[64];
	char tag[8]; /* not stored by the engine */
};

static const char *const colours[] = { "red", "green", NULL };
static const char *const sizes[] = { "S", "M", "L", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };

/* Upper-cases; refuses a "!" to show that a normalizer's reason names the field. */
static const char *shout(const void *rec, const char *in, char *out, size_t size)
{
	size_t i;

	(void)rec;
	if (strchr(in, '!'))
		return "may not shout";
	for (i = 0; in[i] && i + 1 < size; i++)
		out[i] = in[i] >= 'a' && in[i] <= 'z' ? (char)(in[i] - 32) : in[i];
	out[i] = '\0';
	return NULL;
}

#define AT(member) CL_FIELD_AT(struct pet, member), .column = #member

static const struct cl_field pet_fields[] = {
	{ "name", "Name", CL_FIELD_TEXT, 15, true, NULL, AT(name), .normalize = shout },
	{ "born", "Born", CL_FIELD_DATE, 10, false, NULL, AT(born),
	  .normalize = cl_field_past_date },
	{ "colour", "Colour", CL_FIELD_ENUM, 7, true, colours, AT(colour) },
	{ "size", "Size", CL_FIELD_CHOICE, 1, false, sizes, AT(size) },
	{ "legs", "Legs", CL_FIELD_INT, 2, true, NULL, AT(legs), .min = 0, .max = 8 },
	{ "tame", "Tame", CL_FIELD_YESNO, 3, true, yes_no, AT(tame) },
	{ "owner", "Owner", CL_FIELD_ID, 36, false, NULL, AT(owner) },
	{ "fed_at", "Fed at", CL_FIELD_DATETIME, 16, false, NULL, AT(fed_at) },
	{ "keeper", "Keeper", CL_FIELD_LOGIN, 31, false, NULL, AT(keeper) },
	{ "notes", "Notes", CL_FIELD_TEXT, 63, false, NULL, AT(notes), .multiline = true },
	{ "tag", "Tag", CL_FIELD_TEXT, 7, false, NULL, CL_FIELD_AT(struct pet, tag) },
	{ .key = NULL },
};

static const struct cl_record_type pet_type = {
	.table = "pet",
	.fields = pet_fields,
	.size = sizeof(struct pet),
};

static void pet_init(struct pet *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "REX");
	p->legs = 4;
}

static void set(struct pet *p, const char *key, const char *value)
{
	struct cl_error err = { 0 };

	if (cl_field_set(pet_fields, p, key, value, &err))
		fail_msg("set %s: %s", key, err.message);
}

/* Setting key to value fails on that field with a message that starts with want. */
static void refused(struct pet *p, const char *key, const char *value, const char *want)
{
	struct cl_error err = { 0 };
	struct pet before = *p;

	assert_int_equal(cl_field_set(pet_fields, p, key, value, &err), CL_EINVAL);
	assert_string_equal(err.field, key);
	if (strncmp(err.message, want, strlen(want)) != 0)
		fail_msg("%s: \"%s\", wanted \"%s…\"", key, err.message, want);
	assert_memory_equal(p, &before, sizeof(before));
}

static const char *get(const struct pet *p, const char *key)
{
	static char buf[128];

	assert_int_equal(cl_field_get(pet_fields, p, key, buf, sizeof(buf)), CL_OK);
	return buf;
}

static void test_kinds(void **state)
{
	struct pet p;

	(void)state;
	setenv("CARELOOP_TODAY", "2025-06-01", 1);
	pet_init(&p);
	set(&p, "name", "  fido ");
	assert_string_equal(p.name, "FIDO");
	refused(&p, "name", "fido!", "Name may not shout");
	refused(&p, "name", "", "Name is required");
	refused(&p, "name", "abcdefghijklmnop", "Name is too long");
	refused(&p, "name", "a\x1b[2Jb", "Name has characters that are not allowed");
	refused(&p, "name",
		"a\xe2\x80\xae"
		"b",
		"Name has characters"); /* a bidi override */

	set(&p, "born", "03/07/2020");
	assert_string_equal(p.born, "2020-03-07");
	refused(&p, "born", "2030-01-01", "Born is in the future");
	refused(&p, "born", "2020-02-30", "Born must be a real date");
	set(&p, "born", "");
	assert_string_equal(p.born, "");

	set(&p, "colour", "GREEN");
	assert_int_equal(p.colour, GREEN);
	assert_string_equal(get(&p, "colour"), "green");
	refused(&p, "colour", "blue", "Colour is not one of the choices");
	refused(&p, "colour", "", "Colour is required");
	set(&p, "size", "m");
	assert_string_equal(p.size, "M");

	set(&p, "legs", "8");
	assert_int_equal(p.legs, 8);
	assert_string_equal(get(&p, "legs"), "8");
	refused(&p, "legs", "9", "Legs must be a whole number from 0 to 8");
	refused(&p, "legs", "2x", "Legs must be a whole number");

	set(&p, "tame", "TRUE");
	assert_true(p.tame);
	assert_string_equal(get(&p, "tame"), "yes");
	set(&p, "tame", "0");
	assert_false(p.tame);
	refused(&p, "tame", "maybe", "Tame must be yes or no");

	assert_string_equal(get(&p, "owner"), "");
	set(&p, "owner", "123e4567-e89b-42d3-a456-426614174000");
	assert_string_equal(get(&p, "owner"), "123e4567-e89b-42d3-a456-426614174000");
	refused(&p, "owner", "nobody", "Owner is not a known record");
	set(&p, "owner", "");
	assert_true(cl_id_is_nil(&p.owner));

	set(&p, "fed_at", "2025-05-31 07:05");
	assert_string_equal(p.fed_at, "2025-05-31T07:05");
	refused(&p, "fed_at", "2025-05-31 24:00", "Fed at must be a real date and time");
	set(&p, "keeper", "ana.ruiz");
	refused(&p, "keeper", "ana ruiz", "Keeper is not a valid login");

	/* A multi-line field keeps its lines; a spreadsheet's CR LF becomes LF. */
	set(&p, "notes", "one\r\ntwo\tthree\n");
	assert_string_equal(p.notes, "one\ntwo\tthree");
	refused(&p, "name", "one\ntwo", "Name has characters");

	assert_int_equal(cl_field_get(pet_fields, &p, "nope", NULL, 0), CL_EINVAL);
	refused(&p, "nope", "x", "unknown field");
}

static void test_validate(void **state)
{
	struct cl_error err = { 0 };
	struct pet p;
	const char *keys[16];

	(void)state;
	pet_init(&p);
	assert_int_equal(cl_field_validate(pet_fields, &p, sizeof(p), &err), CL_OK);
	/* Validation works on a copy; normalizing puts the record itself in canonical form. */
	snprintf(p.name, sizeof(p.name), "rex");
	assert_int_equal(cl_field_validate(pet_fields, &p, sizeof(p), &err), CL_OK);
	assert_string_equal(p.name, "rex");
	assert_int_equal(cl_field_normalize(pet_fields, &p, &err), CL_OK);
	assert_string_equal(p.name, "REX");
	/* An enum out of its range is refused for what it is, not read as its first code. */
	p.colour = (enum colour)7;
	assert_int_equal(cl_field_validate(pet_fields, &p, sizeof(p), &err), CL_EINVAL);
	assert_string_equal(err.field, "colour");
	assert_string_equal(err.message, "Colour is not one of the choices");
	p.colour = RED;
	p.legs = 12;
	assert_int_equal(cl_field_validate(pet_fields, &p, sizeof(p), &err), CL_EINVAL);
	assert_string_equal(err.field, "legs");

	/* The keys are the CSV columns, in the table's order. */
	assert_int_equal(cl_field_keys(pet_fields, keys, 16), CL_OK);
	assert_string_equal(keys[0], "name");
	assert_string_equal(keys[10], "tag");
	assert_null(keys[11]);
	assert_int_equal(cl_field_keys(pet_fields, keys, 11), CL_EINVAL);
}

/* Statements made from the table write a record and read the same record back. */
static void test_store(void **state)
{
	static struct cl_field_stmt insert = {
		"INSERT INTO pet (id, {columns}) VALUES (?1, {params})", NULL, ""
	};
	static struct cl_field_stmt update = { "UPDATE pet SET id = ?1, {assign} WHERE id = ?1",
					       NULL, "" };
	/* ?1 first seen after the named parameters would be the first of them: refused. */
	static struct cl_field_stmt wrong = { "UPDATE pet SET {assign} WHERE id = ?1", NULL, "" };
	static struct cl_field_stmt by_id = { "SELECT p.id, {columns} FROM pet p WHERE p.id = ?1",
					      "p.", "" };
	struct cl_error err = { 0 };
	struct cl_db *db;
	struct pet p, q;
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(cl_db_open(":memory:", 0, &db, &err), CL_OK);
	assert_int_equal(sqlite3_exec(cl_db_sqlite(db),
				      "CREATE TABLE pet (id BLOB PRIMARY KEY, name TEXT, born TEXT,"
				      " colour TEXT, size TEXT, legs INTEGER, tame INTEGER,"
				      " owner BLOB, fed_at TEXT, keeper TEXT, notes TEXT)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_null(cl_field_stmt(db, &pet_type, &wrong, &err));
	assert_int_equal(err.code, CL_EINVAL);
	pet_init(&p);
	cl_id_new(&p.id);
	set(&p, "colour", "green");
	set(&p, "size", "L");
	set(&p, "tame", "yes");
	set(&p, "owner", "123e4567-e89b-42d3-a456-426614174000");
	set(&p, "notes", "bites\npostman");
	snprintf(p.tag, sizeof(p.tag), "T-1");

	assert_non_null(st = cl_field_stmt(db, &pet_type, &insert, &err));
	assert_string_equal(insert.sql,
			    "INSERT INTO pet (id, name, born, colour, size, legs, tame, owner,"
			    " fed_at, keeper, notes) VALUES (?1, :name, :born, :colour, :size,"
			    " :legs, :tame, :owner, :fed_at, :keeper, :notes)");
	assert_int_equal(cl_db_bind_id(st, 1, &p.id, &err), CL_OK);
	assert_int_equal(cl_field_bind(&pet_type, st, &p, &err), CL_OK);
	assert_int_equal(cl_record_step(db, st, NULL, NULL, NULL, &err), CL_OK);

	assert_non_null(st = cl_field_stmt(db, &pet_type, &by_id, &err));
	assert_int_equal(cl_db_bind_id(st, 1, &p.id, &err), CL_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	memset(&q, 0, sizeof(q));
	assert_int_equal(cl_field_read(&pet_type, st, 1, &q, &err), CL_OK);
	assert_int_equal(sqlite3_reset(st), SQLITE_OK);
	snprintf(q.tag, sizeof(q.tag), "T-1");
	q.id = p.id;
	assert_memory_equal(&p, &q, sizeof(p));

	/* The same statement object each time: made once, prepared once. */
	assert_ptr_equal(cl_field_stmt(db, &pet_type, &by_id, &err), st);

	set(&p, "legs", "3");
	set(&p, "owner", "");
	assert_non_null(st = cl_field_stmt(db, &pet_type, &update, &err));
	assert_int_equal(cl_db_bind_id(st, 1, &p.id, &err), CL_OK);
	assert_int_equal(cl_field_bind(&pet_type, st, &p, &err), CL_OK);
	assert_int_equal(cl_record_step(db, st, NULL, NULL, NULL, &err), CL_OK);
	assert_non_null(st = cl_field_stmt(db, &pet_type, &by_id, &err));
	assert_int_equal(cl_db_bind_id(st, 1, &p.id, &err), CL_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(st, 7), SQLITE_NULL); /* a nil id is NULL */
	assert_int_equal(cl_field_read(&pet_type, st, 1, &q, &err), CL_OK);
	assert_int_equal(sqlite3_reset(st), SQLITE_OK);
	assert_int_equal(q.legs, 3);
	assert_true(cl_id_is_nil(&q.owner));

	/* A stored code that is not one of the choices is a corrupt record. */
	assert_int_equal(
		sqlite3_exec(cl_db_sqlite(db), "UPDATE pet SET colour = 'blue'", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(cl_db_bind_id(st, 1, &p.id, &err), CL_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(cl_field_read(&pet_type, st, 1, &q, &err), CL_ECORRUPT);
	assert_int_equal(sqlite3_reset(st), SQLITE_OK);
	cl_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
