#include "photo.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* One output sample's taps into the source: `count` weights (16.16 fixed point, summing to
 * 65536) starting at source index `first`. */
struct taps {
	int first, count;
	int32_t *w;
};

/* Builds taps mapping `out` samples onto source samples [start, start + span). */
static struct taps *make_taps(int out, double start, double span, int src_len)
{
	struct taps *t = xcalloc((size_t)out, sizeof(*t));
	double scale = span / out;
	for (int i = 0; i < out; i++) {
		double lo, hi;
		if (scale >= 1.0) { /* shrinking: average the source area under the pixel */
			lo = start + i * scale;
			hi = lo + scale;
		} else { /* enlarging: a tent over the two nearest source pixels */
			double c = start + (i + 0.5) * scale - 0.5;
			lo = c;
			hi = c + 1.0;
		}
		int a = (int)floor(lo), b = (int)ceil(hi);
		if (a < 0) {
			a = 0;
		}
		if (b > src_len) {
			b = src_len;
		}
		if (b <= a) {
			b = a + 1;
		}
		if (b > src_len) {
			a = src_len - 1;
			b = src_len;
		}
		t[i].first = a;
		t[i].count = b - a;
		t[i].w = xmalloc(sizeof(int32_t) * (size_t)t[i].count);
		double total = 0;
		double *wf = xmalloc(sizeof(double) * (size_t)t[i].count);
		for (int k = 0; k < t[i].count; k++) {
			double p0 = a + k, p1 = p0 + 1.0, wgt;
			if (scale >= 1.0) {
				double o0 = p0 > lo ? p0 : lo, o1 = p1 < hi ? p1 : hi;
				wgt = o1 > o0 ? o1 - o0 : 0;
			} else {
				wgt = 1.0 - fabs((p0)-lo);
				if (wgt < 0) {
					wgt = 0;
				}
			}
			wf[k] = wgt;
			total += wgt;
		}
		int32_t sum = 0;
		for (int k = 0; k < t[i].count; k++) {
			t[i].w[k] = total > 0 ? (int32_t)lround(wf[k] / total * 65536.0) : 0;
			sum += t[i].w[k];
		}
		t[i].w[0] += 65536 - sum; /* exact unity, so flat colours stay flat */
		free(wf);
	}
	return t;
}

static void free_taps(struct taps *t, int n)
{
	for (int i = 0; i < n; i++) {
		free(t[i].w);
	}
	free(t);
}

void photo_scale_into(struct image *dst, int x, int y, int w, int h, const struct image *src)
{
	if (w <= 0 || h <= 0 || src->width <= 0 || src->height <= 0) {
		return;
	}
	/* crop the source to the cell's aspect ratio, centred */
	double sx = 0, sy = 0, sw = src->width, sh = src->height;
	if (sw * h > sh * w) {
		sw = sh * w / h;
		sx = (src->width - sw) / 2;
	} else {
		sh = sw * h / w;
		sy = (src->height - sh) / 2;
	}
	struct taps *tx = make_taps(w, sx, sw, src->width);
	struct taps *ty = make_taps(h, sy, sh, src->height);
	int row0 = ty[0].first, row1 = ty[h - 1].first + ty[h - 1].count;

	/* horizontal pass into 3 x 32-bit channels per pixel, only for the rows needed */
	uint32_t *mid = xmalloc(sizeof(uint32_t) * 3 * (size_t)w * (size_t)(row1 - row0));
	for (int r = row0; r < row1; r++) {
		const uint32_t *s = src->pixels + (size_t)r * src->stride;
		uint32_t *m = mid + (size_t)(r - row0) * 3 * (size_t)w;
		for (int i = 0; i < w; i++) {
			const struct taps *t = &tx[i];
			uint64_t cr = 0, cg = 0, cb = 0;
			for (int k = 0; k < t->count; k++) {
				uint32_t p = s[t->first + k];
				uint32_t wk = (uint32_t)t->w[k];
				cr += (uint64_t)((p >> 16) & 0xff) * wk;
				cg += (uint64_t)((p >> 8) & 0xff) * wk;
				cb += (uint64_t)(p & 0xff) * wk;
			}
			/* keep 8 fractional bits for the vertical pass */
			m[3 * i] = (uint32_t)(cr >> 8);
			m[3 * i + 1] = (uint32_t)(cg >> 8);
			m[3 * i + 2] = (uint32_t)(cb >> 8);
		}
	}
	for (int j = 0; j < h; j++) {
		int yy = y + j;
		if (yy < 0 || yy >= dst->height) {
			continue;
		}
		uint32_t *d = dst->pixels + (size_t)yy * dst->stride;
		const struct taps *t = &ty[j];
		for (int i = 0; i < w; i++) {
			int xx = x + i;
			if (xx < 0 || xx >= dst->width) {
				continue;
			}
			uint64_t cr = 0, cg = 0, cb = 0;
			for (int k = 0; k < t->count; k++) {
				const uint32_t *m = mid +
				                    (size_t)(t->first + k - row0) * 3 * (size_t)w +
				                    3 * (size_t)i;
				uint64_t wk = (uint64_t)t->w[k];
				cr += m[0] * wk;
				cg += m[1] * wk;
				cb += m[2] * wk;
			}
			/* 8 + 16 fractional bits, rounded */
			uint32_t r = (uint32_t)((cr + (1u << 23)) >> 24);
			uint32_t g = (uint32_t)((cg + (1u << 23)) >> 24);
			uint32_t b = (uint32_t)((cb + (1u << 23)) >> 24);
			d[xx] = ((r > 255 ? 255 : r) << 16) | ((g > 255 ? 255 : g) << 8) |
			        (b > 255 ? 255 : b);
		}
	}
	free(mid);
	free_taps(tx, w);
	free_taps(ty, h);
}

struct image *photo_compose(const struct layout *l, struct image *const *shots, int n,
                            struct glyphs *glyphs)
{
	struct image *out = image_create(l->width, l->height);
	image_fill_rect(out, 0, 0, l->width, l->height, l->background);
	int cells = layout_shots(l);
	for (int i = 0; i < n && i < cells; i++) {
		struct layout_cell c = layout_cell(l, i);
		if (shots[i]) {
			photo_scale_into(out, c.x, c.y, c.w, c.h, shots[i]);
		}
	}
	if (glyphs && l->footer[0] && l->footer_height > 0) {
		int px = l->footer_height * 2 / 5;
		int maxw = l->width - 2 * l->margin;
		int tw = glyphs_measure(glyphs, l->footer, px);
		while (tw > maxw && px > 8) {
			px = px * 9 / 10;
			tw = glyphs_measure(glyphs, l->footer, px);
		}
		int top = l->height - l->margin - l->footer_height;
		int ty = top + (l->footer_height - px) / 2;
		glyphs_draw(glyphs, out, (l->width - tw) / 2, ty, l->footer, px, l->footer_color);
	}
	return out;
}
