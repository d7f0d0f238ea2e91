/* Cameras behind one vtable. A backend embeds struct camera first and fills in an impl.
 *
 * Threads: each backend owns a thread (or the library's) that calls the listener. Listener
 * calls must only hand things on (SDL_PushEvent) and return; they never touch UI or booth
 * state. All other functions are called from the main thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "image.h"

/* Preview frames are struct frame (frame.h), lent to the listener. The pixels stay valid until
 * camera_release_frame() is called with .slot; a backend with no free slot drops frames rather
 * than waiting. */

struct camera_listener {
	void (*frame)(void *data, const struct frame *frame);
	/* A still asked for with camera_capture(); ownership of img passes to the callee. */
	void (*still)(void *data, struct image *img);
	/* The camera failed or was lost; message is for people and valid during the call. */
	void (*error)(void *data, const char *message);
	void *data;
};

struct camera_options {
	int fps;
	int preview_width, preview_height;
	int still_width, still_height;
	uint32_t seed;
	/* Scripted runs: frames come only when camera_advance() says time has passed, so that
	 * a script gives the same frames on any machine. Only the synthetic camera has it. */
	bool virtual_clock;
	const char *device; /* V4L2: the device to use; NULL for the first */
	int rotation;       /* 0 or 180, for a camera mounted upside down */
};

struct camera;

struct camera_impl {
	const char *name;
	bool (*start)(struct camera *cam);
	void (*stop)(struct camera *cam);
	bool (*capture)(struct camera *cam);
	void (*release_frame)(struct camera *cam, int slot);
	void (*advance)(struct camera *cam, uint64_t now_ms); /* may be NULL */
	void (*wait_idle)(struct camera *cam);                /* may be NULL */
	void (*destroy)(struct camera *cam);
};

struct camera {
	const struct camera_impl *impl;
	struct camera_listener listener;
	struct camera_options options;
	char description[160]; /* backend, mode and size, for the log and `gatherbooth check` */
	/* The backend turns the picture by options.rotation itself (libcamera, where the
	 * sensor or ISP can; set when it configures, before it streams). Where it does not,
	 * camera_create() turns stills and marks frames upside_down, standing between the
	 * backend and `outer`, the caller's listener. */
	bool rotates;
	struct camera_listener outer;
};

/* Picks a backend: `name` (config), overridden by the GATHERBOOTH_CAMERA environment variable,
 * is one of auto, libcamera, v4l2 or synthetic. `auto` tries the hardware backends compiled in,
 * then the synthetic one only if allow_synthetic (the demo). NULL with `err` set when none
 * works; the booth then runs check-in only. Free with camera_destroy(). */
struct camera *camera_create(const char *name, const struct camera_options *options,
			     const struct camera_listener *listener, bool allow_synthetic,
			     char *err, size_t errlen);
void camera_destroy(struct camera *cam); /* accepts NULL; stops first */

bool camera_start(struct camera *cam);
void camera_stop(struct camera *cam);
/* Asks for one full-resolution still; the listener's still() or error() follows. */
bool camera_capture(struct camera *cam);
void camera_release_frame(struct camera *cam, int slot);
/* Virtual clock: produce what is due at now_ms. No-op for real-time backends. */
void camera_advance(struct camera *cam, uint64_t now_ms);
/* Virtual clock: returns once everything asked for has been handed to the listener. */
void camera_wait_idle(struct camera *cam);

/* Backend constructors, for camera.c and tests. */
struct camera *camera_synthetic_create(const struct camera_options *options,
				       const struct camera_listener *listener);
/* The first camera libcamera finds. */
struct camera *camera_libcamera_create(const struct camera_options *options,
				       const struct camera_listener *listener, char *err,
				       size_t errlen);
/* device: a /dev/video path, or NULL or "" for the first capture device. */
struct camera *camera_v4l2_create(const char *device, const struct camera_options *options,
				  const struct camera_listener *listener, char *err, size_t errlen);
