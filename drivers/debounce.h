/* Debouncing a push button from timestamped edges. Pure: no I/O, no clock reads.
 *
 * Leading-edge: the first edge out of a settled state counts at once, so a press is answered
 * with no added delay; edges in the next `settle` nanoseconds are bounce and only remembered.
 * When the quiet time is over, a level that differs from the last one reported counts too (a
 * release during the bounce of a short tap). Held `held_ns` or more, a press also gives a
 * held event, once (a guest without touch moves the highlight so); held `long_ns` or more, a long
 * press, once. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum debounce_event {
	DEBOUNCE_PRESS,
	DEBOUNCE_RELEASE,
	DEBOUNCE_HELD,
	DEBOUNCE_LONG,
};

#define DEBOUNCE_MAX_OUT 4 /* events one call can write */

struct debounce_out {
	enum debounce_event type;
	uint64_t t_ns; /* when it happened: the edge's kernel timestamp, or the tick's time */
};

struct debounce {
	uint64_t settle_ns, held_ns, long_ns;
	bool pressed;        /* the level last reported */
	bool raw;            /* the level after the last edge */
	uint64_t quiet_at;   /* edges before this are bounce */
	uint64_t pressed_at; /* when the current press began */
	bool held_sent, long_sent;
};

void debounce_init(struct debounce *d, uint64_t settle_ns, uint64_t held_ns, uint64_t long_ns);

/* An edge at t_ns leaving the line pressed or not. Returns the events written to out. */
int debounce_edge(struct debounce *d, bool pressed, uint64_t t_ns,
		  struct debounce_out out[DEBOUNCE_MAX_OUT]);

/* Time has reached t_ns with no edge. Returns the events written to out. */
int debounce_tick(struct debounce *d, uint64_t t_ns, struct debounce_out out[DEBOUNCE_MAX_OUT]);

/* When debounce_tick() next has something to do, or 0 if nothing is pending. */
uint64_t debounce_deadline(const struct debounce *d);
