/* Inside the store: shared by store.c and store_people.c, the only files that speak sqlite. */
#pragma once

#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>

struct store {
	sqlite3 *db;
	char path[PATH_MAX];
	char kiosk[37];
	char roster[37];   /* the roster version being imported, "" otherwise */
	bool sync_out;     /* store_sync.c has attached its in-memory copy */
	char injected[96]; /* an injected commit failure, for store_errmsg() */
	/* store_people.c's prepared statements: an import runs them 100,000 times */
	sqlite3_stmt *people[16];
	sqlite3_stmt *search;
	/* search's cache of distinct name words, for typo tolerance; rebuilt when stale */
	char **words;
	int word_count;
	bool words_stale;
	int words_version; /* PRAGMA data_version when the words were read */
};

/* Prepares sql, logging a failure; NULL then. The caller finalizes. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* Runs sql (no rows), logging a failure at debug level. */
bool store_exec(struct store *st, const char *sql);
/* Column i as text, "" for NULL; valid until the next step. */
const char *store_col(sqlite3_stmt *s, int i);

/* store_people.c */
void store_people_finish(struct store *st);
/* store_search.c */
void store_search_finish(struct store *st);

/* The photo a badge shows: the first shot of the attendee's newest session, ordered by what
 * the facts say (not by local ids), so that every kiosk picks the same one. */
#define BADGE_SHOT(what)                                                                           \
	"(SELECT " what " FROM photos p JOIN sessions s ON s.id = p.session"                       \
	" WHERE p.attendee = a.id AND p.kind = 'shot'"                                             \
	" ORDER BY s.started DESC, s.uuid DESC, length(p.path), p.path LIMIT 1)"
/* What a badge is drawn from, as one string */
#define BADGE_KEY                                                                                  \
	"coalesce(" BADGE_SHOT("p.uuid") ", '') || char(31) || a.display_name || char(31) ||"      \
					 " coalesce(a.organization, '') || char(31) || "           \
					 "coalesce(a.badge_code, '')"
