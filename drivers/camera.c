#include "camera.h"

#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_MODULE "camera"
#include "log.h"

/* --- a camera mounted upside down whose backend turns nothing: stills are turned here, and
 * frames are marked for the screen to draw turned, with no copy per frame --- */

static void turned_frame(void *data, const struct frame *f)
{
	struct camera *cam = data;
	struct frame turned = *f;
	turned.upside_down = f->upside_down != !cam->rotates;
	cam->outer.frame(cam->outer.data, &turned);
}

static void turned_still(void *data, struct image *img)
{
	struct camera *cam = data;
	if (!cam->rotates) {
		image_rotate180(img);
	}
	cam->outer.still(cam->outer.data, img);
}

static void turned_error(void *data, const char *message)
{
	struct camera *cam = data;
	cam->outer.error(cam->outer.data, message);
}

struct camera *camera_create(const char *name, const struct camera_options *options,
			     const struct camera_listener *listener, bool allow_synthetic,
			     char *err, size_t errlen)
{
	const char *env = getenv("GATHERBOOTH_CAMERA");
	if (env && *env) {
		name = env;
	}
	if (!name || !*name) {
		name = "auto";
	}
	bool any = strcmp(name, "auto") == 0;
	struct camera *cam = NULL;
	char tried[512] = "";

	if (strcmp(name, "libcamera") != 0 && strcmp(name, "v4l2") != 0 &&
	    strcmp(name, "synthetic") != 0 && !any) {
		snprintf(err, errlen,
			 "unknown camera backend \"%s\" (auto, libcamera, v4l2, synthetic)", name);
		return NULL;
	}
	if (strcmp(name, "libcamera") == 0 || any) {
#if HAVE_LIBCAMERA
		cam = camera_libcamera_create(options, listener, tried, sizeof(tried));
#else
		snprintf(tried, sizeof(tried), "libcamera: not built into this gatherbooth");
#endif
		if (!cam && !any) {
			snprintf(err, errlen, "camera: %s", tried);
			return NULL;
		}
	}
#if HAVE_V4L2
	if (!cam && (strcmp(name, "v4l2") == 0 || any)) {
		char why[256] = "";
		cam = camera_v4l2_create(options->device, options, listener, why, sizeof(why));
		if (!cam) {
			size_t n = strlen(tried);
			snprintf(tried + n, sizeof(tried) - n, "%s%s", n ? "; " : "", why);
		}
	}
#else
	if (strcmp(name, "v4l2") == 0) {
		snprintf(err, errlen, "camera: V4L2 is not built into this gatherbooth");
		return NULL;
	}
#endif
	if (!cam && (strcmp(name, "synthetic") == 0 || (any && allow_synthetic))) {
		cam = camera_synthetic_create(options, listener);
	}
	if (!cam) {
		snprintf(err, errlen, "no camera found (%s)", tried[0] ? tried : name);
		return NULL;
	}
	cam->outer = *listener;
	if (options->rotation == 180) {
		/* set before start: no backend thread calls the listener yet */
		cam->listener = (struct camera_listener){.frame = turned_frame,
							 .still = turned_still,
							 .error = turned_error,
							 .data = cam};
	}
	LOG_INFO("using %s%s", cam->description, options->rotation == 180 ? ", turned 180" : "");
	return cam;
}

void camera_destroy(struct camera *cam)
{
	if (!cam) {
		return;
	}
	cam->impl->stop(cam);
	cam->impl->destroy(cam);
}

bool camera_start(struct camera *cam)
{
	return cam->impl->start(cam);
}

void camera_stop(struct camera *cam)
{
	cam->impl->stop(cam);
}

bool camera_capture(struct camera *cam)
{
	return cam->impl->capture(cam);
}

void camera_release_frame(struct camera *cam, int slot)
{
	cam->impl->release_frame(cam, slot);
}

void camera_advance(struct camera *cam, uint64_t now_ms)
{
	if (cam->impl->advance) {
		cam->impl->advance(cam, now_ms);
	}
}

void camera_wait_idle(struct camera *cam)
{
	if (cam->impl->wait_idle) {
		cam->impl->wait_idle(cam);
	}
}
