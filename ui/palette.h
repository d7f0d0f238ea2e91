/* The kiosk's colours (UI.md's tokens), in two palettes: the usual one and the high-contrast
 * one a guest or staff can turn on; and every pair of tokens that the screens put one on the
 * other. test-contrast computes each pair's contrast in both palettes as WCAG 2.2 defines it
 * and fails below 4.5:1 for text, 3:1 for large text and for controls' edges; it also fails on
 * a colour written in the UI's code that is no token, so a new colour has to come here, with
 * its pairs. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct ui_palette {
	const char *name;
	uint32_t bg, text, amber, error, success;
	uint32_t dim;           /* secondary text */
	uint32_t amber_pressed; /* a primary button under a finger */
	uint32_t raised;        /* a secondary button under a finger; a progress bar's track */
	uint32_t field;         /* a text field */
	uint32_t flash;         /* the capture flash */
};

extern const struct ui_palette ui_palette_normal, ui_palette_high;
/* The palette the screen is drawn in now (main thread; ui_render sets it) */
extern const struct ui_palette *ui_colors;

#define UI_BG (ui_colors->bg)
#define UI_TEXT (ui_colors->text)
#define UI_AMBER (ui_colors->amber)
#define UI_ERROR (ui_colors->error)
#define UI_SUCCESS (ui_colors->success)
#define UI_DIM (ui_colors->dim)
#define UI_AMBER_PRESSED (ui_colors->amber_pressed)
#define UI_RAISED (ui_colors->raised)
#define UI_FIELD (ui_colors->field)
#define UI_FLASH (ui_colors->flash)
/* The band under the call to action and the corner badges: UI_BG at this opacity over the
 * camera's picture, whatever it shows */
#define UI_SCRIM_ALPHA 200

enum ui_pair_kind {
	UI_PAIR_TEXT,    /* text under 24 px, or under 18.7 px bold: 4.5:1 */
	UI_PAIR_LARGE,   /* larger text: 3:1 */
	UI_PAIR_CONTROL, /* a control's edge or fill against what is around it: 3:1 */
};

/* A pair, as the offsets of two fields of struct ui_palette */
struct ui_pair {
	size_t fg, bg;
	/* bg is UI_BG at UI_SCRIM_ALPHA over any picture: the worst case (white below) counts */
	int scrim;
	enum ui_pair_kind kind;
	const char *what;
};

extern const struct ui_pair ui_pairs[];
extern const int ui_pair_count;

/* A pair's colour in a palette */
static inline uint32_t ui_pair_color(const struct ui_palette *p, size_t field)
{
	return *(const uint32_t *)((const char *)p + field);
}
