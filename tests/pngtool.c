/* Test helper for PNG and JPEG files alike (told apart by their bytes; written by the name's
 * extension): `pngtool diff [--tolerant] A B` compares two screenshots (exit 1 when they
 * differ, printing the figures); `pngtool info F` prints WIDTHxHEIGHT or fails with exit 2 if
 * the file does not decode in full; `pngtool make W H RRGGBB OUT` writes a gradient-free test
 * image; `pngtool crop IN X Y W H OUT` writes a part of IN. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"

/* Exact for the software renderer (at most 0.05% of pixels may differ at all, which one wrong
 * letter exceeds), or within a tolerance for another renderer (fonts and scalers differ
 * slightly between GL drivers; layouts do not). */
static int diff(const char *a_path, const char *b_path, bool tolerant)
{
	char err[512];
	struct image *a = picture_read_file(a_path, 0, 0, err, sizeof(err));
	if (!a) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	struct image *b = picture_read_file(b_path, 0, 0, err, sizeof(err));
	if (!b) {
		fprintf(stderr, "%s\n", err);
		image_destroy(a);
		return 2;
	}
	if (a->width != b->width || a->height != b->height) {
		fprintf(stderr, "%s is %dx%d but %s is %dx%d\n", a_path, a->width, a->height,
			b_path, b->width, b->height);
		return 1;
	}
	double total = 0;
	long off = 0, changed = 0, n = (long)a->width * a->height;
	for (long i = 0; i < n; i++) {
		uint32_t p = a->pixels[i], q = b->pixels[i];
		int worst = 0;
		for (int sh = 0; sh <= 16; sh += 8) {
			int d = abs((int)((p >> sh) & 0xff) - (int)((q >> sh) & 0xff));
			total += d;
			worst = d > worst ? d : worst;
		}
		off += worst > 64;
		changed += worst > 0;
	}
	double mean = total / (3.0 * (double)n), frac = (double)off / (double)n;
	double changed_frac = (double)changed / (double)n;
	bool ok = tolerant ? mean <= 2.0 && frac <= 0.01 : changed_frac <= 0.0005;
	printf("%s vs %s: %.3f%% of pixels differ, mean difference %.3f, %.3f%% far off (%s): "
	       "%s\n",
	       a_path, b_path, 100.0 * changed_frac, mean, 100.0 * frac,
	       tolerant ? "tolerant" : "exact", ok ? "the same" : "DIFFERENT");
	image_destroy(a);
	image_destroy(b);
	return ok ? 0 : 1;
}

static int write_file(const struct image *img, const char *path)
{
	unsigned char *data;
	size_t len;
	enum picture_format format = PICTURE_PNG;
	picture_format_of_name(path, &format);
	if (!picture_encode(img, format, 92, NULL, &data, &len)) {
		fprintf(stderr, "%s: cannot encode\n", path);
		return 1;
	}
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0) {
		ok = false;
	}
	free(data);
	if (!ok) {
		perror(path);
	}
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "diff") == 0) {
		return diff(argv[2], argv[3], false);
	}
	if (argc == 5 && strcmp(argv[1], "diff") == 0 && strcmp(argv[2], "--tolerant") == 0) {
		return diff(argv[3], argv[4], true);
	}
	if (argc == 3 && strcmp(argv[1], "info") == 0) {
		char err[512];
		struct image *img = picture_read_file(argv[2], 0, 0, err, sizeof(err));
		if (!img) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		printf("%dx%d\n", img->width, img->height);
		image_destroy(img);
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "make") == 0) {
		struct image *img = image_create(atoi(argv[2]), atoi(argv[3]));
		uint32_t c = (uint32_t)strtoul(argv[4], NULL, 16);
		for (int y = 0; y < img->height; y++) {
			for (int x = 0; x < img->width; x++) {
				/* a little texture so scaling is exercised */
				img->pixels[y * img->stride + x] =
					((x / 8 + y / 8) & 1) ? c : c / 2;
			}
		}
		int rc = write_file(img, argv[5]);
		image_destroy(img);
		return rc;
	}
	if (argc == 8 && strcmp(argv[1], "crop") == 0) {
		char err[512];
		struct image *img = picture_read_file(argv[2], 0, 0, err, sizeof(err));
		if (!img) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		int x = atoi(argv[3]), y = atoi(argv[4]), w = atoi(argv[5]), h = atoi(argv[6]);
		if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > img->width || y + h > img->height) {
			fprintf(stderr, "%s: %dx%d has no %dx%d at %d,%d\n", argv[2], img->width,
				img->height, w, h, x, y);
			return 2;
		}
		struct image *part = image_create(w, h);
		for (int r = 0; r < h; r++) {
			memcpy(part->pixels + (size_t)r * part->stride,
			       img->pixels + (size_t)(y + r) * img->stride + x, (size_t)w * 4);
		}
		int rc = write_file(part, argv[7]);
		image_destroy(part);
		image_destroy(img);
		return rc;
	}
	fprintf(stderr, "usage: pngtool diff [--tolerant] A B | info F | make W H RRGGBB OUT | "
			"crop IN X Y W H OUT\n");
	return 2;
}
