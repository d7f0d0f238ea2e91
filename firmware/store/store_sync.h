/* Several kiosks, one event: this kiosk's facts (the f_ tables, see the store's migration 6)
 * leave as numbered SQLite session changesets, and other kiosks' changesets are applied here in
 * order, once each. The store knows nothing of files: the caller (kiosk/peers.c) reads and
 * writes them. Part of the store; same thread rules. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fold;
struct store;

/* A changeset larger than this is refused unread (a day at a busy door is a few megabytes). */
#define STORE_SYNC_MAX_BYTES (256LL * 1024 * 1024)

/* Names this kiosk ("Door A") for the others, when the name is not already the newest one. */
bool store_sync_set_name(struct store *st, const char *name);

/* Puts this kiosk's facts that no changeset holds yet into the next one, kept in the outbox in
 * the same transaction. *seq: its number, 0 when there was nothing new. */
bool store_sync_collect(struct store *st, int64_t *seq);
/* The newest changeset in the outbox, 0 when none. */
bool store_sync_last(struct store *st, int64_t *seq);
/* Changeset `seq` of this kiosk (malloc'd; free it). *found = false when there is none. */
bool store_sync_outbox(struct store *st, int64_t seq, void **blob, int *size, bool *found);

/* A photo that a changeset names, as the fact gives it. */
struct store_sync_photo {
	const char *device; /* the kiosk that took it */
	const char *path;   /* relative to that kiosk's data folder: photos/... */
	const char *sha256;
	int64_t bytes;
};
/* Calls fn for each photo in a changeset; false if it does not parse. */
bool store_sync_each_photo(const void *blob, int size,
			   void (*fn)(void *ctx, const struct store_sync_photo *p), void *ctx);

enum store_sync_verdict {
	STORE_SYNC_APPLIED,
	STORE_SYNC_WAITING, /* it names a person, check-in, session or photo not here yet */
	STORE_SYNC_DAMAGED, /* refused; the database is as it was */
	STORE_SYNC_FAILED,  /* the database could not take it now (full, locked): try again */
};

/* Whether a photo's file is ready (copied into this kiosk's data folder): 0 yes, 1 not yet
 * (waiting), 2 it is not the photo the fact describes (damaged); `why` says which. */
typedef int (*store_sync_photo_fn)(void *ctx, const struct store_sync_photo *p, char *why,
				   size_t whylen);

/* The last changeset of `device` applied here, 0 when none. */
bool store_sync_applied(struct store *st, const char *device, int64_t *seq);

/* Validates and applies changeset `seq` of `device`, which must be the next one. Every row
 * must be an insert into a fact table, made by `device`, of the right shape; a row that is
 * already here identically is left out; anything else refuses the whole changeset. The
 * applied sequence is stored in the same transaction. `why` says what is waited for, or what
 * is wrong, in one line. */
enum store_sync_verdict store_sync_apply(struct store *st, struct fold *fold, const char *device,
					 int64_t seq, const void *blob, int size,
					 store_sync_photo_fn photo, void *ctx, char *why,
					 size_t whylen);

/* Records what happened to changeset `seq` of `device` when it was not applied: waiting (shown
 * to staff), or damaged (recorded, shown, and passed over so the kiosk's later changesets can
 * come in). */
bool store_sync_note(struct store *st, const char *device, int64_t seq,
		     enum store_sync_verdict verdict, const char *why);

/* The other kiosks, as staff see them. */
struct store_peer {
	const char *device, *name; /* name "" when it has none */
	int64_t applied;           /* changesets applied here */
	const char *applied_at;    /* when the last one was, UTC ISO 8601, or "" */
	const char *waiting;       /* what it waits for, or "" */
	int64_t damaged;           /* changesets refused */
	int64_t checkins;          /* its standing check-ins */
	int64_t photos;
};
/* The standing check-ins made at kiosk `device` (this one: store_kiosk_id()); -1 on error. */
long long store_checkins_by(struct store *st, const char *device);
bool store_sync_each_peer(struct store *st, void (*fn)(void *ctx, const struct store_peer *p),
			  void *ctx);
