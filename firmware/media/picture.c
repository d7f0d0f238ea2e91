#include "picture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pngimage.h"
#include "xalloc.h"

const char *picture_ext(enum picture_format f)
{
	return f == PICTURE_PNG ? "png" : "jpg";
}

bool picture_format_of_name(const char *name, enum picture_format *f)
{
	const char *dot = strrchr(name, '.');
	if (!dot) {
		return false;
	}
	if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0) {
		*f = PICTURE_JPEG;
		return true;
	}
	if (strcasecmp(dot, ".png") == 0) {
		*f = PICTURE_PNG;
		return true;
	}
	return false;
}

bool picture_sniff(const void *data, size_t len, enum picture_format *f)
{
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		*f = PICTURE_PNG;
		return true;
	}
	if (len >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0) {
		*f = PICTURE_JPEG;
		return true;
	}
	return false;
}

struct image *picture_read_memory(const void *data, size_t len, int min_w, int min_h,
				  const char *what, char *err, size_t errlen)
{
	enum picture_format f;
	if (!picture_sniff(data, len, &f)) {
		snprintf(err, errlen, "%s: neither a JPEG nor a PNG file", what);
		return NULL;
	}
	if (f == PICTURE_PNG) {
		return png_read_memory(data, len, what, err, errlen);
	}
	return jpeg_read_memory(data, len, min_w, min_h, what, err, errlen);
}

bool picture_file_bytes(const char *path, unsigned char **out, size_t *outlen, char *err,
			size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	unsigned char *data = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		data = xgrow(data, &cap, len + 65536, 1);
		size_t n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			break;
		}
		if (len > ((size_t)256 << 20)) {
			fclose(f);
			free(data);
			snprintf(err, errlen, "%s: file larger than 256 MB", path);
			return false;
		}
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(data);
		snprintf(err, errlen, "%s: read error", path);
		return false;
	}
	*out = data;
	*outlen = len;
	return true;
}

struct image *picture_read_file(const char *path, int min_w, int min_h, char *err, size_t errlen)
{
	unsigned char *data;
	size_t len;
	if (!picture_file_bytes(path, &data, &len, err, errlen)) {
		return NULL;
	}
	struct image *img = picture_read_memory(data, len, min_w, min_h, path, err, errlen);
	free(data);
	return img;
}

bool picture_encode(const struct image *img, enum picture_format f, int quality,
		    const struct photo_exif *exif, unsigned char **out, size_t *len)
{
	if (f == PICTURE_PNG) {
		return png_encode(img, out, len);
	}
	return jpeg_encode(img, quality, exif, out, len);
}
