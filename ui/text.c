#include "text.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "palette.h"
#include "xalloc.h"

#define CACHE 96

struct entry {
	char *str;
	enum text_style style;
	uint32_t rgb;
	int wrap;
	enum text_align align;
	SDL_Texture *tex;
	int w, h;
	uint64_t used;
};

struct text {
	SDL_Renderer *ren;
	TTF_Font *font[TEXT_STYLE_COUNT];
	TTF_Font *outline; /* countdown's dark edge */
	int outline_px;
	struct entry cache[CACHE];
	uint64_t clock;
};

struct text *text_create(SDL_Renderer *ren, const char *font, const char *font_bold, int s,
			 float scale, char *err, size_t errlen)
{
	if (!TTF_WasInit() && TTF_Init() != 0) {
		snprintf(err, errlen, "text: %s", TTF_GetError());
		return NULL;
	}
	struct text *t = xcalloc(1, sizeof(*t));
	t->ren = ren;
	static const struct {
		float size;
		bool bold;
	} type[TEXT_STYLE_COUNT] = {
		[TEXT_TITLE] = {0.11f, true},    [TEXT_BODY] = {0.06f, false},
		[TEXT_SMALL] = {0.045f, false},  [TEXT_BUTTON] = {0.06f, true},
		[TEXT_COUNTDOWN] = {0.6f, true},
	};
	for (int i = 0; i < TEXT_STYLE_COUNT; i++) {
		/* titles and the countdown's numeral are large already */
		float times = i == TEXT_COUNTDOWN || i == TEXT_TITLE ? 1.0f : scale;
		int px = (int)(type[i].size * times * (float)s + 0.5f);
		if (i == TEXT_SMALL && px < 22) {
			px = 22; /* never smaller: UI.md */
		}
		const char *path = type[i].bold ? font_bold : font;
		t->font[i] = TTF_OpenFont(path, px);
		if (!t->font[i]) {
			snprintf(err, errlen, "%s: cannot open font: %s", path, TTF_GetError());
			text_destroy(t);
			return NULL;
		}
	}
	t->outline_px = s / 80 > 2 ? s / 80 : 2;
	t->outline = TTF_OpenFont(font_bold, (int)(0.6f * (float)s + 0.5f));
	if (!t->outline) {
		snprintf(err, errlen, "%s: cannot open font: %s", font_bold, TTF_GetError());
		text_destroy(t);
		return NULL;
	}
	TTF_SetFontOutline(t->outline, t->outline_px);
	return t;
}

void text_destroy(struct text *t)
{
	if (!t) {
		return;
	}
	for (int i = 0; i < CACHE; i++) {
		if (t->cache[i].tex) {
			SDL_DestroyTexture(t->cache[i].tex);
		}
		free(t->cache[i].str);
	}
	for (int i = 0; i < TEXT_STYLE_COUNT; i++) {
		if (t->font[i]) {
			TTF_CloseFont(t->font[i]);
		}
	}
	if (t->outline) {
		TTF_CloseFont(t->outline);
	}
	free(t);
}

static SDL_Color color(uint32_t rgb)
{
	return (SDL_Color){(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
}

static SDL_Surface *render(struct text *t, TTF_Font *f, const char *str, uint32_t rgb, int wrap,
			   enum text_align align)
{
	if (wrap > 0) {
		TTF_SetFontWrappedAlign(f, align == TEXT_CENTER  ? TTF_WRAPPED_ALIGN_CENTER
					   : align == TEXT_RIGHT ? TTF_WRAPPED_ALIGN_RIGHT
								 : TTF_WRAPPED_ALIGN_LEFT);
		return TTF_RenderUTF8_Blended_Wrapped(f, str, color(rgb), (Uint32)wrap);
	}
	return TTF_RenderUTF8_Blended(f, str, color(rgb));
}

static struct entry *lookup(struct text *t, enum text_style style, const char *str, uint32_t rgb,
			    int wrap, enum text_align align)
{
	struct entry *oldest = &t->cache[0];
	t->clock++;
	for (int i = 0; i < CACHE; i++) {
		struct entry *e = &t->cache[i];
		if (e->str && e->style == style && e->rgb == rgb && e->wrap == wrap &&
		    e->align == align && strcmp(e->str, str) == 0) {
			e->used = t->clock;
			return e;
		}
		if (e->used < oldest->used) {
			oldest = e;
		}
	}
	struct entry *e = oldest;
	if (e->tex) {
		SDL_DestroyTexture(e->tex);
	}
	free(e->str);
	memset(e, 0, sizeof(*e));

	SDL_Surface *surf = NULL;
	if (style == TEXT_COUNTDOWN) {
		/* the dark edge first, the light fill on top: readable over any preview */
		SDL_Surface *edge = render(t, t->outline, str, UI_BG, 0, align);
		SDL_Surface *fill = render(t, t->font[style], str, rgb, 0, align);
		if (edge && fill) {
			SDL_Rect at = {t->outline_px, t->outline_px, fill->w, fill->h};
			SDL_BlitSurface(fill, NULL, edge, &at);
			surf = edge;
			edge = NULL;
		}
		SDL_FreeSurface(edge);
		SDL_FreeSurface(fill);
	} else {
		surf = render(t, t->font[style], str[0] ? str : " ", rgb, wrap, align);
	}
	if (!surf) {
		return NULL;
	}
	e->tex = SDL_CreateTextureFromSurface(t->ren, surf);
	e->w = surf->w;
	e->h = surf->h;
	SDL_FreeSurface(surf);
	if (!e->tex) {
		return NULL;
	}
	e->str = xstrdup(str);
	e->style = style;
	e->rgb = rgb;
	e->wrap = wrap;
	e->align = align;
	e->used = t->clock;
	return e;
}

void text_measure(struct text *t, enum text_style style, const char *str, int wrap, int *w, int *h)
{
	struct entry *e = lookup(t, style, str, UI_TEXT, wrap, TEXT_LEFT);
	*w = e ? e->w : 0;
	*h = e ? e->h : 0;
}

SDL_Rect text_draw(struct text *t, enum text_style style, const char *str, int x, int y,
		   uint32_t rgb, enum text_align align, int wrap)
{
	struct entry *e = lookup(t, style, str, rgb, wrap, align);
	if (!e) {
		return (SDL_Rect){x, y, 0, 0};
	}
	SDL_Rect r = {x, y, e->w, e->h};
	if (align == TEXT_CENTER) {
		r.x = x - e->w / 2;
	} else if (align == TEXT_RIGHT) {
		r.x = x - e->w;
	}
	SDL_RenderCopy(t->ren, e->tex, NULL, &r);
	return r;
}

int text_line_height(struct text *t, enum text_style style)
{
	return TTF_FontLineSkip(t->font[style]);
}
