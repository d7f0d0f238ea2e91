/* Test helper: `glyphs FONT FILE...` reads each file as UTF-8 and prints, one line each,
 * FILE:LINE: U+XXXX for every character the font has no glyph for (controls aside). Exit 0
 * when the font covers all of them, 1 when not, 2 on a file or font that cannot be read. */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>

/* The next code point of s (advancing it), or -1 on a byte that begins none. */
static long next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	long c;
	int n;
	if (p[0] < 0x80) {
		c = p[0], n = 0;
	} else if ((p[0] & 0xe0) == 0xc0) {
		c = p[0] & 0x1f, n = 1;
	} else if ((p[0] & 0xf0) == 0xe0) {
		c = p[0] & 0x0f, n = 2;
	} else if ((p[0] & 0xf8) == 0xf0) {
		c = p[0] & 0x07, n = 3;
	} else {
		*s = p + 1;
		return -1;
	}
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s = p + i;
			return -1;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*s = p + n + 1;
	return c;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: glyphs FONT FILE...\n");
		return 2;
	}
	FT_Library lib;
	FT_Face face;
	if (FT_Init_FreeType(&lib) || FT_New_Face(lib, argv[1], 0, &face)) {
		fprintf(stderr, "%s: cannot open the font\n", argv[1]);
		return 2;
	}
	int missing = 0;
	for (int i = 2; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		char line[8192];
		for (int n = 1; fgets(line, sizeof(line), f); n++) {
			for (const unsigned char *p = (const unsigned char *)line; *p;) {
				long c = next_cp(&p);
				if (c < 0) {
					printf("%s:%d: not UTF-8\n", argv[i], n);
					missing++;
				} else if (c >= 0x20 && c != 0x7f &&
					   !FT_Get_Char_Index(face, (FT_ULong)c)) {
					printf("%s:%d: U+%04lX has no glyph in %s\n", argv[i], n, c,
					       argv[1]);
					missing++;
				}
			}
		}
		fclose(f);
	}
	FT_Done_Face(face);
	FT_Done_FreeType(lib);
	return missing ? 1 : 0;
}
