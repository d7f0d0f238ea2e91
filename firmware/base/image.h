/* An image in memory. Most are XRGB8888: each pixel a uint32_t 0x00RRGGBB in native byte order,
 * which is SDL's SDL_PIXELFORMAT_XRGB8888 (RGB888), so frames and stills upload with no
 * conversion. A camera still may instead stay YUV 4:2:0 as the camera gave it, in the JPEG
 * colour space (BT.601, full range): 1.5 bytes a pixel instead of 4, and written to a JPEG file
 * with no conversion at all. Whatever reads pixels of a still asks image_row_xrgb(). */
#pragma once

#include <stdint.h>

enum image_format {
	IMAGE_XRGB8888,
	IMAGE_YUV420, /* planes[0..2] Y, Cb, Cr; chroma (width + 1) / 2 x (height + 1) / 2 */
};

struct image {
	int width, height;
	int stride;       /* in pixels (XRGB8888) */
	uint32_t *pixels; /* XRGB8888; NULL for YUV420 */
	enum image_format format;
	uint8_t *planes[3]; /* YUV420: one allocation, planes[0] owns it */
	int pitch[3];       /* YUV420: bytes a line of each plane */
};

/* Returns a zeroed image; never NULL (aborts on out-of-memory). Free with image_destroy(). */
struct image *image_create(int width, int height);
/* Accepts NULL. */
void image_destroy(struct image *img);
/* Either format; planes zeroed (Y 0, chroma 128: black). Never NULL. */
struct image *image_create_yuv420(int width, int height);
/* A copy in the same format. */
struct image *image_copy(const struct image *img);
/* Row y of img as XRGB8888 into out (img->width pixels); a pointer into img itself when img is
 * XRGB8888 (out untouched), else out. */
const uint32_t *image_row_xrgb(const struct image *img, int y, uint32_t *out);
/* Rows [y, y + n) of XRGB8888 pixels (`stride` pixels apart) into a YUV420 image; y and n even
 * except for the image's last row. */
void image_put_rows_yuv420(struct image *img, int y, int n, const uint32_t *rows, int stride);
/* img as XRGB8888: img itself if it is one (*owned NULL), else a converted copy that *owned
 * also points to, for the caller to free. */
const struct image *image_as_xrgb(const struct image *img, struct image **owned);
void image_fill_rect(struct image *img, int x, int y, int w, int h, uint32_t color);
/* Turns the picture 180 degrees in place. */
void image_rotate180(struct image *img);

static inline uint32_t image_rgb(uint8_t r, uint8_t g, uint8_t b)
{
	return ((uint32_t)r << 16) | ((uint32_t)g << 8) | b;
}
