#include "textenc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "csv.h"
#include "xalloc.h"

/* Valid UTF-8 apart from zero bytes, which the CSV reader reports with their line. */
static bool utf8_but_nul(const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end) {
		const char *nul = memchr(s, '\0', (size_t)(end - s));
		const char *stop = nul ? nul : end;
		if (!csv_valid_utf8(s, (size_t)(stop - s))) {
			return false;
		}
		s = nul ? nul + 1 : end;
	}
	return true;
}

/* UTF-16 without a byte-order mark: most of its characters in a roster are ASCII, so every
 * other byte is zero, on the odd side for little-endian. */
static enum textenc guess_utf16(const unsigned char *p, size_t len)
{
	size_t n = len < 4096 ? len & ~(size_t)1 : 4096;
	size_t even = 0, odd = 0;
	for (size_t i = 0; i < n; i += 2) {
		even += p[i] == 0;
		odd += p[i + 1] == 0;
	}
	size_t pairs = n / 2;
	if (pairs >= 2 && odd * 3 >= pairs * 2 && even * 10 < pairs) {
		return TEXTENC_UTF16LE;
	}
	if (pairs >= 2 && even * 3 >= pairs * 2 && odd * 10 < pairs) {
		return TEXTENC_UTF16BE;
	}
	return TEXTENC_UTF8;
}

static int line_of(const UChar *u, const UChar *end)
{
	int line = 1;
	for (; u < end; u++) {
		line += *u == '\n';
	}
	return line;
}

/* A control character that no roster's text holds: C0 other than tab and line ends, DEL, and
 * C1, which is also what Windows-1252's five undefined bytes decode to. */
static bool stray_control(UChar c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0) ||
	       (c >= 0x7f && c <= 0x9f);
}

static bool fail(struct textenc_result *r, int line, const char *fmt, const char *arg)
{
	free(r->text);
	r->text = NULL;
	r->len = 0;
	r->bad_line = line;
	snprintf(r->error, sizeof(r->error), fmt, arg);
	return false;
}

/* data in the encoding `icu` into r->text; strict: stops at the first byte that is not. */
static bool convert(const char *data, size_t len, const char *icu, bool check_controls,
		    struct textenc_result *r)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(icu, &st);
	if (U_FAILURE(st)) {
		return fail(r, 0, "no converter for %s", icu);
	}
	st = U_ZERO_ERROR;
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
	size_t cap = len + 16;
	UChar *u = xcalloc(cap, sizeof(UChar));
	UChar *t = u;
	const char *src = data;
	st = U_ZERO_ERROR;
	ucnv_toUnicode(cnv, &t, u + cap, &src, data + len, NULL, 1, &st);
	ucnv_close(cnv);
	bool ok = U_SUCCESS(st);
	if (!ok) {
		int line = line_of(u, t);
		free(u);
		return fail(r, line, "not valid %s", icu);
	}
	const UChar *start = u + (t > u && u[0] == 0xFEFF);
	for (const UChar *c = start; check_controls && c < t; c++) {
		if (stray_control(*c)) {
			int line = line_of(u, c);
			free(u);
			return fail(r, line, "neither UTF-8 nor %s", icu);
		}
	}
	int32_t n = 0;
	st = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &n, start, (int32_t)(t - start), &st);
	r->text = xmalloc((size_t)n + 1);
	st = U_ZERO_ERROR;
	u_strToUTF8(r->text, n + 1, &n, start, (int32_t)(t - start), &st);
	free(u);
	if (U_FAILURE(st)) {
		return fail(r, 0, "cannot be written as UTF-8 (%s)", icu);
	}
	r->text[n] = '\0';
	r->len = (size_t)n;
	return true;
}

bool textenc_known(const char *name)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(name, &st);
	ucnv_close(cnv);
	return U_SUCCESS(st);
}

bool textenc_decode(const char *data, size_t len, const char *name, struct textenc_result *r)
{
	memset(r, 0, sizeof(*r));
	const unsigned char *p = (const unsigned char *)data;
	if (name) {
		r->encoding = TEXTENC_NAMED;
		if (!textenc_known(name)) {
			return fail(r, 0, "not an encoding this system knows: %s", name);
		}
		return convert(data, len, name, false, r);
	}
	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		r->encoding = TEXTENC_UTF16LE;
	} else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		r->encoding = TEXTENC_UTF16BE;
	} else {
		r->encoding = guess_utf16(p, len);
	}
	if (r->encoding == TEXTENC_UTF16LE || r->encoding == TEXTENC_UTF16BE) {
		return convert(data, len, r->encoding == TEXTENC_UTF16LE ? "UTF-16LE" : "UTF-16BE",
			       false, r);
	}
	if (utf8_but_nul(data, len)) {
		r->encoding = TEXTENC_UTF8;
		r->text = xmalloc(len + 1);
		memcpy(r->text, data, len);
		r->text[len] = '\0';
		r->len = len;
		return true;
	}
	r->encoding = TEXTENC_WINDOWS1252;
	return convert(data, len, "windows-1252", true, r);
}
