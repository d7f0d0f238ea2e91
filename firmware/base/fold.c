#include "fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "xalloc.h"

#define LOG_MODULE "fold"
#include "log.h"

struct fold {
	UTransliterator *trans;
};

struct fold *fold_create(void)
{
	struct fold *f = xcalloc(1, sizeof(*f));
	UErrorCode st = U_ZERO_ERROR;
	UChar id[64];
	u_uastrcpy(id, "Any-Latin; Latin-ASCII; Lower");
	f->trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		LOG_WARN("ICU transliteration unavailable (%s): only ASCII is folded",
			 u_errorName(st));
		f->trans = NULL;
	}
	return f;
}

void fold_destroy(struct fold *f)
{
	if (!f) {
		return;
	}
	if (f->trans) {
		utrans_close(f->trans);
	}
	free(f);
}

/* Transliterates to ASCII; returns a malloc'd string. */
static char *to_ascii(struct fold *f, const char *in)
{
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		ascii = ascii && *p < 0x80;
	}
	if (ascii || !f || !f->trans) {
		return xstrdup(in);
	}
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(NULL, 0, &n, in, -1, &st);
	st = U_ZERO_ERROR;
	int32_t cap = n * 4 + 16; /* transliteration can grow the text */
	UChar *buf = xmalloc(sizeof(UChar) * (size_t)cap);
	u_strFromUTF8(buf, cap, &n, in, -1, &st);
	int32_t limit = n;
	if (U_SUCCESS(st)) {
		utrans_transUChars(f->trans, buf, &n, cap, 0, &limit, &st);
	}
	char *out = NULL;
	if (U_SUCCESS(st)) {
		int32_t m = 0;
		UErrorCode st2 = U_ZERO_ERROR;
		u_strToUTF8(NULL, 0, &m, buf, n, &st2);
		out = xmalloc((size_t)m + 1);
		st2 = U_ZERO_ERROR;
		u_strToUTF8(out, m + 1, &m, buf, n, &st2);
		out[m] = '\0';
	}
	free(buf);
	return out ? out : xstrdup(in);
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool joiner(char c)
{
	return c == '\'' || c == '`';
}

void fold_text(struct fold *f, const char *in, char *out, size_t outlen)
{
	char *a = to_ascii(f, in);
	size_t n = 0;
	bool gap = false;
	for (char *p = a; *p && n + 1 < outlen; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		if (is_alnum(c)) {
			if (gap && n > 0 && n + 2 < outlen) {
				out[n++] = ' ';
			}
			gap = false;
			out[n++] = c;
		} else if (!joiner(c)) {
			gap = true;
		}
	}
	out[n] = '\0';
	free(a);
}

void fold_name(struct fold *f, const char *in, char *out, size_t outlen)
{
	char *a = to_ascii(f, in);
	/* pass 1: words split at hyphens and apostrophes too */
	char *split = xmalloc(strlen(a) * 2 + 2);
	size_t n = 0;
	for (char *p = a; *p; p++) {
		split[n++] = joiner(*p) ? ' ' : *p;
	}
	split[n] = '\0';
	fold_text(NULL, split, out, outlen);
	/* pass 2: the joined forms of words that had a hyphen or apostrophe */
	size_t used = strlen(out);
	for (char *word = strtok(a, " \t,;/()"); word; word = strtok(NULL, " \t,;/()")) {
		if (!strpbrk(word, "-'`")) {
			continue;
		}
		char joined[256];
		size_t j = 0;
		for (char *p = word; *p && j + 1 < sizeof(joined); p++) {
			char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
			if (is_alnum(c)) {
				joined[j++] = c;
			}
		}
		joined[j] = '\0';
		if (j > 0 && used + j + 2 < outlen) {
			out[used++] = ' ';
			memcpy(out + used, joined, j + 1);
			used += j;
		}
	}
	free(split);
	free(a);
}
