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

void image_destroy(struct image *img)
{
	if (!img) {
		return;
	}
	free(img->pixels);
	free(img);
}

struct image *image_copy(const struct image *src)
{
	struct image *img = image_create(src->width, src->height);
	for (int y = 0; y < src->height; y++) {
		memcpy(img->pixels + (size_t)y * img->stride, src->pixels + (size_t)y * src->stride,
		       (size_t)src->width * sizeof(uint32_t));
	}
	return img;
}

void image_rotate180(struct image *img)
{
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
