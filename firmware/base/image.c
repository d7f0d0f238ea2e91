#include "image.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct image *image_create(int width, int height)
{
	struct image *img = xcalloc(1, sizeof(*img));
	img->width = width;
	img->height = height;
	img->stride = width;
	img->pixels = xcalloc((size_t)width * (size_t)height, sizeof(uint32_t));
	return img;
}

struct image *image_create_yuv420(int width, int height)
{
	struct image *img = xcalloc(1, sizeof(*img));
	img->width = width;
	img->height = height;
	img->format = IMAGE_YUV420;
	/* lines padded to whole 16-pixel blocks, as a JPEG encoder reads them */
	size_t pitch = ((size_t)width + 15) / 16 * 16, cpitch = pitch / 2;
	size_t ch = ((size_t)height + 1) / 2;
	size_t ysize = pitch * (size_t)height;
	img->planes[0] = xmalloc(ysize + 2 * cpitch * ch);
	memset(img->planes[0], 0, ysize);
	memset(img->planes[0] + ysize, 128, 2 * cpitch * ch);
	img->planes[1] = img->planes[0] + ysize;
	img->planes[2] = img->planes[1] + cpitch * ch;
	img->pitch[0] = (int)pitch;
	img->pitch[1] = img->pitch[2] = (int)cpitch;
	return img;
}

void image_destroy(struct image *img)
{
	if (!img) {
		return;
	}
	free(img->pixels);
	free(img->planes[0]);
	free(img);
}

static inline uint8_t clamp8(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* JFIF's YCbCr (BT.601, full range), in 16.16 fixed point */
const uint32_t *image_row_xrgb(const struct image *img, int y, uint32_t *out)
{
	if (img->format == IMAGE_XRGB8888) {
		return img->pixels + (size_t)y * img->stride;
	}
	const uint8_t *yp = img->planes[0] + (size_t)y * img->pitch[0];
	const uint8_t *u = img->planes[1] + (size_t)(y / 2) * img->pitch[1];
	const uint8_t *v = img->planes[2] + (size_t)(y / 2) * img->pitch[2];
	for (int x = 0; x < img->width; x++) {
		int cb = u[x / 2] - 128, cr = v[x / 2] - 128;
		int l = yp[x] << 16;
		int r = (l + 91881 * cr + 32768) >> 16;
		int g = (l - 22554 * cb - 46802 * cr + 32768) >> 16;
		int b = (l + 116130 * cb + 32768) >> 16;
		out[x] = ((uint32_t)clamp8(r) << 16) | ((uint32_t)clamp8(g) << 8) | clamp8(b);
	}
	return out;
}

void image_put_rows_yuv420(struct image *img, int y, int n, const uint32_t *rows, int stride)
{
	for (int j = 0; j < n; j += 2) {
		const uint32_t *a = rows + (size_t)j * stride;
		const uint32_t *b = j + 1 < n ? a + stride : a;
		uint8_t *ya = img->planes[0] + (size_t)(y + j) * img->pitch[0];
		uint8_t *yb = j + 1 < n ? ya + img->pitch[0] : NULL;
		uint8_t *u = img->planes[1] + (size_t)((y + j) / 2) * img->pitch[1];
		uint8_t *v = img->planes[2] + (size_t)((y + j) / 2) * img->pitch[2];
		for (int x = 0; x < img->width; x += 2) {
			int x2 = x + 1 < img->width ? x + 1 : x;
			uint32_t p[4] = {a[x], a[x2], b[x], b[x2]};
			int sr = 0, sg = 0, sb = 0;
			for (int k = 0; k < 4; k++) {
				int r = (int)(p[k] >> 16) & 0xff, g = (int)(p[k] >> 8) & 0xff,
				    bl = (int)p[k] & 0xff;
				uint8_t lum =
					clamp8((19595 * r + 38470 * g + 7471 * bl + 32768) >> 16);
				if (k < 2) {
					ya[k ? x2 : x] = lum;
				} else if (yb) {
					yb[k == 3 ? x2 : x] = lum;
				}
				sr += r;
				sg += g;
				sb += bl;
			}
			/* averaged over the 2x2 block, in 16.16 with the /4 folded in */
			u[x / 2] = clamp8(((-11059 * sr - 21709 * sg + 32768 * sb) / 4 +
					   (128 << 16) + 32768) >>
					  16);
			v[x / 2] = clamp8(
				((32768 * sr - 27439 * sg - 5329 * sb) / 4 + (128 << 16) + 32768) >>
				16);
		}
	}
}

const struct image *image_as_xrgb(const struct image *img, struct image **owned)
{
	*owned = NULL;
	if (img->format == IMAGE_XRGB8888) {
		return img;
	}
	struct image *x = image_create(img->width, img->height);
	for (int y = 0; y < img->height; y++) {
		image_row_xrgb(img, y, x->pixels + (size_t)y * x->stride);
	}
	*owned = x;
	return x;
}

struct image *image_copy(const struct image *src)
{
	if (src->format == IMAGE_YUV420) {
		struct image *img = image_create_yuv420(src->width, src->height);
		size_t cw = ((size_t)src->width + 1) / 2, ch = ((size_t)src->height + 1) / 2;
		for (int p = 0; p < 3; p++) {
			size_t rows = p ? ch : (size_t)src->height,
			       len = p ? cw : (size_t)src->width;
			for (size_t r = 0; r < rows; r++) {
				memcpy(img->planes[p] + r * (size_t)img->pitch[p],
				       src->planes[p] + r * (size_t)src->pitch[p], len);
			}
		}
		return img;
	}
	struct image *img = image_create(src->width, src->height);
	for (int y = 0; y < src->height; y++) {
		memcpy(img->pixels + (size_t)y * img->stride, src->pixels + (size_t)y * src->stride,
		       (size_t)src->width * sizeof(uint32_t));
	}
	return img;
}

static void reverse_bytes(uint8_t *p, int len, int pitch, int rows)
{
	for (int y = 0; y < (rows + 1) / 2; y++) {
		uint8_t *top = p + (size_t)y * pitch, *bottom = p + (size_t)(rows - 1 - y) * pitch;
		int n = top == bottom ? len / 2 : len;
		for (int x = 0; x < n; x++) {
			uint8_t t = top[x];
			top[x] = bottom[len - 1 - x];
			bottom[len - 1 - x] = t;
		}
	}
}

void image_rotate180(struct image *img)
{
	if (img->format == IMAGE_YUV420) {
		int cw = (img->width + 1) / 2, ch = (img->height + 1) / 2;
		reverse_bytes(img->planes[0], img->width, img->pitch[0], img->height);
		reverse_bytes(img->planes[1], cw, img->pitch[1], ch);
		reverse_bytes(img->planes[2], cw, img->pitch[2], ch);
		return;
	}
	for (int y = 0; y < (img->height + 1) / 2; y++) {
		uint32_t *top = img->pixels + (size_t)y * img->stride;
		uint32_t *bottom = img->pixels + (size_t)(img->height - 1 - y) * img->stride;
		int n = top == bottom ? img->width / 2 : img->width;
		for (int x = 0; x < n; x++) {
			uint32_t t = top[x];
			top[x] = bottom[img->width - 1 - x];
			bottom[img->width - 1 - x] = t;
		}
	}
}

void image_fill_rect(struct image *img, int x, int y, int w, int h, uint32_t color)
{
	int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
	int x1 = x + w > img->width ? img->width : x + w;
	int y1 = y + h > img->height ? img->height : y + h;
	for (int yy = y0; yy < y1; yy++) {
		uint32_t *row = img->pixels + (size_t)yy * img->stride;
		for (int xx = x0; xx < x1; xx++) {
			row[xx] = color;
		}
	}
}
