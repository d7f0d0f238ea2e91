/* The ready/busy LED on a GPIO line: on while the booth is ready, blinking during the
 * countdown, off while saving. It blinks from its own thread. Main thread calls. */
#pragma once

#include <stddef.h>

enum led_mode {
	LED_OFF,
	LED_ON,
	LED_BLINK,
};

struct led;

/* NULL with `err` set if the line cannot be had. Free with led_destroy(), which turns it off. */
struct led *led_create(const char *line, char *err, size_t errlen);
void led_destroy(struct led *led);                 /* accepts NULL */
void led_set(struct led *led, enum led_mode mode); /* accepts NULL */
const char *led_describe(const struct led *led);
