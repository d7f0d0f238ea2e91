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

struct image *badge_compose(const struct badge_info *info, const struct image *photo,
			    struct glyphs *bold, struct glyphs *regular)
{
	struct image *img = image_create(BADGE_WIDTH, BADGE_HEIGHT);
	image_fill_rect(img, 0, 0, BADGE_WIDTH, BADGE_HEIGHT, 0xffffff);
	image_fill_rect(img, 0, 0, BADGE_WIDTH, 24, 0xf2a900); /* the booth's amber edge */

	const int margin = 60, photo_w = 420, photo_h = 560;
	int text_x = margin;
	if (photo) {
		photo_scale_into(img, margin, 100, photo_w, photo_h, photo);
		text_x = margin + photo_w + margin;
	}
	int text_w = BADGE_WIDTH - text_x - margin;
	if (bold) {
		fit_text(bold, img, text_x, 110, text_w, info->name, 110, 40, 0x111418);
	}
	if (regular && info->organization && *info->organization) {
		fit_text(regular, img, text_x, 260, text_w, info->organization, 56, 28, 0x3a3f47);
	}
	if (info->code && *info->code) {
		int side = badge_draw_qr(img, BADGE_WIDTH - margin - 300,
					 BADGE_HEIGHT - margin - 340, 300, info->code);
		if (regular && side) {
			int w = glyphs_measure(regular, info->code, 34);
			glyphs_draw(regular, img, BADGE_WIDTH - margin - 150 - w / 2,
				    BADGE_HEIGHT - margin - 34, info->code, 34, 0x111418);
		}
	}
	return img;
}

void badge_file_name(const struct badge_info *info, long long id, char *out, size_t outlen)
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
		snprintf(code, sizeof(code), "walkin%lld", id);
	}
	names_slug(info->name, slug, sizeof(slug));
	snprintf(out, outlen, "%s-%s.png", code, slug);
}
