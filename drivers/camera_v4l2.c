/* USB webcams through V4L2: mmap streaming, YUYV (shown as SDL's YUY2 texture, no conversion)
 * or MJPEG (decoded with libjpeg-turbo), stills at the largest size the camera offers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "camera.h"
#include "pixels.h"
#include "xalloc.h"

#define BUFFERS 4

struct mapped {
	void *data;
	size_t len;
};

struct v4l2 {
	struct camera base;
	char path[64];
	int fd;
	uint32_t fourcc; /* V4L2_PIX_FMT_YUYV or V4L2_PIX_FMT_MJPEG */
	int width, height, stride;
	int still_w, still_h;
	struct mapped buf[BUFFERS];
	int nbuf;
	struct image *decoded[BUFFERS]; /* MJPEG: the frame lent out, per slot */
	bool lent[BUFFERS];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t returned; /* a lent frame came back, or the camera is stopping */
	int stop_pipe[2];
	bool running, stopping;
	int stills_wanted;
};

static int xioctl(int fd, unsigned long req, void *arg)
{
	int rc;
	do {
		rc = ioctl(fd, req, arg);
	} while (rc < 0 && errno == EINTR);
	return rc;
}

static const char *fourcc_name(uint32_t f, char out[5])
{
	for (int i = 0; i < 4; i++) {
		out[i] = (char)((f >> (8 * i)) & 0xff);
	}
	out[4] = '\0';
	return out;
}

/* Opens path if it is a streaming capture device; else -1 with err set. */
static int open_capture(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct v4l2_capability cap = {0};
	if (xioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) {
		snprintf(err, errlen, "%s: not a V4L2 device", path);
		close(fd);
		return -1;
	}
	uint32_t caps =
		(cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
	if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING)) {
		snprintf(err, errlen, "%s: not a streaming capture device", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* The format to use: YUYV, else MJPEG when it can be decoded. */
static bool choose_format(struct v4l2 *v, char *err, size_t errlen)
{
	bool yuyv = false, mjpeg = false;
	char seen[256] = "";
	struct v4l2_fmtdesc d = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE};
	for (d.index = 0; xioctl(v->fd, VIDIOC_ENUM_FMT, &d) == 0; d.index++) {
		char name[5];
		size_t n = strlen(seen);
		snprintf(seen + n, sizeof(seen) - n, "%s%s", n ? ", " : "",
			 fourcc_name(d.pixelformat, name));
		yuyv = yuyv || d.pixelformat == V4L2_PIX_FMT_YUYV;
		mjpeg = mjpeg || d.pixelformat == V4L2_PIX_FMT_MJPEG;
	}
	if (yuyv) {
		v->fourcc = V4L2_PIX_FMT_YUYV;
	} else if (mjpeg && pixels_have_jpeg()) {
		v->fourcc = V4L2_PIX_FMT_MJPEG;
	} else {
		snprintf(err, errlen, "%s: unsupported formats (%s); gatherbooth takes YUYV%s",
			 v->path, seen[0] ? seen : "none", pixels_have_jpeg() ? " or MJPEG" : "");
		return false;
	}
	return true;
}

/* The frame size nearest the wish (largest if want_w is 0), from the camera's list. */
static void choose_size(struct v4l2 *v, int want_w, int want_h, int *w, int *h)
{
	struct v4l2_frmsizeenum s = {.pixel_format = v->fourcc};
	long best = -1;
	*w = want_w ? want_w : 640;
	*h = want_h ? want_h : 480;
	for (s.index = 0; xioctl(v->fd, VIDIOC_ENUM_FRAMESIZES, &s) == 0; s.index++) {
		int sw, sh;
		if (s.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
			sw = (int)s.discrete.width;
			sh = (int)s.discrete.height;
		} else {
			sw = (int)s.stepwise.max_width;
			sh = (int)s.stepwise.max_height;
		}
		long score = want_w ? -labs((long)sw * sh - (long)want_w * want_h) : (long)sw * sh;
		if (best == -1 || score > best) {
			best = score;
			*w = sw;
			*h = sh;
		}
		if (s.type != V4L2_FRMSIZE_TYPE_DISCRETE) {
			break;
		}
	}
}

static void unmap(struct v4l2 *v)
{
	for (int i = 0; i < v->nbuf; i++) {
		munmap(v->buf[i].data, v->buf[i].len);
	}
	v->nbuf = 0;
	struct v4l2_requestbuffers req = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					  .memory = V4L2_MEMORY_MMAP};
	xioctl(v->fd, VIDIOC_REQBUFS, &req);
}

static bool stream(struct v4l2 *v, int w, int h)
{
	struct v4l2_format f = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE};
	f.fmt.pix.width = (unsigned)w;
	f.fmt.pix.height = (unsigned)h;
	f.fmt.pix.pixelformat = v->fourcc;
	f.fmt.pix.field = V4L2_FIELD_NONE;
	if (xioctl(v->fd, VIDIOC_S_FMT, &f) != 0) {
		return false;
	}
	v->width = (int)f.fmt.pix.width;
	v->height = (int)f.fmt.pix.height;
	v->stride = (int)f.fmt.pix.bytesperline ? (int)f.fmt.pix.bytesperline : v->width * 2;
	struct v4l2_requestbuffers req = {
		.count = BUFFERS, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP};
	if (xioctl(v->fd, VIDIOC_REQBUFS, &req) != 0 || req.count < 2) {
		return false;
	}
	for (unsigned i = 0; i < req.count && i < BUFFERS; i++) {
		struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					.memory = V4L2_MEMORY_MMAP,
					.index = i};
		if (xioctl(v->fd, VIDIOC_QUERYBUF, &b) != 0) {
			unmap(v);
			return false;
		}
		v->buf[i].len = b.length;
		v->buf[i].data =
			mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, b.m.offset);
		if (v->buf[i].data == MAP_FAILED) {
			unmap(v);
			return false;
		}
		v->nbuf++;
		xioctl(v->fd, VIDIOC_QBUF, &b);
	}
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	return xioctl(v->fd, VIDIOC_STREAMON, &type) == 0;
}

static void unstream(struct v4l2 *v)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	xioctl(v->fd, VIDIOC_STREAMOFF, &type);
	unmap(v);
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Waits for one filled buffer; index, or -1 (lost, stopped). */
static int dequeue(struct v4l2 *v, struct v4l2_buffer *b, int timeout_ms)
{
	struct pollfd fds[2] = {{.fd = v->fd, .events = POLLIN},
				{.fd = v->stop_pipe[0], .events = POLLIN}};
	for (;;) {
		int rc = poll(fds, 2, timeout_ms);
		if (rc < 0 && errno == EINTR) {
			continue;
		}
		if (rc <= 0 || fds[1].revents || (fds[0].revents & (POLLERR | POLLHUP))) {
			return rc == 0 ? -2 : -1;
		}
		*b = (struct v4l2_buffer){.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					  .memory = V4L2_MEMORY_MMAP};
		if (xioctl(v->fd, VIDIOC_DQBUF, b) == 0) {
			return (int)b->index;
		}
		if (errno != EAGAIN) {
			return -1;
		}
	}
}

static struct image *to_image(struct v4l2 *v, const struct v4l2_buffer *b)
{
	const uint8_t *data = v->buf[b->index].data;
	if (v->fourcc == V4L2_PIX_FMT_MJPEG) {
		return pixels_decode_jpeg(data, b->bytesused);
	}
	/* a still: YUV 4:2:0 for the JPEG encoder, 1.5 bytes a pixel */
	struct image *img = image_create_yuv420(v->width, v->height);
	pixels_yuyv_to_yuv420(data, v->width, v->height, v->stride, img);
	return img;
}

/* A still at the largest size, then back to the preview. */
static bool take_still(struct v4l2 *v)
{
	int pw = v->width, ph = v->height;
	unstream(v);
	bool ok = stream(v, v->still_w, v->still_h);
	struct image *img = NULL;
	/* the first frames after a restart are often dark while exposure settles */
	for (int i = 0; ok && i < 4 && !img; i++) {
		struct v4l2_buffer b;
		int idx = dequeue(v, &b, 3000);
		if (idx < 0) {
			ok = false;
			break;
		}
		if (i == 3 || v->fourcc == V4L2_PIX_FMT_YUYV) {
			img = i >= 2 ? to_image(v, &b) : NULL;
		}
		xioctl(v->fd, VIDIOC_QBUF, &b);
	}
	unstream(v);
	bool back = stream(v, pw, ph);
	if (img) {
		v->base.listener.still(v->base.listener.data, img);
	}
	return ok && img && back;
}

/* Before the buffers are unmapped for a still, every preview frame lent to the screen comes
 * back (the screen uploads and returns each within a frame); false if stopping meanwhile. */
static bool wait_for_lent(struct v4l2 *v)
{
	pthread_mutex_lock(&v->lock);
	for (;;) {
		bool any = false;
		for (int i = 0; i < BUFFERS; i++) {
			any = any || v->lent[i];
		}
		if (!any || v->stopping) {
			break;
		}
		pthread_cond_wait(&v->returned, &v->lock);
	}
	bool stopping = v->stopping;
	pthread_mutex_unlock(&v->lock);
	return !stopping;
}

static void *thread_main(void *arg)
{
	struct v4l2 *v = arg;
	for (;;) {
		pthread_mutex_lock(&v->lock);
		bool stopping = v->stopping, still = v->stills_wanted > 0;
		if (still) {
			v->stills_wanted--;
		}
		pthread_mutex_unlock(&v->lock);
		if (stopping || (still && !wait_for_lent(v))) {
			break;
		}
		if (still && !take_still(v)) {
			v->base.listener.error(v->base.listener.data,
					       "Camera unavailable: check-in still works.");
			break;
		}
		struct v4l2_buffer b;
		int idx = dequeue(v, &b, 2000);
		if (idx == -2) {
			continue; /* no frame for a while: look at the still queue again */
		}
		if (idx < 0) {
			pthread_mutex_lock(&v->lock);
			stopping = v->stopping;
			pthread_mutex_unlock(&v->lock);
			if (!stopping) {
				v->base.listener.error(
					v->base.listener.data,
					"The camera was unplugged: check-in still works.");
			}
			break;
		}
		struct frame f = {
			.slot = idx, .planes = 1, .sequence = b.sequence, .timestamp_ms = now_ms()};
		pthread_mutex_lock(&v->lock);
		bool busy = v->lent[idx];
		v->lent[idx] = !busy;
		pthread_mutex_unlock(&v->lock);
		if (busy) {
			xioctl(v->fd, VIDIOC_QBUF, &b);
			continue;
		}
		if (v->fourcc == V4L2_PIX_FMT_MJPEG) {
			image_destroy(v->decoded[idx]);
			v->decoded[idx] = pixels_decode_jpeg(v->buf[idx].data, b.bytesused);
			xioctl(v->fd, VIDIOC_QBUF, &b); /* decoded: the buffer can go back now */
			if (!v->decoded[idx]) {
				pthread_mutex_lock(&v->lock);
				v->lent[idx] = false;
				pthread_mutex_unlock(&v->lock);
				continue; /* a corrupt frame: skip it */
			}
			f.format = FRAME_FORMAT_XRGB8888;
			f.width = v->decoded[idx]->width;
			f.height = v->decoded[idx]->height;
			f.data[0] = (const uint8_t *)v->decoded[idx]->pixels;
			f.stride[0] = v->decoded[idx]->stride * 4;
		} else {
			f.format = FRAME_FORMAT_YUYV;
			f.width = v->width;
			f.height = v->height;
			f.data[0] = v->buf[idx].data;
			f.stride[0] = v->stride;
		}
		v->base.listener.frame(v->base.listener.data, &f);
	}
	return NULL;
}

static bool v_start(struct camera *cam)
{
	struct v4l2 *v = (struct v4l2 *)cam;
	if (v->running) {
		return true;
	}
	if (!stream(v, v->width, v->height) || pipe2(v->stop_pipe, O_CLOEXEC) != 0) {
		return false;
	}
	v->stopping = false;
	if (pthread_create(&v->thread, NULL, thread_main, v) != 0) {
		return false;
	}
	v->running = true;
	return true;
}

static void v_stop(struct camera *cam)
{
	struct v4l2 *v = (struct v4l2 *)cam;
	if (!v->running) {
		return;
	}
	pthread_mutex_lock(&v->lock);
	v->stopping = true;
	pthread_cond_broadcast(&v->returned);
	pthread_mutex_unlock(&v->lock);
	char c = 1;
	if (write(v->stop_pipe[1], &c, 1) != 1) {
		/* the thread also ends on its next frame */
	}
	pthread_join(v->thread, NULL);
	close(v->stop_pipe[0]);
	close(v->stop_pipe[1]);
	unstream(v);
	v->running = false;
}

static bool v_capture(struct camera *cam)
{
	struct v4l2 *v = (struct v4l2 *)cam;
	pthread_mutex_lock(&v->lock);
	v->stills_wanted++;
	pthread_mutex_unlock(&v->lock);
	return true;
}

static void v_release(struct camera *cam, int slot)
{
	struct v4l2 *v = (struct v4l2 *)cam;
	if (slot < 0 || slot >= BUFFERS) {
		return;
	}
	pthread_mutex_lock(&v->lock);
	bool was = v->lent[slot];
	v->lent[slot] = false;
	pthread_cond_broadcast(&v->returned);
	pthread_mutex_unlock(&v->lock);
	if (was && v->fourcc == V4L2_PIX_FMT_YUYV && v->running) {
		struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					.memory = V4L2_MEMORY_MMAP,
					.index = (unsigned)slot};
		xioctl(v->fd, VIDIOC_QBUF, &b);
	}
}

static void v_destroy(struct camera *cam)
{
	struct v4l2 *v = (struct v4l2 *)cam;
	for (int i = 0; i < BUFFERS; i++) {
		image_destroy(v->decoded[i]);
	}
	close(v->fd);
	pthread_mutex_destroy(&v->lock);
	pthread_cond_destroy(&v->returned);
	free(v);
}

static const struct camera_impl v4l2_impl = {
	.name = "v4l2",
	.start = v_start,
	.stop = v_stop,
	.capture = v_capture,
	.release_frame = v_release,
	.destroy = v_destroy,
};

struct camera *camera_v4l2_create(const char *device, const struct camera_options *options,
				  const struct camera_listener *listener, char *err, size_t errlen)
{
	char path[64] = "";
	int fd = -1;
	if (device && *device) {
		snprintf(path, sizeof(path), "%s", device);
		fd = open_capture(path, err, errlen);
	} else {
		for (int i = 0; i < 64 && fd < 0; i++) {
			snprintf(path, sizeof(path), "/dev/video%d", i);
			struct stat sb;
			if (stat(path, &sb) != 0) {
				continue;
			}
			fd = open_capture(path, err, errlen);
		}
		if (fd < 0 && !err[0]) {
			snprintf(err, errlen, "V4L2: no video capture device (/dev/video*)");
		}
	}
	if (fd < 0) {
		return NULL;
	}
	struct v4l2 *v = xcalloc(1, sizeof(*v));
	v->fd = fd;
	snprintf(v->path, sizeof(v->path), "%s", path);
	v->base.impl = &v4l2_impl;
	v->base.listener = *listener;
	v->base.options = *options;
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->returned, NULL);
	if (!choose_format(v, err, errlen)) {
		v_destroy(&v->base);
		return NULL;
	}
	choose_size(v, options->preview_width, options->preview_height, &v->width, &v->height);
	choose_size(v, 0, 0, &v->still_w, &v->still_h);
	char name[5];
	snprintf(v->base.description, sizeof(v->base.description),
		 "V4L2 %s, preview %dx%d %s, stills %dx%d", path, v->width, v->height,
		 fourcc_name(v->fourcc, name), v->still_w, v->still_h);
	return &v->base;
}
