#include "glyphs.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>
#include <stdint.h>
#include <stdlib.h>

#include "bidi.h"

#define LOG_MODULE "glyphs"
#include "log.h"
#include "xalloc.h"

struct glyphs {
	FT_Library lib;
	FT_Face face;
	hb_font_t *hb; /* for right-to-left runs, shaped */
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
	if (g->hb) {
		hb_font_destroy(g->hb);
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

/* The glyph in the face's slot, blended onto img with its origin at (pen, baseline) */
static void blend(struct glyphs *g, struct image *img, int pen, int y, int ascent, uint32_t color)
{
	FT_GlyphSlot slot = g->face->glyph;
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
				unsigned fc = (color >> sh) & 0xff, dc = (d >> sh) & 0xff;
				out |= ((fc * a + dc * (255 - a) + 127) / 255) << sh;
			}
			row[xx] = out;
		}
	}
}

/* A run of one direction written right to left: shaped by HarfBuzz (Arabic letters joined),
 * its glyphs laid out left to right as they show. Returns the pen after it. */
static int shaped_run(struct glyphs *g, struct image *img, int pen, int y, int ascent,
		      const struct bidi_run *run, uint32_t color)
{
	if (!g->hb) {
		g->hb = hb_ft_font_create_referenced(g->face);
	}
	hb_ft_font_changed(g->hb); /* the size set for this text */
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, run->text, -1, 0, -1);
	hb_buffer_set_direction(buf, run->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_buffer_set_script(buf, hb_script_from_string(run->script, -1));
	hb_buffer_guess_segment_properties(buf);
	hb_shape(g->hb, buf, NULL, 0);
	unsigned n;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
	int at = pen * 64; /* 26.6 */
	for (unsigned i = 0; i < n; i++) {
		if (img && FT_Load_Glyph(g->face, info[i].codepoint, FT_LOAD_RENDER) == 0) {
			blend(g, img, (at + pos[i].x_offset) / 64, y - pos[i].y_offset / 64, ascent,
			      color);
		}
		at += pos[i].x_advance;
	}
	hb_buffer_destroy(buf);
	return at / 64;
}

static void walk(struct glyphs *g, struct image *img, int x, int y, const char *text, int px,
		 uint32_t color, int *width)
{
	FT_Set_Pixel_Sizes(g->face, 0, (FT_UInt)px);
	int ascent = (int)(g->face->size->metrics.ascender >> 6);
	int pen = x;
	if (bidi_has_rtl(text)) {
		/* a name in Arabic or Hebrew: each run in its direction, in the order it shows */
		struct bidi_run runs[16];
		int n = bidi_runs(text, runs, 16);
		for (int i = 0; i < n; i++) {
			pen = shaped_run(g, img, pen, y, ascent, &runs[i], color);
		}
		if (width) {
			*width = pen - x;
		}
		return;
	}
	const unsigned char *s = (const unsigned char *)text;
	while (*s) {
		uint32_t cp = next_cp(&s);
		if (FT_Load_Char(g->face, cp, img ? FT_LOAD_RENDER : FT_LOAD_DEFAULT) != 0) {
			continue;
		}
		if (img) {
			blend(g, img, pen, y, ascent, color);
		}
		pen += (int)(g->face->glyph->advance.x >> 6);
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
