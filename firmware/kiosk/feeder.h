/* Feeds events to the booth state machine and has the effects performed, one batch at a time.
 *
 * booth_handle() is never entered while it or the effects of an earlier call are running: an
 * event that arrives while a batch is being performed (a search's results, a check-in's
 * confirmation) is copied onto a queue, text, person and results with it, and handled once
 * every effect of the current batch has been performed. Main thread only. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "booth.h"

struct feeder;

struct feeder_impl {
	/* Performs one effect. May call feeder_feed() for follow-up events, which wait. */
	void (*perform)(void *ctx, const struct booth_effect *e);
	/* Called after each booth_handle(), with the screen shown before it. May be NULL. */
	void (*handled)(void *ctx, enum booth_screen before, const struct booth_effects *fx);
	/* The time to hand booth_handle(). */
	uint64_t (*now)(void *ctx);
};

/* The feeder works on `state`, which the caller owns and keeps. Free with feeder_destroy(). */
struct feeder *feeder_create(struct booth_state *state, const struct feeder_impl *impl, void *ctx);
void feeder_destroy(struct feeder *f); /* accepts NULL */

/* Handles ev (copied) and performs its effects, then every event queued meanwhile, in order. */
void feeder_feed(struct feeder *f, const struct booth_event *ev);

/* Whether a batch is being performed now (its follow-up events are queued). */
bool feeder_busy(const struct feeder *f);
