/* Boomerangs: a burst of small frames played forward then backward, as an animated GIF
 * (giflib: one palette chosen from all frames, so colours do not flicker between them, and a
 * pixel that keeps its colour is left transparent over the last frame) and as an animated
 * WebP (libwebp's WebPAnimEncoder: full colour, smaller). Pure computation on images. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "image.h"

/* The frames of a boomerang from a burst of n: 0, 1 .. n-1, then n-2 .. 1 (2n - 2 in all; the
 * ends are not shown twice). Fills order (room for 2n - 2) and returns the count. */
int anim_boomerang_order(int n, int *order);

/* Encodes the frames (XRGB8888, all the same size) in `order` (count indexes into frames),
 * each shown frame_ms, looping forever. *out is malloc'd; the caller frees it. False if the
 * library fails. */
bool anim_encode_gif(struct image *const *frames, const int *order, int count, int frame_ms,
		     unsigned char **out, size_t *len);
bool anim_encode_webp(struct image *const *frames, const int *order, int count, int frame_ms,
		      int quality, unsigned char **out, size_t *len);

/* Whether a file name is a boomerang's (.gif or .webp). */
bool anim_is_named(const char *name);
/* Whether data is a whole GIF (up to its trailer) or WebP (as long as its RIFF header says),
 * and its size; false for anything cut short or else. */
bool anim_probe(const void *data, size_t len, int *width, int *height);
