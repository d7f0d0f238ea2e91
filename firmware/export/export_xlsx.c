/* The export's workbook, attendees.xlsx, through libxlsxwriter: the same rows as the CSVs, with
 * types a spreadsheet needs no guessing for (times as date-times in local time, badge codes
 * as text), a frozen header row, an autofilter, columns as wide as their text, and a link from
 * each photo to its file. Every text is written as a string cell, never as a formula, so a name
 * that starts with = stays a name. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "export-private.h"
#include "i18n.h"
#include "store.h"
#include "store_people.h"
#include "store_print.h"

#define MAX_COLUMNS 12

struct sheet {
	lxw_worksheet *ws;
	lxw_format *time_fmt;
	int row, columns, links;
	double width[MAX_COLUMNS];
	bool ok;
};

struct book {
	lxw_workbook *wb;
	lxw_format *header, *time_fmt;
	const struct plan *plan;
	struct sheet *cur;
};

/* Characters, as a column's width counts them. */
static double text_width(const char *s)
{
	double n = 0;
	for (; *s; s++) {
		n += ((unsigned char)*s & 0xC0) != 0x80;
	}
	return n;
}

static void widen(struct sheet *s, int col, double chars)
{
	if (col < MAX_COLUMNS && chars + 2 > s->width[col]) {
		s->width[col] = chars + 2 > 60 ? 60 : chars + 2;
	}
}

static void text(struct sheet *s, int col, const char *v)
{
	if (!v || !*v) {
		return;
	}
	char cut[32768];
	snprintf(cut, sizeof(cut), "%s", v); /* a cell holds at most 32767 characters */
	s->ok = s->ok && worksheet_write_string(s->ws, (lxw_row_t)s->row, (lxw_col_t)col, cut,
						NULL) == LXW_NO_ERROR;
	widen(s, col, text_width(cut));
}

static void number(struct sheet *s, int col, double v)
{
	s->ok = s->ok && worksheet_write_number(s->ws, (lxw_row_t)s->row, (lxw_col_t)col, v,
						NULL) == LXW_NO_ERROR;
	char digits[32];
	widen(s, col, (double)snprintf(digits, sizeof(digits), "%.0f", v));
}

/* "2026-11-28T09:14:03Z" as a date-time in the kiosk's local time. */
static void when(struct sheet *s, int col, const char *utc_iso)
{
	struct tm tm = {0};
	if (!utc_iso || sscanf(utc_iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			       &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		text(s, col, utc_iso);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	lxw_datetime dt = {.year = local.tm_year + 1900,
			   .month = local.tm_mon + 1,
			   .day = local.tm_mday,
			   .hour = local.tm_hour,
			   .min = local.tm_min,
			   .sec = local.tm_sec};
	s->ok = s->ok && worksheet_write_datetime(s->ws, (lxw_row_t)s->row, (lxw_col_t)col, &dt,
						  s->time_fmt) == LXW_NO_ERROR;
	widen(s, col, 19);
}

/* A link to a file of the export, relative to the workbook, showing its path. Written as a
 * plain relative URI ("photos/x.jpg"): libxlsxwriter's "external:" form turns it into a Windows
 * path with backslashes, which other systems do not follow. A sheet holds at most 65,530
 * links; past 65,000 the path is plain text. */
static void file_link(struct sheet *s, int col, const char *rel)
{
	if (!rel || !*rel) {
		return;
	}
	if (s->links++ >= 65000) {
		text(s, col, rel);
		return;
	}
	s->ok = s->ok && worksheet_write_url_opt(s->ws, (lxw_row_t)s->row, (lxw_col_t)col, rel,
						 NULL, rel, NULL) == LXW_NO_ERROR;
	widen(s, col, text_width(rel));
}

static struct sheet sheet_new(struct book *b, const char *name, const char *const *headers, int n)
{
	/* the sheet's and the columns' names in the event's language */
	struct sheet s = {.ws = workbook_add_worksheet(b->wb, _(name)),
			  .time_fmt = b->time_fmt,
			  .columns = n,
			  .ok = true};
	s.ok = s.ws != NULL;
	for (int i = 0; i < n && s.ok; i++) {
		s.ok = worksheet_write_string(s.ws, 0, (lxw_col_t)i, _(headers[i]), b->header) ==
		       LXW_NO_ERROR;
		widen(&s, i, text_width(_(headers[i])) + 2); /* room for the filter's button */
	}
	return s;
}

static bool sheet_done(struct sheet *s)
{
	if (!s->ok) {
		return false;
	}
	for (int i = 0; i < s->columns; i++) {
		worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, s->width[i], NULL);
	}
	worksheet_freeze_panes(s->ws, 1, 0);
	return worksheet_autofilter(s->ws, 0, 0, (lxw_row_t)(s->row > 0 ? s->row : 1),
				    (lxw_col_t)(s->columns - 1)) == LXW_NO_ERROR;
}

static void attendee(void *ctx, const struct store_attendee_row *r)
{
	struct book *b = ctx;
	struct sheet *s = b->cur;
	char photos[4096], badge[128];
	export_attendee_files(b->plan, r->id, photos, badge);
	s->row++;
	const char *cells[] = {r->name,         r->first, r->last,   r->email,
			       r->organization, r->job,   r->ticket, r->badge};
	for (int i = 0; i < 8; i++) {
		text(s, i, cells[i]);
	}
	text(s, 8, r->walk_in ? _("yes") : _("no"));
	if (r->checked_in[0]) {
		when(s, 9, r->checked_in);
	}
	text(s, 10, photos);
	file_link(s, 11, badge);
}

static void checkin(void *ctx, const struct store_checkin_event *r)
{
	struct book *b = ctx;
	struct sheet *s = b->cur;
	s->row++;
	when(s, 0, r->at);
	text(s, 1, r->action);
	text(s, 2, r->name);
	text(s, 3, r->badge);
	text(s, 4, r->kiosk);
}

static void photos(struct book *b, struct store *st, struct sheet *s)
{
	for (size_t i = 0; i < b->plan->count; i++) {
		const struct item *it = &b->plan->items[i];
		char file[160];
		int64_t sheets = 0;
		bool strip = strcmp(it->kind, "strip") == 0;
		snprintf(file, sizeof(file), "%s/%s", it->badge ? "badges" : "photos", it->name);
		s->row++;
		file_link(s, 0, file);
		text(s, 1, it->person);
		if (it->number) {
			number(s, 2, (double)it->number);
		}
		if (it->created[0]) {
			when(s, 3, it->created);
		}
		number(s, 4, (double)it->bytes);
		text(s, 5, it->out_sha);
		text(s, 6, it->kind);
		if ((it->badge && store_print_done(st, STORE_PRINT_BADGE, it->attendee, &sheets)) ||
		    (!it->badge && strip &&
		     store_print_done(st, STORE_PRINT_STRIP, it->session, &sheets))) {
			number(s, 7, (double)sheets);
		}
		if (it->kiosk[0]) {
			text(s, 8, it->kiosk);
		}
	}
}

static const char *const state_names[STORE_PRINT_STATE_COUNT] = {
	"queued", "sending", "sent", "printed", "failed", "cancelled", "lost",
};

static void print_row(const struct store_print *p, void *ctx)
{
	struct sheet *s = ctx;
	s->row++;
	text(s, 0, p->kind == STORE_PRINT_BADGE ? "badge" : "strip");
	if (p->session) {
		number(s, 1, (double)p->session);
	}
	if (p->attendee) {
		number(s, 2, (double)p->attendee);
	}
	text(s, 3, p->printer);
	number(s, 4, p->copies);
	text(s, 5, p->reprint ? _("yes") : _("no"));
	text(s, 6, state_names[p->state]);
	if (p->cups_job) {
		number(s, 7, p->cups_job);
	}
	text(s, 8, p->reason);
}

static void count_print(const struct store_print *p, void *ctx)
{
	(*(int *)ctx)++;
}

static bool sheets(struct book *b, struct store *st)
{
	static const char *const ah[] = {N_("Name"),        N_("First name"),   N_("Last name"),
					 N_("Email"),       N_("Organization"), N_("Job title"),
					 N_("Ticket type"), N_("Badge code"),   N_("Walk-in"),
					 N_("Checked in"),  N_("Photos"),       N_("Badge")};
	struct sheet s = sheet_new(b, N_("Attendees"), ah, 12);
	b->cur = &s;
	bool ok = store_each_attendee(st, attendee, b) && sheet_done(&s);

	static const char *const ch[] = {N_("Time"), N_("Action"), N_("Name"), N_("Badge code"),
					 N_("Kiosk")};
	s = sheet_new(b, N_("Check-ins"), ch, 5);
	ok = ok && store_each_checkin_event(st, checkin, b) && sheet_done(&s);

	static const char *const ph[] = {N_("File"), N_("Person"),  N_("Session"),
					 N_("Time"), N_("Size"),    N_("SHA-256"),
					 N_("Kind"), N_("Printed"), N_("Kiosk")};
	s = sheet_new(b, N_("Photos"), ph, 9);
	photos(b, st, &s);
	ok = ok && sheet_done(&s);

	int prints = 0;
	for (int state = 0; ok && state < STORE_PRINT_STATE_COUNT; state++) {
		ok = store_print_each(st, (enum store_print_state)state, count_print, &prints);
	}
	if (ok && prints) {
		static const char *const rh[] = {N_("Kind"),    N_("Session"),  N_("Attendee"),
						 N_("Printer"), N_("Copies"),   N_("Reprint"),
						 N_("State"),   N_("CUPS job"), N_("Reason")};
		s = sheet_new(b, N_("Prints"), rh, 9);
		for (int state = 0; ok && state < STORE_PRINT_STATE_COUNT; state++) {
			ok = store_print_each(st, (enum store_print_state)state, print_row, &s);
		}
		ok = ok && sheet_done(&s);
	}
	return ok;
}

static bool slurp(const char *path, struct membuf *m)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		return false;
	}
	export_mb_open(m);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		fwrite(buf, 1, n, m->f);
	}
	bool ok = !ferror(f);
	fclose(f);
	export_mb_close(m);
	return ok;
}

bool export_xlsx_build(struct store *st, const struct plan *p, struct membuf *m, char *why,
		       size_t whylen)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/gatherbooth-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return false;
	}
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
				    .tmpdir = tmp && *tmp ? (char *)tmp : NULL};
	struct book b = {.wb = workbook_new_opt(path, &opt), .plan = p};
	bool ok = b.wb != NULL;
	snprintf(why, whylen, "%s: cannot be written", path);
	if (ok) {
		b.header = workbook_add_format(b.wb);
		format_set_bold(b.header);
		b.time_fmt = workbook_add_format(b.wb);
		format_set_num_format(b.time_fmt, "yyyy-mm-dd hh:mm:ss");
		ok = sheets(&b, st);
		if (!ok) {
			snprintf(why, whylen, "its rows could not be read or written (%s)",
				 store_errmsg(st));
		}
		lxw_error err = workbook_close(b.wb);
		if (err != LXW_NO_ERROR) {
			snprintf(why, whylen, "%s: %s", path, lxw_strerror(err));
			ok = false;
		}
	}
	if (ok && !slurp(path, m)) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		ok = false;
	}
	unlink(path);
	if (ok) {
		why[0] = '\0';
	}
	return ok;
}
