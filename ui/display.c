#include "display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transform.h"

#define LOG_MODULE "display"
#include "log.h"

/* SDL's hints, before its video starts. */
static void set_hints(const struct display_options *cfg, bool headless)
{
	if (headless) {
		SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
		SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	}
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
	if (cfg->kms_device >= 0) {
		/* boards with several DRM cards: SDL's KMSDRM driver reads this */
		char index[8];
		snprintf(index, sizeof(index), "%d", cfg->kms_device);
		setenv("SDL_KMSDRM_DEVICE_INDEX", index, 1);
	}
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
}

/* Fullscreen or a window, and its size. */
static bool open_window(struct display *d, const struct display_options *cfg, bool headless,
			char *err, size_t errlen)
{
	bool kms = strcmp(d->driver, "KMSDRM") == 0;
	d->fullscreen = !headless && (kms || strcmp(cfg->fullscreen, "yes") == 0) &&
			strcmp(cfg->fullscreen, "no") != 0;
	d->kiosk = d->fullscreen || (headless && strcmp(cfg->fullscreen, "yes") == 0);
	int w = cfg->width, h = cfg->height;
	if (w == 0 || h == 0) {
		SDL_DisplayMode mode;
		if (d->fullscreen && SDL_GetDesktopDisplayMode(0, &mode) == 0) {
			w = mode.w;
			h = mode.h;
		} else {
			w = 800;
			h = 480;
		}
	}
	Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
	flags |= d->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0;
	flags |= headless ? SDL_WINDOW_HIDDEN : SDL_WINDOW_SHOWN;
	d->window = SDL_CreateWindow("gatherbooth", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
				     w, h, flags);
	if (!d->window) {
		snprintf(err, errlen, "display: cannot open a %dx%d window on %s: %s", w, h,
			 d->driver, SDL_GetError());
		return false;
	}
	return true;
}

/* A renderer with vsync where there is one, else software; and the rotation buffer. */
static bool open_renderer(struct display *d, bool headless, char *err, size_t errlen)
{
	Uint32 rflags = SDL_RENDERER_TARGETTEXTURE;
	rflags |= headless ? SDL_RENDERER_SOFTWARE
			   : (SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
	d->renderer = SDL_CreateRenderer(d->window, -1, rflags);
	if (!d->renderer && !headless) {
		/* no GPU: software, still with vsync where the driver offers it */
		d->renderer = SDL_CreateRenderer(d->window, -1,
						 SDL_RENDERER_SOFTWARE | SDL_RENDERER_PRESENTVSYNC |
							 SDL_RENDERER_TARGETTEXTURE);
	}
	if (!d->renderer) {
		snprintf(err, errlen, "display: no renderer on %s: %s", d->driver, SDL_GetError());
		return false;
	}
	SDL_RendererInfo info;
	SDL_GetRendererInfo(d->renderer, &info);
	snprintf(d->renderer_name, sizeof(d->renderer_name), "%s", info.name);
	d->vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
	SDL_GetRendererOutputSize(d->renderer, &d->phys_width, &d->phys_height);
	transform_logical_size(d->rotation, d->phys_width, d->phys_height, &d->width, &d->height);
	if (d->rotation != 0) {
		d->target = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_RGB888,
					      SDL_TEXTUREACCESS_TARGET, d->width, d->height);
		if (!d->target) {
			snprintf(err, errlen, "display: cannot make the rotation buffer: %s",
				 SDL_GetError());
			SDL_DestroyRenderer(d->renderer);
			return false;
		}
	}
	return true;
}

struct display *display_create(const struct display_options *cfg, bool headless, char *err,
			       size_t errlen)
{
	set_hints(cfg, headless);
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(err, errlen, "display: cannot start video: %s", SDL_GetError());
		return NULL;
	}
	struct display *d = SDL_calloc(1, sizeof(*d));
	snprintf(d->driver, sizeof(d->driver), "%s", SDL_GetCurrentVideoDriver());
	d->rotation = cfg->rotation;
	if (!open_window(d, cfg, headless, err, errlen)) {
		goto err_free;
	}
	if (!open_renderer(d, headless, err, errlen)) {
		goto err_window;
	}
	SDL_ShowCursor(d->fullscreen ? SDL_DISABLE : SDL_ENABLE);
	LOG_INFO("%s, %s renderer, %dx%d%s, rotation %d, vsync %s", d->driver, d->renderer_name,
		 d->phys_width, d->phys_height, d->fullscreen ? " fullscreen" : " window",
		 d->rotation, d->vsync ? "on" : "off");
	return d;

err_window:
	SDL_DestroyWindow(d->window);
err_free:
	SDL_free(d);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	return NULL;
}

void display_destroy(struct display *d)
{
	if (!d) {
		return;
	}
	if (d->target) {
		SDL_DestroyTexture(d->target);
	}
	SDL_DestroyRenderer(d->renderer);
	SDL_DestroyWindow(d->window);
	SDL_free(d);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void display_begin(struct display *d)
{
	SDL_SetRenderTarget(d->renderer, d->target);
}

void display_finish(struct display *d)
{
	if (d->target) {
		SDL_SetRenderTarget(d->renderer, NULL);
		SDL_SetRenderDrawColor(d->renderer, 0, 0, 0, 255);
		SDL_RenderClear(d->renderer);
		SDL_Rect dst = {(d->phys_width - d->width) / 2, (d->phys_height - d->height) / 2,
				d->width, d->height};
		SDL_RenderCopyEx(d->renderer, d->target, NULL, &dst, d->rotation, NULL,
				 SDL_FLIP_NONE);
	}
}

void display_present(struct display *d)
{
	display_finish(d);
	SDL_RenderPresent(d->renderer);
}

struct image *display_read(struct display *d)
{
	struct image *img = image_create(d->width, d->height);
	SDL_SetRenderTarget(d->renderer, d->target);
	if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_RGB888, img->pixels,
				 img->stride * 4) != 0) {
		LOG_ERR("display: cannot read the screen: %s", SDL_GetError());
		image_destroy(img);
		return NULL;
	}
	return img;
}
