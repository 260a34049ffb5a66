/* How the referral screens word a referral's service and its loop-closure due date. */
#ifndef UI_REFERRAL_FMT_H
#define UI_REFERRAL_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "referral.h"

/* The words for a referral's service: "Food insecurity", "Cardiology" (unknown: the code). */
const char *ui_referral_service_name(enum cl_referral_kind kind, const char *service);

/* "OVERDUE 12 d" when overdue (days past due_date as of today), else due_date, into buf. */
void ui_referral_due_text(const char *due_date, bool overdue, const char *today, char *buf,
			  size_t size);

#endif
