/* Roster import: a CSV export (Eventbrite, pretix, Hi.Events, Attendize, or any sheet with a
 * name column) into the attendees table, in one transaction. Main thread or a command. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

struct fold;
struct store;

#define ROSTER_MAX_BYTES ((size_t)256 << 20)
/* The longest name, email or other field a row may have, in bytes: far past any real one, and
 * short enough to draw on a badge and the screen. */
#define ROSTER_MAX_FIELD 500

struct roster_options {
	const char *path;
	const char *const *maps; /* "COLUMN=field" overrides */
	int map_count;
	bool dry_run;  /* do everything, then roll back */
	bool skip_bad; /* import the good rows even if some are bad */
	bool progress; /* show progress on stderr for large files */
};

struct roster_report {
	int rows, added, updated, unchanged, refused;
};

/* Imports a roster. Every problem is one line on `errs` naming FILE:LINE or the option.
 * Returns ERROR_NONE on success; ERROR_BAD_INPUT or ERROR_TOO_LARGE for a file at fault
 * (nothing changed unless skip_bad); ERROR_FAILED when the store failed (nothing changed). */
enum error_code roster_import(struct store *st, struct fold *fold, const struct roster_options *opt,
			      struct roster_report *report, FILE *errs);
