/* The print worker: a thread of its own that sends queued strips and badges to CUPS, follows
 * their jobs, and watches the printers, so that printing never delays a photo session or a
 * check-in. Every print is a row (store_print.h) before it reaches CUPS: the saver adds a
 * strip's or a badge's row in the same transaction that stores the photos, and the worker sends
 * queued rows in order. Reports come back through the listener on the worker's thread. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

enum print_role {
	PRINT_STRIPS,
	PRINT_BADGES,
	PRINT_ROLES,
};

struct print_queue_status {
	bool used;         /* configured: not "none" */
	char queue[128];   /* as configured, or the default printer's name */
	bool found;        /* cupsd has the queue */
	bool stopped;      /* cupsd stopped it; "Resume printer" restarts it */
	char problem[200]; /* for staff: "out of paper (media-empty)"; "" when ready */
	char guest[200];   /* for guests, calm; "" when nothing to say */
	int waiting;       /* this booth's prints not yet printed */
	long long printed; /* prints done */
};

struct print_status {
	bool service; /* cupsd answers */
	struct print_queue_status q[PRINT_ROLES];
	int lost;               /* prints CUPS no longer knows that never completed */
	int failed;             /* prints CUPS refused or aborted */
	char last_failure[200]; /* CUPS's own words for the newest of those */
};

struct print_listener {
	/* The printers' state changed (or a print's); called on the worker's thread. */
	void (*status)(void *data, const struct print_status *status);
	void *data;
};

enum print_op {
	PRINT_OP_RESUME,        /* restart the stopped queue of role .id */
	PRINT_OP_CANCEL,        /* cancel this booth's prints still waiting */
	PRINT_OP_REPRINT_STRIP, /* the newest walk-up session's strip again */
	PRINT_OP_REPRINT_BADGE, /* attendee .id's badge again */
	PRINT_OP_RESUBMIT,      /* send the lost prints again */
};

struct print_worker;

/* Whether the config asks for any printing. */
bool print_wanted(const struct config *cfg);

/* Checks the config's queues against cupsd: false with err "FILE:LINE: strip_printer: no
 * printer queue "X" (the queues are: A, B)" when cupsd answers and has no such queue. cupsd
 * not running is no error here: the booth starts, and staff see that printing is off. */
bool print_check_config(const struct config *cfg, char *err, size_t errlen);

/* `gatherbooth check`: whether the printer of `role` is there and ready, in words. */
enum print_verdict { PRINT_PASS, PRINT_WARN, PRINT_FAIL };
enum print_verdict print_check_printer(const struct config *cfg, enum print_role role, char *detail,
				       size_t len, char *fix, size_t fixlen);

/* Starts the worker. assets_dir holds layouts/. NULL with err on failure. */
struct print_worker *print_create(const struct config *cfg, const char *data_dir,
				  const char *assets_dir, const struct print_listener *listener,
				  char *err, size_t errlen);
/* Stops the worker: what is queued stays queued in the database for the next start. */
void print_destroy(struct print_worker *pw);

/* Something was queued: look now rather than at the next poll. */
void print_wake(struct print_worker *pw);
/* Staff's buttons; the outcome comes back as a status. */
void print_request(struct print_worker *pw, enum print_op op, int64_t id);

/* The line for the guests' screens while the strip printer cannot print, "" if none. */
const char *print_guest_line(const struct print_status *st);
