/* The data folder at start: made, opened, reconciled; and when the storage cannot be used
 * (read-only, locked by another program, damaged, full), a screen that says so and a retry
 * every few seconds instead of an exit behind a blank screen. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app-private.h"
#include "fileio.h"
#include "fold.h"
#include "i18n.h"
#include "notify.h"
#include "reconcile.h"
#include "roster.h"

#define LOG_MODULE "app"
#include "log.h"

#define STORAGE_RETRY_MS 3000

/* The demo's guest list, so that check-in can be tried at once. */
static bool demo_roster(struct app *a, char *err, size_t errlen)
{
	struct store_stats stats;
	if (!store_stats(a->store, &stats) || stats.attendees > 0) {
		return true;
	}
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/sample-roster.csv", a->cfg.assets_dir);
	struct roster_options ro = {.path = path};
	struct roster_report rep;
	if (roster_import(a->store, a->fold, &ro, &rep, stderr) != ERROR_NONE) {
		snprintf(err, errlen, "%s: the demo's roster could not be imported", path);
		return false;
	}
	LOG_INFO("demo: %d guests imported from %s", rep.added, path);
	return true;
}

/* Photos whose guest withdrew consent, still on disk after a power cut: deleted now. */
static void remove_withdrawn(struct app *a)
{
	char **paths = NULL;
	int n = 0;
	if (!store_doomed_list(a->store, &paths, &n)) {
		return;
	}
	for (int i = 0; i < n; i++) {
		peers_remove_photo(a->cfg.data_dir, a->cfg.peers_folder, store_kiosk_id(a->store),
				   paths[i]);
	}
	if (n && store_doomed_clear(a->store, paths, n)) {
		LOG_WARN("%d withdrawn photo(s) deleted at start", n);
	}
	store_free_paths(paths, n);
}

bool app_prepare_storage(struct app *a, struct error *e)
{
	if (!fileio_mkdirs(a->cfg.data_dir, 0700)) {
		int saved = errno;
		return error_set(e, error_from_errno(saved),
				 "%s: cannot create the data folder: %s", a->cfg.data_dir,
				 strerror(saved));
	}
	a->store = store_open(a->cfg.data_dir, e);
	if (!a->store) {
		return false;
	}
	struct reconcile_report r;
	bool ok = store_check_writable(a->store, e);
	if (ok) {
		remove_withdrawn(a); /* before a file without a row could be taken for a photo */
	}
	if (ok && !reconcile_run(a->cfg.data_dir, a->store, &r, e->message, sizeof(e->message))) {
		e->code = ERROR_FAILED;
		ok = false;
	}
	if (ok && !a->fold) {
		a->fold = fold_create();
	}
	if (ok && a->opt.demo && !demo_roster(a, e->message, sizeof(e->message))) {
		e->code = ERROR_FAILED;
		ok = false;
	}
	if (!ok) {
		store_close(a->store);
		a->store = NULL;
		return false;
	}
	if (r.tmp_removed || r.adopted || r.damaged || r.missing_rows) {
		LOG_WARN("repaired at start: %d unfinished file(s) removed, %d photo(s) without a "
			 "row adopted, %d damaged file(s) moved to damaged/, %d row(s) without a "
			 "file removed",
			 r.tmp_removed, r.adopted, r.damaged, r.missing_rows);
	}
	struct store_stats stats;
	if (store_stats(a->store, &stats)) {
		a->photos = stats.photos;
	}
	a->free_mb = fileio_free_mb(a->cfg.data_dir);
	if (a->free_mb >= 0 && a->free_mb < 500) {
		LOG_WARN("%s: only %lld MB free: photos may soon not be saved (check-in goes on); "
			 "export them and free space",
			 a->cfg.data_dir, a->free_mb);
	}
	return true;
}

/* What a storage failure at start means for the people at the door. */
static const char *storage_message(enum error_code code)
{
	switch (code) {
	case ERROR_LOCKED:
		return _("The guest list is open in another program, so nothing can be saved. The "
			 "booth starts by itself once it is closed.");
	case ERROR_DAMAGED:
		return _(
			"The guest list file is damaged. Nothing on the card has been changed. "
			"Staff: run gatherbooth check, or put back a good copy of gatherbooth.db.");
	case ERROR_READ_ONLY:
		return _("The storage is read-only, so nothing can be saved. Staff: check the card "
			 "or stick; the booth starts by itself once it can write.");
	case ERROR_FULL:
		return _("Storage full: nothing can be saved. Staff: export the photos and free "
			 "some space; the booth starts by itself then.");
	default:
		return _("The storage cannot be used, so nothing can be saved. Staff: run "
			 "gatherbooth check.");
	}
}

/* The data folder or its database cannot be used at start: read-only, locked by another
 * program, damaged, full. Rather than exit and be restarted in a loop behind a blank screen,
 * the booth says so on screen and tries again every few seconds, changing nothing on the card
 * meanwhile. True once the storage works; false when told to stop. */
bool app_wait_for_storage(struct app *a, struct error *e)
{
	struct error reason = *e;
	LOG_ERR("%s; waiting for the storage, trying again every %d s", reason.message,
		STORAGE_RETRY_MS / 1000);
	struct booth_state st = {.screen = BOOTH_SCREEN_ERROR};
	struct ui_stats none = {0};
	notify_ready("waiting for the storage");
	bool shot = false;
	uint64_t next = app_mono_ms() + STORAGE_RETRY_MS;
	for (;;) {
		snprintf(st.message, sizeof(st.message), "%s", storage_message(reason.code));
		struct ui_model m = {
			.booth = &st, .now = app_mono_ms(), .wall = time(NULL), .stats = &none};
		ui_render(a->ui, &m);
		display_present(a->display);
		if (!shot && a->opt.headless && a->opt.screenshots_dir) {
			/* for the tests: what the screen said */
			char path[PATH_MAX + 32], serr[256];
			snprintf(path, sizeof(path), "%s/storage-wait.png", a->opt.screenshots_dir);
			shot = app_screenshot(a, path, serr, sizeof(serr));
		}
		SDL_Event ev;
		while (SDL_WaitEventTimeout(&ev, 250)) {
			if (ev.type == SDL_QUIT && !a->display->kiosk) {
				app_stop_signal = 1;
			}
		}
		if (app_stop_signal) {
			return error_set(e, ERROR_FAILED, "stopped while waiting for the storage");
		}
		notify_watchdog(app_mono_ms());
		if (app_mono_ms() < next) {
			continue;
		}
		if (app_prepare_storage(a, e)) {
			LOG_INFO("the storage works again");
			return true;
		}
		if (strcmp(e->message, reason.message) != 0) {
			reason = *e;
			LOG_ERR("%s; still waiting for the storage", reason.message);
		}
		next = app_mono_ms() + STORAGE_RETRY_MS;
	}
}
