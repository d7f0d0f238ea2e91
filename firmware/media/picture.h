/* Photo files of either kind the booth writes: JPEG (the default for camera photos) and PNG
 * (badges, layouts, and photos where the config asks for it). Readers tell them apart by their
 * first bytes, never by the name. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "image.h"
#include "jpegimage.h"

enum picture_format {
	PICTURE_PNG, /* zero: what a zeroed struct asks for (badges, layouts) */
	PICTURE_JPEG,
};

/* "jpg" or "png": the extension files of the format get. */
const char *picture_ext(enum picture_format f);
/* The format a file name asks for by its extension (.jpg, .jpeg, .png, any case); false for
 * any other. */
bool picture_format_of_name(const char *name, enum picture_format *f);
/* Whether data starts like a JPEG or a PNG; false for neither. */
bool picture_sniff(const void *data, size_t len, enum picture_format *f);

/* Decodes a JPEG or PNG into XRGB8888. min_w and min_h (0: full size) let a JPEG be decoded at
 * a smaller scale that still covers that size (jpeg_read_memory). NULL on bad input, with
 * `err` naming `what`. Caller frees. */
struct image *picture_read_memory(const void *data, size_t len, int min_w, int min_h,
				  const char *what, char *err, size_t errlen);
struct image *picture_read_file(const char *path, int min_w, int min_h, char *err, size_t errlen);

/* A whole file into memory (at most 256 MB), for the readers. *data is malloc'd. */
bool picture_file_bytes(const char *path, unsigned char **data, size_t *len, char *err,
			size_t errlen);

/* Encodes img as f: JPEG at `quality` with `exif` (may be NULL), or PNG (both ignored). */
bool picture_encode(const struct image *img, enum picture_format f, int quality,
		    const struct photo_exif *exif, unsigned char **out, size_t *len);
