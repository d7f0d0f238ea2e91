/* Benchmark: what a preview frame costs the main thread (streaming-texture upload, render,
 * present) at 1280x720 in XRGB8888 and YUV420; and the latency from a button event pushed by
 * another thread (as the button's thread does) to the countdown frame presented. Headless: SDL's
 * dummy driver and software renderer, so an upper bound for a GPU. Prints figures. */
#include <SDL.h>
#include <pthread.h>

#include "bench-screen.h"
#include "bench.h"
#include "check.h"

enum { FRAMES = 120, PRESSES = 200 };

static void frames(struct ui *ui, struct display *d, const struct booth_state *st,
		   enum frame_format fmt, const char *name)
{
	double t[FRAMES];
	for (int i = 0; i < FRAMES; i++) {
		t[i] = bench_screen_frame(ui, d, st, fmt, i);
	}
	printf("viewfinder %dx%d %s: p50 %.2f ms, p99 %.2f ms per frame (upload, render, "
	       "present)\n",
	       BENCH_W, BENCH_H, name, bench_quantile(t, FRAMES, 0.5),
	       bench_quantile(t, FRAMES, 0.99));
}

static Uint32 press_event;

static void *presser(void *arg)
{
	(void)arg;
	for (int i = 0; i < PRESSES; i++) {
		SDL_Delay(40); /* presses are seconds apart; never faster than a frame */
		SDL_Event e = {0};
		e.type = press_event;
		e.user.data1 = NULL;
		double *t0 = malloc(sizeof(double));
		*t0 = bench_now_ms();
		e.user.data1 = t0;
		SDL_PushEvent(&e);
	}
	return NULL;
}

int main(void)
{
	char err[512];
	struct display *d;
	struct ui *ui;
	int opened = bench_screen_open(&d, &ui, err, sizeof(err));
	if (opened != 0) {
		printf("%s%s\n", opened == 77 ? "SKIP: " : "", err);
		return opened;
	}
	struct booth_config bc;
	booth_config_defaults(&bc);
	struct booth_state st;
	booth_init(&st, &bc, 1);
	frames(ui, d, &st, FRAME_FORMAT_XRGB8888, "XRGB8888");
	frames(ui, d, &st, FRAME_FORMAT_YUV420, "YUV420");

	/* press to countdown frame, through the event queue as in the booth's main loop */
	press_event = SDL_RegisterEvents(1);
	pthread_t th;
	pthread_create(&th, NULL, presser, NULL);
	double lat[PRESSES];
	int n = 0;
	uint64_t now = 1;
	while (n < PRESSES) {
		SDL_Event e;
		if (!SDL_WaitEventTimeout(&e, 100) || e.type != press_event) {
			continue;
		}
		double *t0 = e.user.data1;
		double tw = bench_now_ms();
		booth_init(&st, &bc, now);
		struct booth_effects fx;
		booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_BUTTON}, ++now, &fx);
		struct ui_model m = {.booth = &st,
				     .now = now,
				     .camera_present = true,
				     .button_present = true,
				     .shots = 4};
		double tr0 = bench_now_ms();
		ui_render(ui, &m);
		double tr1 = bench_now_ms();
		display_present(d);
		if (getenv("BENCH_DETAIL") && n < 5) {
			printf("wake %.2f, handle %.2f, render %.2f, present %.2f ms\n", tw - *t0,
			       tr0 - tw, tr1 - tr0, bench_now_ms() - tr1);
		}
		lat[n++] = bench_now_ms() - *t0;
		free(t0);
		CHECK(st.screen == BOOTH_SCREEN_COUNTDOWN);
	}
	pthread_join(th, NULL);
	double p50 = bench_quantile(lat, PRESSES, 0.5), p99 = bench_quantile(lat, PRESSES, 0.99);
	printf("button event to countdown frame presented: p50 %.2f ms, p99 %.2f ms over %d "
	       "presses "
	       "(goal: one 60 Hz frame, 16.7 ms)%s\n",
	       p50, p99, PRESSES, p99 <= 16.7 ? ", met" : ", NOT MET on this run");
	ui_destroy(ui);
	display_destroy(d);
	SDL_Quit();
	return check_exit("viewfinder");
}
