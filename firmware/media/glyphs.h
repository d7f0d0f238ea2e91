/* Text drawn into images (the layout footer, badges) with FreeType, so that the composer works
 * without SDL. Not thread-safe per object: the saver owns its own. */
#pragma once

#include <stdbool.h>

#include "image.h"

struct glyphs;

/* Opens a TrueType font; NULL with a logged reason if it cannot. Free with glyphs_destroy(). */
struct glyphs *glyphs_create(const char *font_path);
void glyphs_destroy(struct glyphs *g);

/* Width in pixels of UTF-8 `text` at `px` pixels. */
int glyphs_measure(struct glyphs *g, const char *text, int px);

/* Draws UTF-8 `text` with its top-left at (x, y), at `px` pixels, blended onto img. */
void glyphs_draw(struct glyphs *g, struct image *img, int x, int y, const char *text, int px,
		 uint32_t color);
