/* Saving a guest's session: every file encoded at once on the cores, then written in order,
 * each atomically; then the session's rows in one transaction; then its page for phones. On any
 * failure the files of the session are removed again, so a session is stored whole or not at
 * all. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "animation.h"
#include "build-config.h"
#include "fileio.h"
#include "i18n.h"
#include "names.h"
#include "parallel.h"
#include "photo.h"
#include "picture.h"
#include "saver-private.h"
#include "share.h"
#include "store.h"
#include "store_print.h"
#include "store_share.h"

#define LOG_MODULE "saver"
#include "log.h"

void saver_encode_one(void *ctx, int i)
{
	struct encoded *e = (struct encoded *)ctx + i;
	if (e->what == ENCODE_IMAGE) {
		e->ok = picture_encode(e->img, e->format, e->quality, e->exif, &e->data, &e->len);
		return;
	}
	int order[2 * SHOTSET_FRAMES];
	int n = anim_boomerang_order(e->anim->frame_count, order);
	e->ok = e->what == ENCODE_GIF ? anim_encode_gif(e->anim->frames, order, n,
							e->anim->frame_ms, &e->data, &e->len)
				      : anim_encode_webp(e->anim->frames, order, n,
							 e->anim->frame_ms, 80, &e->data, &e->len);
}

struct image *saver_compose_job(struct lane *sv, struct job *j)
{
	return photo_compose(&j->layout, j->shots->shots, j->shots->count, sv->glyphs);
}

/* Writes one encoded file atomically; takes ownership of e->data. */
static bool write_encoded(struct lane *sv, const char *reldir, const char *name, struct encoded *e,
			  struct written *w, char *err, size_t errlen)
{
	unsigned char *data = e->data;
	size_t len = e->len;
	const struct image *img = e->what == ENCODE_IMAGE ? e->img : e->anim->frames[0];
	e->data = NULL;
	if (!e->ok) {
		snprintf(err, errlen, "%s/%s: encoding failed", reldir, name);
		errno = EIO;
		return false;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/%s", sv->data_dir, reldir);
	bool ok = fileio_write_buffer(dir, name, data, len, err, errlen);
	if (ok) {
		snprintf(w->rel, sizeof(w->rel), "%s/%s", reldir, name);
		names_sha256_hex(data, len, w->sha);
		w->bytes = (int64_t)len;
		w->width = img->width;
		w->height = img->height;
	}
	free(data);
	return ok;
}

static void remove_written(struct lane *sv, struct written *w, int n, const char *reldir)
{
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX * 2];
		snprintf(path, sizeof(path), "%s/%s", sv->data_dir, w[i].rel);
		if (unlink(path) != 0 && errno != ENOENT) {
			/* file names carry people's names: those stay at debug level */
			LOG_WARN("%s: a file could not be removed after a failed save: %s", reldir,
				 strerror(errno));
			LOG_DBG("%s: %s", path, strerror(errno));
		}
	}
	if (n > 0) {
		char dir[PATH_MAX * 2];
		snprintf(dir, sizeof(dir), "%s/%s", sv->data_dir, reldir);
		fileio_fsync_dir(dir);
	}
}

static void people_message(char *out, size_t outlen, int err)
{
	snprintf(out, outlen, _("Photos are not being saved: %s. Check-in still works."),
		 _(fileio_describe_errno(err)));
}

/* One session being saved: its names, and the files written so far. */
struct session_files {
	time_t now;
	char uuid[37], reldir[64], started[32], slug[64];
	struct written w[17];
	int n;
};

/* Encodes every file of the session at once on the cores, then writes them in order, each
 * atomically. False with errno set (and err for the log); the files written are in f->w. */
static bool write_files(struct lane *sv, struct job *j, struct image *strip,
			struct session_files *f, char *err, size_t errlen)
{
	/* a boomerang: its card (as a strip), its GIF and its WebP; no shots of its own */
	bool boomerang = j->shots->frame_count > 0;
	int shots = boomerang ? 0 : j->shots->count;
	bool want_strip =
		boomerang || shots > 1 || layout_shots(&j->layout) > 1 || j->layout.footer[0];
	int count = shots + (want_strip ? 1 : 0) + (boomerang ? 2 : 0);
	struct encoded enc[17] = {{0}};
	/* what the files say of themselves: when, in which time zone, by what; no one's name */
	struct tm tm;
	localtime_r(&f->now, &tm);
	struct photo_exif shot_exif = {
		.taken = f->now,
		.utc_offset_min = (int)(tm.tm_gmtoff / 60),
		.software = "gatherbooth " GATHERBOOTH_VERSION,
	};
	struct photo_exif strip_exif = shot_exif;
	strip_exif.dpi = 300; /* layouts are drawn for print at 300 dpi */
	for (int i = 0; i < count; i++) {
		enc[i].img = i < shots ? j->shots->shots[i] : strip;
		enc[i].format = sv->photos->format;
		enc[i].quality = sv->photos->quality;
		enc[i].exif = i < shots ? &shot_exif : &strip_exif;
		if (i > shots) {
			enc[i].what = i == shots + 1 ? ENCODE_GIF : ENCODE_WEBP;
			enc[i].anim = j->shots;
		}
	}
	parallel_for(count, saver_encode_one, enc);
	for (int i = 0; i < count; i++) {
		char name[128], what[16];
		bool is_strip = i == shots;
		snprintf(what, sizeof(what),
			 i > shots  ? "boomerang"
			 : is_strip ? "strip"
				    : "shot%d",
			 i + 1);
		names_photo_file(f->now, f->uuid, what, f->slug,
				 enc[i].what == ENCODE_GIF    ? "gif"
				 : enc[i].what == ENCODE_WEBP ? "webp"
							      : picture_ext(sv->photos->format),
				 name, sizeof(name));
		f->w[f->n].kind = i > shots  ? STORE_PHOTO_ANIMATION
				  : is_strip ? STORE_PHOTO_STRIP
					     : STORE_PHOTO_SHOT;
		if (!write_encoded(sv, f->reldir, name, &enc[i], &f->w[f->n], err, errlen)) {
			int saved = errno;
			for (int k = i + 1; k < count; k++) {
				free(enc[k].data);
			}
			errno = saved;
			return false;
		}
		f->n++;
	}
	return true;
}

/* The session and its photos' rows, in one transaction, once every file is in place. */
static bool record(struct lane *sv, struct job *j, const struct session_files *f,
		   struct saver_result *res)
{
	int64_t attendee = j->has_person ? j->person.id : 0;
	int64_t session_id;
	if (!store_begin(sv->store) || !store_session_add(sv->store, f->uuid, j->layout.name,
							  attendee, f->started, &session_id)) {
		return false;
	}
	for (int i = 0; i < f->n; i++) {
		struct store_photo p = {
			.kind = f->w[i].kind,
			.path = f->w[i].rel,
			.width = f->w[i].width,
			.height = f->w[i].height,
			.bytes = f->w[i].bytes,
			.sha256 = f->w[i].sha,
			.attendee = attendee,
		};
		if (!store_photo_add(sv->store, session_id, &p)) {
			return false;
		}
	}
	if (j->print_copies > 0 && sv->printing->strip_printer[0]) {
		/* the print is a row with the photos, so that neither is ever without the other */
		struct store_print pr = {.kind = STORE_PRINT_STRIP,
					 .session = session_id,
					 .attendee = attendee,
					 .copies = j->print_copies};
		snprintf(pr.printer, sizeof(pr.printer), "%s", sv->printing->strip_printer);
		enum store_print_refusal refused;
		if (!store_print_add(sv->store, &pr, sv->printing->limit, &refused)) {
			return false;
		}
		res->print = refused == STORE_PRINT_CAP ? SAVER_PRINT_LIMIT : SAVER_PRINT_QUEUED;
	}
	if (j->share_token[0] && sv->share_folder[0] &&
	    !store_share_add(sv->store, session_id, j->share_token)) {
		return false;
	}
	return store_commit(sv->store);
}

/* The session's page for phones: copies of its files under its token (share.h). A page that
 * cannot be written costs the guest their download, never their photos: logged, not failed. */
static bool publish(struct lane *sv, struct job *j, const struct session_files *f)
{
	struct share_file files[17];
	char src[17][PATH_MAX * 2], name[17][32];
	bool boomerang = j->shots->frame_count > 0;
	int n = 0;
	for (int i = 0; i < f->n; i++) {
		const struct written *w = &f->w[i];
		const char *ext = strrchr(w->rel, '.');
		ext = ext ? ext : "";
		snprintf(src[n], sizeof(src[n]), "%s/%s", sv->data_dir, w->rel);
		if (w->kind == STORE_PHOTO_ANIMATION) {
			snprintf(name[n], sizeof(name[n]), "boomerang%s", ext);
		} else if (w->kind == STORE_PHOTO_STRIP) {
			snprintf(name[n], sizeof(name[n]), "%s%s", boomerang ? "card" : "strip",
				 ext);
		} else {
			snprintf(name[n], sizeof(name[n]), "photo%d%s", n + 1, ext);
		}
		files[n] = (struct share_file){
			.src = src[n],
			.name = name[n],
			.main = w->kind == STORE_PHOTO_ANIMATION ||
				(!boomerang && (w->kind == STORE_PHOTO_STRIP || f->n == 1)),
			.animation = w->kind == STORE_PHOTO_ANIMATION,
		};
		n++;
	}
	char err[PATH_MAX + 256];
	const char *title = boomerang ? _("Your boomerang")
			    : n > 1   ? _("Your photos")
				      : _("Your photo");
	if (!share_publish(sv->share_folder, j->share_token, title, files, n, err, sizeof(err))) {
		LOG_WARN("session %.8s: its page for phones could not be written: %s", f->uuid,
			 strerror(errno));
		LOG_DBG("%s", err);
		return false;
	}
	return true;
}

void saver_save_job(struct lane *sv, struct job *j, struct saver_result *res)
{
	struct session_files f = {.now = time(NULL), .slug = "booth"};
	store_uuid(f.uuid);
	store_now_iso(f.started);
	names_photo_dir(f.now, f.reldir, sizeof(f.reldir));
	if (j->has_person) {
		names_slug(j->person.name, f.slug, sizeof(f.slug));
	}
	char absdir[PATH_MAX * 2], err[512];
	snprintf(absdir, sizeof(absdir), "%s/%s", sv->data_dir, f.reldir);
	if (!fileio_mkdirs(absdir, 0700)) {
		int e = errno;
		LOG_ERR("%s: cannot create folder: %s", absdir, strerror(e));
		people_message(res->message, sizeof(res->message), e);
		return;
	}
	struct image *strip = j->composed ? j->composed : saver_compose_job(sv, j);
	j->composed = NULL;
	if (!write_files(sv, j, strip, &f, err, sizeof(err))) {
		int e = errno;
		LOG_ERR("%s: the session could not be written: %s", f.reldir, strerror(e));
		LOG_DBG("%s", err);
		remove_written(sv, f.w, f.n, f.reldir);
		people_message(res->message, sizeof(res->message), e);
	} else if (!record(sv, j, &f, res)) {
		LOG_ERR("session %.8s: database: %s", f.uuid, store_errmsg(sv->store));
		store_rollback(sv->store);
		remove_written(sv, f.w, f.n, f.reldir);
		snprintf(res->message, sizeof(res->message), "%s",
			 _("The photo could not be recorded (database error). Check-in still "
			   "works."));
	} else {
		if (j->has_person && j->shots->count > 0) {
			saver_make_badge(sv, j->person.id, false, true);
		}
		res->ok = true;
		res->files = f.n;
		res->shared = j->share_token[0] && sv->share_folder[0] && publish(sv, j, &f);
		int shown =
			f.n - 1; /* the strip (a boomerang's card), which comes after the shots */
		while (shown > 0 && f.w[shown].kind != STORE_PHOTO_STRIP) {
			shown--;
		}
		snprintf(res->message, sizeof(res->message), "%s", f.w[shown].rel);
		LOG_INFO("session %.8s saved: %d files under %s", f.uuid, f.n, f.reldir);
	}
	image_destroy(strip);
}
