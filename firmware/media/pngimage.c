#include "pngimage.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "picture.h"
#include "xalloc.h"

/* --- writing --- */

struct write_ctx {
	unsigned char *data;
	size_t len, cap;
};

static void on_write(png_structp png, png_bytep data, png_size_t len)
{
	struct write_ctx *w = png_get_io_ptr(png);
	w->data = xgrow(w->data, &w->cap, w->len + len, 1);
	memcpy(w->data + w->len, data, len);
	w->len += len;
}

static void on_flush(png_structp png)
{
	(void)png;
}

static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

bool png_encode(const struct image *img, unsigned char **out, size_t *len)
{
	struct write_ctx w = {0};
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, on_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return false;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(w.data);
		return false;
	}
	/* a 1080p PNG is a few MB; start there to avoid regrowing */
	w.data = xgrow(NULL, &w.cap, (size_t)img->width * (size_t)img->height + 4096, 1);
	png_set_write_fn(png, &w, on_write, on_flush);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_set_compression_strategy(png, Z_RLE);
	png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
		     PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	/* strips, cards and badges are drawn at 300 dpi: say so, so that a print comes out at size
	 */
	png_set_pHYs(png, info, 11811, 11811, PNG_RESOLUTION_METER);
	png_write_info(png, info);
	/* XRGB8888 in native order: libpng strips the filler byte and swaps to RGB itself. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	png_set_filler(png, 0, PNG_FILLER_AFTER);
	png_set_bgr(png);
#else
	png_set_filler(png, 0, PNG_FILLER_BEFORE);
#endif
	uint32_t *line = img->format == IMAGE_XRGB8888
				 ? NULL
				 : xmalloc(sizeof(uint32_t) * (size_t)img->width);
	for (int y = 0; y < img->height; y++) {
		png_write_row(png, (png_const_bytep)image_row_xrgb(img, y, line));
	}
	free(line);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	*out = w.data;
	*len = w.len;
	return true;
}

/* --- reading --- */

struct read_ctx {
	const unsigned char *data;
	size_t len, pos;
	char msg[160];
};

static void on_read(png_structp png, png_bytep out, png_size_t len)
{
	struct read_ctx *r = png_get_io_ptr(png);
	if (len > r->len - r->pos) {
		snprintf(r->msg, sizeof(r->msg), "truncated PNG data");
		png_error(png, "truncated");
	}
	memcpy(out, r->data + r->pos, len);
	r->pos += len;
}

static void on_error(png_structp png, png_const_charp msg)
{
	struct read_ctx *r = png_get_error_ptr(png);
	if (!r->msg[0]) {
		snprintf(r->msg, sizeof(r->msg), "%s", msg);
	}
	png_longjmp(png, 1);
}

/* Whatever the file holds (palette, grey, 16 bits, alpha, interlaced) read as 8-bit RGB, with
 * transparency over black. Called where png_error() may jump back to the reader's setjmp. */
static void to_rgb8(png_structp png, png_infop info)
{
	int type = png_get_color_type(png, info);
	if (png_get_bit_depth(png, info) == 16) {
		png_set_strip_16(png);
	}
	if (type == PNG_COLOR_TYPE_PALETTE) {
		png_set_palette_to_rgb(png);
	}
	if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA) {
		png_set_expand_gray_1_2_4_to_8(png);
		png_set_gray_to_rgb(png);
	}
	if (png_get_valid(png, info, PNG_INFO_tRNS)) {
		png_set_tRNS_to_alpha(png);
	}
	png_color_16 black = {0, 0, 0, 0, 0};
	png_set_background(png, &black, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
}

/* Packed RGB rows into the image's pixels. */
static void pack_rgb(const png_byte *row, struct image *img)
{
	size_t w = (size_t)img->width;
	for (int y = 0; y < img->height; y++) {
		const png_byte *s = row + (size_t)y * w * 3;
		uint32_t *d = img->pixels + (size_t)y * img->stride;
		for (size_t x = 0; x < w; x++, s += 3) {
			d[x] = image_rgb(s[0], s[1], s[2]);
		}
	}
}

struct image *png_read_memory(const void *data, size_t len, const char *what, char *err,
			      size_t errlen)
{
	struct read_ctx r = {.data = data, .len = len};
	struct image *volatile img = NULL;
	png_bytep volatile row = NULL;
	png_bytep *volatile rows = NULL;

	if (len < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
		snprintf(err, errlen, "%s: not a PNG file", what);
		return NULL;
	}
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, on_error, on_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_read_struct(&png, NULL, NULL);
		snprintf(err, errlen, "%s: out of memory", what);
		return NULL;
	}
	if (setjmp(png_jmpbuf(png))) {
		snprintf(err, errlen, "%s: bad PNG: %s", what, r.msg[0] ? r.msg : "corrupt data");
		image_destroy(img);
		free(row);
		free(rows);
		png_destroy_read_struct(&png, &info, NULL);
		return NULL;
	}
	png_set_read_fn(png, &r, on_read);
	png_set_user_limits(png, PNG_MAX_SIDE, PNG_MAX_SIDE);
	png_set_chunk_malloc_max(png, 64 << 20);
	png_read_info(png, info);

	png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	if ((uint64_t)w * h > PNG_MAX_PIXELS) {
		snprintf(r.msg, sizeof(r.msg), "image of %ux%u is too large", (unsigned)w,
			 (unsigned)h);
		png_error(png, "size");
	}
	to_rgb8(png, info);
	if (png_get_rowbytes(png, info) != (size_t)w * 3) {
		snprintf(r.msg, sizeof(r.msg), "unsupported pixel layout");
		png_error(png, "layout");
	}

	img = image_create((int)w, (int)h);
	row = xmalloc((size_t)w * 3 * h);
	rows = xmalloc(sizeof(png_bytep) * h);
	for (png_uint_32 y = 0; y < h; y++) {
		rows[y] = row + (size_t)y * w * 3;
	}
	png_read_image(png, rows);
	free(rows);
	rows = NULL;
	png_read_end(png, NULL);

	pack_rgb(row, img);
	free(row);
	png_destroy_read_struct(&png, &info, NULL);
	return img;
}

struct image *png_read_file(const char *path, char *err, size_t errlen)
{
	unsigned char *data;
	size_t len;
	if (!picture_file_bytes(path, &data, &len, err, errlen)) {
		return NULL;
	}
	struct image *img = png_read_memory(data, len, path, err, errlen);
	free(data);
	return img;
}
