/* GPIO lines by name, whatever chip they are on (Pi 4: pinctrl-bcm2711; Pi 5: pinctrl-rp1, whose
 * chip number changed between kernels). libgpiod v1 (Debian 12, Pi OS bookworm) and v2 (trixie)
 * are both spoken here, and only here. A line is used by one thread at a time. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gpio_line;

/* An input with pull-up and both edges, as a button to ground wants; debounce_us is asked of
 * the kernel where it can (v2). NULL with `err` naming what is missing. Free with
 * gpio_release(). */
struct gpio_line *gpio_request_input(const char *name, unsigned debounce_us, char *err,
				     size_t errlen);
/* An output, starting at `on`. */
struct gpio_line *gpio_request_output(const char *name, bool on, char *err, size_t errlen);
void gpio_release(struct gpio_line *line); /* accepts NULL */

/* A file descriptor that polls readable when edges are waiting. */
int gpio_fd(struct gpio_line *line);
/* Reads waiting edges: pressed[i] is true for a falling edge (the button pulls the line to
 * ground), ts_ns[i] the kernel's CLOCK_MONOTONIC timestamp. Returns how many, or -1 with errno
 * set (ENODEV: the chip is gone). */
int gpio_read_edges(struct gpio_line *line, bool *pressed, uint64_t *ts_ns, int max);
bool gpio_set(struct gpio_line *line, bool on);

/* Whether this machine has any GPIO chip at all, for a message that says what is missing. */
bool gpio_any_chip(void);

/* "GPIO17 on gpiochip0 (pinctrl-bcm2711), offset 17": for logs and `gatherbooth check`. */
const char *gpio_describe(const struct gpio_line *line);
