/* Print layouts: how a session's shots are arranged on the printed strip or card. Each layout
 * is a small text file assets/layouts/NAME.layout of `key = value` lines:
 *
 *   size = 600x1800          output pixels (300 dpi: 2x6 in)
 *   grid = 1x4               columns x rows; shots = columns * rows
 *   margin = 30              around the whole, in pixels
 *   gap = 20                 between shots
 *   background = #ffffff
 *   footer = Text            optional line under the shots
 *   footer_height = 160      space kept for it (0 = none)
 *   footer_color = #111418
 *   sheet = 1200x1800        optional: the printed page in pixels at 300 dpi (4x6 in)
 *   sheet_copies = 2x1       copies across x down on that page (two strips, cut between)
 *   boomerang = 24           a boomerang: this many preview frames after the countdown,
 *   burst = 2000             over this many milliseconds,
 *   frame_size = 480         scaled to this many pixels on the long side; played forward then
 *                            backward. The layout's own cell then holds the middle frame: the
 *                            still that is printed and shown in the gallery.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LAYOUT_NAME_MAX 32

struct layout {
	char name[LAYOUT_NAME_MAX];
	int width, height;
	int cols, rows;
	int margin, gap;
	uint32_t background, footer_color;
	char footer[128];
	int footer_height;
	int sheet_width, sheet_height; /* 0: the page is the layout's own size */
	int sheet_cols, sheet_rows;
	int boomerang_frames; /* 0: not a boomerang */
	int burst_ms;
	int frame_size;
};

struct layout_cell {
	int x, y, w, h;
};

/* Parses layout text. `file` names the source in messages. On failure returns false with
 * `err` set to "FILE:LINE: reason". */
bool layout_parse(const char *text, size_t len, const char *file, struct layout *out, char *err,
		  size_t errlen);

/* Loads DIR/NAME.layout; NAME must be [a-z0-9_-]+. */
bool layout_load(const char *dir, const char *name, struct layout *out, char *err, size_t errlen);

static inline int layout_shots(const struct layout *l)
{
	return l->cols * l->rows;
}

static inline bool layout_is_boomerang(const struct layout *l)
{
	return l->boomerang_frames > 0;
}

/* Rectangle of shot `i` (row-major). */
struct layout_cell layout_cell(const struct layout *l, int i);

/* Parses "#rrggbb"; false if malformed. */
bool layout_parse_color(const char *s, uint32_t *out);
