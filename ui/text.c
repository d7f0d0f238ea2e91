#include "text.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "bidi.h"
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

/* Right-to-left text (a guest's name in Arabic or Hebrew): FriBidi finds the runs of a line and
 * their order (bidi.h); SDL_ttf shapes each with HarfBuzz in its direction and script. */

/* One line of mixed direction, its runs shaped each in its own direction and laid left to
 * right in their order on screen. */
static SDL_Surface *render_bidi_line(TTF_Font *f, const char *str, uint32_t rgb)
{
	struct bidi_run runs[32];
	int n = bidi_runs(str, runs, 32);
	SDL_Surface *part[32] = {0};
	int w = 0, h = TTF_FontHeight(f);
	for (int i = 0; i < n; i++) {
		TTF_SetFontDirection(f, runs[i].rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
		TTF_SetFontScriptName(f, runs[i].script);
		part[i] = runs[i].text[0] ? TTF_RenderUTF8_Blended(f, runs[i].text, color(rgb))
					  : NULL;
		if (part[i]) {
			w += part[i]->w;
			h = part[i]->h > h ? part[i]->h : h;
		}
	}
	TTF_SetFontDirection(f, TTF_DIRECTION_LTR);
	TTF_SetFontScriptName(f, "Zyyy");
	SDL_Surface *line =
		SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, h, 32, SDL_PIXELFORMAT_ARGB8888);
	for (int i = 0, x = 0; i < n; i++) {
		if (part[i]) {
			if (line) {
				SDL_SetSurfaceBlendMode(part[i], SDL_BLENDMODE_NONE);
				SDL_BlitSurface(part[i], NULL, line,
						&(SDL_Rect){x, 0, part[i]->w, part[i]->h});
			}
			x += part[i]->w;
			SDL_FreeSurface(part[i]);
		}
	}
	return line;
}

/* Lines broken at spaces to fit `wrap` (0: one line), each laid out as above, aligned. */
static SDL_Surface *render_bidi(TTF_Font *f, const char *str, uint32_t rgb, int wrap,
				enum text_align align)
{
	SDL_Surface *lines[16];
	int count = 0, w = 0, h = 0;
	char rest[512];
	snprintf(rest, sizeof(rest), "%s", str);
	char *p = rest;
	while (*p && count < 16) {
		/* the longest start of what is left that fits, ending at a space */
		size_t take = strlen(p);
		int lw = 0, lh = 0;
		char line[512];
		for (;;) {
			snprintf(line, sizeof(line), "%.*s", (int)take, p);
			TTF_SizeUTF8(f, line, &lw, &lh);
			if (wrap <= 0 || lw <= wrap) {
				break;
			}
			char *space = NULL;
			for (size_t k = take; k > 0; k--) {
				if (p[k - 1] == ' ') {
					space = p + k - 1;
					break;
				}
			}
			if (!space || space == p) {
				break; /* one word wider than the line: as it is */
			}
			take = (size_t)(space - p);
		}
		lines[count] = render_bidi_line(f, line, rgb);
		if (!lines[count]) {
			break;
		}
		w = lines[count]->w > w ? lines[count]->w : w;
		h += lines[count]->h;
		count++;
		p += take;
		while (*p == ' ') {
			p++;
		}
	}
	SDL_Surface *all =
		count ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888)
		      : NULL;
	for (int i = 0, y = 0; i < count; i++) {
		if (all) {
			int x = align == TEXT_CENTER  ? (w - lines[i]->w) / 2
				: align == TEXT_RIGHT ? w - lines[i]->w
						      : 0;
			SDL_SetSurfaceBlendMode(lines[i], SDL_BLENDMODE_NONE);
			SDL_BlitSurface(lines[i], NULL, all,
					&(SDL_Rect){x, y, lines[i]->w, lines[i]->h});
		}
		y += lines[i]->h;
		SDL_FreeSurface(lines[i]);
	}
	return all;
}

static SDL_Surface *render(struct text *t, TTF_Font *f, const char *str, uint32_t rgb, int wrap,
			   enum text_align align)
{
	if (bidi_has_rtl(str)) {
		return render_bidi(f, str, rgb, wrap, align);
	}
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
