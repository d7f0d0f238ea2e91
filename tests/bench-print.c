/* Benchmark: printing against a real cupsd (started by tests/print/bench-print.sh, which sets
 * CUPS_SERVER and times `lp` on the same sheet as the anchor). Prints the time from Keep (the
 * save asked for, with a print) to the job accepted by cupsd, median of 5; and the screen's
 * frame times (SDL's software renderer, headless, paced at 60 Hz) on an idle booth and while the
 * print worker draws, encodes and sends strip sheets, against the goal of one 60 Hz frame
 * (16.7 ms) at p99. Writes the sheet the booth sent to $BENCH_SHEET for the anchor. */
#include <SDL.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <unistd.h>

#include "bench-screen.h"
#include "bench.h"
#include "check.h"
#include "config.h"
#include "layout.h"
#include "print.h"
#include "saver.h"
#include "store.h"

enum { RUNS = 5, MAX_FRAMES = 4000, IDLE_FRAMES = 180 };

static atomic_int saved;

static void on_saved(void *data, const struct saver_result *r)
{
	(void)data;
	if (!r->ok || r->print != SAVER_PRINT_QUEUED) {
		fprintf(stderr, "save: %s\n", r->message);
	}
	atomic_fetch_add(&saved, r->ok ? 1 : 1000);
}

static void on_status(void *data, const struct print_status *st)
{
	(void)data;
	(void)st;
}

/* Prints in a state other than queued or sending: cupsd has accepted them. */
static long long accepted(sqlite3 *db)
{
	sqlite3_stmt *s;
	long long n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM prints WHERE state IN ('sent', 'done')",
			       -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			n = sqlite3_column_int64(s, 0);
		}
		sqlite3_finalize(s);
	}
	return n;
}

/* Keep to accepted, RUNS times; every print is one row, sent by the worker. */
static int keep_to_accepted(struct saver *sv, struct print_worker *pw, sqlite3 *db,
			    const struct layout *strip, double *ms, double *after_save)
{
	struct shotset *s = bench_still_shots(4, 1920, 1080);
	for (int i = 0; i < RUNS; i++) {
		int before = atomic_load(&saved);
		double t0 = bench_now_ms();
		saver_save(sv, &(struct saver_session){.session = (uint32_t)i + 1,
						       .layout = strip,
						       .shots = s,
						       .print_copies = 1});
		while (atomic_load(&saved) == before) {
			usleep(200);
		}
		double t1 = bench_now_ms();
		print_wake(pw); /* as the booth does when the save is done */
		while (accepted(db) < i + 1) {
			if (bench_now_ms() - t0 > 60000) {
				fprintf(stderr, "cupsd did not accept print %d in 60 s\n", i + 1);
				shotset_unref(s);
				return 1;
			}
			usleep(200);
		}
		ms[i] = bench_now_ms() - t0;
		after_save[i] = bench_now_ms() - t1;
	}
	shotset_unref(s);
	return 0;
}

int main(void)
{
	char err[512], dir[4200];
	if (!getenv("CUPS_SERVER")) {
		fprintf(stderr, "run through tests/print/bench-print.sh (it starts cupsd)\n");
		return 77;
	}
	struct display *d = NULL;
	struct ui *ui = NULL;
	if (bench_screen_open(&d, &ui, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/assets", getenv("SRCDIR"));
	char layouts[4300];
	snprintf(layouts, sizeof(layouts), "%s/layouts", dir);
	struct layout strip;
	if (!layout_load(layouts, "strip4", &strip, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	char *data = check_tmpdir();
	struct config cfg;
	config_defaults(&cfg);
	snprintf(cfg.strip_printer, sizeof(cfg.strip_printer), "strip");
	snprintf(cfg.print, sizeof(cfg.print), "auto");
	struct saver_listener sl = {.saved = on_saved};
	struct saver *sv = saver_create(data, cfg.font, cfg.font_bold, &sl, err, sizeof(err));
	struct print_listener pl = {.status = on_status};
	struct print_worker *pw = sv ? print_create(&cfg, data, dir, &pl, err, sizeof(err)) : NULL;
	if (!pw) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	saver_set_printing(sv, &(struct saver_printing){.strip_printer = "strip"});
	char db_path[4300];
	snprintf(db_path, sizeof(db_path), "%s/%s", data, STORE_DB_NAME);
	sqlite3 *db;
	sqlite3_open(db_path, &db);
	sqlite3_busy_timeout(db, 5000);

	double keep[RUNS], sending[RUNS];
	int rc = keep_to_accepted(sv, pw, db, &strip, keep, sending);
	if (rc == 0) {
		double p50 = bench_quantile(keep, RUNS, 0.5);
		printf("Keep to the job accepted by cupsd (strip4 from 4 1920x1080 shots, a "
		       "1200x1800 "
		       "sheet): median %.1f ms of %d, fastest %.1f ms, slowest %.1f ms\n",
		       p50, RUNS, keep[0], keep[RUNS - 1]);
		printf("  of which after the save (the sheet drawn, encoded and sent): median %.1f "
		       "ms\n",
		       bench_quantile(sending, RUNS, 0.5));
	}

	struct booth_config bc;
	booth_config_defaults(&bc);
	struct booth_state st;
	booth_init(&st, &bc, 1);
	static double idle[IDLE_FRAMES], busy[MAX_FRAMES];
	for (int i = 0; i < IDLE_FRAMES; i++) {
		idle[i] = bench_paced_frame(ui, d, &st, i);
	}
	long long before = accepted(db);
	for (int i = 0; i < RUNS; i++) {
		print_request(pw, PRINT_OP_REPRINT_STRIP, 0);
	}
	int n = 0;
	double t0 = bench_now_ms();
	while (rc == 0 && accepted(db) < before + RUNS && n < MAX_FRAMES) {
		busy[n] = bench_paced_frame(ui, d, &st, n);
		n++;
	}
	double busy_s = (bench_now_ms() - t0) / 1000;
	bench_report_frames("frames on an idle booth", idle, IDLE_FRAMES);
	char what[128];
	snprintf(what, sizeof(what), "frames while %d strip sheets are drawn and sent (%.1f s)",
		 RUNS, busy_s);
	if (n > 0) {
		bench_report_frames(what, busy, n);
	}
	sqlite3_close(db);
	print_destroy(pw);
	saver_destroy(sv);
	ui_destroy(ui);
	display_destroy(d);
	SDL_Quit();
	return rc;
}
