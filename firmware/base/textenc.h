/* What encoding a text file's bytes are in, and the same text as UTF-8: for rosters saved the
 * ways spreadsheets save them (UTF-8, UTF-16 from Excel's "Unicode Text", Windows-1252 from
 * Excel's "CSV (Comma delimited)"). The converters are ICU's. Pure functions over a buffer the
 * caller owns; any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum textenc {
	TEXTENC_UTF8,
	TEXTENC_UTF16LE,
	TEXTENC_UTF16BE,
	TEXTENC_WINDOWS1252,
	TEXTENC_NAMED, /* the caller named it */
};

struct textenc_result {
	enum textenc encoding;
	char *text; /* UTF-8, NUL-terminated; the caller frees it with free() */
	size_t len;
	int bad_line;    /* on failure: the 1-based line at fault, or 0 for the whole file */
	char error[160]; /* on failure: why, without the file name */
};

/* Decodes data (len bytes) into r->text. name: an encoding ICU knows ("UTF-16",
 * "windows-1250", ...), or NULL to guess: a UTF-16 byte-order mark, or the pattern of zero
 * bytes UTF-16 text without one has, is UTF-16; valid UTF-8 stays as it is (zero bytes and
 * all, for the CSV reader to report with their line); anything else is read as Windows-1252,
 * unless it holds bytes that Windows-1252 leaves undefined or control characters no text has,
 * in which case it decodes neither way. False with r->error and r->bad_line set then (text
 * NULL). A UTF-8 byte-order mark is left in place; any other is removed. */
bool textenc_decode(const char *data, size_t len, const char *name, struct textenc_result *r);

/* Whether ICU knows the encoding called name. */
bool textenc_known(const char *name);
