#include "animation.h"

#include <gif_lib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include "xalloc.h"

int anim_boomerang_order(int n, int *order)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		order[k++] = i;
	}
	for (int i = n - 2; i >= 1; i--) {
		order[k++] = i;
	}
	return k;
}

/* --- one palette for all frames: median cut over a 15-bit histogram --- */

#define BINS 32768
#define PALETTE 255 /* and index 255: transparent, "as in the last frame" */
#define NEAR 12     /* summed over the channels: a change no one sees in a moving picture */

static inline int bin_of(uint32_t px)
{
	return (int)(((px >> 19) & 0x1f) << 10 | ((px >> 11) & 0x1f) << 5 | ((px >> 3) & 0x1f));
}

static inline int channel(int bin, int axis)
{
	return (bin >> (10 - 5 * axis)) & 0x1f;
}

struct box {
	int start, end; /* into the array of bins in use */
	uint64_t count;
	int axis, range;
};

struct cut {
	int *bins;
	uint32_t *hist;
};

static _Thread_local int sort_axis;

static int by_axis(const void *a, const void *b)
{
	int x = channel(*(const int *)a, sort_axis), y = channel(*(const int *)b, sort_axis);
	return x != y ? x - y : *(const int *)a - *(const int *)b;
}

static void measure(struct cut *c, struct box *b)
{
	int lo[3] = {31, 31, 31}, hi[3] = {0, 0, 0};
	b->count = 0;
	for (int i = b->start; i < b->end; i++) {
		for (int a = 0; a < 3; a++) {
			int v = channel(c->bins[i], a);
			lo[a] = v < lo[a] ? v : lo[a];
			hi[a] = v > hi[a] ? v : hi[a];
		}
		b->count += c->hist[c->bins[i]];
	}
	b->axis = 0;
	for (int a = 1; a < 3; a++) {
		if (hi[a] - lo[a] > hi[b->axis] - lo[b->axis]) {
			b->axis = a;
		}
	}
	b->range = hi[b->axis] - lo[b->axis];
}

/* Fills palette (PALETTE entries, unused ones black) and lut (bin -> palette index). */
static void choose_palette(struct image *const *frames, const int *order, int count,
			   GifColorType *palette, uint8_t *lut)
{
	struct cut c = {.bins = xmalloc(sizeof(int) * BINS),
			.hist = xcalloc(BINS, sizeof(uint32_t))};
	bool *seen = xcalloc((size_t)count, sizeof(bool));
	for (int k = 0; k < count; k++) {
		const struct image *f = frames[order[k]];
		if (seen[k]) {
			continue;
		}
		for (int j = k; j < count; j++) { /* each frame once, however often shown */
			seen[j] = seen[j] || order[j] == order[k];
		}
		for (int y = 0; y < f->height; y++) {
			const uint32_t *row = f->pixels + (size_t)y * f->stride;
			for (int x = 0; x < f->width; x++) {
				c.hist[bin_of(row[x])]++;
			}
		}
	}
	free(seen);
	int used = 0;
	for (int i = 0; i < BINS; i++) {
		if (c.hist[i]) {
			c.bins[used++] = i;
		}
	}
	struct box boxes[PALETTE];
	int nbox = 1;
	boxes[0] = (struct box){.start = 0, .end = used};
	measure(&c, &boxes[0]);
	while (nbox < PALETTE) {
		/* split the box whose colours spread most, weighted by how many pixels it has */
		int best = -1;
		double score = 0;
		for (int i = 0; i < nbox; i++) {
			double s = (double)boxes[i].range * (double)boxes[i].count;
			if (boxes[i].end - boxes[i].start > 1 && s > score) {
				score = s;
				best = i;
			}
		}
		if (best < 0) {
			break;
		}
		struct box *b = &boxes[best];
		sort_axis = b->axis;
		qsort(c.bins + b->start, (size_t)(b->end - b->start), sizeof(int), by_axis);
		uint64_t half = b->count / 2, acc = 0;
		int mid = b->start;
		while (mid < b->end - 1 && acc + c.hist[c.bins[mid]] <= half) {
			acc += c.hist[c.bins[mid++]];
		}
		if (mid == b->start) {
			mid++;
		}
		boxes[nbox] = (struct box){.start = mid, .end = b->end};
		b->end = mid;
		measure(&c, b);
		measure(&c, &boxes[nbox]);
		nbox++;
	}
	memset(palette, 0, sizeof(GifColorType) * 256);
	for (int i = 0; i < nbox; i++) {
		uint64_t sum[3] = {0, 0, 0}, n = 0;
		for (int k = boxes[i].start; k < boxes[i].end; k++) {
			int bin = c.bins[k];
			for (int a = 0; a < 3; a++) {
				sum[a] += (uint64_t)(channel(bin, a) * 8 + 4) * c.hist[bin];
			}
			n += c.hist[bin];
			lut[bin] = (uint8_t)i;
		}
		if (n) {
			palette[i].Red = (GifByteType)(sum[0] / n);
			palette[i].Green = (GifByteType)(sum[1] / n);
			palette[i].Blue = (GifByteType)(sum[2] / n);
		}
	}
	free(c.bins);
	free(c.hist);
}

/* --- GIF --- */

struct membuf {
	unsigned char *data;
	size_t len, cap;
};

static int gif_write(GifFileType *g, const GifByteType *buf, int len)
{
	struct membuf *m = g->UserData;
	m->data = xgrow(m->data, &m->cap, m->len + (size_t)len, 1);
	memcpy(m->data + m->len, buf, (size_t)len);
	m->len += (size_t)len;
	return len;
}

bool anim_encode_gif(struct image *const *frames, const int *order, int count, int frame_ms,
		     unsigned char **out, size_t *len)
{
	if (count < 1) {
		return false;
	}
	int w = frames[order[0]]->width, h = frames[order[0]]->height;
	GifColorType palette[256];
	uint8_t *lut = xcalloc(BINS, 1);
	choose_palette(frames, order, count, palette, lut);

	struct membuf m = {0};
	int err = 0;
	GifFileType *g = EGifOpen(&m, gif_write, &err);
	if (!g) {
		free(lut);
		return false;
	}
	EGifSetGifVersion(g, true);
	ColorMapObject *map = GifMakeMapObject(256, palette);
	bool ok = map && EGifPutScreenDesc(g, w, h, 8, 0, map) == GIF_OK;
	/* loop forever (the NETSCAPE2.0 application block) */
	static const GifByteType loop[3] = {1, 0, 0};
	ok = ok && EGifPutExtensionLeader(g, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
	     EGifPutExtensionBlock(g, 11, "NETSCAPE2.0") == GIF_OK &&
	     EGifPutExtensionBlock(g, 3, loop) == GIF_OK && EGifPutExtensionTrailer(g) == GIF_OK;
	uint8_t *prev = xmalloc((size_t)w * (size_t)h), *line = xmalloc((size_t)w);
	/* which palette entries are close enough to stand for each other */
	bool *near = xmalloc(256 * 256 * sizeof(bool));
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			int d = abs(palette[a].Red - palette[b].Red) +
				abs(palette[a].Green - palette[b].Green) +
				abs(palette[a].Blue - palette[b].Blue);
			near[a * 256 + b] = d <= NEAR;
		}
	}
	int delay_cs = (frame_ms + 5) / 10;
	for (int k = 0; ok && k < count; k++) {
		const struct image *f = frames[order[k]];
		GraphicsControlBlock gcb = {.DisposalMode = DISPOSE_DO_NOT,
					    .DelayTime = delay_cs < 2 ? 2 : delay_cs,
					    .TransparentColor = k ? PALETTE : NO_TRANSPARENT_COLOR};
		GifByteType ext[4];
		size_t n = EGifGCBToExtension(&gcb, ext);
		ok = EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, (int)n, ext) == GIF_OK &&
		     EGifPutImageDesc(g, 0, 0, w, h, false, NULL) == GIF_OK;
		for (int y = 0; ok && y < h; y++) {
			const uint32_t *row = f->pixels + (size_t)y * f->stride;
			uint8_t *p = prev + (size_t)y * w;
			for (int x = 0; x < w; x++) {
				uint8_t idx = lut[bin_of(row[x])];
				/* what the last frame already shows, or as good as (a camera's
				 * noise moves a colour by a few levels from frame to frame), is
				 * left transparent: long runs of one code, which LZW makes small.
				 * The picture kept is what is shown, so small changes never add up.
				 */
				if (k && near[idx * 256 + p[x]]) {
					line[x] = PALETTE;
				} else {
					line[x] = idx;
					p[x] = idx;
				}
			}
			ok = EGifPutLine(g, line, w) == GIF_OK;
		}
	}
	free(prev);
	free(line);
	free(near);
	free(lut);
	GifFreeMapObject(map);
	if (EGifCloseFile(g, &err) != GIF_OK) {
		ok = false;
	}
	if (!ok) {
		free(m.data);
		return false;
	}
	*out = m.data;
	*len = m.len;
	return true;
}

/* --- WebP --- */

bool anim_encode_webp(struct image *const *frames, const int *order, int count, int frame_ms,
		      int quality, unsigned char **out, size_t *len)
{
	if (count < 1) {
		return false;
	}
	int w = frames[order[0]]->width, h = frames[order[0]]->height;
	WebPAnimEncoderOptions ao;
	WebPConfig cfg;
	if (!WebPAnimEncoderOptionsInit(&ao) || !WebPConfigInit(&cfg)) {
		return false;
	}
	ao.anim_params.loop_count = 0; /* forever */
	cfg.quality = (float)quality;
	cfg.method = 2; /* a little size for much time: a guest is waiting */
	WebPAnimEncoder *enc = WebPAnimEncoderNew(w, h, &ao);
	if (!enc) {
		return false;
	}
	bool ok = true;
	int t = 0;
	for (int k = 0; ok && k < count; k++, t += frame_ms) {
		const struct image *f = frames[order[k]];
		WebPPicture pic;
		ok = WebPPictureInit(&pic);
		pic.use_argb = 1;
		pic.width = w;
		pic.height = h;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		ok = ok && WebPPictureImportBGRX(&pic, (const uint8_t *)f->pixels, f->stride * 4);
#else
		ok = ok && WebPPictureImportRGBX(&pic, (const uint8_t *)f->pixels, f->stride * 4);
#endif
		ok = ok && WebPAnimEncoderAdd(enc, &pic, t, &cfg);
		WebPPictureFree(&pic);
	}
	WebPData data;
	WebPDataInit(&data);
	ok = ok && WebPAnimEncoderAdd(enc, NULL, t, NULL) && WebPAnimEncoderAssemble(enc, &data);
	WebPAnimEncoderDelete(enc);
	if (!ok) {
		WebPDataClear(&data);
		return false;
	}
	*out = xmalloc(data.size);
	memcpy(*out, data.bytes, data.size);
	*len = data.size;
	WebPDataClear(&data);
	return true;
}

bool anim_is_named(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && (strcmp(dot, ".gif") == 0 || strcmp(dot, ".webp") == 0);
}

bool anim_probe(const void *data, size_t len, int *width, int *height)
{
	const unsigned char *d = data;
	if (len >= 14 && (memcmp(d, "GIF89a", 6) == 0 || memcmp(d, "GIF87a", 6) == 0)) {
		*width = d[6] | d[7] << 8;
		*height = d[8] | d[9] << 8;
		return d[len - 1] == 0x3b && *width > 0 && *height > 0; /* the trailer */
	}
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
		size_t riff = (size_t)(d[4] | d[5] << 8 | d[6] << 16 | (uint32_t)d[7] << 24);
		WebPBitstreamFeatures f;
		if (riff + 8 != len || WebPGetFeatures(d, len, &f) != VP8_STATUS_OK) {
			return false;
		}
		*width = f.width;
		*height = f.height;
		return true;
	}
	return false;
}
