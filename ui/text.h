/* Text on screen with SDL_ttf: the type scale of UI.md (derived from the display's short side)
 * and a cache of rendered strings, so a steady screen renders no text twice. Main thread. */
#pragma once

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum text_style {
	TEXT_TITLE,     /* 0.11 s, bold */
	TEXT_BODY,      /* 0.06 s */
	TEXT_SMALL,     /* 0.045 s */
	TEXT_BUTTON,    /* 0.06 s, bold */
	TEXT_COUNTDOWN, /* 0.6 s, bold, with a dark outline */
	TEXT_STYLE_COUNT,
};

enum text_align {
	TEXT_LEFT,
	TEXT_CENTER,
	TEXT_RIGHT,
};

struct text;

/* Opens the regular and bold fonts at the sizes for short side `s`, each times `scale` (1 for
 * the type scale of UI.md; more for large text; titles and the countdown's numeral, large
 * already, keep their size). NULL with err on failure. */
struct text *text_create(SDL_Renderer *ren, const char *font, const char *font_bold, int s,
			 float scale, char *err, size_t errlen);
void text_destroy(struct text *t);

/* Size that `str` would take; wrap > 0 wraps lines at that width. */
void text_measure(struct text *t, enum text_style style, const char *str, int wrap, int *w, int *h);

/* Draws `str` with its box's top at y; x is the left edge, centre or right edge per `align`.
 * wrap > 0 wraps at that width (lines aligned the same way). Returns the box drawn. */
SDL_Rect text_draw(struct text *t, enum text_style style, const char *str, int x, int y,
		   uint32_t rgb, enum text_align align, int wrap);

/* Height of one line of the style. */
int text_line_height(struct text *t, enum text_style style);
