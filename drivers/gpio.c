#define _GNU_SOURCE
#include "gpio.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build-config.h"
#include "xalloc.h"

#define CONSUMER "gatherbooth"

bool gpio_any_chip(void)
{
	DIR *d = opendir("/dev");
	struct dirent *e;
	bool found = false;
	while (d && !found && (e = readdir(d))) {
		found = strncmp(e->d_name, "gpiochip", 8) == 0;
	}
	if (d) {
		closedir(d);
	}
	return found;
}

static void not_found(const char *name, char *err, size_t errlen)
{
	if (!gpio_any_chip()) {
		snprintf(err, errlen,
			 "GPIO line %s: no GPIO chip found (/dev/gpiochip*); is this a Raspberry "
			 "Pi?",
			 name);
	} else {
		snprintf(err, errlen,
			 "GPIO line %s: no line of that name on any chip (`gpioinfo` lists them)",
			 name);
	}
}

#if HAVE_LIBGPIOD && GPIOD_V2
#include <gpiod.h>

struct gpio_line {
	struct gpiod_chip *chip;
	struct gpiod_line_request *req;
	struct gpiod_edge_event_buffer *events;
	unsigned offset;
	char description[160];
};

static struct gpio_line *request(const char *name, bool output, bool on, unsigned debounce_us,
				 char *err, size_t errlen)
{
	DIR *d = opendir("/dev");
	struct dirent *e;
	struct gpiod_chip *chip = NULL;
	int offset = -1;
	char path[300];
	while (d && offset < 0 && (e = readdir(d))) {
		if (strncmp(e->d_name, "gpiochip", 8) != 0) {
			continue;
		}
		snprintf(path, sizeof(path), "/dev/%s", e->d_name);
		chip = gpiod_chip_open(path);
		if (!chip) {
			continue;
		}
		offset = gpiod_chip_get_line_offset_from_name(chip, name);
		if (offset < 0) {
			gpiod_chip_close(chip);
			chip = NULL;
		}
	}
	if (d) {
		closedir(d);
	}
	if (!chip) {
		not_found(name, err, errlen);
		return NULL;
	}
	struct gpio_line *l = xcalloc(1, sizeof(*l));
	l->chip = chip;
	l->offset = (unsigned)offset;
	struct gpiod_line_settings *s = gpiod_line_settings_new();
	struct gpiod_line_config *lc = gpiod_line_config_new();
	struct gpiod_request_config *rc = gpiod_request_config_new();
	if (!s || !lc || !rc) {
		goto fail;
	}
	if (output) {
		gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_OUTPUT);
		gpiod_line_settings_set_output_value(s, on ? GPIOD_LINE_VALUE_ACTIVE
							   : GPIOD_LINE_VALUE_INACTIVE);
	} else {
		gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_INPUT);
		gpiod_line_settings_set_edge_detection(s, GPIOD_LINE_EDGE_BOTH);
		gpiod_line_settings_set_bias(s, GPIOD_LINE_BIAS_PULL_UP);
		gpiod_line_settings_set_debounce_period_us(s, debounce_us);
		gpiod_line_settings_set_event_clock(s, GPIOD_LINE_CLOCK_MONOTONIC);
	}
	if (gpiod_line_config_add_line_settings(lc, &l->offset, 1, s) != 0) {
		goto fail;
	}
	gpiod_request_config_set_consumer(rc, CONSUMER);
	l->req = gpiod_chip_request_lines(chip, rc, lc);
	if (!l->req) {
		goto fail;
	}
	if (!output) {
		l->events = gpiod_edge_event_buffer_new(16);
	}
	struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
	snprintf(l->description, sizeof(l->description), "%s on %s (%s), offset %u", name, path,
		 info ? gpiod_chip_info_get_label(info) : "?", l->offset);
	gpiod_chip_info_free(info);
	gpiod_line_settings_free(s);
	gpiod_line_config_free(lc);
	gpiod_request_config_free(rc);
	return l;

fail:
	snprintf(err, errlen, "GPIO line %s: cannot request it: %s", name, strerror(errno));
	gpiod_line_settings_free(s);
	gpiod_line_config_free(lc);
	gpiod_request_config_free(rc);
	gpio_release(l);
	return NULL;
}

void gpio_release(struct gpio_line *l)
{
	if (!l) {
		return;
	}
	if (l->events) {
		gpiod_edge_event_buffer_free(l->events);
	}
	if (l->req) {
		gpiod_line_request_release(l->req);
	}
	gpiod_chip_close(l->chip);
	free(l);
}

int gpio_fd(struct gpio_line *l)
{
	return gpiod_line_request_get_fd(l->req);
}

int gpio_read_edges(struct gpio_line *l, bool *pressed, uint64_t *ts_ns, int max)
{
	int n = gpiod_line_request_read_edge_events(l->req, l->events, (size_t)max);
	for (int i = 0; i < n; i++) {
		struct gpiod_edge_event *e =
			gpiod_edge_event_buffer_get_event(l->events, (unsigned long)i);
		pressed[i] = gpiod_edge_event_get_event_type(e) == GPIOD_EDGE_EVENT_FALLING_EDGE;
		ts_ns[i] = gpiod_edge_event_get_timestamp_ns(e);
	}
	return n;
}

bool gpio_set(struct gpio_line *l, bool on)
{
	return gpiod_line_request_set_value(l->req, l->offset,
					    on ? GPIOD_LINE_VALUE_ACTIVE
					       : GPIOD_LINE_VALUE_INACTIVE) == 0;
}

#elif HAVE_LIBGPIOD
#include <gpiod.h>

struct gpio_line {
	struct gpiod_line *line;
	char description[160];
};

static struct gpio_line *request(const char *name, bool output, bool on, unsigned debounce_us,
				 char *err, size_t errlen)
{
	(void)debounce_us; /* v1 has no kernel debounce: debounce.c does it */
	struct gpiod_line *line = gpiod_line_find(name);
	if (!line) {
		not_found(name, err, errlen);
		return NULL;
	}
	int rc = output ? gpiod_line_request_output(line, CONSUMER, on ? 1 : 0)
			: gpiod_line_request_both_edges_events_flags(
				  line, CONSUMER, GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP);
	if (rc != 0) {
		snprintf(err, errlen, "GPIO line %s: cannot request it: %s", name, strerror(errno));
		gpiod_line_close_chip(line);
		return NULL;
	}
	struct gpio_line *l = xcalloc(1, sizeof(*l));
	l->line = line;
	struct gpiod_chip *chip = gpiod_line_get_chip(line);
	snprintf(l->description, sizeof(l->description), "%s on %s (%s), offset %u", name,
		 gpiod_chip_name(chip), gpiod_chip_label(chip), gpiod_line_offset(line));
	return l;
}

void gpio_release(struct gpio_line *l)
{
	if (!l) {
		return;
	}
	gpiod_line_release(l->line);
	gpiod_line_close_chip(l->line);
	free(l);
}

int gpio_fd(struct gpio_line *l)
{
	return gpiod_line_event_get_fd(l->line);
}

int gpio_read_edges(struct gpio_line *l, bool *pressed, uint64_t *ts_ns, int max)
{
	struct gpiod_line_event ev[16];
	int n = gpiod_line_event_read_multiple(l->line, ev, (unsigned)(max < 16 ? max : 16));
	for (int i = 0; i < n; i++) {
		pressed[i] = ev[i].event_type == GPIOD_LINE_EVENT_FALLING_EDGE;
		ts_ns[i] = (uint64_t)ev[i].ts.tv_sec * 1000000000u + (uint64_t)ev[i].ts.tv_nsec;
	}
	return n;
}

bool gpio_set(struct gpio_line *l, bool on)
{
	return gpiod_line_set_value(l->line, on ? 1 : 0) == 0;
}

#else

struct gpio_line {
	char description[8];
};

static struct gpio_line *request(const char *name, bool output, bool on, unsigned debounce_us,
				 char *err, size_t errlen)
{
	(void)output, (void)on, (void)debounce_us;
	snprintf(err, errlen, "GPIO line %s: this gatherbooth was built without libgpiod", name);
	return NULL;
}

void gpio_release(struct gpio_line *l)
{
	free(l);
}

int gpio_fd(struct gpio_line *l)
{
	(void)l;
	return -1;
}

int gpio_read_edges(struct gpio_line *l, bool *pressed, uint64_t *ts_ns, int max)
{
	(void)l, (void)pressed, (void)ts_ns, (void)max;
	errno = ENODEV;
	return -1;
}

bool gpio_set(struct gpio_line *l, bool on)
{
	(void)l, (void)on;
	return false;
}
#endif

struct gpio_line *gpio_request_input(const char *name, unsigned debounce_us, char *err,
				     size_t errlen)
{
	return request(name, false, false, debounce_us, err, errlen);
}

struct gpio_line *gpio_request_output(const char *name, bool on, char *err, size_t errlen)
{
	return request(name, true, on, 0, err, errlen);
}

const char *gpio_describe(const struct gpio_line *l)
{
	return l->description;
}
