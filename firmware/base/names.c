#include "names.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

/* Folds the Latin-1 Supplement and Latin Extended-A letters people's names use most to ASCII;
 * anything else outside ASCII becomes a separator. */
static const char *fold_cp(unsigned cp)
{
	static const char *const latin1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
		"d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
		"d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
	};
	static const char *const ext_a[128] = {
		"a", "a", "a",  "a",  "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
		"d", "d", "e",  "e",  "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
		"g", "g", "g",  "g",  "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
		"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
		"l", "l", "l",  "n",  "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
		"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
		"s", "s", "t",  "t",  "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
		"u", "u", "u",  "u",  "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
	};
	if (cp >= 0xc0 && cp < 0x100) {
		return latin1[cp - 0xc0];
	}
	if (cp >= 0x100 && cp < 0x180) {
		return ext_a[cp - 0x100];
	}
	return NULL;
}

void names_slug(const char *name, char *out, size_t outlen)
{
	size_t n = 0;
	bool dash = false;
	const unsigned char *s = (const unsigned char *)name;
	while (*s && n + 1 < outlen) {
		unsigned cp = *s;
		int extra = cp < 0x80 ? 0 : (cp >> 5) == 6 ? 1 : (cp >> 4) == 14 ? 2 : 3;
		if (cp >= 0x80) {
			cp &= 0x3f >> extra;
			for (int i = 1; i <= extra; i++) {
				if ((s[i] & 0xc0) != 0x80) {
					extra = i - 1;
					cp = 0xfffd;
					break;
				}
				cp = (cp << 6) | (s[i] & 0x3f);
			}
		}
		s += extra + 1;
		char ascii[2] = {0, 0};
		const char *piece = NULL;
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z') {
				cp += 'a' - 'A';
			}
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
				ascii[0] = (char)cp;
				piece = ascii;
			} else if (cp == '\'') {
				continue; /* O'Brien is obrien */
			}
		} else {
			piece = fold_cp(cp);
		}
		if (!piece) {
			dash = n > 0;
			continue;
		}
		if (dash && n + 2 < outlen) {
			out[n++] = '-';
		}
		dash = false;
		for (; *piece && n + 1 < outlen; piece++) {
			out[n++] = *piece;
		}
	}
	while (n > 0 && out[n - 1] == '-') {
		n--;
	}
	out[n] = '\0';
	if (n == 0) {
		snprintf(out, outlen, "booth");
	}
}

void names_photo_dir(time_t t, char *out, size_t outlen)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, outlen, "photos/%Y-%m-%d", &tm);
}

void names_photo_file(time_t t, const char *session_uuid, const char *what, const char *slug,
		      const char *ext, char *out, size_t outlen)
{
	struct tm tm;
	localtime_r(&t, &tm);
	char hms[16];
	strftime(hms, sizeof(hms), "%H%M%S", &tm);
	snprintf(out, outlen, "%s-%.8s-%s-%s.%s", hms, session_uuid, what, slug, ext);
}

void names_sha256_hex(const void *data, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
	}
}

bool names_token(char out[27])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char r[26];
	size_t got = 0;
	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return false;
		}
		got += (size_t)n;
	}
	for (int i = 0; i < 26; i++) {
		out[i] = alphabet[r[i] & 31]; /* 5 bits each: 130 bits */
	}
	out[26] = '\0';
	return true;
}
