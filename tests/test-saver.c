/* The save worker: a session is written whole (files first, then rows) or not at all. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "fileio.h"
#include "fold.h"
#include "layout.h"
#include "pngimage.h"
#include "saver.h"
#include "store.h"
#include "store_people.h"

static struct error oe; /* what store_open() said */
static struct saver_result last;
static int composed_count;
static struct image *last_composed;

static void on_composed(void *data, uint32_t session, struct image *img)
{
	(void)data;
	(void)session;
	composed_count++;
	image_destroy(last_composed);
	last_composed = img;
}

static char badges_dir[4300];
static int badges_at_save = -1; /* badge files when a save's result came */
static struct saver *held;      /* its background worker is let go when a save's result comes */

static int count_files(const char *dir);

static void on_saved(void *data, const struct saver_result *r)
{
	(void)data;
	last = *r;
	if (badges_dir[0]) {
		badges_at_save = count_files(badges_dir);
	}
	if (held) {
		saver_hold_background(held, false);
	}
}

static int count_files(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	if (!d) {
		return 0;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.') {
			n += fileio_is_tmp_name(e->d_name) ? 1000 : 0; /* a .tmp is never left */
			continue;
		}
		char sub[4300];
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		DIR *inner = opendir(sub);
		if (inner) {
			closedir(inner);
			n += count_files(sub);
		} else {
			enum picture_format f;
			n += picture_format_of_name(e->d_name, &f);
		}
	}
	closedir(d);
	return n;
}

/* A JPEG file read back, or NULL. */
static struct image *read_photo(const char *path)
{
	char why[512];
	struct image *img = picture_read_file(path, 0, 0, why, sizeof(why));
	if (!img) {
		fprintf(stderr, "%s\n", why);
	}
	return img;
}

static struct shotset *shots(int n)
{
	struct shotset *s = shotset_create();
	for (int i = 0; i < n; i++) {
		s->shots[i] = image_create(320, 180);
		image_fill_rect(s->shots[i], 0, 0, 320, 180, 0x204060u * (uint32_t)(i + 1));
	}
	s->count = n;
	return s;
}

static long long rows(const char *data, const char *sql)
{
	struct store *st = store_open(data, &oe);
	sqlite3_stmt *s;
	long long v = -1;
	if (st && sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			v = sqlite3_column_int64(s, 0);
		}
		sqlite3_finalize(s);
	}
	store_close(st);
	return v;
}

/* Badges remade at start (a day of check-ins from a shell) are made in the background: a guest's
 * save queued after 150 of them is not kept waiting until they are all made (the background
 * worker is held until the guest's save has its result, so a save queued behind the badges
 * would never end). And a badge made only if missing never replaces one the person already
 * has. */
static void test_missing_badges(struct layout l)
{
	char *data = check_tmpdir(), err[512];
	struct store *st = store_open(data, &oe);
	struct fold *fold = fold_create();
	enum { N = 150 };
	struct person people[N + 1];
	CHECK(st && store_begin(st));
	for (int i = 0; i <= N; i++) {
		char name[32], code[16];
		snprintf(name, sizeof(name), "Guest %d", i);
		snprintf(code, sizeof(code), "MB-%d", i);
		struct person_in in = {.name = name, .badge_code = code};
		enum store_upsert res;
		people[i] = (struct person){0};
		CHECK(store_person_upsert(st, fold, &in, &res, &people[i].id));
		snprintf(people[i].name, sizeof(people[i].name), "%s", name);
		snprintf(people[i].badge_code, sizeof(people[i].badge_code), "%s", code);
	}
	CHECK(store_commit(st));
	fold_destroy(fold);
	store_close(st);

	struct saver_listener sl = {.saved = on_saved};
	struct saver *sv = saver_create(data, NULL, NULL, &sl, err, sizeof(err));
	CHECK(sv != NULL);
	if (!sv) {
		return;
	}
	/* person 0 has their badge; one asked for again in the background is not drawn twice */
	saver_badge(sv, people[0].id, false);
	saver_wait_idle(sv);
	char sha[65] = "";
	snprintf(badges_dir, sizeof(badges_dir), "%s/badges", data);
	{
		struct store *s2 = store_open(data, &oe);
		sqlite3_stmt *q;
		if (s2 && sqlite3_prepare_v2(store_db(s2),
					     "SELECT sha256 FROM photos WHERE kind = "
					     "'badge'",
					     -1, &q, NULL) == SQLITE_OK) {
			if (sqlite3_step(q) == SQLITE_ROW) {
				snprintf(sha, sizeof(sha), "%s", sqlite3_column_text(q, 0));
			}
			sqlite3_finalize(q);
		}
		store_close(s2);
	}
	CHECK(sha[0]);
	saver_hold_background(sv, true);
	held = sv;
	for (int i = 0; i <= N; i++) {
		saver_badge_stale(sv, people[i].id);
	}
	struct shotset *s = shots(4);
	badges_at_save = -1;
	saver_save(sv, &(struct saver_session){.session = 9, .layout = &l, .shots = s});
	shotset_unref(s);
	saver_wait_idle(sv);
	held = NULL;
	saver_destroy(sv);
	badges_dir[0] = '\0';
	CHECK(last.ok);
	fprintf(stderr, "badges made when the guest's save ended: %d of %d\n", badges_at_save,
		N + 1);
	CHECK_INT(badges_at_save, 1); /* person 0's, made before; none of the queued ones */
	CHECK_INT(rows(data, "SELECT count(*) FROM photos WHERE kind = 'badge'"), N + 1);
	char q[200];
	snprintf(q, sizeof(q), "SELECT count(*) FROM photos WHERE kind = 'badge' AND sha256 = '%s'",
		 sha);
	CHECK_INT(rows(data, q), 1); /* person 0's badge, untouched */
}

/* Threads of this process at nice 10, read from /proc. */
static int background_threads(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/task");
	for (struct dirent *e; d && (e = readdir(d));) {
		char path[300], line[1024];
		snprintf(path, sizeof(path), "/proc/self/task/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f) {
			continue;
		}
		if (fgets(line, sizeof(line), f)) {
			/* after the name in parentheses: state is field 3, nice field 19 */
			char *p = strrchr(line, ')');
			int nice = 0, field = 2;
			for (char *tok = p ? strtok(p + 1, " ") : NULL; tok;
			     tok = strtok(NULL, " ")) {
				if (++field == 19) {
					nice = atoi(tok);
					break;
				}
			}
			n += nice == 10;
		}
		fclose(f);
	}
	if (d) {
		closedir(d);
	}
	return n;
}

int main(void)
{
	char *data = check_tmpdir(), err[512], dir[4200];
	snprintf(dir, sizeof(dir), "%s/assets/layouts", getenv("SRCDIR"));
	struct layout l;
	CHECK(layout_load(dir, "strip4", &l, err, sizeof(err)));
	struct saver_listener sl = {.composed = on_composed, .saved = on_saved};
	struct saver *sv = saver_create(data, NULL, NULL, &sl, err, sizeof(err));
	CHECK(sv != NULL);
	/* both workers yield to the screen (the threads start at once; give them 5 s to) */
	for (int i = 0; i < 500 && background_threads() < 2; i++) {
		usleep(10000);
	}
	CHECK_INT(background_threads(), 2);

	/* compose, then save with the composed image: a check-in photo of José */
	struct person jose = {.name = "José García", .badge_code = "EB-1"};
	{
		struct store *st = store_open(data, &oe);
		struct fold *fold = fold_create();
		enum store_upsert res;
		CHECK(st && store_begin(st) &&
		      store_person_upsert(
			      st, fold,
			      &(struct person_in){.name = jose.name, .badge_code = "EB-1"}, &res,
			      &jose.id) &&
		      store_commit(st));
		fold_destroy(fold);
		store_close(st);
	}
	struct shotset *s = shots(4);
	saver_compose(sv, 1, &l, s);
	saver_wait_idle(sv);
	CHECK_INT(composed_count, 1);
	CHECK(last_composed && last_composed->width == 600 && last_composed->height == 1800);
	struct saver_session job = {
		.session = 1, .layout = &l, .shots = s, .composed = last_composed, .person = &jose};
	last_composed = NULL;
	saver_save(sv, &job);
	shotset_unref(s); /* the saver keeps its own reference */
	saver_wait_idle(sv);
	CHECK(last.ok);
	CHECK_INT(last.files, 5);
	CHECK(strstr(last.message, "-strip-jose-garcia.jpg") != NULL);
	CHECK(strncmp(last.message, "photos/", 7) == 0);
	char strip[4400];
	snprintf(strip, sizeof(strip), "%s/%s", data, last.message);
	struct image *back = read_photo(strip);
	CHECK(back && back->width == 600 && back->height == 1800);
	image_destroy(back);
	/* the photos, and José's badge made with the first shot */
	CHECK_INT(count_files(data), 6);
	char badge[4400];
	snprintf(badge, sizeof(badge), "%s/badges/EB-1-jose-garcia.png", data);
	back = png_read_file(badge, err, sizeof(err));
	CHECK(back && back->width == 1200 && back->height == 900);
	image_destroy(back);
	CHECK_INT(rows(data, "SELECT count(*) FROM photos WHERE kind = 'badge'"), 1);
	CHECK_INT(rows(data, "SELECT count(*) FROM photos WHERE kind != 'badge'"), 5);
	CHECK_INT(rows(data, "SELECT count(*) FROM sessions"), 1);
	CHECK_INT(rows(data, "SELECT count(*) FROM photos WHERE length(sha256) = 64"), 6);
	CHECK_INT(rows(data, "SELECT count(*) FROM photos b WHERE b.kind = 'badge' AND"
			     " b.badge_key LIKE (SELECT uuid FROM photos WHERE kind = 'shot'"
			     " ORDER BY length(path), path LIMIT 1) || '%'"),
		  1);

	/* a full disk on the third file: nothing of that session stays, rows or files */
	int before = count_files(data); /* with the badge */
	for (int when = 0; when < 5; when++) {
		fileio_inject(FILEIO_OP_WRITE, ENOSPC, when);
		s = shots(4);
		saver_save(sv, &(struct saver_session){.session = 2, .layout = &l, .shots = s});
		shotset_unref(s);
		saver_wait_idle(sv);
		CHECK(!last.ok);
		CHECK(strstr(last.message, "storage is full") != NULL);
		CHECK(strstr(last.message, "Check-in still works") != NULL);
		CHECK_INT(count_files(data), before);
		CHECK_INT(rows(data, "SELECT count(*) FROM photos WHERE kind != 'badge'"), 5);
		CHECK_INT(rows(data, "SELECT count(*) FROM sessions"), 1);
	}
	/* EIO on the rename and the fsync: the same */
	fileio_inject(FILEIO_OP_RENAME, EIO, 4);
	s = shots(4);
	saver_save(sv, &(struct saver_session){.session = 3, .layout = &l, .shots = s});
	shotset_unref(s);
	saver_wait_idle(sv);
	CHECK(!last.ok);
	CHECK(strstr(last.message, "hardware error") != NULL);
	CHECK_INT(count_files(data), before);
	fileio_inject(FILEIO_OP_FSYNC, EIO, 0);
	s = shots(1);
	saver_save(sv, &(struct saver_session){.session = 4, .layout = &l, .shots = s});
	shotset_unref(s);
	saver_wait_idle(sv);
	CHECK(!last.ok);
	CHECK_INT(count_files(data), before);

	/* once the fault is gone, saving works again */
	fileio_inject_clear();
	s = shots(4);
	saver_save(sv, &(struct saver_session){.session = 5, .layout = &l, .shots = s});
	shotset_unref(s);
	saver_wait_idle(sv);
	CHECK(last.ok);
	CHECK(strstr(last.message, "-strip-booth.jpg") != NULL);
	CHECK_INT(rows(data, "SELECT count(*) FROM photos WHERE kind != 'badge'"), 10);
	CHECK_INT(rows(data, "SELECT count(*) FROM sessions"), 2);

	/* photo_format = png: the same session as PNG files; and a YUV still as a camera gives
	 * it, written as it is */
	saver_set_photos(sv, &(struct saver_photos){.format = PICTURE_PNG});
	s = shots(2);
	struct image *yuv = image_create_yuv420(320, 180);
	image_put_rows_yuv420(yuv, 0, 180, s->shots[1]->pixels, s->shots[1]->stride);
	image_destroy(s->shots[1]);
	s->shots[1] = yuv;
	saver_save(sv, &(struct saver_session){.session = 6, .layout = &l, .shots = s});
	saver_wait_idle(sv);
	CHECK(last.ok);
	CHECK(strstr(last.message, "-strip-booth.png") != NULL);
	snprintf(strip, sizeof(strip), "%s/%s", data, last.message);
	back = png_read_file(strip, err, sizeof(err));
	CHECK(back && back->width == 600 && back->height == 1800);
	if (back) { /* the second cell, from the YUV still, has the colour it had as XRGB */
		struct layout_cell c = layout_cell(&l, 1);
		uint32_t px = back->pixels[(size_t)(c.y + c.h / 2) * back->stride + c.x + c.w / 2];
		uint32_t want = 0x204060u * 2;
		for (int sh = 0; sh <= 16; sh += 8) {
			int d = (int)((px >> sh) & 0xff) - (int)((want >> sh) & 0xff);
			CHECK(d >= -3 && d <= 3);
		}
	}
	image_destroy(back);
	shotset_unref(s);
	saver_set_photos(sv, &(struct saver_photos){.format = PICTURE_JPEG, .quality = 92});

	saver_destroy(sv);
	test_missing_badges(l);
	image_destroy(last_composed);
	return check_exit("saver");
}
