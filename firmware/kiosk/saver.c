#define _GNU_SOURCE
#include "saver.h"

#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "animation.h"
#include "badge.h"
#include "error.h"
#include "export.h"
#include "fileio.h"
#include "glyphs.h"
#include "names.h"
#include "parallel.h"
#include "photo.h"
#include "picture.h"
#include "saver-private.h"
#include "share.h"
#include "store.h"
#include "store_print.h"
#include "store_share.h"
#include "xalloc.h"

#define LOG_MODULE "saver"
#include "log.h"

struct shotset *shotset_create(void)
{
	struct shotset *s = xcalloc(1, sizeof(*s));
	atomic_init((_Atomic int *)&s->refs, 1);
	return s;
}

struct shotset *shotset_ref(struct shotset *s)
{
	atomic_fetch_add((_Atomic int *)&s->refs, 1);
	return s;
}

void shotset_unref(struct shotset *s)
{
	if (!s || atomic_fetch_sub((_Atomic int *)&s->refs, 1) != 1) {
		return;
	}
	for (int i = 0; i < s->count; i++) {
		image_destroy(s->shots[i]);
	}
	for (int i = 0; i < s->frame_count; i++) {
		image_destroy(s->frames[i]);
	}
	free(s);
}

enum job_type {
	JOB_COMPOSE,
	JOB_SAVE,
	JOB_BADGE,
	JOB_EXPORT,
	JOB_IMPORT,
};

struct job {
	enum job_type type;
	uint32_t session;
	struct layout layout;
	struct shotset *shots;
	struct image *composed;
	char out_dir[PATH_MAX];
	bool has_person;
	struct person person;
	bool only_if_missing; /* a badge: made only if the person still has none */
	bool print;           /* a badge: printed (once) when a badge printer is set */
	int print_copies;     /* a session: sheets to print, 0 = none */
	bool dry_run;         /* an import: only its preview */
	char share_token[27]; /* a session: its page for phones, "" = none */
	struct job *next;
};

/* Guests' jobs (compose, save, and the badge a check-in makes) have a lane of their own, so
 * that they never wait behind an export of the whole day or a batch of badges remade at start.
 * A check-in's badge stays in the guests' lane, in order with the save that makes the same
 * person's badge with their photo; a remade badge goes to the background and is made only if
 * the person has none by then (saver_make_badge). */
enum { LANE_GUESTS, LANE_BACKGROUND, LANE_COUNT };

struct saver {
	struct lane lanes[LANE_COUNT];
	pthread_mutex_t badge_lock;
	struct saver_printing printing; /* set before the first job */
	struct saver_photos photos;     /* likewise */
	char share_folder[PATH_MAX];    /* likewise */
};

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

static struct image *compose(struct lane *sv, struct job *j)
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
	snprintf(out, outlen, "Photos are not being saved: %s. Check-in still works.",
		 fileio_describe_errno(err));
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
	const char *title = boomerang ? "Your boomerang" : n > 1 ? "Your photos" : "Your photo";
	if (!share_publish(sv->share_folder, j->share_token, title, files, n, err, sizeof(err))) {
		LOG_WARN("session %.8s: its page for phones could not be written: %s", f->uuid,
			 strerror(errno));
		LOG_DBG("%s", err);
		return false;
	}
	return true;
}

static void save(struct lane *sv, struct job *j, struct saver_result *res)
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
	struct image *strip = j->composed ? j->composed : compose(sv, j);
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
		snprintf(res->message, sizeof(res->message),
			 "The photo could not be recorded (database error). Check-in still works.");
	} else {
		if (j->has_person && j->shots->count > 0) {
			saver_make_badge(sv, &j->person, j->shots->shots[0], false, true);
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

static void export_progress(void *ctx, int done, int total)
{
	struct lane *sv = ctx;
	if (sv->listener.export_progress) {
		sv->listener.export_progress(sv->listener.data, done, total);
	}
}

static void export_job(struct lane *sv, struct job *j)
{
	struct export_report r;
	struct error e;
	char msg[PATH_MAX + 640];
	bool ok = export_run(sv->store, sv->data_dir, j->out_dir, export_progress, sv, &r, &e);
	if (ok) {
		/* the stick can be pulled as soon as we say so */
		int fd = open(j->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			syncfs(fd);
			close(fd);
		}
		snprintf(msg, sizeof(msg),
			 "Exported %d photo%s and %d badge%s (%d new file%s). You can remove the "
			 "USB stick now.",
			 r.photos, r.photos == 1 ? "" : "s", r.badges, r.badges == 1 ? "" : "s",
			 r.copied, r.copied == 1 ? "" : "s");
		LOG_INFO("exported: %d photos, %d badges, %d files copied", r.photos, r.badges,
			 r.copied);
	} else {
		snprintf(msg, sizeof(msg), "The export failed: %s", e.message);
		LOG_ERR("export (%s): %s", error_code_name(e.code), e.message);
	}
	if (sv->listener.exported) {
		sv->listener.exported(sv->listener.data, ok, msg);
	}
}

static void run_job(struct lane *sv, struct job *j)
{
	if (j->type == JOB_COMPOSE) {
		struct image *img = compose(sv, j);
		if (sv->listener.composed) {
			sv->listener.composed(sv->listener.data, j->session, img);
		} else {
			image_destroy(img);
		}
		return;
	}
	if (j->type == JOB_EXPORT) {
		export_job(sv, j);
		return;
	}
	if (j->type == JOB_IMPORT) {
		saver_import_job(sv, j->out_dir, j->dry_run);
		return;
	}
	if (j->type == JOB_BADGE) {
		saver_make_badge(sv, &j->person, j->shots ? j->shots->shots[0] : NULL,
				 j->only_if_missing, j->print && !j->only_if_missing);
		return;
	}
	struct saver_result res = {.session = j->session};
	save(sv, j, &res);
	if (sv->listener.saved) {
		sv->listener.saved(sv->listener.data, &res);
	}
}

static void *thread_main(void *arg)
{
	struct lane *sv = arg;
	parallel_background();
	pthread_mutex_lock(&sv->lock);
	for (;;) {
		while ((!sv->head || sv->held) && !sv->stopping) {
			pthread_cond_wait(&sv->wake, &sv->lock);
		}
		if (!sv->head) {
			break;
		}
		struct job *j = sv->head;
		sv->head = j->next;
		if (!sv->head) {
			sv->tail = NULL;
		}
		sv->busy = true;
		pthread_mutex_unlock(&sv->lock);

		run_job(sv, j);
		shotset_unref(j->shots);
		image_destroy(j->composed);
		free(j);

		pthread_mutex_lock(&sv->lock);
		sv->busy = false;
		if (!sv->head) {
			pthread_cond_broadcast(&sv->idle);
		}
	}
	pthread_mutex_unlock(&sv->lock);
	return NULL;
}

static void lane_finish(struct lane *l)
{
	if (l->started) {
		pthread_mutex_lock(&l->lock);
		l->stopping = true;
		pthread_cond_signal(&l->wake);
		pthread_mutex_unlock(&l->lock);
		pthread_join(l->thread, NULL);
	}
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->wake);
	pthread_cond_destroy(&l->idle);
	glyphs_destroy(l->glyphs);
	glyphs_destroy(l->glyphs_regular);
	store_close(l->store);
}

static bool lane_init(struct lane *l, const char *name, const char *data_dir, const char *font,
		      const char *font_bold, const struct saver_listener *listener,
		      pthread_mutex_t *badge_lock, char *err, size_t errlen)
{
	l->name = name;
	l->badge_lock = badge_lock;
	snprintf(l->data_dir, sizeof(l->data_dir), "%s", data_dir);
	l->listener = *listener;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->wake, NULL);
	pthread_cond_init(&l->idle, NULL);
	struct error e;
	l->store = store_open(data_dir, &e);
	if (!l->store) {
		snprintf(err, errlen, "%s", e.message);
		return false;
	}
	if (font_bold && font_bold[0]) {
		l->glyphs = glyphs_create(font_bold);
	}
	if (font && font[0]) {
		l->glyphs_regular = glyphs_create(font);
	}
	if (pthread_create(&l->thread, NULL, thread_main, l) != 0) {
		snprintf(err, errlen, "cannot start the %s worker", name);
		return false;
	}
	l->started = true;
	return true;
}

struct saver *saver_create(const char *data_dir, const char *font, const char *font_bold,
			   const struct saver_listener *listener, char *err, size_t errlen)
{
	struct saver *sv = xcalloc(1, sizeof(*sv));
	static const char *const names[LANE_COUNT] = {"save", "background"};
	pthread_mutex_init(&sv->badge_lock, NULL);
	sv->photos = (struct saver_photos){.format = PICTURE_JPEG, .quality = 92};
	int n = 0;
	for (; n < LANE_COUNT; n++) {
		sv->lanes[n].printing = &sv->printing;
		sv->lanes[n].photos = &sv->photos;
		sv->lanes[n].share_folder = sv->share_folder;
		if (!lane_init(&sv->lanes[n], names[n], data_dir, font, font_bold, listener,
			       &sv->badge_lock, err, errlen)) {
			goto err_lanes;
		}
	}
	return sv;

err_lanes:
	for (int i = n; i >= 0; i--) {
		lane_finish(&sv->lanes[i]);
	}
	pthread_mutex_destroy(&sv->badge_lock);
	free(sv);
	return NULL;
}

void saver_destroy(struct saver *sv)
{
	if (!sv) {
		return;
	}
	for (int i = 0; i < LANE_COUNT; i++) {
		lane_finish(&sv->lanes[i]);
	}
	pthread_mutex_destroy(&sv->badge_lock);
	free(sv);
}

static void enqueue(struct saver *saver, struct job *j)
{
	bool background = j->type == JOB_EXPORT || j->type == JOB_IMPORT || j->only_if_missing;
	struct lane *sv = &saver->lanes[background ? LANE_BACKGROUND : LANE_GUESTS];
	pthread_mutex_lock(&sv->lock);
	if (sv->tail) {
		sv->tail->next = j;
	} else {
		sv->head = j;
	}
	sv->tail = j;
	pthread_cond_signal(&sv->wake);
	pthread_mutex_unlock(&sv->lock);
}
void saver_compose(struct saver *sv, uint32_t session, const struct layout *layout,
		   struct shotset *shots)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_COMPOSE;
	j->session = session;
	j->layout = *layout;
	j->shots = shotset_ref(shots);
	enqueue(sv, j);
}

void saver_save(struct saver *sv, const struct saver_session *s)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_SAVE;
	j->session = s->session;
	j->layout = *s->layout;
	j->shots = shotset_ref(s->shots);
	j->composed = s->composed;
	j->print_copies = s->print_copies;
	if (s->share_token) {
		snprintf(j->share_token, sizeof(j->share_token), "%s", s->share_token);
	}
	if (s->person) {
		j->has_person = true;
		j->person = *s->person;
	}
	enqueue(sv, j);
}

void saver_badge(struct saver *sv, const struct person *p, struct shotset *photo, bool print)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_BADGE;
	j->print = print;
	j->has_person = true;
	j->person = *p;
	j->shots = photo && photo->count > 0 ? shotset_ref(photo) : NULL;
	enqueue(sv, j);
}

void saver_badge_missing(struct saver *sv, const struct person *p)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_BADGE;
	j->has_person = true;
	j->person = *p;
	j->only_if_missing = true;
	enqueue(sv, j);
}

void saver_export(struct saver *sv, const char *out_dir)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_EXPORT;
	snprintf(j->out_dir, sizeof(j->out_dir), "%s", out_dir);
	enqueue(sv, j);
}

void saver_import(struct saver *sv, const char *path, bool dry_run)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_IMPORT;
	j->dry_run = dry_run;
	snprintf(j->out_dir, sizeof(j->out_dir), "%s", path);
	enqueue(sv, j);
}

void saver_set_printing(struct saver *sv, const struct saver_printing *printing)
{
	sv->printing = *printing;
}

void saver_set_photos(struct saver *sv, const struct saver_photos *photos)
{
	sv->photos = *photos;
}

void saver_set_share(struct saver *sv, const char *folder)
{
	snprintf(sv->share_folder, sizeof(sv->share_folder), "%s", folder ? folder : "");
}

void saver_hold_background(struct saver *saver, bool hold)
{
	struct lane *l = &saver->lanes[LANE_BACKGROUND];
	pthread_mutex_lock(&l->lock);
	l->held = hold;
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
}

void saver_wait_idle(struct saver *saver)
{
	for (int i = 0; i < LANE_COUNT; i++) {
		struct lane *sv = &saver->lanes[i];
		pthread_mutex_lock(&sv->lock);
		while (sv->head || sv->busy) {
			pthread_cond_wait(&sv->idle, &sv->lock);
		}
		pthread_mutex_unlock(&sv->lock);
	}
}
