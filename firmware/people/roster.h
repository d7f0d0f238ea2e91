/* Roster import: a guest list exported from Eventbrite, pretix, Hi.Events, Attendize or any
 * sheet with a name column, into the attendees table, in one transaction. Read as a CSV or
 * tab-separated text in UTF-8, UTF-16 (Excel's "Unicode Text") or Windows-1252 (Excel's "CSV
 * (Comma delimited)"), or as an Excel workbook (.xlsx, xlsx.h). One thread per store
 * connection: a command, or the kiosk's background worker. */
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

/* The fields a column can map to, in this order: name, first_name, last_name, email,
 * organization, job_title, ticket_type, badge. */
#define ROSTER_FIELDS 8
#define ROSTER_PREVIEW_ROWS 5

struct roster_sample {
	char name[128], email[96], organization[96], badge[48];
};

/* What an import would do, for a person to confirm before anything is stored. */
struct roster_preview {
	char note[320];                  /* how the file was read, or "" */
	char sheet[128];                 /* a workbook's sheet, or "" for text */
	char columns[ROSTER_FIELDS][64]; /* the column each field comes from, or "" */
	int sample_count;
	struct roster_sample sample[ROSTER_PREVIEW_ROWS]; /* the first good rows */
	char first_bad[256]; /* the first refused row's reason, "ROW: why", or "" */
};

struct roster_options {
	const char *path;
	const char *sheet;              /* a workbook's sheet by name; NULL: the first */
	const char *encoding;           /* a text file's encoding (ICU's names); NULL: guessed */
	struct roster_preview *preview; /* filled when not NULL */
	const char *const *maps;        /* "COLUMN=field" overrides */
	int map_count;
	bool dry_run;  /* do everything, then roll back */
	bool skip_bad; /* import the good rows even if some are bad */
	bool progress; /* show progress on stderr for large files */
};

struct roster_report {
	int rows, added, updated, unchanged, refused;
};

/* Imports a roster. Every problem is one line on `errs` naming FILE:LINE (FILE:SHEET!ROW in a
 * workbook) or the option; how a text file that is not UTF-8 was read is a line there too.
 * Returns ERROR_NONE on success; ERROR_BAD_INPUT or ERROR_TOO_LARGE for a file at fault
 * (nothing changed unless skip_bad); ERROR_FAILED when the store failed (nothing changed). */
enum error_code roster_import(struct store *st, struct fold *fold, const struct roster_options *opt,
			      struct roster_report *report, FILE *errs);
