#include "debounce.h"

#include <string.h>

void debounce_init(struct debounce *d, uint64_t settle_ns, uint64_t held_ns, uint64_t long_ns)
{
	memset(d, 0, sizeof(*d));
	d->settle_ns = settle_ns;
	d->held_ns = held_ns;
	d->long_ns = long_ns;
}

static int report(struct debounce *d, bool pressed, uint64_t t, struct debounce_out *out)
{
	d->pressed = pressed;
	d->quiet_at = t + d->settle_ns;
	if (pressed) {
		d->pressed_at = t;
		d->held_sent = false;
		d->long_sent = false;
	}
	out->type = pressed ? DEBOUNCE_PRESS : DEBOUNCE_RELEASE;
	out->t_ns = t;
	return 1;
}

int debounce_tick(struct debounce *d, uint64_t t, struct debounce_out out[DEBOUNCE_MAX_OUT])
{
	int n = 0;
	if (d->pressed && !d->held_sent && t >= d->pressed_at + d->held_ns) {
		d->held_sent = true;
		out[n].type = DEBOUNCE_HELD;
		out[n].t_ns = d->pressed_at + d->held_ns;
		n++;
	}
	if (d->pressed && !d->long_sent && t >= d->pressed_at + d->long_ns) {
		d->long_sent = true;
		out[n].type = DEBOUNCE_LONG;
		out[n].t_ns = d->pressed_at + d->long_ns;
		n++;
	}
	if (t >= d->quiet_at && d->raw != d->pressed) {
		/* the level settled when the quiet time ended */
		n += report(d, d->raw, d->quiet_at ? d->quiet_at : t, &out[n]);
	}
	return n;
}

int debounce_edge(struct debounce *d, bool pressed, uint64_t t,
		  struct debounce_out out[DEBOUNCE_MAX_OUT])
{
	int n = debounce_tick(d, t, out);
	d->raw = pressed;
	if (t >= d->quiet_at && pressed != d->pressed) {
		n += report(d, pressed, t, &out[n]);
	}
	return n;
}

uint64_t debounce_deadline(const struct debounce *d)
{
	uint64_t next = 0;
	if (d->raw != d->pressed) {
		next = d->quiet_at;
	}
	if (d->pressed && !d->held_sent) {
		uint64_t h = d->pressed_at + d->held_ns;
		if (!next || h < next) {
			next = h;
		}
	}
	if (d->pressed && !d->long_sent) {
		uint64_t l = d->pressed_at + d->long_ns;
		if (!next || l < next) {
			next = l;
		}
	}
	return next;
}
