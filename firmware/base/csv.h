/* CSV as RFC 4180 has it and spreadsheets write it: quoted fields, doubled quotes, newlines
 * inside quotes, CRLF, LF or a lone CR, a UTF-8 byte-order mark, and `,` `;` or tab as the
 * delimiter (detected from the header line). Every field must be valid UTF-8 with no NUL.
 * Reads from a buffer the caller owns. Not thread-safe per reader. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELD (64 * 1024)
#define CSV_MAX_COLUMNS 1000

struct csv_reader;

struct csv_row {
	int line;      /* the line the row starts on, 1-based */
	size_t count;  /* fields */
	char **fields; /* NUL-terminated; valid until the next csv_next() */
};

enum csv_status {
	CSV_ROW,
	CSV_END,
	CSV_ERROR, /* this row is malformed; reading can go on with the next row */
};

/* delim: 0 to detect it from the first line. Free with csv_close(). */
struct csv_reader *csv_open(const char *data, size_t len, char delim);
void csv_close(struct csv_reader *r);
char csv_delimiter(const struct csv_reader *r);

/* The next row, skipping blank lines. On CSV_ERROR, `err` holds the reason (without the file
 * name: "line 17: unclosed quote") and row->line the line at fault. */
enum csv_status csv_next(struct csv_reader *r, struct csv_row *row, char *err, size_t errlen);

/* Whether s (len bytes) is valid UTF-8 with no NUL and no overlong or surrogate forms. */
bool csv_valid_utf8(const char *s, size_t len);

/* Writes one field quoted as RFC 4180 needs (and only then). */
void csv_write_field(FILE *f, const char *s, char delim);
