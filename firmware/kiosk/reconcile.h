/* Start-up reconciliation of the photo folders against the photos table, after a crash or a
 * pulled plug: unfinished .tmp files are removed, complete files that have no row are adopted
 * (their session found or recreated from the uuid in the name), files that do not decode are
 * moved to DATA/damaged/, and rows whose file is gone are removed with an audit event.
 * Runs on the main thread before the booth starts. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct store;

struct reconcile_report {
	int tmp_removed;
	int adopted;
	int damaged;
	int missing_rows;
};

bool reconcile_run(const char *data_dir, struct store *st, struct reconcile_report *r, char *err,
		   size_t errlen);
