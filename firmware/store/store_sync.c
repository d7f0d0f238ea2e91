/* Changesets out and in. Part of the store. Facts leave by a session on an in-memory copy of
 * the fact tables: the rows of this kiosk that no changeset holds yet are copied there while
 * the session records, which gives exactly those rows as inserts, in dependency order, without
 * watching every write the booth makes. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "store.h"
#include "store_people.h"
#include "xalloc.h"

#define LOG_MODULE "peers"
#include "log.h"

/* The fact tables in the order a changeset holds them: what a row names comes before it. */
static const struct table {
	const char *name;
	int columns;
} tables[] = {
	{"f_kiosks", 5},      {"f_rosters", 5},  {"f_people", 15},
	{"f_sessions", 5},    {"f_checkins", 5}, {"f_undos", 4},
	{"f_withdrawals", 4}, {"f_photos", 11},  {"f_prints", 7},
};
#define TABLE_COUNT (int)(sizeof(tables) / sizeof(tables[0]))

static bool well_formed(const unsigned char *p, size_t n, char *why, size_t whylen);

enum { T_KIOSKS, T_ROSTERS, T_PEOPLE, T_SESSIONS, T_CHECKINS, T_UNDOS, T_WITHDRAWALS, T_PHOTOS };

bool store_sync_set_name(struct store *st, const char *name)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT name FROM f_kiosks WHERE device = ?"
					    " ORDER BY lamport DESC, uuid DESC LIMIT 1");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, st->kiosk, -1, SQLITE_STATIC);
	bool same = sqlite3_step(s) == SQLITE_ROW && strcmp(store_col(s, 0), name) == 0;
	sqlite3_finalize(s);
	if (same || !name[0]) {
		return true;
	}
	char uuid[37], now[32];
	store_uuid(uuid);
	store_now_iso(now);
	s = store_prepare(st, "INSERT INTO f_kiosks (uuid, device, at, lamport, name) VALUES"
			      " (?1, ?2, ?3, (SELECT coalesce(max(lamport), 0) + 1 FROM f_kiosks),"
			      " ?4)");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, st->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, name, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	return ok;
}

/* The in-memory copy of the fact tables that outgoing changesets are recorded on. */
static bool attach_out(struct store *st)
{
	if (st->sync_out) {
		return true;
	}
	if (!store_exec(st, "ATTACH ':memory:' AS sync_out")) {
		return false;
	}
	sqlite3_stmt *s =
		store_prepare(st, "SELECT sql FROM main.sqlite_schema WHERE type = 'table'"
				  " AND name LIKE 'f\\_%' ESCAPE '\\'");
	if (!s) {
		return false;
	}
	bool ok = true;
	while (ok && sqlite3_step(s) == SQLITE_ROW) {
		const char *sql = store_col(s, 0);
		static const char prefix[] = "CREATE TABLE ";
		if (strncmp(sql, prefix, sizeof(prefix) - 1) != 0) {
			continue;
		}
		char *copy = xasprintf("CREATE TABLE sync_out.%s", sql + sizeof(prefix) - 1);
		ok = store_exec(st, copy);
		free(copy);
	}
	sqlite3_finalize(s);
	st->sync_out = ok;
	return ok;
}

static int64_t mark_of(struct store *st, const char *table)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT value FROM meta WHERE key = 'sync.mark.' || ?");
	if (!s) {
		return -1;
	}
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return v;
}

/* Whether this kiosk has facts past the marks: read-only, so that an idle kiosk takes no write
 * lock every round. */
static bool anything_new(struct store *st, bool *any)
{
	*any = false;
	for (int t = 0; t < TABLE_COUNT && !*any; t++) {
		int64_t mark = mark_of(st, tables[t].name);
		char *sql = xasprintf("SELECT EXISTS (SELECT 1 FROM main.%s WHERE rowid > ?1"
				      " AND device = ?2)",
				      tables[t].name);
		sqlite3_stmt *s = store_prepare(st, sql);
		free(sql);
		if (!s || mark < 0) {
			sqlite3_finalize(s);
			return false;
		}
		sqlite3_bind_int64(s, 1, mark);
		sqlite3_bind_text(s, 2, st->kiosk, -1, SQLITE_STATIC);
		*any = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	return true;
}

static bool copy_out(struct store *st, sqlite3_session *session, void **blob, int *size)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		if (sqlite3session_attach(session, tables[t].name) != SQLITE_OK) {
			return false;
		}
	}
	for (int t = 0; t < TABLE_COUNT; t++) {
		int64_t mark = mark_of(st, tables[t].name);
		char *sql = xasprintf("INSERT INTO sync_out.%s SELECT * FROM main.%s"
				      " WHERE rowid > ?1 AND device = ?2 ORDER BY rowid",
				      tables[t].name, tables[t].name);
		sqlite3_stmt *s = store_prepare(st, sql);
		free(sql);
		if (!s || mark < 0) {
			sqlite3_finalize(s);
			return false;
		}
		sqlite3_bind_int64(s, 1, mark);
		sqlite3_bind_text(s, 2, st->kiosk, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			return false;
		}
	}
	return sqlite3session_changeset(session, size, blob) == SQLITE_OK;
}

static bool clear_out(struct store *st)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		char *sql = xasprintf("DELETE FROM sync_out.%s", tables[t].name);
		bool ok = store_exec(st, sql);
		free(sql);
		if (!ok) {
			return false;
		}
	}
	return true;
}

static bool advance_marks(struct store *st)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		char *sql = xasprintf("INSERT INTO meta (key, value) SELECT 'sync.mark.%s',"
				      " coalesce(max(rowid), 0) FROM main.%s WHERE true"
				      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
				      tables[t].name, tables[t].name);
		bool ok = store_exec(st, sql);
		free(sql);
		if (!ok) {
			return false;
		}
	}
	return true;
}

bool store_sync_collect(struct store *st, int64_t *seq)
{
	*seq = 0;
	bool any;
	if (!anything_new(st, &any)) {
		return false;
	}
	if (!any) {
		return true;
	}
	if (!attach_out(st) || !store_begin(st)) {
		return false;
	}
	sqlite3_session *session = NULL;
	void *blob = NULL;
	int size = 0;
	bool ok = sqlite3session_create(st->db, "sync_out", &session) == SQLITE_OK &&
		  copy_out(st, session, &blob, &size);
	sqlite3session_delete(session);
	ok = ok && clear_out(st);
	if (ok && size > 0) {
		sqlite3_stmt *s = store_prepare(
			st, "INSERT INTO sync_outbox (seq, created, changeset) VALUES"
			    " ((SELECT coalesce(max(seq), 0) + 1 FROM sync_outbox), ?1, ?2)"
			    " RETURNING seq");
		char now[32];
		store_now_iso(now);
		ok = s != NULL;
		if (ok) {
			sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
			sqlite3_bind_blob(s, 2, blob, size, SQLITE_STATIC);
			ok = sqlite3_step(s) == SQLITE_ROW;
			*seq = ok ? sqlite3_column_int64(s, 0) : 0;
			ok = ok && sqlite3_step(s) == SQLITE_DONE;
			sqlite3_finalize(s);
		}
	}
	sqlite3_free(blob);
	ok = ok && advance_marks(st) && store_commit(st);
	if (!ok) {
		store_rollback(st);
		*seq = 0;
	}
	return ok;
}

bool store_sync_last(struct store *st, int64_t *seq)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT coalesce(max(seq), 0) FROM sync_outbox");
	if (!s) {
		return false;
	}
	bool ok = sqlite3_step(s) == SQLITE_ROW;
	*seq = ok ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return ok;
}

bool store_sync_outbox(struct store *st, int64_t seq, void **blob, int *size, bool *found)
{
	*blob = NULL;
	*size = 0;
	*found = false;
	sqlite3_stmt *s = store_prepare(st, "SELECT changeset FROM sync_outbox WHERE seq = ?");
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, seq);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*size = sqlite3_column_bytes(s, 0);
		*blob = xmalloc((size_t)*size + 1);
		memcpy(*blob, sqlite3_column_blob(s, 0), (size_t)*size);
		*found = true;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static const char *text_of(sqlite3_changeset_iter *it, int col)
{
	sqlite3_value *v = NULL;
	if (sqlite3changeset_new(it, col, &v) != SQLITE_OK || !v ||
	    sqlite3_value_type(v) != SQLITE_TEXT) {
		return NULL;
	}
	return (const char *)sqlite3_value_text(v);
}

static bool int_of(sqlite3_changeset_iter *it, int col, int64_t *out)
{
	sqlite3_value *v = NULL;
	if (sqlite3changeset_new(it, col, &v) != SQLITE_OK || !v ||
	    sqlite3_value_type(v) != SQLITE_INTEGER) {
		return false;
	}
	*out = sqlite3_value_int64(v);
	return true;
}

static int table_index(const char *name)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		if (strcmp(tables[t].name, name) == 0) {
			return t;
		}
	}
	return -1;
}

bool store_sync_each_photo(const void *blob, int size,
			   void (*fn)(void *ctx, const struct store_sync_photo *p), void *ctx)
{
	char why[128];
	if (!well_formed(blob, (size_t)size, why, sizeof(why))) {
		return false;
	}
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, size, (void *)blob) != SQLITE_OK) {
		return false;
	}
	int rc;
	while ((rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
		int64_t bytes = 0;
		if (op != SQLITE_INSERT || strcmp(tab, "f_photos") != 0 || ncol != 11) {
			continue;
		}
		struct store_sync_photo p = {
			.device = text_of(it, 1),
			.path = text_of(it, 6),
			.sha256 = text_of(it, 10),
		};
		if (p.device && p.path && p.sha256 && int_of(it, 9, &bytes)) {
			p.bytes = bytes;
			fn(ctx, &p);
		}
	}
	return sqlite3changeset_finalize(it) == SQLITE_OK && rc == SQLITE_DONE;
}

bool store_sync_applied(struct store *st, const char *device, int64_t *seq)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT applied FROM sync_peers WHERE device = ?");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*seq = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* uuids a changeset brings: what its later rows may name */
struct names {
	char (*v)[37];
	size_t n, cap;
};

static void names_add(struct names *ns, const char *uuid)
{
	ns->v = xgrow(ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v));
	snprintf(ns->v[ns->n++], 37, "%s", uuid);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool names_has(const struct names *ns, const char *uuid)
{
	return ns->n && bsearch(uuid, ns->v, ns->n, sizeof(*ns->v), cmp_name);
}

struct incoming {
	struct names people, sessions, checkins;
};

static bool is_uuid(const char *s)
{
	if (!s || strlen(s) != 36) {
		return false;
	}
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i])) {
			return false;
		}
	}
	return true;
}

static bool is_time(const char *s)
{
	/* 2026-11-30T09:14:03Z */
	return s && strlen(s) == 20 && s[4] == '-' && s[10] == 'T' && s[19] == 'Z';
}

/* photos/YYYY-MM-DD/name: relative, no way out of the folder */
static bool is_photo_path(const char *p)
{
	if (!p || strncmp(p, "photos/", 7) != 0 || strlen(p) > 1024) {
		return false;
	}
	for (const char *c = p; *c; c++) {
		if ((unsigned char)*c < 0x20 || *c == '\\') {
			return false;
		}
	}
	return !strstr(p, "/../") && !strstr(p, "//") && !strstr(p, "/./") &&
	       strcmp(p + strlen(p) - 3, "/..") != 0 && p[strlen(p) - 1] != '/';
}

static bool is_sha256(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* SQLite's variable-length integer: 1 to 9 bytes, 7 bits each but the ninth's 8. */
static bool varint(const unsigned char *p, size_t n, size_t *at, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < 9; i++) {
		if (*at >= n) {
			return false;
		}
		unsigned char b = p[(*at)++];
		if (i == 8) {
			*v = (*v << 8) | b;
			return true;
		}
		*v = (*v << 7) | (b & 0x7f);
		if (!(b & 0x80)) {
			return true;
		}
	}
	return false;
}

/* The framing of a changeset, checked byte by byte before SQLite's iterator sees it (which
 * can loop for ever on a file cut short, in SQLite 3.40): tables of known width, inserts only,
 * every value whole and inside the file. */
static bool well_formed(const unsigned char *p, size_t n, char *why, size_t whylen)
{
	size_t at = 0, columns = 0;
	int rows = 0;
	while (at < n) {
		unsigned char op = p[at++];
		if (op == 'T') {
			uint64_t nc;
			if (!varint(p, n, &at, &nc) || nc == 0 || nc > 64 || n - at < nc) {
				snprintf(why, whylen, "a table header is damaged");
				return false;
			}
			columns = (size_t)nc;
			at += columns; /* which columns are the key */
			const unsigned char *nul = memchr(p + at, 0, n - at);
			if (!nul || nul == p + at) {
				snprintf(why, whylen, "a table name is damaged");
				return false;
			}
			at = (size_t)(nul - p) + 1;
			continue;
		}
		if (!columns) {
			snprintf(why, whylen, "rows before any table");
			return false;
		}
		if (op != SQLITE_INSERT) {
			snprintf(why, whylen, "row %d: only additions travel", rows + 1);
			return false;
		}
		if (at >= n || p[at] > 1) {
			snprintf(why, whylen, "row %d is cut short", rows + 1);
			return false;
		}
		at++; /* indirect */
		for (size_t c = 0; c < columns; c++) {
			if (at >= n) {
				snprintf(why, whylen, "row %d is cut short", rows + 1);
				return false;
			}
			unsigned char type = p[at++];
			uint64_t len = 0;
			if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
				len = 8;
			} else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
				if (!varint(p, n, &at, &len)) {
					snprintf(why, whylen, "row %d is cut short", rows + 1);
					return false;
				}
			} else if (type != SQLITE_NULL) {
				snprintf(why, whylen, "row %d: a value of no known type", rows + 1);
				return false;
			}
			if (len > n - at) {
				snprintf(why, whylen, "row %d is cut short", rows + 1);
				return false;
			}
			at += (size_t)len;
		}
		rows++;
	}
	if (rows == 0) {
		snprintf(why, whylen, "empty");
		return false;
	}
	return true;
}

/* The shape of every row: an insert, into a fact table, by `device`. Fills `in` with what the
 * changeset brings. */
static enum store_sync_verdict check_shape(const void *blob, int size, const char *device,
					   struct incoming *in, char *why, size_t whylen)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, size, (void *)blob) != SQLITE_OK) {
		snprintf(why, whylen, "not a changeset");
		return STORE_SYNC_DAMAGED;
	}
	enum store_sync_verdict v = STORE_SYNC_APPLIED;
	int rc, row = 0;
	while (v == STORE_SYNC_APPLIED && (rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
		row++;
		const char *tab;
		int ncol, op, indirect;
		if (sqlite3changeset_op(it, &tab, &ncol, &op, &indirect) != SQLITE_OK) {
			snprintf(why, whylen, "row %d: unreadable", row);
			v = STORE_SYNC_DAMAGED;
			break;
		}
		int t = table_index(tab);
		const char *uuid = text_of(it, 0), *by = text_of(it, 1), *at = text_of(it, 2);
		if (t < 0) {
			snprintf(why, whylen, "row %d: table %.64s is not one that travels", row,
				 tab);
		} else if (op != SQLITE_INSERT) {
			snprintf(why, whylen, "row %d (%s): only additions travel", row, tab);
		} else if (ncol != tables[t].columns) {
			snprintf(why, whylen, "row %d (%s): %d columns, not %d", row, tab, ncol,
				 tables[t].columns);
		} else if (!is_uuid(uuid)) {
			snprintf(why, whylen, "row %d (%s): the key is not a uuid", row, tab);
		} else if (!by || strcmp(by, device) != 0) {
			snprintf(why, whylen,
				 "row %d (%s): made by another kiosk than the file says", row, tab);
		} else if (!is_time(at)) {
			snprintf(why, whylen, "row %d (%s): no time", row, tab);
		} else if (t == T_PHOTOS &&
			   (!is_photo_path(text_of(it, 6)) || !is_sha256(text_of(it, 10)))) {
			snprintf(why, whylen, "row %d (%s): not a photo's path and checksum", row,
				 tab);
		} else {
			if (t == T_PEOPLE && is_uuid(text_of(it, 4))) {
				names_add(&in->people, text_of(it, 4));
			} else if (t == T_SESSIONS) {
				names_add(&in->sessions, uuid);
			} else if (t == T_CHECKINS) {
				names_add(&in->checkins, uuid);
			}
			continue;
		}
		v = STORE_SYNC_DAMAGED;
	}
	if (v == STORE_SYNC_APPLIED && rc != SQLITE_DONE) {
		snprintf(why, whylen, "cut short or damaged after row %d", row);
		v = STORE_SYNC_DAMAGED;
	}
	sqlite3changeset_finalize(it);
	if (v == STORE_SYNC_APPLIED && row == 0) {
		snprintf(why, whylen, "empty");
		v = STORE_SYNC_DAMAGED;
	}
	struct names *all[] = {&in->people, &in->sessions, &in->checkins};
	for (int i = 0; i < 3; i++) {
		if (all[i]->n > 1) {
			qsort(all[i]->v, all[i]->n, sizeof(*all[i]->v), cmp_name);
		}
	}
	return v;
}

/* Whether the row `uuid` of `table` is here, or comes in this changeset. NULL is fine. */
static bool known(struct store *st, const struct names *incoming, const char *table,
		  const char *uuid)
{
	if (!uuid || names_has(incoming, uuid)) {
		return true;
	}
	char *sql = xasprintf("SELECT 1 FROM %s WHERE uuid = ?", table);
	sqlite3_stmt *s = store_prepare(st, sql);
	free(sql);
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

static bool withdrawn(struct store *st, const char *attendee, const char *at)
{
	if (!attendee) {
		return false;
	}
	sqlite3_stmt *s = store_prepare(st, "SELECT 1 FROM f_withdrawals WHERE attendee = ?1"
					    " AND at >= ?2");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, attendee, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

/* What each row names must be here or come with it; a photo's file must be in place. */
static enum store_sync_verdict check_names(struct store *st, const void *blob, int size,
					   const struct incoming *in, store_sync_photo_fn photo,
					   void *ctx, char *why, size_t whylen)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, size, (void *)blob) != SQLITE_OK) {
		snprintf(why, whylen, "not a changeset");
		return STORE_SYNC_DAMAGED;
	}
	enum store_sync_verdict v = STORE_SYNC_APPLIED;
	while (v == STORE_SYNC_APPLIED && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tab;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
		int t = table_index(tab);
		const char *missing = NULL, *what = NULL;
		switch (t) {
		case T_SESSIONS:
		case T_CHECKINS:
		case T_WITHDRAWALS:
			if (!known(st, &in->people, "attendees", text_of(it, 3))) {
				missing = text_of(it, 3);
				what = "the attendee";
			}
			break;
		case T_UNDOS:
			if (!known(st, &in->checkins, "checkins", text_of(it, 3))) {
				missing = text_of(it, 3);
				what = "the check-in";
			}
			break;
		case T_PHOTOS:
			if (!known(st, &in->sessions, "sessions", text_of(it, 3))) {
				missing = text_of(it, 3);
				what = "the session";
			} else if (!known(st, &in->people, "attendees", text_of(it, 4))) {
				missing = text_of(it, 4);
				what = "the attendee";
			} else if (photo && !withdrawn(st, text_of(it, 4), text_of(it, 2))) {
				int64_t bytes = 0;
				int_of(it, 9, &bytes);
				struct store_sync_photo p = {
					.device = text_of(it, 1),
					.path = text_of(it, 6),
					.sha256 = text_of(it, 10),
					.bytes = bytes,
				};
				int ready = photo(ctx, &p, why, whylen);
				v = ready == 0   ? STORE_SYNC_APPLIED
				    : ready == 1 ? STORE_SYNC_WAITING
						 : STORE_SYNC_DAMAGED;
			}
			break;
		default:
			break;
		}
		if (missing) {
			snprintf(why, whylen, "waits for %s %.36s from another kiosk", what,
				 missing);
			v = STORE_SYNC_WAITING;
		}
	}
	sqlite3changeset_finalize(it);
	return v;
}

struct conflicts {
	bool damaged;
	char why[256];
};

static bool same_value(sqlite3_value *a, sqlite3_value *b)
{
	if (!a || !b || sqlite3_value_type(a) != sqlite3_value_type(b)) {
		return false;
	}
	switch (sqlite3_value_type(a)) {
	case SQLITE_NULL:
		return true;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	default: {
		const void *pa = sqlite3_value_blob(a), *pb = sqlite3_value_blob(b);
		int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
		return na == nb && (na == 0 || memcmp(pa, pb, (size_t)na) == 0);
	}
	}
}

/* A fact that is already here, identically, is left out (a file carried twice, a changeset
 * written again after a crash); any other clash refuses the whole changeset. */
static int on_conflict(void *ctx, int kind, sqlite3_changeset_iter *it)
{
	struct conflicts *c = ctx;
	const char *tab;
	int ncol, op, indirect;
	sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
	if (kind == SQLITE_CHANGESET_CONFLICT && op == SQLITE_INSERT) {
		bool same = true;
		for (int i = 0; same && i < ncol; i++) {
			sqlite3_value *theirs = NULL, *ours = NULL;
			sqlite3changeset_new(it, i, &theirs);
			sqlite3changeset_conflict(it, i, &ours);
			same = same_value(theirs, ours);
		}
		if (same) {
			return SQLITE_CHANGESET_OMIT;
		}
		snprintf(c->why, sizeof(c->why), "%s %.36s: the key of a different fact here", tab,
			 text_of(it, 0) ? text_of(it, 0) : "?");
	} else {
		snprintf(c->why, sizeof(c->why), "%s %.36s: %s", tab,
			 text_of(it, 0) ? text_of(it, 0) : "?",
			 kind == SQLITE_CHANGESET_CONSTRAINT ? "breaks a rule of the database"
							     : "does not fit what is here");
	}
	c->damaged = true;
	return SQLITE_CHANGESET_ABORT;
}

static bool index_people(struct store *st, struct fold *fold, const struct names *people)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT id FROM attendees WHERE uuid = ?");
	if (!s) {
		return false;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < people->n; i++) {
		if (i > 0 && strcmp(people->v[i], people->v[i - 1]) == 0) {
			continue;
		}
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, people->v[i], -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			ok = store_index_person(st, fold, id);
		}
	}
	sqlite3_finalize(s);
	return ok;
}

static bool mark_applied(struct store *st, const char *device, int64_t seq)
{
	sqlite3_stmt *s = store_prepare(
		st, "INSERT INTO sync_peers (device, applied, applied_at, seen_at, waiting)"
		    " VALUES (?1, ?2, ?3, ?3, NULL) ON CONFLICT (device) DO UPDATE SET"
		    " applied = excluded.applied, applied_at = excluded.applied_at,"
		    " seen_at = excluded.seen_at, waiting = NULL");
	if (!s) {
		return false;
	}
	char now[32];
	store_now_iso(now);
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, seq);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	bool ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	return ok;
}

enum store_sync_verdict store_sync_apply(struct store *st, struct fold *fold, const char *device,
					 int64_t seq, const void *blob, int size,
					 store_sync_photo_fn photo, void *ctx, char *why,
					 size_t whylen)
{
	why[0] = '\0';
	struct incoming in = {0};
	enum store_sync_verdict v = well_formed(blob, (size_t)size, why, whylen)
					    ? check_shape(blob, size, device, &in, why, whylen)
					    : STORE_SYNC_DAMAGED;
	if (v == STORE_SYNC_APPLIED) {
		v = check_names(st, blob, size, &in, photo, ctx, why, whylen);
	}
	if (v != STORE_SYNC_APPLIED) {
		goto out;
	}
	if (!store_begin(st)) {
		snprintf(why, whylen, "%s", store_errmsg(st));
		v = STORE_SYNC_FAILED;
		goto out;
	}
	struct conflicts c = {0};
	int rc = sqlite3changeset_apply_v2(st->db, size, (void *)blob, NULL, on_conflict, &c, NULL,
					   NULL, 0);
	if (rc != SQLITE_OK || c.damaged) {
		snprintf(why, whylen, "%s", c.damaged ? c.why : sqlite3_errmsg(st->db));
		store_rollback(st);
		v = c.damaged ? STORE_SYNC_DAMAGED : STORE_SYNC_FAILED;
		goto out;
	}
	if (!index_people(st, fold, &in.people) || !mark_applied(st, device, seq) ||
	    !store_commit(st)) {
		snprintf(why, whylen, "%s", store_errmsg(st));
		store_rollback(st);
		v = STORE_SYNC_FAILED;
	}
out:
	free(in.people.v);
	free(in.sessions.v);
	free(in.checkins.v);
	return v;
}

bool store_sync_note(struct store *st, const char *device, int64_t seq,
		     enum store_sync_verdict verdict, const char *why)
{
	char now[32];
	store_now_iso(now);
	if (verdict == STORE_SYNC_WAITING) {
		sqlite3_stmt *s = store_prepare(
			st, "INSERT INTO sync_peers (device, seen_at, waiting) VALUES (?1, ?2, ?3)"
			    " ON CONFLICT (device) DO UPDATE SET seen_at = excluded.seen_at,"
			    " waiting = excluded.waiting");
		if (!s) {
			return false;
		}
		sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, why, -1, SQLITE_STATIC);
		bool ok = sqlite3_step(s) == SQLITE_DONE;
		sqlite3_finalize(s);
		return ok;
	}
	if (!store_begin(st)) {
		return false;
	}
	sqlite3_stmt *s = store_prepare(st, "INSERT OR REPLACE INTO sync_damage (device, seq, at,"
					    " reason) VALUES (?1, ?2, ?3, ?4)");
	bool ok = s != NULL;
	if (ok) {
		sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, seq);
		sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, why, -1, SQLITE_STATIC);
		ok = sqlite3_step(s) == SQLITE_DONE;
		sqlite3_finalize(s);
	}
	char subject[64];
	snprintf(subject, sizeof(subject), "%.36s-%08lld", device, (long long)seq);
	ok = ok && mark_applied(st, device, seq) &&
	     store_event(st, "changeset_refused", subject, why) && store_commit(st);
	if (!ok) {
		store_rollback(st);
	}
	return ok;
}

bool store_sync_each_peer(struct store *st, void (*fn)(void *ctx, const struct store_peer *p),
			  void *ctx)
{
	sqlite3_stmt *s = store_prepare(
		st,
		"WITH devices AS (SELECT device FROM sync_peers UNION SELECT device FROM f_kiosks"
		" UNION SELECT DISTINCT kiosk_id FROM checkins)"
		" SELECT d.device, coalesce((SELECT name FROM f_kiosks k WHERE k.device = d.device"
		" ORDER BY k.lamport DESC, k.uuid DESC LIMIT 1), ''),"
		" coalesce(p.applied, 0), coalesce(p.applied_at, ''), coalesce(p.waiting, ''),"
		" (SELECT count(*) FROM sync_damage x WHERE x.device = d.device),"
		" (SELECT count(*) FROM checkins c WHERE c.kiosk_id = d.device"
		" AND c.undone_at IS NULL),"
		" (SELECT count(*) FROM photos f WHERE f.device = d.device AND f.kind <> 'badge')"
		" FROM devices d LEFT JOIN sync_peers p ON p.device = d.device"
		" WHERE d.device <> ?1 ORDER BY 2, 1");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, st->kiosk, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_peer p = {
			.device = store_col(s, 0),
			.name = store_col(s, 1),
			.applied = sqlite3_column_int64(s, 2),
			.applied_at = store_col(s, 3),
			.waiting = store_col(s, 4),
			.damaged = sqlite3_column_int64(s, 5),
			.checkins = sqlite3_column_int64(s, 6),
			.photos = sqlite3_column_int64(s, 7),
		};
		fn(ctx, &p);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

long long store_checkins_by(struct store *st, const char *device)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT count(*) FROM checkins WHERE kiosk_id = ?"
					    " AND undone_at IS NULL");
	if (!s) {
		return -1;
	}
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	long long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return n;
}
