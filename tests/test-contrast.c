/* Every pair of colours the screens put one on the other (ui/palette.h) has the contrast WCAG
 * 2.2 asks: 4.5:1 for text, 3:1 for large text and for controls (1.4.3, 1.4.11). A pair over
 * the camera's picture is judged over white, its worst case. And the UI's code names no colour
 * that is not a token, so a new colour cannot skip this test. */
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

/* the tokens' values, read from palette.h itself */
static int tokens(const char *src, uint32_t *out, int max)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/ui/palette.h", src);
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	int n = 0;
	char line[512];
	unsigned v;
	while (f && fgets(line, sizeof(line), f)) {
		char name[64];
		if (sscanf(line, "#define %63s 0x%x", name, &v) == 2 && n < max) {
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
	for (int i = 0; i < ui_pair_count; i++) {
		const struct ui_pair *p = &ui_pairs[i];
		double r = ratio(lum_of(p->fg), p->scrim ? scrim_lum(p->bg) : lum_of(p->bg));
		double need = p->kind == UI_PAIR_TEXT ? 4.5 : 3.0;
		printf("%-52s %06X on %06X%s: %5.2f:1 (at least %.1f)\n", p->what, p->fg, p->bg,
		       p->scrim ? " over white" : "", r, need);
		if (r < need) {
			fprintf(stderr, "%s: %06X on %06X is %.2f:1, below %.1f:1\n", p->what,
				p->fg, p->bg, r, need);
		}
		CHECK(r >= need);
	}
	/* the figures UI.md states */
	CHECK(fabs(ratio(lum_of(UI_TEXT), lum_of(UI_BG)) - 16.4) < 0.1);
	CHECK(ratio(lum_of(UI_ERROR), lum_of(UI_BG)) >= 4.5);
	const char *src = getenv("SRCDIR");
	CHECK(src != NULL);
	if (src) {
		no_stray_colours(src);
	}
	return check_exit("contrast");
}
