/* Errors as values, for the failures a caller must tell apart: what kind it is (to decide on,
 * never by reading the words) and one line for people naming the file, line or field at fault.
 * Only the command layer (kiosk/main.c) turns a kind into an exit status.
 *
 * Functions whose failures need no telling apart keep the simpler convention: false (or NULL)
 * with a message in a caller's buffer. */
#pragma once

#include <limits.h>
#include <stdbool.h>

enum error_code {
	ERROR_NONE,
	ERROR_BAD_INPUT, /* what was given is wrong: a file's content, a line, a field, an option */
	ERROR_TOO_LARGE, /* an input past a documented limit */
	ERROR_LOCKED,    /* another program holds it (a database open in a spreadsheet) */
	ERROR_DAMAGED,   /* stored data that cannot be read back */
	ERROR_READ_ONLY, /* nothing can be written there: read-only, or no permission */
	ERROR_FULL,      /* no space left */
	ERROR_FAILED,    /* any other failure while running */
};

struct error {
	enum error_code code;
	char message[PATH_MAX + 512];
};

/* Sets both; the message is formatted like printf. Returns false, for `return error_set(...)`. */
bool error_set(struct error *e, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The kind of an errno value: ENOSPC is full, EROFS or EACCES read-only, and so on. */
enum error_code error_from_errno(int err);

/* A stable lower-case name for the log and tests ("read-only"). */
const char *error_code_name(enum error_code code);
