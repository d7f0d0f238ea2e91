/* Shared by booth.c (the photo flow) and booth_checkin.c (check-in, staff, the scanner). */
#pragma once

#include "booth.h"

void booth_emit(struct booth_effects *out, enum booth_effect_type type, int arg);
/* Emits and returns the effect for filling in .id, .text. */
struct booth_effect *booth_emit_fx(struct booth_effects *out, enum booth_effect_type type);
/* Emits an effect that carries a copy of `text` (cut at BOOTH_FX_TEXT - 1 bytes). */
struct booth_effect *booth_emit_text(struct booth_effects *out, enum booth_effect_type type,
				     const char *text);
void booth_go(struct booth_state *st, enum booth_screen screen, uint64_t now, int timer_ms);
void booth_fail(struct booth_state *st, const char *text, uint64_t now);
/* Starts a photo session: the walk-up strip, or the checked-in attendee's one photo. */
void booth_start_session(struct booth_state *st, bool checkin, uint64_t now,
			 struct booth_effects *out);
/* Back to attract, forgetting what the last person typed and who they were. */
void booth_to_attract(struct booth_state *st, uint64_t now);

/* booth.c */
/* A note over the screen stays this long, or until the next input after its first second:
 * long enough to read (WCAG 2.2.1), never in the way */
#define BOOTH_NOTICE_MS BOOTH_MIN_TIMEOUT_MS
#define BOOTH_NOTICE_READ_MS 1000
/* A short note over the screen for BOOTH_NOTICE_MS. */
void booth_notice(struct booth_state *st, const char *text, uint64_t now);
void booth_set_message(struct booth_state *st, const char *text);

/* booth_session.c: the photo session */
void booth_session_timers(struct booth_state *st, uint64_t now, struct booth_effects *out);
/* A touch on a screen that moves on by itself: its whole time again. */
void booth_session_extend(struct booth_state *st, uint64_t now);
void booth_session_button(struct booth_state *st, uint64_t now, struct booth_effects *out);
void booth_session_action(struct booth_state *st, enum booth_action action, uint64_t now,
			  struct booth_effects *out);
/* Frames, stills, the composed review, the save's outcome, the camera lost and back. */
void booth_session_event(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			 struct booth_effects *out);

/* booth_staff.c: the PIN and the staff pages */
bool booth_staff_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			struct booth_effects *out);
bool booth_pin_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
		      struct booth_effects *out);
/* The PIN's verdict, an export's progress and end. */
void booth_staff_event(struct booth_state *st, const struct booth_event *ev, uint64_t now,
		       struct booth_effects *out);

/* booth_checkin.c */
bool booth_checkin_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			  struct booth_effects *out);
void booth_checkin_event(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			 struct booth_effects *out);
/* Return from a keyboard: true if it ended a scanner burst (and was handled as a scan). */
bool booth_checkin_return(struct booth_state *st, uint64_t now, struct booth_effects *out);
void booth_checkin_timers(struct booth_state *st, uint64_t now, struct booth_effects *out);
uint64_t booth_checkin_deadline(const struct booth_state *st);
void booth_session_held(struct booth_state *st, uint64_t now, struct booth_effects *out);
void booth_long_press(struct booth_state *st, uint64_t now, struct booth_effects *out);
