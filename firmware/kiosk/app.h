/* The running kiosk: the root object that owns the display, camera, saver and store, turns
 * SDL events into booth events, performs the booth's effects, and plays scripts. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

struct store;

struct app_options {
	const char *config_path; /* NULL: /etc/gatherbooth/gatherbooth.conf if present */
	const char *data_dir;    /* NULL: GATHERBOOTH_DATA, then the config */
	bool demo;               /* synthetic camera, Space as the button */
	bool headless;           /* SDL's dummy video driver, nothing shown */
	const char *script_path; /* play this scenario on a virtual clock, then exit */
	const char *screenshots_dir;
};

/* The staff screen writes the wanted time here (seconds since 1970, UTC); the root unit
 * gatherbooth-clock.service applies it with `gatherbooth set-clock`. */
#define CLOCK_REQUEST "clock-request"

/* Exit statuses */
#define APP_EXIT_OK 0
#define APP_EXIT_FAILURE 1
#define APP_EXIT_BAD_INPUT 2
#define APP_EXIT_SCRIPT_FAILED 3
/* a new version of the program was installed: the service restarts it (between guests) */
#define APP_EXIT_RESTART 75

/* Loads the config (file, then GATHERBOOTH_DATA, then the data_dir override) and finds the
 * assets folder. False with err ("FILE:LINE: reason") on a bad config. */
/* The event's language (i18n_set_default): staff's choice kept in the store, else the
 * config's [booth] language, else the locale's. st may be NULL. */
void app_event_language(struct store *st, const struct config *cfg);
/* Where gettext's catalogs are: the build tree's when this program runs from one. */
const char *app_locale_dir(void);

bool app_load_config(const char *config_path, const char *data_dir, struct config *cfg, char *err,
		     size_t errlen);

/* Runs the booth. Returns an exit status above. */
int app_run(const struct app_options *opt);

/* The scenario that `run --demo --headless` plays when given no script: a walk-up strip. */
extern const char app_demo_script[];
