#include "badge.h"

#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "photo.h"

int badge_draw_qr(struct image *img, int x, int y, int size, const char *text)
{
	if (!text || !*text) {
		return 0;
	}
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		return 0;
	}
	int modules = qr->width + 8; /* four modules of quiet zone each side */
	int scale = size / modules;
	if (scale < 1) {
		QRcode_free(qr);
		return 0;
	}
	int side = modules * scale;
	image_fill_rect(img, x, y, side, side, 0xffffff);
	for (int r = 0; r < qr->width; r++) {
		for (int c = 0; c < qr->width; c++) {
			if (qr->data[r * qr->width + c] & 1) {
				image_fill_rect(img, x + (c + 4) * scale, y + (r + 4) * scale,
						scale, scale, 0x000000);
			}
		}
	}
	QRcode_free(qr);
	return side;
}

/* Draws text shrunk until it fits `width`; returns the size used. */
static int fit_text(struct glyphs *g, struct image *img, int x, int y, int width, const char *text,
		    int px, int min_px, uint32_t color)
{
	while (px > min_px && glyphs_measure(g, text, px) > width) {
		px = px * 9 / 10;
	}
	glyphs_draw(g, img, x, y, text, px, color);
	return px;
}

static const struct badge_stock stocks[] = {
	{"4x3", "4 x 3 in card", 1200, 900, 10160, 7620},
	{"4x6", "4 x 6 in card", 1200, 1800, 10160, 15240},
	{"dymo30857", "DYMO 30857 (2-1/4 x 4 in)", 1200, 675, 10160, 5715},
	{"dk1202", "Brother DK-1202 (62 x 100 mm)", 1181, 732, 10000, 6200},
};

const struct badge_stock *badge_stock_find(const char *name)
{
	for (size_t i = 0; i < sizeof(stocks) / sizeof(stocks[0]); i++) {
		if (strcmp(stocks[i].name, name) == 0) {
			return &stocks[i];
		}
	}
	return NULL;
}

const char *badge_stock_names(void)
{
	return "4x3, 4x6, dymo30857 or dk1202";
}

/* The QR code of the badge code with the code written under it, in the square at (x, y). */
static void draw_code(struct image *img, int x, int y, int side, const struct badge_info *info,
		      struct glyphs *regular, int px)
{
	if (!info->code || !*info->code) {
		return;
	}
	int drawn = badge_draw_qr(img, x, y, side - px - px / 2, info->code);
	if (regular && drawn) {
		int w = glyphs_measure(regular, info->code, px);
		glyphs_draw(regular, img, x + drawn / 2 - w / 2, y + drawn + px / 4, info->code, px,
			    0x111418);
	}
}

/* Wide cards and labels: the photo on the left, the name and organization beside it, the
 * code in the lower right. Sizes scale with the height (900 px on the 4x3 in card). */
static void compose_wide(struct image *img, const struct badge_info *info,
			 const struct image *photo, struct glyphs *bold, struct glyphs *regular)
{
	int w = img->width, h = img->height;
	double s = h / 900.0;
	int margin = (int)(60 * s), photo_w = (int)(420 * s), photo_h = (int)(560 * s);
	int text_x = margin;
	if (photo) {
		photo_scale_into(img, margin, (int)(100 * s), photo_w, photo_h, photo);
		text_x = margin + photo_w + margin;
	}
	int text_w = w - text_x - margin;
	if (bold) {
		fit_text(bold, img, text_x, (int)(110 * s), text_w, info->name, (int)(110 * s),
			 (int)(40 * s), 0x111418);
	}
	if (regular && info->organization && *info->organization) {
		fit_text(regular, img, text_x, (int)(260 * s), text_w, info->organization,
			 (int)(56 * s), (int)(28 * s), 0x3a3f47);
	}
	int side = (int)(340 * s);
	draw_code(img, w - margin - (int)(300 * s), h - margin - side, side, info, regular,
		  (int)(34 * s));
}

/* Tall cards: the photo on top, then the name, the organization, and the code at the foot. */
static void compose_tall(struct image *img, const struct badge_info *info,
			 const struct image *photo, struct glyphs *bold, struct glyphs *regular)
{
	int w = img->width, h = img->height;
	double s = w / 1200.0;
	int margin = (int)(70 * s), y = (int)(90 * s);
	if (photo) {
		int pw = w * 5 / 10, ph = pw * 4 / 3;
		photo_scale_into(img, (w - pw) / 2, y, pw, ph, photo);
		y += ph + margin;
	}
	if (bold) {
		fit_text(bold, img, margin, y, w - 2 * margin, info->name, (int)(130 * s),
			 (int)(40 * s), 0x111418);
	}
	y += (int)(170 * s);
	if (regular && info->organization && *info->organization) {
		fit_text(regular, img, margin, y, w - 2 * margin, info->organization, (int)(64 * s),
			 (int)(28 * s), 0x3a3f47);
	}
	int side = h - y - (int)(100 * s) - margin;
	if (side > (int)(420 * s)) {
		side = (int)(420 * s);
	}
	draw_code(img, (w - side) / 2, h - margin - side, side, info, regular, (int)(40 * s));
}

struct image *badge_compose_size(const struct badge_info *info, const struct image *photo,
				 int width, int height, struct glyphs *bold, struct glyphs *regular)
{
	struct image *img = image_create(width, height);
	image_fill_rect(img, 0, 0, width, height, 0xffffff);
	image_fill_rect(img, 0, 0, width, height / 38 + 1, 0xf2a900); /* the booth's amber edge */
	if (width >= height) {
		compose_wide(img, info, photo, bold, regular);
	} else {
		compose_tall(img, info, photo, bold, regular);
	}
	return img;
}

struct image *badge_compose(const struct badge_info *info, const struct image *photo,
			    struct glyphs *bold, struct glyphs *regular)
{
	return badge_compose_size(info, photo, BADGE_WIDTH, BADGE_HEIGHT, bold, regular);
}

void badge_file_name(const struct badge_info *info, const char *uuid, char *out, size_t outlen)
{
	char code[64], slug[64];
	size_t n = 0;
	for (const char *p = info->code ? info->code : ""; *p && n + 1 < sizeof(code); p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_';
		code[n++] = ok ? c : '_';
	}
	code[n] = '\0';
	if (!n) {
		snprintf(code, sizeof(code), "walkin-%.8s", uuid ? uuid : "");
	}
	names_slug(info->name, slug, sizeof(slug));
	snprintf(out, outlen, "%s-%s.png", code, slug);
}
