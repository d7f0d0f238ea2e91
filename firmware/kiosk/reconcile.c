#define _GNU_SOURCE
#include "reconcile.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "animation.h"
#include "fileio.h"
#include "names.h"
#include "picture.h"
#include "store.h"
#include "xalloc.h"

#define LOG_MODULE "reconcile"
#include "log.h"

struct pathset {
	char **paths;
	size_t count, cap;
	bool *seen;
};

static void collect(const char *path, void *ctx)
{
	struct pathset *ps = ctx;
	ps->paths = xgrow(ps->paths, &ps->cap, ps->count + 1, sizeof(char *));
	ps->paths[ps->count++] = xstrdup(path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static ssize_t find(struct pathset *ps, const char *rel)
{
	char *key = (char *)rel;
	char **hit = bsearch(&key, ps->paths, ps->count, sizeof(char *), cmp_str);
	return hit ? hit - ps->paths : -1;
}

static void quarantine(const char *data_dir, const char *rel, const char *abs)
{
	char dir[PATH_MAX], to[PATH_MAX * 2];
	snprintf(dir, sizeof(dir), "%s/damaged", data_dir);
	fileio_mkdirs(dir, 0700);
	const char *base = strrchr(rel, '/');
	snprintf(to, sizeof(to), "%s/%s", dir, base ? base + 1 : rel);
	if (rename(abs, to) != 0) {
		LOG_WARN("%s: a damaged file could not be moved there: %s", dir, strerror(errno));
		LOG_DBG("%s", abs);
	}
}

/* Adopts a complete photo that lost its row to a crash between rename and commit. */
static bool adopt(const char *data_dir, struct store *st, const char *rel, const char *abs,
		  bool badge, struct reconcile_report *r)
{
	FILE *f = fopen(abs, "rb");
	if (!f) {
		return false;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	unsigned char *data = size > 0 ? xmalloc((size_t)size) : NULL;
	bool read_ok = size > 0 && fread(data, 1, (size_t)size, f) == (size_t)size;
	fclose(f);
	char err[256];
	int width = 0, height = 0;
	bool animation = anim_is_named(rel);
	bool whole = false;
	if (read_ok && animation) {
		whole = anim_probe(data, (size_t)size, &width, &height);
	} else if (read_ok) {
		struct image *img =
			picture_read_memory(data, (size_t)size, 0, 0, rel, err, sizeof(err));
		if (img) {
			whole = true;
			width = img->width;
			height = img->height;
		}
		image_destroy(img);
	}
	if (!whole) {
		LOG_WARN("a photo that does not decode was moved to damaged/");
		LOG_DBG("%s", rel);
		quarantine(data_dir, rel, abs);
		free(data);
		r->damaged++;
		return true;
	}
	char sha[65];
	names_sha256_hex(data, (size_t)size, sha);
	free(data);

	/* names look like HHMMSS-<session8>-<what>-<slug>.jpg (or .png, .gif, .webp) */
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	char prefix[9] = "", what[16] = "";
	sscanf(base, "%*6[0-9]-%8[0-9a-f]-%15[a-z0-9]", prefix, what);
	enum store_photo_kind kind = badge                        ? STORE_PHOTO_BADGE
				     : animation                  ? STORE_PHOTO_ANIMATION
				     : strcmp(what, "strip") == 0 ? STORE_PHOTO_STRIP
								  : STORE_PHOTO_SHOT;
	int64_t session = 0;
	bool ok = store_begin(st);
	if (ok && !badge && strlen(prefix) == 8) {
		ok = store_session_find(st, prefix, &session);
		if (ok && session == 0) {
			char uuid[37], now[32];
			store_uuid(uuid);
			memcpy(uuid, prefix, 8);
			store_now_iso(now);
			ok = store_session_add(st, uuid, "recovered", 0, now, &session);
		}
	}
	struct store_photo p = {
		.kind = kind,
		.path = rel,
		.width = width,
		.height = height,
		.bytes = size,
		.sha256 = sha,
	};
	ok = ok && store_photo_add(st, session, &p) &&
	     store_event(st, "photo_adopted", rel, "file without a row found at start") &&
	     store_commit(st);
	if (!ok) {
		store_rollback(st);
		return false;
	}
	r->adopted++;
	return true;
}

static bool scan_dir(const char *data_dir, const char *reldir, struct store *st, struct pathset *ps,
		     bool badge, int depth, struct reconcile_report *r)
{
	char absdir[PATH_MAX];
	snprintf(absdir, sizeof(absdir), "%s/%s", data_dir, reldir);
	DIR *d = opendir(absdir);
	if (!d) {
		return errno == ENOENT;
	}
	bool ok = true, removed = false;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
			continue;
		}
		char rel[PATH_MAX], abs[PATH_MAX * 2];
		snprintf(rel, sizeof(rel), "%s/%s", reldir, e->d_name);
		snprintf(abs, sizeof(abs), "%s/%s", data_dir, rel);
		struct stat sb;
		if (lstat(abs, &sb) != 0) {
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			if (depth > 0) {
				ok = scan_dir(data_dir, rel, st, ps, badge, depth - 1, r) && ok;
			}
			continue;
		}
		if (!S_ISREG(sb.st_mode)) {
			continue;
		}
		if (fileio_is_tmp_name(e->d_name)) {
			if (unlink(abs) == 0) {
				r->tmp_removed++;
				removed = true;
			}
			continue;
		}
		enum picture_format format;
		if (!picture_format_of_name(e->d_name, &format) && !anim_is_named(e->d_name)) {
			continue;
		}
		ssize_t i = find(ps, rel);
		if (i >= 0) {
			ps->seen[i] = true;
			continue;
		}
		/* another kiosk's photo whose changeset was not committed here yet: its fact
		 * will find it; it is never this kiosk's to adopt */
		if (strncmp(rel, "peers/", 6) != 0) {
			ok = adopt(data_dir, st, rel, abs, badge, r) && ok;
		}
	}
	closedir(d);
	if (removed) {
		fileio_fsync_dir(absdir);
	}
	return ok;
}

bool reconcile_run(const char *data_dir, struct store *st, struct reconcile_report *r, char *err,
		   size_t errlen)
{
	memset(r, 0, sizeof(*r));
	struct pathset ps = {0};
	if (!store_photo_paths(st, collect, &ps)) {
		snprintf(err, errlen, "%s: cannot list photos: %s", data_dir, store_errmsg(st));
		return false;
	}
	if (ps.count > 1) { /* qsort wants a real array, and an empty store has none */
		qsort(ps.paths, ps.count, sizeof(char *), cmp_str);
	}
	ps.seen = xcalloc(ps.count + 1, sizeof(bool));

	bool ok = scan_dir(data_dir, "photos", st, &ps, false, 1, r) &&
		  scan_dir(data_dir, "badges", st, &ps, true, 0, r) &&
		  scan_dir(data_dir, "peers", st, &ps, false, 3, r);
	for (size_t i = 0; ok && i < ps.count; i++) {
		if (ps.seen[i]) {
			continue;
		}
		/* a row without its file: only possible if the file was removed by hand */
		ok = store_begin(st) && store_photo_delete_path(st, ps.paths[i]) &&
		     store_event(st, "photo_missing", ps.paths[i], "row without a file at start") &&
		     store_commit(st);
		if (!ok) {
			store_rollback(st);
		}
		r->missing_rows++;
	}
	if (!ok) {
		snprintf(err, errlen, "%s: reconciliation failed: %s", data_dir, store_errmsg(st));
	}
	for (size_t i = 0; i < ps.count; i++) {
		free(ps.paths[i]);
	}
	free(ps.paths);
	free(ps.seen);
	return ok;
}
