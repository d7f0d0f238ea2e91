/* The command line: what main.c parses and the commands in cli_data.c share. */
#pragma once

#include <stdbool.h>

#include "app.h"
#include "error.h"

enum {
	OPT_CONFIG = 1000,
	OPT_DATA,
	OPT_DEMO,
	OPT_HEADLESS,
	OPT_SCRIPT,
	OPT_SCREENSHOTS,
	OPT_JSON,
	OPT_LAYOUT,
	OPT_MAP,
	OPT_DRY_RUN,
	OPT_SKIP_BAD,
	OPT_CODE,
	OPT_ID,
	OPT_NO_WAIT,
	OPT_SHEET,
	OPT_ENCODING,
	OPT_CARRY,
	OPT_ADDRESS,
	OPT_ROSTER,
	OPT_PIN_STDIN,
	OPT_ROTATION,
	OPT_NO_ENABLE,
};

struct args {
	struct app_options app;
	bool json;
	const char *layout;
	const char *output;
	const char *maps[64];
	int map_count;
	bool dry_run, skip_bad;
	const char *sheet, *encoding;
	const char *code, *id;
	const char *carry, *address;
	bool no_wait;
	const char *roster, *rotation; /* setup */
	bool pin_stdin, no_enable;
	int first_operand;
};

/* Parses options valid for `cmd` (a list of the OPT_ values it takes); an exit status, 0 to go
 * on. */
int cli_parse(int argc, char **argv, const char *cmd, const int *allowed, struct args *a);
/* "gatherbooth: ..." and the hint to --help; returns APP_EXIT_BAD_INPUT. */
int cli_bad_usage(const char *fmt, const char *arg);
/* The one place an error's kind becomes the process's exit status. */
int cli_exit_status(enum error_code code);

struct config;
struct store;
/* Opens the store of the data folder the options name (create: make it if missing); on failure
 * says why and exits. */
struct store *cli_open_data(const struct args *a, bool create, struct config *cfg);

/* cli_data.c: the commands on a data folder, each returning an exit status */
int cmd_stats(int argc, char **argv);
int cmd_compose(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_checkin(int argc, char **argv);
int cmd_export(int argc, char **argv);
/* cli_peers.c */
int cmd_sync(int argc, char **argv);
int cmd_pair(int argc, char **argv);
/* cli_share.c */
int cmd_hotspot_config(int argc, char **argv);
/* cli_setup.c */
int cmd_setup(int argc, char **argv);
