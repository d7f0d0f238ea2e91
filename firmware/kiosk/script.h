/* Scenario scripts (`gatherbooth run --script F`): one step a line, as in DESIGN.md. The parser
 * is pure; the app plays the steps. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum script_op {
	SCRIPT_WAIT,
	SCRIPT_PRESS,
	SCRIPT_HOLD,
	SCRIPT_NEXT, /* the second button, "next" */
	SCRIPT_TAP,
	SCRIPT_TAP_AT,
	SCRIPT_TYPE,
	SCRIPT_KEY,
	SCRIPT_SCAN,
	SCRIPT_SHOT,
	SCRIPT_EXPECT_SCREEN,
	SCRIPT_WAIT_REAL,      /* real time passes; the booth's clock stands */
	SCRIPT_EXPECT_PRINTER, /* real time passes (60 s at most) until a printer report has
				* .text; a script failure if none comes */
	SCRIPT_EXPECT_NOTICE,  /* real time passes (60 s at most) until the booth's notice has
				* .text: what a worker reports (a carry to a USB stick) */
	SCRIPT_EXPECT_FILE,    /* real time passes (60 s at most) until the file .text exists:
				* something done outside the booth (a new version installed) */
	SCRIPT_CLOSE,          /* what a window manager's close (Alt-F4) sends: SDL_QUIT */
	SCRIPT_QUIT,
};

struct script_step {
	enum script_op op;
	int line;
	int ms;     /* wait, hold */
	float x, y; /* tap-at: fractions of the screen, 0..1 */
	char *text; /* tap, type, key, scan, shot, expect-screen; owned by the script */
};

struct script {
	char *file;
	struct script_step *steps;
	size_t count;
};

/* Parses script text; `file` names it in messages. NULL with `err` "FILE:LINE: reason" on the
 * first bad line. Free with script_destroy(). */
struct script *script_parse(const char *text, size_t len, const char *file, char *err,
			    size_t errlen);
struct script *script_load(const char *path, char *err, size_t errlen);
void script_destroy(struct script *s);
