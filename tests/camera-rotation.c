/* `[camera] rotation = 180`, for a camera mounted upside down, through a real backend:
 * camera-rotation BACKEND [STILL_WxH] takes a still at rotation 0 and another at 180 of the
 * same unchanging picture (the synthetic camera on a virtual clock; vivid's colour bars with
 * its text off; vimc's test pattern) and checks that the second is the first turned 180
 * degrees, pixel for pixel within a small tolerance, and that the preview frames say
 * upside_down exactly when the backend did not turn them itself. Run by the unit tests for the
 * synthetic camera, and in the test VM for V4L2 on vivid and libcamera on vimc. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "camera.h"
#include "check.h"
#include "image.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int frames, errors;
static bool last_upside_down;
static struct image *still;
static struct camera *cam;

static void on_frame(void *data, const struct frame *f)
{
	(void)data;
	pthread_mutex_lock(&lock);
	frames++;
	last_upside_down = f->upside_down;
	pthread_mutex_unlock(&lock);
	camera_release_frame(cam, f->slot);
}

static void on_still(void *data, struct image *img)
{
	(void)data;
	pthread_mutex_lock(&lock);
	image_destroy(still);
	still = img;
	pthread_mutex_unlock(&lock);
}

static void on_error(void *data, const char *message)
{
	(void)data;
	fprintf(stderr, "camera error: %s\n", message);
	pthread_mutex_lock(&lock);
	errors++;
	pthread_mutex_unlock(&lock);
}

/* Waits up to `secs` for the condition, advancing a virtual clock if the camera has one. */
static bool wait_until(bool (*done)(void), int secs, uint64_t *vnow)
{
	for (int i = 0; i < secs * 100; i++) {
		if (vnow) {
			*vnow += 40;
			camera_advance(cam, *vnow);
			camera_wait_idle(cam);
		}
		pthread_mutex_lock(&lock);
		bool ok = done() || errors;
		pthread_mutex_unlock(&lock);
		if (ok) {
			return !errors;
		}
		if (!vnow) {
			usleep(10000);
		}
	}
	return false;
}

static bool five_frames(void)
{
	return frames >= 5;
}

static bool have_still(void)
{
	return still != NULL;
}

/* One still at `rotation`; *upside_down says how the last preview frame came. */
static struct image *take(const char *backend, int rotation, int sw, int sh, bool *upside_down,
			  bool *rotates)
{
	bool virtual_clock = strcmp(backend, "synthetic") == 0;
	struct camera_options o = {.fps = 30,
				   .preview_width = 640,
				   .preview_height = 360,
				   .still_width = sw,
				   .still_height = sh,
				   .seed = 7,
				   .virtual_clock = virtual_clock,
				   .rotation = rotation};
	struct camera_listener l = {.frame = on_frame, .still = on_still, .error = on_error};
	char err[512];
	cam = camera_create(backend, &o, &l, false, err, sizeof(err));
	if (!cam) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	frames = 0;
	uint64_t vnow = 0;
	CHECK(camera_start(cam));
	CHECK(wait_until(five_frames, 60, virtual_clock ? &vnow : NULL));
	/* the synthetic picture moves: both stills at one virtual time, however many steps the
	 * five frames took to come in on a busy machine */
	while (virtual_clock && vnow < 2000) {
		vnow += 40;
		camera_advance(cam, vnow);
		camera_wait_idle(cam);
	}
	CHECK(camera_capture(cam));
	if (virtual_clock) {
		camera_wait_idle(
			cam); /* the still at this virtual time, before the clock moves on */
	}
	CHECK(wait_until(have_still, 60, virtual_clock ? &vnow : NULL));
	pthread_mutex_lock(&lock);
	struct image *img = still;
	still = NULL;
	*upside_down = last_upside_down;
	pthread_mutex_unlock(&lock);
	*rotates = cam->rotates;
	camera_destroy(cam);
	cam = NULL;
	if (!img) {
		exit(check_exit("camera-rotation"));
	}
	return img;
}

static int channel_gap(uint32_t a, uint32_t b)
{
	int worst = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		int d = (int)((a >> sh) & 0xff) - (int)((b >> sh) & 0xff);
		d = d < 0 ? -d : d;
		worst = d > worst ? d : worst;
	}
	return worst;
}

/* Pixels of a and b further apart than `tol` in some channel, in thousandths. Either may be a
 * YUV still. */
static int differing(const struct image *a, const struct image *b, int tol)
{
	long n = 0;
	uint32_t *la = malloc(sizeof(uint32_t) * (size_t)a->width);
	uint32_t *lb = malloc(sizeof(uint32_t) * (size_t)b->width);
	for (int y = 0; y < a->height; y++) {
		const uint32_t *ra = image_row_xrgb(a, y, la), *rb = image_row_xrgb(b, y, lb);
		for (int x = 0; x < a->width; x++) {
			n += channel_gap(ra[x], rb[x]) > tol;
		}
	}
	free(la);
	free(lb);
	return (int)(n * 1000 / ((long)a->width * a->height));
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: camera-rotation BACKEND [STILL_WxH]\n");
		return 2;
	}
	int sw = 640, sh = 360;
	if (argc > 2 && sscanf(argv[2], "%dx%d", &sw, &sh) != 2) {
		return 2;
	}
	unsetenv("GATHERBOOTH_CAMERA");
	bool down0, down180, rotates0, rotates180;
	struct image *upright = take(argv[1], 0, sw, sh, &down0, &rotates0);
	struct image *turned = take(argv[1], 180, sw, sh, &down180, &rotates180);
	CHECK_INT(turned->width, upright->width);
	CHECK_INT(turned->height, upright->height);
	int before = differing(upright, turned, 24);
	image_rotate180(turned);
	int after = differing(upright, turned, 24);
	printf("%s, %dx%d stills: %d.%d%% of pixels differ between rotation 0 and 180; "
	       "%d.%d%% once the second is turned back (%s)\n",
	       argv[1], upright->width, upright->height, before / 10, before % 10, after / 10,
	       after % 10, rotates180 ? "turned by the camera" : "turned by gatherbooth");
	CHECK(before >= 50); /* the picture is no mirror of itself: the test can see a turn */
	CHECK(after <= 5);
	/* frames: upright at 0; at 180 marked for the screen unless the camera turned them */
	CHECK(!down0);
	CHECK(down180 == !rotates180);
	CHECK(!rotates0);
	image_destroy(upright);
	image_destroy(turned);
	return check_exit("camera-rotation");
}
