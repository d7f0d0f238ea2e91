/* The kiosk's colours (UI.md's tokens), and every pair of them that the screens put one on
 * the other. test-contrast computes each pair's contrast as WCAG 2.2 defines it and fails
 * below 4.5:1 for text, 3:1 for large text and for controls' edges; it also fails on a colour
 * written in the UI's code that is not one of these tokens, so a new colour has to come here,
 * with its pairs. */
#pragma once

#include <stdint.h>

#define UI_BG 0x111418
#define UI_TEXT 0xF4F1EA
#define UI_AMBER 0xF2A900
#define UI_ERROR 0xE5484D
#define UI_SUCCESS 0x3FB950
#define UI_DIM 0xB8B4AC           /* secondary text */
#define UI_AMBER_PRESSED 0xC98C00 /* a primary button under a finger */
#define UI_RAISED 0x3A3F47        /* a secondary button under a finger; a progress bar's track */
#define UI_FIELD 0x1C2027         /* a text field */
#define UI_FLASH 0xFFFFFF         /* the capture flash */
/* The band under the call to action and the corner badges: UI_BG at this opacity over the
 * camera's picture, whatever it shows */
#define UI_SCRIM_ALPHA 200

enum ui_pair_kind {
	UI_PAIR_TEXT,    /* text under 24 px, or under 18.7 px bold: 4.5:1 */
	UI_PAIR_LARGE,   /* larger text: 3:1 */
	UI_PAIR_CONTROL, /* a control's edge or fill against what is around it: 3:1 */
};

struct ui_pair {
	uint32_t fg, bg;
	/* bg is UI_BG at UI_SCRIM_ALPHA over any picture: the worst case (white below) counts */
	int scrim;
	enum ui_pair_kind kind;
	const char *what;
};

extern const struct ui_pair ui_pairs[];
extern const int ui_pair_count;
