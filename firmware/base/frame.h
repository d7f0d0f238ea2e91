/* A picture lent in a camera's own pixel layout: what the camera driver hands over and what the
 * screen uploads to a streaming texture without converting it. Plain data; the pixels belong
 * to whoever lent the frame (for a camera, until camera_release_frame() with .slot). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum frame_format {
	FRAME_FORMAT_XRGB8888, /* one plane, 4 bytes a pixel: SDL_PIXELFORMAT_RGB888 */
	FRAME_FORMAT_YUV420,   /* three planes Y, U, V: SDL_PIXELFORMAT_IYUV */
	FRAME_FORMAT_NV12,     /* Y plane + interleaved UV: SDL_PIXELFORMAT_NV12 */
	FRAME_FORMAT_YUYV,     /* one plane, packed 4:2:2: SDL_PIXELFORMAT_YUY2 */
};

struct frame {
	int slot; /* the lender's, to give the frame back by */
	enum frame_format format;
	int width, height;
	int planes;
	const uint8_t *data[3];
	int stride[3]; /* bytes per line of each plane */
	uint64_t sequence;
	uint64_t timestamp_ms;
	/* The picture is turned 180 degrees (a camera mounted upside down that turns no pixels
	 * itself): whoever draws it turns it back. */
	bool upside_down;
};
