/* Export for the organizers: everything a laptop needs, with nothing to install. Into OUTDIR:
 *   photos/     every shot and strip, YYYY-MM-DD_HHMMSS_<name-slug or booth>_<n>.jpg (FAT-safe;
 * .png if so stored) badges/     the badge records thumbs/     ~400 px copies for the gallery
 *   attendees.csv, checkins.csv, photos.csv   (UTF-8 with a BOM, CRLF, RFC 4180)
 *   attendees.xlsx   the same rows as a workbook, with prints when there are any
 *   index.html  an offline gallery grouped by person, with a search box
 *   MANIFEST.sha256   for `sha256sum -c`
 * A first export is written into a .partial folder beside OUTDIR, synced and renamed into place;
 * a later one into the same OUTDIR copies only what is new and removes what consent withdrew.
 * Photos whose person withdrew consent are never exported. Reads the data folder only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct export_report {
	int photos, badges; /* in the export */
	int copied;         /* files written this time (photos, badges, thumbnails) */
	int kept;           /* files already there and unchanged */
	int removed;        /* files no longer to be exported */
	int64_t bytes;      /* copied */
};

/* Called after each file with the files done and the total; may be NULL. */
typedef void (*export_progress_fn)(void *ctx, int done, int total);

struct error;
/* True on success. Otherwise false with e: ERROR_BAD_INPUT if OUTDIR is unusable (exists and
 * is not an export), ERROR_FULL when the target filled up, another kind for any other failure
 * while writing; its message is one line. No folder is left under the final name by a first
 * export, and an update keeps its earlier state. */
bool export_run(struct store *st, const char *data_dir, const char *out_dir, export_progress_fn fn,
		void *ctx, struct export_report *report, struct error *e);

/* A spreadsheet cell that starts with = + - @ or a control character gets a leading ' so that
 * Excel and LibreOffice show it as text instead of running it. Into out. */
void export_neutralize(const char *in, char *out, size_t outlen);
