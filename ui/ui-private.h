/* Shared by the UI's own files: the ui object, tokens from UI.md, and the screens. */
#pragma once

#include <SDL.h>

#include "display.h"
#include "text.h"
#include "ui.h"

#define UI_MAX_CONTROLS 64

/* Colours from UI.md */
#define UI_BG 0x111418
#define UI_TEXT 0xF4F1EA
#define UI_AMBER 0xF2A900
#define UI_ERROR 0xE5484D
#define UI_SUCCESS 0x3FB950
#define UI_DIM 0xB8B4AC /* secondary text: 9.4:1 on UI_BG */

enum widget_kind {
	WIDGET_PRIMARY,   /* amber fill, dark text */
	WIDGET_SECONDARY, /* outlined in the text colour */
	WIDGET_AREA,      /* no frame: a large tappable region (the call to action) */
};

struct ui {
	struct display *display;
	SDL_Renderer *ren;
	struct text *text;
	int w, h;   /* logical size */
	int s;      /* short side */
	int u;      /* spacing unit, 0.025 s */
	int target; /* minimum touch target height */
	bool portrait;

	SDL_Texture *preview;
	Uint32 preview_format;
	int preview_w, preview_h;
	bool preview_valid;

	SDL_Texture *review;
	int review_w, review_h;

	int overflows; /* text drawn past the screen's edges since ui_create (tests read it) */

	struct ui_control controls[UI_MAX_CONTROLS];
	int control_count;
	char pressed[UI_LABEL_MAX];
};

/* widgets.c */
/* text_draw() that wraps at `wrap` (0: the screen less margins) and counts text that would
 * leave the screen. */
SDL_Rect ui_text(struct ui *ui, enum text_style style, const char *str, int x, int y, uint32_t rgb,
		 enum text_align align, int wrap);
void widget_fill(struct ui *ui, SDL_Rect r, uint32_t rgb, uint8_t alpha);
void widget_frame(struct ui *ui, SDL_Rect r, uint32_t rgb, int thickness);
/* Draws a button and registers it as a control. */
void widget_button(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action,
		   enum widget_kind kind);
/* Registers a tappable area drawn by the caller. */
void widget_area(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action);
/* Draws the live preview covering r, mirrored like a mirror. False if there is none. */
bool widget_preview(struct ui *ui, SDL_Rect r);
/* A rounded-looking pill of dark scrim behind small text in a corner. */
void widget_badge(struct ui *ui, const char *str, int x, int y, enum text_align align);

/* One function per screen, each in its own file. */
void screen_attract(struct ui *ui, const struct ui_model *m);
void screen_countdown(struct ui *ui, const struct ui_model *m);
void screen_capture(struct ui *ui, const struct ui_model *m);
void screen_review(struct ui *ui, const struct ui_model *m);
void screen_saved(struct ui *ui, const struct ui_model *m);
void screen_error(struct ui *ui, const struct ui_model *m);
