/*
 * The practice's staff: the care managers (OS logins) with their roles and whether they
 * may still open the database. Roles and what each may do are data (staff_role, schema
 * 016); the user's own role is read at open (db.h, cl_db_user_may). Only a supervisor
 * manages staff, or the database file's owner while no active supervisor exists. A person
 * is deactivated, never deleted: their name stays on what they did.
 */
#ifndef CL_STAFF_H
#define CL_STAFF_H

#include <stdbool.h>

#include "db.h"
#include "error.h"
#include "id.h"

struct cl_staff {
	struct cl_id id;
	char login[64];
	char display_name[96];
	char role[16];	     /* "coordinator", "supervisor", "readonly" (staff_role.code) */
	char role_label[32]; /* "Coordinator", … */
	bool active;
	long long open_tasks; /* open tasks assigned to them */
	long long patients;   /* active patients they are care manager of */
};

/*
 * Everyone on the staff, active first, by name. *rows is allocated (free with free());
 * *n gets the count. Anyone may list.
 */
int cl_staff_list(struct cl_db *db, struct cl_staff **rows, int *n, struct cl_error *err);

/* One person by login: CL_ENOTFOUND when there is none. */
int cl_staff_get(struct cl_db *db, const char *login, struct cl_staff *out, struct cl_error *err);

/* Is role a staff role (staff_role.code)? */
bool cl_staff_role_known(struct cl_db *db, const char *role);

/*
 * Add login with display_name and role (NULL: coordinator), active. CL_EPERM unless the
 * user manages staff; CL_EINVAL for a bad login, an empty name or an unknown role;
 * CL_EEXIST when the login is on the staff already. Audited.
 */
int cl_staff_add(struct cl_db *db, const char *login, const char *display_name, const char *role,
		 struct cl_error *err);

/* Give login another role. Same refusals as cl_staff_add; CL_ENOTFOUND. Audited. */
int cl_staff_set_role(struct cl_db *db, const char *login, const char *role, struct cl_error *err);

/*
 * Deactivate (active false) or activate login. A deactivated person cannot open the
 * database and their open tasks show as unassigned until reassigned; nothing is deleted.
 * Nobody deactivates themselves (CL_EINVAL). Audited.
 */
int cl_staff_set_active(struct cl_db *db, const char *login, bool active, struct cl_error *err);

#endif
