/* The database: creation and migration from user_version 0, WAL, refusal of a newer schema,
 * and start-up reconciliation of files against rows. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "fileio.h"
#include "fold.h"
#include "names.h"
#include "pngimage.h"
#include "reconcile.h"
#include "store.h"
#include "store_people.h"
#include "store_print.h"

static struct error oe; /* what store_open() said */
static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			v = sqlite3_column_int64(s, 0);
		}
		sqlite3_finalize(s);
	}
	return v;
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

static void test_create(void)
{
	char *dir = check_tmpdir();
	/* an existing empty database at user_version 0 is migrated */
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, STORE_DB_NAME);
	sqlite3 *raw;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK_INT(query_int(raw, "PRAGMA user_version"), 0);
	sqlite3_close(raw);

	struct store *st = store_open(dir, &oe);
	CHECK(st != NULL);
	sqlite3 *db = store_db(st);
	CHECK_INT(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_stmt *s;
	CHECK(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	CHECK_INT(query_int(db, "PRAGMA synchronous"), 2); /* FULL */
	CHECK_INT(query_int(db, "PRAGMA foreign_keys"), 1);
	const char *tables[] = {"attendees", "checkins", "sessions", "photos", "events"};
	for (size_t i = 0; i < 5; i++) {
		char q[128];
		snprintf(q, sizeof(q), "SELECT count(*) FROM sqlite_master WHERE name = '%s'",
			 tables[i]);
		CHECK_INT(query_int(db, q), 1);
	}
	/* sessions and photos go in and are counted */
	int64_t sid;
	CHECK(store_session_add(st, "0123abcd-0000-4000-8000-000000000000", "strip4", 0,
				"2026-01-01T00:00:00Z", &sid));
	struct store_photo p = {.kind = STORE_PHOTO_STRIP,
				.path = "photos/x.png",
				.width = 6,
				.height = 18,
				.bytes = 10,
				.sha256 = "00"};
	CHECK(store_photo_add(st, sid, &p));
	p.kind = STORE_PHOTO_SHOT;
	p.path = "photos/y.png";
	CHECK(store_photo_add(st, sid, &p));
	p.path = "photos/y.png"; /* the same path twice is refused */
	CHECK(!store_photo_add(st, sid, &p));
	struct store_stats stats;
	CHECK(store_stats(st, &stats));
	CHECK_INT(stats.sessions, 1);
	CHECK_INT(stats.photos, 2);
	CHECK_INT(stats.strips, 1);
	CHECK_INT(stats.shots, 1);
	int64_t found;
	CHECK(store_session_find(st, "0123abcd", &found) && found == sid);
	CHECK(store_session_find(st, "ffffffff", &found) && found == 0);
	store_close(st);

	/* reopening is idempotent */
	st = store_open(dir, &oe);
	CHECK(st != NULL);
	CHECK(store_stats(st, &stats) && stats.photos == 2);
	store_close(st);

	/* a database from a newer gatherbooth is left alone */
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(raw);
	CHECK(store_open(dir, &oe) == NULL);
	CHECK(strstr(oe.message, "newer gatherbooth") != NULL);

	/* not a database at all */
	char *dir2 = check_tmpdir();
	snprintf(path, sizeof(path), "%s/%s", dir2, STORE_DB_NAME);
	FILE *f = fopen(path, "w");
	fputs("this is not sqlite, just text that is long enough to look like a header.......\n",
	      f);
	fclose(f);
	CHECK(store_open(dir2, &oe) == NULL);
	CHECK(strstr(oe.message, STORE_DB_NAME) != NULL);
	CHECK_STR(error_code_name(oe.code), "damaged");
}

static bool write_png(const char *dir, const char *name, int w, int h)
{
	struct image *img = image_create(w, h);
	unsigned char *data;
	size_t len;
	png_encode(img, &data, &len);
	image_destroy(img);
	char path[4300];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f) {
		fclose(f);
	}
	free(data);
	return ok;
}

static void test_reconcile(void)
{
	char *data = check_tmpdir(), err[512], dir[4200], path[4300];
	struct store *st = store_open(data, &oe);
	CHECK(st != NULL);
	snprintf(dir, sizeof(dir), "%s/photos/2026-02-03", data);
	CHECK(fileio_mkdirs(dir, 0700));

	/* a session whose rows made it, one whose commit did not, a .tmp and a broken file */
	int64_t sid;
	CHECK(store_session_add(st, "aaaaaaaa-0000-4000-8000-000000000000", "strip4", 0,
				"2026-02-03T10:00:00Z", &sid));
	CHECK(write_png(dir, "100000-aaaaaaaa-shot1-booth.png", 8, 6));
	struct store_photo p = {.kind = STORE_PHOTO_SHOT,
				.path = "photos/2026-02-03/100000-aaaaaaaa-shot1-booth.png",
				.width = 8,
				.height = 6,
				.bytes = 1,
				.sha256 = "00"};
	CHECK(store_photo_add(st, sid, &p));
	CHECK(write_png(dir, "100500-bbbbbbbb-shot1-jose-garcia.png", 8, 6));
	CHECK(write_png(dir, "100500-bbbbbbbb-strip-jose-garcia.png", 6, 18));
	CHECK(write_png(dir, ".100600-cccccccc-shot1-booth.png.tmp", 8, 6));
	snprintf(path, sizeof(path), "%s/100700-dddddddd-shot1-booth.png", dir);
	FILE *f = fopen(path, "w");
	fputs("\x89PNG\r\n\x1a\n truncated", f);
	fclose(f);
	/* a row whose file was removed by hand */
	p.path = "photos/2026-02-03/gone.png";
	CHECK(store_photo_add(st, sid, &p));

	struct reconcile_report r;
	CHECK(reconcile_run(data, st, &r, err, sizeof(err)));
	CHECK_INT(r.tmp_removed, 1);
	CHECK_INT(r.adopted, 2);
	CHECK_INT(r.damaged, 1);
	CHECK_INT(r.missing_rows, 1);
	sqlite3 *db = store_db(st);
	CHECK_INT(query_int(db, "SELECT count(*) FROM photos"), 3);
	CHECK_INT(query_int(db, "SELECT count(*) FROM photos WHERE kind = 'strip'"), 1);
	CHECK_INT(query_int(db, "SELECT count(*) FROM sessions WHERE uuid LIKE 'bbbbbbbb%'"), 1);
	CHECK_INT(query_int(db, "SELECT count(DISTINCT session) FROM photos WHERE path LIKE "
				"'%bbbbbbbb%'"),
		  1);
	CHECK_INT(query_int(db, "SELECT width FROM photos WHERE path LIKE '%bbbbbbbb-strip%'"), 6);
	CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'photo_missing'"), 1);
	CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'photo_adopted'"), 2);
	snprintf(path, sizeof(path), "%s/damaged/100700-dddddddd-shot1-booth.png", data);
	CHECK(access(path, F_OK) == 0);

	/* a second run finds nothing to do */
	CHECK(reconcile_run(data, st, &r, err, sizeof(err)));
	CHECK_INT(r.tmp_removed + r.adopted + r.damaged + r.missing_rows, 0);
	store_close(st);
}

static void test_names(void)
{
	char slug[64];
	names_slug("José García", slug, sizeof(slug));
	CHECK_STR(slug, "jose-garcia");
	names_slug("Siobhán O'Brien-Müller", slug, sizeof(slug));
	CHECK_STR(slug, "siobhan-obrien-muller");
	names_slug("Łukasz Żółć", slug, sizeof(slug));
	CHECK_STR(slug, "lukasz-zolc");
	names_slug("../../etc/passwd", slug, sizeof(slug));
	CHECK_STR(slug, "etc-passwd");
	names_slug("/", slug, sizeof(slug));
	CHECK_STR(slug, "booth");
	names_slug(".", slug, sizeof(slug));
	CHECK_STR(slug, "booth");
	names_slug("", slug, sizeof(slug));
	CHECK_STR(slug, "booth");
	names_slug("\xff\xfe bad utf8", slug, sizeof(slug));
	CHECK_STR(slug, "bad-utf8");
	names_slug("A very long name that goes on and on", slug, 12);
	CHECK(strlen(slug) <= 11 && slug[strlen(slug) - 1] != '-');
	char sha[65];
	names_sha256_hex("abc", 3, sha);
	CHECK_STR(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	char uuid[37];
	store_uuid(uuid);
	CHECK_INT(strlen(uuid), 36);
	CHECK(uuid[14] == '4');
}

/* Checked in once: a second check-in of the same person adds no row, an undone one does. */
static void test_checkin_once(void)
{
	char *dir = check_tmpdir();
	struct store *st = store_open(dir, &oe);
	CHECK(st != NULL);
	if (!st) {
		return;
	}
	struct fold *fold = fold_create();
	struct person_in in = {.name = "Ada Lovelace", .badge_code = "EB-9"};
	enum store_upsert res;
	int64_t id = 0, first = 0, second = 0, third = 0;
	CHECK(store_begin(st) && store_person_upsert(st, fold, &in, &res, &id) && store_commit(st));
	bool already = true;
	CHECK(store_checkin(st, id, false, &first, &already));
	CHECK(!already && first > 0);
	CHECK(store_checkin(st, id, true, &second, &already));
	CHECK(already);
	CHECK_INT(second, first);
	CHECK_INT(count(st, "SELECT count(*) FROM checkins"), 1);
	CHECK(store_checkin_undo(st, first));
	CHECK(store_checkin(st, id, false, &third, &already));
	CHECK(!already && third != first);
	CHECK_INT(count(st, "SELECT count(*) FROM checkins"), 2);
	fold_destroy(fold);
	store_close(st);
}

/* A session prints once unless staff reprint; the event's cap counts what did not fail; rows
 * move through their states; counts are by state. */
static void test_prints(void)
{
	char *dir = check_tmpdir();
	struct store *st = store_open(dir, &oe);
	CHECK(st != NULL);
	if (!st) {
		return;
	}
	int64_t s1 = 0, s2 = 0, s3 = 0;
	CHECK(store_session_add(st, "00000000-0000-4000-8000-000000000001", "strip4", 0,
				"2026-11-29T09:00:00Z", &s1));
	CHECK(store_session_add(st, "00000000-0000-4000-8000-000000000002", "strip4", 0,
				"2026-11-29T09:01:00Z", &s2));
	CHECK(store_session_add(st, "00000000-0000-4000-8000-000000000003", "strip4", 0,
				"2026-11-29T09:02:00Z", &s3));
	struct store_print p = {.kind = STORE_PRINT_STRIP, .session = s1, .printer = "photo"};
	enum store_print_refusal why;
	CHECK(store_print_add(st, &p, 2, &why) && why == STORE_PRINT_ADDED && p.id > 0);
	int64_t first = p.id;
	CHECK(store_print_add(st, &p, 2, &why) && why == STORE_PRINT_ALREADY);
	p.reprint = true;
	CHECK(store_print_add(st, &p, 0, &why) && why == STORE_PRINT_ADDED);
	p.reprint = false;
	p.session = s2;
	CHECK(store_print_add(st, &p, 2, &why) && why == STORE_PRINT_CAP);
	/* a print that failed frees its place under the cap and may be made again */
	CHECK(store_print_set(st, first, STORE_PRINT_FAILED, 0, "media-jam"));
	CHECK(store_print_add(st, &p, 2, &why) && why == STORE_PRINT_ADDED);
	struct store_print next;
	bool found = false;
	CHECK(store_print_next(st, STORE_PRINT_QUEUED, &next, &found) && found);
	CHECK_INT(next.id, first + 1);
	CHECK(store_print_set(st, next.id, STORE_PRINT_SENT, 42, NULL));
	CHECK(store_print_next(st, STORE_PRINT_SENT, &next, &found) && found);
	CHECK_INT(next.cups_job, 42);
	CHECK(store_print_set(st, next.id, STORE_PRINT_DONE, 0, NULL));
	int64_t n[STORE_PRINT_STATE_COUNT];
	CHECK(store_print_counts(st, STORE_PRINT_STRIP, n));
	CHECK_INT(n[STORE_PRINT_DONE], 1);
	CHECK_INT(n[STORE_PRINT_FAILED], 1);
	CHECK_INT(n[STORE_PRINT_QUEUED], 1);
	CHECK_INT(count(st, "SELECT count(*) FROM prints WHERE reason = 'media-jam'"
			    " AND finished IS NOT NULL"),
		  1);
	struct store_stats stats;
	CHECK(store_stats(st, &stats));
	CHECK_INT(stats.prints_strips, 1);
	/* a badge prints once per person */
	struct store_print b = {.kind = STORE_PRINT_BADGE, .printer = "label"};
	struct fold *fold = fold_create();
	struct person_in in = {.name = "Ada Lovelace", .badge_code = "EB-9"};
	enum store_upsert res;
	CHECK(store_begin(st) && store_person_upsert(st, fold, &in, &res, &b.attendee) &&
	      store_commit(st));
	CHECK(store_print_add(st, &b, 0, &why) && why == STORE_PRINT_ADDED);
	CHECK(store_print_add(st, &b, 0, &why) && why == STORE_PRINT_ALREADY);
	fold_destroy(fold);
	store_close(st);
}

/* Another process reading the database while the kiosk runs (an export from the USB service,
 * `gatherbooth stats`, `sqlite3`) must find the kiosk still connected: POSIX locks belong to
 * the process and one close() of the file drops them all, so if opening a second connection
 * dropped the first one's, the reader would take the WAL for abandoned, fold it in and delete
 * it, and every check-in committed after that would live only in an unlinked file. (The reader
 * is a program of its own: a forked child would share this process's idea of its locks.) */
static int outside_count(const char *db, const char *keys)
{
	char cmd[4400];
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
		 "n = c.execute(\"SELECT count(*) FROM meta WHERE instr(?, key)\", (sys.argv[2],))"
		 ".fetchone()[0]; c.close(); sys.exit(10 + n)' '%s' '%s'",
		 db, keys);
	int status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) - 10 : -1;
}

static void test_outside_reader(void)
{
	char *data = check_tmpdir(), wal[4200], db[4200];
	snprintf(db, sizeof(db), "%s/gatherbooth.db", data);
	snprintf(wal, sizeof(wal), "%s-wal", db);
	struct store *main_thread = store_open(data, &oe);
	struct store *worker = store_open(data, &oe); /* the saver's, the peers worker's */
	CHECK(main_thread && worker);
	if (!main_thread || !worker) {
		return;
	}
	CHECK(sqlite3_exec(store_db(main_thread),
			   "INSERT INTO meta (key, value) VALUES ('one', '1')", NULL, NULL,
			   NULL) == SQLITE_OK);
	CHECK_INT(outside_count(db, "one"), 1);
	CHECK(access(wal, F_OK) == 0); /* still the kiosk's */
	CHECK(sqlite3_exec(store_db(worker), "INSERT INTO meta (key, value) VALUES ('two', '2')",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK_INT(outside_count(db, "one two"), 2); /* where others look */
	store_close(worker);
	store_close(main_thread);
}

int main(void)
{
	test_create();
	test_outside_reader();
	test_prints();
	test_checkin_once();
	test_reconcile();
	test_names();
	return check_exit("store");
}
