/* The staff half of the state machine: the PIN (with its lockout), the staff pages and what
 * their buttons ask for, and an export's progress. Pure, like booth.c. */
#include <stdio.h>
#include <string.h>

#include "booth-private.h"
#include "i18n.h"

#define PIN_TRIES 5
#define PIN_LOCK_MS 60000

void booth_long_press(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	enum booth_screen s = st->screen;
	/* the press that began the hold started a walk-up countdown: no photo yet, so staff win */
	if (s == BOOTH_SCREEN_COUNTDOWN && st->shot == 0 && !st->checkin_session) {
		booth_emit(out, BOOTH_FX_DISCARD, 0);
		st->pin[0] = '\0';
		st->language[0] = '\0'; /* staff read the event's language */
		st->access = st->cfg.access;
		st->access_open = false;
		booth_go(st, BOOTH_SCREEN_STAFF_PIN, now, 0);
		return;
	}
	if (s == BOOTH_SCREEN_COUNTDOWN || s == BOOTH_SCREEN_CAPTURE || s == BOOTH_SCREEN_REVIEW ||
	    (s == BOOTH_SCREEN_SAVED && st->saving) || s == BOOTH_SCREEN_STAFF) {
		return;
	}
	st->pin[0] = '\0';
	st->language[0] = '\0';
	st->access = st->cfg.access;
	st->access_open = false;
	booth_go(st, BOOTH_SCREEN_STAFF_PIN, now, 0);
}

static void print_op(struct booth_effects *out, enum booth_print_op op, int64_t id)
{
	struct booth_effect *fx = booth_emit_fx(out, BOOTH_FX_PRINT_OP);
	fx->arg = op;
	fx->id = id;
}

bool booth_staff_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			struct booth_effects *out)
{
	switch (ev->action) {
	case BOOTH_ACTION_STAFF_SCROLL:
		st->staff_offset += (int)ev->id;
		st->staff_offset = st->staff_offset < 0    ? 0
				   : st->staff_offset > 19 ? 19
							   : st->staff_offset;
		return true;
	case BOOTH_ACTION_STAFF_PAGE:
		st->staff_page = (enum booth_staff_page)ev->id;
		st->staff_offset = 0;
		st->clock_adjust = 0;
		booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		return true;
	case BOOTH_ACTION_UNDO:
		booth_emit_fx(out, BOOTH_FX_UNDO)->id = ev->id;
		return true;
	case BOOTH_ACTION_CARRY:
		booth_emit(out, BOOTH_FX_CARRY, 0);
		return true;
	case BOOTH_ACTION_FORGET:
		booth_emit_fx(out, BOOTH_FX_FORGET)->id = ev->id;
		return true;
	case BOOTH_ACTION_COUNTDOWN: {
		int s = st->cfg.countdown_ms / 1000 + (ev->id > 0 ? 1 : -1);
		s = s < 1 ? 1 : s > 10 ? 10 : s;
		st->cfg.countdown_ms = s * 1000;
		struct booth_effect *fx = booth_emit_text(out, BOOTH_FX_SETTING, "countdown");
		fx->arg = s;
		return true;
	}
	case BOOTH_ACTION_LAYOUT:
		booth_emit(out, BOOTH_FX_NEXT_LAYOUT, 0);
		return true;
	case BOOTH_ACTION_LANGUAGE:
		if (ev->text && ev->text[0]) {
			booth_emit_text(out, BOOTH_FX_LANGUAGE, ev->text);
		}
		return true;
	case BOOTH_ACTION_ACCESS_TOGGLE:
		st->cfg.access ^= (int)ev->id & BOOTH_ACCESS_ALL;
		st->access = st->cfg.access;
		booth_emit(out, BOOTH_FX_ACCESS_DEFAULT, st->cfg.access);
		return true;
	case BOOTH_ACTION_PHOTO_AT_CHECKIN: {
		st->cfg.photo_at_checkin = !st->cfg.photo_at_checkin;
		struct booth_effect *fx =
			booth_emit_text(out, BOOTH_FX_SETTING, "photo_at_checkin");
		fx->arg = st->cfg.photo_at_checkin;
		return true;
	}
	case BOOTH_ACTION_SHARE: {
		if (!st->cfg.share_available) {
			return true;
		}
		st->cfg.share = !st->cfg.share;
		struct booth_effect *fx = booth_emit_text(out, BOOTH_FX_SETTING, "share");
		fx->arg = st->cfg.share;
		return true;
	}
	case BOOTH_ACTION_EXPORT:
		if (!st->exporting) {
			st->exporting = true;
			st->export_done = st->export_total = 0;
			booth_emit(out, BOOTH_FX_EXPORT, 0);
		}
		return true;
	case BOOTH_ACTION_CLOCK_ADJUST:
		st->clock_adjust += ev->id;
		return true;
	case BOOTH_ACTION_CLOCK_SET:
		booth_emit_fx(out, BOOTH_FX_SET_CLOCK)->id = st->clock_adjust;
		st->clock_adjust = 0;
		return true;
	case BOOTH_ACTION_SHUTDOWN:
		booth_emit(out, BOOTH_FX_QUIT, 0);
		return true;
	case BOOTH_ACTION_PRINT_RESUME:
		print_op(out, BOOTH_PRINT_OP_RESUME, ev->id);
		return true;
	case BOOTH_ACTION_PRINT_CANCEL:
		booth_emit(out, BOOTH_FX_PRINT_OP, BOOTH_PRINT_OP_CANCEL);
		return true;
	case BOOTH_ACTION_PRINT_REPRINT:
		booth_emit(out, BOOTH_FX_PRINT_OP, BOOTH_PRINT_OP_REPRINT_STRIP);
		return true;
	case BOOTH_ACTION_PRINT_RESUBMIT:
		booth_emit(out, BOOTH_FX_PRINT_OP, BOOTH_PRINT_OP_RESUBMIT);
		return true;
	case BOOTH_ACTION_REPRINT_BADGE:
		print_op(out, BOOTH_PRINT_OP_REPRINT_BADGE, ev->id);
		return true;
	case BOOTH_ACTION_IMPORT:
		if (st->import != BOOTH_IMPORT_READING && st->import != BOOTH_IMPORT_STORING) {
			st->staff_page = BOOTH_STAFF_IMPORT;
			st->import = BOOTH_IMPORT_READING;
			st->import_error[0] = '\0';
			booth_emit(out, BOOTH_FX_IMPORT_PREVIEW, 0);
		}
		return true;
	case BOOTH_ACTION_IMPORT_CONFIRM:
		if (st->import == BOOTH_IMPORT_READY && st->staff_page == BOOTH_STAFF_IMPORT) {
			st->import = BOOTH_IMPORT_STORING;
			booth_emit(out, BOOTH_FX_IMPORT, 0);
		}
		return true;
	case BOOTH_ACTION_EXIT_STAFF:
	case BOOTH_ACTION_BACK:
		if (st->import == BOOTH_IMPORT_STORING) {
			return true; /* staff stay until the guest list is stored */
		}
		if (st->import != BOOTH_IMPORT_READING) {
			st->import = BOOTH_IMPORT_NONE;
		}
		if (st->staff_page != BOOTH_STAFF_HOME && ev->action == BOOTH_ACTION_BACK) {
			st->staff_page = BOOTH_STAFF_HOME;
			return true;
		}
		booth_to_attract(st, now);
		return true;
	default:
		return false;
	}
}

static void pin_ok(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	if (now < st->locked_until || !st->pin[0]) {
		return;
	}
	booth_emit_text(out, BOOTH_FX_VERIFY_PIN, st->pin);
}

int booth_locked_seconds(const struct booth_state *st, uint64_t now)
{
	return now < st->locked_until ? (int)((st->locked_until - now + 999) / 1000) : 0;
}

bool booth_pin_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
		      struct booth_effects *out)
{
	if (st->screen != BOOTH_SCREEN_STAFF_PIN) {
		return true;
	}
	if (ev->action == BOOTH_ACTION_PIN_DIGIT && ev->text && strlen(st->pin) < BOOTH_PIN_MAX) {
		strncat(st->pin, ev->text, 1);
	} else if (ev->action == BOOTH_ACTION_PIN_OK) {
		pin_ok(st, now, out);
	}
	return true;
}

void booth_staff_event(struct booth_state *st, const struct booth_event *ev, uint64_t now,
		       struct booth_effects *out)
{
	switch (ev->type) {
	case BOOTH_EV_PIN_OK:
		if (st->screen == BOOTH_SCREEN_STAFF_PIN) {
			st->pin[0] = '\0';
			st->pin_failures = 0;
			st->notice[0] = '\0';
			st->notice_until = 0;
			st->staff_page = BOOTH_STAFF_HOME;
			booth_go(st, BOOTH_SCREEN_STAFF, now, 0);
			booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		}
		return;
	case BOOTH_EV_PIN_BAD:
		if (st->screen == BOOTH_SCREEN_STAFF_PIN) {
			st->pin[0] = '\0';
			if (++st->pin_failures >= PIN_TRIES) {
				st->pin_failures = 0;
				st->locked_until = now + PIN_LOCK_MS;
				booth_notice(st, N_("Too many wrong PINs: locked for 60 seconds."),
					     now);
			} else {
				booth_notice(st, N_("Wrong PIN."), now);
			}
		}
		return;
	case BOOTH_EV_EXPORT_PROGRESS:
		st->export_done = (int)ev->id;
		st->export_total = ev->count;
		return;
	case BOOTH_EV_IMPORT_PREVIEW:
		if (st->import == BOOTH_IMPORT_READING) {
			bool ok = !ev->text || !ev->text[0];
			st->import = ok ? BOOTH_IMPORT_READY : BOOTH_IMPORT_FAILED;
			st->import_rows = ok ? (int)ev->id : 0;
			snprintf(st->import_error, sizeof(st->import_error), "%s",
				 ok ? "" : ev->text);
			if (st->staff_page != BOOTH_STAFF_IMPORT) {
				st->import = BOOTH_IMPORT_NONE; /* staff left meanwhile */
			}
		}
		return;
	case BOOTH_EV_IMPORT_DONE:
		if (st->import == BOOTH_IMPORT_STORING) {
			st->import = BOOTH_IMPORT_NONE;
			st->staff_page = BOOTH_STAFF_HOME;
			/* staff who left meanwhile find the outcome in the log */
			if (st->screen == BOOTH_SCREEN_STAFF) {
				booth_notice(st, ev->text ? ev->text : "", now);
				booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
			}
		}
		return;
	case BOOTH_EV_EXPORT_DONE:
		st->exporting = false;
		booth_notice(st, ev->text ? ev->text : "", now);
		booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		return;
	default:
		return;
	}
}
