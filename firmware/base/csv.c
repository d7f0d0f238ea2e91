#include "csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct csv_reader {
	const unsigned char *p, *end;
	char delim;
	int line;
	/* the current row: fields are NUL-separated in buf, starts in offsets */
	char *buf;
	size_t used, cap;
	size_t *starts;
	size_t nstarts, cap_starts;
	char **fields;
	size_t cap_fields;
};

static char detect(const unsigned char *p, const unsigned char *end)
{
	int counts[3] = {0, 0, 0};
	bool quoted = false;
	for (; p < end; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (!quoted && (*p == '\n' || *p == '\r')) {
			break;
		} else if (!quoted) {
			counts[0] += *p == ',';
			counts[1] += *p == ';';
			counts[2] += *p == '\t';
		}
	}
	if (counts[1] > counts[0] && counts[1] >= counts[2]) {
		return ';';
	}
	if (counts[2] > counts[0] && counts[2] > counts[1]) {
		return '\t';
	}
	return ',';
}

struct csv_reader *csv_open(const char *data, size_t len, char delim)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	r->p = (const unsigned char *)data;
	r->end = r->p + len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		r->p += 3;
	}
	r->delim = delim ? delim : detect(r->p, r->end);
	r->line = 1;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r) {
		return;
	}
	free(r->buf);
	free(r->starts);
	free(r->fields);
	free(r);
}

char csv_delimiter(const struct csv_reader *r)
{
	return r->delim;
}

bool csv_valid_utf8(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + len;
	while (s < e) {
		unsigned c = *s;
		if (c == 0) {
			return false;
		}
		if (c < 0x80) {
			s++;
			continue;
		}
		int n;
		uint32_t cp, min;
		if ((c & 0xe0) == 0xc0) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (e - s <= n) {
			return false;
		}
		for (int i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80) {
				return false;
			}
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
			return false;
		}
		s += n + 1;
	}
	return true;
}

static void put(struct csv_reader *r, char c)
{
	r->buf = xgrow(r->buf, &r->cap, r->used + 1, 1);
	r->buf[r->used++] = c;
}

static void start_field(struct csv_reader *r)
{
	r->starts = xgrow(r->starts, &r->cap_starts, r->nstarts + 1, sizeof(size_t));
	r->starts[r->nstarts++] = r->used;
}

/* Skips to the end of the current physical line, counting it. */
static void skip_line(struct csv_reader *r)
{
	while (r->p < r->end && *r->p != '\n' && *r->p != '\r') {
		r->p++;
	}
	if (r->p < r->end && *r->p == '\r') {
		r->p++;
	}
	if (r->p < r->end && *r->p == '\n') {
		r->p++;
	}
	r->line++;
}

/* Consumes a line break at p (CRLF, LF or a lone CR); false if there is none. */
static bool eat_newline(struct csv_reader *r)
{
	if (r->p >= r->end) {
		return false;
	}
	if (*r->p == '\r') {
		r->p++;
		if (r->p < r->end && *r->p == '\n') {
			r->p++;
		}
		r->line++;
		return true;
	}
	if (*r->p == '\n') {
		r->p++;
		r->line++;
		return true;
	}
	return false;
}

/* A quoted field, from its opening quote. NULL, or why it is bad; *eof when the file ended
 * inside it (*line: where it opened). */
static const char *quoted_field(struct csv_reader *r, bool *eof, int *line)
{
	int opened = r->line;
	r->p++;
	for (;;) {
		if (r->p >= r->end) {
			*eof = true;
			*line = opened;
			return "unclosed quote";
		}
		unsigned char c = *r->p;
		if (c == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				put(r, '"');
				r->p += 2;
				continue;
			}
			r->p++;
			break;
		}
		if (c == '\n' || (c == '\r' && !(r->p + 1 < r->end && r->p[1] == '\n'))) {
			r->line++;
		}
		put(r, (char)c);
		r->p++;
	}
	if (r->p < r->end && *r->p != (unsigned char)r->delim && *r->p != '\n' && *r->p != '\r') {
		return "text after a closing quote";
	}
	return NULL;
}

/* One field into buf, NUL-terminated and checked. NULL, or why it is bad. */
static const char *next_field(struct csv_reader *r, bool *eof, int *line)
{
	start_field(r);
	size_t field_start = r->used;
	if (r->p < r->end && *r->p == '"') {
		const char *why = quoted_field(r, eof, line);
		if (why) {
			return why;
		}
	} else {
		while (r->p < r->end && *r->p != (unsigned char)r->delim && *r->p != '\n' &&
		       *r->p != '\r') {
			put(r, (char)*r->p++);
		}
	}
	if (r->used - field_start > CSV_MAX_FIELD) {
		return "a field longer than 64 KB";
	}
	/* an empty first field leaves buf unallocated: nothing to check */
	if (r->used > field_start && !csv_valid_utf8(r->buf + field_start, r->used - field_start)) {
		return memchr(r->buf + field_start, '\0', r->used - field_start)
			       ? "NUL byte in a field"
			       : "invalid UTF-8";
	}
	put(r, '\0');
	if (r->nstarts > CSV_MAX_COLUMNS) {
		return "more than 1000 columns";
	}
	return NULL;
}

enum csv_status csv_next(struct csv_reader *r, struct csv_row *row, char *err, size_t errlen)
{
	/* blank lines between rows are skipped */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		eat_newline(r);
	}
	if (r->p >= r->end) {
		return CSV_END;
	}
	r->used = 0;
	r->nstarts = 0;
	row->line = r->line;
	for (;;) {
		bool eof = false;
		int line = r->line;
		const char *why = next_field(r, &eof, &line);
		if (why) {
			if (!eof) {
				line = r->line;
				skip_line(r);
			}
			row->line = line;
			snprintf(err, errlen, "line %d: %s", line, why);
			return CSV_ERROR;
		}
		if (r->p < r->end && *r->p == (unsigned char)r->delim) {
			r->p++;
			continue;
		}
		eat_newline(r);
		break;
	}
	r->fields = xgrow(r->fields, &r->cap_fields, r->nstarts, sizeof(char *));
	for (size_t i = 0; i < r->nstarts; i++) {
		r->fields[i] = r->buf + r->starts[i];
	}
	row->count = r->nstarts;
	row->fields = r->fields;
	return CSV_ROW;
}

void csv_write_field(FILE *f, const char *s, char delim)
{
	if (!strpbrk(s, "\"\r\n") && !strchr(s, delim)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"') {
			fputc('"', f);
		}
		fputc(*s, f);
	}
	fputc('"', f);
}
