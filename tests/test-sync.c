/* Changesets between kiosks: what one kiosk writes another applies once, in order, and a
 * changeset that is cut short, damaged, or hostile (a table that does not travel, a change
 * rather than an addition, a key that names a different fact, rows another kiosk made) is
 * refused with the database exactly as it was. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "error.h"
#include "fold.h"
#include "store.h"
#include "store_people.h"
#include "store_sync.h"

static struct fold *fold;

static struct store *open_kiosk(void)
{
	/* many kiosks, each a folder under one test folder */
	static char *base;
	static int n;
	if (!base) {
		base = check_tmpdir();
	}
	char dir[4200];
	snprintf(dir, sizeof(dir), "%s/kiosk%d", base, n++);
	CHECK(mkdir(dir, 0700) == 0);
	struct error e;
	struct store *st = store_open(dir, &e);
	CHECK(st != NULL);
	return st;
}

static int64_t add_person(struct store *st, const char *name, const char *badge)
{
	struct person_in in = {.name = name, .badge_code = badge};
	enum store_upsert res;
	int64_t id = 0;
	CHECK(store_begin(st) && store_person_upsert(st, fold, &in, &res, &id) && store_commit(st));
	return id;
}

/* Everything a changeset could touch, as text: equal before and after means untouched. */
static char *dump(struct store *st)
{
	static const char *const tables[] = {
		"f_kiosks", "f_rosters", "f_people",      "f_sessions", "f_checkins",
		"f_undos",  "f_photos",  "f_withdrawals", "f_prints",   "attendees",
		"checkins", "sessions",  "photos",        "sync_peers", "meta",
	};
	char *out = strdup("");
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		char sql[128];
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY 1", tables[t]);
		sqlite3_stmt *s;
		CHECK(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const char *v = (const char *)sqlite3_column_text(s, c);
				size_t n = strlen(out) + (v ? strlen(v) : 4) + 4;
				char *grown = malloc(n);
				snprintf(grown, n, "%s|%s", out, v ? v : "NULL");
				free(out);
				out = grown;
			}
		}
		sqlite3_finalize(s);
	}
	return out;
}

static long long count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			v = sqlite3_column_int64(s, 0);
		}
		sqlite3_finalize(s);
	}
	return v;
}

static enum store_sync_verdict apply(struct store *st, const char *device, int64_t seq,
				     const void *blob, int size, char *why)
{
	return store_sync_apply(st, fold, device, seq, blob, size, NULL, NULL, why, 256);
}

/* A changeset made by hand on a scratch database: `schema` then `inserts`, recorded. */
static void *craft(const char *schema, const char *inserts, int *size)
{
	sqlite3 *db;
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, schema, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_session *session;
	CHECK(sqlite3session_create(db, "main", &session) == SQLITE_OK);
	CHECK(sqlite3session_attach(session, NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(db, inserts, NULL, NULL, NULL) == SQLITE_OK);
	void *blob = NULL;
	CHECK(sqlite3session_changeset(session, size, &blob) == SQLITE_OK);
	sqlite3session_delete(session);
	sqlite3_close(db);
	void *copy = malloc((size_t)*size);
	memcpy(copy, blob, (size_t)*size);
	sqlite3_free(blob);
	return copy;
}

static void expect_refused(struct store *st, const char *device, const void *blob, int size,
			   const char *what)
{
	char *before = dump(st), why[256];
	enum store_sync_verdict v = apply(st, device, 1, blob, size, why);
	if (v != STORE_SYNC_DAMAGED) {
		fprintf(stderr, "%s: not refused (%d: %s)\n", what, (int)v, why);
	}
	CHECK_INT(v, STORE_SYNC_DAMAGED);
	CHECK(why[0] != '\0');
	char *after = dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);
}

static void test_round_trip(void)
{
	struct store *a = open_kiosk(), *b = open_kiosk();
	CHECK(store_sync_set_name(a, "Door A"));
	int64_t anna = add_person(a, "Anna Müller", "GB-1004");
	int64_t checkin;
	bool already;
	CHECK(store_checkin(a, anna, false, &checkin, &already));
	int64_t seq;
	CHECK(store_sync_collect(a, &seq));
	CHECK_INT(seq, 1);
	/* nothing new: no changeset */
	int64_t again;
	CHECK(store_sync_collect(a, &again));
	CHECK_INT(again, 0);
	void *blob;
	int size;
	bool found;
	CHECK(store_sync_outbox(a, 1, &blob, &size, &found) && found);

	char why[256];
	const char *dev_a = store_kiosk_id(a);
	CHECK_INT(apply(b, dev_a, 1, blob, size, why), STORE_SYNC_APPLIED);
	CHECK_INT(count(b, "SELECT count(*) FROM checkins WHERE undone_at IS NULL"), 1);
	struct search_hit hits[4];
	CHECK_INT(store_search(b, fold, "muller", hits, 4), 1); /* indexed for search at B */
	struct person p;
	CHECK(store_person_by_code(b, "GB-1004", &p, &found) && found);
	CHECK_STR(p.checked_in_kiosk, "Door A");
	int64_t applied;
	CHECK(store_sync_applied(b, dev_a, &applied));
	CHECK_INT(applied, 1);

	/* the same facts again (a file written twice across a power cut): left out, no error */
	char *before = dump(b);
	CHECK_INT(apply(b, dev_a, 2, blob, size, why), STORE_SYNC_APPLIED);
	CHECK_INT(count(b, "SELECT count(*) FROM checkins"), 1);
	free(before);

	/* B checks Anna in too: both facts are kept, and A's (the earlier) stands at both */
	int64_t b_checkin;
	CHECK(store_checkin(b, p.id, false, &b_checkin, &already));
	CHECK(already); /* B knew of A's */
	/* an undo at A travels */
	CHECK(store_checkin_undo(a, checkin));
	CHECK(store_sync_collect(a, &seq));
	CHECK_INT(seq, 2);
	free(blob);
	CHECK(store_sync_outbox(a, 2, &blob, &size, &found) && found);
	CHECK_INT(apply(b, dev_a, 3, blob, size, why), STORE_SYNC_APPLIED);
	CHECK_INT(count(b, "SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL"), 1);
	free(blob);
	store_close(a);
	store_close(b);
}

static void test_waiting(void)
{
	struct store *a = open_kiosk(), *b = open_kiosk(), *c = open_kiosk();
	/* a walk-in at A reaches B, B checks them in; C hears from B before A */
	struct person_in in = {.name = "Zed Shaw", .walk_in = true};
	enum store_upsert res;
	int64_t zed;
	CHECK(store_begin(a) && store_person_upsert(a, fold, &in, &res, &zed) && store_commit(a));
	int64_t seq;
	void *blob_a, *blob_b;
	int size_a, size_b;
	bool found;
	char why[256];
	CHECK(store_sync_collect(a, &seq) && store_sync_outbox(a, seq, &blob_a, &size_a, &found));
	CHECK_INT(apply(b, store_kiosk_id(a), 1, blob_a, size_a, why), STORE_SYNC_APPLIED);
	struct person p;
	CHECK(store_person_get(b, count(b, "SELECT id FROM attendees"), &p, &found) && found);
	int64_t checkin;
	bool already;
	CHECK(store_checkin(b, p.id, false, &checkin, &already));
	CHECK(store_sync_collect(b, &seq) && store_sync_outbox(b, seq, &blob_b, &size_b, &found));

	char *before = dump(c);
	CHECK_INT(apply(c, store_kiosk_id(b), 1, blob_b, size_b, why), STORE_SYNC_WAITING);
	CHECK(strstr(why, "waits for the attendee") != NULL);
	char *after = dump(c);
	CHECK_STR(after, before);
	CHECK_INT(apply(c, store_kiosk_id(a), 1, blob_a, size_a, why), STORE_SYNC_APPLIED);
	CHECK_INT(apply(c, store_kiosk_id(b), 1, blob_b, size_b, why), STORE_SYNC_APPLIED);
	CHECK_INT(count(c, "SELECT count(*) FROM checkins"), 1);
	free(before);
	free(after);
	free(blob_a);
	free(blob_b);
	store_close(a);
	store_close(b);
	store_close(c);
}

static void test_hostile(void)
{
	struct store *a = open_kiosk(), *b = open_kiosk();
	int64_t anna = add_person(a, "Anna Müller", "GB-1004");
	add_person(b, "Anna Müller", "GB-1004");
	int64_t checkin, seq;
	bool already, found;
	CHECK(store_checkin(a, anna, false, &checkin, &already));
	CHECK(store_sync_collect(a, &seq));
	void *blob;
	int size;
	CHECK(store_sync_outbox(a, seq, &blob, &size, &found) && found);
	const char *dev_a = store_kiosk_id(a);

	/* cut short, at every length */
	for (int n = 0; n < size; n += size / 40 + 1) {
		expect_refused(b, dev_a, blob, n, "a changeset cut short");
	}
	/* bytes changed here and there */
	unsigned char *bad = malloc((size_t)size);
	for (int i = 0; i < 200; i++) {
		memcpy(bad, blob, (size_t)size);
		bad[(i * 7919) % size] ^= (unsigned char)(1 + i % 255);
		char *before = dump(b), why[256];
		enum store_sync_verdict v = apply(b, dev_a, 1, bad, size, why);
		if (v == STORE_SYNC_APPLIED) {
			/* a changed byte inside a name or a time may still be a well-formed fact:
			 * then it is applied whole, and undone for the next try */
			store_close(b);
			b = open_kiosk();
			add_person(b, "Anna Müller", "GB-1004");
		} else {
			/* refused, or waiting for a person it now names: untouched either way */
			CHECK(v == STORE_SYNC_DAMAGED || v == STORE_SYNC_WAITING);
			char *after = dump(b);
			CHECK_STR(after, before);
			free(after);
		}
		free(before);
	}
	free(bad);
	/* rows that claim to be another kiosk's */
	expect_refused(b, "00000000-0000-4000-8000-000000000000", blob, size,
		       "another kiosk's rows");

	static const char fact_tables[] =
		"CREATE TABLE f_checkins (uuid TEXT PRIMARY KEY, device TEXT NOT NULL,"
		" at TEXT NOT NULL, attendee TEXT NOT NULL, by_staff INTEGER NOT NULL);"
		"CREATE TABLE attendees (id INTEGER PRIMARY KEY, uuid TEXT, display_name TEXT);"
		"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);";
	char sql[1024];
	int n;
	/* a table that never travels */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO attendees VALUES (999, '11111111-1111-4111-8111-111111111111',"
		 " 'Mallory')");
	void *h = craft(fact_tables, sql, &n);
	expect_refused(b, dev_a, h, n, "a table that does not travel");
	free(h);
	snprintf(sql, sizeof(sql), "INSERT INTO meta VALUES ('kiosk_id', '%s')", dev_a);
	h = craft(fact_tables, sql, &n);
	expect_refused(b, dev_a, h, n, "this kiosk's own id");
	free(h);
	/* the key of A's check-in, naming someone else */
	sqlite3_stmt *s;
	CHECK(sqlite3_prepare_v2(store_db(a), "SELECT uuid FROM f_checkins", -1, &s, NULL) ==
	      SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	char key[37];
	snprintf(key, sizeof(key), "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	char why[256];
	CHECK_INT(apply(b, dev_a, 1, blob, size, why), STORE_SYNC_APPLIED);
	int64_t zed = add_person(b, "Zed Shaw", "GB-2000");
	struct person z;
	CHECK(store_person_get(b, zed, &z, &found) && found);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO f_checkins VALUES ('%s', '%s', '2026-11-30T09:14:00Z', '%s', 0)", key,
		 dev_a, z.uuid);
	h = craft(fact_tables, sql, &n);
	char *before = dump(b);
	CHECK_INT(apply(b, dev_a, 2, h, n, why), STORE_SYNC_DAMAGED);
	CHECK(strstr(why, "different fact") != NULL);
	char *after = dump(b);
	CHECK_STR(after, before);
	free(before);
	free(after);
	free(h);
	/* a change, not an addition */
	sqlite3 *db;
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, fact_tables, NULL, NULL, NULL) == SQLITE_OK);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO f_checkins VALUES ('%s', '%s', '2026-11-30T09:14:00Z', '%s', 0)", key,
		 dev_a, z.uuid);
	CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_session *session;
	CHECK(sqlite3session_create(db, "main", &session) == SQLITE_OK);
	CHECK(sqlite3session_attach(session, NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "DELETE FROM f_checkins", NULL, NULL, NULL) == SQLITE_OK);
	void *del = NULL;
	CHECK(sqlite3session_changeset(session, &n, &del) == SQLITE_OK);
	sqlite3session_delete(session);
	sqlite3_close(db);
	expect_refused(b, dev_a, del, n, "a deletion");
	sqlite3_free(del);
	/* a fact of the wrong shape: a missing column, a key that is no uuid */
	h = craft("CREATE TABLE f_undos (uuid TEXT PRIMARY KEY, device TEXT, at TEXT);",
		  "INSERT INTO f_undos VALUES ('22222222-2222-4222-8222-222222222222', 'x', 'y')",
		  &n);
	expect_refused(b, dev_a, h, n, "a missing column");
	free(h);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO f_checkins VALUES ('../../etc', '%s', '2026-11-30T09:14:00Z', '%s', "
		 "0)",
		 dev_a, z.uuid);
	h = craft(fact_tables, sql, &n);
	expect_refused(b, dev_a, h, n, "a key that is not a uuid");
	free(h);
	/* a photo whose path leads out of the data folder */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO f_photos VALUES ('33333333-3333-4333-8333-333333333333', '%s',"
		 " '2026-11-30T09:14:00Z', NULL, NULL, 'shot', 'photos/../../gatherbooth.db', 1,"
		 " 1, 1, '%064d')",
		 dev_a, 0);
	h = craft("CREATE TABLE f_photos (uuid TEXT PRIMARY KEY, device TEXT, at TEXT,"
		  " session TEXT, attendee TEXT, kind TEXT, path TEXT, width INTEGER,"
		  " height INTEGER, bytes INTEGER, sha256 TEXT);",
		  sql, &n);
	expect_refused(b, dev_a, h, n, "a path out of the folder");
	free(h);
	/* nothing at all */
	expect_refused(b, dev_a, "", 0, "an empty file");
	free(blob);
	store_close(a);
	store_close(b);
}

/* Two kiosks give one badge code to two different people (one gives it to a guest known by
 * email alone, the other imports someone new with it): both changesets apply, nothing is
 * refused, and both kiosks agree that the code is the newer record's. */
static void test_code_clash(void)
{
	struct store *a = open_kiosk(), *b = open_kiosk();
	struct person_in x = {.name = "Xavier Ruiz", .email = "x@example.org"};
	enum store_upsert res;
	int64_t id;
	CHECK(store_begin(a) && store_person_upsert(a, fold, &x, &res, &id) && store_commit(a));
	x.badge_code = "GB-9";
	CHECK(store_begin(a) && store_person_upsert(a, fold, &x, &res, &id) && store_commit(a));
	CHECK_INT(res, STORE_UPDATED);
	add_person(b, "Zoe Park", "GB-9");
	int64_t seq;
	void *from_a, *from_b;
	int size_a, size_b;
	bool found;
	CHECK(store_sync_collect(a, &seq) && store_sync_outbox(a, 1, &from_a, &size_a, &found));
	CHECK(store_sync_collect(b, &seq) && store_sync_outbox(b, 1, &from_b, &size_b, &found));
	char why[256] = "";
	CHECK_INT(apply(b, store_kiosk_id(a), 1, from_a, size_a, why), STORE_SYNC_APPLIED);
	CHECK_INT(apply(a, store_kiosk_id(b), 1, from_b, size_b, why), STORE_SYNC_APPLIED);
	struct store *both[] = {a, b};
	for (int k = 0; k < 2; k++) {
		CHECK_INT(count(both[k], "SELECT count(*) FROM sync_damage"), 0);
		CHECK_INT(count(both[k], "SELECT count(*) FROM attendees"), 2);
		CHECK_INT(
			count(both[k], "SELECT count(*) FROM attendees WHERE badge_code = 'GB-9'"),
			1);
	}
	const char *holder = "SELECT display_name = 'Xavier Ruiz' FROM attendees"
			     " WHERE badge_code = 'GB-9'";
	CHECK_INT(count(a, holder), count(b, holder));
	free(from_a);
	free(from_b);
	store_close(a);
	store_close(b);
}

int main(void)
{
	fold = fold_create();
	test_round_trip();
	test_waiting();
	test_code_clash();
	test_hostile();
	fold_destroy(fold);
	return check_exit("sync");
}
