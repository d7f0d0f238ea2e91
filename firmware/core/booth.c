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
		.saved_ms = 4000,
		.error_ms = 10000,
		.capture_timeout_ms = 10000,
		.shots = 4,
		.idle_ms = 60000,
		.photo_at_checkin = true,
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

#define emit booth_emit

static void set_message(struct booth_state *st, const char *text)
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
	go(st, BOOTH_SCREEN_ATTRACT, now, 0);
}

static void start_countdown(struct booth_state *st, int shot, uint64_t now)
{
	st->shot = shot;
	st->still_received = false;
	st->last_tick = st->cfg.countdown_ms / 1000 + (st->cfg.countdown_ms % 1000 ? 1 : 0);
	go(st, BOOTH_SCREEN_COUNTDOWN, now, st->cfg.countdown_ms);
}

void booth_start_session(struct booth_state *st, bool checkin, uint64_t now,
			 struct booth_effects *out)
{
	st->sessions++;
	st->composed = false;
	st->saving = false;
	st->welcome = false;
	st->message[0] = '\0';
	st->checkin_session = checkin;
	if (!checkin) {
		memset(&st->person, 0, sizeof(st->person));
	}
	struct booth_effect *fx = booth_emit_fx(out, BOOTH_FX_SESSION_BEGIN);
	fx->arg = checkin ? 1 : st->cfg.shots;
	fx->id = checkin ? st->person.id : 0;
	start_countdown(st, 0, now);
}

static void start_session(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	booth_start_session(st, false, now, out);
}

int booth_session_shots(const struct booth_state *st)
{
	return st->checkin_session ? 1 : st->cfg.shots;
}

void booth_fail(struct booth_state *st, const char *text, uint64_t now)
{
	set_message(st, text);
	st->saving = false;
	go(st, BOOTH_SCREEN_ERROR, now, st->cfg.error_ms);
}

static void keep(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	st->saving = true;
	st->message[0] = '\0';
	go(st, BOOTH_SCREEN_SAVED, now, 0);
	booth_emit_fx(out, BOOTH_FX_SAVE)->id = st->checkin_session ? st->person.id : 0;
}

#define fail booth_fail

/* Capture ends when the still is in and the flash has been seen; both are needed so that a
 * fast camera does not cut the flash short and a slow one does not skip a shot. */
static void maybe_finish_capture(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	if (st->screen != BOOTH_SCREEN_CAPTURE || !st->still_received ||
	    now < st->screen_since + (uint64_t)st->cfg.flash_ms) {
		return;
	}
	if (st->shot + 1 < booth_session_shots(st)) {
		start_countdown(st, st->shot + 1, now);
		return;
	}
	st->composed = false;
	go(st, BOOTH_SCREEN_REVIEW, now, st->cfg.review_timeout_ms);
	emit(out, BOOTH_FX_COMPOSE, 0);
}

static void fire_timers(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	if (st->screen == BOOTH_SCREEN_COUNTDOWN) {
		int value = booth_countdown_value(st, now);
		if (value > 0 && value < st->last_tick) {
			st->last_tick = value;
			emit(out, BOOTH_FX_SOUND_TICK, value);
		}
	}
	if (st->screen == BOOTH_SCREEN_CAPTURE) {
		maybe_finish_capture(st, now, out);
	}
	if (!st->deadline || now < st->deadline) {
		return;
	}
	switch (st->screen) {
	case BOOTH_SCREEN_COUNTDOWN:
		go(st, BOOTH_SCREEN_CAPTURE, now, st->cfg.capture_timeout_ms);
		emit(out, BOOTH_FX_SOUND_SHUTTER, st->shot);
		emit(out, BOOTH_FX_CAPTURE, st->shot);
		break;
	case BOOTH_SCREEN_CAPTURE:
		/* Only reached when the still never came. */
		fail(st, "The camera did not take the photo. Please try again.", now);
		break;
	case BOOTH_SCREEN_REVIEW:
		keep(st, now, out);
		break;
	case BOOTH_SCREEN_SAVED:
	case BOOTH_SCREEN_ERROR:
		booth_to_attract(st, now);
		break;
	default:
		st->deadline = 0;
		break;
	}
}

static void on_button(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	switch (st->screen) {
	case BOOTH_SCREEN_ATTRACT:
		if (st->camera_ok) {
			start_session(st, now, out);
		}
		break;
	case BOOTH_SCREEN_REVIEW:
		keep(st, now, out);
		break;
	case BOOTH_SCREEN_SAVED:
		/* A press while saving is ignored, never queued: one press, one session. */
		if (!st->saving && st->camera_ok) {
			start_session(st, now, out);
		}
		break;
	case BOOTH_SCREEN_ERROR:
		booth_to_attract(st, now);
		break;
	default:
		/* countdown, capture and the check-in screens ignore the button */
		break;
	}
}

static void on_action(struct booth_state *st, enum booth_action action, uint64_t now,
		      struct booth_effects *out)
{
	switch (action) {
	case BOOTH_ACTION_START:
		if (st->screen == BOOTH_SCREEN_ATTRACT) {
			on_button(st, now, out);
		}
		break;
	case BOOTH_ACTION_KEEP:
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			keep(st, now, out);
		}
		break;
	case BOOTH_ACTION_RETAKE:
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			emit(out, BOOTH_FX_DISCARD, 0);
			st->composed = false;
			start_countdown(st, 0, now);
		}
		break;
	case BOOTH_ACTION_DISMISS:
		if (st->screen == BOOTH_SCREEN_ERROR ||
		    (st->screen == BOOTH_SCREEN_SAVED && !st->saving)) {
			booth_to_attract(st, now);
		}
		break;
	default:
		break;
	}
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
		on_button(st, now, out);
	} else if (key == BOOTH_KEY_BACK) {
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			on_action(st, BOOTH_ACTION_RETAKE, now, out);
		} else {
			on_action(st, BOOTH_ACTION_DISMISS, now, out);
		}
	}
}

void booth_handle(struct booth_state *st, const struct booth_event *ev, uint64_t now,
		  struct booth_effects *out)
{
	out->count = 0;
	fire_timers(st, now, out);
	booth_checkin_timers(st, now, out);
	switch (ev->type) {
	case BOOTH_EV_BUTTON:
	case BOOTH_EV_LONG_PRESS:
	case BOOTH_EV_ACTION:
	case BOOTH_EV_KEY:
	case BOOTH_EV_KEYCHAR:
		st->last_input = now;
		break;
	default:
		break;
	}

	switch (ev->type) {
	case BOOTH_EV_TICK:
		break;
	case BOOTH_EV_BUTTON:
		on_button(st, now, out);
		break;
	case BOOTH_EV_LONG_PRESS:
		booth_long_press(st, now, out);
		break;
	case BOOTH_EV_ACTION:
		if (!booth_checkin_action(st, ev, now, out)) {
			on_action(st, ev->action, now, out);
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
		booth_checkin_event(st, ev, now, out);
		break;
	case BOOTH_EV_KEY:
		on_key(st, ev->key, now, out);
		break;
	case BOOTH_EV_FRAME:
		st->frames++;
		break;
	case BOOTH_EV_STILL_READY:
		if (st->screen == BOOTH_SCREEN_CAPTURE && !st->still_received) {
			st->still_received = true;
			maybe_finish_capture(st, now, out);
		}
		break;
	case BOOTH_EV_STILL_FAILED:
		if (st->screen == BOOTH_SCREEN_CAPTURE) {
			fail(st, ev->text ? ev->text : "The camera did not take the photo.", now);
		}
		break;
	case BOOTH_EV_COMPOSED:
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			st->composed = true;
		}
		break;
	case BOOTH_EV_SAVE_DONE:
		if (st->screen == BOOTH_SCREEN_SAVED && st->saving) {
			st->saving = false;
			set_message(st, ev->text);
			st->deadline = now + (uint64_t)st->cfg.saved_ms;
		}
		break;
	case BOOTH_EV_SAVE_FAILED:
		if (st->saving) {
			fail(st, ev->text ? ev->text : "The photo could not be saved.", now);
		}
		break;
	case BOOTH_EV_CAMERA_LOST:
		st->camera_ok = false;
		if (st->screen == BOOTH_SCREEN_COUNTDOWN || st->screen == BOOTH_SCREEN_CAPTURE) {
			fail(st, ev->text ? ev->text : "The camera stopped working.", now);
		}
		break;
	case BOOTH_EV_CAMERA_BACK:
		st->camera_ok = true;
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

int booth_countdown_value(const struct booth_state *st, uint64_t now)
{
	if (st->screen != BOOTH_SCREEN_COUNTDOWN || !st->deadline || now >= st->deadline) {
		return 0;
	}
	uint64_t left = st->deadline - now;
	return (int)((left + 999) / 1000);
}

bool booth_flash_visible(const struct booth_state *st, uint64_t now)
{
	return st->screen == BOOTH_SCREEN_CAPTURE &&
	       now < st->screen_since + (uint64_t)st->cfg.flash_ms;
}

float booth_review_left(const struct booth_state *st, uint64_t now)
{
	if (st->screen != BOOTH_SCREEN_REVIEW || !st->deadline || now >= st->deadline) {
		return 0.0f;
	}
	return (float)(st->deadline - now) / (float)st->cfg.review_timeout_ms;
}

bool booth_button_ready(const struct booth_state *st)
{
	if (!st->camera_ok) {
		return false;
	}
	return st->screen == BOOTH_SCREEN_ATTRACT || st->screen == BOOTH_SCREEN_REVIEW ||
	       (st->screen == BOOTH_SCREEN_SAVED && !st->saving);
}
