#include "feeder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* An event and everything it points to, owned by the queue. */
struct queued {
	struct booth_event ev;
	char text[BOOTH_FX_TEXT];
	bool has_text;
	struct person person;
	struct person results[BOOTH_MAX_RESULTS];
};

struct feeder {
	struct booth_state *state;
	const struct feeder_impl *impl;
	void *ctx;
	bool busy;
	struct queued *queue; /* a ring of cap entries */
	size_t head, count, cap;
};

struct feeder *feeder_create(struct booth_state *state, const struct feeder_impl *impl, void *ctx)
{
	struct feeder *f = xcalloc(1, sizeof(*f));
	f->state = state;
	f->impl = impl;
	f->ctx = ctx;
	return f;
}

void feeder_destroy(struct feeder *f)
{
	if (!f) {
		return;
	}
	free(f->queue);
	free(f);
}

bool feeder_busy(const struct feeder *f)
{
	return f->busy;
}

static void copy_in(struct queued *q, const struct booth_event *ev)
{
	q->ev = *ev;
	q->has_text = ev->text != NULL;
	if (ev->text) {
		snprintf(q->text, sizeof(q->text), "%s", ev->text);
	}
	if (ev->person) {
		q->person = *ev->person;
	}
	int n = ev->results ? (ev->count < BOOTH_MAX_RESULTS ? ev->count : BOOTH_MAX_RESULTS) : 0;
	for (int i = 0; i < n; i++) {
		q->results[i] = ev->results[i];
	}
}

/* Points the copy's event at the copy's own text and people. */
static void point_in(struct queued *q)
{
	q->ev.text = q->has_text ? q->text : NULL;
	q->ev.person = q->ev.person ? &q->person : NULL;
	q->ev.results = q->ev.results ? q->results : NULL;
}

static void push(struct feeder *f, const struct booth_event *ev)
{
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		struct queued *q = xcalloc(cap, sizeof(*q));
		for (size_t i = 0; i < f->count; i++) {
			q[i] = f->queue[(f->head + i) % f->cap];
		}
		free(f->queue);
		f->queue = q;
		f->cap = cap;
		f->head = 0;
	}
	copy_in(&f->queue[(f->head + f->count) % f->cap], ev);
	f->count++;
}

static void handle(struct feeder *f, const struct booth_event *ev)
{
	struct booth_effects fx;
	enum booth_screen before = f->state->screen;
	booth_handle(f->state, ev, f->impl->now(f->ctx), &fx);
	for (int i = 0; i < fx.count; i++) {
		f->impl->perform(f->ctx, &fx.list[i]);
	}
	if (f->impl->handled) {
		f->impl->handled(f->ctx, before, &fx);
	}
}

void feeder_feed(struct feeder *f, const struct booth_event *ev)
{
	if (f->busy) {
		push(f, ev);
		return;
	}
	f->busy = true;
	handle(f, ev);
	while (f->count) {
		/* a copy of its own: performing its effects may grow the ring */
		struct queued q = f->queue[f->head];
		f->head = (f->head + 1) % f->cap;
		f->count--;
		point_in(&q);
		handle(f, &q.ev);
	}
	f->busy = false;
}
