/* The photo session half of the state machine: countdown, capture, review, keep or retake,
 * and the save. Pure, like booth.c. */
#include <stdio.h>
#include <string.h>

#include "booth-private.h"
#include "i18n.h"

/* A tick with each numeral, the first too: a guest who cannot see the screen hears the count. */
static void start_countdown(struct booth_state *st, int shot, uint64_t now,
			    struct booth_effects *out)
{
	st->shot = shot;
	st->still_received = false;
	st->last_tick = st->cfg.countdown_ms / 1000 + (st->cfg.countdown_ms % 1000 ? 1 : 0);
	booth_go(st, BOOTH_SCREEN_COUNTDOWN, now, st->cfg.countdown_ms);
	booth_emit(out, BOOTH_FX_SOUND_TICK, st->last_tick);
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
	start_countdown(st, 0, now, out);
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
	booth_set_message(st, text);
	st->saving = false;
	booth_go(st, BOOTH_SCREEN_ERROR, now, st->cfg.error_ms);
}

/* Keep, and print when asked (`print`) or when the booth prints every strip. A check-in's
 * photo is never a strip: its badge prints instead. */
static void keep(struct booth_state *st, uint64_t now, struct booth_effects *out, bool print)
{
	st->saving = true;
	st->message[0] = '\0';
	st->printing = !st->checkin_session && (print || st->cfg.print == BOOTH_PRINT_AUTO) &&
		       st->cfg.print != BOOTH_PRINT_NO;
	booth_go(st, BOOTH_SCREEN_SAVED, now, 0);
	struct booth_effect *fx = booth_emit_fx(out, BOOTH_FX_SAVE);
	fx->id = st->checkin_session ? st->person.id : 0;
	fx->arg = st->printing ? st->cfg.print_copies : 0;
}

/* Capture ends when the still is in and the flash has been seen; both are needed so that a
 * fast camera does not cut the flash short and a slow one does not skip a shot. */
static void maybe_finish_capture(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	if (st->screen != BOOTH_SCREEN_CAPTURE || !st->still_received ||
	    now < st->screen_since + (uint64_t)st->cfg.flash_ms) {
		return;
	}
	if (st->shot + 1 < booth_session_shots(st)) {
		start_countdown(st, st->shot + 1, now, out);
		return;
	}
	st->composed = false;
	booth_go(st, BOOTH_SCREEN_REVIEW, now, st->cfg.review_timeout_ms);
	booth_emit(out, BOOTH_FX_COMPOSE, 0);
}

void booth_session_timers(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	if (st->screen == BOOTH_SCREEN_COUNTDOWN) {
		int value = booth_countdown_value(st, now);
		if (value > 0 && value < st->last_tick) {
			st->last_tick = value;
			booth_emit(out, BOOTH_FX_SOUND_TICK, value);
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
		booth_go(st, BOOTH_SCREEN_CAPTURE, now, st->cfg.capture_timeout_ms);
		booth_emit(out, BOOTH_FX_SOUND_SHUTTER, st->shot);
		booth_emit(out, BOOTH_FX_CAPTURE, st->shot);
		break;
	case BOOTH_SCREEN_CAPTURE:
		/* Only reached when the still never came. */
		booth_fail(st, N_("The camera did not take the photo. Please try again."), now);
		break;
	case BOOTH_SCREEN_REVIEW:
		keep(st, now, out, false);
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

void booth_session_extend(struct booth_state *st, uint64_t now)
{
	int ms = st->screen == BOOTH_SCREEN_REVIEW                 ? st->cfg.review_timeout_ms
		 : st->screen == BOOTH_SCREEN_SAVED && !st->saving ? st->cfg.saved_ms
		 : st->screen == BOOTH_SCREEN_ERROR                ? st->cfg.error_ms
								   : 0;
	if (ms > 0 && st->deadline) {
		st->deadline = now + (uint64_t)ms;
	}
}

void booth_session_button(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	switch (st->screen) {
	case BOOTH_SCREEN_ATTRACT:
		if (st->camera_ok) {
			start_session(st, now, out);
		}
		break;
	case BOOTH_SCREEN_REVIEW:
		keep(st, now, out, false);
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

/* The press that began the hold started a walk-up countdown, but a held button asks for the
 * highlight (the kiosk shows it): no photo yet, so the guest is back where they pressed, with
 * their language and access choices kept. */
void booth_session_held(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	if (st->screen == BOOTH_SCREEN_COUNTDOWN && st->shot == 0 && !st->checkin_session &&
	    now < st->screen_since + BOOTH_HELD_MS + 500) {
		booth_emit(out, BOOTH_FX_DISCARD, 0);
		booth_go(st, BOOTH_SCREEN_ATTRACT, now, 0);
	}
}

void booth_session_action(struct booth_state *st, enum booth_action action, uint64_t now,
			  struct booth_effects *out)
{
	switch (action) {
	case BOOTH_ACTION_START:
		if (st->screen == BOOTH_SCREEN_ATTRACT) {
			booth_session_button(st, now, out);
		}
		break;
	case BOOTH_ACTION_KEEP:
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			keep(st, now, out, false);
		}
		break;
	case BOOTH_ACTION_PRINT:
		/* one tap, one print: the first leaves the review screen, so a second tap finds
		 * nothing to print */
		if (st->screen == BOOTH_SCREEN_REVIEW && st->cfg.print != BOOTH_PRINT_NO) {
			keep(st, now, out, true);
		}
		break;
	case BOOTH_ACTION_RETAKE:
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			booth_emit(out, BOOTH_FX_DISCARD, 0);
			st->composed = false;
			start_countdown(st, 0, now, out);
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

void booth_session_event(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			 struct booth_effects *out)
{
	switch (ev->type) {
	case BOOTH_EV_FRAME:
		st->frames++;
		return;
	case BOOTH_EV_STILL_READY:
		if (st->screen == BOOTH_SCREEN_CAPTURE && !st->still_received) {
			st->still_received = true;
			maybe_finish_capture(st, now, out);
		}
		return;
	case BOOTH_EV_STILL_FAILED:
		if (st->screen == BOOTH_SCREEN_CAPTURE) {
			booth_fail(st,
				   ev->text ? ev->text : N_("The camera did not take the photo."),
				   now);
		}
		return;
	case BOOTH_EV_COMPOSED:
		if (st->screen == BOOTH_SCREEN_REVIEW) {
			st->composed = true;
		}
		return;
	case BOOTH_EV_SAVE_DONE:
		if (st->screen == BOOTH_SCREEN_SAVED && st->saving) {
			st->saving = false;
			st->printing = st->printing && ev->id != BOOTH_SAVED_NOT_PRINTED;
			booth_set_message(st, ev->text);
			st->deadline = now + (uint64_t)st->cfg.saved_ms;
		}
		return;
	case BOOTH_EV_SAVE_FAILED:
		if (st->saving) {
			booth_fail(st, ev->text ? ev->text : N_("The photo could not be saved."),
				   now);
		}
		return;
	case BOOTH_EV_CAMERA_LOST:
		st->camera_ok = false;
		if (st->screen == BOOTH_SCREEN_COUNTDOWN || st->screen == BOOTH_SCREEN_CAPTURE) {
			booth_fail(st, ev->text ? ev->text : N_("The camera stopped working."),
				   now);
		}
		return;
	case BOOTH_EV_CAMERA_BACK:
		st->camera_ok = true;
		return;
	default:
		return;
	}
}
