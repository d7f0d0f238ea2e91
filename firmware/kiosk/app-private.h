/* Inside the running kiosk: shared by the app_*.c files (ARCHITECTURE.md lists their jobs).
 * Main thread only, but for the listeners app_bridge.c hands to the other threads. */
#pragma once

#include <SDL.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "app.h"
#include "booth.h"
#include "button.h"
#include "camera.h"
#include "config.h"
#include "display.h"
#include "error.h"
#include "feeder.h"
#include "layout.h"
#include "led.h"
#include "peers.h"
#include "print.h"
#include "saver.h"
#include "store.h"
#include "store_people.h"
#include "ui.h"

struct fold;

struct app {
	struct app_options opt;
	struct config cfg;
	struct layout layout; /* the big button's */
	struct layout single; /* a check-in photo's */
	const struct layout *session_layout;
	struct store *store;
	struct fold *fold;
	struct saver *saver;
	struct camera *camera;
	struct camera_options camera_options;
	uint64_t camera_retry_at;   /* when to look for a camera again; 0 = not looking */
	bool camera_missing;        /* none was found: only a new device node can change that */
	struct timespec dev_seen;   /* /dev's mtime at the last look */
	struct button *button;      /* NULL: touch-only (or the demo's Space) */
	struct button *next_button; /* the second button, [button] next_line; NULL: none */
	struct led *led;
	int led_mode;
	struct display *display;
	struct ui *ui;
	struct booth_state booth;
	struct feeder *feeder; /* feeds .booth; effects' follow-up events wait in it */
	Uint32 ev_base;

	bool virtual_clock;
	uint64_t vnow;
	uint64_t origin;

	struct shotset *shots;
	/* pages for phones (app_share.c) */
	struct app_share {
		bool on;
		char folder[PATH_MAX];
		char token[27]; /* the session under review's page, "" = none */
	} share;
	/* a boomerang being taken: preview frames kept every interval_ms from next_at on */
	struct burst {
		bool active;
		int wanted, interval_ms;
		uint64_t next_at;
		struct image *scratch; /* a frame at its full size, as XRGB8888 */
	} burst;
	uint32_t generation; /* bumped on every new session and retake; stale results drop */
	struct image *composed;
	int64_t photos;
	bool session_person; /* the session is a check-in photo of .person */
	struct person person;
	char pin_hash[160]; /* the config's, or the demo's */

	/* what the staff screen shows, read when it opens and after every change */
	struct ui_stats stats;
	uint64_t edge_ns;         /* the last press's kernel timestamp, until the next frame */
	uint64_t button_retry_at; /* a lost button is looked for again then; 0 = not lost */
	bool press_waits;         /* the press down now is answered at its release */
	long long free_mb;        /* on the data folder, at the last staff screen refresh */
	struct ui_checkin recent[20];
	int recent_count;

	bool quit;
	bool restart; /* quit for a new version of the program */
	int status;
	/* the program file as it was at start, under systemd: a package upgrade replaces it */
	struct {
		char path[PATH_MAX];
		struct stat seen;
		uint64_t checked_ms;
	} exe;
	bool dirty;
	char language_shown[8];         /* the guest language the screen was last drawn in */
	struct sound *sound;            /* NULL: silent */
	char touch_label[UI_LABEL_MAX]; /* control under the finger since it went down */

	int saved_sessions;
	char last_saved[PATH_MAX];

	struct print_worker *printer;     /* NULL: the booth prints nothing */
	struct peers_worker *peers;       /* NULL: no other kiosks ([peers] has no folder) */
	struct peers_status peers_status; /* the worker's last report */
	struct ui_peers peers_view;       /* for the staff Kiosks page */
	char peer_code[64];               /* the Syncthing id the page's code shows, "" none */
	struct ui_print print_view;       /* the worker's last report, for the staff screen */
	struct ui_import import_view;     /* the guest list previewed on the staff screen */
	bool import_shown;                /* import_view holds a preview */
	char import_path[PATH_MAX];       /* the guest list previewed, to import on confirm */
	char print_report[2][400];        /* and as words, for the log and scripts */
};

/* Handles ev and performs its effects; from inside an effect, ev waits until the batch is done
 * (feeder.h). */
void app_feed(struct app *a, const struct booth_event *ev);
extern const struct feeder_impl app_feeder_impl;

/* app_checkin.c */
void app_checkin_effect(struct app *a, const struct booth_effect *e);
/* Applies the settings staff changed (kept in the database) over the config's. */
void app_load_settings(struct app *a, struct booth_config *bc);
void app_staff_refresh(struct app *a);
/* app.c: queues, in the background, the badges that are missing or no longer drawn from the
 * attendee's newest details and photo (after a start, an import, or what other kiosks sent). */
void app_badges_refresh(struct app *a);

/* a camera or button that is lost or missing is looked for again this often */
#define CAMERA_RETRY_MS 10000
#define BUTTON_RETRY_MS 10000

/* The booth's own SDL events, from the other threads (app_bridge.c), numbered from ev_base. */
enum app_event {
	APP_EV_FRAME,
	APP_EV_STILL,
	APP_EV_CAMERA_ERROR,
	APP_EV_COMPOSED,
	APP_EV_SAVED,
	APP_EV_EXPORT_PROGRESS,
	APP_EV_EXPORTED,
	APP_EV_BUTTON,
	APP_EV_BUTTON_LOST,
	APP_EV_NEXT_BUTTON, /* the second button, "next": moves the highlight */
	APP_EV_PRINTER,
	APP_EV_IMPORTED,
	APP_EV_PEERS,
	APP_EV_COUNT,
};

/* app.c */
extern volatile sig_atomic_t app_stop_signal; /* SIGTERM or SIGINT came */
uint64_t app_mono_ns(void);
uint64_t app_mono_ms(void);
/* The booth's time: the virtual clock in a scripted run, else milliseconds since start. */
uint64_t app_now_ms(struct app *a);
/* The clock the screens show: the system's, or in a scripted run 09:00 UTC on 29 November 2026
 * plus the script's time, so that its screenshots are the same on any day. */
long long app_wall_clock(struct app *a);
/* Draws the current screen (not presented). */
void app_render(struct app *a);

/* A boomerang's burst (app_burst.c): started by the capture effect when the session's layout is
 * a boomerang (false if it is not, or there is no camera); each preview frame is offered to it
 * on its way to the screen; stopped when the session is discarded. */
bool app_burst_start(struct app *a);
/* Pages for phones (app_share.c): the folder made ready (when the config turns them on), a
 * new token and its QR codes on screen for the session under review, the codes taken down,
 * and the pages of one attendee (or all, attendee 0) removed. */
void app_share_start(struct app *a);
void app_share_review(struct app *a);
void app_share_clear(struct app *a);
int app_share_remove(struct app *a, int64_t attendee);
void app_burst_frame(struct app *a, const struct frame *f);
void app_burst_stop(struct app *a);
void app_burst_free(struct app *a);
/* Writes the last rendered picture to `path` as PNG, replacing it. False with err. */
bool app_screenshot(struct app *a, const char *path, char *err, size_t errlen);

/* app_bridge.c: the listeners the other threads call; each copies and pushes an SDL event */
struct camera_listener app_camera_listener(struct app *a);
struct button_listener app_button_listener(struct app *a);
struct button_listener app_next_button_listener(struct app *a);
struct saver_listener app_saver_listener(struct app *a);
struct print_listener app_print_listener(struct app *a);
struct peers_listener app_peers_listener(struct app *a);
/* A QR code of `text` at its own size (one pixel a module), black on white; NULL on failure. */
struct image *app_qr_image(const char *text);
/* Handles one of the booth's own SDL events; false if e is not one. */
bool app_bridge_event(struct app *a, const SDL_Event *e);
/* Frees what the booth's events still queued carry (at the end). */
void app_drain_events(struct app *a);

/* app_input.c */
void app_handle(struct app *a, const SDL_Event *e);

/* app_effects.c */
void app_update_led(struct app *a);

/* app_devices.c: false with err saying why (err "" when the config asks for none) */
bool app_open_camera(struct app *a, char *err, size_t errlen);
bool app_open_button(struct app *a, char *err, size_t errlen);
/* The big button pressed: the control with the focus, when the focus shows (ui_focus_move);
 * otherwise what the button does on this screen. */
void app_button_press(struct app *a);
/* The big button edge by edge (app_input.c): a press held BUTTON_HELD_MS moves the highlight */
void app_button_down(struct app *a);
void app_button_held(struct app *a);
void app_button_up(struct app *a);
void app_button_long(struct app *a);
/* The focus to the next control (a second button, Tab, a switch) and shown. */
void app_focus_next(struct app *a, int dir);
/* A control chosen without touch, as a tap on it. */
void app_activate(struct app *a, const struct ui_control *c);
/* Time passed: lost devices are looked for, the booth's timers run. */
void app_tick(struct app *a);
/* Notes the program file, when run by systemd, so that app_tick() sees a new version. */
void app_note_program(struct app *a);

/* app_storage.c */
bool app_prepare_storage(struct app *a, struct error *e);
/* Shows why the storage cannot be used and tries again until it can (true) or the booth is
 * told to stop (false, e set). */
bool app_wait_for_storage(struct app *a, struct error *e);

/* app_script.c */
struct script;
/* A script's key names are checked before anything starts. */
bool app_check_keys(const struct script *s, char *err, size_t errlen);
/* Plays the script; an APP_EXIT_* status. */
int app_play(struct app *a, const struct script *s);
