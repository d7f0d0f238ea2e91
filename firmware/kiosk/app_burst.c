/* A boomerang's burst: after the countdown, preview frames are kept at even steps of the booth's
 * clock, each scaled down to the layout's frame size as it passes on its way to the screen (the
 * lease goes back at once, as for any frame); the middle one is also kept at the preview's full
 * size for the printed card. When the burst is complete the core hears of it as of a still. */
#include <stdlib.h>
#include <string.h>

#include "app-private.h"
#include "photo.h"
#include "pixels.h"
#include "xalloc.h"

#define LOG_MODULE "app"
#include "log.h"

bool app_burst_start(struct app *a)
{
	const struct layout *l = a->session_layout;
	if (!a->camera || !layout_is_boomerang(l)) {
		return false;
	}
	int n = l->boomerang_frames < SHOTSET_FRAMES ? l->boomerang_frames : SHOTSET_FRAMES;
	a->burst = (struct burst){
		.active = true,
		.wanted = n,
		.interval_ms = l->burst_ms / n > 0 ? l->burst_ms / n : 1,
		.next_at = app_now_ms(a),
		.scratch = a->burst.scratch,
	};
	a->shots->frame_ms = a->burst.interval_ms;
	LOG_INFO("boomerang: %d frames over %d ms", n, l->burst_ms);
	return true;
}

/* The frame as XRGB8888: itself when it is, else converted into the scratch image. */
static const struct image *as_xrgb(struct app *a, const struct frame *f, struct image *wrap)
{
	if (f->format == FRAME_FORMAT_XRGB8888) {
		*wrap = (struct image){.width = f->width,
				       .height = f->height,
				       .stride = f->stride[0] / 4,
				       .pixels = (uint32_t *)f->data[0]};
		return wrap;
	}
	struct image *s = a->burst.scratch;
	if (!s || s->width != f->width || s->height != f->height) {
		image_destroy(s);
		s = a->burst.scratch = image_create(f->width, f->height);
	}
	if (f->format == FRAME_FORMAT_YUV420) {
		pixels_yuv420_to_xrgb(f->data, f->stride, f->width, f->height, s);
	} else if (f->format == FRAME_FORMAT_YUYV) {
		pixels_yuyv_to_xrgb(f->data[0], f->width, f->height, f->stride[0], s);
	} else { /* NV12: the chroma interleaved, split into planes a line at a time */
		int cw = (f->width + 1) / 2;
		uint8_t *u = xmalloc((size_t)cw), *v = xmalloc((size_t)cw);
		for (int y = 0; y < f->height; y++) {
			const uint8_t *uv = f->data[1] + (size_t)(y / 2) * f->stride[1];
			for (int x = 0; x < cw; x++) {
				u[x] = uv[2 * x];
				v[x] = uv[2 * x + 1];
			}
			const uint8_t *planes[3] = {f->data[0] + (size_t)y * f->stride[0], u, v};
			int strides[3] = {f->stride[0], 0, 0};
			struct image row = {.width = f->width,
					    .height = 1,
					    .stride = s->stride,
					    .pixels = s->pixels + (size_t)y * s->stride};
			pixels_yuv420_to_xrgb(planes, strides, f->width, 1, &row);
		}
		free(u);
		free(v);
	}
	return s;
}

void app_burst_frame(struct app *a, const struct frame *f)
{
	struct burst *b = &a->burst;
	struct shotset *set = a->shots;
	uint64_t now = app_now_ms(a);
	if (!b->active || now < b->next_at || set->frame_count >= b->wanted) {
		return;
	}
	struct image wrap;
	const struct image *full = as_xrgb(a, f, &wrap);
	int size = a->session_layout->frame_size;
	int w = full->width >= full->height ? size : size * full->width / full->height;
	int h = full->width >= full->height ? size * full->height / full->width : size;
	struct image *small = image_create(w > 1 ? w : 1, h > 1 ? h : 1);
	photo_scale_into(small, 0, 0, small->width, small->height, full);
	/* the preview is drawn mirrored, but a photo is kept as the camera sees: so are these */
	if (f->upside_down) {
		image_rotate180(small);
	}
	set->frames[set->frame_count++] = small;
	if (set->frame_count == (b->wanted + 1) / 2 && set->count == 0) {
		struct image *card = image_copy(full);
		if (f->upside_down) {
			image_rotate180(card);
		}
		set->shots[set->count++] = card;
	}
	b->next_at += (uint64_t)b->interval_ms;
	if (b->next_at < now) {
		b->next_at = now; /* frames came late: never several from one */
	}
	if (set->frame_count == b->wanted) {
		b->active = false;
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_STILL_READY});
	}
}

void app_burst_stop(struct app *a)
{
	a->burst.active = false;
}

void app_burst_free(struct app *a)
{
	image_destroy(a->burst.scratch);
	a->burst.scratch = NULL;
}
