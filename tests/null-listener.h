/* A camera listener that ignores everything, for tests that only open and fail to open
 * cameras. */
#pragma once

#include "camera.h"

static void null_frame(void *d, const struct frame *f)
{
	(void)d, (void)f;
}

static void null_still(void *d, struct image *i)
{
	(void)d;
	image_destroy(i);
}

static void null_error(void *d, const char *m)
{
	(void)d, (void)m;
}

static const struct camera_listener null_listener = {
	.frame = null_frame,
	.still = null_still,
	.error = null_error,
};
