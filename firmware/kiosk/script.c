#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booth.h"
#include "error.h"
#include "textfile.h"
#include "xalloc.h"

static const struct {
	const char *name;
	enum script_op op;
	int arg; /* 0 none, 1 ms, 2 text, 3 two fractions */
} ops[] = {
	{"wait", SCRIPT_WAIT, 1},
	{"press", SCRIPT_PRESS, 0},
	{"hold", SCRIPT_HOLD, 1},
	{"next", SCRIPT_NEXT, 0},
	{"tap", SCRIPT_TAP, 2},
	{"tap-at", SCRIPT_TAP_AT, 3},
	{"type", SCRIPT_TYPE, 2},
	{"key", SCRIPT_KEY, 2},
	{"scan", SCRIPT_SCAN, 2},
	{"shot", SCRIPT_SHOT, 2},
	{"expect-screen", SCRIPT_EXPECT_SCREEN, 2},
	{"wait-real", SCRIPT_WAIT_REAL, 1},
	{"expect-printer", SCRIPT_EXPECT_PRINTER, 2},
	{"expect-notice", SCRIPT_EXPECT_NOTICE, 2},
	{"expect-file", SCRIPT_EXPECT_FILE, 2},
	{"close", SCRIPT_CLOSE, 0},
	{"quit", SCRIPT_QUIT, 0},
};

static bool parse_fraction(const char *s, float *out, const char **rest)
{
	char *end;
	errno = 0;
	float v = strtof(s, &end);
	if (errno || end == s || !(v >= 0.0f && v <= 1.0f)) {
		return false;
	}
	*out = v;
	*rest = end;
	return true;
}

static const char *check_text(enum script_op op, const char *arg)
{
	if (!*arg) {
		return "needs an argument";
	}
	if (op == SCRIPT_SHOT) {
		size_t n = strlen(arg);
		if (n > 64 || strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					  "0123456789_-") != n) {
			return "shot names are letters, digits, - and _ (at most 64)";
		}
	}
	if (op == SCRIPT_EXPECT_SCREEN) {
		enum booth_screen s;
		if (!booth_screen_from_name(arg, &s)) {
			return "unknown screen name";
		}
	}
	if ((op == SCRIPT_SCAN || op == SCRIPT_KEY) && strchr(arg, '\t')) {
		return "tabs are not allowed here";
	}
	return NULL;
}

static const char *parse_line(const char *t, struct script_step *st)
{
	size_t n = strcspn(t, " \t");
	const char *arg = t + n;
	while (*arg == ' ' || *arg == '\t') {
		arg++;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strlen(ops[i].name) != n || strncmp(ops[i].name, t, n) != 0) {
			continue;
		}
		st->op = ops[i].op;
		switch (ops[i].arg) {
		case 0:
			return *arg ? "takes no argument" : NULL;
		case 1: {
			char *end;
			errno = 0;
			long v = strtol(arg, &end, 10);
			if (!*arg || errno || *end || v < 0 || v > 86400000) {
				return "needs milliseconds from 0 to 86400000";
			}
			st->ms = (int)v;
			return NULL;
		}
		case 2: {
			const char *why = check_text(st->op, arg);
			if (!why) {
				st->text = xstrdup(arg);
			}
			return why;
		}
		case 3: {
			const char *rest;
			if (!parse_fraction(arg, &st->x, &rest) ||
			    !parse_fraction(rest, &st->y, &rest)) {
				return "needs X Y, fractions of the screen from 0 to 1";
			}
			while (*rest == ' ' || *rest == '\t') {
				rest++;
			}
			return *rest ? "takes only X and Y" : NULL;
		}
		}
	}
	return "unknown step (wait, press, hold, next, tap, tap-at, type, key, scan, shot, "
	       "expect-screen, quit)";
}

struct script *script_parse(const char *text, size_t len, const char *file, char *err,
			    size_t errlen)
{
	struct script *s = xcalloc(1, sizeof(*s));
	s->file = xstrdup(file);
	size_t cap = 0;
	struct textfile_reader rd;
	struct textfile_line line;
	textfile_reader_init(&rd, text, len);
	while (textfile_next(&rd, &line)) {
		struct script_step st = {.line = line.number};
		const char *why = line.error ? line.error : parse_line(line.text, &st);
		if (why) {
			snprintf(err, errlen, "%s:%d: %s", file, line.number, why);
			free(st.text);
			script_destroy(s);
			return NULL;
		}
		s->steps = xgrow(s->steps, &cap, s->count + 1, sizeof(*s->steps));
		s->steps[s->count++] = st;
	}
	return s;
}

struct script *script_load(const char *path, char *err, size_t errlen)
{
	size_t len;
	struct error e;
	char *text = textfile_read(path, 4 << 20, &len, &e);
	if (!text) {
		snprintf(err, errlen, "%s", e.message);
		return NULL;
	}
	struct script *s = script_parse(text, len, path, err, errlen);
	free(text);
	return s;
}

void script_destroy(struct script *s)
{
	if (!s) {
		return;
	}
	for (size_t i = 0; i < s->count; i++) {
		free(s->steps[i].text);
	}
	free(s->steps);
	free(s->file);
	free(s);
}
