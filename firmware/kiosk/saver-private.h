/* Inside the saver: shared by saver.c (the workers, sessions, exports) and saver_badge.c (the
 * badges). */
#pragma once

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "person.h"
#include "saver.h"
#include "store.h"

struct glyphs;

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
	bool only_if_stale;   /* a badge: made only if the person's is not the one wanted */
	bool print;           /* a badge: printed (once) when a badge printer is set */
	int print_copies;     /* a session: sheets to print, 0 = none */
	bool dry_run;         /* an import: only its preview */
	char share_token[27]; /* a session: its page for phones, "" = none */
	char language[8];     /* a session: its guest's, for their page and what they are told */
	struct job *next;
};

/* One worker thread with its queue and its own database connection and glyphs (neither sqlite
 * connections nor FreeType faces are shared between threads). */
struct lane {
	const char *name;
	char data_dir[PATH_MAX];
	struct saver_listener listener;
	struct store *store;
	struct glyphs *glyphs;         /* bold: footers, badge names */
	struct glyphs *glyphs_regular; /* badge organizations */
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t wake, idle;
	struct job *head, *tail;
	bool busy, stopping;
	bool held; /* takes no new job until released (tests: saver_hold_background) */
	pthread_mutex_t *badge_lock; /* the saver's: one badge written at a time, whichever lane */
	const struct saver_printing *printing; /* the saver's */
	const struct saver_photos *photos;     /* the saver's */
	const char *share_folder;              /* the saver's; "" = no pages for phones */
};

struct written {
	char rel[PATH_MAX];
	char sha[65];
	int64_t bytes;
	int width, height;
	enum store_photo_kind kind;
};

struct encoded {
	const struct image *img;
	enum picture_format format; /* PICTURE_PNG when zeroed */
	int quality;
	const struct photo_exif *exif; /* JPEG: may be NULL */
	/* instead of img, a boomerang's frames as a GIF or a WebP */
	enum { ENCODE_IMAGE, ENCODE_GIF, ENCODE_WEBP } what;
	const struct shotset *anim;
	unsigned char *data;
	size_t len;
	bool ok;
};

/* A session's review image, and the session stored (saver_session.c). */
struct image *saver_compose_job(struct lane *sv, struct job *j);
void saver_save_job(struct lane *sv, struct job *j, struct saver_result *res);

/* Encodes e[i] (a parallel_for body). */
void saver_encode_one(void *ctx, int i);

/* Reads (dry_run) or imports the guest list at path, and tells the listener (saver_import.c). */
void saver_import_job(struct lane *sv, const char *path, bool dry_run);

/* Draws the attendee's badge from the database's facts (store_badge_wanted); when
 * only_if_stale, only if theirs is not that one already; and queues its print when `print` and
 * a badge printer is set. */
bool saver_make_badge(struct lane *sv, int64_t attendee, bool only_if_stale, bool print);
/* Draws every badge store_each_stale_badge names, one after another. */
void saver_refresh_badges(struct lane *sv);
