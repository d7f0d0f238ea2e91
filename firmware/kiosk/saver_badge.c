/* The badges: drawn, written atomically, one row per attendee, and queued for the badge printer. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "badge.h"
#include "fileio.h"
#include "names.h"
#include "picture.h"
#include "saver-private.h"
#include "store_people.h"
#include "store_print.h"
#include "xalloc.h"

#define LOG_MODULE "saver"
#include "log.h"

/* Inside the badge's transaction: its print, once per person. */
static bool queue_badge_print(struct lane *sv, const struct person *p)
{
	if (!sv->printing->badge_printer[0]) {
		return true;
	}
	struct store_print pr = {.kind = STORE_PRINT_BADGE, .attendee = p->id, .copies = 1};
	snprintf(pr.printer, sizeof(pr.printer), "%s", sv->printing->badge_printer);
	enum store_print_refusal refused;
	return store_print_add(sv->store, &pr, 0, &refused);
}

/* Writes DATA/badges/<code>-<slug>.png, replacing the attendee's previous badge, and its row. */
static bool write_badge(struct lane *sv, const struct person *p, const struct image *photo,
			const char *key, bool print)
{
	struct badge_info info = {
		.name = p->name, .organization = p->organization, .code = p->badge_code};
	char name[192], dir[PATH_MAX + 16], err[PATH_MAX + 256];
	badge_file_name(&info, p->uuid, name, sizeof(name));
	snprintf(dir, sizeof(dir), "%s/badges", sv->data_dir);
	if (!fileio_mkdirs(dir, 0700)) {
		LOG_ERR("%s: cannot create folder: %s", dir, strerror(errno));
		return false;
	}
	struct image *img = badge_compose(&info, photo, sv->glyphs, sv->glyphs_regular);
	struct encoded e = {.img = img};
	saver_encode_one(&e, 0);
	struct written w = {.kind = STORE_PHOTO_BADGE};
	bool ok = e.ok;
	unsigned char *data = e.data;
	if (ok) {
		ok = fileio_replace_buffer(dir, name, data, e.len, err, sizeof(err));
		if (!ok && errno == EEXIST) {
			/* the unfinished copy of a writer that was killed (in this process badges
			 * are written one at a time; another process, an export from a shell,
			 * draws the same bytes) */
			char path[sizeof(dir) + sizeof(name)];
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			fileio_drop_stale_tmp(path);
			ok = fileio_replace_buffer(dir, name, data, e.len, err, sizeof(err));
		}
		if (!ok) {
			LOG_ERR("badges: a badge could not be written: %s", strerror(errno));
			LOG_DBG("%s", err);
		}
	}
	if (ok) {
		snprintf(w.rel, sizeof(w.rel), "badges/%s", name);
		names_sha256_hex(data, e.len, w.sha);
		w.bytes = (int64_t)e.len;
	}
	free(data);
	image_destroy(img);
	if (!ok) {
		return false;
	}
	struct store_photo row = {.kind = STORE_PHOTO_BADGE,
				  .path = w.rel,
				  .width = BADGE_WIDTH,
				  .height = BADGE_HEIGHT,
				  .bytes = w.bytes,
				  .sha256 = w.sha,
				  .attendee = p->id,
				  .badge_key = key};
	/* one badge row per attendee: the previous one (perhaps under an older name) goes */
	char **old = NULL;
	int n_old = 0;
	/* a row for this very file may exist without the person: a badge whose row was lost to
	 * a power cut is adopted at start without knowing whose it is, and remade here */
	ok = store_begin(sv->store) && store_badge_replace(sv->store, p->id, &old, &n_old) &&
	     store_photo_delete_path(sv->store, w.rel) && store_photo_add(sv->store, 0, &row) &&
	     (!print || queue_badge_print(sv, p)) && store_commit(sv->store);
	if (!ok) {
		LOG_ERR("badges: database: %s", store_errmsg(sv->store));
		store_rollback(sv->store);
	}
	for (int i = 0; i < n_old; i++) {
		if (ok && strcmp(old[i], w.rel) != 0) {
			char path[PATH_MAX * 2];
			snprintf(path, sizeof(path), "%s/%s", sv->data_dir, old[i]);
			unlink(path);
		}
		free(old[i]);
	}
	free(old);
	if (ok) {
		LOG_DBG("badge saved as %s", w.rel);
	}
	return ok;
}

/* The badge is drawn from what the database holds (store_badge_wanted: the attendee's details
 * and newest photo, read back from its file), never from pixels in memory, so that any kiosk
 * holding the same facts draws the same file. Badges are written one at a time across both
 * workers, so that a badge remade in the background (only_if_stale) sees the one the guests'
 * worker has just made, and is not drawn twice. */
bool saver_make_badge(struct lane *sv, int64_t attendee, bool only_if_stale, bool print)
{
	pthread_mutex_lock(sv->badge_lock);
	struct person p;
	struct store_badge want;
	bool found = false;
	bool ok = store_person_get(sv->store, attendee, &p, &found) &&
		  store_badge_wanted(sv->store, attendee, &want);
	if (!ok) {
		LOG_ERR("badges: database: %s", store_errmsg(sv->store));
	}
	if (ok && found && !(only_if_stale && want.current)) {
		struct image *photo = NULL;
		if (want.photo[0]) {
			char path[PATH_MAX + sizeof(want.photo)], why[PATH_MAX + 128];
			snprintf(path, sizeof(path), "%s/%s", sv->data_dir, want.photo);
			photo = picture_read_file(path, BADGE_PHOTO_DECODE, BADGE_PHOTO_DECODE, why,
						  sizeof(why));
			if (!photo) {
				/* drawn without it for now, and marked to be drawn again */
				LOG_WARN("badges: the photo for %s's badge: %s", p.name, why);
				want.key[0] = '\0';
			}
		}
		ok = write_badge(sv, &p, photo, want.key, print);
		image_destroy(photo);
	}
	pthread_mutex_unlock(sv->badge_lock);
	return ok;
}

struct stale_ids {
	int64_t *v;
	size_t n, cap;
};

static void add_stale(void *ctx, int64_t attendee)
{
	struct stale_ids *ids = ctx;
	ids->v = xgrow(ids->v, &ids->cap, ids->n + 1, sizeof(*ids->v));
	ids->v[ids->n++] = attendee;
}

void saver_refresh_badges(struct lane *sv)
{
	/* the ids first: no statement stays open while badges are written */
	struct stale_ids ids = {0};
	if (!store_each_stale_badge(sv->store, add_stale, &ids)) {
		LOG_WARN("badges not looked over: %s", store_errmsg(sv->store));
	}
	for (size_t i = 0; i < ids.n; i++) {
		saver_make_badge(sv, ids.v[i], true, false);
	}
	if (ids.n) {
		LOG_DBG("%zu badge(s) looked over", ids.n);
	}
	free(ids.v);
}
