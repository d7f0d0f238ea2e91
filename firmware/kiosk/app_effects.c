/* Performing the booth's effects: the photo session's own here, the check-in's and staff's in
 * app_checkin.c. An effect never calls back into the core: what it feeds waits in the feeder
 * until the batch is done (feeder.h). */
#include <stdio.h>

#include <string.h>

#include "animation.h"
#include "app-private.h"
#include "i18n.h"
#include "sound.h"

#define LOG_MODULE "app"
#include "log.h"

static void new_shots(struct app *a)
{
	app_burst_stop(a);
	shotset_unref(a->shots);
	a->shots = shotset_create();
	image_destroy(a->composed);
	a->composed = NULL;
	ui_clear_review(a->ui);
	app_share_clear(a);
	a->generation++;
}

static void perform(void *ctx, const struct booth_effect *e)
{
	struct app *a = ctx;
	/* what an effect says, it says in the language of the guest at the screen */
	i18n_set_language(a->booth.language);
	{
		switch (e->type) {
		case BOOTH_FX_SESSION_BEGIN:
			new_shots(a);
			a->session_layout = e->id ? &a->single : &a->layout;
			a->session_person = e->id != 0;
			if (e->id) {
				a->person = a->booth.person;
			}
			LOG_INFO("session %u: %d shot(s), layout %s%s", a->booth.sessions, e->arg,
				 a->session_layout->name, e->id ? ", for a check-in" : "");
			break;
		case BOOTH_FX_CAPTURE:
			if (layout_is_boomerang(a->session_layout)) {
				if (!app_burst_start(a)) {
					app_feed(a, &(struct booth_event){
							    .type = BOOTH_EV_STILL_FAILED,
							    .text = _("Camera unavailable: "
								      "check-in still works."),
						    });
				}
				break;
			}
			if (!a->camera || !camera_capture(a->camera)) {
				app_feed(a, &(struct booth_event){
						    .type = BOOTH_EV_STILL_FAILED,
						    .text = _("Camera unavailable: check-in still "
							      "works."),
					    });
			}
			break;
		case BOOTH_FX_COMPOSE:
			if (a->shots->frame_count > 0) { /* a boomerang: played at once */
				int order[2 * SHOTSET_FRAMES];
				int n = anim_boomerang_order(a->shots->frame_count, order);
				ui_set_review_animation(a->ui, a->shots->frames,
							a->shots->frame_count, order, n,
							a->shots->frame_ms);
			}
			saver_compose(a->saver, a->generation, a->session_layout, a->shots);
			app_share_review(a);
			break;
		case BOOTH_FX_DISCARD:
			new_shots(a);
			break;
		case BOOTH_FX_SAVE: {
			struct saver_session job = {
				.session = a->generation,
				.layout = a->session_layout,
				.shots = a->shots,
				.composed = a->composed,
				.person = a->session_person ? &a->person : NULL,
				.print_copies = e->arg,
				.share_token = a->share.token[0] ? a->share.token : NULL,
				.language = a->booth.language,
			};
			a->composed = NULL; /* the saver owns it now */
			saver_save(a->saver, &job);
			break;
		}
		case BOOTH_FX_PRINT_OP: {
			static const enum print_op ops[] = {
				[BOOTH_PRINT_OP_RESUME] = PRINT_OP_RESUME,
				[BOOTH_PRINT_OP_CANCEL] = PRINT_OP_CANCEL,
				[BOOTH_PRINT_OP_REPRINT_STRIP] = PRINT_OP_REPRINT_STRIP,
				[BOOTH_PRINT_OP_REPRINT_BADGE] = PRINT_OP_REPRINT_BADGE,
				[BOOTH_PRINT_OP_RESUBMIT] = PRINT_OP_RESUBMIT,
			};
			log_trace("print request %d %lld", e->arg, (long long)e->id);
			print_request(a->printer, ops[e->arg], e->id);
			break;
		}
		case BOOTH_FX_SOUND_TICK:
			sound_cue(a->sound, SOUND_TICK, app_now_ms(a));
			break;
		case BOOTH_FX_SOUND_SHUTTER:
			sound_cue(a->sound, SOUND_SHUTTER, app_now_ms(a));
			break;
		case BOOTH_FX_SOUND_CHIME:
			sound_cue(a->sound, SOUND_CHIME, app_now_ms(a));
			break;
		default:
			app_checkin_effect(a, e);
			break;
		}
	}
}

/* The LED says whether a press would do something: on when ready, blinking while counting
 * down, off while saving or busy. */
void app_update_led(struct app *a)
{
	const struct booth_state *st = &a->booth;
	enum led_mode mode = st->screen == BOOTH_SCREEN_COUNTDOWN ? LED_BLINK
			     : booth_button_ready(st)             ? LED_ON
								  : LED_OFF;
	if ((int)mode != a->led_mode) {
		a->led_mode = (int)mode;
		led_set(a->led, mode);
	}
}

/* What a guest who turned speech on hears as a screen appears, in their language. */
static void speak_screen(struct app *a)
{
	const struct booth_state *st = &a->booth;
	char line[400];
	line[0] = '\0';
	i18n_set_language(st->language);
	switch (st->screen) {
	case BOOTH_SCREEN_COUNTDOWN: {
		/* "Photo in 3, 2, 1": the numbers the guest will hear ticked */
		char count[32] = "";
		for (int n = st->last_tick; n >= 1; n--) {
			size_t len = strlen(count);
			snprintf(count + len, sizeof(count) - len, "%s%d", len ? ", " : "", n);
		}
		snprintf(line, sizeof(line), _("Photo in %s"), count);
		break;
	}
	case BOOTH_SCREEN_CONSENT:
		snprintf(line, sizeof(line),
			 _("You are checked in, welcome %s. May we keep your photo?"),
			 st->person.name);
		break;
	case BOOTH_SCREEN_REVIEW:
		snprintf(line, sizeof(line), "%s",
			 _("Keep these photos? Press the button to keep them, or wait."));
		break;
	case BOOTH_SCREEN_SAVED:
		if (st->welcome) {
			snprintf(line, sizeof(line), _("You are checked in, welcome %s."),
				 st->person.name);
		} else {
			snprintf(line, sizeof(line), "%s", _("Thanks! Your photos are saved."));
		}
		break;
	case BOOTH_SCREEN_ERROR:
		snprintf(line, sizeof(line), "%s", _(st->message));
		break;
	default:
		break;
	}
	sound_say(a->sound, line, i18n_language(), app_now_ms(a));
}

static void handled(void *ctx, enum booth_screen before, const struct booth_effects *fx)
{
	struct app *a = ctx;
	if (a->booth.screen != before && a->booth.screen == BOOTH_SCREEN_ERROR) {
		sound_cue(a->sound, SOUND_ERROR, app_now_ms(a));
	}
	if (a->booth.access & BOOTH_ACCESS_SPEECH && a->booth.screen != before) {
		speak_screen(a);
	}
	if (a->booth.screen != before) {
		ui_focus_screen(a->ui, a->booth.screen);
		LOG_DBG("screen %s -> %s", booth_screen_name(before),
			booth_screen_name(a->booth.screen));
		log_trace("screen %s", booth_screen_name(a->booth.screen));
		a->dirty = true;
	}
	if (fx->count || strcmp(a->language_shown, a->booth.language) != 0) {
		a->dirty = true;
	}
	app_update_led(a);
}

static uint64_t feeder_now(void *ctx)
{
	return app_now_ms(ctx);
}

void app_feed(struct app *a, const struct booth_event *ev)
{
	feeder_feed(a->feeder, ev);
}

const struct feeder_impl app_feeder_impl = {
	.perform = perform,
	.handled = handled,
	.now = feeder_now,
};
