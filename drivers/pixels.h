/* Camera pixel formats to XRGB8888 (image.h), for stills and for MJPEG previews. Pure. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image.h"

/* YUYV 4:2:2 (BT.601, limited range) of w x h with `stride` bytes a line, into img (w x h). */
void pixels_yuyv_to_xrgb(const uint8_t *yuyv, int w, int h, int stride, struct image *img);

/* YUV 4:2:0 in three planes Y, U, V (BT.601, limited range) of w x h, each plane with its own
 * line length, into img (w x h). Odd sizes take the last chroma sample. */
void pixels_yuv420_to_xrgb(const uint8_t *const planes[3], const int stride[3], int w, int h,
			   struct image *img);

/* YUV 4:2:0 planes of w x h into a YUV420 image (image_create_yuv420) of the same size, in
 * JPEG's full range: copied as they are when `full_range`, else stretched from BT.601's
 * limited range (16..235, 16..240). */
void pixels_yuv420_copy(const uint8_t *const planes[3], const int stride[3], int w, int h,
			bool full_range, struct image *img);

/* YUYV 4:2:2 (limited range) of w x h into a YUV420 image of that size, in full range. */
void pixels_yuyv_to_yuv420(const uint8_t *yuyv, int w, int h, int stride, struct image *img);

/* Decodes a JPEG (an MJPEG frame) into a new image; NULL if it does not decode or the build has
 * no libjpeg. Caller frees. */
struct image *pixels_decode_jpeg(const uint8_t *data, size_t len);

/* Whether MJPEG can be decoded in this build. */
bool pixels_have_jpeg(void);
