/* Logging to stderr with file:line; journald adds the time.
 *
 * Each .c file defines LOG_MODULE before including this header. Nothing above LOG_DBG in a
 * per-frame path, and no attendee's name or email above LOG_DBG. Thread-safe (one fprintf per
 * message). */
#pragma once

#include <stdbool.h>

enum log_level {
	LOG_LEVEL_ERR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DBG,
};

#ifndef LOG_MODULE
#define LOG_MODULE "gatherbooth"
#endif

/* Messages above this level are dropped. Default LOG_LEVEL_INFO, or LOG_LEVEL_DBG when the
 * environment has GATHERBOOTH_DEBUG=1. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

void log_msg(enum log_level level, const char *module, const char *file, int line, const char *fmt,
	     ...) __attribute__((format(printf, 5, 6)));

#define LOG_ERR(...) log_msg(LOG_LEVEL_ERR, LOG_MODULE, __FILE__, __LINE__, __VA_ARGS__)
#define LOG_WARN(...) log_msg(LOG_LEVEL_WARN, LOG_MODULE, __FILE__, __LINE__, __VA_ARGS__)
#define LOG_INFO(...) log_msg(LOG_LEVEL_INFO, LOG_MODULE, __FILE__, __LINE__, __VA_ARGS__)
#define LOG_DBG(...) log_msg(LOG_LEVEL_DBG, LOG_MODULE, __FILE__, __LINE__, __VA_ARGS__)

/* The crash tests' trace: with GATHERBOOTH_TRACE=1 in the environment, one line
 * "trace: WHAT" on stderr for each risky step (a file write, fsync or rename, a commit) just
 * before it happens, and for each thing shown to people as done (a check-in welcomed, a strip
 * saved) just after it is stored. Written with one write(2), so a kill never leaves half a
 * line. Ids and file names only, never a person's name. */
bool log_tracing(void);
void log_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
