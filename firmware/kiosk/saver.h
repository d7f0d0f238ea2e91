/* The save workers: threads that compose review images, write sessions and badges to disk, and
 * export, so that nothing slow runs on the UI thread. Two workers: one for guests (compose,
 * save, badges, in the order given) and one for exports and badges remade at start, so that a
 * guest's save never waits behind an export of the whole day. Both run below the UI thread's
 * priority. Results come back through the listener, called on a worker thread: the listener hands
 * them on (SDL_PushEvent) and must not touch UI or booth state itself. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "image.h"
#include "layout.h"
#include "person.h"
#include "picture.h"
#include "roster.h"

#define SHOTSET_FRAMES 60

/* A session's shots, shared between the main thread and queued jobs. Created with one
 * reference; the last shotset_unref() frees the images. Thread-safe. */
struct shotset {
	int refs; /* atomic */
	int count;
	struct image *shots[16];
	/* a boomerang: its burst of small frames (shots[0] is then the middle one at the
	 * preview's full size, for the printed card) */
	int frame_count, frame_ms;
	struct image *frames[SHOTSET_FRAMES];
};

struct shotset *shotset_create(void);
struct shotset *shotset_ref(struct shotset *s);
void shotset_unref(struct shotset *s); /* accepts NULL */

struct saver_result {
	uint32_t session; /* the number given with the job */
	bool ok;
	char message[300]; /* ok: where the strip is ("photos/…jpg"); else what failed, for people
			    */
	int files;         /* files written */
	enum saver_print {
		SAVER_PRINT_NONE,   /* none asked for */
		SAVER_PRINT_QUEUED, /* a print row went in with the session */
		SAVER_PRINT_LIMIT,  /* the event's print limit is reached: none */
	} print;
	bool shared; /* its page for phones is in the share folder */
};

/* A guest list from a USB stick, read or imported on the background worker. */
struct saver_import {
	bool dry_run;
	bool ok;                      /* it can be (or was) imported */
	char file[128];               /* its name, without the folder */
	char message[PATH_MAX + 256]; /* why not, for people; "" when ok */
	struct roster_preview preview;
	struct roster_report report;
};

struct saver_listener {
	/* The review image of `session`; ownership passes to the callee. */
	void (*composed)(void *data, uint32_t session, struct image *img);
	void (*saved)(void *data, const struct saver_result *result);
	/* An export's progress, and its end with a message for people; may be NULL. */
	void (*export_progress)(void *data, int done, int total);
	void (*exported)(void *data, bool ok, const char *message);
	/* A guest list read (dry_run) or imported; may be NULL. The result is the callee's to
	 * keep only for the call. */
	void (*imported)(void *data, const struct saver_import *result);
	void *data;
};

struct saver;

/* Starts the worker for data_dir, which must exist. The fonts (may be NULL) draw layout footers
 * and badges.
 * NULL on failure with `err` set. Free with saver_destroy(), which finishes queued jobs first. */
struct saver *saver_create(const char *data_dir, const char *font, const char *font_bold,
			   const struct saver_listener *listener, char *err, size_t errlen);
void saver_destroy(struct saver *sv);

/* Queues composing the review image. Takes its own reference to shots. */
void saver_compose(struct saver *sv, uint32_t session, const struct layout *layout,
		   struct shotset *shots);

/* The attendee a photo or badge belongs to. */
struct saver_session {
	uint32_t session;
	const struct layout *layout; /* copied */
	struct shotset *shots;       /* a reference is taken */
	struct image *composed;      /* may be NULL; ownership passes to the saver */
	const struct person *person; /* copied; NULL for a walk-up session. The files carry
				      * the name's slug, and the badge is made with the
				      * first shot once the photos are stored. */
	int print_copies;            /* sheets to print (saver_set_printing), 0 = none */
	const char *share_token;     /* its page for phones goes under this token (copied);
				      * NULL = none (saver_set_share) */
	const char *language;        /* the guest's language (i18n.h), for their page and the
				      * message if the save fails; NULL or "" = the event's */
};

/* Queues writing the shots and the strip: each file atomically, then the session and photo
 * rows in one transaction. On any failure the files of this session are removed again, so a
 * session is stored whole or not at all. */
void saver_save(struct saver *sv, const struct saver_session *job);

/* Queues (re)making an attendee's badge, drawn from what the database holds: their details
 * and newest photo (store_badge_wanted), so that every kiosk draws the same one. The old badge
 * is replaced. With `print`, the badge is also queued for the badge printer, once per person
 * (staff reprint from the print worker). The outcome is logged. */
void saver_badge(struct saver *sv, int64_t attendee, bool print);
/* Queues a badge for someone whose badge is missing or no longer the one wanted
 * (store_each_stale_badge: a check-in from a shell or another kiosk, a photo or a change that
 * came from another kiosk, or a welcome just before the power went), on the background worker:
 * a batch of them never delays a guest. Made only if it is still not the one wanted when its
 * turn comes. */
void saver_badge_stale(struct saver *sv, int64_t attendee);
/* Queues, on the background worker, the search for every badge that is missing or stale and
 * their drawing (after a start, an import, or a round that brought another kiosk's facts): the
 * search reads every checked-in guest, which is no work for the screen's thread. */
void saver_badges_refresh(struct saver *sv);

/* Where prints go: a print row is added in the same transaction as the photos or the badge
 * (print.h sends it). Empty names print nothing. Set before the first job. */
struct saver_printing {
	char strip_printer[128], badge_printer[128];
	int limit; /* strip sheets for the event, 0 = no limit */
};
void saver_set_printing(struct saver *sv, const struct saver_printing *printing);

/* How shots and strips are written: JPEG at `quality` (the default, 92) or PNG. Badges are
 * PNG either way. Set before the first job. */
struct saver_photos {
	enum picture_format format;
	int quality;
};
void saver_set_photos(struct saver *sv, const struct saver_photos *photos);

/* Pages for phones: after a session with a share token is stored, its page is written into
 * `folder` (share.h) and recorded with the session. Set before the first job. */
void saver_set_share(struct saver *sv, const char *folder);

/* Queues reading (dry_run: a preview, nothing stored) or importing the guest list at path on
 * the background worker, rows that cannot be imported left out; `imported` follows. */
void saver_import(struct saver *sv, const char *path, bool dry_run);

/* Queues an export of the data folder into out_dir (export.h), then syncs it. */
void saver_export(struct saver *sv, const char *out_dir);

/* Holds the background worker (it takes no new job) or lets it go on: for tests that must know
 * a guest's save did not wait for the background queue. saver_destroy() finishes the queue
 * even while held. */
void saver_hold_background(struct saver *sv, bool hold);

/* Blocks until every queued job has finished and its listener call has returned. */
void saver_wait_idle(struct saver *sv);
