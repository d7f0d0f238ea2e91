/* Benchmark: a 2 s boomerang at 480 px as the booth makes it: 24 frames scaled down from 1280x720
 * preview frames (something like a person moving in front of a backdrop, with sensor noise,
 * which is what makes GIFs large), played forward then back (46 frames), encoded as a GIF with
 * one palette and as an animated WebP. Prints sizes and times against the budget: the GIF under
 * 3 MB, encoded in under 1 s. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "animation.h"
#include "bench.h"
#include "image.h"
#include "photo.h"

/* frame i of a burst: a warm backdrop with texture, a "person" (a disc and a body) moving across,
 * an arm waving, and noise of a few levels on every pixel */
static struct image *preview_frame(int i, uint32_t *rng)
{
	int w = 1280, h = 720;
	struct image *img = image_create(w, h);
	int cx = 420 + i * 18, cy = 260 + (i % 6) * 4;
	int arm = (i * 37) % 200 - 100;
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			*rng ^= *rng << 13;
			*rng ^= *rng >> 17;
			*rng ^= *rng << 5;
			int n = (int)(*rng % 9) - 4;
			int r = 150 + x * 60 / w + ((x / 40 + y / 40) & 1) * 8;
			int g = 110 + y * 50 / h;
			int b = 90 + (x + y) % 64 / 4;
			int dx = x - cx, dy = y - cy;
			if (dx * dx + dy * dy < 110 * 110) {
				r = 220 - dy / 4, g = 170 - dx / 6, b = 140;
			} else if (y > cy + 100 && abs(dx) < 170 - (y - cy - 100) / 8) {
				r = 40, g = 70 + (y - cy) / 10, b = 140;
			} else if (abs(y - (cy + 150 + arm * (x - cx) / 400)) < 18 && x > cx &&
				   x < cx + 330) {
				r = 210, g = 160, b = 130;
			}
			img->pixels[(size_t)y * w + x] =
				image_rgb((uint8_t)(r + n), (uint8_t)(g + n), (uint8_t)(b + n));
		}
	}
	return img;
}

int main(void)
{
	enum { FRAMES = 24, RUNS = 5 };
	uint32_t rng = 12345;
	struct image *frames[FRAMES];
	for (int i = 0; i < FRAMES; i++) {
		struct image *full = preview_frame(i, &rng);
		frames[i] = image_create(480, 270);
		photo_scale_into(frames[i], 0, 0, 480, 270, full);
		image_destroy(full);
	}
	int order[2 * FRAMES];
	int n = anim_boomerang_order(FRAMES, order);
	double gif_t[RUNS], webp_t[RUNS];
	size_t gif_len = 0, webp_len = 0;
	for (int r = 0; r < RUNS; r++) {
		unsigned char *out;
		double t0 = bench_now_ms();
		if (!anim_encode_gif(frames, order, n, 83, &out, &gif_len)) {
			fprintf(stderr, "GIF encoding failed\n");
			return 1;
		}
		gif_t[r] = bench_now_ms() - t0;
		free(out);
		t0 = bench_now_ms();
		if (!anim_encode_webp(frames, order, n, 83, 80, &out, &webp_len)) {
			fprintf(stderr, "WebP encoding failed\n");
			return 1;
		}
		webp_t[r] = bench_now_ms() - t0;
		free(out);
	}
	double g = bench_quantile(gif_t, RUNS, 0.5), w = bench_quantile(webp_t, RUNS, 0.5);
	printf("boomerang, 24 frames over 2 s at 480x270, %d frames forward then back:\n", n);
	printf("  GIF: %.2f MB, encoded in %.0f ms (median of %d) (goal: under 3 MB in under "
	       "1 s)%s\n",
	       (double)gif_len / 1e6, g, RUNS,
	       gif_len < 3000000 && g < 1000 ? ", met" : ", NOT MET on this run");
	printf("  WebP (quality 80): %.2f MB, encoded in %.0f ms (median of %d)\n",
	       (double)webp_len / 1e6, w, RUNS);
	for (int i = 0; i < FRAMES; i++) {
		image_destroy(frames[i]);
	}
	return 0;
}
