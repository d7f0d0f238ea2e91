/* The kiosk's state machine. Pure: no SDL, no I/O, no clock reads. The caller passes the time
 * (milliseconds on any monotonic clock, real or virtual) with every call, performs the effects
 * returned, and feeds the results back as events. One booth_state belongs to one thread (main). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum booth_screen {
	BOOTH_SCREEN_ATTRACT,
	BOOTH_SCREEN_SEARCH,
	BOOTH_SCREEN_CONFIRM,
	BOOTH_SCREEN_WALKIN,
	BOOTH_SCREEN_CONSENT,
	BOOTH_SCREEN_COUNTDOWN,
	BOOTH_SCREEN_CAPTURE,
	BOOTH_SCREEN_REVIEW,
	BOOTH_SCREEN_SAVED,
	BOOTH_SCREEN_STAFF_PIN,
	BOOTH_SCREEN_STAFF,
	BOOTH_SCREEN_ERROR,
	BOOTH_SCREEN_COUNT,
};

/* What a touch control does. The UI maps a tap on a control to one of these. */
enum booth_action {
	BOOTH_ACTION_NONE,
	BOOTH_ACTION_START, /* the booth's call to action: same as the button */
	BOOTH_ACTION_KEEP,
	BOOTH_ACTION_RETAKE,
	BOOTH_ACTION_DISMISS, /* "OK" on the error screen, "Done" on saved */
};

enum booth_key {
	BOOTH_KEY_CONFIRM, /* Return */
	BOOTH_KEY_BACK,    /* Escape */
};

enum booth_event_type {
	BOOTH_EV_TICK,         /* time passed; nothing else happened */
	BOOTH_EV_BUTTON,       /* the big button: pressed and released */
	BOOTH_EV_LONG_PRESS,   /* the big button held 3 s or more (staff, once it exists) */
	BOOTH_EV_ACTION,       /* a control was tapped: .action */
	BOOTH_EV_KEY,          /* .key */
	BOOTH_EV_FRAME,        /* a preview frame arrived */
	BOOTH_EV_STILL_READY,  /* the still asked for by BOOTH_FX_CAPTURE arrived */
	BOOTH_EV_STILL_FAILED, /* .text says why */
	BOOTH_EV_COMPOSED,     /* the review image of the session is ready */
	BOOTH_EV_SAVE_DONE,    /* .text: where the strip can be found */
	BOOTH_EV_SAVE_FAILED,  /* .text: what went wrong, for people */
	BOOTH_EV_CAMERA_LOST,  /* .text */
	BOOTH_EV_CAMERA_BACK,
};

struct booth_event {
	enum booth_event_type type;
	enum booth_action action;
	enum booth_key key;
	const char *text; /* copied if kept; may be NULL */
};

enum booth_effect_type {
	BOOTH_FX_SESSION_BEGIN, /* a new photo session: .arg = shots it will take */
	BOOTH_FX_CAPTURE,       /* take still number .arg (0-based) */
	BOOTH_FX_COMPOSE,       /* all shots taken: compose the review image */
	BOOTH_FX_DISCARD,       /* retake: forget the shots taken so far */
	BOOTH_FX_SAVE,          /* keep: write shots and strip, then report SAVE_DONE/FAILED */
	BOOTH_FX_SOUND_TICK,    /* one second of the countdown passed */
	BOOTH_FX_SOUND_SHUTTER,
};

struct booth_effect {
	enum booth_effect_type type;
	int arg;
};

#define BOOTH_MAX_EFFECTS 8

struct booth_effects {
	int count;
	struct booth_effect list[BOOTH_MAX_EFFECTS];
};

struct booth_config {
	int countdown_ms;       /* per shot; default 3000 */
	int flash_ms;           /* white flash at capture; default 250 */
	int review_timeout_ms;  /* review keeps by itself after this; default 20000 */
	int saved_ms;           /* the thank-you shows this long; default 4000 */
	int error_ms;           /* the error screen returns to attract after this; default 10000 */
	int capture_timeout_ms; /* a still that does not come in this time is an error; 10000 */
	int shots;              /* shots per session, from the layout; 1..16 */
};

struct booth_state {
	struct booth_config cfg;
	enum booth_screen screen;
	uint64_t screen_since; /* when the current screen appeared */
	uint64_t deadline;     /* when the current screen's timer fires; 0 = none */
	int shot;              /* index of the shot being counted down or captured */
	bool still_received;   /* capture: the still for .shot has arrived */
	bool composed;         /* review: the review image is ready to show */
	bool saving;           /* saved: the save is still running */
	bool camera_ok;
	int last_tick;     /* countdown numeral last announced */
	uint32_t sessions; /* sessions begun since start */
	uint64_t frames;   /* preview frames seen */
	char message[256]; /* error: what happened; saved: where the strip is */
};

void booth_config_defaults(struct booth_config *cfg);

/* Starts on the attract screen. cfg is copied. */
void booth_init(struct booth_state *st, const struct booth_config *cfg, uint64_t now);

/* Applies one event at time `now` (never earlier than the previous call's). Timers that are
 * due fire first, so any event also serves as a tick. `out` is overwritten. */
void booth_handle(struct booth_state *st, const struct booth_event *ev, uint64_t now,
                  struct booth_effects *out);

/* The next time at which booth_handle(BOOTH_EV_TICK) would change something, or 0 if none. */
uint64_t booth_next_deadline(const struct booth_state *st);

/* Countdown numeral to show at `now` (3, 2, 1), or 0 when not counting down. */
int booth_countdown_value(const struct booth_state *st, uint64_t now);

/* Whether the capture flash covers the screen at `now`. */
bool booth_flash_visible(const struct booth_state *st, uint64_t now);

/* Fraction 0..1 of the review auto-keep time still left at `now`. */
float booth_review_left(const struct booth_state *st, uint64_t now);

/* Whether a press of the big button would do something now (the LED's "ready"). */
bool booth_button_ready(const struct booth_state *st);

/* Stable lower-case names, as in scripts ("attract", "staff-pin"...). NULL if out of range. */
const char *booth_screen_name(enum booth_screen screen);
/* Returns false if `name` is no screen's name. */
bool booth_screen_from_name(const char *name, enum booth_screen *out);
