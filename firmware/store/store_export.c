/* The store's rows for the export. Part of the store. */
#include <stdio.h>

#include "store-private.h"
#include "store_people.h"

#define LOG_MODULE "store"
#include "log.h"

/* Errors are kept on the connection (store_errmsg) and logged once, by the caller that
 * handles them; here only at debug level, with the statement's detail. */

static bool finish(struct store *st, sqlite3_stmt *s, int rc)
{
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
	}
	return rc == SQLITE_DONE;
}

bool store_each_photo(struct store *st, void (*fn)(void *ctx, const struct store_photo_row *r),
		      void *ctx)
{
	/* the same order, and the same session numbers, on every kiosk of the event */
	sqlite3_stmt *s = store_prepare(
		st, "WITH numbered AS (SELECT id, dense_rank() OVER (ORDER BY started, uuid) AS n"
		    " FROM sessions)"
		    " SELECT p.id, coalesce(p.session, 0), coalesce(p.attendee, 0),"
		    " p.path, p.kind, p.sha256, p.created,"
		    " coalesce(a.display_name, ''), p.bytes, p.width, p.height,"
		    " coalesce(a.consent = 0, 0), coalesce(n.n, 0),"
		    " coalesce((SELECT k.name FROM f_kiosks k WHERE k.device = p.device"
		    " ORDER BY k.lamport DESC, k.uuid DESC LIMIT 1), '')"
		    " FROM photos p LEFT JOIN attendees a ON a.id = p.attendee"
		    " LEFT JOIN numbered n ON n.id = p.session"
		    /* badges (no session) by whose they are: drawn at different times at
		     * each kiosk, listed alike */
		    " ORDER BY coalesce(n.n, 0), CASE p.kind WHEN 'badge' THEN"
		    " coalesce(a.display_name, '') || char(31) || coalesce(a.uuid, '') ELSE '' END,"
		    " p.created, p.uuid");
	if (!s) {
		return false;
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_photo_row r = {
			.id = sqlite3_column_int64(s, 0),
			.session = sqlite3_column_int64(s, 1),
			.attendee = sqlite3_column_int64(s, 2),
			.path = store_col(s, 3),
			.kind = store_col(s, 4),
			.sha256 = store_col(s, 5),
			.created = store_col(s, 6),
			.name = store_col(s, 7),
			.bytes = sqlite3_column_int64(s, 8),
			.width = sqlite3_column_int(s, 9),
			.height = sqlite3_column_int(s, 10),
			.withdrawn = sqlite3_column_int(s, 11) != 0,
			.number = sqlite3_column_int64(s, 12),
			.kiosk = store_col(s, 13),
		};
		fn(ctx, &r);
	}
	return finish(st, s, rc);
}

bool store_each_attendee(struct store *st,
			 void (*fn)(void *ctx, const struct store_attendee_row *r), void *ctx)
{
	sqlite3_stmt *s = store_prepare(
		st, "SELECT a.id, a.display_name, a.first_name, a.last_name, coalesce(a.email, ''),"
		    " coalesce(a.organization, ''), coalesce(a.job_title, ''),"
		    " coalesce(a.ticket_type, ''), coalesce(a.badge_code, ''),"
		    " coalesce((SELECT at_wall FROM checkins c WHERE c.attendee = a.id"
		    " AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1), ''),"
		    " a.source = 'walkin', coalesce(a.consent = 0, 0)"
		    " FROM attendees a ORDER BY a.display_name COLLATE NOCASE, a.uuid");
	if (!s) {
		return false;
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_attendee_row r = {
			.id = sqlite3_column_int64(s, 0),
			.name = store_col(s, 1),
			.first = store_col(s, 2),
			.last = store_col(s, 3),
			.email = store_col(s, 4),
			.organization = store_col(s, 5),
			.job = store_col(s, 6),
			.ticket = store_col(s, 7),
			.badge = store_col(s, 8),
			.checked_in = store_col(s, 9),
			.walk_in = sqlite3_column_int(s, 10) != 0,
			.withdrawn = sqlite3_column_int(s, 11) != 0,
		};
		fn(ctx, &r);
	}
	return finish(st, s, rc);
}

bool store_each_checkin_event(struct store *st,
			      void (*fn)(void *ctx, const struct store_checkin_event *r), void *ctx)
{
	sqlite3_stmt *s = store_prepare(
		st,
		/* every kiosk's, from the facts, named by the kiosk's name where it has one */
		"WITH names AS (SELECT device, name FROM f_kiosks k WHERE NOT EXISTS (SELECT 1"
		" FROM f_kiosks n WHERE n.device = k.device AND (n.lamport, n.uuid) >"
		" (k.lamport, k.uuid)))"
		" SELECT f.at, 'check-in', a.id, a.display_name, coalesce(a.badge_code, ''),"
		" coalesce(k.name, f.device), f.uuid FROM f_checkins f"
		" JOIN attendees a ON a.uuid = f.attendee LEFT JOIN names k ON k.device = f.device"
		" UNION ALL"
		" SELECT u.at, 'undo', a.id, a.display_name, coalesce(a.badge_code, ''),"
		" coalesce(k.name, u.device), u.uuid FROM f_undos u"
		" JOIN f_checkins f ON f.uuid = u.checkin JOIN attendees a ON a.uuid = f.attendee"
		" LEFT JOIN names k ON k.device = u.device"
		" ORDER BY 1, 7");
	if (!s) {
		return false;
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_checkin_event r = {
			.at = store_col(s, 0),
			.action = store_col(s, 1),
			.attendee = sqlite3_column_int64(s, 2),
			.name = store_col(s, 3),
			.badge = store_col(s, 4),
			.kiosk = store_col(s, 5),
		};
		fn(ctx, &r);
	}
	return finish(st, s, rc);
}
