/* A guest list from a USB stick, on the background worker: read once for the staff screen's
 * preview (a dry run: nothing stored), then imported when staff confirm, rows that cannot be
 * imported left out. The check-ins and sessions on the main thread and the guests' lane go on
 * meanwhile; the import is one transaction on this lane's own connection. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "i18n.h"
#include "roster.h"
#include "saver-private.h"
#include "xalloc.h"

#define LOG_MODULE "saver"
#include "log.h"

/* The first line the import wrote, with the stick's folder left out: people know the file by
 * its name. */
static void first_line(const char *msgs, const char *path, const char *file, char *out, size_t len)
{
	size_t n = strcspn(msgs, "\n");
	size_t plen = strlen(path);
	if (n >= plen && strncmp(msgs, path, plen) == 0) {
		snprintf(out, len, "%s%.*s", file, (int)(n - plen), msgs + plen);
	} else {
		snprintf(out, len, "%.*s", (int)n, msgs);
	}
}

void saver_import_job(struct lane *sv, const char *path, bool dry_run)
{
	struct saver_import *r = xcalloc(1, sizeof(*r));
	r->dry_run = dry_run;
	const char *slash = strrchr(path, '/');
	snprintf(r->file, sizeof(r->file), "%s", slash ? slash + 1 : path);
	char *msgs = NULL;
	size_t msgs_len = 0;
	FILE *errs = open_memstream(&msgs, &msgs_len);
	if (!errs) {
		abort();
	}
	struct fold *fold = fold_create();
	struct roster_options opt = {
		.path = path,
		.dry_run = dry_run,
		.skip_bad = true,
		.preview = &r->preview,
	};
	enum error_code code = roster_import(sv->store, fold, &opt, &r->report, errs);
	fold_destroy(fold);
	fclose(errs);
	int good = r->report.added + r->report.updated + r->report.unchanged;
	r->ok = code == ERROR_NONE && good > 0;
	if (code != ERROR_NONE) {
		first_line(msgs ? msgs : "", path, r->file, r->message, sizeof(r->message));
		LOG_WARN("guest list %s: %s", r->file, r->message);
	} else if (good == 0) {
		snprintf(r->message, sizeof(r->message), _("%s has no guest in it to import."),
			 r->file);
	} else if (!dry_run) {
		LOG_INFO("guest list %s imported: %d added, %d updated, %d unchanged, %d left out",
			 r->file, r->report.added, r->report.updated, r->report.unchanged,
			 r->report.refused);
	}
	free(msgs);
	if (sv->listener.imported) {
		sv->listener.imported(sv->listener.data, r);
	}
	free(r);
}
