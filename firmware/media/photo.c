#include "photo.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"
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
		int big = 0;
		for (int k = 0; k < t[i].count; k++) {
			t[i].w[k] = total > 0 ? (int32_t)lround(wf[k] / total * 65536.0) : 0;
			sum += t[i].w[k];
			big = t[i].w[k] > t[i].w[big] ? k : big;
		}
		if (total <= 0) {
			t[i].w[0] = 65536;
		} else {
			/* exact unity, so flat colours stay flat; the largest weight absorbs the
			 * rounding and stays positive */
			t[i].w[big] += 65536 - sum;
		}
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
	/* Horizontal pass into 3 x 32-bit channels per pixel, a source row at a time, into a ring
	 * of as many rows as one output row needs: output rows read source rows in increasing
	 * order, so a row older than the current window is never read again, and a 12-megapixel
	 * still is shrunk with a few hundred kilobytes. Weights sum to 65536, so 255 * 65536 fits
	 * in 32 bits; keep 8 fractional bits. */
	size_t mw = 3 * (size_t)w;
	int ring = 1;
	for (int j = 0; j < h; j++) {
		ring = ty[j].count > ring ? ty[j].count : ring;
	}
	uint32_t *mid = xmalloc(sizeof(uint32_t) * mw * (size_t)ring);
	/* a YUV still is converted a row at a time, never whole */
	uint32_t *line = src->format == IMAGE_XRGB8888
				 ? NULL
				 : xmalloc(sizeof(uint32_t) * (size_t)src->width);
	int next = ty[0].first; /* the next source row to pass horizontally */
	/* Vertical pass a row at a time, so every read is sequential. Values are at most
	 * 255 << 8 and weights sum to 65536: the sums fit in 32 bits. */
	uint32_t *acc = xmalloc(sizeof(uint32_t) * mw);
	for (int j = 0; j < h; j++) {
		const struct taps *t = &ty[j];
		if (next < t->first) {
			next = t->first;
		}
		for (; next < t->first + t->count; next++) {
			const uint32_t *s = image_row_xrgb(src, next, line);
			uint32_t *m = mid + (size_t)(next % ring) * mw;
			for (int i = 0; i < w; i++) {
				const struct taps *tt = &tx[i];
				const uint32_t *p = s + tt->first;
				uint32_t cr = 0, cg = 0, cb = 0;
				for (int k = 0; k < tt->count; k++) {
					uint32_t v = p[k], wk = (uint32_t)tt->w[k];
					cr += ((v >> 16) & 0xff) * wk;
					cg += ((v >> 8) & 0xff) * wk;
					cb += (v & 0xff) * wk;
				}
				m[3 * i] = cr >> 8;
				m[3 * i + 1] = cg >> 8;
				m[3 * i + 2] = cb >> 8;
			}
		}
		int yy = y + j;
		if (yy < 0 || yy >= dst->height) {
			continue;
		}
		for (size_t i = 0; i < mw; i++) {
			acc[i] = 1u << 23; /* rounding */
		}
		for (int k = 0; k < t->count; k++) {
			const uint32_t *m = mid + (size_t)((t->first + k) % ring) * mw;
			uint32_t wk = (uint32_t)t->w[k];
			for (size_t i = 0; i < mw; i++) {
				acc[i] += m[i] * wk;
			}
		}
		uint32_t *d = dst->pixels + (size_t)yy * dst->stride;
		for (int i = 0; i < w; i++) {
			int xx = x + i;
			if (xx < 0 || xx >= dst->width) {
				continue;
			}
			uint32_t r = acc[3 * i] >> 24, g = acc[3 * i + 1] >> 24,
				 b = acc[3 * i + 2] >> 24;
			d[xx] = (r << 16) | (g << 8) | b;
		}
	}
	free(acc);
	free(line);
	free(mid);
	free_taps(tx, w);
	free_taps(ty, h);
}

struct compose_job {
	const struct layout *l;
	struct image *const *shots;
	struct image *out;
};

/* Cells do not overlap, so each can be drawn on its own core. */
static void compose_cell(void *ctx, int i)
{
	struct compose_job *j = ctx;
	struct layout_cell c = layout_cell(j->l, i);
	if (j->shots[i]) {
		photo_scale_into(j->out, c.x, c.y, c.w, c.h, j->shots[i]);
	}
}

struct image *photo_compose(const struct layout *l, struct image *const *shots, int n,
			    struct glyphs *glyphs)
{
	struct image *out = image_create(l->width, l->height);
	image_fill_rect(out, 0, 0, l->width, l->height, l->background);
	int cells = layout_shots(l);
	struct compose_job job = {.l = l, .shots = shots, .out = out};
	parallel_for(n < cells ? n : cells, compose_cell, &job);
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

struct image *photo_sheet(const struct layout *l, const struct image *print)
{
	int w = l->sheet_width ? l->sheet_width : print->width;
	int h = l->sheet_height ? l->sheet_height : print->height;
	struct image *page = image_create(w, h);
	image_fill_rect(page, 0, 0, w, h, 0xffffff);
	int cw = w / l->sheet_cols, ch = h / l->sheet_rows;
	for (int r = 0; r < l->sheet_rows; r++) {
		for (int c = 0; c < l->sheet_cols; c++) {
			photo_scale_into(page, c * cw, r * ch, cw, ch, print);
		}
	}
	return page;
}
