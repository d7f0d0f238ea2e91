#include "pin.h"

#include <errno.h>
#include <nettle/pbkdf2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define ITERATIONS 20000 /* a few tens of ms on a Pi 4: fine for one staff login */
#define SALT 16
#define HASH 32

static bool digits(const char *pin)
{
	size_t n = strlen(pin);
	return n >= 4 && n <= 8 && strspn(pin, "0123456789") == n;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	}
}

static bool unhex(const char *s, size_t len, uint8_t *out, size_t n)
{
	if (len != 2 * n) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1) {
			return false;
		}
		out[i] = (uint8_t)v;
	}
	return true;
}

static void derive(const char *pin, const uint8_t *salt, unsigned iter, uint8_t *out)
{
	pbkdf2_hmac_sha256(strlen(pin), (const uint8_t *)pin, iter, SALT, salt, HASH, out);
}

bool pin_hash(const char *pin, char *out, size_t outlen)
{
	if (!digits(pin) || outlen < PIN_HASH_MAX) {
		return false;
	}
	uint8_t salt[SALT], h[HASH];
	size_t got = 0;
	while (got < SALT) {
		ssize_t n = getrandom(salt + got, SALT - got, 0);
		if (n < 0 && errno != EINTR) {
			return false;
		}
		got += n > 0 ? (size_t)n : 0;
	}
	derive(pin, salt, ITERATIONS, h);
	char sh[2 * SALT + 1], hh[2 * HASH + 1];
	hex(salt, SALT, sh);
	hex(h, HASH, hh);
	snprintf(out, outlen, "pbkdf2-sha256$%d$%s$%s", ITERATIONS, sh, hh);
	return true;
}

static bool parse(const char *stored, unsigned *iter, uint8_t *salt, uint8_t *h)
{
	const char *p = "pbkdf2-sha256$";
	if (strncmp(stored, p, strlen(p)) != 0) {
		return false;
	}
	char *end;
	unsigned long it = strtoul(stored + strlen(p), &end, 10);
	if (*end != '$' || it < 1000 || it > 10000000) {
		return false;
	}
	const char *s = end + 1, *d = strchr(s, '$');
	if (!d || !unhex(s, (size_t)(d - s), salt, SALT) || !unhex(d + 1, strlen(d + 1), h, HASH)) {
		return false;
	}
	*iter = (unsigned)it;
	return true;
}

bool pin_hash_valid(const char *stored)
{
	unsigned iter;
	uint8_t salt[SALT], h[HASH];
	return parse(stored, &iter, salt, h);
}

bool pin_verify(const char *stored, const char *pin)
{
	unsigned iter;
	uint8_t salt[SALT], want[HASH], got[HASH];
	if (!parse(stored, &iter, salt, want) || strlen(pin) > 64) {
		return false;
	}
	derive(pin, salt, iter, got);
	uint8_t diff = 0;
	for (int i = 0; i < HASH; i++) {
		diff |= (uint8_t)(want[i] ^ got[i]);
	}
	return diff == 0;
}
