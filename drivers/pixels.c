#include "pixels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build-config.h"

static uint8_t clamp(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

void pixels_yuyv_to_xrgb(const uint8_t *src, int w, int h, int stride, struct image *img)
{
	for (int y = 0; y < h && y < img->height; y++) {
		const uint8_t *s = src + (size_t)y * (size_t)stride;
		uint32_t *d = img->pixels + (size_t)y * (size_t)img->stride;
		for (int x = 0; x + 1 < w && x + 1 < img->width; x += 2, s += 4) {
			int u = s[1] - 128, v = s[3] - 128;
			int ru = 409 * v, gu = -100 * u - 208 * v, bu = 516 * u;
			for (int k = 0; k < 2; k++) {
				int c = 298 * (s[2 * k] - 16);
				d[x + k] = image_rgb(clamp((c + ru + 128) >> 8),
						     clamp((c + gu + 128) >> 8),
						     clamp((c + bu + 128) >> 8));
			}
		}
	}
}

void pixels_yuv420_to_xrgb(const uint8_t *const planes[3], const int stride[3], int w, int h,
			   struct image *img)
{
	for (int y = 0; y < h && y < img->height; y++) {
		const uint8_t *ly = planes[0] + (size_t)y * (size_t)stride[0];
		const uint8_t *lu = planes[1] + (size_t)(y / 2) * (size_t)stride[1];
		const uint8_t *lv = planes[2] + (size_t)(y / 2) * (size_t)stride[2];
		uint32_t *d = img->pixels + (size_t)y * (size_t)img->stride;
		for (int x = 0; x < w && x < img->width; x++) {
			int u = lu[x / 2] - 128, v = lv[x / 2] - 128;
			int c = 298 * (ly[x] - 16);
			d[x] = image_rgb(clamp((c + 409 * v + 128) >> 8),
					 clamp((c - 100 * u - 208 * v + 128) >> 8),
					 clamp((c + 516 * u + 128) >> 8));
		}
	}
}

/* limited range to full: luma 16..235 and chroma 16..240 (centred on 128) onto 0..255 */
static void range_tables(uint8_t luma[256], uint8_t chroma[256])
{
	for (int i = 0; i < 256; i++) {
		luma[i] = clamp(((i - 16) * 255 * 2 + 219) / (2 * 219));
		chroma[i] =
			clamp(128 + ((i - 128) * 255 * 2 + (i >= 128 ? 224 : -224)) / (2 * 224));
	}
}

void pixels_yuv420_copy(const uint8_t *const planes[3], const int stride[3], int w, int h,
			bool full_range, struct image *img)
{
	uint8_t luma[256], chroma[256];
	range_tables(luma, chroma);
	int cw = (w + 1) / 2, ch = (h + 1) / 2;
	for (int p = 0; p < 3; p++) {
		int rows = p ? ch : h, len = p ? cw : w;
		const uint8_t *map = p ? chroma : luma;
		for (int y = 0; y < rows; y++) {
			const uint8_t *s = planes[p] + (size_t)y * (size_t)stride[p];
			uint8_t *d = img->planes[p] + (size_t)y * (size_t)img->pitch[p];
			if (full_range) {
				memcpy(d, s, (size_t)len);
				continue;
			}
			for (int x = 0; x < len; x++) {
				d[x] = map[s[x]];
			}
		}
	}
}

void pixels_yuyv_to_yuv420(const uint8_t *src, int w, int h, int stride, struct image *img)
{
	uint8_t luma[256], chroma[256];
	range_tables(luma, chroma);
	for (int y = 0; y < h; y++) {
		const uint8_t *s = src + (size_t)y * (size_t)stride;
		uint8_t *d = img->planes[0] + (size_t)y * (size_t)img->pitch[0];
		for (int x = 0; x < w; x++) {
			d[x] = luma[s[2 * x]];
		}
	}
	/* 4:2:2 to 4:2:0: each chroma sample the mean of the two lines it covers */
	for (int y = 0; y < (h + 1) / 2; y++) {
		const uint8_t *a = src + (size_t)(2 * y) * (size_t)stride;
		const uint8_t *b = 2 * y + 1 < h ? a + stride : a;
		uint8_t *u = img->planes[1] + (size_t)y * (size_t)img->pitch[1];
		uint8_t *v = img->planes[2] + (size_t)y * (size_t)img->pitch[2];
		for (int x = 0; x < w / 2; x++) {
			u[x] = chroma[(a[4 * x + 1] + b[4 * x + 1] + 1) / 2];
			v[x] = chroma[(a[4 * x + 3] + b[4 * x + 3] + 1) / 2];
		}
	}
}

#if HAVE_LIBJPEG
#include <jpeglib.h>
#include <setjmp.h>

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
};

static void on_error(j_common_ptr cinfo)
{
	longjmp(((struct jerr *)cinfo->err)->jump, 1);
}

static void on_message(j_common_ptr cinfo)
{
	(void)cinfo; /* corrupt frames happen on USB; they are dropped quietly */
}

struct image *pixels_decode_jpeg(const uint8_t *data, size_t len)
{
	struct jpeg_decompress_struct cinfo;
	struct jerr err;
	struct image *volatile img = NULL;
	cinfo.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = on_error;
	err.mgr.output_message = on_message;
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&cinfo);
		image_destroy(img);
		return NULL;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	/* libjpeg-turbo writes the booth's own pixel layout: no conversion afterwards */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	cinfo.out_color_space = JCS_EXT_BGRX;
#else
	cinfo.out_color_space = JCS_EXT_XRGB;
#endif
	cinfo.dct_method = JDCT_IFAST;
	jpeg_start_decompress(&cinfo);
	if (cinfo.output_width > 8192 || cinfo.output_height > 8192) {
		longjmp(err.jump, 1);
	}
	img = image_create((int)cinfo.output_width, (int)cinfo.output_height);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = (JSAMPROW)(img->pixels +
					  (size_t)cinfo.output_scanline * (size_t)img->stride);
		jpeg_read_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return img;
}

bool pixels_have_jpeg(void)
{
	return true;
}
#else
struct image *pixels_decode_jpeg(const uint8_t *data, size_t len)
{
	(void)data, (void)len;
	return NULL;
}

bool pixels_have_jpeg(void)
{
	return false;
}
#endif
