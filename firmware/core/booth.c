#include "booth.h"

#include "booth-private.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const screen_names[BOOTH_SCREEN_COUNT] = {
	[BOOTH_SCREEN_ATTRACT] = "attract", [BOOTH_SCREEN_SEARCH] = "search",
	[BOOTH_SCREEN_CONFIRM] = "confirm", [BOOTH_SCREEN_WALKIN] = "walkin",
	[BOOTH_SCREEN_CONSENT] = "consent", [BOOTH_SCREEN_COUNTDOWN] = "countdown",
	[BOOTH_SCREEN_CAPTURE] = "capture", [BOOTH_SCREEN_REVIEW] = "review",
	[BOOTH_SCREEN_SAVED] = "saved",     [BOOTH_SCREEN_STAFF_PIN] = "staff-pin",
	[BOOTH_SCREEN_STAFF] = "staff",     [BOOTH_SCREEN_ERROR] = "error",
};

const char *booth_screen_name(enum booth_screen screen)
{
	if ((unsigned)screen >= BOOTH_SCREEN_COUNT) {
		return NULL;
	}
	return screen_names[screen];
}

bool booth_screen_from_name(const char *name, enum booth_screen *out)
{
	for (int i = 0; i < BOOTH_SCREEN_COUNT; i++) {
		if (strcmp(screen_names[i], name) == 0) {
			*out = (enum booth_screen)i;
			return true;
		}
	}
	return false;
}

void booth_config_defaults(struct booth_config *cfg)
{
	*cfg = (struct booth_config){
		.countdown_ms = 3000,
		.flash_ms = 250,
		.review_timeout_ms = 20000,
		.saved_ms = 20000,
		.error_ms = 20000,
		.capture_timeout_ms = 10000,
		.shots = 4,
		.idle_ms = 60000,
		.photo_at_checkin = true,
		.print_copies = 1,
	};
}

struct booth_effect *booth_emit_fx(struct booth_effects *out, enum booth_effect_type type)
{
	assert(out->count < BOOTH_MAX_EFFECTS);
	out->list[out->count] = (struct booth_effect){.type = type};
	return &out->list[out->count++];
}

struct booth_effect *booth_emit_text(struct booth_effects *out, enum booth_effect_type type,
				     const char *text)
{
	struct booth_effect *fx = booth_emit_fx(out, type);
	snprintf(fx->text, sizeof(fx->text), "%s", text);
	return fx;
}

void booth_emit(struct booth_effects *out, enum booth_effect_type type, int arg)
{
	booth_emit_fx(out, type)->arg = arg;
}

void booth_set_message(struct booth_state *st, const char *text)
{
	snprintf(st->message, sizeof(st->message), "%s", text ? text : "");
}

void booth_go(struct booth_state *st, enum booth_screen screen, uint64_t now, int timer_ms)
{
	st->screen = screen;
	st->screen_since = now;
	st->deadline = timer_ms > 0 ? now + (uint64_t)timer_ms : 0;
}

#define go booth_go

void booth_to_attract(struct booth_state *st, uint64_t now)
{
	st->query[0] = '\0';
	st->result_count = 0;
	memset(&st->person, 0, sizeof(st->person));
	memset(&st->walkin, 0, sizeof(st->walkin));
	st->checkin_session = false;
	st->welcome = false;
	st->pin[0] = '\0';
	st->key_count = 0;
	st->language[0] = '\0';
	st->access = st->cfg.access;
	st->access_open = false;
	go(st, BOOTH_SCREEN_ATTRACT, now, 0);
}

void booth_init(struct booth_state *st, const struct booth_config *cfg, uint64_t now)
{
	memset(st, 0, sizeof(*st));
	st->cfg = *cfg;
	if (st->cfg.shots < 1) {
		st->cfg.shots = 1;
	}
	st->camera_ok = true;
	st->last_input = now;
	st->access = st->cfg.access;
	go(st, BOOTH_SCREEN_ATTRACT, now, 0);
}

static void on_key(struct booth_state *st, enum booth_key key, uint64_t now,
		   struct booth_effects *out)
{
	if (key == BOOTH_KEY_CONFIRM && booth_checkin_return(st, now, out)) {
		return;
	}
	if (key == BOOTH_KEY_DELETE) {
		booth_checkin_action(st,
				     &(struct booth_event){.type = BOOTH_EV_ACTION,
							   .action = BOOTH_ACTION_DELETE},
				     now, out);
		return;
	}
	if (key == BOOTH_KEY_BACK && st->screen != BOOTH_SCREEN_REVIEW &&
	    st->screen != BOOTH_SCREEN_ERROR && st->screen != BOOTH_SCREEN_SAVED) {
		booth_checkin_action(
			st,
			&(struct booth_event){.type = BOOTH_EV_ACTION, .action = BOOTH_ACTION_BACK},
			now, out);
		return;
	}
	if (key == BOOTH_KEY_CONFIRM) {
		booth_session_button(st, now, out);
	} else if (key == BOOTH_KEY_BACK) {
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			booth_session_action(st, BOOTH_ACTION_RETAKE, now, out);
		} else {
			booth_session_action(st, BOOTH_ACTION_DISMISS, now, out);
		}
	}
}

void booth_handle(struct booth_state *st, const struct booth_event *ev, uint64_t now,
		  struct booth_effects *out)
{
	out->count = 0;
	booth_session_timers(st, now, out);
	booth_checkin_timers(st, now, out);
	switch (ev->type) {
	case BOOTH_EV_BUTTON:
	case BOOTH_EV_LONG_PRESS:
	case BOOTH_EV_HELD:
	case BOOTH_EV_ACTION:
	case BOOTH_EV_KEY:
	case BOOTH_EV_KEYCHAR:
	case BOOTH_EV_TOUCH:
		st->last_input = now;
		/* the guest has gone on: a note they have had time to read goes (a scanner's
		 * keystrokes aside: they are not the guest's) */
		if (st->notice_until && now >= st->notice_since + BOOTH_NOTICE_READ_MS &&
		    ev->type != BOOTH_EV_KEYCHAR) {
			st->notice[0] = '\0';
			st->notice_until = 0;
		}
		break;
	default:
		break;
	}

	switch (ev->type) {
	case BOOTH_EV_TICK:
		break;
	case BOOTH_EV_TOUCH:
		booth_session_extend(st, now);
		break;
	case BOOTH_EV_BUTTON:
		booth_session_button(st, now, out);
		break;
	case BOOTH_EV_LONG_PRESS:
		booth_long_press(st, now, out);
		break;
	case BOOTH_EV_HELD:
		booth_session_held(st, now, out);
		break;
	case BOOTH_EV_ACTION:
		if (!booth_checkin_action(st, ev, now, out)) {
			booth_session_action(st, ev->action, now, out);
		}
		break;
	case BOOTH_EV_KEYCHAR:
	case BOOTH_EV_RESULTS:
	case BOOTH_EV_PERSON:
	case BOOTH_EV_NOT_FOUND:
	case BOOTH_EV_CHECKED_IN:
	case BOOTH_EV_CHECKIN_FAILED:
	case BOOTH_EV_PIN_OK:
	case BOOTH_EV_PIN_BAD:
	case BOOTH_EV_NOTICE:
	case BOOTH_EV_LAYOUT:
	case BOOTH_EV_EXPORT_PROGRESS:
	case BOOTH_EV_EXPORT_DONE:
	case BOOTH_EV_PRINTER:
	case BOOTH_EV_IMPORT_PREVIEW:
	case BOOTH_EV_IMPORT_DONE:
		booth_checkin_event(st, ev, now, out);
		break;
	case BOOTH_EV_KEY:
		on_key(st, ev->key, now, out);
		break;
	case BOOTH_EV_FRAME:
	case BOOTH_EV_STILL_READY:
	case BOOTH_EV_STILL_FAILED:
	case BOOTH_EV_COMPOSED:
	case BOOTH_EV_SAVE_DONE:
	case BOOTH_EV_SAVE_FAILED:
	case BOOTH_EV_CAMERA_LOST:
	case BOOTH_EV_CAMERA_BACK:
		booth_session_event(st, ev, now, out);
		break;
	}
}

uint64_t booth_next_deadline(const struct booth_state *st)
{
	uint64_t next = st->deadline;
	if (st->screen == BOOTH_SCREEN_COUNTDOWN && st->deadline && st->last_tick > 1) {
		/* when the numeral drops to last_tick - 1, for the tick sound */
		uint64_t t = st->deadline - (uint64_t)(st->last_tick - 1) * 1000;
		if (t < next) {
			next = t;
		}
	}
	if (st->screen == BOOTH_SCREEN_CAPTURE && st->still_received) {
		uint64_t t = st->screen_since + (uint64_t)st->cfg.flash_ms;
		if (!next || t < next) {
			next = t;
		}
	}
	uint64_t c = booth_checkin_deadline(st);
	if (c && (!next || c < next)) {
		next = c;
	}
	return next;
}

void booth_notice(struct booth_state *st, const char *text, uint64_t now)
{
	snprintf(st->notice, sizeof(st->notice), "%s", text);
	st->notice_until = now + BOOTH_NOTICE_MS;
	st->notice_since = now;
}
