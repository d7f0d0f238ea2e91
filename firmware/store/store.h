/* The database DATA/gatherbooth.db: attendees, check-ins, photo sessions, photos and an
 * append-only audit log, in sqlite with WAL and synchronous=FULL, so that a committed row
 * survives a power cut. One struct store per thread (the main thread and the saver each open
 * their own); sqlite serialises writers between them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_SCHEMA_VERSION 7
#define STORE_DB_NAME "gatherbooth.db"

struct store;

struct error;

/* Opens (creating if needed) DATA_DIR/gatherbooth.db and migrates it to the current schema.
 * NULL on failure with e: its message names the file and the reason, its code says which
 * (ERROR_LOCKED, ERROR_DAMAGED, ERROR_READ_ONLY, ERROR_FULL; ERROR_FAILED for a newer
 * gatherbooth's schema). Free with store_close(). */
struct store *store_open(const char *data_dir, struct error *e);
void store_close(struct store *st);

/* Whether a write can start now: false with e (ERROR_LOCKED: "database is locked", "attempt to
 * write a readonly database") after the busy timeout. The booth checks this at start, so that a
 * database another program holds is shown at once rather than at the first check-in. */
bool store_check_writable(struct store *st, struct error *e);

/* The last error of this connection, for people. Valid until the next call. */
const char *store_errmsg(struct store *st);

/* The underlying connection, for modules that keep their own statements (roster, search).
 * Owned by the store. */
struct sqlite3 *store_db(struct store *st);

bool store_begin(struct store *st);
bool store_commit(struct store *st);
void store_rollback(struct store *st);

enum store_photo_kind {
	STORE_PHOTO_SHOT,
	STORE_PHOTO_STRIP,
	STORE_PHOTO_BADGE,
	STORE_PHOTO_ANIMATION, /* a boomerang, as GIF or WebP */
};

struct store_photo {
	enum store_photo_kind kind;
	const char *path; /* relative to the data dir */
	int width, height;
	int64_t bytes;
	const char *sha256;    /* 64 hex digits */
	int64_t attendee;      /* 0 = none */
	const char *badge_key; /* a badge: what it was drawn from (store_badge_wanted) */
};

/* Inserts a session row (uuid given, so that file names can carry it). *id receives its id. */
bool store_session_add(struct store *st, const char *uuid, const char *layout, int64_t attendee,
		       const char *started, int64_t *id);
/* Finds a session by the start of its uuid; *id = 0 when none. */
bool store_session_find(struct store *st, const char *uuid_prefix, int64_t *id);
bool store_photo_add(struct store *st, int64_t session, const struct store_photo *p);
bool store_photo_delete_path(struct store *st, const char *path);
/* Inside a transaction: removes the attendee's badge rows, returning their paths (malloc'd
 * array of malloc'd strings) for the caller to delete once the new badge is committed. */
bool store_badge_replace(struct store *st, int64_t attendee, char ***paths, int *n);
/* The badge an attendee should have: drawn from the photo at `photo` (relative to the data
 * dir; "" = none) and their name, organization and code, all named by `key`; `current` when
 * their badge is that one already. Every kiosk holding the same facts wants the same badge. */
struct store_badge {
	char photo[4096];
	char key[1024];
	bool current;
};
bool store_badge_wanted(struct store *st, int64_t attendee, struct store_badge *out);
/* Attendees who should have a badge (ever checked in, or photographed) and lack the one
 * store_badge_wanted names: new, or their photo or details changed, here or at another kiosk,
 * or the power went before it was made. Handed to fn one id a call; false on a database
 * error. */
bool store_each_stale_badge(struct store *st, void (*fn)(void *ctx, int64_t attendee), void *ctx);

/* Calls fn for every photo row's path (relative to the data dir). */
bool store_photo_paths(struct store *st, void (*fn)(const char *path, void *ctx), void *ctx);

/* The photo files whose rows a withdrawal of consent removed (here or on another kiosk), to be
 * deleted; once they are, store_doomed_clear() takes them off the list, so that a power cut in
 * between leaves them listed. Free with store_free_paths(). */
bool store_doomed_list(struct store *st, char ***paths, int *n);
bool store_doomed_clear(struct store *st, char **paths, int n);
void store_free_paths(char **paths, int n);

/* Appends to the audit log. subject and detail may be NULL. */
bool store_event(struct store *st, const char *kind, const char *subject, const char *detail);

struct store_stats {
	int64_t attendees, checked_in, walk_ins, photos, strips, shots, sessions;
	int64_t prints_strips, prints_badges; /* sheets and badges printed (CUPS completed) */
};
bool store_stats(struct store *st, struct store_stats *out);

/* This kiosk's id (a uuid kept in the database). Owned by the store. */
const char *store_kiosk_id(struct store *st);

/* A random RFC 4122 version 4 UUID, 36 characters plus NUL. */
void store_uuid(char out[37]);
/* Now as UTC ISO 8601 ("2026-11-28T22:15:03Z"). */
void store_now_iso(char out[32]);

/* What `gatherbooth check` reports of a database file, read-only: never a repair. */
enum store_health {
	STORE_HEALTH_OK,
	STORE_HEALTH_LOCKED,  /* another program holds it */
	STORE_HEALTH_DAMAGED, /* unreadable, or quick_check found damage */
	STORE_HEALTH_NEWER,   /* a newer gatherbooth's schema */
};
struct store_report {
	enum store_health health;
	char detail[256]; /* SQLite's words, for LOCKED and DAMAGED */
	int version;      /* PRAGMA user_version */
	long long people, checkins, photos;
};
void store_inspect(const char *path, struct store_report *out);
