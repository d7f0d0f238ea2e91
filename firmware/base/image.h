/* An XRGB8888 image in memory: each pixel a uint32_t 0x00RRGGBB in native byte order, which is
 * SDL's SDL_PIXELFORMAT_XRGB8888 (RGB888), so frames and stills upload with no conversion. */
#pragma once

#include <stdint.h>

struct image {
	int width, height;
	int stride; /* in pixels */
	uint32_t *pixels;
};

/* Returns a zeroed image; never NULL (aborts on out-of-memory). Free with image_destroy(). */
struct image *image_create(int width, int height);
/* Accepts NULL. */
void image_destroy(struct image *img);
struct image *image_copy(const struct image *img);
void image_fill_rect(struct image *img, int x, int y, int w, int h, uint32_t color);
/* Turns the picture 180 degrees in place. */
void image_rotate180(struct image *img);

static inline uint32_t image_rgb(uint8_t r, uint8_t g, uint8_t b)
{
	return ((uint32_t)r << 16) | ((uint32_t)g << 8) | b;
}
