/* How things are named on disk. Pure functions, but for names_token(). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A file-name-safe slug of a person's name: lower-case ASCII letters and digits joined by
 * single '-', at most `outlen - 1` bytes, never empty ("booth" when nothing is left), never
 * "." or "..", never containing '/'. Accented Latin letters lose their accents. */
void names_slug(const char *name, char *out, size_t outlen);

/* "photos/YYYY-MM-DD" for local time t. */
void names_photo_dir(time_t t, char *out, size_t outlen);

/* "HHMMSS-<session8>-<what>-<slug>.<ext>", e.g. "221503-a1b2c3d4-shot1-booth.jpg". */
void names_photo_file(time_t t, const char *session_uuid, const char *what, const char *slug,
		      const char *ext, char *out, size_t outlen);

/* Lower-case hex SHA-256 of data: 64 digits and NUL. */
void names_sha256_hex(const void *data, size_t len, char out[65]);

/* 26 characters of lower-case base32 from 130 random bits of the kernel's (getrandom): a share
 * page's address no one can guess. False if the kernel gave none. */
bool names_token(char out[27]);
