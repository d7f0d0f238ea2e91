/* `gatherbooth check`: the on-device self-test for whoever sets up the Pi. Each part is PASS,
 * WARN or FAIL, with what to do about a FAIL. */
#pragma once

#include <stdbool.h>

struct check_options {
	const char *config_path;
	const char *data_dir;
	bool no_wait; /* do not wait for a button press or a tap (scripts, CI) */
};

/* Prints the report on stdout. Returns 0 if everything required passed (camera, display, fonts,
 * storage), 1 if not, 2 on a bad config. */
int check_run(const struct check_options *opt);
