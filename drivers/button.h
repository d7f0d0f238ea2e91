/* The big button, behind one vtable. A backend runs its own thread and calls the listener from
 * it; the listener hands events on (SDL_PushEvent) and returns. Other calls: main thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum button_event_type {
	BUTTON_PRESS,
	BUTTON_RELEASE,
	BUTTON_HELD,       /* held BUTTON_HELD_MS: a guest without touch moves the highlight */
	BUTTON_LONG_PRESS, /* held 3 s or more; comes after the press, before the release */
};

struct button_event {
	enum button_event_type type;
	uint64_t kernel_ns; /* the edge's CLOCK_MONOTONIC timestamp from the kernel */
};

struct button_listener {
	void (*event)(void *data, const struct button_event *event);
	/* The button stopped working (its chip went away); message for people. */
	void (*lost)(void *data, const char *message);
	void *data;
};

struct button;

struct button_impl {
	const char *name;
	bool (*start)(struct button *b);
	void (*stop)(struct button *b);
	void (*destroy)(struct button *b);
};

struct button {
	const struct button_impl *impl;
	struct button_listener listener;
	char description[192];
};

#define BUTTON_HELD_MS 800
#define BUTTON_LONG_MS 3000
#define BUTTON_SETTLE_MS 20

/* `name` (config), overridden by GATHERBOOTH_BUTTON, is auto, gpiod, none, or (tests)
 * synthetic:PATH. NULL with `err` set
 * when there is no button (then the booth runs touch-only); for "none" err is empty. */
struct button *button_create(const char *name, const char *line,
			     const struct button_listener *listener, char *err, size_t errlen);
void button_destroy(struct button *b); /* accepts NULL; stops first */
bool button_start(struct button *b);

/* The stand-in for tests (GATHERBOOTH_BUTTON=synthetic:PATH): there while PATH exists, lost
 * when it goes. */
struct button *button_synthetic_create(const char *path, const struct button_listener *listener,
				       char *err, size_t errlen);
struct button *button_gpiod_create(const char *line, const struct button_listener *listener,
				   char *err, size_t errlen);
