/* Every pair of colours the screens put one on the other (ui/palette.h) has, in both palettes,
 * the contrast WCAG 2.2 asks: 4.5:1 for text, 3:1 for large text and for controls (1.4.3,
 * 1.4.11); the high-contrast palette at least 7:1 for text (1.4.6). A pair over the camera's
 * picture is judged over white, its worst case. And the UI's code names no colour that is not
 * a token, so a new colour cannot skip this test. */
#include <dirent.h>
#include <math.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "palette.h"

static double channel(double c)
{
	c /= 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(double r, double g, double b)
{
	return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

static double lum_of(uint32_t rgb)
{
	return luminance((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
}

/* bg at UI_SCRIM_ALPHA over white */
static double scrim_lum(uint32_t bg)
{
	double a = UI_SCRIM_ALPHA / 255.0;
	return luminance(a * ((bg >> 16) & 0xff) + (1 - a) * 255,
			 a * ((bg >> 8) & 0xff) + (1 - a) * 255, a * (bg & 0xff) + (1 - a) * 255);
}

static double ratio(double l1, double l2)
{
	double hi = l1 > l2 ? l1 : l2, lo = l1 > l2 ? l2 : l1;
	return (hi + 0.05) / (lo + 0.05);
}

/* the tokens' values, read from palette.c itself */
static int tokens(const char *src, uint32_t *out, int max)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/ui/palette.c", src);
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	int n = 0;
	char line[512];
	unsigned v;
	while (f && fgets(line, sizeof(line), f)) {
		char name[64];
		if (sscanf(line, " .%63[a-z_] = 0x%x", name, &v) == 2 && n < max) {
			out[n++] = v;
		}
	}
	if (f) {
		fclose(f);
	}
	return n;
}

/* every 0xRRGGBB written in the UI's sources is a token's value */
static void no_stray_colours(const char *src)
{
	uint32_t known[64];
	int n = tokens(src, known, 64);
	CHECK(n >= 10);
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/ui", src);
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	regex_t re;
	CHECK(regcomp(&re, "0x[0-9A-Fa-f]{6}\\b", REG_EXTENDED) == 0);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0 ||
		    strcmp(e->d_name, "palette.c") == 0) {
			continue;
		}
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		char line[1024];
		for (int ln = 1; f && fgets(line, sizeof(line), f); ln++) {
			regmatch_t m;
			for (const char *p = line; regexec(&re, p, 1, &m, 0) == 0; p += m.rm_eo) {
				unsigned v = (unsigned)strtoul(p + m.rm_so, NULL, 16);
				bool mask =
					m.rm_so >= 2 && p[m.rm_so - 2] == '&'; /* rgb & 0xFFFFFF */
				bool ok = mask;
				for (int i = 0; i < n && !ok; i++) {
					ok = known[i] == v;
				}
				if (!ok) {
					fprintf(stderr,
						"ui/%s:%d: 0x%06X is no colour of palette.h\n",
						e->d_name, ln, v);
				}
				CHECK(ok);
			}
		}
		if (f) {
			fclose(f);
		}
	}
	regfree(&re);
	if (d) {
		closedir(d);
	}
}

int main(void)
{
	const struct ui_palette *palettes[] = {&ui_palette_normal, &ui_palette_high};
	for (int k = 0; k < 2; k++) {
		const struct ui_palette *pal = palettes[k];
		for (int i = 0; i < ui_pair_count; i++) {
			const struct ui_pair *p = &ui_pairs[i];
			uint32_t fg = ui_pair_color(pal, p->fg), bg = ui_pair_color(pal, p->bg);
			double r = ratio(lum_of(fg), p->scrim ? scrim_lum(bg) : lum_of(bg));
			double need = p->kind == UI_PAIR_TEXT ? 4.5 : 3.0;
			if (pal == &ui_palette_high && p->kind != UI_PAIR_CONTROL) {
				need = p->kind == UI_PAIR_TEXT ? 7.0 : 4.5; /* AAA */
			}
			printf("%-14s %-48s %06X on %06X%s: %5.2f:1 (at least %.1f)\n", pal->name,
			       p->what, fg, bg, p->scrim ? " over white" : "", r, need);
			if (r < need) {
				fprintf(stderr, "%s: %s: %06X on %06X is %.2f:1, below %.1f:1\n",
					pal->name, p->what, fg, bg, r, need);
			}
			CHECK(r >= need);
		}
	}
	/* the figures UI.md states */
	CHECK(fabs(ratio(lum_of(ui_palette_normal.text), lum_of(ui_palette_normal.bg)) - 16.4) <
	      0.1);
	const char *src = getenv("SRCDIR");
	CHECK(src != NULL);
	if (src) {
		no_stray_colours(src);
	}
	return check_exit("contrast");
}
