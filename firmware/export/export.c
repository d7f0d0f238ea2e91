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
#include "error.h"
#include "export-private.h"
#include "fileio.h"
#include "names.h"
#include "photo.h"
#include "picture.h"
#include "store.h"
#include "store_people.h"
#include "timefmt.h"
#include "xalloc.h"

#define LOG_MODULE "export"
#include "log.h"

#define THUMB 400

static bool taken(struct plan *p, const char *name, bool badge)
{
	for (size_t i = 0; i < p->count; i++) {
		if (p->items[i].badge == badge && strcmp(p->items[i].name, name) == 0) {
			return true;
		}
	}
	return false;
}

/* YYYY-MM-DD_HHMMSS_<slug>_<n>.jpg (or .png, .gif, .webp, as the data file is), from the data
 * file's own date and time. */
static void export_name(struct plan *p, const struct store_photo_row *r, char *out, size_t outlen)
{
	char date[16] = "", hms[8] = "", slug[64];
	/* another kiosk's photo is under peers/DEVICE/, named as that kiosk named it */
	const char *path = r->path;
	if (strncmp(path, "peers/", 6) == 0 && strchr(path + 6, '/')) {
		path = strchr(path + 6, '/') + 1;
	}
	const char *base = strrchr(path, '/');
	sscanf(path, "photos/%10[0-9-]/", date);
	sscanf(base ? base + 1 : path, "%6[0-9]", hms);
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
	/* the data file's own extension: jpg, png, or gif and webp for a boomerang */
	const char *dot = strrchr(base ? base : path, '.');
	const char *ext = dot && strlen(dot + 1) <= 4 ? dot + 1 : "png";
	snprintf(base_name, sizeof(base_name), "%s_%s_%s_%d", date, hms, slug, p->in_session);
	snprintf(out, outlen, "%s.%s", base_name, ext);
	for (int k = 2; taken(p, out, false); k++) {
		snprintf(out, outlen, "%s-%d.%s", base_name, k, ext);
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
	/* a badge is drawn at every kiosk from the same facts: it has no time or kiosk of its
	 * own to report, and each kiosk's export lists it alike */
	snprintf(it->created, sizeof(it->created), "%s", badge ? "" : r->created);
	snprintf(it->kind, sizeof(it->kind), "%s", r->kind);
	it->bytes = r->bytes;
	it->attendee = r->attendee;
	it->session = r->session;
	it->number = r->number;
	snprintf(it->kiosk, sizeof(it->kiosk), "%s", badge ? "" : r->kiosk);
	p->count++;
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
	struct image *img = picture_read_memory(data, len, THUMB, THUMB, what, err, sizeof(err));
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
	if (it->badge || strcmp(it->kind, "animation") == 0) {
		free(data); /* a boomerang is its own thumbnail */
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
	unsigned char data_head[8] = {0};
	memcpy(data_head, data, len < sizeof(data_head) ? len : sizeof(data_head));
	free(data);
	if (!t) {
		LOG_WARN("a photo does not decode; it is exported without a thumbnail");
		tick(r);
		return true;
	}
	/* a thumbnail in the photo's own format, under the photo's name */
	enum picture_format format = PICTURE_PNG;
	picture_sniff(data_head, sizeof(data_head), &format);
	unsigned char *enc;
	size_t enc_len;
	bool ok = picture_encode(t, format, 85, NULL, &enc, &enc_len);
	image_destroy(t);
	if (ok) {
		names_sha256_hex(enc, enc_len, it->thumb_sha);
		ok = write_staged(r, "thumbs", it->name, enc, enc_len);
		free(enc);
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

/* Where the export is staged: beside a new OUTDIR, or inside one being updated. */
static bool prepare_target(struct run *r, struct error *e)
{
	const char *out_dir = r->out_dir;
	struct stat sb;
	if (stat(out_dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode) || !is_export_or_empty(out_dir)) {
			return error_set(
				e, ERROR_BAD_INPUT,
				"%s: exists and is not a gatherbooth export; name a new folder",
				out_dir);
		}
		r->update = true;
		snprintf(r->stage, sizeof(r->stage), "%s/.partial", out_dir);
	} else {
		char *copy = xstrdup(out_dir), *slash = strrchr(copy, '/');
		const char *base = slash ? slash + 1 : copy;
		if (slash) {
			*slash = '\0';
		}
		const char *parent = slash ? (copy[0] ? copy : "/") : ".";
		if (!*base || !fileio_mkdirs(parent, 0755)) {
			error_set(e, ERROR_BAD_INPUT, "%s: cannot create its folder: %s", out_dir,
				  *base ? strerror(errno) : "no name");
			free(copy);
			return false;
		}
		snprintf(r->stage, sizeof(r->stage), "%s/.%s.partial", parent, base);
		free(copy);
	}
	remove_tree(r->stage); /* what an interrupted export left */
	if (!mkdir_in(r->stage, "photos") || !mkdir_in(r->stage, "badges") ||
	    !mkdir_in(r->stage, "thumbs")) {
		int saved = errno;
		return error_set(e, error_from_errno(saved), "%s: cannot write there: %s", out_dir,
				 fileio_describe_errno(saved));
	}
	return true;
}

/* A first export: every document into the stage, the manifest last, then the stage renamed
 * into place and its parent synced. */
static bool place_new(struct run *r, struct docs *d)
{
	struct membuf *list[EXPORT_DOC_COUNT];
	export_doc_list(d, list);
	bool ok = true;
	for (size_t i = 0; i < EXPORT_DOC_COUNT && ok; i++) {
		ok = write_staged(r, ".", export_doc_names[i], list[i]->data, list[i]->len);
		r->errnum = ok ? 0 : errno;
		r->report->copied -= ok; /* counted are photos, badges and thumbnails */
		r->report->bytes -= ok ? (int64_t)list[i]->len : 0;
	}
	ok = ok && write_staged(r, ".", "MANIFEST.sha256", d->man.data, d->man.len) &&
	     fileio_fsync_dir(r->stage);
	r->report->copied -= ok;
	r->report->bytes -= ok ? (int64_t)d->man.len : 0;
	if (ok && rename(r->stage, r->out_dir) != 0) {
		snprintf(r->err, sizeof(r->err), "%s: %s", r->out_dir, strerror(errno));
		r->errnum = errno;
		return false;
	}
	if (ok) {
		char parent[PATH_MAX];
		snprintf(parent, sizeof(parent), "%s", r->out_dir);
		char *slash = strrchr(parent, '/');
		fileio_fsync_dir(slash ? (slash == parent ? "/" : (*slash = '\0', parent)) : ".");
	}
	return ok;
}

/* An update: each document replaced, the new files moved in, the withdrawn ones pruned, and
 * the manifest last: while it is old, sha256sum -c says the copy is incomplete. */
static bool place_update(struct run *r, struct plan *p, struct docs *d)
{
	struct membuf *list[EXPORT_DOC_COUNT];
	export_doc_list(d, list);
	bool ok = true;
	for (size_t i = 0; i < EXPORT_DOC_COUNT && ok; i++) {
		ok = fileio_replace_buffer(r->out_dir, export_doc_names[i], list[i]->data,
					   list[i]->len, r->err, sizeof(r->err));
		r->errnum = ok ? 0 : errno;
	}
	ok = ok && move_in(r, "photos") && move_in(r, "badges") && move_in(r, "thumbs");
	if (ok) {
		prune(r, p, "photos", false);
		prune(r, p, "badges", true);
		prune(r, p, "thumbs", false);
	}
	ok = ok && fileio_replace_buffer(r->out_dir, "MANIFEST.sha256", d->man.data, d->man.len,
					 r->err, sizeof(r->err));
	r->errnum = ok ? 0 : errno;
	return ok;
}

/* Every photo and badge copied (with its thumbnail) into the stage. */
static bool export_items(struct run *r, struct plan *p)
{
	for (size_t i = 0; i < p->count; i++) {
		r->total += p->items[i].badge || strcmp(p->items[i].kind, "animation") == 0 ? 1 : 2;
		r->report->photos += !p->items[i].badge;
		r->report->badges += p->items[i].badge;
	}
	for (size_t i = 0; i < p->count; i++) {
		if (!export_item(r, &p->items[i])) {
			return false;
		}
	}
	return true;
}

static bool write_failed(struct run *r, struct error *e)
{
	LOG_DBG("%s", r->err);
	if (r->errnum == ENOSPC || r->errnum == EDQUOT) {
		return error_set(e, ERROR_FULL, "%s: the target is full; %s", r->out_dir,
				 r->update ? "the export there is as it was"
					   : "nothing was exported");
	}
	return error_set(e, r->errnum ? error_from_errno(r->errnum) : ERROR_FAILED,
			 "%s: the export failed: %s", r->out_dir, r->err);
}

static bool export_documents(struct store *st, struct run *r, struct plan *p, struct error *e)
{
	struct docs d = {0};
	if (!export_docs_build(st, p, &d)) {
		export_docs_free(&d);
		if (d.xls_error[0]) {
			return error_set(e, ERROR_FAILED,
					 "%s: attendees.xlsx could not be made: %s; %s", r->out_dir,
					 d.xls_error,
					 r->update ? "the export there is as it was"
						   : "nothing was exported");
		}
		return error_set(e, ERROR_FAILED, "%s: cannot read the records: %s", p->data_dir,
				 store_errmsg(st));
	}
	bool ok = r->update ? place_update(r, p, &d) : place_new(r, &d);
	export_docs_free(&d);
	return ok || write_failed(r, e);
}

bool export_run(struct store *st, const char *data_dir, const char *out_dir, export_progress_fn fn,
		void *ctx, struct export_report *report, struct error *e)
{
	memset(report, 0, sizeof(*report));
	struct run r = {.out_dir = out_dir, .fn = fn, .ctx = ctx, .report = report};
	struct plan p = {.data_dir = data_dir, .last_session = -1};
	if (!prepare_target(&r, e)) {
		return false;
	}
	bool ok = false;
	if (!store_each_photo(st, plan_photo, &p)) {
		error_set(e, ERROR_FAILED, "%s: cannot read the photos: %s", data_dir,
			  store_errmsg(st));
	} else if (!export_items(&r, &p)) {
		write_failed(&r, e);
	} else {
		ok = export_documents(st, &r, &p, e);
	}
	remove_tree(r.stage);
	free(p.items);
	return ok;
}
