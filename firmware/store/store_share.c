#include "store_share.h"

#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "xalloc.h"

bool store_share_add(struct store *st, int64_t session, const char *token)
{
	sqlite3_stmt *s =
		store_prepare(st, "INSERT INTO shares (session, token, created)"
				  " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_text(s, 2, token, -1, SQLITE_TRANSIENT);
	bool ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	return ok;
}

bool store_share_tokens(struct store *st, int64_t attendee, char ***tokens, int *n)
{
	*tokens = NULL;
	*n = 0;
	sqlite3_stmt *s = store_prepare(
		st, "SELECT shares.token FROM shares JOIN sessions ON sessions.id = shares.session"
		    " WHERE shares.removed IS NULL AND (?1 = 0 OR sessions.attendee = ?1)"
		    " ORDER BY shares.id");
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, attendee);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*tokens = xgrow(*tokens, &cap, (size_t)*n + 1, sizeof(char *));
		(*tokens)[(*n)++] = xstrdup(store_col(s, 0));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

bool store_share_removed(struct store *st, const char *token)
{
	sqlite3_stmt *s =
		store_prepare(st, "UPDATE shares SET removed ="
				  " strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE token = ?1");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, token, -1, SQLITE_TRANSIENT);
	bool ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	return ok;
}
