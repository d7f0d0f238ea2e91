#define _GNU_SOURCE
#include "export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "fileio.h"
#include "names.h"
#include "photo.h"
#include "pngimage.h"
#include "store.h"
#include "store_people.h"
#include "timefmt.h"
#include "xalloc.h"

#define LOG_MODULE "export"
#include "log.h"

#define THUMB 400

struct item {
	char name[128];     /* file name in the export */
	char src[PATH_MAX]; /* path in the data folder */
	char sha[65];       /* of the data file, from the database */
	int64_t bytes;
	int64_t attendee, session;
	char person[256];
	char created[32];
	char kind[8];
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

static bool taken(struct plan *p, const char *name, bool badge)
{
	for (size_t i = 0; i < p->count; i++) {
		if (p->items[i].badge == badge && strcmp(p->items[i].name, name) == 0) {
			return true;
		}
	}
	return false;
}

/* YYYY-MM-DD_HHMMSS_<slug>_<n>.png, from the data file's own date and time. */
static void export_name(struct plan *p, const struct store_photo_row *r, char *out, size_t outlen)
{
	char date[16] = "", hms[8] = "", slug[64];
	const char *base = strrchr(r->path, '/');
	sscanf(r->path, "photos/%10[0-9-]/", date);
	sscanf(base ? base + 1 : r->path, "%6[0-9]", hms);
	if (strlen(date) != 10 || strlen(hms) != 6) {
		/* a file of unusual name: fall back on the row's time (UTC) */
		snprintf(date, sizeof(date), "%.10s", r->created);
		snprintf(hms, sizeof(hms), "%.2s%.2s%.2s", r->created + 11, r->created + 14,
			 r->created + 17);
	}
	if (r->name[0]) {
		names_slug(r->name, slug, sizeof(slug));
	} else {
		snprintf(slug, sizeof(slug), "booth");
	}
	char base_name[128];
	snprintf(base_name, sizeof(base_name), "%s_%s_%s_%d", date, hms, slug, p->in_session);
	snprintf(out, outlen, "%s.png", base_name);
	for (int k = 2; taken(p, out, false); k++) {
		snprintf(out, outlen, "%s-%d.png", base_name, k);
	}
}

static void plan_photo(void *ctx, const struct store_photo_row *r)
{
	struct plan *p = ctx;
	if (r->withdrawn && strcmp(r->kind, "badge") != 0) {
		return; /* consent withdrawn: never exported */
	}
	bool badge = strcmp(r->kind, "badge") == 0;
	if (!badge) {
		p->in_session = r->session == p->last_session && r->session ? p->in_session + 1 : 1;
		p->last_session = r->session;
	}
	p->items = xgrow(p->items, &p->cap, p->count + 1, sizeof(*p->items));
	struct item *it = &p->items[p->count];
	memset(it, 0, sizeof(*it));
	it->badge = badge;
	if (badge) {
		const char *base = strrchr(r->path, '/');
		snprintf(it->name, sizeof(it->name), "%.120s", base ? base + 1 : r->path);
	} else {
		export_name(p, r, it->name, sizeof(it->name));
	}
	snprintf(it->src, sizeof(it->src), "%s/%s", p->data_dir, r->path);
	snprintf(it->sha, sizeof(it->sha), "%s", r->sha256);
	snprintf(it->person, sizeof(it->person), "%s", r->name);
	snprintf(it->created, sizeof(it->created), "%s", r->created);
	snprintf(it->kind, sizeof(it->kind), "%s", r->kind);
	it->bytes = r->bytes;
	it->attendee = r->attendee;
	it->session = r->session;
	p->count++;
}

void export_neutralize(const char *in, char *out, size_t outlen)
{
	bool risky = in[0] == '=' || in[0] == '+' || in[0] == '-' || in[0] == '@' ||
		     in[0] == '\t' || in[0] == '\r';
	snprintf(out, outlen, "%s%s", risky ? "'" : "", in);
}

/* --- CSV in memory: UTF-8 with a BOM, CRLF, RFC 4180, formulas neutralized --- */

struct membuf {
	char *data;
	size_t len;
	FILE *f;
};

static void mb_open(struct membuf *m)
{
	m->data = NULL;
	m->len = 0;
	m->f = open_memstream(&m->data, &m->len);
	if (!m->f) {
		abort();
	}
}

static void mb_close(struct membuf *m)
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

struct csv_ctx {
	struct membuf *m;
	struct plan *plan;
};

static void attendee_row(void *ctx, const struct store_attendee_row *r)
{
	struct csv_ctx *c = ctx;
	char photos[4096] = "", badge[128] = "", when[48] = "";
	for (size_t i = 0; i < c->plan->count; i++) {
		struct item *it = &c->plan->items[i];
		if (it->attendee != r->id) {
			continue;
		}
		if (it->badge) {
			snprintf(badge, sizeof(badge), "badges/%s", it->name);
		} else {
			size_t n = strlen(photos);
			snprintf(photos + n, sizeof(photos) - n, "%sphotos/%s", n ? " " : "",
				 it->name);
		}
	}
	if (r->checked_in[0]) {
		timefmt_local(r->checked_in, false, when, sizeof(when));
	}
	const char *cells[] = {r->name,   r->first,        r->last,
			       r->email,  r->organization, r->job,
			       r->ticket, r->badge,        r->walk_in ? "yes" : "no",
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

/* --- files --- */

static bool read_all(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		return false;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0) {
		fclose(f);
		return false;
	}
	*len = (size_t)sb.st_size;
	*data = xmalloc(*len + 1);
	bool ok = fread(*data, 1, *len, f) == *len;
	fclose(f);
	if (!ok) {
		free(*data);
	}
	return ok;
}

static bool same_size(const char *path, int64_t bytes)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == bytes;
}

static void sha_of_file(const char *path, char out[65])
{
	unsigned char *data;
	size_t len;
	if (read_all(path, &data, &len)) {
		names_sha256_hex(data, len, out);
		free(data);
	} else {
		out[0] = '\0';
	}
}

static struct image *thumbnail(const unsigned char *data, size_t len, const char *what)
{
	char err[256];
	struct image *img = png_read_memory(data, len, what, err, sizeof(err));
	if (!img) {
		return NULL;
	}
	int w = img->width >= img->height ? THUMB : THUMB * img->width / img->height;
	int h = img->width >= img->height ? THUMB * img->height / img->width : THUMB;
	struct image *t = image_create(w > 0 ? w : 1, h > 0 ? h : 1);
	photo_scale_into(t, 0, 0, t->width, t->height, img);
	image_destroy(img);
	return t;
}

static bool remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		return unlink(path) == 0 || errno == ENOENT;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
			continue;
		}
		char sub[PATH_MAX];
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		remove_tree(sub);
	}
	closedir(d);
	return rmdir(path) == 0;
}

static bool mkdir_in(const char *base, const char *sub)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", base, sub);
	return fileio_mkdirs(p, 0755);
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

static void gallery(struct membuf *m, struct plan *p)
{
	fputs("<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>Photos</title>\n<style>\n"
	      "body{font-family:sans-serif;background:#111418;color:#F4F1EA;margin:2em}\n"
	      "input{font-size:1.2em;padding:.4em;width:20em;max-width:90%}\n"
	      "section{margin:1.5em 0}h2{margin:.2em 0;color:#F2A900}p{margin:.2em "
	      "0;color:#B8B4AC}\n"
	      "img{height:200px;margin:4px;border:2px solid #F4F1EA;background:#fff}\n"
	      "a{color:#F4F1EA}\n</style>\n"
	      "<h1>Photos</h1>\n"
	      "<input id=\"q\" type=\"search\" placeholder=\"Search by name\" autofocus>\n",
	      m->f);
	/* people first, in the order they first appear, each with every photo and the badge;
	 * then the walk-up sessions, by date */
	for (size_t i = 0; i < p->count; i++) {
		struct item *it = &p->items[i];
		bool first = it->attendee != 0;
		for (size_t k = 0; first && k < i; k++) {
			first = p->items[k].attendee != it->attendee;
		}
		if (!first) {
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
				fprintf(m->f, "<p><a href=\"badges/%s\">Badge</a></p>\n", o->name);
			} else {
				fprintf(m->f,
					"<a href=\"photos/%s\"><img src=\"thumbs/%s\" alt=\"%s\" "
					"loading=\"lazy\"></a>\n",
					o->name, o->name, esc);
			}
		}
		fputs("</section>\n", m->f);
	}
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
		fprintf(m->f,
			"<section data-name=\"photo booth %.10s\">\n<h2>Photo booth, %.10s</h2>\n",
			it->name, it->name);
		for (size_t k = i; k < p->count; k++) {
			struct item *o = &p->items[k];
			if (!o->attendee && !o->badge && strncmp(o->name, it->name, 10) == 0) {
				fprintf(m->f,
					"<a href=\"photos/%s\"><img src=\"thumbs/%s\" "
					"alt=\"Photo booth\" loading=\"lazy\"></a>\n",
					o->name, o->name);
			}
		}
		fputs("</section>\n", m->f);
	}
	fputs("<script>\n"
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

struct run {
	const char *out_dir;
	char stage[PATH_MAX];
	bool update;
	export_progress_fn fn;
	void *ctx;
	int done, total;
	struct export_report *report;
	char err[PATH_MAX + 256];
	int errnum;
};

static void tick(struct run *r)
{
	r->done++;
	if (r->fn) {
		r->fn(r->ctx, r->done, r->total);
	}
}

static bool write_staged(struct run *r, const char *sub, const char *name, const void *data,
			 size_t len)
{
	char dir[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s/%s", r->stage, sub);
	if (!fileio_write_buffer(dir, name, data, len, r->err, sizeof(r->err))) {
		r->errnum = errno;
		return false;
	}
	r->report->copied++;
	r->report->bytes += (int64_t)len;
	return true;
}

static bool export_item(struct run *r, struct item *it)
{
	const char *sub = it->badge ? "badges" : "photos";
	char final[PATH_MAX * 2];
	snprintf(final, sizeof(final), "%s/%s/%s", r->out_dir, sub, it->name);
	unsigned char *data = NULL;
	size_t len = 0;
	if (r->update && same_size(final, it->bytes)) {
		snprintf(it->out_sha, sizeof(it->out_sha), "%s", it->sha);
		r->report->kept++;
	} else {
		if (!read_all(it->src, &data, &len)) {
			snprintf(r->err, sizeof(r->err), "%s: cannot read: %s", it->src,
				 strerror(errno));
			r->errnum = errno;
			return false;
		}
		names_sha256_hex(data, len, it->out_sha);
		if (strcmp(it->out_sha, it->sha) != 0) {
			LOG_WARN("a photo differs from the checksum recorded when it was taken");
			LOG_DBG("%s", it->src);
		}
		if (!write_staged(r, sub, it->name, data, len)) {
			free(data);
			return false;
		}
	}
	tick(r);
	if (it->badge) {
		free(data);
		return true;
	}
	snprintf(final, sizeof(final), "%s/thumbs/%s", r->out_dir, it->name);
	if (r->update && access(final, F_OK) == 0) {
		sha_of_file(final, it->thumb_sha);
		r->report->kept++;
		tick(r);
		free(data);
		return true;
	}
	if (!data && !read_all(it->src, &data, &len)) {
		snprintf(r->err, sizeof(r->err), "%s: cannot read: %s", it->src, strerror(errno));
		r->errnum = errno;
		return false;
	}
	struct image *t = thumbnail(data, len, it->src);
	free(data);
	if (!t) {
		LOG_WARN("a photo does not decode; it is exported without a thumbnail");
		tick(r);
		return true;
	}
	unsigned char *png;
	size_t png_len;
	bool ok = png_encode(t, &png, &png_len);
	image_destroy(t);
	if (ok) {
		names_sha256_hex(png, png_len, it->thumb_sha);
		ok = write_staged(r, "thumbs", it->name, png, png_len);
		free(png);
	}
	tick(r);
	return ok;
}

/* Moves the staged files of `sub` into the export, replacing. */
static bool move_in(struct run *r, const char *sub)
{
	char from_dir[PATH_MAX + 16], to_dir[PATH_MAX + 16];
	snprintf(from_dir, sizeof(from_dir), "%s/%s", r->stage, sub);
	snprintf(to_dir, sizeof(to_dir), "%s/%s", r->out_dir, sub);
	if (!fileio_mkdirs(to_dir, 0755)) {
		snprintf(r->err, sizeof(r->err), "%s: %s", to_dir, strerror(errno));
		return false;
	}
	DIR *d = opendir(from_dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.') {
			continue;
		}
		char from[PATH_MAX * 2], to[PATH_MAX * 2];
		snprintf(from, sizeof(from), "%s/%s", from_dir, e->d_name);
		snprintf(to, sizeof(to), "%s/%s", to_dir, e->d_name);
		if (rename(from, to) != 0) {
			snprintf(r->err, sizeof(r->err), "%s: %s", to, strerror(errno));
			closedir(d);
			return false;
		}
	}
	if (d) {
		closedir(d);
	}
	return fileio_fsync_dir(to_dir);
}

/* Removes exported files that are no longer wanted (consent withdrawn, photos deleted). */
static void prune(struct run *r, struct plan *p, const char *sub, bool badges)
{
	char dir[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s/%s", r->out_dir, sub);
	DIR *d = opendir(dir);
	struct dirent *e;
	bool changed = false;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.') {
			continue;
		}
		bool wanted = false;
		for (size_t i = 0; i < p->count && !wanted; i++) {
			wanted = p->items[i].badge == badges &&
				 strcmp(p->items[i].name, e->d_name) == 0;
		}
		if (!wanted) {
			char path[PATH_MAX * 2];
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (unlink(path) == 0) {
				r->report->removed++;
				changed = true;
			}
		}
	}
	if (d) {
		closedir(d);
	}
	if (changed) {
		fileio_fsync_dir(dir);
	}
}

static bool is_export_or_empty(const char *dir)
{
	char manifest[PATH_MAX + 32];
	snprintf(manifest, sizeof(manifest), "%s/MANIFEST.sha256", dir);
	if (access(manifest, F_OK) == 0) {
		return true;
	}
	DIR *d = opendir(dir);
	if (!d) {
		return false;
	}
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d))) {
		empty = empty && (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
				  strcmp(e->d_name, ".partial") == 0);
	}
	closedir(d);
	return empty;
}

int export_run(struct store *st, const char *data_dir, const char *out_dir, export_progress_fn fn,
	       void *ctx, struct export_report *report, char *err, size_t errlen)
{
	memset(report, 0, sizeof(*report));
	struct run r = {.out_dir = out_dir, .fn = fn, .ctx = ctx, .report = report};
	struct plan p = {.data_dir = data_dir, .last_session = -1};
	int status = 1;

	struct stat sb;
	if (stat(out_dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode) || !is_export_or_empty(out_dir)) {
			snprintf(err, errlen,
				 "%s: exists and is not a gatherbooth export; name a new folder",
				 out_dir);
			return 2;
		}
		r.update = true;
		snprintf(r.stage, sizeof(r.stage), "%s/.partial", out_dir);
	} else {
		char *copy = xstrdup(out_dir), *slash = strrchr(copy, '/');
		const char *base = slash ? slash + 1 : copy;
		if (slash) {
			*slash = '\0';
		}
		const char *parent = slash ? (copy[0] ? copy : "/") : ".";
		if (!*base || !fileio_mkdirs(parent, 0755)) {
			snprintf(err, errlen, "%s: cannot create its folder: %s", out_dir,
				 *base ? strerror(errno) : "no name");
			free(copy);
			return 2;
		}
		snprintf(r.stage, sizeof(r.stage), "%s/.%s.partial", parent, base);
		free(copy);
	}
	remove_tree(r.stage); /* what an interrupted export left */
	if (!mkdir_in(r.stage, "photos") || !mkdir_in(r.stage, "badges") ||
	    !mkdir_in(r.stage, "thumbs")) {
		snprintf(err, errlen, "%s: cannot write there: %s", out_dir,
			 fileio_describe_errno(errno));
		return 1;
	}

	if (!store_each_photo(st, plan_photo, &p)) {
		snprintf(err, errlen, "%s: cannot read the photos: %s", data_dir, store_errmsg(st));
		goto out;
	}
	for (size_t i = 0; i < p.count; i++) {
		r.total += p.items[i].badge ? 1 : 2;
		report->photos += !p.items[i].badge;
		report->badges += p.items[i].badge;
	}
	for (size_t i = 0; i < p.count; i++) {
		if (!export_item(&r, &p.items[i])) {
			goto fail;
		}
	}

	/* the spreadsheets and the gallery */
	struct membuf att, chk, pho, idx, man;
	mb_open(&att);
	fputs("\xEF\xBB\xBF", att.f);
	const char *ah[] = {"Name",         "First name", "Last name",   "Email",
			    "Organization", "Job title",  "Ticket type", "Badge code",
			    "Walk-in",      "Checked in", "Photos",      "Badge"};
	csv_row(&att, ah, 12);
	struct csv_ctx cc = {.m = &att, .plan = &p};
	bool ok = store_each_attendee(st, attendee_row, &cc);
	mb_close(&att);
	mb_open(&chk);
	fputs("\xEF\xBB\xBF", chk.f);
	const char *ch[] = {"Time", "Action", "Name", "Badge code", "Kiosk"};
	csv_row(&chk, ch, 5);
	cc.m = &chk;
	ok = ok && store_each_checkin_event(st, checkin_row, &cc);
	mb_close(&chk);
	mb_open(&pho);
	fputs("\xEF\xBB\xBF", pho.f);
	const char *ph[] = {"File", "Person", "Session", "Time", "Size", "SHA-256", "Kind"};
	csv_row(&pho, ph, 7);
	for (size_t i = 0; i < p.count; i++) {
		struct item *it = &p.items[i];
		char file[160], session[32], when[48], size[32];
		snprintf(file, sizeof(file), "%s/%s", it->badge ? "badges" : "photos", it->name);
		snprintf(session, sizeof(session), "%lld", (long long)it->session);
		timefmt_local(it->created, false, when, sizeof(when));
		snprintf(size, sizeof(size), "%lld", (long long)it->bytes);
		const char *cells[] = {file,    it->person, it->session ? session : "",
				       when,    size,       it->out_sha,
				       it->kind};
		csv_row(&pho, cells, 7);
	}
	mb_close(&pho);
	mb_open(&idx);
	gallery(&idx, &p);
	mb_close(&idx);
	if (!ok) {
		snprintf(err, errlen, "%s: cannot read the records: %s", data_dir,
			 store_errmsg(st));
		free(att.data), free(chk.data), free(pho.data), free(idx.data);
		goto out;
	}
	mb_open(&man);
	for (size_t i = 0; i < p.count; i++) {
		struct item *it = &p.items[i];
		fprintf(man.f, "%s  %s/%s\n", it->out_sha, it->badge ? "badges" : "photos",
			it->name);
		if (!it->badge && it->thumb_sha[0]) {
			fprintf(man.f, "%s  thumbs/%s\n", it->thumb_sha, it->name);
		}
	}
	struct {
		const char *name;
		struct membuf *m;
	} docs[] = {{"attendees.csv", &att},
		    {"checkins.csv", &chk},
		    {"photos.csv", &pho},
		    {"index.html", &idx}};
	for (size_t i = 0; i < 4; i++) {
		char sha[65];
		names_sha256_hex(docs[i].m->data, docs[i].m->len, sha);
		fprintf(man.f, "%s  %s\n", sha, docs[i].name);
	}
	mb_close(&man);

	/* into place */
	ok = true;
	for (size_t i = 0; i < 4 && ok; i++) {
		ok = r.update
			     ? fileio_replace_buffer(out_dir, docs[i].name, docs[i].m->data,
						     docs[i].m->len, r.err, sizeof(r.err))
			     : write_staged(&r, ".", docs[i].name, docs[i].m->data, docs[i].m->len);
		r.errnum = ok ? 0 : errno;
		if (ok && !r.update) {
			report->copied--; /* counted are photos, badges and thumbnails */
			report->bytes -= (int64_t)docs[i].m->len;
		}
	}
	if (ok && r.update) {
		ok = move_in(&r, "photos") && move_in(&r, "badges") && move_in(&r, "thumbs");
		if (ok) {
			prune(&r, &p, "photos", false);
			prune(&r, &p, "badges", true);
			prune(&r, &p, "thumbs", false);
		}
		/* the manifest last: while it is old, sha256sum -c says the copy is incomplete */
		ok = ok && fileio_replace_buffer(out_dir, "MANIFEST.sha256", man.data, man.len,
						 r.err, sizeof(r.err));
		r.errnum = ok ? 0 : errno;
	} else if (ok) {
		ok = write_staged(&r, ".", "MANIFEST.sha256", man.data, man.len) &&
		     fileio_fsync_dir(r.stage);
		report->copied -= ok;
		report->bytes -= ok ? (int64_t)man.len : 0;
		if (ok && rename(r.stage, out_dir) != 0) {
			snprintf(r.err, sizeof(r.err), "%s: %s", out_dir, strerror(errno));
			r.errnum = errno;
			ok = false;
		}
		if (ok) {
			char parent[PATH_MAX];
			snprintf(parent, sizeof(parent), "%s", out_dir);
			char *slash = strrchr(parent, '/');
			fileio_fsync_dir(slash ? (slash == parent ? "/" : (*slash = '\0', parent))
					       : ".");
		}
	}
	for (size_t i = 0; i < 4; i++) {
		free(docs[i].m->data);
	}
	free(man.data);
	if (!ok) {
		goto fail;
	}
	status = 0;
	goto out;

fail:
	if (r.errnum == ENOSPC || r.errnum == EDQUOT) {
		snprintf(err, errlen, "%s: the target is full; %s", out_dir,
			 r.update ? "the export there is as it was" : "nothing was exported");
	} else {
		snprintf(err, errlen, "%s: the export failed: %s", out_dir, r.err);
	}
	LOG_DBG("%s", r.err);
out:
	remove_tree(r.stage);
	free(p.items);
	return status;
}
