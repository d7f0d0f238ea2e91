/* The badge record: a 4x3 inch card at 300 dpi with the name in large type, the organization,
 * the check-in photo when there is one, and the badge code as a QR code the booth's scanner
 * reads back. Pure computation; one glyphs object per thread. */
#pragma once

#include <stddef.h>

#include "glyphs.h"
#include "image.h"

#define BADGE_WIDTH 1200
#define BADGE_HEIGHT 900

struct badge_info {
	const char *name;
	const char *organization; /* may be "" */
	const char *code;         /* may be "": no QR code then */
};

/* photo may be NULL. glyphs_bold and glyphs_regular may be NULL (no text). Caller frees. */
struct image *badge_compose(const struct badge_info *info, const struct image *photo,
			    struct glyphs *glyphs_bold, struct glyphs *glyphs_regular);

/* The stock badges are printed on: cards and labels people buy. Pixels at 300 dpi, drawn the
 * way round they are read; the size in hundredths of a millimetre as the printer reports it
 * (either way round). */
struct badge_stock {
	const char *name;  /* as in the config: "4x3", "4x6", "dymo30857", "dk1202" */
	const char *label; /* for people */
	int width, height;
	int size_w, size_h;
};
/* NULL if `name` is no stock's. */
const struct badge_stock *badge_stock_find(const char *name);
/* The stocks' names, for messages. */
const char *badge_stock_names(void);

/* The badge drawn for a stock of width x height pixels: wide ones as the 4x3 card, tall ones
 * with the photo on top. Caller frees. */
struct image *badge_compose_size(const struct badge_info *info, const struct image *photo,
				 int width, int height, struct glyphs *glyphs_bold,
				 struct glyphs *glyphs_regular);

/* Draws `text` as a QR code (error correction M) with its quiet zone in the square at (x, y)
 * of side `size` or less; returns the side drawn, 0 if it cannot be encoded. */
int badge_draw_qr(struct image *img, int x, int y, int size, const char *text);

/* The badge's file name, "<code>-<name-slug>.png", safe on FAT; without a code,
 * "walkin-<the start of the attendee's uuid>-<name-slug>.png", the same at every kiosk. */
void badge_file_name(const struct badge_info *info, const char *uuid, char *out, size_t outlen);
/* The smallest size a badge's photo is decoded at (it is drawn a few hundred pixels wide):
 * one size for the saved badge and the printed one, so that every kiosk draws the same. */
#define BADGE_PHOTO_DECODE 600
