/* A camera backend against a kernel's simulated camera, inside the test VM (scripts/hw-test):
 * V4L2 on vivid, libcamera on vimc. hw-camera BACKEND UNBIND_DIR DEVICE_NAME [STILL_WxH]:
 * streams the preview and checks its frames, takes a still, and then, mid-stream, removes the
 * driver's module (rmmod) or, where the kernel refuses that, unbinds DEVICE_NAME from the driver
 * at UNBIND_DIR, as an unplug does: the camera must report itself lost, with no crash. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../check.h"
#include "camera.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int frames, varied, wrong_size, stills, errors;
static int still_w, still_h;
static bool still_varied;
static char error_text[256];
static struct camera *cam;
static int want_w, want_h;
/* one frame kept, as the screen keeps a frame until it is uploaded */
static bool hold;
static int holding;
static struct frame held;

static bool varies(const uint8_t *p, int w, int h, int stride, int bpp)
{
	uint8_t lo = 255, hi = 0;
	for (int y = 0; y < h; y += 7) {
		for (int x = 0; x < w * bpp; x += 13) {
			uint8_t v = p[(size_t)y * (size_t)stride + (size_t)x];
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
	}
	return hi - lo > 16;
}

static void on_frame(void *data, const struct frame *f)
{
	(void)data;
	int bpp = f->format == FRAME_FORMAT_XRGB8888 ? 4 : f->format == FRAME_FORMAT_YUYV ? 2 : 1;
	/* a camera may round the size it is asked for (vimc gives 636 for 640) */
	bool ok_size = abs(f->width - want_w) <= 16 && abs(f->height - want_h) <= 16 &&
		       f->stride[0] >= f->width * bpp;
	bool v = varies(f->data[0], f->width, f->height, f->stride[0], bpp);
	pthread_mutex_lock(&lock);
	frames++;
	varied += v;
	wrong_size += !ok_size;
	if (!ok_size && wrong_size == 1) {
		fprintf(stderr, "frame %dx%d stride %d, expected %dx%d\n", f->width, f->height,
			f->stride[0], want_w, want_h);
	}
	bool keep = hold && !holding;
	if (keep) {
		held = *f;
		holding = true;
	}
	pthread_mutex_unlock(&lock);
	if (!keep) {
		camera_release_frame(cam, f->slot);
	}
}

static void on_still(void *data, struct image *img)
{
	(void)data;
	/* a still may come as XRGB8888 or, kept as the camera gave it, as YUV 4:2:0: its luma */
	bool v = img->format == IMAGE_YUV420
			 ? varies(img->planes[0], img->width, img->height, img->pitch[0], 1)
			 : varies((const uint8_t *)img->pixels, img->width, img->height,
				  img->stride * 4, 4);
	pthread_mutex_lock(&lock);
	stills++;
	still_w = img->width;
	still_h = img->height;
	still_varied = v;
	pthread_mutex_unlock(&lock);
	image_destroy(img);
}

static void on_error(void *data, const char *message)
{
	(void)data;
	pthread_mutex_lock(&lock);
	errors++;
	snprintf(error_text, sizeof(error_text), "%s", message);
	pthread_mutex_unlock(&lock);
}

static int get(int *v)
{
	pthread_mutex_lock(&lock);
	int r = *v;
	pthread_mutex_unlock(&lock);
	return r;
}

static bool wait_for(int *v, int n, int seconds)
{
	for (int i = 0; i < seconds * 100; i++) {
		if (get(v) >= n) {
			return true;
		}
		usleep(10000);
	}
	return false;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: hw-camera BACKEND UNBIND_DIR DEVICE_NAME [STILL_WxH]\n");
		return 2;
	}
	int sw = 1280, sh = 720;
	if (argc > 4 && sscanf(argv[4], "%dx%d", &sw, &sh) != 2) {
		return 2;
	}
	want_w = 640, want_h = 360;
	struct camera_options o = {
		.fps = 30,
		.preview_width = want_w,
		.preview_height = want_h,
		.still_width = sw,
		.still_height = sh,
	};
	struct camera_listener l = {.frame = on_frame, .still = on_still, .error = on_error};
	char err[512];
	unsetenv("GATHERBOOTH_CAMERA");
	if (strcmp(argv[1], "missing") == 0) {
		/* no device at all: NULL, and a message that says so */
		cam = camera_create("v4l2", &o, &l, false, err, sizeof(err));
		CHECK(cam == NULL);
		printf("no device: \"%s\"\n", err);
		CHECK(strstr(err, "no video capture device") != NULL);
		return check_exit("hw-camera");
	}
	cam = camera_create(argv[1], &o, &l, false, err, sizeof(err));
	if (!cam) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("camera: %s\n", cam->description);
	CHECK(camera_start(cam));

	/* the viewfinder: frames of the asked size whose content is a picture, not a fill */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(wait_for(&frames, 20, 60));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("viewfinder: %d frames in %.1f s\n", get(&frames), s);
	CHECK_INT(get(&wrong_size), 0);
	CHECK(get(&varied) > 0);

	/* a still asked for while a frame is still lent to the screen: the camera waits for it
	 * (3 s here, longer than any frame takes) before its buffers go, and its pixels stay
	 * readable meanwhile */
	pthread_mutex_lock(&lock);
	hold = true;
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < 3000 && !get(&holding); i++) {
		usleep(10000);
	}
	CHECK(holding);
	CHECK(camera_capture(cam));
	sleep(3);
	CHECK_INT(get(&stills), 0);
	int bpp = held.format == FRAME_FORMAT_XRGB8888 ? 4
		  : held.format == FRAME_FORMAT_YUYV   ? 2
						       : 1;
	CHECK(varies(held.data[0], held.width, held.height, held.stride[0], bpp));
	printf("a still asked for with a frame lent: %d taken in the 3 s it was lent\n",
	       get(&stills));
	camera_release_frame(cam, held.slot);

	/* then the still, at the size it says */
	CHECK(wait_for(&stills, 1, 60));
	printf("still: %dx%d\n", still_w, still_h);
	CHECK(still_w == sw && still_h == sh);
	CHECK(still_varied);
	CHECK_INT(get(&errors), 0);

	/* unplugged mid-stream: rmmod first; the kernel refuses it while the camera is open, and
	 * then the device is unbound from its driver, which is what an unplug does */
	const char *module = strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2];
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rmmod %s 2>&1", module);
	int rc = system(cmd);
	if (rc == 0) {
		printf("rmmod %s mid-stream: removed\n", module);
	} else {
		printf("rmmod %s mid-stream: refused (status %d); unbinding %s instead\n", module,
		       rc, argv[3]);
		char path[512];
		snprintf(path, sizeof(path), "%s/unbind", argv[2]);
		FILE *f = fopen(path, "w");
		CHECK(f && fputs(argv[3], f) >= 0 && fclose(f) == 0);
	}
	CHECK(wait_for(&errors, 1, 30));
	printf("after the unplug: \"%s\"\n", error_text);
	camera_destroy(cam);
	return check_exit("hw-camera");
}
