/* JPEG in and out through libjpeg-turbo, with EXIF through libexif: how the booth stores camera
 * photos. XRGB8888 images are written from their pixels, YUV420 stills straight from their
 * planes (no colour conversion at all). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "image.h"

/* What a photo says about itself, and nothing personal: no names, no place, no serial. */
struct photo_exif {
	time_t taken;         /* DateTimeOriginal, in local time; 0 = none */
	int utc_offset_min;   /* OffsetTimeOriginal: local time minus UTC, in minutes */
	const char *software; /* "gatherbooth 1.2"; NULL = none */
	int dpi;              /* XResolution/YResolution; 0 = 72 */
};

/* Encodes img (either format) at quality 1..100, baseline, 4:2:0, with an EXIF block when exif is
 * not NULL. *out is malloc'd; the caller frees it. False only if libjpeg fails. */
bool jpeg_encode(const struct image *img, int quality, const struct photo_exif *exif,
		 unsigned char **out, size_t *len);

/* Decodes a JPEG (baseline or progressive, colour or grey) into XRGB8888. With min_w and
 * min_h above 0 it decodes at the smallest of libjpeg's scales (1/8, 2/8 ... 8/8) that still
 * gives at least that size, which is several times faster and smaller for a thumbnail or a
 * strip's cell. Returns NULL on bad, truncated (any warning of corrupt data counts), oversized
 * or CMYK input with `err` naming `what` and the reason. Caller frees. */
struct image *jpeg_read_memory(const void *data, size_t len, int min_w, int min_h, const char *what,
			       char *err, size_t errlen);
