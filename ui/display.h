/* The window or screen: SDL video driver, renderer with vsync, and rotation through a render
 * target. Main thread only. */
#pragma once

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "image.h"

struct display {
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *target; /* logical picture when rotated; NULL at rotation 0 */
	int width, height;   /* logical: what the screens lay out in */
	int phys_width, phys_height;
	int rotation;
	bool fullscreen;
	/* the booth is the whole screen, so a request to close the window is refused: when
	 * fullscreen, or headless with fullscreen = yes (to test it) */
	bool kiosk;
	bool vsync;
	char driver[32];
	char renderer_name[32];
};

/* Opens the display. headless: SDL's dummy driver and the software renderer, no window shown.
 * Otherwise SDL's choice (KMSDRM on a Pi console, x11 or wayland on a desktop); fullscreen on
 * KMSDRM or when the config says so. NULL with `err` set on failure. Calls SDL_Init(VIDEO). */
/* How the screen is set up; the kiosk fills it from its config. */
struct display_options {
	int kms_device;         /* the DRM card for KMSDRM; -1 for SDL's choice */
	int rotation;           /* 0, 90, 180 or 270 */
	const char *fullscreen; /* "yes", "no" or "auto" (fullscreen on KMSDRM only) */
	int width, height;      /* a window's size; 0 for the display's or 800x480 */
};

struct display *display_create(const struct display_options *cfg, bool headless, char *err,
			       size_t errlen);
void display_destroy(struct display *d); /* accepts NULL; calls SDL_QuitSubSystem */

/* Directs drawing at the logical picture. Call before drawing a frame. */
void display_begin(struct display *d);
/* Puts the logical picture on the screen, turned if rotated, without presenting. */
void display_finish(struct display *d);
/* display_finish(), then presents (waiting for vsync where the driver has it). */
void display_present(struct display *d);
/* Reads the logical picture as last drawn (before present). Caller frees. */
struct image *display_read(struct display *d);
