#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define LOG_MODULE "store"
#include "log.h"

/* Errors are kept on the connection (store_errmsg) and logged once, by the caller that
 * handles them; here only at debug level, with the statement's detail. */
#include "xalloc.h"

#include "error.h"
#include "fileio.h"
#include "store-private.h"

/* A random version 4 UUID, in SQL, for facts made by a migration. */
#define SQL_UUID                                                                                   \
	"lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||"                         \
	" substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) ||"     \
	" substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"

/* Migration i takes the schema from user_version i to i + 1. Never edit one that has shipped;
 * append a new one. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	"CREATE TABLE attendees ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" first_name TEXT NOT NULL DEFAULT '',"
	" last_name TEXT NOT NULL DEFAULT '',"
	" display_name TEXT NOT NULL,"
	" email TEXT,"
	" organization TEXT,"
	" job_title TEXT,"
	" badge_code TEXT UNIQUE,"
	" ticket_type TEXT,"
	" source TEXT NOT NULL DEFAULT 'roster' CHECK (source IN ('roster', 'walkin')),"
	" consent INTEGER,"
	" created TEXT NOT NULL,"
	" updated TEXT NOT NULL);"
	"CREATE INDEX attendees_email ON attendees(email);"
	"CREATE TABLE checkins ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" attendee INTEGER NOT NULL REFERENCES attendees(id),"
	" at_wall TEXT NOT NULL,"
	" kiosk_id TEXT NOT NULL,"
	" undone_at TEXT,"
	" by_staff INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX checkins_attendee ON checkins(attendee);"
	"CREATE TABLE sessions ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" started TEXT NOT NULL,"
	" attendee INTEGER REFERENCES attendees(id),"
	" layout TEXT NOT NULL);"
	"CREATE TABLE photos ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" session INTEGER REFERENCES sessions(id),"
	" attendee INTEGER REFERENCES attendees(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('shot', 'strip', 'badge')),"
	" path TEXT NOT NULL UNIQUE,"
	" width INTEGER NOT NULL,"
	" height INTEGER NOT NULL,"
	" bytes INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" created TEXT NOT NULL);"
	"CREATE INDEX photos_session ON photos(session);"
	"CREATE INDEX photos_attendee ON photos(attendee);"
	"CREATE TABLE events ("
	" id INTEGER PRIMARY KEY,"
	" at_wall TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" subject TEXT,"
	" detail TEXT);"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",

	/* 2: search. Names are indexed folded to ASCII (fold.h), so the tokenizer sees plain
	 * words; remove_diacritics stays on for anything that reaches it unfolded. */
	"CREATE VIRTUAL TABLE search_fts USING fts5(name, organization, email, badge,"
	" tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
	"CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'col');"
	"CREATE INDEX checkins_at ON checkins(at_wall);"
	"CREATE INDEX attendees_badge_nocase ON attendees(badge_code COLLATE NOCASE);"
	"INSERT INTO search_fts (rowid, name, organization, email, badge)"
	" SELECT id, lower(display_name), lower(coalesce(organization, '')),"
	" lower(coalesce(email, '')), lower(coalesce(badge_code, '')) FROM attendees;",

	/* 3: printing. A print is a row before it reaches CUPS: queued (not yet sent), sending
	 * (being handed over; after a restart nobody knows whether CUPS took it), sent (CUPS has
	 * it as job cups_job), then done, failed (CUPS's reason), cancelled, or lost (CUPS no
	 * longer knows it and it never completed: staff decide whether to send it again). */
	"CREATE TABLE prints ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('strip', 'badge')),"
	" session INTEGER REFERENCES sessions(id),"
	" attendee INTEGER REFERENCES attendees(id),"
	" printer TEXT NOT NULL,"
	" copies INTEGER NOT NULL DEFAULT 1,"
	" reprint INTEGER NOT NULL DEFAULT 0,"
	" state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent',"
	" 'done', 'failed', 'cancelled', 'lost')),"
	" cups_job INTEGER,"
	" reason TEXT,"
	" created TEXT NOT NULL,"
	" sent TEXT,"
	" finished TEXT);"
	"CREATE INDEX prints_state ON prints(state);"
	"CREATE INDEX prints_session ON prints(session);"
	"CREATE INDEX prints_attendee ON prints(attendee);",

	/* 4: boomerangs. A photo may be an animation (GIF or WebP); SQLite changes a CHECK only
	 * by making the table anew. */
	"CREATE TABLE photos_new ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" session INTEGER REFERENCES sessions(id),"
	" attendee INTEGER REFERENCES attendees(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('shot', 'strip', 'badge', 'animation')),"
	" path TEXT NOT NULL UNIQUE,"
	" width INTEGER NOT NULL,"
	" height INTEGER NOT NULL,"
	" bytes INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" created TEXT NOT NULL);"
	"INSERT INTO photos_new SELECT * FROM photos;"
	"DROP TABLE photos;"
	"ALTER TABLE photos_new RENAME TO photos;"
	"CREATE INDEX photos_session ON photos(session);"
	"CREATE INDEX photos_attendee ON photos(attendee);",

	/* 5: pages for phones. Each saved session's page, under its token, until removed
	 * (consent withdrawn, or the event over). */
	"CREATE TABLE shares ("
	" id INTEGER PRIMARY KEY,"
	" session INTEGER NOT NULL REFERENCES sessions(id),"
	" token TEXT NOT NULL UNIQUE,"
	" created TEXT NOT NULL,"
	" removed TEXT);"
	"CREATE INDEX shares_session ON shares(session);",

	/* 6: several kiosks. What another kiosk needs travels as facts (the f_ tables): rows that
	 * are only ever added, each keyed by a UUID and naming the kiosk (device) that made it,
	 * so that two kiosks never make the same key for different facts. The tables the booth
	 * reads (attendees, checkins, sessions, photos) are derived from the facts by triggers,
	 * whether a fact was made here or applied from another kiosk's changeset: an attendee is
	 * the newest fact about them (Lamport order), a check-in is undone by an undo fact, a
	 * withdrawal removes photos. sync_ tables are this kiosk's own bookkeeping. */
	"ALTER TABLE attendees ADD COLUMN lamport INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE attendees ADD COLUMN fact TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE sessions ADD COLUMN device TEXT;"
	"ALTER TABLE photos ADD COLUMN device TEXT;"
	"CREATE TABLE f_kiosks (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" lamport INTEGER NOT NULL, name TEXT NOT NULL);"
	"CREATE TABLE f_rosters (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" file TEXT NOT NULL, rows INTEGER NOT NULL);"
	"CREATE TABLE f_people (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" lamport INTEGER NOT NULL, attendee TEXT NOT NULL, roster TEXT,"
	" source TEXT NOT NULL CHECK (source IN ('roster', 'walkin')),"
	" first_name TEXT NOT NULL, last_name TEXT NOT NULL, display_name TEXT NOT NULL,"
	" email TEXT, organization TEXT, job_title TEXT, badge_code TEXT, ticket_type TEXT);"
	"CREATE INDEX f_people_lamport ON f_people(lamport);"
	"CREATE TABLE f_sessions (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" attendee TEXT, layout TEXT NOT NULL);"
	"CREATE TABLE f_checkins (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" attendee TEXT NOT NULL, by_staff INTEGER NOT NULL CHECK (by_staff IN (0, 1)));"
	"CREATE TABLE f_undos (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" checkin TEXT NOT NULL);"
	"CREATE TABLE f_photos (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" session TEXT, attendee TEXT,"
	" kind TEXT NOT NULL CHECK (kind IN ('shot', 'strip', 'animation')),"
	" path TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,"
	" bytes INTEGER NOT NULL, sha256 TEXT NOT NULL);"
	"CREATE INDEX f_photos_attendee ON f_photos(attendee);"
	"CREATE TABLE f_withdrawals (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" attendee TEXT NOT NULL);"
	"CREATE INDEX f_withdrawals_attendee ON f_withdrawals(attendee);"
	"CREATE TABLE f_prints (uuid TEXT PRIMARY KEY, device TEXT NOT NULL, at TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('strip', 'badge')), session TEXT, attendee TEXT,"
	" copies INTEGER NOT NULL);"
	"CREATE TABLE sync_outbox (seq INTEGER PRIMARY KEY, created TEXT NOT NULL,"
	" changeset BLOB NOT NULL);"
	"CREATE TABLE sync_peers (device TEXT PRIMARY KEY, applied INTEGER NOT NULL DEFAULT 0,"
	" applied_at TEXT, seen_at TEXT, waiting TEXT);"
	"CREATE TABLE sync_damage (device TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL,"
	" reason TEXT NOT NULL, PRIMARY KEY (device, seq));"
	"CREATE TABLE doomed (path TEXT PRIMARY KEY);"
	/* what this kiosk holds already becomes its first facts */
	"INSERT INTO f_people (uuid, device, at, lamport, attendee, source, first_name, last_name,"
	" display_name, email, organization, job_title, badge_code, ticket_type)"
	" SELECT " SQL_UUID ", k.value, a.updated, 0, a.uuid, a.source, a.first_name, a.last_name,"
	" a.display_name, a.email, a.organization, a.job_title, a.badge_code, a.ticket_type"
	" FROM attendees a, meta k WHERE k.key = 'kiosk_id';"
	"UPDATE attendees SET fact = coalesce((SELECT f.uuid FROM f_people f"
	" WHERE f.attendee = attendees.uuid), '');"
	"UPDATE sessions SET device = (SELECT value FROM meta WHERE key = 'kiosk_id');"
	"UPDATE photos SET device = (SELECT value FROM meta WHERE key = 'kiosk_id');"
	"INSERT INTO f_sessions (uuid, device, at, attendee, layout)"
	" SELECT s.uuid, s.device, s.started, a.uuid, s.layout"
	" FROM sessions s LEFT JOIN attendees a ON a.id = s.attendee;"
	"INSERT INTO f_checkins (uuid, device, at, attendee, by_staff)"
	" SELECT c.uuid, c.kiosk_id, c.at_wall, a.uuid, c.by_staff"
	" FROM checkins c JOIN attendees a ON a.id = c.attendee;"
	"INSERT INTO f_undos (uuid, device, at, checkin)"
	" SELECT " SQL_UUID ", c.kiosk_id, c.undone_at, c.uuid FROM checkins c"
	" WHERE c.undone_at IS NOT NULL;"
	"INSERT INTO f_photos (uuid, device, at, session, attendee, kind, path, width, height,"
	" bytes, sha256)"
	" SELECT p.uuid, p.device, p.created, s.uuid, a.uuid, p.kind, p.path, p.width, p.height,"
	" p.bytes, p.sha256 FROM photos p LEFT JOIN sessions s ON s.id = p.session"
	" LEFT JOIN attendees a ON a.id = p.attendee WHERE p.kind <> 'badge';"
	"INSERT INTO f_withdrawals (uuid, device, at, attendee)"
	" SELECT " SQL_UUID ", k.value, a.updated, a.uuid FROM attendees a, meta k"
	" WHERE k.key = 'kiosk_id' AND a.consent = 0;"
	"INSERT INTO f_prints (uuid, device, at, kind, session, attendee, copies)"
	" SELECT " SQL_UUID ", k.value, coalesce(p.finished, p.created), p.kind, s.uuid, a.uuid,"
	" p.copies FROM prints p LEFT JOIN sessions s ON s.id = p.session"
	" LEFT JOIN attendees a ON a.id = p.attendee, meta k"
	" WHERE k.key = 'kiosk_id' AND p.state = 'done';"
	/* from here on the facts make the rows */
	"CREATE TRIGGER f_people_derive AFTER INSERT ON f_people BEGIN"
	" INSERT INTO attendees (uuid, first_name, last_name, display_name, email, organization,"
	" job_title, badge_code, ticket_type, source, created, updated, lamport, fact)"
	" VALUES (NEW.attendee, NEW.first_name, NEW.last_name, NEW.display_name, NEW.email,"
	" NEW.organization, NEW.job_title, NEW.badge_code, NEW.ticket_type, NEW.source, NEW.at,"
	" NEW.at, NEW.lamport, NEW.uuid)"
	" ON CONFLICT (uuid) DO UPDATE SET first_name = excluded.first_name,"
	" last_name = excluded.last_name, display_name = excluded.display_name,"
	" email = excluded.email, organization = excluded.organization,"
	" job_title = excluded.job_title, badge_code = excluded.badge_code,"
	" ticket_type = excluded.ticket_type, updated = excluded.updated,"
	" lamport = excluded.lamport, fact = excluded.fact"
	" WHERE excluded.lamport > attendees.lamport"
	" OR (excluded.lamport = attendees.lamport AND excluded.fact > attendees.fact);"
	" END;"
	"CREATE TRIGGER f_sessions_derive AFTER INSERT ON f_sessions BEGIN"
	" INSERT INTO sessions (uuid, started, attendee, layout, device) VALUES (NEW.uuid, NEW.at,"
	" (SELECT id FROM attendees WHERE uuid = NEW.attendee), NEW.layout, NEW.device);"
	" END;"
	"CREATE TRIGGER f_checkins_derive AFTER INSERT ON f_checkins BEGIN"
	" INSERT INTO checkins (uuid, attendee, at_wall, kiosk_id, by_staff) VALUES (NEW.uuid,"
	" (SELECT id FROM attendees WHERE uuid = NEW.attendee), NEW.at, NEW.device,"
	" NEW.by_staff);"
	" END;"
	/* two kiosks may undo the same check-in: the earlier undo stands, whatever the order */
	"CREATE TRIGGER f_undos_derive AFTER INSERT ON f_undos BEGIN"
	" UPDATE checkins SET undone_at = min(coalesce(undone_at, NEW.at), NEW.at)"
	" WHERE uuid = NEW.checkin;"
	" END;"
	/* a photo of someone who withdrew consent after it was taken is not kept */
	"CREATE TRIGGER f_photos_derive AFTER INSERT ON f_photos"
	" WHEN NOT EXISTS (SELECT 1 FROM f_withdrawals w WHERE w.attendee = NEW.attendee"
	" AND w.at >= NEW.at) BEGIN"
	" INSERT INTO photos (uuid, session, attendee, kind, path, width, height, bytes, sha256,"
	" created, device) VALUES (NEW.uuid, (SELECT id FROM sessions WHERE uuid = NEW.session),"
	" (SELECT id FROM attendees WHERE uuid = NEW.attendee), NEW.kind,"
	" CASE WHEN NEW.device = (SELECT value FROM meta WHERE key = 'kiosk_id') THEN NEW.path"
	" ELSE 'peers/' || NEW.device || '/' || NEW.path END,"
	" NEW.width, NEW.height, NEW.bytes, NEW.sha256, NEW.at, NEW.device);"
	" END;"
	"CREATE TRIGGER f_withdrawals_derive AFTER INSERT ON f_withdrawals BEGIN"
	" INSERT OR IGNORE INTO doomed (path) SELECT path FROM photos"
	" WHERE attendee = (SELECT id FROM attendees WHERE uuid = NEW.attendee)"
	" AND created <= NEW.at;"
	" DELETE FROM photos WHERE attendee = (SELECT id FROM attendees WHERE uuid = NEW.attendee)"
	" AND created <= NEW.at;"
	" UPDATE attendees SET consent = 0 WHERE uuid = NEW.attendee;"
	" END;"
	"CREATE TRIGGER prints_done AFTER UPDATE OF state ON prints"
	" WHEN NEW.state = 'done' AND OLD.state <> 'done' BEGIN"
	" INSERT INTO f_prints (uuid, device, at, kind, session, attendee, copies) VALUES "
	"(" SQL_UUID ", (SELECT value FROM meta WHERE key = 'kiosk_id'),"
	" coalesce(NEW.finished, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), NEW.kind,"
	" (SELECT uuid FROM sessions WHERE id = NEW.session),"
	" (SELECT uuid FROM attendees WHERE id = NEW.attendee), NEW.copies);"
	" END;",

	/* 7: badges drawn alike everywhere. A badge is drawn from facts that travel (the
	 * attendee's name, organization and code, and their newest photo), so every kiosk draws
	 * the same one; badge_key names what it was drawn from, and a badge whose key is no longer
	 * the attendee's (store_badge_wanted) is drawn again. */
	"ALTER TABLE photos ADD COLUMN badge_key TEXT;"
	/* One badge code given to two people at two kiosks (a guest known by email alone given
	 * a code at one, someone new imported with it at the other) would break the code's
	 * uniqueness and refuse the changeset that brings it, and with it everything after.
	 * The newer record (Lamport order, as for the rest of a record) keeps the code; the
	 * other is left without one, the same at every kiosk whatever the order of arrival. */
	"DROP TRIGGER f_people_derive;"
	"CREATE TRIGGER f_people_derive AFTER INSERT ON f_people BEGIN"
	" UPDATE attendees SET badge_code = NULL WHERE NEW.badge_code IS NOT NULL"
	" AND badge_code = NEW.badge_code AND uuid <> NEW.attendee"
	" AND (lamport < NEW.lamport OR (lamport = NEW.lamport AND fact < NEW.uuid))"
	" AND NOT EXISTS (SELECT 1 FROM attendees x WHERE x.uuid = NEW.attendee"
	" AND (x.lamport > NEW.lamport OR (x.lamport = NEW.lamport AND x.fact > NEW.uuid)));"
	" INSERT INTO attendees (uuid, first_name, last_name, display_name, email, organization,"
	" job_title, badge_code, ticket_type, source, created, updated, lamport, fact)"
	" VALUES (NEW.attendee, NEW.first_name, NEW.last_name, NEW.display_name, NEW.email,"
	" NEW.organization, NEW.job_title,"
	" CASE WHEN EXISTS (SELECT 1 FROM attendees o WHERE o.badge_code = NEW.badge_code"
	" AND o.uuid <> NEW.attendee) THEN NULL ELSE NEW.badge_code END,"
	" NEW.ticket_type, NEW.source, NEW.at, NEW.at, NEW.lamport, NEW.uuid)"
	" ON CONFLICT (uuid) DO UPDATE SET first_name = excluded.first_name,"
	" last_name = excluded.last_name, display_name = excluded.display_name,"
	" email = excluded.email, organization = excluded.organization,"
	" job_title = excluded.job_title, badge_code = excluded.badge_code,"
	" ticket_type = excluded.ticket_type, updated = excluded.updated,"
	" lamport = excluded.lamport, fact = excluded.fact"
	" WHERE excluded.lamport > attendees.lamport"
	" OR (excluded.lamport = attendees.lamport AND excluded.fact > attendees.fact);"
	" END;",
};

static const char *const kind_names[] = {"shot", "strip", "badge", "animation"};

const char *store_errmsg(struct store *st)
{
	if (st->injected[0]) {
		return st->injected;
	}
	return sqlite3_errmsg(st->db);
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

static bool exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		LOG_DBG("%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return false;
	}
	return true;
}

bool store_exec(struct store *st, const char *sql)
{
	return exec(st, sql);
}

bool store_begin(struct store *st)
{
	st->injected[0] = '\0';
	/* a statement left stepping would pin an old snapshot, and a write transaction could
	 * then not start (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out) */
	for (sqlite3_stmt *s = NULL; (s = sqlite3_next_stmt(st->db, s));) {
		if (sqlite3_stmt_busy(s)) {
			sqlite3_reset(s);
		}
	}
	return exec(st, "BEGIN IMMEDIATE");
}

bool store_commit(struct store *st)
{
	int err = fileio_injected(FILEIO_OP_COMMIT);
	if (err) {
		snprintf(st->injected, sizeof(st->injected), "%s (injected)", strerror(err));
		LOG_DBG("%s: commit failed: %s", st->path, st->injected);
		store_rollback(st);
		return false;
	}
	return exec(st, "COMMIT");
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
}

static int user_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			v = sqlite3_column_int(s, 0);
		}
		sqlite3_finalize(s);
	}
	return v;
}

static bool migrate(struct store *st, char *err, size_t errlen)
{
	int v = user_version(st);
	if (v < 0) {
		snprintf(err, errlen, "%s: cannot read the schema version: %s", st->path,
			 sqlite3_errmsg(st->db));
		return false;
	}
	if (v > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen,
			 "%s: made by a newer gatherbooth (schema %d, this one knows %d); "
			 "refusing to touch it",
			 st->path, v, STORE_SCHEMA_VERSION);
		return false;
	}
	for (; v < STORE_SCHEMA_VERSION; v++) {
		if (!migrations[v]) {
			snprintf(err, errlen, "%s: no migration to schema %d", st->path, v + 1);
			return false;
		}
		char pragma[48];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (!store_begin(st) || !exec(st, migrations[v]) || !exec(st, pragma) ||
		    !store_commit(st)) {
			snprintf(err, errlen, "%s: migration to schema %d failed: %s", st->path,
				 v + 1, sqlite3_errmsg(st->db));
			store_rollback(st);
			return false;
		}
		LOG_INFO("%s: schema migrated to version %d", st->path, v + 1);
	}
	return true;
}

/* A kiosk's id, made once, so check-ins from several kiosks can be merged later. */
static bool kiosk_id(struct store *st)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'kiosk_id'", -1, &s,
			       NULL) != SQLITE_OK) {
		return false;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(st->kiosk, sizeof(st->kiosk), "%s",
			 (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		return true;
	}
	sqlite3_finalize(s);
	store_uuid(st->kiosk);
	char sql[128];
	snprintf(sql, sizeof(sql), "INSERT INTO meta (key, value) VALUES ('kiosk_id', '%s')",
		 st->kiosk);
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

const char *store_kiosk_id(struct store *st)
{
	return st->kiosk;
}

/* What an SQLite result code means for the people at the door. */
static enum error_code kind_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ERROR_LOCKED;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return ERROR_DAMAGED;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return ERROR_READ_ONLY;
	case SQLITE_FULL:
		return ERROR_FULL;
	default:
		return ERROR_FAILED;
	}
}

struct store *store_open(const char *data_dir, struct error *e)
{
	struct store *st = xcalloc(1, sizeof(*st));
	snprintf(st->path, sizeof(st->path), "%s/%s", data_dir, STORE_DB_NAME);
	/* guests' names are private whatever the umask: sqlite would create the file 0644, and
	 * its -wal and -shm files take the database's mode. Only made when missing: a close() of
	 * the file while this process has it open drops every lock the process holds on it
	 * (POSIX locks belong to the process), and another process would then take the WAL of
	 * the running kiosk for abandoned, fold it in and delete it. */
	int fd = open(st->path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
	}
	int rc = sqlite3_open_v2(st->path, &st->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		error_set(e, kind_of(rc), "%s: cannot open: %s", st->path,
			  st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto err_close;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	/* WAL: readers never block the writer. synchronous=FULL: a commit is on the card
	 * before it returns, which is what lets the screen say "Welcome". */
	char *msg = NULL;
	rc = sqlite3_exec(
		st->db,
		"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
		"PRAGMA secure_delete=OFF; PRAGMA journal_size_limit=4194304; "
		"PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;",
		NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		error_set(e, kind_of(rc), "%s: %s", st->path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		goto err_close;
	}
	if (!migrate(st, e->message, sizeof(e->message))) {
		/* a newer gatherbooth's database is no fault of the card's */
		int v = sqlite3_errcode(st->db);
		e->code = v == SQLITE_OK || v == SQLITE_DONE || v == SQLITE_ROW ? ERROR_FAILED
										: kind_of(v);
		goto err_close;
	}
	if (!kiosk_id(st)) {
		error_set(e, kind_of(sqlite3_errcode(st->db)), "%s: cannot record the kiosk id: %s",
			  st->path, sqlite3_errmsg(st->db));
		goto err_close;
	}
	return st;

err_close:
	sqlite3_close(st->db);
	free(st);
	return NULL;
}

bool store_check_writable(struct store *st, struct error *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE; ROLLBACK;", NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		error_set(e, kind_of(rc), "%s: %s", st->path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		store_rollback(st);
		return false;
	}
	return true;
}

void store_close(struct store *st)
{
	if (!st) {
		return;
	}
	store_people_finish(st);
	if (sqlite3_close(st->db) != SQLITE_OK) {
		LOG_WARN("%s: close: %s", st->path, sqlite3_errmsg(st->db));
		sqlite3_close_v2(st->db);
	}
	free(st);
}

void store_uuid(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			/* no entropy source at all: fall back to time and counter */
			static unsigned counter;
			unsigned long long t = (unsigned long long)time(NULL) ^
					       ((unsigned long long)++counter << 32);
			for (size_t i = 0; i < sizeof(b); i++) {
				b[i] = (unsigned char)(t >> (8 * (i % 8))) ^
				       (unsigned char)(i * 37);
			}
			break;
		}
		got += (size_t)n;
	}
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

void store_now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool step_done(struct store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
		return false;
	}
	return true;
}

const char *store_col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	return v ? v : "";
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
		return NULL;
	}
	return s;
}

static void bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id > 0) {
		sqlite3_bind_int64(s, i, id);
	} else {
		sqlite3_bind_null(s, i);
	}
}

bool store_session_add(struct store *st, const char *uuid, const char *layout, int64_t attendee,
		       const char *started, int64_t *id)
{
	/* the fact; f_sessions_derive makes the row */
	sqlite3_stmt *s = store_prepare(
		st, "INSERT INTO f_sessions (uuid, device, at, attendee, layout)"
		    " VALUES (?1, ?2, ?3, (SELECT uuid FROM attendees WHERE id = ?4), ?5)");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, st->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, started, -1, SQLITE_STATIC);
	bind_id(s, 4, attendee);
	sqlite3_bind_text(s, 5, layout, -1, SQLITE_STATIC);
	if (!step_done(st, s)) {
		return false;
	}
	s = store_prepare(st, "SELECT id FROM sessions WHERE uuid = ?");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	*id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return *id > 0;
}

bool store_session_find(struct store *st, const char *uuid_prefix, int64_t *id)
{
	sqlite3_stmt *s =
		store_prepare(st, "SELECT id FROM sessions WHERE substr(uuid, 1, length(?1)) = ?1 "
				  "ORDER BY id LIMIT 1");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, uuid_prefix, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool store_photo_add(struct store *st, int64_t session, const struct store_photo *p)
{
	/* a guest's photo is a fact (f_photos_derive makes the row) and travels to the other
	 * kiosks; a badge is drawn again at each kiosk from the facts (store_badge_wanted), the
	 * same everywhere, and stays here */
	sqlite3_stmt *s = store_prepare(
		st,
		p->kind == STORE_PHOTO_BADGE
			? "INSERT INTO photos (uuid, session, attendee, kind, path, width, height,"
			  " bytes, sha256, created, device, badge_key)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
			: "INSERT INTO f_photos (uuid, session, attendee, kind, path, width,"
			  " height, bytes, sha256, at, device) VALUES (?1,"
			  " (SELECT uuid FROM sessions WHERE id = ?2),"
			  " (SELECT uuid FROM attendees WHERE id = ?3),"
			  " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	if (!s) {
		return false;
	}
	char uuid[37], now[32];
	store_uuid(uuid);
	store_now_iso(now);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	bind_id(s, 2, session);
	bind_id(s, 3, p->attendee);
	sqlite3_bind_text(s, 4, kind_names[p->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->path, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, p->width);
	sqlite3_bind_int(s, 7, p->height);
	sqlite3_bind_int64(s, 8, p->bytes);
	sqlite3_bind_text(s, 9, p->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 11, st->kiosk, -1, SQLITE_STATIC);
	if (p->kind == STORE_PHOTO_BADGE) {
		sqlite3_bind_text(s, 12, p->badge_key ? p->badge_key : "", -1, SQLITE_STATIC);
	}
	return step_done(st, s);
}

bool store_photo_delete_path(struct store *st, const char *path)
{
	sqlite3_stmt *s = store_prepare(st, "DELETE FROM photos WHERE path = ?");
	if (!s) {
		return false;
	}
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	return step_done(st, s);
}

bool store_badge_replace(struct store *st, int64_t attendee, char ***paths, int *n)
{
	*paths = NULL;
	*n = 0;
	sqlite3_stmt *s =
		store_prepare(st, "SELECT path FROM photos WHERE attendee = ? AND kind = 'badge'");
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, attendee);
	size_t cap = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		*paths = xgrow(*paths, &cap, (size_t)*n + 1, sizeof(char *));
		(*paths)[(*n)++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	s = store_prepare(st, "DELETE FROM photos WHERE attendee = ? AND kind = 'badge'");
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, attendee);
	return step_done(st, s);
}

bool store_badge_wanted(struct store *st, int64_t attendee, struct store_badge *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s =
		store_prepare(st, "SELECT coalesce(" BADGE_SHOT(
					  "p.path") ", ''), " BADGE_KEY ", EXISTS (SELECT 1"
						    " FROM photos b WHERE b.attendee = a.id AND "
						    "b.kind = 'badge' AND b.badge_key = " BADGE_KEY
						    ") FROM attendees a WHERE a.id = ?");
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, attendee);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out->photo, sizeof(out->photo), "%s",
			 (const char *)sqlite3_column_text(s, 0));
		snprintf(out->key, sizeof(out->key), "%s", (const char *)sqlite3_column_text(s, 1));
		out->current = sqlite3_column_int(s, 2) != 0;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool store_each_stale_badge(struct store *st, void (*fn)(void *ctx, int64_t attendee), void *ctx)
{
	/* everyone ever checked in (an undo keeps the badge made) or photographed: a set the
	 * facts decide, the same at every kiosk */
	sqlite3_stmt *s = store_prepare(
		st,
		"SELECT a.id FROM attendees a WHERE (EXISTS (SELECT 1 FROM checkins c"
		" WHERE c.attendee = a.id) OR EXISTS (SELECT 1 FROM photos p WHERE"
		" p.attendee = a.id AND p.kind = 'shot')) AND NOT EXISTS (SELECT 1 FROM photos b"
		" WHERE b.attendee = a.id AND b.kind = 'badge' AND b.badge_key = " BADGE_KEY ")"
		" ORDER BY a.id");
	if (!s) {
		return false;
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn(ctx, sqlite3_column_int64(s, 0));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		return false;
	}
	return true;
}

bool store_photo_paths(struct store *st, void (*fn)(const char *path, void *ctx), void *ctx)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT path FROM photos ORDER BY id");
	if (!s) {
		return false;
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn((const char *)sqlite3_column_text(s, 0), ctx);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

bool store_doomed_list(struct store *st, char ***paths, int *n)
{
	*paths = NULL;
	*n = 0;
	sqlite3_stmt *s = store_prepare(st, "SELECT path FROM doomed ORDER BY path");
	if (!s) {
		return false;
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*paths = xgrow(*paths, &cap, (size_t)*n + 1, sizeof(char *));
		(*paths)[(*n)++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_free_paths(*paths, *n);
		*paths = NULL;
		*n = 0;
		return false;
	}
	return true;
}

bool store_doomed_clear(struct store *st, char **paths, int n)
{
	sqlite3_stmt *s = store_prepare(st, "DELETE FROM doomed WHERE path = ?");
	if (!s) {
		return false;
	}
	bool ok = true;
	for (int i = 0; ok && i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, paths[i], -1, SQLITE_STATIC);
		ok = sqlite3_step(s) == SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return ok;
}

void store_free_paths(char **paths, int n)
{
	for (int i = 0; i < n; i++) {
		free(paths[i]);
	}
	free(paths);
}

bool store_event(struct store *st, const char *kind, const char *subject, const char *detail)
{
	sqlite3_stmt *s = store_prepare(
		st, "INSERT INTO events (at_wall, kind, subject, detail) VALUES (?, ?, ?, ?)");
	if (!s) {
		return false;
	}
	char now[32];
	store_now_iso(now);
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
	return step_done(st, s);
}

static bool count(struct store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = store_prepare(st, sql);
	if (!s) {
		return false;
	}
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW;
}

bool store_stats(struct store *st, struct store_stats *out)
{
	memset(out, 0, sizeof(*out));
	return count(st, "SELECT count(*) FROM attendees", &out->attendees) &&
	       count(st, "SELECT count(DISTINCT attendee) FROM checkins WHERE undone_at IS NULL",
		     &out->checked_in) &&
	       count(st, "SELECT count(*) FROM attendees WHERE source = 'walkin'",
		     &out->walk_ins) &&
	       count(st, "SELECT count(*) FROM photos WHERE kind IN ('shot', 'strip')",
		     &out->photos) &&
	       count(st, "SELECT count(*) FROM photos WHERE kind = 'strip'", &out->strips) &&
	       count(st, "SELECT count(*) FROM photos WHERE kind = 'shot'", &out->shots) &&
	       count(st, "SELECT count(*) FROM sessions", &out->sessions) &&
	       count(st, "SELECT coalesce(sum(copies), 0) FROM f_prints WHERE kind = 'strip'",
		     &out->prints_strips) &&
	       count(st, "SELECT coalesce(sum(copies), 0) FROM f_prints WHERE kind = 'badge'",
		     &out->prints_badges);
}

static void inspect(sqlite3 *db, struct store_report *out)
{
	sqlite3_busy_timeout(db, 2000);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL) != SQLITE_OK) {
		return;
	}
	char result[128] = "";
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(result, sizeof(result), "%s", sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (strcmp(result, "ok") != 0) {
		if (result[0]) {
			snprintf(out->detail, sizeof(out->detail), "%s", result);
		}
		return;
	}
	static const char *const counts =
		"SELECT (SELECT count(*) FROM attendees), (SELECT count(*) FROM checkins "
		"WHERE undone_at IS NULL), (SELECT count(*) FROM photos), "
		"(SELECT user_version FROM pragma_user_version)";
	if (sqlite3_prepare_v2(db, counts, -1, &s, NULL) != SQLITE_OK) {
		return;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->people = sqlite3_column_int64(s, 0);
		out->checkins = sqlite3_column_int64(s, 1);
		out->photos = sqlite3_column_int64(s, 2);
		out->version = sqlite3_column_int(s, 3);
		out->health =
			out->version > STORE_SCHEMA_VERSION ? STORE_HEALTH_NEWER : STORE_HEALTH_OK;
	}
	sqlite3_finalize(s);
}

void store_inspect(const char *path, struct store_report *out)
{
	*out = (struct store_report){.health = STORE_HEALTH_DAMAGED, .version = -1};
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		inspect(db, out);
	}
	if (out->health == STORE_HEALTH_DAMAGED && !out->detail[0]) {
		int code = sqlite3_errcode(db) & 0xff;
		if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
			out->health = STORE_HEALTH_LOCKED;
		}
		snprintf(out->detail, sizeof(out->detail), "%s", sqlite3_errmsg(db));
	}
	sqlite3_close(db);
}
