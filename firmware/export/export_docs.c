/* The export's documents: the spreadsheets, the offline gallery and the manifest, written in
 * memory from the plan and the store. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "export-private.h"
#include "export.h"
#include "i18n.h"
#include "names.h"
#include "store.h"
#include "store_people.h"
#include "store_print.h"
#include "timefmt.h"

const char *const export_doc_names[EXPORT_DOC_COUNT] = {
	"attendees.csv", "checkins.csv", "photos.csv", "index.html", "attendees.xlsx"};

struct csv_ctx {
	struct membuf *m;
	struct plan *plan;
};

void export_neutralize(const char *in, char *out, size_t outlen)
{
	bool risky = in[0] == '=' || in[0] == '+' || in[0] == '-' || in[0] == '@' ||
		     in[0] == '\t' || in[0] == '\r';
	snprintf(out, outlen, "%s%s", risky ? "'" : "", in);
}

void export_mb_open(struct membuf *m)
{
	m->data = NULL;
	m->len = 0;
	m->f = open_memstream(&m->data, &m->len);
	if (!m->f) {
		abort();
	}
}

void export_mb_close(struct membuf *m)
{
	fclose(m->f);
	m->f = NULL;
}

static void csv_row(struct membuf *m, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		char safe[2048];
		export_neutralize(cells[i] ? cells[i] : "", safe, sizeof(safe));
		if (i) {
			fputc(',', m->f);
		}
		csv_write_field(m->f, safe, ',');
	}
	fputs("\r\n", m->f);
}

void export_attendee_files(const struct plan *p, int64_t attendee, char photos[4096],
			   char badge[128])
{
	photos[0] = badge[0] = '\0';
	for (size_t i = 0; i < p->count; i++) {
		const struct item *it = &p->items[i];
		if (it->attendee != attendee) {
			continue;
		}
		if (it->badge) {
			snprintf(badge, 128, "badges/%s", it->name);
		} else {
			size_t n = strlen(photos);
			snprintf(photos + n, 4096 - n, "%sphotos/%s", n ? " " : "", it->name);
		}
	}
}

static void attendee_row(void *ctx, const struct store_attendee_row *r)
{
	struct csv_ctx *c = ctx;
	char photos[4096], badge[128], when[48] = "";
	export_attendee_files(c->plan, r->id, photos, badge);
	if (r->checked_in[0]) {
		timefmt_local(r->checked_in, false, when, sizeof(when));
	}
	const char *cells[] = {r->name,   r->first,        r->last,
			       r->email,  r->organization, r->job,
			       r->ticket, r->badge,        r->walk_in ? _("yes") : _("no"),
			       when,      photos,          badge};
	csv_row(c->m, cells, (int)(sizeof(cells) / sizeof(cells[0])));
}

static void checkin_row(void *ctx, const struct store_checkin_event *r)
{
	struct csv_ctx *c = ctx;
	char when[48];
	timefmt_local(r->at, false, when, sizeof(when));
	const char *cells[] = {when, r->action, r->name, r->badge, r->kiosk};
	csv_row(c->m, cells, 5);
}

/* Escapes text for HTML into out. */
static void html(const char *in, char *out, size_t outlen)
{
	size_t n = 0;
	for (; *in && n + 7 < outlen; in++) {
		const char *rep = *in == '&'    ? "&amp;"
				  : *in == '<'  ? "&lt;"
				  : *in == '>'  ? "&gt;"
				  : *in == '"'  ? "&quot;"
				  : *in == '\'' ? "&#39;"
						: NULL;
		if (rep) {
			n += (size_t)snprintf(out + n, outlen - n, "%s", rep);
		} else {
			out[n++] = *in;
		}
	}
	out[n] = '\0';
}

static void lower_ascii(char *s)
{
	for (; *s; s++) {
		*s = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	}
}

/* People first, in the order they first appear, each with every photo and the badge. */

/* A photo in the gallery: its thumbnail, linking to it. A boomerang's GIF is shown itself
 * (browsers play it) and its WebP, the same boomerang, is not shown twice. Names are FAT-safe
 * slugs (export.c): nothing in them to escape. */
static void photo_link(FILE *f, const struct item *o, const char *alt)
{
	if (strcmp(o->kind, "animation") == 0) {
		const char *dot = strrchr(o->name, '.');
		if (dot && strcmp(dot, ".gif") == 0) {
			fprintf(f,
				"<a href=\"photos/%s\"><img src=\"photos/%s\" alt=\"%s\" "
				"loading=\"lazy\"></a>\n",
				o->name, o->name, alt);
		}
		return;
	}
	/* a photo that did not decode has no thumbnail: a link to it, never a broken picture */
	if (!o->thumb_sha[0]) {
		char words[128];
		html(_("no preview"), words, sizeof(words));
		fprintf(f, "<a href=\"photos/%s\">%s (<span data-t=\"nopreview\">%s</span>)</a>\n",
			o->name, o->name, words);
		return;
	}
	fprintf(f,
		"<a href=\"photos/%s\"><img src=\"thumbs/%s\" alt=\"%s\" loading=\"lazy\"></a>\n",
		o->name, o->name, alt);
}

/* Whether item i is the first of its person's photos (badges: first_badge), which places the
 * person's section: by their first photo, then those with a badge alone, so that the gallery
 * reads the same on every kiosk whatever badges each has made. */
static bool opens_section(const struct plan *p, size_t i, bool badges)
{
	const struct item *it = &p->items[i];
	if (!it->attendee || it->badge != badges) {
		return false;
	}
	for (size_t k = 0; k < p->count; k++) {
		const struct item *o = &p->items[k];
		if (o->attendee == it->attendee && (!o->badge || badges) && k != i &&
		    (k < i || (badges && !o->badge))) {
			return false;
		}
	}
	return true;
}

static void gallery_people(struct membuf *m, struct plan *p)
{
	for (size_t n = 0; n < 2 * p->count; n++) {
		size_t i = n % p->count;
		struct item *it = &p->items[i];
		if (!opens_section(p, i, n >= p->count)) {
			continue;
		}
		char esc[512], key[256], esc_key[512];
		html(it->person, esc, sizeof(esc));
		snprintf(key, sizeof(key), "%s", it->person);
		lower_ascii(key);
		html(key, esc_key, sizeof(esc_key));
		fprintf(m->f, "<section data-name=\"%s\">\n<h2>%s</h2>\n", esc_key, esc);
		for (size_t k = i; k < p->count; k++) {
			struct item *o = &p->items[k];
			if (o->attendee != it->attendee) {
				continue;
			}
			if (o->badge) {
				char words[128];
				html(_("Badge"), words, sizeof(words));
				fprintf(m->f,
					"<p><a href=\"badges/%s\" data-t=\"badge\">%s</a></p>\n",
					o->name, words);
			} else {
				photo_link(m->f, o, esc);
			}
		}
		fputs("</section>\n", m->f);
	}
}

/* Then the walk-up sessions, by date. */
static void gallery_walkups(struct membuf *m, struct plan *p)
{
	for (size_t i = 0; i < p->count; i++) {
		struct item *it = &p->items[i];
		if (it->attendee || it->badge) {
			continue;
		}
		bool first = true;
		for (size_t k = 0; first && k < i; k++) {
			struct item *o = &p->items[k];
			first = o->attendee || o->badge || strncmp(o->name, it->name, 10) != 0;
		}
		if (!first) {
			continue;
		}
		char day[16], heading[192], words[384];
		snprintf(day, sizeof(day), "%.10s", it->name);
		snprintf(heading, sizeof(heading), _("Photo booth, %s"), day);
		html(heading, words, sizeof(words));
		fprintf(m->f,
			"<section data-name=\"photo booth %s\">\n<h2 data-t=\"booth_day\" "
			"data-arg=\"%s\">%s</h2>\n",
			day, day, words);
		html(_("Photo booth"), words, sizeof(words));
		for (size_t k = i; k < p->count; k++) {
			struct item *o = &p->items[k];
			if (!o->attendee && !o->badge && strncmp(o->name, it->name, 10) == 0) {
				photo_link(m->f, o, words);
			}
		}
		fputs("</section>\n", m->f);
	}
}

/* A JSON string, safe inside a <script> */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\') {
			fprintf(f, "\\%c", *s);
		} else if (*s == '<') {
			fputs("\\u003c", f);
		} else if ((unsigned char)*s < 0x20) {
			fprintf(f, "\\u%04x", (unsigned char)*s);
		} else {
			fputc(*s, f);
		}
	}
	fputc('"', f);
}

/* The page's words in every language the kiosk speaks, for the browser to choose from. */
static void gallery_words(FILE *f)
{
	static const struct {
		const char *key, *msgid;
	} words[] = {
		{"photos", N_("Photos")},
		{"search", N_("Search by name")},
		{"badge", N_("Badge")},
		{"nopreview", N_("no preview")},
		{"booth_day", N_("Photo booth, %s")},
	};
	fputs("const T = {", f);
	for (int l = 0; i18n_languages[l].code; l++) {
		i18n_set_language(i18n_languages[l].code);
		fprintf(f, "%s\n  \"%s\": {", l ? "," : "", i18n_languages[l].code);
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			fprintf(f, "%s\"%s\": ", i ? ", " : "", words[i].key);
			json_string(f, _(words[i].msgid));
		}
		fputc('}', f);
	}
	i18n_set_language(""); /* the event's again */
	fputs("};\n", f);
}

static void gallery(struct membuf *m, struct plan *p)
{
	char title[128], search[256];
	html(_("Photos"), title, sizeof(title));
	html(_("Search by name"), search, sizeof(search));
	fprintf(m->f,
		"<!doctype html>\n<html lang=\"%s\">\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>%s</title>\n<style>\n"
		"body{font-family:sans-serif;background:#111418;color:#F4F1EA;margin:2em}\n"
		"input{font-size:1.2em;padding:.4em;width:20em;max-width:90%%}\n"
		"section{margin:1.5em 0}h2{margin:.2em 0;color:#F2A900}p{margin:.2em "
		"0;color:#B8B4AC}\n"
		"img{height:200px;margin:4px;border:2px solid #F4F1EA;background:#fff}\n"
		"a{color:#F4F1EA}\n</style>\n"
		"<h1 data-t=\"photos\">%s</h1>\n"
		"<input id=\"q\" type=\"search\" placeholder=\"%s\" data-tp=\"search\" "
		"autofocus>\n",
		i18n_language(), title, title, search);
	gallery_people(m, p);
	gallery_walkups(m, p);
	/* the page in the browser's language when the kiosk speaks it (the event's otherwise) */
	fputs("<script>\n", m->f);
	gallery_words(m->f);
	fputs("const lang = (navigator.languages || [navigator.language])\n"
	      "  .map(l => (l || '').slice(0, 2).toLowerCase()).find(l => T[l]);\n"
	      "if (lang) {\n"
	      "  document.documentElement.lang = lang;\n"
	      "  document.title = T[lang].photos;\n"
	      "  for (const e of document.querySelectorAll('[data-t]'))\n"
	      "    e.textContent = T[lang][e.dataset.t].replace('%s', e.dataset.arg || '');\n"
	      "  for (const e of document.querySelectorAll('[data-tp]'))\n"
	      "    e.placeholder = T[lang][e.dataset.tp];\n"
	      "}\n",
	      m->f);
	fputs(""
	      "const fold = s => s.toLowerCase().normalize('NFD').replace(/[\\u0300-\\u036f]/g, "
	      "'');\n"
	      "document.getElementById('q').addEventListener('input', e => {\n"
	      "  const q = fold(e.target.value);\n"
	      "  for (const s of document.querySelectorAll('section'))\n"
	      "    s.hidden = !fold(s.dataset.name).includes(q);\n"
	      "});\n"
	      "</script>\n</html>\n",
	      m->f);
}

/* "Printed": sheets of a strip, or badges, that came out of a printer; "" for shots. */
static void printed(struct store *st, const struct item *it, char *out, size_t outlen)
{
	int64_t n = 0;
	bool strip = strcmp(it->kind, "strip") == 0;
	out[0] = '\0';
	if ((it->badge && store_print_done(st, STORE_PRINT_BADGE, it->attendee, &n)) ||
	    (!it->badge && strip && store_print_done(st, STORE_PRINT_STRIP, it->session, &n))) {
		snprintf(out, outlen, "%lld", (long long)n);
	}
}

/* A document's first row: its columns' names, in the event's language. */
static void header_row(struct membuf *m, const char *const *names, int n)
{
	const char *cells[16];
	for (int i = 0; i < n && i < 16; i++) {
		cells[i] = _(names[i]);
	}
	csv_row(m, cells, n < 16 ? n : 16);
}

static void photos_csv(struct store *st, struct membuf *m, const struct plan *p)
{
	export_mb_open(m);
	fputs("\xEF\xBB\xBF", m->f);
	const char *ph[] = {N_("File"),    N_("Person"), N_("Session"), N_("Time"), N_("Size"),
			    N_("SHA-256"), N_("Kind"),   N_("Printed"), N_("Kiosk")};
	header_row(m, ph, 9);
	for (size_t i = 0; i < p->count; i++) {
		const struct item *it = &p->items[i];
		char file[160], session[32], when[48], size[32], sheets[32];
		printed(st, it, sheets, sizeof(sheets));
		snprintf(file, sizeof(file), "%s/%s", it->badge ? "badges" : "photos", it->name);
		snprintf(session, sizeof(session), "%lld", (long long)it->number);
		when[0] = '\0';
		if (it->created[0]) {
			timefmt_local(it->created, false, when, sizeof(when));
		}
		snprintf(size, sizeof(size), "%lld", (long long)it->bytes);
		const char *cells[] = {file,     it->person, it->number ? session : "",
				       when,     size,       it->out_sha,
				       it->kind, sheets,     it->kiosk};
		csv_row(m, cells, 9);
	}
	export_mb_close(m);
}

static bool people_csvs(struct store *st, struct plan *p, struct docs *d)
{
	export_mb_open(&d->att);
	fputs("\xEF\xBB\xBF", d->att.f);
	const char *ah[] = {N_("Name"),        N_("First name"),   N_("Last name"),
			    N_("Email"),       N_("Organization"), N_("Job title"),
			    N_("Ticket type"), N_("Badge code"),   N_("Walk-in"),
			    N_("Checked in"),  N_("Photos"),       N_("Badge")};
	header_row(&d->att, ah, 12);
	struct csv_ctx cc = {.m = &d->att, .plan = p};
	bool ok = store_each_attendee(st, attendee_row, &cc);
	export_mb_close(&d->att);
	export_mb_open(&d->chk);
	fputs("\xEF\xBB\xBF", d->chk.f);
	const char *ch[] = {N_("Time"), N_("Action"), N_("Name"), N_("Badge code"), N_("Kiosk")};
	header_row(&d->chk, ch, 5);
	cc.m = &d->chk;
	ok = ok && store_each_checkin_event(st, checkin_row, &cc);
	export_mb_close(&d->chk);
	return ok;
}

static void manifest(struct docs *d, const struct plan *p, struct membuf *const *listed,
		     const char *const *names, size_t n)
{
	export_mb_open(&d->man);
	for (size_t i = 0; i < p->count; i++) {
		const struct item *it = &p->items[i];
		fprintf(d->man.f, "%s  %s/%s\n", it->out_sha, it->badge ? "badges" : "photos",
			it->name);
		if (!it->badge && it->thumb_sha[0]) {
			fprintf(d->man.f, "%s  thumbs/%s\n", it->thumb_sha, it->name);
		}
	}
	for (size_t i = 0; i < n; i++) {
		char sha[65];
		names_sha256_hex(listed[i]->data, listed[i]->len, sha);
		fprintf(d->man.f, "%s  %s\n", sha, names[i]);
	}
	export_mb_close(&d->man);
}

void export_docs_free(struct docs *d)
{
	free(d->att.data), free(d->chk.data), free(d->pho.data), free(d->idx.data);
	free(d->xls.data);
	free(d->man.data);
}

void export_doc_list(struct docs *d, struct membuf *out[EXPORT_DOC_COUNT])
{
	out[0] = &d->att, out[1] = &d->chk, out[2] = &d->pho, out[3] = &d->idx;
	out[4] = &d->xls;
}

bool export_docs_build(struct store *st, struct plan *p, struct docs *d)
{
	bool ok = people_csvs(st, p, d);
	photos_csv(st, &d->pho, p);
	export_mb_open(&d->idx);
	gallery(&d->idx, p);
	export_mb_close(&d->idx);
	ok = ok && export_xlsx_build(st, p, &d->xls, d->xls_error, sizeof(d->xls_error));
	if (ok) {
		struct membuf *list[EXPORT_DOC_COUNT];
		export_doc_list(d, list);
		manifest(d, p, list, export_doc_names, EXPORT_DOC_COUNT);
	}
	return ok;
}
