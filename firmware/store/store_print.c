#include "store_print.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store-private.h"
#include "store.h"

static const char *const state_names[STORE_PRINT_STATE_COUNT] = {
	"queued", "sending", "sent", "done", "failed", "cancelled", "lost"};
static const char *const kind_names[] = {"strip", "badge"};

static int state_of(const char *name)
{
	for (int i = 0; i < STORE_PRINT_STATE_COUNT; i++) {
		if (strcmp(name, state_names[i]) == 0) {
			return i;
		}
	}
	return STORE_PRINT_FAILED;
}

/* One integer from sql with up to two integer parameters. */
static bool query_int(struct store *st, const char *sql, int64_t a, int64_t b, int64_t *out)
{
	sqlite3_stmt *s = store_prepare(st, sql);
	if (!s) {
		return false;
	}
	int n = sqlite3_bind_parameter_count(s);
	if (n >= 1) {
		sqlite3_bind_int64(s, 1, a);
	}
	if (n >= 2) {
		sqlite3_bind_int64(s, 2, b);
	}
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool store_print_add(struct store *st, struct store_print *p, int cap,
		     enum store_print_refusal *refused)
{
	*refused = STORE_PRINT_ADDED;
	int64_t n = 0;
	if (!p->reprint) {
		bool ok =
			p->kind == STORE_PRINT_STRIP
				? query_int(
					  st,
					  "SELECT count(*) FROM prints WHERE kind = 'strip' AND"
					  " session = ?1 AND state NOT IN ('failed', 'cancelled')",
					  p->session, 0, &n)
				: query_int(
					  st,
					  "SELECT count(*) FROM prints WHERE kind = 'badge' AND"
					  " attendee = ?1 AND state NOT IN ('failed', 'cancelled')",
					  p->attendee, 0, &n);
		if (!ok) {
			return false;
		}
		if (n) {
			*refused = STORE_PRINT_ALREADY;
			return true;
		}
	}
	if (p->kind == STORE_PRINT_STRIP && cap > 0) {
		if (!query_int(st,
			       "SELECT count(*) FROM prints WHERE kind = 'strip' AND"
			       " state NOT IN ('failed', 'cancelled')",
			       0, 0, &n)) {
			return false;
		}
		if (n >= cap) {
			*refused = STORE_PRINT_CAP;
			return true;
		}
	}
	sqlite3_stmt *s = store_prepare(
		st,
		"INSERT INTO prints (kind, session, attendee, printer, copies, reprint, created)"
		" VALUES (?1, nullif(?2, 0), nullif(?3, 0), ?4, ?5, ?6,"
		" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, kind_names[p->kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, p->session);
	sqlite3_bind_int64(s, 3, p->attendee);
	sqlite3_bind_text(s, 4, p->printer, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, p->copies > 0 ? p->copies : 1);
	sqlite3_bind_int(s, 6, p->reprint);
	bool ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (ok) {
		p->id = sqlite3_last_insert_rowid(store_db(st));
		p->state = STORE_PRINT_QUEUED;
	}
	return ok;
}

#define PRINT_COLUMNS                                                                              \
	"SELECT id, kind, coalesce(session, 0), coalesce(attendee, 0), printer, copies, reprint, " \
	"state, coalesce(cups_job, 0), coalesce(reason, '') FROM prints "

static void read_row(sqlite3_stmt *s, struct store_print *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	p->kind = strcmp(store_col(s, 1), "badge") == 0 ? STORE_PRINT_BADGE : STORE_PRINT_STRIP;
	p->session = sqlite3_column_int64(s, 2);
	p->attendee = sqlite3_column_int64(s, 3);
	snprintf(p->printer, sizeof(p->printer), "%s", store_col(s, 4));
	p->copies = sqlite3_column_int(s, 5);
	p->reprint = sqlite3_column_int(s, 6) != 0;
	p->state = state_of(store_col(s, 7));
	p->cups_job = sqlite3_column_int(s, 8);
	snprintf(p->reason, sizeof(p->reason), "%s", store_col(s, 9));
}

bool store_print_next(struct store *st, enum store_print_state state, struct store_print *out,
		      bool *found)
{
	*found = false;
	sqlite3_stmt *s = store_prepare(st, PRINT_COLUMNS "WHERE state = ?1 ORDER BY id LIMIT 1");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, state_names[state], -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_row(s, out);
		*found = true;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool store_print_each(struct store *st, enum store_print_state state,
		      void (*fn)(const struct store_print *p, void *ctx), void *ctx)
{
	sqlite3_stmt *s = store_prepare(st, PRINT_COLUMNS "WHERE state = ?1 ORDER BY id");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, state_names[state], -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_print p;
		read_row(s, &p);
		fn(&p, ctx);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

bool store_print_set(struct store *st, int64_t id, enum store_print_state state, int cups_job,
		     const char *reason)
{
	sqlite3_stmt *s = store_prepare(
		st, "UPDATE prints SET state = ?2,"
		    " cups_job = CASE WHEN ?3 > 0 THEN ?3 ELSE cups_job END,"
		    " reason = coalesce(?4, reason),"
		    " sent = CASE WHEN ?2 = 'sent' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
		    " ELSE sent END,"
		    " finished = CASE WHEN ?2 IN ('done', 'failed', 'cancelled', 'lost')"
		    " THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE NULL END"
		    " WHERE id = ?1");
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, state_names[state], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, cups_job);
	if (reason) {
		sqlite3_bind_text(s, 4, reason, -1, SQLITE_TRANSIENT);
	}
	bool ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	return ok;
}

bool store_print_counts(struct store *st, enum store_print_kind kind,
			int64_t counts[STORE_PRINT_STATE_COUNT])
{
	memset(counts, 0, sizeof(int64_t) * STORE_PRINT_STATE_COUNT);
	sqlite3_stmt *s = store_prepare(
		st, "SELECT state, count(*) FROM prints WHERE kind = ?1 GROUP BY state");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, kind_names[kind], -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		counts[state_of(store_col(s, 0))] = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

bool store_print_last_session(struct store *st, int64_t *session)
{
	return query_int(st,
			 "SELECT coalesce(max(session), 0) FROM photos WHERE session IS NOT NULL"
			 " AND attendee IS NULL",
			 0, 0, session);
}

static bool query_text(struct store *st, const char *sql, int64_t id, char *out, int outlen,
		       char *out2, int out2len)
{
	out[0] = '\0';
	if (out2) {
		out2[0] = '\0';
	}
	sqlite3_stmt *s = store_prepare(st, sql);
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out, outlen, "%s", store_col(s, 0));
		if (out2) {
			snprintf(out2, out2len, "%s", store_col(s, 1));
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool store_print_session_file(struct store *st, int64_t session, char *path, int pathlen,
			      char *layout, int layoutlen)
{
	return query_text(
		st,
		"SELECT p.path, s.layout FROM photos p JOIN sessions s ON s.id = p.session"
		" WHERE p.session = ?1 AND p.kind IN ('strip', 'shot')"
		" ORDER BY p.kind = 'strip' DESC, p.id LIMIT 1",
		session, path, pathlen, layout, layoutlen);
}

bool store_print_attendee_photo(struct store *st, int64_t attendee, char *path, int pathlen)
{
	return query_text(st,
			  "SELECT coalesce(" BADGE_SHOT("p.path") ", '') FROM attendees a"
								  " WHERE a.id = ?1",
			  attendee, path, pathlen, NULL, 0);
}

bool store_print_done(struct store *st, enum store_print_kind kind, int64_t id, int64_t *sheets)
{
	return query_int(
		st,
		kind == STORE_PRINT_STRIP
			/* every kiosk's prints: the facts f_prints, from prints that completed */
			? "SELECT coalesce(sum(f.copies), 0) FROM f_prints f JOIN sessions s"
			  " ON s.uuid = f.session WHERE f.kind = 'strip' AND s.id = ?1"
			: "SELECT coalesce(sum(f.copies), 0) FROM f_prints f JOIN attendees a"
			  " ON a.uuid = f.attendee WHERE f.kind = 'badge' AND a.id = ?1",
		id, 0, sheets);
}
