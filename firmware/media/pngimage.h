/* PNG in and out through libpng, for images in XRGB8888 (image.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "image.h"

/* Encodes img as 8-bit RGB, with SUB filtering and Z_RLE: about the size of libpng's defaults
 * at several times the speed. *out is malloc'd; the caller frees it. False only if libpng
 * fails. */
bool png_encode(const struct image *img, unsigned char **out, size_t *len);

/* Decodes a PNG of any colour type and bit depth (alpha is composited on black). Returns NULL
 * on bad, truncated or oversized input with `err` naming `what` (a file name) and the reason.
 * Caller frees with image_destroy(). */
struct image *png_read_file(const char *path, char *err, size_t errlen);
struct image *png_read_memory(const void *data, size_t len, const char *what, char *err,
			      size_t errlen);

/* Largest width or height accepted when reading, against decompression bombs. */
#define PNG_MAX_SIDE 16384
/* Largest pixel count accepted when reading (a 48 MP sensor fits). */
#define PNG_MAX_PIXELS (50u * 1000 * 1000)
