/* Inside the export: the plan (what goes where) shared by export.c, which copies the files, and
 * export_docs.c, which writes the spreadsheets, the gallery and the manifest. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct store;

struct item {
	char name[128];     /* file name in the export */
	char src[PATH_MAX]; /* path in the data folder */
	char sha[65];       /* of the data file, from the database */
	int64_t bytes;
	int64_t attendee, session;
	int64_t number; /* the session's number in the event, the same on every kiosk */
	char kiosk[64]; /* the name of the kiosk that took it */
	char person[256];
	char created[32];
	char kind[12]; /* shot, strip, badge, animation */
	bool badge;
	char out_sha[65]; /* of what ends up in the export */
	char thumb_sha[65];
};

struct plan {
	struct item *items;
	size_t count, cap;
	int64_t last_session;
	int in_session;
	const char *data_dir;
};

/* An attendee's exported files: "photos/A photos/B" and "badges/C", or "". */
void export_attendee_files(const struct plan *p, int64_t attendee, char photos[4096],
			   char badge[128]);

/* A document being written in memory. */
struct membuf {
	char *data;
	size_t len;
	FILE *f;
};

void export_mb_open(struct membuf *m); /* aborts on out-of-memory */
void export_mb_close(struct membuf *m);

/* The documents: attendees.csv, checkins.csv, photos.csv (UTF-8 with a BOM, CRLF, RFC 4180,
 * formulas neutralized), index.html, attendees.xlsx, and the manifest of everything. */
#define EXPORT_DOC_COUNT 5
extern const char *const export_doc_names[EXPORT_DOC_COUNT];
/* The spreadsheets, the gallery and the manifest, in memory. */
struct docs {
	struct membuf att, chk, pho, idx, xls, man;
	char xls_error[PATH_MAX + 128]; /* why the workbook was not made, or "" */
};

/* Writes every document for the plan (its files' hashes known). False when the store could not
 * be read; d is to be freed with export_docs_free() either way. */
bool export_docs_build(struct store *st, struct plan *p, struct docs *d);
void export_docs_free(struct docs *d);
/* The workbook of the same rows as the CSVs (export_xlsx.c) into m, assembled in $TMPDIR (or
 * /tmp); false with why set when the store could not be read or the workbook not written. */
bool export_xlsx_build(struct store *st, const struct plan *p, struct membuf *m, char *why,
		       size_t whylen);

/* The documents in export_doc_names' order. */
void export_doc_list(struct docs *d, struct membuf *out[EXPORT_DOC_COUNT]);
