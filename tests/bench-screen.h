/* Shared by the screen benchmarks: the headless 800x480 screen on SDL's dummy driver and
 * software renderer, and one frame as the main loop draws it (a 1280x720 preview frame
 * uploaded, the booth's current screen drawn, presented). */
#pragma once

#include <SDL.h>

#include "bench.h"
#include "config.h"
#include "display.h"
#include "saver.h"
#include "ui.h"

enum { BENCH_W = 1280, BENCH_H = 720 };

/* 0 with *d and *ui open; 1 if the display failed, 77 (skip) if the fonts are missing, with err
 * set. */
static inline int bench_screen_open(struct display **d, struct ui **ui, char *err, size_t errlen)
{
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	struct config cfg;
	config_defaults(&cfg);
	cfg.width = 800;
	cfg.height = 480;
	struct display_options dopt;
	config_display_options(&cfg, &dopt);
	*d = display_create(&dopt, true, err, errlen);
	if (!*d) {
		return 1;
	}
	*ui = ui_create(*d, cfg.font, cfg.font_bold, err, errlen);
	return *ui ? 0 : 77;
}

/* Draws frame number i in XRGB8888 or YUV420 (a picture that changes, so that no cache helps);
 * returns the time of the upload, the drawing and the present, in ms. */
static inline double bench_screen_frame(struct ui *ui, struct display *d,
					const struct booth_state *st, enum frame_format fmt, int i)
{
	static uint8_t y[BENCH_W * BENCH_H], u[BENCH_W * BENCH_H / 4], v[BENCH_W * BENCH_H / 4];
	static uint32_t xrgb[BENCH_W * BENCH_H];
	for (int k = 0; k < BENCH_W * BENCH_H; k += 97) {
		xrgb[k] = (uint32_t)(k * 2654435761u + (unsigned)i);
		y[k] = (uint8_t)(k + i);
	}
	struct frame f = {.format = fmt, .width = BENCH_W, .height = BENCH_H};
	if (fmt == FRAME_FORMAT_XRGB8888) {
		f.planes = 1;
		f.data[0] = (const uint8_t *)xrgb;
		f.stride[0] = BENCH_W * 4;
	} else {
		f.planes = 3;
		f.data[0] = y, f.data[1] = u, f.data[2] = v;
		f.stride[0] = BENCH_W, f.stride[1] = BENCH_W / 2, f.stride[2] = BENCH_W / 2;
	}
	struct ui_model m = {
		.booth = st, .now = 1, .camera_present = true, .button_present = true, .shots = 4};
	double t0 = bench_now_ms();
	ui_preview_frame(ui, &f);
	ui_render(ui, &m);
	display_present(d);
	return bench_now_ms() - t0;
}

/* One frame as the main loop draws it, paced at 60 Hz as vsync would; returns its time in ms. */
static inline double bench_paced_frame(struct ui *ui, struct display *d,
				       const struct booth_state *st, int i)
{
	double ms = bench_screen_frame(ui, d, st, FRAME_FORMAT_XRGB8888, i);
	if (ms < 16.7) {
		SDL_Delay((Uint32)(16.7 - ms));
	}
	return ms;
}

/* Prints p50, p99 and the worst of n frame times (sorted in place). */
static inline void bench_report_frames(const char *what, double *t, int n)
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

/* n shots of w x h with gradients that differ shot to shot. */
static inline struct shotset *bench_still_shots(int n, int w, int h)
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
