/* Photo composition: scaling shots into a layout's cells and drawing its footer. Pure
 * computation on images; safe on any thread as long as each call has its own glyphs. */
#pragma once

#include "glyphs.h"
#include "image.h"
#include "layout.h"

/* Scales the centre of src to fill the w x h rectangle at (x, y) of dst (crop to cover, area
 * averaging when shrinking, bilinear when enlarging). */
void photo_scale_into(struct image *dst, int x, int y, int w, int h, const struct image *src);

/* Composes `n` shots (n may be less than the layout's count: empty cells stay background)
 * into a new image of the layout's size. `glyphs` may be NULL: no footer text then.
 * Caller frees with image_destroy(). */
struct image *photo_compose(const struct layout *l, struct image *const *shots, int n,
			    struct glyphs *glyphs);

/* The page printed for a composed strip or card: the layout's sheet (its own size if it names
 * none) with sheet_copies copies of `print`, each scaled to cover its share of the page.
 * Caller frees. */
struct image *photo_sheet(const struct layout *l, const struct image *print);
