/* Inside printing: shared by print.c (the worker) and print_state.c (what a printer's state
 * means, for guests, staff and `gatherbooth check`). */
#pragma once

#include "config.h"
#include "print.h"
#include "print_cups.h"

static inline const char *printer_of(const struct config *cfg, enum print_role r)
{
	return r == PRINT_STRIPS ? cfg->strip_printer : cfg->badge_printer;
}

/* Fills q's stopped, problem (for staff) and guest line from what cupsd said of a printer. */
void print_describe(const struct print_cups_printer *p, struct print_queue_status *q);
