#include "glyphs.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdint.h>
#include <stdlib.h>

#define LOG_MODULE "glyphs"
#include "log.h"
#include "xalloc.h"

struct glyphs {
	FT_Library lib;
	FT_Face face;
};

struct glyphs *glyphs_create(const char *font_path)
{
	struct glyphs *g = xcalloc(1, sizeof(*g));
	if (FT_Init_FreeType(&g->lib) != 0) {
		LOG_ERR("FreeType failed to start");
		goto err_free;
	}
	if (FT_New_Face(g->lib, font_path, 0, &g->face) != 0) {
		LOG_ERR("%s: cannot open font", font_path);
		goto err_lib;
	}
	return g;

err_lib:
	FT_Done_FreeType(g->lib);
err_free:
	free(g);
	return NULL;
}

void glyphs_destroy(struct glyphs *g)
{
	if (!g) {
		return;
	}
	FT_Done_Face(g->face);
	FT_Done_FreeType(g->lib);
	free(g);
}

/* Decodes one UTF-8 code point; invalid bytes come out as U+FFFD, one byte each. */
static uint32_t next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
	if (n < 0) {
		*s = p + 1;
		return 0xfffd;
	}
	c &= n == 0 ? 0x7f : (0x3f >> n);
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s = p + 1;
			return 0xfffd;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*s = p + n + 1;
	return c;
}

static void walk(struct glyphs *g, struct image *img, int x, int y, const char *text, int px,
		 uint32_t color, int *width)
{
	FT_Set_Pixel_Sizes(g->face, 0, (FT_UInt)px);
	int ascent = (int)(g->face->size->metrics.ascender >> 6);
	int pen = x;
	const unsigned char *s = (const unsigned char *)text;
	while (*s) {
		uint32_t cp = next_cp(&s);
		if (FT_Load_Char(g->face, cp, img ? FT_LOAD_RENDER : FT_LOAD_DEFAULT) != 0) {
			continue;
		}
		FT_GlyphSlot slot = g->face->glyph;
		if (img) {
			const FT_Bitmap *bm = &slot->bitmap;
			int gx = pen + slot->bitmap_left, gy = y + ascent - slot->bitmap_top;
			for (unsigned r = 0; r < bm->rows; r++) {
				int yy = gy + (int)r;
				if (yy < 0 || yy >= img->height) {
					continue;
				}
				uint32_t *row = img->pixels + (size_t)yy * img->stride;
				for (unsigned c = 0; c < bm->width; c++) {
					int xx = gx + (int)c;
					unsigned a = bm->buffer[r * (unsigned)bm->pitch + c];
					if (xx < 0 || xx >= img->width || a == 0) {
						continue;
					}
					uint32_t d = row[xx];
					unsigned out = 0;
					for (int sh = 0; sh <= 16; sh += 8) {
						unsigned fc = (color >> sh) & 0xff,
							 dc = (d >> sh) & 0xff;
						out |= ((fc * a + dc * (255 - a) + 127) / 255)
						       << sh;
					}
					row[xx] = out;
				}
			}
		}
		pen += (int)(slot->advance.x >> 6);
	}
	if (width) {
		*width = pen - x;
	}
}

int glyphs_measure(struct glyphs *g, const char *text, int px)
{
	int w = 0;
	walk(g, NULL, 0, 0, text, px, 0, &w);
	return w;
}

void glyphs_draw(struct glyphs *g, struct image *img, int x, int y, const char *text, int px,
		 uint32_t color)
{
	walk(g, img, x, y, text, px, color, NULL);
}
