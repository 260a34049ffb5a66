#include "config.h"

#include <stdio.h>

#include "date.h"
#include "org.h"
#include "referral_fmt.h"

const char *ui_referral_service_name(enum cl_referral_kind kind, const char *service)
{
	return kind == CL_REFERRAL_SPECIALTY ? cl_specialty_name(service) : cl_domain_name(service);
}

void ui_referral_due_text(const char *due_date, bool overdue, const char *today, char *buf,
			  size_t size)
{
	if (overdue && cl_date_valid(due_date) && cl_date_valid(today))
		snprintf(buf, size, "OVERDUE %ld d", cl_date_days(today) - cl_date_days(due_date));
	else
		snprintf(buf, size, "%s", due_date);
}
