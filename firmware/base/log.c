#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int current_level = -1;

static void init_level(void)
{
	if (current_level >= 0) {
		return;
	}
	const char *debug = getenv("GATHERBOOTH_DEBUG");
	current_level = (debug && strcmp(debug, "1") == 0) ? LOG_LEVEL_DBG : LOG_LEVEL_INFO;
}

void log_set_level(enum log_level level)
{
	current_level = (int)level;
}

enum log_level log_get_level(void)
{
	init_level();
	return (enum log_level)current_level;
}

void log_msg(enum log_level level, const char *module, const char *file, int line, const char *fmt,
	     ...)
{
	static const char *const names[] = {"error", "warning", "info", "debug"};
	init_level();
	if ((int)level > current_level) {
		return;
	}
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;

	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s: %s (%s:%d)\n", module, names[level], msg, base, line);
}

static int tracing = -1;

bool log_tracing(void)
{
	if (tracing < 0) {
		const char *env = getenv("GATHERBOOTH_TRACE");
		tracing = env && strcmp(env, "1") == 0;
	}
	return tracing;
}

void log_trace(const char *fmt, ...)
{
	if (!log_tracing()) {
		return;
	}
	char line[512] = "trace: ";
	size_t n = strlen(line);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n = strlen(line);
	line[n++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, n);
	(void)w;
}
