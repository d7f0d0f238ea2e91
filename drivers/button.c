#include "button.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_MODULE "button"
#include "log.h"

struct button *button_create(const char *name, const char *line,
			     const struct button_listener *listener, char *err, size_t errlen)
{
	const char *env = getenv("GATHERBOOTH_BUTTON");
	if (env && *env) {
		name = env;
	}
	err[0] = '\0';
	if (!name || strcmp(name, "none") == 0) {
		return NULL;
	}
	if (strncmp(name, "synthetic:", 10) == 0) {
		struct button *b = button_synthetic_create(name + 10, listener, err, errlen);
		if (b) {
			LOG_INFO("using %s", b->description);
		}
		return b;
	}
	if (strcmp(name, "auto") != 0 && strcmp(name, "gpiod") != 0) {
		snprintf(err, errlen, "unknown button backend \"%s\" (auto, gpiod, none)", name);
		return NULL;
	}
	struct button *b = button_gpiod_create(line, listener, err, errlen);
	if (b) {
		LOG_INFO("using %s", b->description);
	}
	return b;
}

void button_destroy(struct button *b)
{
	if (!b) {
		return;
	}
	b->impl->stop(b);
	b->impl->destroy(b);
}

bool button_start(struct button *b)
{
	return b->impl->start(b);
}
