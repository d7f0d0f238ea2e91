/* A roster file read: text decoded to UTF-8 whatever Excel saved it as, or an Excel
 * workbook's sheet with its header found below any title; then its rows, the same way for
 * both. */
#include <stdlib.h>
#include <string.h>

#include "roster-private.h"
#include "textenc.h"
#include "textfile.h"
#include "xalloc.h"
#include "xlsx.h"

void roster_run_finish(struct roster_run *im)
{
	for (size_t i = 0; i < im->header_count; i++) {
		free(im->hdr[i]);
	}
	free(im->hdr);
	free(im->data);
	xlsx_free(im->sheet);
}

void roster_cursor_open(struct roster_run *im, struct roster_cursor *c)
{
	*c = (struct roster_cursor){.im = im, .next = im->body};
	if (!im->sheet) {
		char err[PATH_MAX + 256];
		struct csv_row row;
		c->csv = csv_open(im->data, im->len, 0);
		csv_next(c->csv, &row, err, sizeof(err)); /* the header */
	} else {
		c->cells = xcalloc(im->header_count + 1, sizeof(char *));
	}
}

void roster_cursor_close(struct roster_cursor *c)
{
	csv_close(c->csv);
	free(c->cells);
}

/* A sheet's row is as wide as the header: a missing cell is empty, and a value under no
 * header belongs to no field. */
enum csv_status roster_cursor_next(struct roster_cursor *c, struct csv_row *row, char *err,
				   size_t len)
{
	if (c->csv) {
		return csv_next(c->csv, row, err, len);
	}
	const struct xlsx_sheet *s = c->im->sheet;
	if (c->next >= s->count) {
		return CSV_END;
	}
	const struct xlsx_row *r = &s->rows[c->next++];
	for (size_t i = 0; i < c->im->header_count; i++) {
		c->cells[i] = (char *)(i < r->count && r->cells[i] ? r->cells[i] : "");
	}
	*row = (struct csv_row){
		.line = r->number, .count = c->im->header_count, .fields = c->cells};
	return CSV_ROW;
}

/* A sheet's header: the first of its first 20 rows with a name column (above it, a title may
 * sit), else its first row. A header cell merged down over rows below (a group title over its
 * columns) makes the lowest of those rows the header. */
static size_t sheet_header(const struct roster_run *im)
{
	const struct xlsx_sheet *s = im->sheet;
	size_t h = 0;
	bool found = false;
	for (size_t i = 0; i < s->count && i < 20 && !found; i++) {
		for (size_t k = 0; k < s->rows[i].count && !found; k++) {
			found = s->rows[i].cells[k] &&
				roster_is_name_header(s->rows[i].cells[k], im->opt);
			h = found ? i : h;
		}
	}
	int last = s->rows[h].number;
	for (size_t k = 0; k < s->merge_count; k++) {
		const struct xlsx_merge *m = &s->merges[k];
		if (m->first_row == s->rows[h].number && m->last_row > last &&
		    m->last_row <= m->first_row + 5) {
			last = m->last_row;
		}
	}
	while (h + 1 < s->count && s->rows[h + 1].number <= last) {
		h++;
	}
	return h;
}

static void keep_header(struct roster_run *im, const struct csv_row *row)
{
	im->header_count = row->count;
	im->hdr = xcalloc(row->count ? row->count : 1, sizeof(char *));
	for (size_t i = 0; i < row->count; i++) {
		im->hdr[i] = xstrdup(row->fields[i] ? row->fields[i] : "");
	}
}

static enum error_code read_sheet(struct roster_run *im, FILE *errs)
{
	const char *path = im->opt->path;
	if (im->opt->encoding) {
		fprintf(errs,
			"--encoding %s: %s is an Excel workbook, which says its own encoding; "
			"leave --encoding out\n",
			im->opt->encoding, path);
		return ERROR_BAD_INPUT;
	}
	struct error e;
	im->sheet = xlsx_read(im->data, im->len, im->opt->sheet, &e);
	if (!im->sheet) {
		fprintf(errs, "%s: %s\n", path, e.message);
		return e.code;
	}
	char ref[300];
	xlsx_sheet_ref(im->sheet, ref, sizeof(ref));
	snprintf(im->where, sizeof(im->where), "%s:%s!", path, ref);
	if (im->opt->preview) {
		snprintf(im->opt->preview->sheet, sizeof(im->opt->preview->sheet), "%s",
			 im->sheet->name);
	}
	if (im->sheet->count == 0) {
		fprintf(errs, "%s:%s: an empty sheet: no header row\n", path, ref);
		return ERROR_BAD_INPUT;
	}
	size_t h = sheet_header(im);
	const struct xlsx_row *r = &im->sheet->rows[h];
	char **cells = xcalloc(r->count, sizeof(char *));
	for (size_t i = 0; i < r->count; i++) {
		cells[i] = (char *)(r->cells[i] ? r->cells[i] : "");
	}
	keep_header(im, &(struct csv_row){.line = r->number, .count = r->count, .fields = cells});
	free(cells);
	im->body = h + 1;
	return ERROR_NONE;
}

/* How a text file was read, when it was not UTF-8: a note for the person importing. */
static void encoding_note(struct roster_run *im, const struct textenc_result *t, FILE *errs)
{
	const char *path = im->opt->path;
	char note[sizeof(((struct roster_preview *)0)->note)];
	if (t->encoding == TEXTENC_WINDOWS1252) {
		snprintf(note, sizeof(note),
			 "read as Windows-1252 (Excel's \"CSV (Comma delimited)\"); names with "
			 "letters outside Western Europe may be wrong: \"CSV UTF-8\" keeps every "
			 "name");
	} else if (t->encoding == TEXTENC_UTF16LE || t->encoding == TEXTENC_UTF16BE) {
		snprintf(note, sizeof(note), "read as UTF-16 (Excel's \"Unicode Text\")");
	} else if (t->encoding == TEXTENC_NAMED) {
		snprintf(note, sizeof(note), "read as %s", im->opt->encoding);
	} else {
		return;
	}
	fprintf(errs, "%s: %s\n", path, note);
	if (im->opt->preview) {
		snprintf(im->opt->preview->note, sizeof(im->opt->preview->note), "%s", note);
	}
}

static enum error_code read_text(struct roster_run *im, FILE *errs)
{
	const char *path = im->opt->path;
	if (im->opt->sheet) {
		fprintf(errs,
			"--sheet %s: %s is a text file, which has no sheets; leave --sheet "
			"out\n",
			im->opt->sheet, path);
		return ERROR_BAD_INPUT;
	}
	struct textenc_result t;
	if (!textenc_decode(im->data, im->len, im->opt->encoding, &t)) {
		if (t.bad_line == 0) {
			fprintf(errs, "--encoding %s: %s\n", im->opt->encoding, t.error);
		} else if (im->opt->encoding) {
			fprintf(errs, "%s:%d: %s; is --encoding right?\n", path, t.bad_line,
				t.error);
		} else {
			fprintf(errs,
				"%s:%d: neither UTF-8 nor Windows-1252 nor UTF-16, so it cannot be "
				"read as text; save it from the spreadsheet as \"CSV UTF-8\", or "
				"name its encoding with --encoding\n",
				path, t.bad_line);
		}
		return ERROR_BAD_INPUT;
	}
	free(im->data);
	im->data = t.text;
	im->len = t.len;
	encoding_note(im, &t, errs);
	snprintf(im->where, sizeof(im->where), "%s:", path);

	char err[PATH_MAX + 256];
	struct csv_reader *r = csv_open(im->data, im->len, 0);
	struct csv_row row;
	enum csv_status cs = csv_next(r, &row, err, sizeof(err));
	if (cs == CSV_END) {
		fprintf(errs, "%s: empty file: no header line\n", path);
	} else if (cs == CSV_ERROR) {
		fprintf(errs, "%s:%s\n", path, err + 5); /* "line N: x" -> "FILE:N: x" */
	} else {
		keep_header(im, &row);
	}
	csv_close(r);
	return im->hdr ? ERROR_NONE : ERROR_BAD_INPUT;
}

/* Reads the file and its header. */
enum error_code roster_read(struct roster_run *im, FILE *errs)
{
	const char *path = im->opt->path;
	struct error e;
	im->data = textfile_read(path, ROSTER_MAX_BYTES, &im->len, &e);
	if (!im->data) {
		if (e.code == ERROR_TOO_LARGE) {
			fprintf(errs,
				"%s: larger than 256 MB, too big for a roster; split the file\n",
				path);
		} else {
			fprintf(errs, "%s\n", e.message);
		}
		return e.code == ERROR_TOO_LARGE ? ERROR_TOO_LARGE : ERROR_BAD_INPUT;
	}
	enum error_code code =
		xlsx_looks_binary(im->data, im->len) ? read_sheet(im, errs) : read_text(im, errs);
	return code;
}
