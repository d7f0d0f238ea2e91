#include "roster.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "error.h"
#include "store.h"
#include "store_people.h"
#include "textenc.h"
#include "textfile.h"
#include "xalloc.h"
#include "xlsx.h"

enum field {
	F_NAME,
	F_FIRST,
	F_LAST,
	F_EMAIL,
	F_ORG,
	F_JOB,
	F_TICKET,
	F_BADGE,
	F_IGNORE,
	F_COUNT,
};

static const char *const field_names[F_COUNT] = {
	"name",      "first_name",  "last_name", "email",  "organization",
	"job_title", "ticket_type", "badge",     "ignore",
};

/* Column headers of the real exports, lower-cased. */
static const struct {
	const char *header;
	enum field field;
} known[] = {
	{"name", F_NAME},           {"full name", F_NAME},     {"attendee name", F_NAME},
	{"first name", F_FIRST},    {"firstname", F_FIRST},    {"given name", F_FIRST},
	{"last name", F_LAST},      {"lastname", F_LAST},      {"surname", F_LAST},
	{"family name", F_LAST},    {"email", F_EMAIL},        {"e-mail", F_EMAIL},
	{"email address", F_EMAIL}, {"company", F_ORG},        {"organization", F_ORG},
	{"organisation", F_ORG},    {"affiliation", F_ORG},    {"institution", F_ORG},
	{"job title", F_JOB},       {"ticket type", F_TICKET}, {"product", F_TICKET},
};

/* The badge code comes from the first of these that the file has. */
static const char *const badge_columns[] = {
	"barcode",   "barcode #",  "badge",      "code",
	"ticket id", "attendee #", "order code", "reference",
};

struct mapping {
	int column[F_COUNT]; /* -1 = absent */
};

static void lower_trim(const char *in, char *out, size_t outlen)
{
	while (*in == ' ') {
		in++;
	}
	size_t n = 0;
	for (; *in && n + 1 < outlen; in++) {
		out[n++] = (*in >= 'A' && *in <= 'Z') ? (char)(*in + 32) : *in;
	}
	while (n > 0 && out[n - 1] == ' ') {
		n--;
	}
	out[n] = '\0';
}

static int find_column(const struct csv_row *header, const char *want)
{
	for (size_t i = 0; i < header->count; i++) {
		char h[128];
		lower_trim(header->fields[i], h, sizeof(h));
		if (strcmp(h, want) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* Up to 40 bytes of a column name for a message: control characters (a newline in a quoted
 * header) become spaces so the message stays one line, and a cut never splits a character. */
static void printable_name(const char *in, char *out, size_t outlen)
{
	size_t n = 0;
	for (; in[n] && n < 40 && n + 1 < outlen; n++) {
		unsigned char c = (unsigned char)in[n];
		out[n] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	while (n > 0 && in[n] && ((unsigned char)in[n] & 0xC0) == 0x80) {
		n--; /* in[n] continues a character: cut before the character starts */
	}
	out[n] = '\0';
}

static void list_columns(const struct csv_row *header, char *out, size_t outlen)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < header->count && n + 8 < outlen; i++) {
		char name[48];
		printable_name(header->fields[i], name, sizeof(name));
		n += (size_t)snprintf(out + n, outlen - n, "%s\"%s\"", i ? ", " : "", name);
	}
	if (header->count == 0) {
		snprintf(out, outlen, "none");
	}
}

static bool build_mapping(const struct roster_options *opt, const struct csv_row *header,
			  struct mapping *m, FILE *errs)
{
	for (int f = 0; f < F_COUNT; f++) {
		m->column[f] = -1;
	}
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		int c = find_column(header, known[k].header);
		if (c >= 0 && m->column[known[k].field] < 0) {
			m->column[known[k].field] = c;
		}
	}
	for (size_t k = 0; k < sizeof(badge_columns) / sizeof(badge_columns[0]); k++) {
		int c = find_column(header, badge_columns[k]);
		if (c >= 0) {
			m->column[F_BADGE] = c;
			break;
		}
	}
	char cols[2048];
	for (int i = 0; i < opt->map_count; i++) {
		const char *eq = strrchr(opt->maps[i], '=');
		if (!eq || eq == opt->maps[i]) {
			fprintf(errs, "--map %s: expected COLUMN=field\n", opt->maps[i]);
			return false;
		}
		char column[256];
		snprintf(column, sizeof(column), "%.*s", (int)(eq - opt->maps[i]), opt->maps[i]);
		char lc[256];
		lower_trim(column, lc, sizeof(lc));
		int c = find_column(header, lc);
		if (c < 0) {
			list_columns(header, cols, sizeof(cols));
			fprintf(errs, "--map %s: %s has no column \"%s\" (columns: %s)\n",
				opt->maps[i], opt->path, column, cols);
			return false;
		}
		int f = 0;
		while (f < F_COUNT && strcmp(field_names[f], eq + 1) != 0) {
			f++;
		}
		if (f == F_COUNT) {
			fprintf(errs,
				"--map %s: unknown field \"%s\" (name, first_name, last_name, "
				"email, "
				"organization, job_title, ticket_type, badge, ignore)\n",
				opt->maps[i], eq + 1);
			return false;
		}
		/* the column now means only this */
		for (int g = 0; g < F_COUNT; g++) {
			if (m->column[g] == c) {
				m->column[g] = -1;
			}
		}
		if (f != F_IGNORE) {
			m->column[f] = c;
		}
	}
	if (m->column[F_NAME] < 0 && m->column[F_FIRST] < 0 && m->column[F_LAST] < 0) {
		list_columns(header, cols, sizeof(cols));
		fprintf(errs,
			"%s: no name column (looked for Name, Full Name, Attendee name, First "
			"Name, "
			"Last Name; use --map COLUMN=name); columns: %s\n",
			opt->path, cols);
		return false;
	}
	return true;
}

static const char *get(const struct csv_row *row, const struct mapping *m, enum field f)
{
	int c = m->column[f];
	return c >= 0 && (size_t)c < row->count ? row->fields[c] : "";
}

/* Why a row cannot be imported, or NULL. */
static const char *check_row(const struct csv_row *row, size_t header_count,
			     const struct mapping *m, char *buf, size_t buflen)
{
	if (header_count && row->count != header_count) {
		snprintf(buf, buflen, "%zu field%s, but the header has %zu", row->count,
			 row->count == 1 ? "" : "s", header_count);
		return buf;
	}
	for (int f = 0; f < F_IGNORE; f++) {
		size_t n = strlen(get(row, m, (enum field)f));
		if (n > ROSTER_MAX_FIELD) {
			snprintf(buf, buflen, "the %s field is %zu bytes long (at most %d)",
				 field_names[f], n, ROSTER_MAX_FIELD);
			return buf;
		}
	}
	const char *name = get(row, m, F_NAME);
	if (strspn(name, " \t") == strlen(name) &&
	    strspn(get(row, m, F_FIRST), " \t") == strlen(get(row, m, F_FIRST)) &&
	    strspn(get(row, m, F_LAST), " \t") == strlen(get(row, m, F_LAST))) {
		return "no name";
	}
	return NULL;
}

/* One import: the file, its header kept (the reader reuses its row), and the mapping. */
struct import {
	const struct roster_options *opt;
	char *data; /* the text, as UTF-8 */
	size_t len;
	struct xlsx_sheet *sheet;   /* or the workbook's sheet */
	size_t body;                /* the sheet's first row after the header */
	char where[PATH_MAX + 160]; /* "FILE:" or "FILE:SHEET!": before a row's number */
	char **hdr;
	size_t header_count;
	struct mapping map;
	int good;
};

static void import_finish(struct import *im)
{
	for (size_t i = 0; i < im->header_count; i++) {
		free(im->hdr[i]);
	}
	free(im->hdr);
	free(im->data);
	xlsx_free(im->sheet);
}

/* The rows after the header, from the text or the sheet alike. */
struct cursor {
	struct import *im;
	struct csv_reader *csv;
	size_t next;
	char **cells;
};

static void cursor_open(struct import *im, struct cursor *c)
{
	*c = (struct cursor){.im = im, .next = im->body};
	if (!im->sheet) {
		char err[PATH_MAX + 256];
		struct csv_row row;
		c->csv = csv_open(im->data, im->len, 0);
		csv_next(c->csv, &row, err, sizeof(err)); /* the header */
	} else {
		c->cells = xcalloc(im->header_count + 1, sizeof(char *));
	}
}

static void cursor_close(struct cursor *c)
{
	csv_close(c->csv);
	free(c->cells);
}

/* A sheet's row is as wide as the header: a missing cell is empty, and a value under no
 * header belongs to no field. */
static enum csv_status cursor_next(struct cursor *c, struct csv_row *row, char *err, size_t len)
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

static bool is_name_header(const char *cell, const struct roster_options *opt)
{
	char h[128];
	lower_trim(cell, h, sizeof(h));
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		if (known[k].field <= F_LAST && strcmp(h, known[k].header) == 0) {
			return true;
		}
	}
	for (int i = 0; i < opt->map_count; i++) {
		const char *eq = strrchr(opt->maps[i], '=');
		char column[256], lc[256];
		snprintf(column, sizeof(column), "%.*s", eq ? (int)(eq - opt->maps[i]) : 0,
			 opt->maps[i]);
		lower_trim(column, lc, sizeof(lc));
		if (eq && lc[0] && strcmp(h, lc) == 0) {
			return true;
		}
	}
	return false;
}

/* A sheet's header: the first of its first 20 rows with a name column (above it, a title may
 * sit), else its first row. A header cell merged down over rows below (a group title over its
 * columns) makes the lowest of those rows the header. */
static size_t sheet_header(const struct import *im)
{
	const struct xlsx_sheet *s = im->sheet;
	size_t h = 0;
	bool found = false;
	for (size_t i = 0; i < s->count && i < 20 && !found; i++) {
		for (size_t k = 0; k < s->rows[i].count && !found; k++) {
			found = s->rows[i].cells[k] && is_name_header(s->rows[i].cells[k], im->opt);
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

static void keep_header(struct import *im, const struct csv_row *row)
{
	im->header_count = row->count;
	im->hdr = xcalloc(row->count ? row->count : 1, sizeof(char *));
	for (size_t i = 0; i < row->count; i++) {
		im->hdr[i] = xstrdup(row->fields[i] ? row->fields[i] : "");
	}
}

static enum error_code read_sheet(struct import *im, FILE *errs)
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
static void encoding_note(struct import *im, const struct textenc_result *t, FILE *errs)
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

static enum error_code read_text(struct import *im, FILE *errs)
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

/* Reads the file and its header and maps the columns. */
static enum error_code import_header(struct import *im, FILE *errs)
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
	if (code != ERROR_NONE) {
		return code;
	}
	struct csv_row header = {.line = 1, .count = im->header_count, .fields = im->hdr};
	if (!build_mapping(im->opt, &header, &im->map, errs)) {
		return ERROR_BAD_INPUT;
	}
	struct roster_preview *pv = im->opt->preview;
	for (int f = 0; pv && f < ROSTER_FIELDS; f++) {
		int c = im->map.column[f];
		printable_name(c >= 0 ? im->hdr[c] : "", pv->columns[f], sizeof(pv->columns[f]));
	}
	return ERROR_NONE;
}

static struct person_in person_of(const struct csv_row *row, const struct mapping *m);

static void preview_row(struct roster_preview *pv, const struct csv_row *row,
			const struct mapping *m)
{
	if (!pv || pv->sample_count >= ROSTER_PREVIEW_ROWS) {
		return;
	}
	struct person_in in = person_of(row, m);
	struct roster_sample *s = &pv->sample[pv->sample_count++];
	if (in.name[0]) {
		snprintf(s->name, sizeof(s->name), "%s", in.name);
	} else {
		snprintf(s->name, sizeof(s->name), "%s%s%s", in.first_name,
			 in.first_name[0] && in.last_name[0] ? " " : "", in.last_name);
	}
	snprintf(s->email, sizeof(s->email), "%s", in.email);
	snprintf(s->organization, sizeof(s->organization), "%s", in.organization);
	snprintf(s->badge, sizeof(s->badge), "%s", in.badge_code);
	/* one line each on a screen: a line break in a cell shows as a space */
	char *fields[] = {s->name, s->email, s->organization, s->badge};
	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		for (char *c = fields[f]; *c; c++) {
			*c = (unsigned char)*c < 0x20 || *c == 0x7f ? ' ' : *c;
		}
	}
}

/* Pass 1: every bad row, found before anything is touched. */
static enum error_code import_check(struct import *im, struct roster_report *report, FILE *errs)
{
	char err[PATH_MAX + 256];
	struct cursor c;
	cursor_open(im, &c);
	struct csv_row row;
	enum csv_status cs;
	size_t width = im->sheet ? 0 : im->header_count;
	struct roster_preview *pv = im->opt->preview;
	while ((cs = cursor_next(&c, &row, err, sizeof(err))) != CSV_END) {
		char why[128];
		const char *bad = cs == CSV_ERROR
					  ? err + strcspn(err, ":") + 2
					  : check_row(&row, width, &im->map, why, sizeof(why));
		if (bad) {
			fprintf(errs, "%s%d: %s\n", im->where, row.line, bad);
			if (pv && !pv->first_bad[0]) {
				snprintf(pv->first_bad, sizeof(pv->first_bad), "%d: %s", row.line,
					 bad);
			}
			report->refused++;
		} else {
			preview_row(pv, &row, &im->map);
			im->good++;
		}
	}
	cursor_close(&c);
	report->rows = im->good + report->refused;
	if (report->refused && !im->opt->skip_bad) {
		fprintf(errs, "%s: %d bad row(s); nothing imported (fix them, or --skip-bad)\n",
			im->opt->path, report->refused);
		return ERROR_BAD_INPUT;
	}
	return ERROR_NONE;
}

static struct person_in person_of(const struct csv_row *row, const struct mapping *m)
{
	return (struct person_in){
		.name = get(row, m, F_NAME),
		.first_name = get(row, m, F_FIRST),
		.last_name = get(row, m, F_LAST),
		.email = get(row, m, F_EMAIL),
		.organization = get(row, m, F_ORG),
		.job_title = get(row, m, F_JOB),
		.ticket_type = get(row, m, F_TICKET),
		.badge_code = get(row, m, F_BADGE),
	};
}

/* Pass 2: the good rows, inside the caller's transaction. False with a line on errs. */
static bool import_rows(struct import *im, struct store *st, struct fold *fold,
			struct roster_report *report, FILE *errs)
{
	char err[PATH_MAX + 256];
	struct cursor c;
	cursor_open(im, &c);
	struct csv_row row;
	enum csv_status cs;
	size_t width = im->sheet ? 0 : im->header_count;
	bool show = im->opt->progress && im->good > 10000;
	int done = 0;
	bool ok = true;
	while (ok && (cs = cursor_next(&c, &row, err, sizeof(err))) != CSV_END) {
		char why[128];
		if (cs == CSV_ERROR || check_row(&row, width, &im->map, why, sizeof(why))) {
			continue;
		}
		struct person_in in = person_of(&row, &im->map);
		enum store_upsert res;
		int64_t id;
		if (!store_person_upsert(st, fold, &in, &res, &id)) {
			fprintf(errs, "%s%d: cannot store the row: %s; nothing imported\n",
				im->where, row.line, store_errmsg(st));
			ok = false;
			break;
		}
		report->added += res == STORE_ADDED;
		report->updated += res == STORE_UPDATED;
		report->unchanged += res == STORE_UNCHANGED;
		if (show && ++done % 5000 == 0) {
			fprintf(stderr, "\rImporting: %d of %d rows", done, im->good);
		}
	}
	if (ok && show) {
		fprintf(stderr, "\rImporting: %d of %d rows\n", im->good, im->good);
	}
	cursor_close(&c);
	return ok;
}

static enum error_code import_store(struct import *im, struct store *st, struct fold *fold,
				    struct roster_report *report, FILE *errs)
{
	const char *path = im->opt->path;
	if (!store_begin(st)) {
		fprintf(errs, "%s: cannot start the import: %s\n", path, store_errmsg(st));
		return ERROR_FAILED;
	}
	if (!import_rows(im, st, fold, report, errs)) {
		store_rollback(st);
		memset(report, 0, sizeof(*report));
		return ERROR_FAILED;
	}
	char detail[160];
	snprintf(detail, sizeof(detail), "%d added, %d updated, %d unchanged, %d refused",
		 report->added, report->updated, report->unchanged, report->refused);
	if (im->opt->dry_run) {
		store_rollback(st);
		return ERROR_NONE;
	}
	if (!store_event(st, "import", path, detail) || !store_commit(st)) {
		fprintf(errs, "%s: the import could not be committed: %s; nothing imported\n", path,
			store_errmsg(st));
		store_rollback(st);
		return ERROR_FAILED;
	}
	return ERROR_NONE;
}

enum error_code roster_import(struct store *st, struct fold *fold, const struct roster_options *opt,
			      struct roster_report *report, FILE *errs)
{
	memset(report, 0, sizeof(*report));
	struct import im = {.opt = opt};
	enum error_code code = import_header(&im, errs);
	if (code == ERROR_NONE) {
		code = import_check(&im, report, errs);
	}
	if (code == ERROR_NONE) {
		code = import_store(&im, st, fold, report, errs);
	}
	import_finish(&im);
	return code;
}
