#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "ui-private.h"
#include "xalloc.h"

#define LOG_MODULE "ui"
#include "log.h"

struct ui *ui_create(struct display *d, const char *font, const char *font_bold, char *err,
		     size_t errlen)
{
	struct ui *ui = xcalloc(1, sizeof(*ui));
	ui->display = d;
	ui->ren = d->renderer;
	ui->w = d->width;
	ui->h = d->height;
	ui->s = ui->w < ui->h ? ui->w : ui->h;
	ui->portrait = ui->h > ui->w;
	ui->u = (int)(0.025f * (float)ui->s + 0.5f);
	ui->target = (int)(0.14f * (float)ui->s + 0.5f);
	ui->text_normal = text_create(ui->ren, font, font_bold, ui->s, 1.0f, err, errlen);
	ui->text_large = ui->text_normal ? text_create(ui->ren, font, font_bold, ui->s,
						       UI_LARGE_TEXT, err, errlen)
					 : NULL;
	if (!ui->text_large) {
		text_destroy(ui->text_normal);
		free(ui);
		return NULL;
	}
	ui->text = ui->text_normal;
	return ui;
}

void ui_destroy(struct ui *ui)
{
	if (!ui) {
		return;
	}
	if (ui->preview) {
		SDL_DestroyTexture(ui->preview);
	}
	ui_clear_review(ui);
	ui_set_share(ui, NULL, NULL, NULL, NULL);
	ui_set_peer_code(ui, NULL);
	text_destroy(ui->text_normal);
	text_destroy(ui->text_large);
	free(ui);
}

static Uint32 sdl_format(enum frame_format f)
{
	switch (f) {
	case FRAME_FORMAT_XRGB8888:
		return SDL_PIXELFORMAT_RGB888;
	case FRAME_FORMAT_YUV420:
		return SDL_PIXELFORMAT_IYUV;
	case FRAME_FORMAT_NV12:
		return SDL_PIXELFORMAT_NV12;
	case FRAME_FORMAT_YUYV:
		return SDL_PIXELFORMAT_YUY2;
	}
	return SDL_PIXELFORMAT_UNKNOWN;
}

void ui_preview_frame(struct ui *ui, const struct frame *f)
{
	Uint32 fmt = sdl_format(f->format);
	if (!ui->preview || ui->preview_format != fmt || ui->preview_w != f->width ||
	    ui->preview_h != f->height) {
		if (ui->preview) {
			SDL_DestroyTexture(ui->preview);
		}
		ui->preview = SDL_CreateTexture(ui->ren, fmt, SDL_TEXTUREACCESS_STREAMING, f->width,
						f->height);
		if (!ui->preview) {
			LOG_ERR("cannot make a %dx%d preview texture: %s", f->width, f->height,
				SDL_GetError());
			return;
		}
		ui->preview_format = fmt;
		ui->preview_w = f->width;
		ui->preview_h = f->height;
	}
	int rc;
	switch (f->format) {
	case FRAME_FORMAT_YUV420:
		rc = SDL_UpdateYUVTexture(ui->preview, NULL, f->data[0], f->stride[0], f->data[1],
					  f->stride[1], f->data[2], f->stride[2]);
		break;
	case FRAME_FORMAT_NV12:
		rc = SDL_UpdateNVTexture(ui->preview, NULL, f->data[0], f->stride[0], f->data[1],
					 f->stride[1]);
		break;
	default:
		rc = SDL_UpdateTexture(ui->preview, NULL, f->data[0], f->stride[0]);
		break;
	}
	ui->preview_valid = rc == 0;
	ui->preview_upside_down = f->upside_down;
}

void ui_preview_clear(struct ui *ui)
{
	ui->preview_valid = false;
}

void ui_set_review(struct ui *ui, const struct image *img)
{
	ui_clear_review(ui);
	ui->review = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STATIC,
				       img->width, img->height);
	if (!ui->review) {
		LOG_ERR("cannot make the review texture: %s", SDL_GetError());
		return;
	}
	SDL_UpdateTexture(ui->review, NULL, img->pixels, img->stride * 4);
	ui->review_w = img->width;
	ui->review_h = img->height;
}

void ui_clear_review(struct ui *ui)
{
	if (ui->review) {
		SDL_DestroyTexture(ui->review);
		ui->review = NULL;
	}
	for (int i = 0; i < ui->anim_frames; i++) {
		SDL_DestroyTexture(ui->anim[i]);
	}
	ui->anim_frames = ui->anim_count = 0;
}

void ui_set_share(struct ui *ui, const struct image *wifi, const char *wifi_caption,
		  const struct image *page, const char *page_caption)
{
	const struct image *imgs[2] = {wifi, page};
	const char *caps[2] = {wifi_caption, page_caption};
	for (int i = 0; i < 2; i++) {
		if (ui->share[i]) {
			SDL_DestroyTexture(ui->share[i]);
			ui->share[i] = NULL;
		}
		if (!imgs[i]) {
			continue;
		}
		ui->share[i] =
			SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STATIC,
					  imgs[i]->width, imgs[i]->height);
		if (!ui->share[i]) {
			LOG_ERR("cannot make a QR code texture: %s", SDL_GetError());
			continue;
		}
		SDL_SetTextureScaleMode(ui->share[i], SDL_ScaleModeNearest);
		SDL_UpdateTexture(ui->share[i], NULL, imgs[i]->pixels, imgs[i]->stride * 4);
		snprintf(ui->share_caption[i], sizeof(ui->share_caption[i]), "%s",
			 caps[i] ? caps[i] : "");
	}
}

void ui_set_peer_code(struct ui *ui, const struct image *code)
{
	if (ui->peer_code) {
		SDL_DestroyTexture(ui->peer_code);
		ui->peer_code = NULL;
	}
	if (!code) {
		return;
	}
	ui->peer_code = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STATIC,
					  code->width, code->height);
	if (!ui->peer_code) {
		LOG_ERR("cannot make a QR code texture: %s", SDL_GetError());
		return;
	}
	SDL_SetTextureScaleMode(ui->peer_code, SDL_ScaleModeNearest);
	SDL_UpdateTexture(ui->peer_code, NULL, code->pixels, code->stride * 4);
}

void ui_set_review_animation(struct ui *ui, struct image *const *frames, int n, const int *order,
			     int count, int frame_ms)
{
	ui_clear_review(ui);
	n = n < UI_ANIM_FRAMES ? n : UI_ANIM_FRAMES;
	for (int i = 0; i < n; i++) {
		SDL_Texture *t =
			SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STATIC,
					  frames[i]->width, frames[i]->height);
		if (!t) {
			LOG_ERR("cannot make a boomerang texture: %s", SDL_GetError());
			break;
		}
		SDL_UpdateTexture(t, NULL, frames[i]->pixels, frames[i]->stride * 4);
		ui->anim[ui->anim_frames++] = t;
	}
	ui->anim_count = 0;
	for (int k = 0; k < count && k < 2 * UI_ANIM_FRAMES; k++) {
		if (order[k] < ui->anim_frames) {
			ui->anim_order[ui->anim_count++] = order[k];
		}
	}
	ui->anim_frame_ms = frame_ms > 0 ? frame_ms : 80;
	ui->review_w = n > 0 ? frames[0]->width : 0;
	ui->review_h = n > 0 ? frames[0]->height : 0;
}

/* For tests that touch the real screen (tests/hw): where each control is, in logical pixels,
 * whenever the set changes. */
static void trace_controls(struct ui *ui)
{
	uint64_t h = 1469598103934665603u;
	for (int i = 0; i < ui->control_count; i++) {
		const struct ui_control *c = &ui->controls[i];
		int v[4] = {c->x, c->y, c->w, c->h};
		for (const unsigned char *p = (const unsigned char *)c->label; *p; p++) {
			h = (h ^ *p) * 1099511628211u;
		}
		for (int k = 0; k < 4; k++) {
			h = (h ^ (uint64_t)(unsigned)v[k]) * 1099511628211u;
		}
	}
	if (h == ui->traced) {
		return;
	}
	ui->traced = h;
	log_trace("controls %d", ui->control_count);
	for (int i = 0; i < ui->control_count; i++) {
		const struct ui_control *c = &ui->controls[i];
		log_trace("control %d %d %d %d %s", c->x, c->y, c->w, c->h, c->label);
	}
}

/* For scenario tests: every string drawn ("text RRGGBB words"), whenever the screen's words
 * change, so that a wrong word fails with the word in the message. */
static void trace_text(struct ui *ui)
{
	uint64_t h = 1469598103934665603u;
	for (const unsigned char *p = (const unsigned char *)ui->drawn; *p; p++) {
		h = (h ^ *p) * 1099511628211u;
	}
	if (h == ui->drawn_traced) {
		return;
	}
	ui->drawn_traced = h;
	const char *line = ui->drawn;
	for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		log_trace("text %.*s", (int)(nl - line), line);
	}
}

const char *ui_drawn_text(const struct ui *ui)
{
	return ui->drawn;
}

void ui_render(struct ui *ui, const struct ui_model *m)
{
	ui->control_count = 0;
	ui->drawn[0] = '\0';
	ui->drawn_len = 0;
	/* a guest's screens in their access choices; staff's always as UI.md has them */
	const struct booth_state *st = m->booth;
	bool guest = st->screen != BOOTH_SCREEN_STAFF && st->screen != BOOTH_SCREEN_STAFF_PIN;
	int access = guest ? st->access : 0;
	ui_colors = access & BOOTH_ACCESS_HIGH_CONTRAST ? &ui_palette_high : &ui_palette_normal;
	ui->text = access & BOOTH_ACCESS_LARGE_TEXT ? ui->text_large : ui->text_normal;
	ui->low = ui->portrait && (access & BOOTH_ACCESS_LOW);
	display_begin(ui->display);
	SDL_SetRenderDrawColor(ui->ren, (Uint8)(UI_BG >> 16), (Uint8)(UI_BG >> 8), (Uint8)UI_BG,
			       255);
	SDL_RenderClear(ui->ren);
	switch (m->booth->screen) {
	case BOOTH_SCREEN_COUNTDOWN:
		screen_countdown(ui, m);
		break;
	case BOOTH_SCREEN_CAPTURE:
		screen_capture(ui, m);
		break;
	case BOOTH_SCREEN_REVIEW:
		screen_review(ui, m);
		break;
	case BOOTH_SCREEN_SAVED:
		screen_saved(ui, m);
		break;
	case BOOTH_SCREEN_ERROR:
		screen_error(ui, m);
		break;
	case BOOTH_SCREEN_SEARCH:
		screen_search(ui, m);
		break;
	case BOOTH_SCREEN_CONFIRM:
		screen_confirm(ui, m);
		break;
	case BOOTH_SCREEN_CONSENT:
		screen_consent(ui, m);
		break;
	case BOOTH_SCREEN_WALKIN:
		screen_walkin(ui, m);
		break;
	case BOOTH_SCREEN_STAFF_PIN:
		screen_staff_pin(ui, m);
		break;
	case BOOTH_SCREEN_STAFF:
		screen_staff(ui, m);
		break;
	default:
		screen_attract(ui, m);
		break;
	}
	widget_notice(ui, m);
	ui_focus_screen(ui, st->screen);
	const struct ui_control *f = ui_focused(ui);
	if (f) {
		/* the ring: the text colour, clear of the control, with the background between */
		int gap = ui->u / 3 > 2 ? ui->u / 3 : 2, edge = ui->u / 4 > 3 ? ui->u / 4 : 3;
		SDL_Rect r = {f->x - gap - edge, f->y - gap - edge, f->w + 2 * (gap + edge),
			      f->h + 2 * (gap + edge)};
		widget_frame(ui, (SDL_Rect){r.x + edge, r.y + edge, r.w - 2 * edge, r.h - 2 * edge},
			     UI_BG, gap);
		widget_frame(ui, r, UI_TEXT, edge);
		if (log_tracing()) {
			log_trace("focus %s", f->label);
		}
	}
	if (log_tracing()) {
		trace_controls(ui);
		trace_text(ui);
	}
}

/* The controls a guest can move among, in reading order: by row (within half a target), then
 * from the left. The staff corner is not one of them. Returns their count. */
static int reading_order(struct ui *ui, int *order)
{
	int n = 0;
	for (int i = 0; i < ui->control_count; i++) {
		if (ui->controls[i].action != BOOTH_ACTION_STAFF) {
			order[n++] = i;
		}
	}
	int row = ui->target / 2 > 1 ? ui->target / 2 : 1;
	for (int i = 1; i < n; i++) { /* insertion sort: a screen has few controls */
		for (int j = i; j > 0; j--) {
			const struct ui_control *a = &ui->controls[order[j - 1]];
			const struct ui_control *b = &ui->controls[order[j]];
			bool after = a->y / row > b->y / row ||
				     (a->y / row == b->y / row && a->x > b->x);
			if (!after) {
				break;
			}
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	}
	return n;
}

/* The control the focus is on (its default when its label is not on this screen), or -1. */
static int focus_index(struct ui *ui)
{
	for (int i = 0; ui->focus[0] && i < ui->control_count; i++) {
		if (strcmp(ui->controls[i].label, ui->focus) == 0) {
			return i;
		}
	}
	/* the screen's main choice: its primary button, or the start screen's call to action (a
	 * guest whose press was held by chance still starts a strip with the next) */
	for (int i = 0; i < ui->control_count; i++) {
		if (ui->controls[i].kind == WIDGET_PRIMARY ||
		    ui->controls[i].action == BOOTH_ACTION_START) {
			return i;
		}
	}
	int order[UI_MAX_CONTROLS];
	return reading_order(ui, order) ? order[0] : -1;
}

void ui_focus_move(struct ui *ui, int dir)
{
	int order[UI_MAX_CONTROLS];
	int n = reading_order(ui, order);
	if (n == 0) {
		return;
	}
	int at = focus_index(ui);
	if (ui->focus_shown && at >= 0) {
		int k = 0;
		while (k < n && order[k] != at) {
			k++;
		}
		at = order[((k < n ? k : 0) + dir + n) % n];
	}
	ui->focus_shown = true;
	if (at >= 0) {
		snprintf(ui->focus, sizeof(ui->focus), "%s", ui->controls[at].label);
	}
}

const struct ui_control *ui_focused(struct ui *ui)
{
	if (!ui->focus_shown) {
		return NULL;
	}
	int at = focus_index(ui);
	return at >= 0 ? &ui->controls[at] : NULL;
}

void ui_focus_screen(struct ui *ui, enum booth_screen screen)
{
	if (screen != (enum booth_screen)ui->focus_screen) {
		ui->focus[0] = '\0'; /* the new screen's default */
		ui->focus_screen = (int)screen;
		if (screen == BOOTH_SCREEN_ATTRACT) {
			ui->focus_shown = false; /* the next guest starts as anyone does */
		}
	}
}

void ui_focus_hide(struct ui *ui)
{
	ui->focus_shown = false;
}

bool ui_focus_showing(const struct ui *ui)
{
	return ui->focus_shown;
}

const struct ui_control *ui_hit(struct ui *ui, int x, int y)
{
	/* last drawn is on top */
	for (int i = ui->control_count - 1; i >= 0; i--) {
		const struct ui_control *c = &ui->controls[i];
		if (x >= c->x && x < c->x + c->w && y >= c->y && y < c->y + c->h) {
			return c;
		}
	}
	return NULL;
}

const struct ui_control *ui_find(struct ui *ui, const char *label)
{
	for (int i = 0; i < ui->control_count; i++) {
		if (strcmp(ui->controls[i].label, label) == 0) {
			return &ui->controls[i];
		}
	}
	return NULL;
}

void ui_set_pressed(struct ui *ui, const struct ui_control *c)
{
	snprintf(ui->pressed, sizeof(ui->pressed), "%s", c ? c->label : "");
}

void ui_list_controls(struct ui *ui, char *out, size_t outlen)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < ui->control_count && n < outlen; i++) {
		n += (size_t)snprintf(out + n, outlen - n, "%s\"%s\"", i ? ", " : "",
				      ui->controls[i].label);
	}
	if (ui->control_count == 0) {
		snprintf(out, outlen, "none");
	}
}

struct image *ui_read_screen(struct ui *ui)
{
	return display_read(ui->display);
}
