/* Attendees, check-ins and search, in the store (store.h). Same thread rules: one struct store
 * per thread. Names and emails passed here are never logged above debug level. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "person.h"

struct fold;
struct store;

/* An attendee as a roster row or a walk-in gives it; NULL or "" means not given. */
struct person_in {
	const char *first_name, *last_name, *name; /* name: the full name, if given whole */
	const char *email, *organization, *job_title, *ticket_type, *badge_code;
	bool walk_in;
};

enum store_upsert {
	STORE_ADDED,
	STORE_UPDATED,
	STORE_UNCHANGED,
};

/* Adds an attendee, or updates the one with the same badge code, else the same email (never a
 * duplicate). Check-ins and photos are kept. Call inside store_begin()/store_commit() for
 * speed. `fold` folds names for search. */
bool store_person_upsert(struct store *st, struct fold *fold, const struct person_in *in,
			 enum store_upsert *result, int64_t *id);

/* A roster import is a version of the guest list, which its facts name: begin before the
 * rows, inside the import's transaction; end records the version (the file's name, its rows)
 * when it changed anyone, abandon forgets it. */
void store_roster_begin(struct store *st);
bool store_roster_end(struct store *st, const char *file, int rows, bool changed);

/* Indexes the attendee's row (as the facts left it) for search. */
bool store_index_person(struct store *st, struct fold *fold, int64_t id);

/* found = false when there is no such attendee. */
bool store_person_get(struct store *st, int64_t id, struct person *out, bool *found);
/* Looks a badge code up exactly, then ignoring case. */
bool store_person_by_code(struct store *st, const char *code, struct person *out, bool *found);

/* Checks an attendee in: the row is committed (synchronous=FULL) when this returns true. The
 * one place of the rule that a person is checked in once: one who already has a standing
 * check-in (not undone) gets no second row; *already says so and *checkin_id is the standing
 * one. Looked up in the same write transaction, so two kiosk screens cannot both add one. */
bool store_checkin(struct store *st, int64_t attendee, bool by_staff, int64_t *checkin_id,
		   bool *already);
/* Marks a check-in undone; the row stays, and the undo is in the audit log. */
bool store_checkin_undo(struct store *st, int64_t checkin_id);

struct checkin_row {
	int64_t id, attendee;
	char name[PERSON_TEXT];
	char at[32];
	bool undone;
};
/* The latest `max` check-ins, newest first; returns how many, or -1 on error. */
int store_recent_checkins(struct store *st, struct checkin_row *out, int max);

/* Removes an attendee's photo rows (consent withdrawn) and records it; the caller deletes the
 * files named in *paths (malloc'd array of malloc'd strings, *n of them), then calls
 * store_doomed_clear() with them. */
bool store_forget_photos(struct store *st, int64_t attendee, char ***paths, int *n);

/* Photo-at-check-in and other settings changed on the staff screen, kept in the database.
 * Returns `fallback` when unset. */
int store_setting_int(struct store *st, const char *key, int fallback);
bool store_set_setting_int(struct store *st, const char *key, int value);
/* Text settings; false (and out untouched) when unset. */
bool store_setting_text(struct store *st, const char *key, char *out, size_t outlen);
bool store_set_setting_text(struct store *st, const char *key, const char *value);

enum search_match {
	SEARCH_BADGE,  /* the query is a badge code */
	SEARCH_EXACT,  /* every word is a whole word of the name */
	SEARCH_PREFIX, /* every word starts a word of the name */
	SEARCH_OTHER,  /* found in the organization or email */
	SEARCH_TYPO,   /* a word is one edit away from a word of the name */
};

struct search_hit {
	struct person person;
	enum search_match match;
};

/* Finds attendees for what someone typed: accents, case, apostrophes and hyphens do not
 * matter, every word is a prefix, a badge code ranks first, and a query that finds nothing
 * is retried with one typo allowed per word. Ranked badge, exact, prefix, other, typo; then
 * by name. Returns the number of hits written (at most max), or -1 on error. */
int store_search(struct store *st, struct fold *fold, const char *query, struct search_hit *out,
		 int max);

/* For the export: rows handed to a callback, valid during the call. */
struct store_photo_row {
	int64_t id, session, attendee;                     /* 0 when none */
	const char *path, *kind, *sha256, *created, *name; /* name: the attendee's, or "" */
	int64_t bytes;
	int width, height;
	bool withdrawn;    /* the attendee withdrew consent */
	int64_t number;    /* the session's number in the event (1, 2, ...; 0 for none), the same on
			    * every kiosk */
	const char *kiosk; /* the name of the kiosk that took it, "" when it has none */
};
struct store_attendee_row {
	int64_t id;
	const char *name, *first, *last, *email, *organization, *job, *ticket, *badge;
	const char *checked_in; /* UTC ISO 8601 of the standing check-in, or "" */
	bool walk_in, withdrawn;
};
struct store_checkin_event {
	int64_t attendee;
	const char *at, *action, *name, *badge, *kiosk; /* action: "check-in" or "undo" */
};

/* Photos (badges too) ordered by session and id; attendees by name; check-ins and undos in the
 * order they happened, from the audit log. */
bool store_each_photo(struct store *st, void (*fn)(void *ctx, const struct store_photo_row *r),
		      void *ctx);
bool store_each_attendee(struct store *st,
			 void (*fn)(void *ctx, const struct store_attendee_row *r), void *ctx);
bool store_each_checkin_event(struct store *st,
			      void (*fn)(void *ctx, const struct store_checkin_event *r),
			      void *ctx);
