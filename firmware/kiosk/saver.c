#define _GNU_SOURCE
#include "saver.h"

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

#include "error.h"
#include "export.h"
#include "glyphs.h"
#include "i18n.h"
#include "parallel.h"
#include "saver-private.h"
#include "store.h"
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

/* Guests' jobs (compose, save, and the badge a check-in makes) have a lane of their own, so
 * that they never wait behind an export of the whole day or a batch of badges remade at start.
 * A check-in's badge stays in the guests' lane, in order with the save that makes the same
 * person's badge with their photo; a remade badge goes to the background and is made only if
 * the person's is still not the one wanted by then (saver_make_badge). */
enum { LANE_GUESTS, LANE_BACKGROUND, LANE_COUNT };

struct saver {
	struct lane lanes[LANE_COUNT];
	pthread_mutex_t badge_lock;
	struct saver_printing printing; /* set before the first job */
	struct saver_photos photos;     /* likewise */
	char share_folder[PATH_MAX];    /* likewise */
};

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
		char photos[64], badges[64], files[64];
		snprintf(photos, sizeof(photos), ngettext_("%d photo", "%d photos", r.photos),
			 r.photos);
		snprintf(badges, sizeof(badges), ngettext_("%d badge", "%d badges", r.badges),
			 r.badges);
		snprintf(files, sizeof(files), ngettext_("%d new file", "%d new files", r.copied),
			 r.copied);
		/* TRANSLATORS: "Exported 12 photos and 3 badges (15 new files)." */
		snprintf(msg, sizeof(msg),
			 _("Exported %s and %s (%s). You can remove the USB stick now."), photos,
			 badges, files);
		LOG_INFO("exported: %d photos, %d badges, %d files copied", r.photos, r.badges,
			 r.copied);
	} else {
		snprintf(msg, sizeof(msg), _("The export failed: %s"), e.message);
		LOG_ERR("export (%s): %s", error_code_name(e.code), e.message);
	}
	if (sv->listener.exported) {
		sv->listener.exported(sv->listener.data, ok, msg);
	}
}

static void run_job(struct lane *sv, struct job *j)
{
	if (j->type == JOB_COMPOSE) {
		struct image *img = saver_compose_job(sv, j);
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
		if (j->person.id) {
			saver_make_badge(sv, j->person.id, j->only_if_stale,
					 j->print && !j->only_if_stale);
		} else {
			saver_refresh_badges(sv);
		}
		return;
	}
	struct saver_result res = {.session = j->session};
	i18n_set_language(j->language);
	saver_save_job(sv, j, &res);
	i18n_set_language("");
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
	bool background = j->type == JOB_EXPORT || j->type == JOB_IMPORT || j->only_if_stale;
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
	snprintf(j->language, sizeof(j->language), "%s", s->language ? s->language : "");
	if (s->person) {
		j->has_person = true;
		j->person = *s->person;
	}
	enqueue(sv, j);
}

void saver_badge(struct saver *sv, int64_t attendee, bool print)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_BADGE;
	j->print = print;
	j->has_person = true;
	j->person.id = attendee;
	enqueue(sv, j);
}

void saver_badges_refresh(struct saver *sv)
{
	saver_badge_stale(sv, 0);
}

void saver_badge_stale(struct saver *sv, int64_t attendee)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->type = JOB_BADGE;
	j->has_person = true;
	j->person.id = attendee;
	j->only_if_stale = true;
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
