/* The big button on a GPIO line: edges with kernel timestamps, debounced (debounce.c; the
 * kernel also debounces on libgpiod v2), press, held, release and long press. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "button.h"
#include "debounce.h"
#include "gpio.h"
#include "log.h"
#include "xalloc.h"

#define MS 1000000ull

struct gpiod_button {
	struct button base;
	struct gpio_line *line;
	pthread_t thread;
	int stop_pipe[2];
	bool running;
	struct debounce db;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void deliver(struct gpiod_button *g, const struct debounce_out *o, int n)
{
	static const enum button_event_type types[] = {
		[DEBOUNCE_PRESS] = BUTTON_PRESS,
		[DEBOUNCE_RELEASE] = BUTTON_RELEASE,
		[DEBOUNCE_HELD] = BUTTON_HELD,
		[DEBOUNCE_LONG] = BUTTON_LONG_PRESS,
	};
	for (int i = 0; i < n; i++) {
		struct button_event e = {.type = types[o[i].type], .kernel_ns = o[i].t_ns};
		g->base.listener.event(g->base.listener.data, &e);
	}
}

static void *thread_main(void *arg)
{
	struct gpiod_button *g = arg;
	struct debounce_out o[DEBOUNCE_MAX_OUT];
	for (;;) {
		uint64_t next = debounce_deadline(&g->db), now = mono_ns();
		int timeout = next ? (next > now ? (int)((next - now) / MS) + 1 : 0) : -1;
		struct pollfd fds[2] = {
			{.fd = gpio_fd(g->line), .events = POLLIN},
			{.fd = g->stop_pipe[0], .events = POLLIN},
		};
		int rc = poll(fds, 2, timeout);
		if (rc < 0 && errno == EINTR) {
			continue;
		}
		if (fds[1].revents) {
			break;
		}
		if (rc < 0 || (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL))) {
			g->base.listener.lost(
				g->base.listener.data,
				"The button stopped working. Tap the screen instead.");
			break;
		}
		if (fds[0].revents & POLLIN) {
			bool pressed[16];
			uint64_t ts[16];
			int n = gpio_read_edges(g->line, pressed, ts, 16);
			if (n < 0) {
				g->base.listener.lost(g->base.listener.data,
						      "The button stopped working. Tap the screen "
						      "instead.");
				break;
			}
			for (int i = 0; i < n; i++) {
				log_trace("button edge %s at %llu ns", pressed[i] ? "down" : "up",
					  (unsigned long long)ts[i]);
				deliver(g, o, debounce_edge(&g->db, pressed[i], ts[i], o));
			}
		}
		deliver(g, o, debounce_tick(&g->db, mono_ns(), o));
	}
	return NULL;
}

static bool gb_start(struct button *b)
{
	struct gpiod_button *g = (struct gpiod_button *)b;
	if (g->running) {
		return true;
	}
	if (pipe2(g->stop_pipe, O_CLOEXEC) != 0) {
		return false;
	}
	if (pthread_create(&g->thread, NULL, thread_main, g) != 0) {
		close(g->stop_pipe[0]);
		close(g->stop_pipe[1]);
		return false;
	}
	g->running = true;
	return true;
}

static void gb_stop(struct button *b)
{
	struct gpiod_button *g = (struct gpiod_button *)b;
	if (!g->running) {
		return;
	}
	char c = 1;
	if (write(g->stop_pipe[1], &c, 1) != 1) {
		/* the thread also ends when its line does */
	}
	pthread_join(g->thread, NULL);
	close(g->stop_pipe[0]);
	close(g->stop_pipe[1]);
	g->running = false;
}

static void gb_destroy(struct button *b)
{
	struct gpiod_button *g = (struct gpiod_button *)b;
	gpio_release(g->line);
	free(g);
}

static const struct button_impl gpiod_impl = {
	.name = "gpiod",
	.start = gb_start,
	.stop = gb_stop,
	.destroy = gb_destroy,
};

struct button *button_gpiod_create(const char *line, const struct button_listener *listener,
				   char *err, size_t errlen)
{
	struct gpio_line *l = gpio_request_input(line, BUTTON_SETTLE_MS * 1000, err, errlen);
	if (!l) {
		return NULL;
	}
	struct gpiod_button *g = xcalloc(1, sizeof(*g));
	g->base.impl = &gpiod_impl;
	g->base.listener = *listener;
	g->line = l;
	debounce_init(&g->db, BUTTON_SETTLE_MS * MS, BUTTON_HELD_MS * MS, BUTTON_LONG_MS * MS);
	snprintf(g->base.description, sizeof(g->base.description), "button %s", gpio_describe(l));
	return &g->base;
}
