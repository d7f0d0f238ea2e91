/* The prints table: every strip and badge sent to a printer is a row before it reaches CUPS, so
 * that a restart of the booth or of cupsd never loses one, and stats and exports can count
 * them. See migration 3 in store.c for the states. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct store;

enum store_print_kind {
	STORE_PRINT_STRIP,
	STORE_PRINT_BADGE,
};

enum store_print_state {
	STORE_PRINT_QUEUED,
	STORE_PRINT_SENDING,
	STORE_PRINT_SENT,
	STORE_PRINT_DONE,
	STORE_PRINT_FAILED,
	STORE_PRINT_CANCELLED,
	STORE_PRINT_LOST,
	STORE_PRINT_STATE_COUNT,
};

struct store_print {
	int64_t id;
	enum store_print_kind kind;
	int64_t session;  /* strips; 0 for badges */
	int64_t attendee; /* badges, and a check-in's strip; 0 = none */
	char printer[128];
	int copies;
	bool reprint; /* staff asked for it */
	enum store_print_state state;
	int cups_job; /* 0 until sent */
	char reason[200];
};

/* Why store_print_add() added no row. */
enum store_print_refusal {
	STORE_PRINT_ADDED,
	STORE_PRINT_ALREADY, /* this session or badge has a print that did not fail; reprint = 0 */
	STORE_PRINT_CAP,     /* the event's cap of strip sheets is reached */
};

/* Adds a queued print, inside the caller's transaction or alone. Unless p->reprint, refuses a
 * second print of the same session's strip or the same attendee's badge, and a strip once
 * `cap` strip prints (0 = no cap) exist that did not fail or get cancelled. p->id receives the
 * new row's id. */
bool store_print_add(struct store *st, struct store_print *p, int cap,
		     enum store_print_refusal *refused);

/* The oldest print in `state`; *found = false when none. */
bool store_print_next(struct store *st, enum store_print_state state, struct store_print *out,
		      bool *found);

/* Calls fn for every print in `state`, oldest first. */
bool store_print_each(struct store *st, enum store_print_state state,
		      void (*fn)(const struct store_print *p, void *ctx), void *ctx);

/* Moves a print to `state`, with CUPS's job id (0 keeps it) and reason (NULL keeps it). Sets
 * the sent or finished time as the state says. */
bool store_print_set(struct store *st, int64_t id, enum store_print_state state, int cups_job,
		     const char *reason);

/* Prints in each state, indexed by enum store_print_state, for one kind. */
bool store_print_counts(struct store *st, enum store_print_kind kind,
			int64_t counts[STORE_PRINT_STATE_COUNT]);

/* The newest session with a strip, for "Reprint last strip"; 0 when none. */
bool store_print_last_session(struct store *st, int64_t *session);

/* The file to print: the session's strip, or its one shot when it has no strip; "" if none. */
bool store_print_session_file(struct store *st, int64_t session, char *path, int pathlen,
			      char *layout, int layoutlen);

/* The photo the attendee's badge shows (store_badge_wanted), for the printed badge; "" if none. */
bool store_print_attendee_photo(struct store *st, int64_t attendee, char *path, int pathlen);

/* Sheets printed (done, copies counted): of a session's strip, or of an attendee's badge. */
bool store_print_done(struct store *st, enum store_print_kind kind, int64_t id, int64_t *sheets);
