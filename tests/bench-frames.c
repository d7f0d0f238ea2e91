/* Benchmark: the screen's frame times (a 1280x720 preview frame uploaded, the attract screen
 * drawn, presented; SDL's software renderer, headless) on an idle booth, and while the saver
 * composes and writes a 4-shot 4608x2592 session on its worker. The worker runs below the
 * screen's priority, so the frames keep their pace. Prints p50, p99 and the worst frame of
 * each, against the goal of one 60 Hz frame (16.7 ms) at p99. */
#include <SDL.h>
#include <stdatomic.h>

#include "bench-screen.h"
#include "bench.h"
#include "check.h"
#include "config.h"
#include "layout.h"
#include "saver.h"

enum { MAX_FRAMES = 4000, IDLE_FRAMES = 180 };

static atomic_int saved;

static void on_saved(void *data, const struct saver_result *r)
{
	(void)data;
	if (!r->ok) {
		fprintf(stderr, "save: %s\n", r->message);
	}
	atomic_store(&saved, r->ok ? 1 : -1);
}

int main(void)
{
	char err[512], dir[4200];
	struct display *d = NULL;
	struct ui *ui = NULL;
	if (bench_screen_open(&d, &ui, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/assets/layouts", getenv("SRCDIR"));
	struct layout strip;
	if (!layout_load(dir, "strip4", &strip, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct booth_config bc;
	booth_config_defaults(&bc);
	struct booth_state st;
	booth_init(&st, &bc, 1);

	static double idle[IDLE_FRAMES], busy[MAX_FRAMES];
	for (int i = 0; i < IDLE_FRAMES; i++) {
		idle[i] = bench_paced_frame(ui, d, &st, i);
	}
	char *data = check_tmpdir();
	struct saver_listener sl = {.saved = on_saved};
	struct config cfg;
	config_defaults(&cfg);
	struct saver *sv = saver_create(data, cfg.font, cfg.font_bold, &sl, err, sizeof(err));
	if (!sv) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct shotset *shots = bench_still_shots(4, 4608, 2592);
	double t0 = bench_now_ms();
	saver_save(sv, &(struct saver_session){.session = 1, .layout = &strip, .shots = shots});
	int n = 0;
	while (!atomic_load(&saved) && n < MAX_FRAMES) {
		busy[n] = bench_paced_frame(ui, d, &st, n);
		n++;
	}
	double save_s = (bench_now_ms() - t0) / 1000;
	saver_destroy(sv);
	shotset_unref(shots);
	bench_report_frames("frames on an idle booth", idle, IDLE_FRAMES);
	char what[96];
	snprintf(what, sizeof(what), "frames while a 4-shot 4608x2592 session is saved (%.1f s)",
		 save_s);
	bench_report_frames(what, busy, n);
	ui_destroy(ui);
	display_destroy(d);
	SDL_Quit();
	return atomic_load(&saved) == 1 ? 0 : 1;
}
