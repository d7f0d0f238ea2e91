/* The devices: the camera and the button opened at start, and looked for again when they are
 * lost or were missing, so that a camera or button plugged back in works without a restart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app-private.h"
#include "i18n.h"

#define LOG_MODULE "app"
#include "log.h"

/* Whether a device node has come or gone in /dev since the last call: a camera plugged in
 * adds /dev/video* or /dev/media*. */
static bool dev_changed(struct app *a)
{
	struct stat sb;
	if (stat("/dev", &sb) != 0) {
		return true;
	}
	bool changed = sb.st_mtim.tv_sec != a->dev_seen.tv_sec ||
		       sb.st_mtim.tv_nsec != a->dev_seen.tv_nsec;
	a->dev_seen = sb.st_mtim;
	return changed;
}

void app_note_program(struct app *a)
{
	/* only a service restarts: run by hand, the booth stays up whatever is installed */
	const char *service = getenv("INVOCATION_ID");
	ssize_t n = readlink("/proc/self/exe", a->exe.path, sizeof(a->exe.path) - 1);
	if (!service || !*service || n <= 0) {
		a->exe.path[0] = '\0';
		return;
	}
	a->exe.path[n] = '\0';
	if (stat(a->exe.path, &a->exe.seen) != 0) {
		a->exe.path[0] = '\0';
	}
}

/* A package upgrade puts a new program file in place of the running one. The booth restarts
 * into it only on the start screen, with no guest in the middle of anything: the running
 * program exits (APP_EXIT_RESTART) once what it saves is written, and systemd starts the new
 * one. Looked at every 2 s of the booth's clock. */
static void check_program(struct app *a)
{
	uint64_t now = app_now_ms(a);
	if (!a->exe.path[0] || a->booth.screen != BOOTH_SCREEN_ATTRACT ||
	    now - a->exe.checked_ms < 2000) {
		return;
	}
	a->exe.checked_ms = now;
	struct stat sb;
	if (stat(a->exe.path, &sb) != 0) {
		return; /* in the middle of being replaced: the next look */
	}
	if (sb.st_ino == a->exe.seen.st_ino && sb.st_dev == a->exe.seen.st_dev &&
	    sb.st_size == a->exe.seen.st_size && sb.st_mtim.tv_sec == a->exe.seen.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == a->exe.seen.st_mtim.tv_nsec) {
		return;
	}
	LOG_INFO("%s is a new version: restarting into it, between guests", a->exe.path);
	a->restart = true;
	a->quit = true;
}

bool app_open_camera(struct app *a, char *err, size_t errlen)
{
	dev_changed(a); /* what /dev held when this look began */
	struct camera_listener cl = app_camera_listener(a);
	const char *name =
		a->opt.demo && strcmp(a->cfg.camera, "auto") == 0 ? "synthetic" : a->cfg.camera;
	a->camera = camera_create(name, &a->camera_options, &cl, a->opt.demo, err, errlen);
	a->camera_missing = a->camera == NULL;
	if (a->camera && !camera_start(a->camera)) {
		snprintf(err, errlen, "camera: %s did not start", a->camera->impl->name);
		camera_destroy(a->camera);
		a->camera = NULL;
	}
	return a->camera != NULL;
}

bool app_open_button(struct app *a, char *err, size_t errlen)
{
	struct button_listener bl = app_button_listener(a);
	err[0] = '\0';
	a->button = button_create(a->cfg.button, a->cfg.button_line, &bl, err, errlen);
	if (a->button && !button_start(a->button)) {
		button_destroy(a->button);
		a->button = NULL;
		snprintf(err, errlen, "the button's thread could not start");
	}
	return a->button != NULL;
}

/* Looks for a camera again after one was lost (or never found): plugged back in, the booth
 * takes photos again without a restart. When there was none at all, it looks again only once
 * /dev has changed: opening libcamera's camera manager takes time on this (the UI) thread and
 * logs each failure. */
static void retry_camera(struct app *a)
{
	if (a->camera || !a->camera_retry_at || app_now_ms(a) < a->camera_retry_at) {
		return;
	}
	if (a->camera_missing && !dev_changed(a)) {
		a->camera_retry_at = app_now_ms(a) + CAMERA_RETRY_MS;
		return;
	}
	char err[512];
	if (!app_open_camera(a, err, sizeof(err))) {
		LOG_DBG("still no camera: %s", err);
		a->camera_retry_at = app_now_ms(a) + CAMERA_RETRY_MS;
		return;
	}
	a->camera_retry_at = 0;
	LOG_INFO("the camera is back");
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_CAMERA_BACK});
}

/* A button that was lost (its chip or cable gone) is looked for again, as the camera is. */
static void retry_button(struct app *a)
{
	if (a->button || !a->button_retry_at || app_now_ms(a) < a->button_retry_at) {
		return;
	}
	char err[256];
	if (!app_open_button(a, err, sizeof(err))) {
		LOG_DBG("still no button: %s", err);
		a->button_retry_at = app_now_ms(a) + BUTTON_RETRY_MS;
		return;
	}
	a->button_retry_at = 0;
	LOG_INFO("the button is back");
	a->dirty = true;
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_NOTICE,
					  .text = _("The button works again.")});
}

void app_tick(struct app *a)
{
	retry_camera(a);
	retry_button(a);
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_TICK});
	check_program(a);
}
