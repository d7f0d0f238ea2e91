/* A camera that draws its own pictures: a seeded, moving test pattern with a frame counter, so
 * the demo and the tests run with no hardware. XRGB8888 preview frames at the configured rate
 * and full-resolution YUV 4:2:0 stills, from its own thread.
 *
 * For fault tests: GATHERBOOTH_CAMERA_FAIL_AFTER=N makes the N-th still (1-based) fail, and
 * GATHERBOOTH_CAMERA_FAIL_START=N makes the first N starts fail, as an unplugged camera would. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "camera.h"
#include "xalloc.h"

#define SLOTS 3

struct synthetic {
	struct camera base;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake, idle;
	bool running, stopping;
	bool slot_busy[SLOTS];
	uint32_t *slot_pixels[SLOTS];
	int stills_wanted;
	int stills_taken;
	int fail_after;     /* 0 = never */
	uint64_t target_ms; /* virtual clock: produce the frame for this time */
	uint64_t produced_ms;
	bool frame_due; /* virtual clock: a frame for target_ms is owed */
	bool working;
	uint64_t sequence;
};

/* 3x5 digits, one row a nibble (bits 2..0), for the frame counter */
static const uint8_t digits[10][5] = {
	{7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
	{7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
};

/* Draws into rows [y0, y1) of the picture, held in px from row y0 on. */
static void draw_number(uint32_t *px, int stride, int w, int y0, int y1, int x, int y, int scale,
			uint64_t value)
{
	char text[24];
	int n = snprintf(text, sizeof(text), "%llu", (unsigned long long)value);
	int pad = scale;
	int bw = n * 4 * scale + pad, bh = 5 * scale + 2 * pad;
	for (int yy = y - pad; yy < y - pad + bh; yy++) {
		for (int xx = x - pad; xx < x - pad + bw; xx++) {
			if (xx >= 0 && yy >= y0 && xx < w && yy < y1) {
				px[(size_t)(yy - y0) * stride + xx] = 0x101010;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		const uint8_t *g = digits[text[i] - '0'];
		for (int r = 0; r < 5; r++) {
			for (int c = 0; c < 3; c++) {
				if (!(g[r] & (4 >> c))) {
					continue;
				}
				for (int dy = 0; dy < scale; dy++) {
					for (int dx = 0; dx < scale; dx++) {
						int xx = x + (i * 4 + c) * scale + dx;
						int yy = y + r * scale + dy;
						if (xx < w && yy >= y0 && yy < y1) {
							px[(size_t)(yy - y0) * stride + xx] =
								0xf4f1ea;
						}
					}
				}
			}
		}
	}
}

static uint32_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	x ^= x >> 16;
	return x;
}

/* The picture at time t_ms: a warm gradient, colour bars sliding sideways, a moving disc and
 * the frame number. Everything is a function of (seed, t, size), so scripted runs repeat. Rows
 * [y0, y1) only, into px from row y0 on: a still is drawn a band at a time. */
static void draw_pattern(uint32_t *px, int stride, int w, int h, int y0, int y1, uint32_t seed,
			 uint64_t t_ms, uint64_t number)
{
	static const uint32_t bars[8] = {0xc0c0c0, 0xc0c000, 0x00c0c0, 0x00c000,
					 0xc000c0, 0xc00000, 0x0000c0, 0x202020};
	uint32_t hs = hash32(seed);
	int phase = (int)(hs % 256);
	int speed = 40 + (int)(hs >> 8) % 80; /* pixels per second at 1280 wide */
	int bar_h = h / 4;
	int shift = (int)((t_ms * (uint64_t)speed / 1000) * (uint64_t)w / 1280) % w;

	int cx = (int)(w / 2 +
		       (w / 3) * ((int)((t_ms / 7 + (uint64_t)phase * 8) % 2000) - 1000) / 1000);
	int cy = h / 2 + h / 8;
	int r = h / 7;
	for (int y = y0; y < y1; y++) {
		uint32_t *row = px + (size_t)(y - y0) * stride;
		if (y < bar_h) {
			for (int x = 0; x < w; x++) {
				int b = ((x + shift) % w) * 8 / w;
				row[x] = bars[b];
			}
			continue;
		}
		int g = 40 + (y - bar_h) * 80 / (h - bar_h);
		int dy = y - cy;
		for (int x = 0; x < w; x++) {
			int red = x * 120 / w + phase / 2;
			int dx = x - cx;
			if (dx * dx + dy * dy < r * r) {
				row[x] = 0xf2a900;
			} else {
				row[x] = ((uint32_t)(red / 2 + 60) << 16) | ((uint32_t)g << 8) |
					 0x50;
			}
		}
	}
	int scale = h / 40 > 1 ? h / 40 : 1;
	draw_number(px, stride, w, y0, y1, 2 * scale, h - 7 * scale, scale, number);
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void deliver_frame(struct synthetic *s, uint64_t t)
{
	int slot = -1;
	for (int i = 0; i < SLOTS; i++) {
		if (!s->slot_busy[i]) {
			slot = i;
			break;
		}
	}
	uint64_t seq = s->sequence++;
	if (slot < 0) {
		return; /* the UI is behind: drop this frame */
	}
	s->slot_busy[slot] = true;
	const struct camera_options *o = &s->base.options;
	pthread_mutex_unlock(&s->lock);
	draw_pattern(s->slot_pixels[slot], o->preview_width, o->preview_width, o->preview_height, 0,
		     o->preview_height, o->seed, t, seq);
	struct frame f = {
		.slot = slot,
		.format = FRAME_FORMAT_XRGB8888,
		.width = o->preview_width,
		.height = o->preview_height,
		.planes = 1,
		.data = {(const uint8_t *)s->slot_pixels[slot]},
		.stride = {o->preview_width * 4},
		.sequence = seq,
		.timestamp_ms = t,
	};
	s->base.listener.frame(s->base.listener.data, &f);
	pthread_mutex_lock(&s->lock);
}

static void deliver_still(struct synthetic *s, uint64_t t)
{
	s->stills_taken++;
	bool fail = s->fail_after > 0 && s->stills_taken == s->fail_after;
	uint64_t number = (uint64_t)s->stills_taken;
	pthread_mutex_unlock(&s->lock);
	if (fail) {
		s->base.listener.error(s->base.listener.data,
				       "Camera unavailable: check-in still works.");
	} else {
		/* YUV 4:2:0, as a camera's ISP hands a still over, drawn a band at a time */
		const struct camera_options *o = &s->base.options;
		int w = o->still_width, h = o->still_height;
		struct image *img = image_create_yuv420(w, h);
		enum { BAND = 16 };
		uint32_t *band = xmalloc(sizeof(uint32_t) * (size_t)w * BAND);
		for (int y = 0; y < h; y += BAND) {
			int n = h - y < BAND ? h - y : BAND;
			draw_pattern(band, w, w, h, y, y + n, o->seed, t, number);
			image_put_rows_yuv420(img, y, n, band, w);
		}
		free(band);
		s->base.listener.still(s->base.listener.data, img);
	}
	pthread_mutex_lock(&s->lock);
}

static void *thread_main(void *arg)
{
	struct synthetic *s = arg;
	const struct camera_options *o = &s->base.options;
	uint64_t interval = 1000 / (uint64_t)(o->fps > 0 ? o->fps : 30);
	uint64_t next = now_ms();
	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		if (o->virtual_clock) {
			while (!s->stopping && !s->frame_due && s->stills_wanted == 0) {
				pthread_cond_wait(&s->wake, &s->lock);
			}
		} else {
			uint64_t now = now_ms();
			if (now < next && s->stills_wanted == 0) {
				struct timespec ts;
				clock_gettime(CLOCK_REALTIME, &ts);
				uint64_t ns = (uint64_t)ts.tv_nsec + (next - now) * 1000000;
				ts.tv_sec += (time_t)(ns / 1000000000);
				ts.tv_nsec = (long)(ns % 1000000000);
				pthread_cond_timedwait(&s->wake, &s->lock, &ts);
				continue;
			}
		}
		if (s->stopping) {
			break;
		}
		s->working = true;
		uint64_t t = o->virtual_clock ? s->target_ms : now_ms();
		if (s->stills_wanted > 0) {
			s->stills_wanted--;
			deliver_still(s, t);
		} else if (o->virtual_clock) {
			s->frame_due = false;
			deliver_frame(s, t);
		} else {
			deliver_frame(s, t);
			next += interval;
			if (next < t) {
				next = t + interval; /* fell behind: do not burst */
			}
		}
		s->working = false;
		pthread_cond_broadcast(&s->idle);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static bool syn_start(struct camera *cam)
{
	struct synthetic *s = (struct synthetic *)cam;
	if (s->running) {
		return true;
	}
	static int starts;
	const char *fail_start = getenv("GATHERBOOTH_CAMERA_FAIL_START");
	if (fail_start && ++starts <= atoi(fail_start)) {
		return false;
	}
	s->stopping = false;
	if (pthread_create(&s->thread, NULL, thread_main, s) != 0) {
		return false;
	}
	s->running = true;
	return true;
}

static void syn_stop(struct camera *cam)
{
	struct synthetic *s = (struct synthetic *)cam;
	if (!s->running) {
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	s->running = false;
}

static bool syn_capture(struct camera *cam)
{
	struct synthetic *s = (struct synthetic *)cam;
	pthread_mutex_lock(&s->lock);
	s->stills_wanted++;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	return true;
}

static void syn_release(struct camera *cam, int slot)
{
	struct synthetic *s = (struct synthetic *)cam;
	if (slot < 0 || slot >= SLOTS) {
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->slot_busy[slot] = false;
	pthread_mutex_unlock(&s->lock);
}

static void syn_advance(struct camera *cam, uint64_t now)
{
	struct synthetic *s = (struct synthetic *)cam;
	if (!cam->options.virtual_clock) {
		return;
	}
	pthread_mutex_lock(&s->lock);
	if (now > s->produced_ms || s->sequence == 0) {
		s->target_ms = now;
		s->produced_ms = now;
		s->frame_due = true;
		pthread_cond_broadcast(&s->wake);
	}
	pthread_mutex_unlock(&s->lock);
}

static void syn_wait_idle(struct camera *cam)
{
	struct synthetic *s = (struct synthetic *)cam;
	pthread_mutex_lock(&s->lock);
	while (s->running && (s->working || s->frame_due || s->stills_wanted > 0)) {
		pthread_cond_wait(&s->idle, &s->lock);
	}
	pthread_mutex_unlock(&s->lock);
}

static void syn_destroy(struct camera *cam)
{
	struct synthetic *s = (struct synthetic *)cam;
	for (int i = 0; i < SLOTS; i++) {
		free(s->slot_pixels[i]);
	}
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	pthread_cond_destroy(&s->idle);
	free(s);
}

static const struct camera_impl synthetic_impl = {
	.name = "synthetic",
	.start = syn_start,
	.stop = syn_stop,
	.capture = syn_capture,
	.release_frame = syn_release,
	.advance = syn_advance,
	.wait_idle = syn_wait_idle,
	.destroy = syn_destroy,
};

struct camera *camera_synthetic_create(const struct camera_options *options,
				       const struct camera_listener *listener)
{
	struct synthetic *s = xcalloc(1, sizeof(*s));
	s->base.impl = &synthetic_impl;
	s->base.listener = *listener;
	s->base.options = *options;
	for (int i = 0; i < SLOTS; i++) {
		s->slot_pixels[i] = xmalloc((size_t)options->preview_width *
					    (size_t)options->preview_height * sizeof(uint32_t));
	}
	const char *fail = getenv("GATHERBOOTH_CAMERA_FAIL_AFTER");
	s->fail_after = fail ? atoi(fail) : 0;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	pthread_cond_init(&s->idle, NULL);
	snprintf(s->base.description, sizeof(s->base.description),
		 "synthetic (seed %u), preview %dx%d XRGB8888 at %d fps, stills %dx%d%s",
		 options->seed, options->preview_width, options->preview_height, options->fps,
		 options->still_width, options->still_height,
		 options->virtual_clock ? ", virtual clock" : "");
	return &s->base;
}
