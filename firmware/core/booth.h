/* The kiosk's state machine. Pure: no SDL, no I/O, no clock reads. The caller passes the time
 * (milliseconds on any monotonic clock, real or virtual) with every call, performs the effects
 * returned, and feeds the results back as events. One booth_state belongs to one thread (main). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "person.h"

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

/* What a touch control does. The UI maps a tap on a control to one of these, with the control's
 * text or id where it has one. */
enum booth_action {
	BOOTH_ACTION_NONE,
	BOOTH_ACTION_START, /* the booth's call to action: same as the button */
	BOOTH_ACTION_KEEP,
	BOOTH_ACTION_RETAKE,
	BOOTH_ACTION_DISMISS, /* "OK" on the error screen, "Done" on saved */
	BOOTH_ACTION_CHECKIN, /* attract: "Check in" */
	BOOTH_ACTION_KEY,     /* on-screen keyboard: .text */
	BOOTH_ACTION_DELETE,  /* on-screen keyboard: the last character */
	BOOTH_ACTION_ACCENT,  /* on-screen keyboard: turns the last letter through its accents */
	BOOTH_ACTION_PICK,    /* search: the result with attendee .id */
	BOOTH_ACTION_NOT_LISTED,
	BOOTH_ACTION_BACK,
	BOOTH_ACTION_CONFIRM,    /* confirm: "Check in" */
	BOOTH_ACTION_TAKE_PHOTO, /* consent */
	BOOTH_ACTION_SKIP_PHOTO,
	BOOTH_ACTION_FIELD,      /* walkin: focus field .id */
	BOOTH_ACTION_ADD_WALKIN, /* walkin: "Add and check in" */
	BOOTH_ACTION_STAFF,      /* the corner that leads to staff */
	BOOTH_ACTION_PIN_DIGIT,  /* staff-pin: .text */
	BOOTH_ACTION_PIN_OK,
	BOOTH_ACTION_STAFF_PAGE,   /* staff: page .id (enum booth_staff_page) */
	BOOTH_ACTION_STAFF_SCROLL, /* staff: the recent check-ins list moved by .id rows */
	BOOTH_ACTION_UNDO,         /* staff: check-in .id */
	BOOTH_ACTION_FORGET,       /* staff: attendee .id's photos, consent withdrawn */
	BOOTH_ACTION_COUNTDOWN,    /* staff settings: .id = +1 or -1 seconds */
	BOOTH_ACTION_LAYOUT,       /* staff settings: the next layout */
	BOOTH_ACTION_PHOTO_AT_CHECKIN,
	BOOTH_ACTION_SHARE,        /* staff settings: pages for phones on or off */
	BOOTH_ACTION_EXPORT,       /* staff: export to the USB stick */
	BOOTH_ACTION_CLOCK_ADJUST, /* staff clock: move the time to set by .id seconds */
	BOOTH_ACTION_CLOCK_SET,
	BOOTH_ACTION_SHUTDOWN,
	BOOTH_ACTION_EXIT_STAFF,
	BOOTH_ACTION_PRINT,          /* review: keep the photos and print them */
	BOOTH_ACTION_PRINT_RESUME,   /* staff printing: restart printer .id (0 strips, 1 badges) */
	BOOTH_ACTION_PRINT_CANCEL,   /* staff printing: cancel the prints still waiting */
	BOOTH_ACTION_PRINT_REPRINT,  /* staff printing: the last strip once more */
	BOOTH_ACTION_PRINT_RESUBMIT, /* staff printing: send the lost prints again */
	BOOTH_ACTION_REPRINT_BADGE,  /* staff recent check-ins: attendee .id's badge again */
	BOOTH_ACTION_IMPORT,         /* staff settings: read the guest list on the USB stick */
	BOOTH_ACTION_IMPORT_CONFIRM, /* staff import: store the guest list previewed */
	BOOTH_ACTION_CARRY,          /* staff kiosks: the sync folder to and from a USB stick */
	/* attract: the guest's language, .text its code, for their session; staff settings: the
	 * event's language from now on */
	BOOTH_ACTION_LANGUAGE,
	BOOTH_ACTION_ACCESS,        /* attract: the accessibility panel, opened or closed */
	BOOTH_ACTION_ACCESS_TOGGLE, /* the panel: turn BOOTH_ACCESS_* .id on or off for this
				       guest; staff's Language page: for every guest from now */
};

/* What a guest can turn on for their visit, and staff for everyone (bits) */
enum booth_access {
	BOOTH_ACCESS_LARGE_TEXT = 1,
	BOOTH_ACCESS_HIGH_CONTRAST = 2,
	BOOTH_ACCESS_SPEECH = 4, /* spoken prompts, in the guest's language */
	BOOTH_ACCESS_LOW = 8,    /* a portrait screen's controls in its lower half, within reach */
	BOOTH_ACCESS_ALL = 15,
};

/* A guest list from a USB stick, on the staff import page. */
enum booth_import {
	BOOTH_IMPORT_NONE,
	BOOTH_IMPORT_READING, /* the preview is being read */
	BOOTH_IMPORT_READY,   /* the preview is shown: staff may import it */
	BOOTH_IMPORT_FAILED,  /* it cannot be imported: import_error says why */
	BOOTH_IMPORT_STORING, /* the import runs */
};

enum booth_staff_page {
	BOOTH_STAFF_HOME,
	BOOTH_STAFF_RECENT,
	BOOTH_STAFF_SETTINGS,
	BOOTH_STAFF_CLOCK,
	BOOTH_STAFF_PRINT,
	BOOTH_STAFF_IMPORT,   /* a guest list from a USB stick: its preview, then the import */
	BOOTH_STAFF_PEERS,    /* the other kiosks at the door, pairing, the stick that carries */
	BOOTH_STAFF_LANGUAGE, /* the event's language */
};

enum booth_print_mode {
	BOOTH_PRINT_NO,
	BOOTH_PRINT_ASK,  /* a "Print" button on the review screen */
	BOOTH_PRINT_AUTO, /* Keep prints */
};

/* What staff ask the print worker (BOOTH_FX_PRINT_OP's .arg). */
enum booth_print_op {
	BOOTH_PRINT_OP_RESUME, /* .id: 0 the strip printer, 1 the badge printer */
	BOOTH_PRINT_OP_CANCEL,
	BOOTH_PRINT_OP_REPRINT_STRIP,
	BOOTH_PRINT_OP_REPRINT_BADGE, /* .id: the attendee */
	BOOTH_PRINT_OP_RESUBMIT,
};

enum booth_key {
	BOOTH_KEY_CONFIRM, /* Return */
	BOOTH_KEY_BACK,    /* Escape */
	BOOTH_KEY_DELETE,  /* BackSpace */
};

enum booth_event_type {
	BOOTH_EV_TICK,         /* time passed; nothing else happened */
	BOOTH_EV_BUTTON,       /* the big button: pressed and released */
	BOOTH_EV_LONG_PRESS,   /* the big button held 3 s or more: staff */
	BOOTH_EV_HELD,         /* the big button held 0.8 s: the guest wants the highlight */
	BOOTH_EV_ACTION,       /* a control was tapped: .action, .text, .id */
	BOOTH_EV_KEY,          /* a special key from a keyboard or scanner: .key */
	BOOTH_EV_KEYCHAR,      /* one character from a keyboard or scanner: .text */
	BOOTH_EV_FRAME,        /* a preview frame arrived */
	BOOTH_EV_STILL_READY,  /* the still asked for by BOOTH_FX_CAPTURE arrived */
	BOOTH_EV_STILL_FAILED, /* .text says why */
	BOOTH_EV_COMPOSED,     /* the review image of the session is ready */
	BOOTH_EV_SAVE_DONE,    /* .text: where the strip can be found; .id BOOTH_SAVED_* */
	BOOTH_EV_SAVE_FAILED,  /* .text: what went wrong, for people */
	BOOTH_EV_CAMERA_LOST,  /* .text */
	BOOTH_EV_CAMERA_BACK,
	BOOTH_EV_RESULTS,        /* search results: .results, .count (for the query in .text) */
	BOOTH_EV_PERSON,         /* an attendee looked up: .person */
	BOOTH_EV_NOT_FOUND,      /* a scanned badge code is nobody's: .text */
	BOOTH_EV_CHECKED_IN,     /* the check-in is committed: .person with its time */
	BOOTH_EV_CHECKIN_FAILED, /* .text */
	BOOTH_EV_PIN_OK,
	BOOTH_EV_PIN_BAD,
	BOOTH_EV_NOTICE,          /* a staff action's outcome, shown briefly: .text */
	BOOTH_EV_LAYOUT,          /* the layout changed: .text its name, .id its shots */
	BOOTH_EV_EXPORT_PROGRESS, /* .id files done of .count */
	BOOTH_EV_EXPORT_DONE,     /* .text says how it went */
	BOOTH_EV_PRINTER,         /* the printers changed: .text the guests' line, "" for none */
	BOOTH_EV_IMPORT_PREVIEW,  /* the stick's guest list was read: .id good rows, or .text why
				     it cannot be imported */
	BOOTH_EV_IMPORT_DONE,     /* the guest list is stored, or not: .text says which */
	/* a finger on the screen anywhere, or a key: the guest is still there, and a screen that
	 * would move on by itself gives them its whole time again (WCAG 2.2.1) */
	BOOTH_EV_TOUCH,
};

/* BOOTH_EV_SAVE_DONE's .id: the print asked for was not made (the event's limit) */
#define BOOTH_SAVED_NOT_PRINTED 1

#define BOOTH_TEXT 128
/* No guest-facing screen moves on sooner than this by itself (WCAG 2.2.1) */
#define BOOTH_MIN_TIMEOUT_MS 20000
/* A press held this long moves the highlight (the button driver's BUTTON_HELD_MS too) */
#define BOOTH_HELD_MS 800
#define BOOTH_MAX_RESULTS 6
#define BOOTH_PIN_MAX 8

struct booth_event {
	enum booth_event_type type;
	enum booth_action action;
	enum booth_key key;
	const char *text; /* copied if kept; may be NULL */
	int64_t id;
	const struct person *person;  /* BOOTH_EV_PERSON, BOOTH_EV_CHECKED_IN */
	const struct person *results; /* BOOTH_EV_RESULTS */
	int count;
};

enum booth_effect_type {
	BOOTH_FX_SESSION_BEGIN, /* a new photo session: .arg shots, .id attendee (0: walk-up) */
	BOOTH_FX_CAPTURE,       /* take still number .arg (0-based) */
	BOOTH_FX_COMPOSE,       /* all shots taken: compose the review image */
	BOOTH_FX_DISCARD,       /* retake: forget the shots taken so far */
	/* keep: write the session (for attendee .id), print .arg sheets (0: none), then
	 * SAVE_DONE or SAVE_FAILED */
	BOOTH_FX_SAVE,
	BOOTH_FX_SOUND_TICK, /* the countdown shows numeral .arg */
	BOOTH_FX_SOUND_SHUTTER,
	BOOTH_FX_SOUND_CHIME, /* a check-in went through */
	BOOTH_FX_SEARCH,      /* search for .text; BOOTH_EV_RESULTS follows */
	BOOTH_FX_LOOKUP_CODE, /* a scanned badge .text; BOOTH_EV_PERSON or NOT_FOUND follows */
	BOOTH_FX_LOAD_PERSON, /* attendee .id; BOOTH_EV_PERSON follows */
	BOOTH_FX_CHECKIN,     /* commit a check-in of attendee .id; CHECKED_IN or FAILED follows */
	BOOTH_FX_ADD_WALKIN,  /* .walkin; CHECKED_IN or CHECKIN_FAILED follows */
	BOOTH_FX_BADGE,       /* make the badge of attendee .id without a photo */
	BOOTH_FX_VERIFY_PIN,  /* .text; PIN_OK or PIN_BAD follows */
	BOOTH_FX_STAFF_REFRESH,  /* staff data (stats, recent check-ins) is to be read again */
	BOOTH_FX_UNDO,           /* undo check-in .id; NOTICE follows */
	BOOTH_FX_FORGET,         /* delete attendee .id's photos; NOTICE follows */
	BOOTH_FX_SETTING,        /* keep setting .text = .arg */
	BOOTH_FX_NEXT_LAYOUT,    /* switch to the next layout; BOOTH_EV_LAYOUT follows */
	BOOTH_FX_EXPORT,         /* export to a USB stick; EXPORT_PROGRESS and EXPORT_DONE follow */
	BOOTH_FX_SET_CLOCK,      /* set the clock to now + .id seconds */
	BOOTH_FX_QUIT,           /* shut down cleanly */
	BOOTH_FX_PRINT_OP,       /* staff's printing buttons: .arg enum booth_print_op, .id */
	BOOTH_FX_IMPORT_PREVIEW, /* read the USB stick's guest list; IMPORT_PREVIEW follows */
	BOOTH_FX_IMPORT,         /* store the guest list previewed; IMPORT_DONE follows */
	BOOTH_FX_PAIR,           /* staff kiosks: another kiosk's code .text was scanned */
	BOOTH_FX_CARRY,          /* staff kiosks: carry to and from a USB stick; NOTICE follows */
	BOOTH_FX_LANGUAGE,       /* staff settings: the event's language is now .text */
	BOOTH_FX_ACCESS_DEFAULT, /* staff: every guest starts with BOOTH_ACCESS_* bits .arg */
};

/* A walk-in as typed: name, organization, email. */
struct booth_walkin {
	char field[3][PERSON_TEXT];
	int focus;
};

#define BOOTH_FX_TEXT 256

/* One thing for the kiosk to do. It owns everything it carries: its text and walk-in are
 * copies, so nothing that happens to the state while it is performed can change them. */
struct booth_effect {
	enum booth_effect_type type;
	int arg;
	int64_t id;
	char text[BOOTH_FX_TEXT];   /* a query, badge code, PIN or setting name; "" if none */
	struct booth_walkin walkin; /* BOOTH_FX_ADD_WALKIN */
};

#define BOOTH_MAX_EFFECTS 8

struct booth_effects {
	int count;
	struct booth_effect list[BOOTH_MAX_EFFECTS];
};

struct booth_config {
	int countdown_ms; /* per shot; default 3000 */
	int flash_ms;     /* white flash at capture; default 250 */
	/* Screens that move on by themselves give a guest at least BOOTH_MIN_TIMEOUT_MS, and
	 * a touch gives them that time again (BOOTH_EV_TOUCH) */
	int review_timeout_ms;  /* review keeps by itself after this; default 20000 */
	int saved_ms;           /* the thank-you shows this long; default 20000 */
	int error_ms;           /* the error screen returns to attract after this; default 20000 */
	int capture_timeout_ms; /* a still that does not come in this time is an error; 10000 */
	int shots;              /* shots per session, from the layout; 1..16 */
	int idle_ms;            /* check-in screens go back to attract after this; 60000 */
	bool photo_at_checkin;  /* ask for a photo after a check-in; true */
	bool share_available;   /* pages for phones are set up ([share] in the config) */
	bool peers_available;   /* other kiosks share a folder with this one ([peers]) */
	bool share;             /* and staff have them on */
	bool pin_set;           /* a staff PIN is configured */
	enum booth_print_mode print; /* strips; BOOTH_PRINT_NO */
	int print_copies;            /* sheets per session; 1 */
	int access;                  /* BOOTH_ACCESS_* bits every guest starts with; staff's */
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
	char message[256]; /* error: what happened; saved: where the photo is */

	/* check-in */
	uint64_t last_input;    /* for the idle timeout */
	char query[BOOTH_TEXT]; /* search */
	struct person results[BOOTH_MAX_RESULTS];
	int result_count;
	struct person person; /* confirm, consent, and the photo session that follows */
	bool checkin_session; /* the photo session is the attendee's (one shot) */
	bool welcome;         /* saved: greet a check-in, no photo taken */
	struct booth_walkin walkin;
	char notice[160]; /* a short note over the screen ("Badge not found") */
	/* the language a guest chose on the attract screen, for their session; "" the event's.
	 * Forgotten back at attract, or after idle_ms there untouched. */
	char language[8];
	int access;       /* BOOTH_ACCESS_* bits for this guest: cfg.access, then their choice */
	bool access_open; /* attract: the accessibility panel is showing */
	uint64_t notice_until, notice_since;

	/* a USB barcode scanner: keystrokes faster than a person types, then Return */
	char keys[192]; /* a badge code, or another kiosk's pairing code */
	int key_count;
	uint64_t key_last;

	/* staff */
	char pin[BOOTH_PIN_MAX + 1];
	int pin_failures;
	uint64_t locked_until;
	enum booth_staff_page staff_page;
	int staff_offset; /* first row of the recent check-ins shown */
	bool exporting;
	int export_done, export_total;
	int64_t clock_adjust; /* seconds to add to the clock, on the clock page */
	char layout[32];      /* the layout's name, for the settings page */
	enum booth_import import;
	int import_rows;                  /* good rows in the guest list previewed */
	char import_error[BOOTH_FX_TEXT]; /* why the stick's guest list cannot be imported */

	/* printing */
	bool printing;          /* saved: this session's strip is being printed */
	char printer_note[200]; /* what guests are told while the printer cannot print */
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

/* Shots in the current (or last) photo session: 1 for a check-in photo, else the layout's. */
int booth_session_shots(const struct booth_state *st);

/* Countdown numeral to show at `now` (3, 2, 1), or 0 when not counting down. */
int booth_countdown_value(const struct booth_state *st, uint64_t now);

/* Whether the capture flash covers the screen at `now`. */
bool booth_flash_visible(const struct booth_state *st, uint64_t now);

/* Fraction 0..1 of the review auto-keep time still left at `now`. */
float booth_review_left(const struct booth_state *st, uint64_t now);

/* Seconds left of the PIN lockout at `now`, 0 if none. */
int booth_locked_seconds(const struct booth_state *st, uint64_t now);

/* Whether a notice is showing at `now`. */
bool booth_notice_visible(const struct booth_state *st, uint64_t now);

/* Keystrokes closer together than this, ending in Return, are a scanner. */
#define BOOTH_SCAN_GAP_MS 50

/* Whether a press of the big button would do something now (the LED's "ready"). */
bool booth_button_ready(const struct booth_state *st);

/* Stable lower-case names, as in scripts ("attract", "staff-pin"...). NULL if out of range. */
const char *booth_screen_name(enum booth_screen screen);
/* Returns false if `name` is no screen's name. */
bool booth_screen_from_name(const char *name, enum booth_screen *out);
