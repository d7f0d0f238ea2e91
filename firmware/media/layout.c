#include "layout.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "textfile.h"
#include "xalloc.h"

bool layout_parse_color(const char *s, uint32_t *out)
{
	if (s[0] != '#' || strlen(s) != 7) {
		return false;
	}
	for (int i = 1; i < 7; i++) {
		if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	*out = (uint32_t)strtoul(s + 1, NULL, 16);
	return true;
}

static bool parse_pair(const char *s, int *a, int *b)
{
	char extra;
	return sscanf(s, "%dx%d%c", a, b, &extra) == 2;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		return false;
	}
	*out = (int)v;
	return true;
}

struct layout_cell layout_cell(const struct layout *l, int i)
{
	int aw = l->width - 2 * l->margin;
	int ah = l->height - 2 * l->margin - l->footer_height;
	int cw = (aw - (l->cols - 1) * l->gap) / l->cols;
	int ch = (ah - (l->rows - 1) * l->gap) / l->rows;
	int col = i % l->cols, row = i / l->cols;
	return (struct layout_cell){
		.x = l->margin + col * (cw + l->gap),
		.y = l->margin + row * (ch + l->gap),
		.w = cw,
		.h = ch,
	};
}

static bool set_key(struct layout *l, const char *key, const char *val, const char **why)
{
	if (strcmp(key, "size") == 0) {
		*why = "size must be WIDTHxHEIGHT, each 16 to 8000";
		return parse_pair(val, &l->width, &l->height) && l->width >= 16 &&
		       l->width <= 8000 && l->height >= 16 && l->height <= 8000;
	}
	if (strcmp(key, "grid") == 0) {
		*why = "grid must be COLSxROWS, at most 16 shots";
		return parse_pair(val, &l->cols, &l->rows) && l->cols >= 1 && l->rows >= 1 &&
		       l->cols <= 16 && l->rows <= 16 && l->cols * l->rows <= 16;
	}
	if (strcmp(key, "margin") == 0) {
		*why = "margin must be a whole number from 0 to 2000";
		return parse_int(val, 0, 2000, &l->margin);
	}
	if (strcmp(key, "gap") == 0) {
		*why = "gap must be a whole number from 0 to 2000";
		return parse_int(val, 0, 2000, &l->gap);
	}
	if (strcmp(key, "footer_height") == 0) {
		*why = "footer_height must be a whole number from 0 to 4000";
		return parse_int(val, 0, 4000, &l->footer_height);
	}
	if (strcmp(key, "background") == 0) {
		*why = "background must be a colour like #ffffff";
		return layout_parse_color(val, &l->background);
	}
	if (strcmp(key, "footer_color") == 0) {
		*why = "footer_color must be a colour like #111418";
		return layout_parse_color(val, &l->footer_color);
	}
	if (strcmp(key, "footer") == 0) {
		*why = "footer text is longer than 127 bytes";
		if (strlen(val) >= sizeof(l->footer)) {
			return false;
		}
		snprintf(l->footer, sizeof(l->footer), "%s", val);
		return true;
	}
	if (strcmp(key, "sheet") == 0) {
		*why = "sheet must be WIDTHxHEIGHT, each 16 to 8000";
		return parse_pair(val, &l->sheet_width, &l->sheet_height) && l->sheet_width >= 16 &&
		       l->sheet_width <= 8000 && l->sheet_height >= 16 && l->sheet_height <= 8000;
	}
	if (strcmp(key, "sheet_copies") == 0) {
		*why = "sheet_copies must be COLSxROWS, at most 8 copies";
		return parse_pair(val, &l->sheet_cols, &l->sheet_rows) && l->sheet_cols >= 1 &&
		       l->sheet_rows >= 1 && l->sheet_cols * l->sheet_rows <= 8;
	}
	if (strcmp(key, "boomerang") == 0) {
		*why = "boomerang must be a number of frames from 4 to 60";
		return parse_int(val, 4, 60, &l->boomerang_frames);
	}
	if (strcmp(key, "burst") == 0) {
		*why = "burst must be milliseconds from 500 to 5000";
		return parse_int(val, 500, 5000, &l->burst_ms);
	}
	if (strcmp(key, "frame_size") == 0) {
		*why = "frame_size must be pixels from 120 to 1080";
		return parse_int(val, 120, 1080, &l->frame_size);
	}
	*why = "unknown key";
	return false;
}

bool layout_parse(const char *text, size_t len, const char *file, struct layout *out, char *err,
		  size_t errlen)
{
	struct layout l = {
		.width = 1800,
		.height = 1200,
		.cols = 1,
		.rows = 1,
		.background = 0xffffff,
		.footer_color = 0x111418,
		.sheet_cols = 1,
		.sheet_rows = 1,
		.burst_ms = 2000,
		.frame_size = 480,
	};
	struct textfile_line line;
	struct textfile_reader rd;
	textfile_reader_init(&rd, text, len);
	while (textfile_next_kv(&rd, &line)) {
		if (line.error) {
			snprintf(err, errlen, "%s:%d: %s", file, line.number, line.error);
			return false;
		}
		if (line.section) {
			snprintf(err, errlen, "%s:%d: layouts have no [sections]", file,
				 line.number);
			return false;
		}
		const char *why = NULL;
		if (!set_key(&l, line.key, line.value, &why)) {
			snprintf(err, errlen, "%s:%d: %s: %s", file, line.number, line.key, why);
			return false;
		}
	}
	if (l.boomerang_frames && layout_shots(&l) != 1) {
		snprintf(err, errlen, "%s: a boomerang layout has one cell (grid = 1x1)", file);
		return false;
	}
	struct layout_cell c = layout_cell(&l, 0);
	if (c.w < 8 || c.h < 8) {
		snprintf(err, errlen, "%s: margins, gaps and footer leave no room for the shots",
			 file);
		return false;
	}
	*out = l;
	return true;
}

bool layout_load(const char *dir, const char *name, struct layout *out, char *err, size_t errlen)
{
	size_t n = strlen(name);
	if (n == 0 || n >= LAYOUT_NAME_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n) {
		snprintf(err, errlen,
			 "layout \"%s\": names are lower-case letters, digits, - and _", name);
		return false;
	}
	char *path = xasprintf("%s/%s.layout", dir, name);
	size_t len;
	struct error e;
	char *text = textfile_read(path, 1 << 20, &len, &e);
	if (!text) {
		snprintf(err, errlen, "%s", e.message);
		free(path);
		return false;
	}
	bool ok = layout_parse(text, len, path, out, err, errlen);
	if (ok) {
		snprintf(out->name, sizeof(out->name), "%s", name);
	}
	free(text);
	free(path);
	return ok;
}
