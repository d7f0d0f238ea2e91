/* Inside the roster import: shared by roster.c (column maps, checks, the two passes, the store)
 * and roster_read.c (the file read as text in its encoding, or as a workbook's sheet, and its
 * rows after the header either way). */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "csv.h"
#include "error.h"
#include "roster.h"

struct xlsx_sheet;

enum roster_field {
	ROSTER_F_NAME,
	ROSTER_F_FIRST,
	ROSTER_F_LAST,
	ROSTER_F_EMAIL,
	ROSTER_F_ORG,
	ROSTER_F_JOB,
	ROSTER_F_TICKET,
	ROSTER_F_BADGE,
	ROSTER_F_IGNORE,
	ROSTER_F_COUNT,
};

struct roster_map {
	int column[ROSTER_F_COUNT]; /* -1 = absent */
};

/* One import: the file, its header kept (the reader reuses its row), and the mapping. */
struct roster_run {
	const struct roster_options *opt;
	char *data; /* the text, as UTF-8 */
	size_t len;
	struct xlsx_sheet *sheet;   /* or the workbook's sheet */
	size_t body;                /* the sheet's first row after the header */
	char where[PATH_MAX + 160]; /* "FILE:" or "FILE:SHEET!": before a row's number */
	char **hdr;
	size_t header_count;
	struct roster_map map;
	int good;
};

/* The rows after the header, from the text or the sheet alike. */
struct roster_cursor {
	struct roster_run *im;
	struct csv_reader *csv;
	size_t next;
	char **cells;
};

/* roster.c: whether a header cell names a person's name column (or one --map names). */
bool roster_is_name_header(const char *cell, const struct roster_options *opt);

/* roster_read.c */
/* Reads the file: decoded to UTF-8 text, or its sheet read, and the header row kept.
 * ERROR_NONE, or the failure's kind with one line on errs. */
enum error_code roster_read(struct roster_run *im, FILE *errs);
void roster_run_finish(struct roster_run *im);
void roster_cursor_open(struct roster_run *im, struct roster_cursor *c);
/* The next row after the header; a sheet's row as wide as the header. */
enum csv_status roster_cursor_next(struct roster_cursor *c, struct csv_row *row, char *err,
				   size_t len);
void roster_cursor_close(struct roster_cursor *c);
