/* Inside the running kiosk: shared by app.c (start, loop, scripts, the photo flow) and
 * app_checkin.c (check-in, staff, badges). Main thread only. */
#pragma once

#include <SDL.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "booth.h"
#include "button.h"
#include "camera.h"
#include "config.h"
#include "display.h"
#include "feeder.h"
#include "layout.h"
#include "led.h"
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
	uint64_t camera_retry_at; /* when to look for a camera again; 0 = not looking */
	bool camera_missing;      /* none was found: only a new device node can change that */
	struct timespec dev_seen; /* /dev's mtime at the last look */
	struct button *button;    /* NULL: touch-only (or the demo's Space) */
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
	long long free_mb;        /* on the data folder, at the last staff screen refresh */
	struct ui_checkin recent[20];
	int recent_count;

	bool quit;
	int status;
	bool dirty;
	char touch_label[UI_LABEL_MAX]; /* control under the finger since it went down */

	int saved_sessions;
	char last_saved[PATH_MAX];
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
