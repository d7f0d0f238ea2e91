#include "roster.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "error.h"
#include "roster-private.h"
#include "store.h"
#include "store_people.h"
#include "xalloc.h"

static const char *const field_names[ROSTER_F_COUNT] = {
	"name",      "first_name",  "last_name", "email",  "organization",
	"job_title", "ticket_type", "badge",     "ignore",
};

/* Column headers of the real exports, lower-cased. */
static const struct {
	const char *header;
	enum roster_field field;
} known[] = {
	{"name", ROSTER_F_NAME},           {"full name", ROSTER_F_NAME},
	{"attendee name", ROSTER_F_NAME},  {"first name", ROSTER_F_FIRST},
	{"firstname", ROSTER_F_FIRST},     {"given name", ROSTER_F_FIRST},
	{"last name", ROSTER_F_LAST},      {"lastname", ROSTER_F_LAST},
	{"surname", ROSTER_F_LAST},        {"family name", ROSTER_F_LAST},
	{"email", ROSTER_F_EMAIL},         {"e-mail", ROSTER_F_EMAIL},
	{"email address", ROSTER_F_EMAIL}, {"company", ROSTER_F_ORG},
	{"organization", ROSTER_F_ORG},    {"organisation", ROSTER_F_ORG},
	{"affiliation", ROSTER_F_ORG},     {"institution", ROSTER_F_ORG},
	{"job title", ROSTER_F_JOB},       {"ticket type", ROSTER_F_TICKET},
	{"product", ROSTER_F_TICKET},
};

/* The badge code comes from the first of these that the file has. */
static const char *const badge_columns[] = {
	"barcode",   "barcode #",  "badge",      "code",
	"ticket id", "attendee #", "order code", "reference",
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

bool roster_is_name_header(const char *cell, const struct roster_options *opt)
{
	char h[128];
	lower_trim(cell, h, sizeof(h));
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		if (known[k].field <= ROSTER_F_LAST && strcmp(h, known[k].header) == 0) {
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

static bool build_mapping(const struct roster_options *opt, const struct csv_row *header,
			  struct roster_map *m, FILE *errs)
{
	for (int f = 0; f < ROSTER_F_COUNT; f++) {
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
			m->column[ROSTER_F_BADGE] = c;
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
		while (f < ROSTER_F_COUNT && strcmp(field_names[f], eq + 1) != 0) {
			f++;
		}
		if (f == ROSTER_F_COUNT) {
			fprintf(errs,
				"--map %s: unknown field \"%s\" (name, first_name, last_name, "
				"email, "
				"organization, job_title, ticket_type, badge, ignore)\n",
				opt->maps[i], eq + 1);
			return false;
		}
		/* the column now means only this */
		for (int g = 0; g < ROSTER_F_COUNT; g++) {
			if (m->column[g] == c) {
				m->column[g] = -1;
			}
		}
		if (f != ROSTER_F_IGNORE) {
			m->column[f] = c;
		}
	}
	if (m->column[ROSTER_F_NAME] < 0 && m->column[ROSTER_F_FIRST] < 0 &&
	    m->column[ROSTER_F_LAST] < 0) {
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

static const char *get(const struct csv_row *row, const struct roster_map *m, enum roster_field f)
{
	int c = m->column[f];
	return c >= 0 && (size_t)c < row->count ? row->fields[c] : "";
}

/* Why a row cannot be imported, or NULL. */
static const char *check_row(const struct csv_row *row, size_t header_count,
			     const struct roster_map *m, char *buf, size_t buflen)
{
	if (header_count && row->count != header_count) {
		snprintf(buf, buflen, "%zu field%s, but the header has %zu", row->count,
			 row->count == 1 ? "" : "s", header_count);
		return buf;
	}
	for (int f = 0; f < ROSTER_F_IGNORE; f++) {
		size_t n = strlen(get(row, m, (enum roster_field)f));
		if (n > ROSTER_MAX_FIELD) {
			snprintf(buf, buflen, "the %s field is %zu bytes long (at most %d)",
				 field_names[f], n, ROSTER_MAX_FIELD);
			return buf;
		}
	}
	const char *name = get(row, m, ROSTER_F_NAME);
	if (strspn(name, " \t") == strlen(name) &&
	    strspn(get(row, m, ROSTER_F_FIRST), " \t") == strlen(get(row, m, ROSTER_F_FIRST)) &&
	    strspn(get(row, m, ROSTER_F_LAST), " \t") == strlen(get(row, m, ROSTER_F_LAST))) {
		return "no name";
	}
	return NULL;
}

/* Reads the file and its header and maps the columns. */
static enum error_code import_header(struct roster_run *im, FILE *errs)
{
	enum error_code code = roster_read(im, errs);
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

static struct person_in person_of(const struct csv_row *row, const struct roster_map *m);

static void preview_row(struct roster_preview *pv, const struct csv_row *row,
			const struct roster_map *m)
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
static enum error_code import_check(struct roster_run *im, struct roster_report *report, FILE *errs)
{
	char err[PATH_MAX + 256];
	struct roster_cursor c;
	roster_cursor_open(im, &c);
	struct csv_row row;
	enum csv_status cs;
	size_t width = im->sheet ? 0 : im->header_count;
	struct roster_preview *pv = im->opt->preview;
	while ((cs = roster_cursor_next(&c, &row, err, sizeof(err))) != CSV_END) {
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
	roster_cursor_close(&c);
	report->rows = im->good + report->refused;
	if (report->refused && !im->opt->skip_bad) {
		fprintf(errs, "%s: %d bad row(s); nothing imported (fix them, or --skip-bad)\n",
			im->opt->path, report->refused);
		return ERROR_BAD_INPUT;
	}
	return ERROR_NONE;
}

static struct person_in person_of(const struct csv_row *row, const struct roster_map *m)
{
	return (struct person_in){
		.name = get(row, m, ROSTER_F_NAME),
		.first_name = get(row, m, ROSTER_F_FIRST),
		.last_name = get(row, m, ROSTER_F_LAST),
		.email = get(row, m, ROSTER_F_EMAIL),
		.organization = get(row, m, ROSTER_F_ORG),
		.job_title = get(row, m, ROSTER_F_JOB),
		.ticket_type = get(row, m, ROSTER_F_TICKET),
		.badge_code = get(row, m, ROSTER_F_BADGE),
	};
}

/* Pass 2: the good rows, inside the caller's transaction. False with a line on errs. */
static bool import_rows(struct roster_run *im, struct store *st, struct fold *fold,
			struct roster_report *report, FILE *errs)
{
	char err[PATH_MAX + 256];
	struct roster_cursor c;
	roster_cursor_open(im, &c);
	struct csv_row row;
	enum csv_status cs;
	size_t width = im->sheet ? 0 : im->header_count;
	bool show = im->opt->progress && im->good > 10000;
	int done = 0;
	bool ok = true;
	while (ok && (cs = roster_cursor_next(&c, &row, err, sizeof(err))) != CSV_END) {
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
	roster_cursor_close(&c);
	return ok;
}

static enum error_code import_store(struct roster_run *im, struct store *st, struct fold *fold,
				    struct roster_report *report, FILE *errs)
{
	const char *path = im->opt->path;
	if (!store_begin(st)) {
		fprintf(errs, "%s: cannot start the import: %s\n", path, store_errmsg(st));
		return ERROR_FAILED;
	}
	store_roster_begin(st); /* a version of the guest list, which its facts name */
	if (!import_rows(im, st, fold, report, errs)) {
		store_roster_end(st, path, 0, false);
		store_rollback(st);
		memset(report, 0, sizeof(*report));
		return ERROR_FAILED;
	}
	char detail[160];
	snprintf(detail, sizeof(detail), "%d added, %d updated, %d unchanged, %d refused",
		 report->added, report->updated, report->unchanged, report->refused);
	bool changed = report->added || report->updated;
	if (im->opt->dry_run) {
		store_roster_end(st, path, 0, false);
		store_rollback(st);
		return ERROR_NONE;
	}
	if (!store_roster_end(st, path, im->good, changed) ||
	    !store_event(st, "import", path, detail) || !store_commit(st)) {
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
	struct roster_run im = {.opt = opt};
	enum error_code code = import_header(&im, errs);
	if (code == ERROR_NONE) {
		code = import_check(&im, report, errs);
	}
	if (code == ERROR_NONE) {
		code = import_store(&im, st, fold, report, errs);
	}
	roster_run_finish(&im);
	return code;
}
