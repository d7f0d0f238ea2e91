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

/* One frame as the main loop draws it, paced at 60 Hz as vsync would; returns its time in ms. */
static double frame(struct ui *ui, struct display *d, const struct booth_state *st, int i)
{
	double ms = bench_screen_frame(ui, d, st, FRAME_FORMAT_XRGB8888, i);
	if (ms < 16.7) {
		SDL_Delay((Uint32)(16.7 - ms));
	}
	return ms;
}

static void report(const char *what, double *t, int n)
{
	double worst = 0;
	for (int i = 0; i < n; i++) {
		worst = t[i] > worst ? t[i] : worst;
	}
	double p50 = bench_quantile(t, n, 0.5), p99 = bench_quantile(t, n, 0.99);
	printf("%s, %d frames: p50 %.2f ms, p99 %.2f ms, worst %.2f ms (goal: p99 within 16.7 "
	       "ms)%s\n",
	       what, n, p50, p99, worst, p99 <= 16.7 ? ", met" : ", NOT MET on this run");
}

static struct shotset *still_shots(int n, int w, int h)
{
	struct shotset *s = shotset_create();
	for (int i = 0; i < n; i++) {
		s->shots[i] = image_create(w, h);
		for (int y = 0; y < h; y++) {
			uint32_t *row = s->shots[i]->pixels + (size_t)y * s->shots[i]->stride;
			for (int x = 0; x < w; x++) {
				row[x] = image_rgb((uint8_t)(x * 255 / w), (uint8_t)(y * 255 / h),
						   (uint8_t)((x ^ y) + i * 40));
			}
		}
	}
	s->count = n;
	return s;
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
		idle[i] = frame(ui, d, &st, i);
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
	struct shotset *shots = still_shots(4, 4608, 2592);
	double t0 = bench_now_ms();
	saver_save(sv, &(struct saver_session){.session = 1, .layout = &strip, .shots = shots});
	int n = 0;
	while (!atomic_load(&saved) && n < MAX_FRAMES) {
		busy[n] = frame(ui, d, &st, n);
		n++;
	}
	double save_s = (bench_now_ms() - t0) / 1000;
	saver_destroy(sv);
	shotset_unref(shots);
	report("frames on an idle booth", idle, IDLE_FRAMES);
	char what[96];
	snprintf(what, sizeof(what), "frames while a 4-shot 4608x2592 session is saved (%.1f s)",
		 save_s);
	report(what, busy, n);
	ui_destroy(ui);
	display_destroy(d);
	SDL_Quit();
	return atomic_load(&saved) == 1 ? 0 : 1;
}
