/* Several kiosks at one door: the sync folder that Syncthing shares (or a USB stick carries).
 * In it each kiosk writes its own changesets, DEVICE-SEQ.changeset, numbered, written
 * atomically and never rewritten, and its own photos under DEVICE/photos/...; the store
 * (store_sync.h) makes and applies the changesets. A round writes what is new here and applies
 * what is new there; the peers worker runs one every second, `gatherbooth sync` one from a
 * shell. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fold;
struct store;

struct peers {
	const char *data_dir, *folder;
	struct store *store;
	struct fold *fold;
	int64_t written; /* this kiosk's changesets known to be in the folder */
	/* each thing a round does, as one line for a person (may be NULL) */
	void (*say)(void *ctx, const char *line);
	void *ctx;
};

struct peers_report {
	int sent;      /* changesets of this kiosk written into the folder */
	int applied;   /* changesets of other kiosks applied */
	int waiting;   /* kiosks whose next changeset waits (a gap, or what it names) */
	int refused;   /* changesets refused as damaged */
	int removed;   /* photo files removed after a withdrawal of consent */
	int64_t facts; /* rows in the changesets applied */
};

/* One round. False (err says why, naming the folder or file) when the folder or the database
 * cannot be used now; damaged changesets are no failure (counted, recorded, told). */
bool peers_round(struct peers *p, struct peers_report *r, char *err, size_t errlen);

/* Copies into `to` every changeset and photo file of `from` that `to` lacks (a USB stick: the
 * folder out to it, or what it brings in). Files already there are never rewritten. *copied:
 * how many. */
bool peers_carry(const char *from, const char *to, int *copied, char *err, size_t errlen);

/* Removes a photo file after a withdrawal of consent: from the data folder and, when this
 * kiosk took it, from the sync folder (folder may be NULL). */
void peers_remove_photo(const char *data_dir, const char *folder, const char *device,
			const char *rel);

/* The peers worker: a thread of its own with its own connection, one round a second and one
 * at once when woken (a check-in here, a photo saved), and a last one when it stops, so that
 * nothing made here waits for the next start to leave. */
struct peers_status {
	bool ok;           /* the last round went through */
	char problem[300]; /* why not, for staff; "" when ok */
	int waiting;       /* kiosks whose next changeset waits */
	long long applied; /* changesets applied since start */
	long long refused; /* changesets refused since start */
	long long sent;    /* changesets of this kiosk written since start */
	/* a carry to and from a USB stick that just ended: 1 done (and on the stick, synced),
	 * -1 failed (problem says why), 0 none in this report; with the files it moved */
	int carried;
	int carried_in, carried_out;
};

struct peers_listener {
	/* Something came in, or the state changed; called on the worker's thread. */
	void (*status)(void *data, const struct peers_status *status);
	void *data;
};

struct peers_worker;

/* NULL with err when the data folder cannot be opened; a missing sync folder is no reason
 * not to start (staff see it). */
/* syncthing_dir: the config's [peers] syncthing, "" when none. */
struct peers_worker *peers_worker_create(const char *data_dir, const char *folder, const char *name,
					 const char *syncthing_dir,
					 const struct peers_listener *listener, char *err,
					 size_t errlen);
void peers_worker_destroy(struct peers_worker *pw);
void peers_worker_wake(struct peers_worker *pw);
/* A USB stick's folder: bring in what it holds, then put on it everything this kiosk knows,
 * and pair with the kiosks whose codes it carries; the outcome comes as a status. */
void peers_worker_carry(struct peers_worker *pw, const char *stick_folder);

/* Whether `id` is a Syncthing device id (eight groups of seven of A-Z and 2-7). */
bool peers_is_syncthing_id(const char *id);
/* Asks Syncthing's helper to pair with another kiosk: a request file in DIR/requests/ (the
 * config's [peers] syncthing), written atomically. addresses: "tcp://HOST:PORT" or NULL
 * (found on the local network). False with err. */
bool peers_pair_request(const char *dir, const char *id, const char *name, const char *address,
			char *err, size_t errlen);
/* Pairing by a USB stick: this kiosk's code left on it (STICK/.pairing/ID, the name inside),
 * and a request for each other kiosk's code found there that is not paired yet. Nothing when
 * this kiosk has no Syncthing id yet. *asked: how many requests. */
bool peers_pair_by_stick(const char *stick_folder, const char *dir, const char *name, int *asked,
			 char *err, size_t errlen);
/* This kiosk's own Syncthing device id, as the helper wrote it; false when not (yet) there. */
bool peers_syncthing_id(const char *dir, char *out, size_t outlen);
