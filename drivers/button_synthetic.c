/* A stand-in for the GPIO button, for tests of a button that goes away and comes back: it is
 * there while a file is, as a GPIO chip is there while its device node is. Presses come from
 * scripts ("press"), not from here. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "button.h"

struct synthetic_button {
	struct button base;
	char path[256];
	pthread_t thread;
	bool running;
	atomic_bool stop;
};

static void *watch(void *arg)
{
	struct synthetic_button *s = arg;
	while (!atomic_load(&s->stop)) {
		if (access(s->path, F_OK) != 0) {
			s->base.listener.lost(
				s->base.listener.data,
				"The button stopped working. Tap the screen instead.");
			break;
		}
		nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
	}
	return NULL;
}

static bool synthetic_start(struct button *b)
{
	struct synthetic_button *s = (struct synthetic_button *)b;
	s->running = pthread_create(&s->thread, NULL, watch, s) == 0;
	return s->running;
}

static void synthetic_stop(struct button *b)
{
	struct synthetic_button *s = (struct synthetic_button *)b;
	if (s->running) {
		atomic_store(&s->stop, true);
		pthread_join(s->thread, NULL);
		s->running = false;
	}
}

static void synthetic_destroy(struct button *b)
{
	free(b);
}

static const struct button_impl synthetic_impl = {
	.name = "synthetic",
	.start = synthetic_start,
	.stop = synthetic_stop,
	.destroy = synthetic_destroy,
};

struct button *button_synthetic_create(const char *path, const struct button_listener *listener,
				       char *err, size_t errlen)
{
	if (access(path, F_OK) != 0) {
		snprintf(err, errlen, "synthetic button: %s is not there", path);
		return NULL;
	}
	struct synthetic_button *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "synthetic button: out of memory");
		return NULL;
	}
	s->base.impl = &synthetic_impl;
	s->base.listener = *listener;
	snprintf(s->path, sizeof(s->path), "%s", path);
	snprintf(s->base.description, sizeof(s->base.description),
		 "a synthetic button, there while %s is", path);
	return &s->base;
}
