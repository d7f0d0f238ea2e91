/* Line reading shared by the config, layout and script parsers: whole files read with a size
 * cap, lines split on LF or CRLF, `#` comments, `key = value` and `[section]` lines. Pure
 * functions over a buffer the caller owns. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct textfile_reader {
	const char *p, *end;
	int number;
	char buf[4096];
};

struct textfile_line {
	int number;       /* 1-based */
	const char *text; /* the whole line, trimmed; valid until the next call */
	const char *key;  /* key = value lines */
	const char *value;
	const char *section; /* [section] lines */
	const char *error;   /* set when the line is malformed; static string */
};

void textfile_reader_init(struct textfile_reader *rd, const char *text, size_t len);

/* Next line that is not blank or a comment; false at the end. Sets .text only. */
bool textfile_next(struct textfile_reader *rd, struct textfile_line *line);

/* Like textfile_next, and splits `key = value` or `[section]`, setting .error otherwise. */
bool textfile_next_kv(struct textfile_reader *rd, struct textfile_line *line);

struct error;
/* Reads a whole file of at most `max` bytes, NUL-terminated; NULL with e set ("PATH: reason";
 * ERROR_TOO_LARGE past max, ERROR_BAD_INPUT for a missing file or a folder). Caller frees. A
 * NUL byte inside is left for the line reader to report with its line. */
char *textfile_read(const char *path, size_t max, size_t *len, struct error *e);
