#include "textfile.h"

#include "error.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xalloc.h"

void textfile_reader_init(struct textfile_reader *rd, const char *text, size_t len)
{
	rd->p = text;
	rd->end = text + len;
	rd->number = 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *trim(char *s)
{
	while (is_space(*s)) {
		s++;
	}
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1])) {
		s[--n] = '\0';
	}
	return s;
}

bool textfile_next(struct textfile_reader *rd, struct textfile_line *line)
{
	while (rd->p < rd->end) {
		const char *nl = memchr(rd->p, '\n', (size_t)(rd->end - rd->p));
		const char *stop = nl ? nl : rd->end;
		size_t n = (size_t)(stop - rd->p);
		rd->number++;
		memset(line, 0, sizeof(*line));
		line->number = rd->number;
		if (n >= sizeof(rd->buf)) {
			rd->p = nl ? nl + 1 : rd->end;
			line->text = "";
			line->error = "line longer than 4095 bytes";
			return true;
		}
		memcpy(rd->buf, rd->p, n);
		rd->buf[n] = '\0';
		rd->p = nl ? nl + 1 : rd->end;
		if (memchr(rd->buf, '\0', n)) {
			line->text = "";
			line->error = "NUL byte in line";
			return true;
		}
		char *t = trim(rd->buf);
		if (*t == '\0' || *t == '#' || *t == ';') {
			continue;
		}
		line->text = t;
		return true;
	}
	return false;
}

bool textfile_next_kv(struct textfile_reader *rd, struct textfile_line *line)
{
	if (!textfile_next(rd, line)) {
		return false;
	}
	if (line->error) {
		return true;
	}
	char *t = (char *)line->text;
	size_t n = strlen(t);
	if (t[0] == '[') {
		if (t[n - 1] != ']' || n < 3) {
			line->error = "a section line looks like [name]";
			return true;
		}
		t[n - 1] = '\0';
		line->section = trim(t + 1);
		return true;
	}
	char *eq = strchr(t, '=');
	if (!eq) {
		line->error = "expected key = value";
		return true;
	}
	*eq = '\0';
	line->key = trim(t);
	line->value = trim(eq + 1);
	if (!*line->key) {
		line->error = "missing key before =";
	}
	return true;
}

char *textfile_read(const char *path, size_t max, size_t *len, struct error *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int saved = errno;
		error_set(e, saved == ENOENT ? ERROR_BAD_INPUT : error_from_errno(saved), "%s: %s",
			  path, strerror(saved));
		return NULL;
	}
	struct stat st;
	bool stated = fstat(fileno(f), &st) == 0;
	if (stated && S_ISDIR(st.st_mode)) {
		fclose(f);
		error_set(e, ERROR_BAD_INPUT, "%s: is a folder", path);
		return NULL;
	}
	/* sized from the file, so a small roster does not reserve the whole limit; grown as
	 * needed for a pipe or a file that grows while being read */
	bool regular = stated && S_ISREG(st.st_mode);
	if (regular && (uintmax_t)st.st_size > max) {
		fclose(f);
		error_set(e, ERROR_TOO_LARGE, "%s: larger than %zu bytes", path, max);
		return NULL;
	}
	size_t cap = regular ? (size_t)st.st_size + 1 : 65536;
	cap = cap > max + 1 ? max + 1 : cap;
	char *buf = xmalloc(cap + 1);
	size_t n = 0, got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			if (cap > max) {
				break;
			}
			cap = cap > max / 2 ? max + 1 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		error_set(e, ERROR_FAILED, "%s: read error", path);
		return NULL;
	}
	if (n > max) {
		free(buf);
		error_set(e, ERROR_TOO_LARGE, "%s: larger than %zu bytes", path, max);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}
