/* The staff PIN, kept only as a salted PBKDF2-SHA256 hash: "pbkdf2-sha256$ITER$SALT$HASH" with
 * SALT and HASH in hex. Never logged. Pure functions. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define PIN_HASH_MAX 160

/* Hashes pin with a fresh random salt into out. False if pin is not 4 to 8 digits. */
bool pin_hash(const char *pin, char *out, size_t outlen);

/* Whether pin matches the stored hash; false for a malformed hash. Constant time in the
 * comparison. */
bool pin_verify(const char *stored, const char *pin);

/* Whether `stored` has the form pin_hash() writes. */
bool pin_hash_valid(const char *stored);
