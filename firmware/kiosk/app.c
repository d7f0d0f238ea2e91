#include "app.h"

#include "app-private.h"

#include <SDL.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "booth.h"
#include "build-config.h"
#include "camera.h"
#include "display.h"
#include "fileio.h"
#include "fold.h"
#include "i18n.h"
#include "layout.h"
#include "notify.h"
#include "pin.h"
#include "pngimage.h"
#include "reconcile.h"
#include "roster.h"
#include "saver.h"
#include "script.h"
#include "store.h"
#include "transform.h"
#include "ui.h"
#include "xalloc.h"

#define LOG_MODULE "app"
#include "log.h"

/* SIGTERM (systemd stopping the service) or SIGINT (Ctrl-C in a terminal): the loop ends within
 * its 250 ms wait. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_signal = 1;
}

const char app_demo_script[] = "# A walk-up strip session, as a guest would have it.\n"
			       "wait 1500\n"
			       "expect-screen attract\n"
			       "press\n"
			       "expect-screen countdown\n"
			       "wait 16000\n"
			       "expect-screen review\n"
			       "tap Keep\n"
			       "wait 1000\n"
			       "expect-screen saved\n"
			       "wait 5000\n"
			       "expect-screen attract\n"
			       "quit\n";

#define CAMERA_RETRY_MS 10000
/* a button that stopped working is looked for again this often */
#define BUTTON_RETRY_MS 10000

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
	APP_EV_COUNT,
};

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t mono_ms(void)
{
	return mono_ns() / 1000000;
}

static uint64_t now_ms(struct app *a)
{
	return a->virtual_clock ? a->vnow : mono_ms() - a->origin + 1;
}

/* --- config --- */

static void find_assets(struct config *cfg)
{
	if (cfg->assets_dir[0]) {
		return;
	}
	const char *env = getenv("GATHERBOOTH_ASSETS");
	if (env && *env) {
		snprintf(cfg->assets_dir, sizeof(cfg->assets_dir), "%s", env);
		return;
	}
	/* run from a build tree: the source's assets, so edits show without installing */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 32);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			strcpy(slash, "/build.ninja");
			if (access(exe, F_OK) == 0 ||
			    (strcpy(slash, "/../build.ninja"), access(exe, F_OK) == 0)) {
				snprintf(cfg->assets_dir, sizeof(cfg->assets_dir), "%s",
					 GATHERBOOTH_SOURCE_ASSETS);
				return;
			}
		}
	}
	const char *dir = access(GATHERBOOTH_INSTALLED_ASSETS, F_OK) == 0
				  ? GATHERBOOTH_INSTALLED_ASSETS
				  : GATHERBOOTH_SOURCE_ASSETS;
	snprintf(cfg->assets_dir, sizeof(cfg->assets_dir), "%s", dir);
}

bool app_load_config(const char *config_path, const char *data_dir, struct config *cfg, char *err,
		     size_t errlen)
{
	config_defaults(cfg);
	const char *path = config_path;
	if (!path) {
		const char *env = getenv("GATHERBOOTH_CONFIG");
		path = env && *env ? env : NULL;
	}
	if (!path && access(GATHERBOOTH_CONFIG_FILE, R_OK) == 0) {
		path = GATHERBOOTH_CONFIG_FILE;
	}
	if (path && !config_load(cfg, path, err, errlen)) {
		return false;
	}
	const char *env = getenv("GATHERBOOTH_DATA");
	if (env && *env) {
		snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", env);
	}
	if (data_dir) {
		if (strlen(data_dir) >= sizeof(cfg->data_dir)) {
			snprintf(err, errlen, "--data: path too long");
			return false;
		}
		snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", data_dir);
	}
	find_assets(cfg);
	return true;
}

/* --- from other threads: hand on and return --- */

static void push(struct app *a, enum app_event type, int code, void *data)
{
	SDL_Event e = {0};
	e.type = a->ev_base + type;
	e.user.code = code;
	e.user.data1 = data;
	if (SDL_PushEvent(&e) != 1) {
		LOG_WARN("event queue full; dropping a %d event", type);
		if (type == APP_EV_FRAME) {
			camera_release_frame(a->camera, ((struct frame *)data)->slot);
		} else if (type == APP_EV_STILL || type == APP_EV_COMPOSED) {
			image_destroy(data);
			return;
		} else if (type == APP_EV_EXPORT_PROGRESS) {
			return; /* data is a number; the next report follows */
		}
		free(data);
	}
}

static void on_frame(void *data, const struct frame *f)
{
	struct frame *copy = xmalloc(sizeof(*copy));
	*copy = *f;
	push(data, APP_EV_FRAME, 0, copy);
}

static void on_still(void *data, struct image *img)
{
	push(data, APP_EV_STILL, 0, img);
}

static void on_camera_error(void *data, const char *message)
{
	push(data, APP_EV_CAMERA_ERROR, 0, xstrdup(message));
}

static void on_composed(void *data, uint32_t generation, struct image *img)
{
	push(data, APP_EV_COMPOSED, (int)generation, img);
}

static void on_saved(void *data, const struct saver_result *r)
{
	struct saver_result *copy = xmalloc(sizeof(*copy));
	*copy = *r;
	push(data, APP_EV_SAVED, (int)r->session, copy);
}

static void on_button(void *data, const struct button_event *e)
{
	struct button_event *copy = xmalloc(sizeof(*copy));
	*copy = *e;
	push(data, APP_EV_BUTTON, (int)e->type, copy);
}

static void on_button_lost(void *data, const char *message)
{
	push(data, APP_EV_BUTTON_LOST, 0, xstrdup(message));
}

static void on_export_progress(void *data, int done, int total)
{
	push(data, APP_EV_EXPORT_PROGRESS, done, (void *)(intptr_t)total);
}

static void on_exported(void *data, bool ok, const char *message)
{
	push(data, APP_EV_EXPORTED, ok, xstrdup(message));
}

/* Writes the last rendered picture to `path` as PNG, replacing it. False with err. */
static bool screenshot(struct app *a, const char *path, char *err, size_t errlen)
{
	struct image *img = ui_read_screen(a->ui);
	if (!img) {
		snprintf(err, errlen, "%s: cannot read the screen", path);
		return false;
	}
	unsigned char *data;
	size_t len;
	bool ok = png_encode(img, &data, &len);
	image_destroy(img);
	if (!ok) {
		snprintf(err, errlen, "%s: PNG encoding failed", path);
		return false;
	}
	unlink(path); /* screenshots are replaced; photos never are */
	ok = fileio_write_path(path, data, len, err, errlen);
	free(data);
	return ok;
}

/* --- effects --- */

#define feed app_feed

static void new_shots(struct app *a)
{
	shotset_unref(a->shots);
	a->shots = shotset_create();
	image_destroy(a->composed);
	a->composed = NULL;
	ui_clear_review(a->ui);
	a->generation++;
}

static void perform(void *ctx, const struct booth_effect *e)
{
	struct app *a = ctx;
	{
		switch (e->type) {
		case BOOTH_FX_SESSION_BEGIN:
			new_shots(a);
			a->session_layout = e->id ? &a->single : &a->layout;
			a->session_person = e->id != 0;
			if (e->id) {
				a->person = a->booth.person;
			}
			LOG_INFO("session %u: %d shot(s), layout %s%s", a->booth.sessions, e->arg,
				 a->session_layout->name, e->id ? ", for a check-in" : "");
			break;
		case BOOTH_FX_CAPTURE:
			if (!a->camera || !camera_capture(a->camera)) {
				feed(a, &(struct booth_event){
						.type = BOOTH_EV_STILL_FAILED,
						.text = "Camera unavailable: check-in still works.",
					});
			}
			break;
		case BOOTH_FX_COMPOSE:
			saver_compose(a->saver, a->generation, a->session_layout, a->shots);
			break;
		case BOOTH_FX_DISCARD:
			new_shots(a);
			break;
		case BOOTH_FX_SAVE: {
			struct saver_session job = {
				.session = a->generation,
				.layout = a->session_layout,
				.shots = a->shots,
				.composed = a->composed,
				.person = a->session_person ? &a->person : NULL,
			};
			a->composed = NULL; /* the saver owns it now */
			saver_save(a->saver, &job);
			break;
		}
		case BOOTH_FX_SOUND_TICK:
		case BOOTH_FX_SOUND_SHUTTER:
		case BOOTH_FX_SOUND_CHIME:
			break;
		default:
			app_checkin_effect(a, e);
			break;
		}
	}
}

/* The LED says whether a press would do something: on when ready, blinking while counting
 * down, off while saving or busy. */
static void update_led(struct app *a)
{
	const struct booth_state *st = &a->booth;
	enum led_mode mode = st->screen == BOOTH_SCREEN_COUNTDOWN ? LED_BLINK
			     : booth_button_ready(st)             ? LED_ON
								  : LED_OFF;
	if ((int)mode != a->led_mode) {
		a->led_mode = (int)mode;
		led_set(a->led, mode);
	}
}

static void handled(void *ctx, enum booth_screen before, const struct booth_effects *fx)
{
	struct app *a = ctx;
	if (a->booth.screen != before) {
		LOG_DBG("screen %s -> %s", booth_screen_name(before),
			booth_screen_name(a->booth.screen));
		log_trace("screen %s", booth_screen_name(a->booth.screen));
		a->dirty = true;
	}
	if (fx->count) {
		a->dirty = true;
	}
	update_led(a);
}

static uint64_t feeder_now(void *ctx)
{
	return now_ms(ctx);
}

const struct feeder_impl app_feeder_impl = {
	.perform = perform,
	.handled = handled,
	.now = feeder_now,
};

void app_feed(struct app *a, const struct booth_event *ev)
{
	feeder_feed(a->feeder, ev);
}

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

/* Opens and starts the configured camera (in the demo, `auto` is the synthetic one) into
 * a->camera. False with `err` saying why, and a->camera_missing if there was none at all. */
static bool open_camera(struct app *a, char *err, size_t errlen)
{
	dev_changed(a); /* what /dev held when this look began */
	struct camera_listener cl = {
		.frame = on_frame,
		.still = on_still,
		.error = on_camera_error,
		.data = a,
	};
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

/* Looks for a camera again after one was lost (or never found): plugged back in, the booth
 * takes photos again without a restart. When there was none at all, it looks again only once
 * /dev has changed: opening libcamera's camera manager takes time on this (the UI) thread and
 * logs each failure. */
static void retry_camera(struct app *a)
{
	if (a->camera || !a->camera_retry_at || now_ms(a) < a->camera_retry_at) {
		return;
	}
	if (a->camera_missing && !dev_changed(a)) {
		a->camera_retry_at = now_ms(a) + CAMERA_RETRY_MS;
		return;
	}
	char err[512];
	if (!open_camera(a, err, sizeof(err))) {
		LOG_DBG("still no camera: %s", err);
		a->camera_retry_at = now_ms(a) + CAMERA_RETRY_MS;
		return;
	}
	a->camera_retry_at = 0;
	LOG_INFO("the camera is back");
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_CAMERA_BACK});
}

/* A button that was lost (its chip or cable gone) is looked for again, as the camera is. */
static void retry_button(struct app *a)
{
	if (a->button || !a->button_retry_at || now_ms(a) < a->button_retry_at) {
		return;
	}
	char err[256];
	struct button_listener bl = {.event = on_button, .lost = on_button_lost, .data = a};
	a->button = button_create(a->cfg.button, a->cfg.button_line, &bl, err, sizeof(err));
	if (a->button && !button_start(a->button)) {
		button_destroy(a->button);
		a->button = NULL;
	}
	if (!a->button) {
		LOG_DBG("still no button: %s", err);
		a->button_retry_at = now_ms(a) + BUTTON_RETRY_MS;
		return;
	}
	a->button_retry_at = 0;
	LOG_INFO("the button is back");
	a->dirty = true;
	feed(a,
	     &(struct booth_event){.type = BOOTH_EV_NOTICE, .text = _("The button works again.")});
}

static void tick(struct app *a)
{
	retry_camera(a);
	retry_button(a);
	feed(a, &(struct booth_event){.type = BOOTH_EV_TICK});
}

/* --- input --- */

static void touch(struct app *a, bool down, float px, float py)
{
	float lx, ly;
	transform_touch(a->display->rotation, px, py, &lx, &ly);
	const struct ui_control *c = ui_hit(a->ui, (int)(lx * (float)a->display->width),
					    (int)(ly * (float)a->display->height));
	if (down) {
		ui_set_pressed(a->ui, c);
		snprintf(a->touch_label, sizeof(a->touch_label), "%s", c ? c->label : "");
		a->dirty = true;
		return;
	}
	ui_set_pressed(a->ui, NULL);
	a->dirty = true;
	/* a tap counts where the finger lifts on the control it went down on */
	if (c && strcmp(c->label, a->touch_label) == 0) {
		a->touch_label[0] = '\0';
		feed(a, &(struct booth_event){.type = BOOTH_EV_ACTION,
					      .action = c->action,
					      .id = c->id,
					      .text = c->text});
	}
}

static void key(struct app *a, SDL_Keycode sym)
{
	switch (sym) {
	case SDLK_SPACE:
		feed(a, &(struct booth_event){.type = BOOTH_EV_BUTTON});
		break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		feed(a, &(struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_CONFIRM});
		break;
	case SDLK_ESCAPE:
	case SDLK_AC_BACK:
		/* never leaves the kiosk: back, at most */
		feed(a, &(struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_BACK});
		break;
	case SDLK_BACKSPACE:
		feed(a, &(struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_DELETE});
		break;
	default:
		break;
	}
}

/* Keyboard or scanner text: one character at a time, for the booth to tell them apart. */
static void text_input(struct app *a, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
		char ch[5] = {0};
		for (int i = 0; i < n && p[i]; i++) {
			ch[i] = (char)p[i];
		}
		p += strlen(ch) ? strlen(ch) : 1;
		feed(a, &(struct booth_event){.type = BOOTH_EV_KEYCHAR, .text = ch});
	}
}

static void app_event(struct app *a, const SDL_Event *e)
{
	enum app_event type = (enum app_event)(e->type - a->ev_base);
	switch (type) {
	case APP_EV_FRAME: {
		struct frame *f = e->user.data1;
		ui_preview_frame(a->ui, f);
		camera_release_frame(a->camera, f->slot);
		free(f);
		feed(a, &(struct booth_event){.type = BOOTH_EV_FRAME});
		a->dirty = true;
		break;
	}
	case APP_EV_STILL: {
		struct image *img = e->user.data1;
		if (a->booth.screen == BOOTH_SCREEN_CAPTURE && a->shots->count == a->booth.shot &&
		    a->shots->count < (int)(sizeof(a->shots->shots) / sizeof(a->shots->shots[0]))) {
			a->shots->shots[a->shots->count++] = img;
			feed(a, &(struct booth_event){.type = BOOTH_EV_STILL_READY});
		} else {
			image_destroy(img); /* late: the session moved on */
		}
		break;
	}
	case APP_EV_CAMERA_ERROR: {
		char *msg = e->user.data1;
		LOG_ERR("camera: %s; check-in goes on, and the camera is looked for again", msg);
		if (a->booth.screen == BOOTH_SCREEN_CAPTURE) {
			feed(a, &(struct booth_event){.type = BOOTH_EV_STILL_FAILED, .text = msg});
		}
		/* a camera that failed is not trusted again: it is closed and found anew */
		camera_destroy(a->camera);
		a->camera = NULL;
		ui_preview_clear(a->ui);
		feed(a, &(struct booth_event){.type = BOOTH_EV_CAMERA_LOST, .text = msg});
		a->camera_retry_at = now_ms(a) + CAMERA_RETRY_MS;
		free(msg);
		break;
	}
	case APP_EV_COMPOSED: {
		struct image *img = e->user.data1;
		if ((uint32_t)e->user.code == a->generation &&
		    a->booth.screen == BOOTH_SCREEN_REVIEW && !a->composed) {
			a->composed = img;
			ui_set_review(a->ui, img);
			feed(a, &(struct booth_event){.type = BOOTH_EV_COMPOSED});
		} else {
			image_destroy(img);
		}
		break;
	}
	case APP_EV_SAVED: {
		struct saver_result *r = e->user.data1;
		if (r->ok) {
			a->photos += r->files;
			a->saved_sessions++;
			snprintf(a->last_saved, sizeof(a->last_saved), "%s", r->message);
			log_trace("ack saved %u %s", r->session, r->message);
			/* the path is for staff and the log, not for the guest's screen */
			LOG_DBG("session %u saved as %s", r->session, r->message);
			feed(a, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE});
		} else {
			feed(a, &(struct booth_event){.type = BOOTH_EV_SAVE_FAILED,
						      .text = r->message});
		}
		free(r);
		break;
	}
	case APP_EV_EXPORT_PROGRESS:
		feed(a, &(struct booth_event){.type = BOOTH_EV_EXPORT_PROGRESS,
					      .id = e->user.code,
					      .count = (int)(intptr_t)e->user.data1});
		break;
	case APP_EV_EXPORTED: {
		char *msg = e->user.data1;
		feed(a, &(struct booth_event){.type = BOOTH_EV_EXPORT_DONE, .text = msg});
		free(msg);
		break;
	}
	case APP_EV_BUTTON: {
		struct button_event *b = e->user.data1;
		if (b->type == BUTTON_PRESS) {
			uint64_t ns = mono_ns();
			LOG_DBG("button: press reached the booth %.3f ms after the edge",
				(double)(ns - b->kernel_ns) / 1e6);
			log_trace("button press on %s, %.3f ms after the edge",
				  booth_screen_name(a->booth.screen),
				  (double)(ns - b->kernel_ns) / 1e6);
			a->edge_ns = b->kernel_ns;
			feed(a, &(struct booth_event){.type = BOOTH_EV_BUTTON});
		} else if (b->type == BUTTON_LONG_PRESS) {
			feed(a, &(struct booth_event){.type = BOOTH_EV_LONG_PRESS});
		}
		free(b);
		break;
	}
	case APP_EV_BUTTON_LOST: {
		char *msg = e->user.data1;
		LOG_ERR("button: lost; the booth runs touch-only, and looks for it again every %d "
			"s",
			BUTTON_RETRY_MS / 1000);
		button_destroy(a->button);
		a->button = NULL;
		a->button_retry_at = now_ms(a) + BUTTON_RETRY_MS;
		feed(a, &(struct booth_event){.type = BOOTH_EV_NOTICE, .text = msg});
		free(msg);
		break;
	}
	case APP_EV_COUNT:
		break;
	}
}

static void handle(struct app *a, const SDL_Event *e)
{
	if (e->type >= a->ev_base && e->type < a->ev_base + APP_EV_COUNT) {
		app_event(a, e);
		return;
	}
	switch (e->type) {
	case SDL_QUIT:
		/* SDL's own signal handlers are off (app_run): this is a window close or Alt-F4,
		 * which must not leave a kiosk; SIGTERM and SIGINT arrive through stop_signal */
		if (a->display->kiosk) {
			LOG_INFO(
				"a request to close the window was refused: the kiosk is left from "
				"the staff screen");
		} else {
			a->quit = true;
		}
		break;
	case SDL_KEYDOWN:
		if (!e->key.repeat) {
			key(a, e->key.keysym.sym);
		}
		break;
	case SDL_TEXTINPUT:
		text_input(a, e->text.text);
		break;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		touch(a, e->type == SDL_FINGERDOWN, e->tfinger.x, e->tfinger.y);
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT) {
			int w, h;
			SDL_GetWindowSize(a->display->window, &w, &h);
			touch(a, e->type == SDL_MOUSEBUTTONDOWN, (float)e->button.x / (float)w,
			      (float)e->button.y / (float)h);
		}
		break;
	case SDL_WINDOWEVENT:
		a->dirty = true;
		break;
	default:
		break;
	}
}

/* --- drawing --- */

static void render(struct app *a)
{
	struct ui_model m = {
		.booth = &a->booth,
		.now = now_ms(a),
		.photos = a->photos,
		.camera_present = a->camera != NULL,
		.button_present = a->button != NULL || a->opt.demo,
		.shots = layout_shots(&a->layout),
		.wall = time(NULL),
		.stats = &a->stats,
		.free_mb = a->free_mb,
		.recent = a->recent,
		.recent_count = a->recent_count,
		.last_saved = a->last_saved,
	};
	ui_render(a->ui, &m);
}

/* --- scripted runs --- */

/* Lets background work finish: the camera's stills and frames, the saver's jobs, and the
 * events they bring, until nothing more happens. Background work takes no virtual time. */
static void settle(struct app *a)
{
	for (int rounds = 0; rounds < 1000; rounds++) {
		if (a->camera) {
			camera_wait_idle(a->camera);
		}
		saver_wait_idle(a->saver);
		bool any = false;
		SDL_Event e;
		while (SDL_PollEvent(&e)) {
			handle(a, &e);
			any = true;
		}
		tick(a);
		if (!any) {
			return;
		}
	}
	LOG_WARN("background work did not settle");
}

static void advance(struct app *a, uint64_t ms)
{
	uint64_t end = a->vnow + ms;
	uint64_t frame = 1000 / (uint64_t)(a->cfg.fps > 0 ? a->cfg.fps : 30);
	while (a->vnow < end) {
		uint64_t next = a->vnow + frame;
		uint64_t deadline = booth_next_deadline(&a->booth);
		if (deadline > a->vnow && deadline < next) {
			next = deadline;
		}
		a->vnow = next < end ? next : end;
		if (a->camera) {
			camera_advance(a->camera, a->vnow);
		}
		settle(a);
	}
}

static void push_finger(bool down, float x, float y)
{
	SDL_Event e = {0};
	e.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
	e.tfinger.touchId = 1;
	e.tfinger.fingerId = 1;
	e.tfinger.x = x;
	e.tfinger.y = y;
	e.tfinger.pressure = down ? 1.0f : 0.0f;
	SDL_PushEvent(&e);
}

/* A script's key name, with any Ctrl+, Alt+, Shift+ or Gui+ before it ("Alt+F4"). */
static SDL_Keycode key_from_name(const char *name, Uint16 *mod)
{
	static const struct {
		const char *prefix;
		Uint16 mod;
	} mods[] = {{"Ctrl+", KMOD_LCTRL},
		    {"Alt+", KMOD_LALT},
		    {"Shift+", KMOD_LSHIFT},
		    {"Gui+", KMOD_LGUI}};
	*mod = KMOD_NONE;
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
			size_t n = strlen(mods[i].prefix);
			if (strncmp(name, mods[i].prefix, n) == 0 && name[n]) {
				*mod |= mods[i].mod;
				name += n;
				more = true;
			}
		}
	}
	return SDL_GetKeyFromName(name);
}

static void push_key_mod(SDL_Keycode sym, Uint16 mod)
{
	SDL_Event e = {0};
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = sym;
	e.key.keysym.mod = mod;
	e.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
	SDL_PushEvent(&e);
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	SDL_PushEvent(&e);
}

static void push_key(SDL_Keycode sym)
{
	push_key_mod(sym, KMOD_NONE);
}

static void push_text(const char *text)
{
	/* SDL_TEXTINPUT carries at most 31 bytes; split on character boundaries */
	size_t n = strlen(text);
	while (n > 0) {
		size_t take =
			n < SDL_TEXTINPUTEVENT_TEXT_SIZE - 1 ? n : SDL_TEXTINPUTEVENT_TEXT_SIZE - 1;
		while (take < n && ((unsigned char)text[take] & 0xc0) == 0x80) {
			take--;
		}
		SDL_Event e = {0};
		e.type = SDL_TEXTINPUT;
		memcpy(e.text.text, text, take);
		SDL_PushEvent(&e);
		text += take;
		n -= take;
	}
}

static void tap_at(struct app *a, float px, float py)
{
	push_finger(true, px, py);
	settle(a);
	render(a); /* the pressed state, as a person would see it */
	push_finger(false, px, py);
	settle(a);
}

static bool check_keys(const struct script *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->count; i++) {
		const struct script_step *st = &s->steps[i];
		Uint16 mod;
		if (st->op == SCRIPT_KEY && key_from_name(st->text, &mod) == SDLK_UNKNOWN) {
			snprintf(err, errlen, "%s:%d: unknown key name \"%s\"", s->file, st->line,
				 st->text);
			return false;
		}
	}
	return true;
}

static int play(struct app *a, const struct script *s)
{
	settle(a);
	size_t i = 0;
	for (; i < s->count && !a->quit && !stop_signal; i++) {
		const struct script_step *st = &s->steps[i];
		switch (st->op) {
		case SCRIPT_WAIT:
			advance(a, (uint64_t)st->ms);
			break;
		case SCRIPT_PRESS:
			feed(a, &(struct booth_event){.type = BOOTH_EV_BUTTON});
			settle(a);
			break;
		case SCRIPT_HOLD:
			advance(a, (uint64_t)st->ms);
			feed(a, &(struct booth_event){.type = st->ms >= 3000 ? BOOTH_EV_LONG_PRESS
									     : BOOTH_EV_BUTTON});
			settle(a);
			break;
		case SCRIPT_TAP: {
			render(a);
			const struct ui_control *c = ui_find(a->ui, st->text);
			if (!c) {
				char seen[512];
				ui_list_controls(a->ui, seen, sizeof(seen));
				fprintf(stderr,
					"%s:%d: no control labelled \"%s\" on the %s screen "
					"(showing: %s)\n",
					s->file, st->line, st->text,
					booth_screen_name(a->booth.screen), seen);
				return APP_EXIT_SCRIPT_FAILED;
			}
			float px, py;
			transform_to_physical(
				a->display->rotation,
				((float)c->x + (float)c->w / 2) / (float)a->display->width,
				((float)c->y + (float)c->h / 2) / (float)a->display->height, &px,
				&py);
			tap_at(a, px, py);
			break;
		}
		case SCRIPT_TAP_AT:
			render(a);
			tap_at(a, st->x, st->y);
			break;
		case SCRIPT_TYPE:
			/* as from the on-screen keyboard */
			feed(a, &(struct booth_event){.type = BOOTH_EV_ACTION,
						      .action = BOOTH_ACTION_KEY,
						      .text = st->text});
			settle(a);
			break;
		case SCRIPT_KEY: {
			Uint16 mod;
			SDL_Keycode sym = key_from_name(st->text, &mod);
			push_key_mod(sym, mod);
			settle(a);
			break;
		}
		case SCRIPT_SCAN:
			push_text(st->text);
			push_key(SDLK_RETURN);
			settle(a);
			break;
		case SCRIPT_SHOT: {
			render(a);
			char path[PATH_MAX], err[PATH_MAX + 128];
			snprintf(path, sizeof(path), "%s/%s.png", a->opt.screenshots_dir, st->text);
			if (!screenshot(a, path, err, sizeof(err))) {
				fprintf(stderr, "%s:%d: %s\n", s->file, st->line, err);
				return APP_EXIT_FAILURE;
			}
			break;
		}
		case SCRIPT_EXPECT_SCREEN: {
			const char *showing = booth_screen_name(a->booth.screen);
			if (strcmp(showing, st->text) != 0) {
				fprintf(stderr,
					"%s:%d: expected the %s screen, but %s was showing\n",
					s->file, st->line, st->text, showing);
				return APP_EXIT_SCRIPT_FAILED;
			}
			break;
		}
		case SCRIPT_WAIT_REAL: {
			/* for tests in which the world outside changes meanwhile (a device goes) */
			uint64_t end = mono_ms() + (uint64_t)st->ms;
			while (mono_ms() < end) {
				SDL_Delay(10);
				settle(a);
			}
			break;
		}
		case SCRIPT_CLOSE: {
			SDL_Event e = {.type = SDL_QUIT};
			SDL_PushEvent(&e);
			settle(a);
			break;
		}
		case SCRIPT_QUIT:
			a->quit = true;
			break;
		}
	}
	if (stop_signal && s->count > 0) {
		/* a script cut short has not passed; the signal came during this step */
		fprintf(stderr, "%s:%d: stopped by a signal\n", s->file,
			s->steps[i > 0 ? i - 1 : 0].line);
		return APP_EXIT_FAILURE;
	}
	return APP_EXIT_OK;
}

/* --- the real-time loop --- */

static void loop(struct app *a)
{
	const int frame_ms = 16;
	while (!a->quit && !stop_signal) {
		uint64_t now = now_ms(a);
		uint64_t deadline = booth_next_deadline(&a->booth);
		int timeout = 250;
		if (deadline) {
			timeout = deadline > now ? (int)(deadline - now) : 0;
			timeout = timeout > 250 ? 250 : timeout;
		}
		bool animating = a->booth.screen == BOOTH_SCREEN_REVIEW ||
				 a->booth.screen == BOOTH_SCREEN_CAPTURE;
		if (animating && timeout > frame_ms) {
			timeout = frame_ms;
		}
		SDL_Event e;
		if (SDL_WaitEventTimeout(&e, timeout)) {
			handle(a, &e);
			while (SDL_PollEvent(&e)) {
				handle(a, &e);
			}
		}
		tick(a);
		if (a->dirty || animating) {
			uint64_t t0 = mono_ns();
			render(a);
			uint64_t t1 = mono_ns();
			display_present(a->display);
			uint64_t t2 = mono_ns();
			a->dirty = false;
			if (a->edge_ns && log_tracing()) {
				/* the first frame after a press: the whole path, edge to glass */
				uint64_t ns = mono_ns();
				log_trace("presented %s %.3f ms after the button's edge "
					  "(drawn in %.1f ms, presented in %.1f ms)",
					  booth_screen_name(a->booth.screen),
					  (double)(ns - a->edge_ns) / 1e6, (double)(t1 - t0) / 1e6,
					  (double)(t2 - t1) / 1e6);
			}
			a->edge_ns = 0;
		}
		/* only a loop that still turns pings: a hung screen gets restarted */
		notify_watchdog(mono_ms());
	}
	notify_stopping();
}

/* --- start and stop --- */

static void drain_events(struct app *a)
{
	SDL_Event e;
	while (SDL_PollEvent(&e)) {
		if (e.type >= a->ev_base && e.type < a->ev_base + APP_EV_COUNT) {
			switch ((enum app_event)(e.type - a->ev_base)) {
			case APP_EV_FRAME:
				free(e.user.data1);
				break;
			case APP_EV_STILL:
			case APP_EV_COMPOSED:
				image_destroy(e.user.data1);
				break;
			case APP_EV_EXPORT_PROGRESS:
				break;
			case APP_EV_BUTTON:
				free(e.user.data1);
				break;
			default:
				free(e.user.data1);
				break;
			}
		}
	}
}

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
	if (roster_import(a->store, a->fold, &ro, &rep, stderr) != 0) {
		snprintf(err, errlen, "%s: the demo's roster could not be imported", path);
		return false;
	}
	LOG_INFO("demo: %d guests imported from %s", rep.added, path);
	return true;
}

static bool prepare_data_dir(struct app *a, char *err, size_t errlen)
{
	if (!fileio_mkdirs(a->cfg.data_dir, 0700)) {
		snprintf(err, errlen, "%s: cannot create the data folder: %s", a->cfg.data_dir,
			 strerror(errno));
		return false;
	}
	a->store = store_open(a->cfg.data_dir, err, errlen);
	if (!a->store) {
		return false;
	}
	struct reconcile_report r;
	if (!store_check_writable(a->store, err, errlen)) {
		store_close(a->store);
		a->store = NULL;
		return false;
	}
	if (!reconcile_run(a->cfg.data_dir, a->store, &r, err, errlen)) {
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
	if (!a->fold) {
		a->fold = fold_create();
	}
	if (a->opt.demo && !demo_roster(a, err, errlen)) {
		store_close(a->store);
		a->store = NULL;
		return false;
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

/* What a storage failure at start means for the people at the door, from the reason. */
static const char *storage_message(const char *err)
{
	if (strstr(err, "locked") || strstr(err, "busy")) {
		return _("The guest list is open in another program, so nothing can be saved. The "
			 "booth starts by itself once it is closed.");
	}
	if (strstr(err, "not a database") || strstr(err, "malformed") || strstr(err, "corrupt")) {
		return _(
			"The guest list file is damaged. Nothing on the card has been changed. "
			"Staff: run gatherbooth check, or put back a good copy of gatherbooth.db.");
	}
	if (strstr(err, "read-only") || strstr(err, "readonly") ||
	    strstr(err, "Permission denied") || strstr(err, "unable to open")) {
		return _("The storage is read-only, so nothing can be saved. Staff: check the card "
			 "or stick; the booth starts by itself once it can write.");
	}
	if (strstr(err, "full") || strstr(err, "No space")) {
		return _("Storage full: nothing can be saved. Staff: export the photos and free "
			 "some space; the booth starts by itself then.");
	}
	return _("The storage cannot be used, so nothing can be saved. Staff: run gatherbooth "
		 "check.");
}

#define STORAGE_RETRY_MS 3000

/* The data folder or its database cannot be used at start: read-only, locked by another
 * program, damaged, full. Rather than exit and be restarted in a loop behind a blank screen,
 * the booth says so on screen and tries again every few seconds, changing nothing on the card
 * meanwhile. True once the storage works; false when told to stop. */
static bool wait_for_storage(struct app *a, char *err, size_t errlen)
{
	char reason[PATH_MAX + 256];
	snprintf(reason, sizeof(reason), "%s", err);
	LOG_ERR("%s; waiting for the storage, trying again every %d s", reason,
		STORAGE_RETRY_MS / 1000);
	struct booth_state st = {.screen = BOOTH_SCREEN_ERROR};
	struct ui_stats none = {0};
	notify_ready("waiting for the storage");
	bool shot = false;
	uint64_t next = mono_ms() + STORAGE_RETRY_MS;
	for (;;) {
		snprintf(st.message, sizeof(st.message), "%s", storage_message(reason));
		struct ui_model m = {
			.booth = &st, .now = mono_ms(), .wall = time(NULL), .stats = &none};
		ui_render(a->ui, &m);
		display_present(a->display);
		if (!shot && a->opt.headless && a->opt.screenshots_dir) {
			/* for the tests: what the screen said */
			char path[PATH_MAX + 32], serr[256];
			snprintf(path, sizeof(path), "%s/storage-wait.png", a->opt.screenshots_dir);
			shot = screenshot(a, path, serr, sizeof(serr));
		}
		SDL_Event e;
		while (SDL_WaitEventTimeout(&e, 250)) {
			if (e.type == SDL_QUIT && !a->display->kiosk) {
				stop_signal = 1;
			}
		}
		if (stop_signal) {
			snprintf(err, errlen, "stopped while waiting for the storage");
			return false;
		}
		notify_watchdog(mono_ms());
		if (mono_ms() < next) {
			continue;
		}
		if (prepare_data_dir(a, err, errlen)) {
			LOG_INFO("the storage works again");
			return true;
		}
		if (strcmp(err, reason) != 0) {
			snprintf(reason, sizeof(reason), "%s", err);
			LOG_ERR("%s; still waiting for the storage", reason);
		}
		next = mono_ms() + STORAGE_RETRY_MS;
	}
}

int app_run(const struct app_options *opt)
{
	struct app *a = xcalloc(1, sizeof(*a));
	a->opt = *opt;
	a->status = APP_EXIT_FAILURE;
	char err[PATH_MAX + 256];
	struct script *script = NULL;

	if (!app_load_config(opt->config_path, opt->data_dir, &a->cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		a->status = APP_EXIT_BAD_INPUT;
		goto out;
	}
	if (!fileio_inject_from_env(err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		a->status = APP_EXIT_BAD_INPUT;
		goto out;
	}
	if (opt->script_path) {
		script = script_load(opt->script_path, err, sizeof(err));
	} else if (opt->demo && opt->headless) {
		script = script_parse(app_demo_script, strlen(app_demo_script), "(built-in demo)",
				      err, sizeof(err));
	}
	if ((opt->script_path || (opt->demo && opt->headless)) && !script) {
		fprintf(stderr, "%s\n", err);
		a->status = APP_EXIT_BAD_INPUT;
		goto out;
	}
	if (script && !check_keys(script, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		a->status = APP_EXIT_BAD_INPUT;
		goto out;
	}
	if (!a->opt.screenshots_dir) {
		a->opt.screenshots_dir = ".";
	}
	char layouts[PATH_MAX + 16];
	snprintf(layouts, sizeof(layouts), "%s/layouts", a->cfg.assets_dir);
	if (!layout_load(layouts, a->cfg.layout, &a->layout, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		a->status = APP_EXIT_BAD_INPUT;
		goto out;
	}
	if (!layout_load(layouts, "single", &a->single, err, sizeof(err))) {
		LOG_WARN("%s; check-in photos use the %s layout", err, a->layout.name);
		a->single = a->layout;
	}
	a->virtual_clock = script != NULL;
	a->origin = mono_ms();
	a->vnow = 1;

	/* SDL would turn SIGINT and SIGTERM into SDL_QUIT, which a window close also sends; own
	 * handlers keep the two apart, so that only the latter can be refused */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	struct sigaction sa = {.sa_handler = on_stop_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	struct display_options dopt;
	config_display_options(&a->cfg, &dopt);
	a->display = display_create(&dopt, opt->headless, err, sizeof(err));
	if (!a->display) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	a->ev_base = SDL_RegisterEvents(APP_EV_COUNT);
	if (a->ev_base == (Uint32)-1) {
		fprintf(stderr, "display: no room for events\n");
		goto out;
	}
	a->ui = ui_create(a->display, a->cfg.font, a->cfg.font_bold, err, sizeof(err));
	if (!a->ui) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	if (!prepare_data_dir(a, err, sizeof(err)) && !wait_for_storage(a, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	struct saver_listener sl = {.composed = on_composed,
				    .saved = on_saved,
				    .export_progress = on_export_progress,
				    .exported = on_exported,
				    .data = a};
	a->saver =
		saver_create(a->cfg.data_dir, a->cfg.font, a->cfg.font_bold, &sl, err, sizeof(err));
	if (!a->saver) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}

	struct booth_config bc;
	booth_config_defaults(&bc);
	bc.countdown_ms = a->cfg.countdown_s * 1000;
	bc.review_timeout_ms = a->cfg.review_timeout_s * 1000;
	bc.saved_ms = a->cfg.saved_s * 1000;
	bc.idle_ms = a->cfg.idle_s * 1000;
	bc.photo_at_checkin = strcmp(a->cfg.photo_at_checkin, "yes") == 0;
	app_load_settings(a, &bc);
	snprintf(a->pin_hash, sizeof(a->pin_hash), "%s", a->cfg.pin_hash);
	if (!a->pin_hash[0] && opt->demo) {
		pin_hash("1234", a->pin_hash, sizeof(a->pin_hash));
		LOG_INFO("demo: the staff PIN is 1234 (a long press or the top-left corner)");
	}
	bc.pin_set = a->pin_hash[0] != '\0';
	booth_init(&a->booth, &bc, now_ms(a));
	a->feeder = feeder_create(&a->booth, &app_feeder_impl, a);
	snprintf(a->booth.layout, sizeof(a->booth.layout), "%s", a->layout.name);
	a->shots = shotset_create();
	a->session_layout = &a->layout;
	SDL_StartTextInput();

	a->camera_options = (struct camera_options){
		.fps = a->cfg.fps,
		.preview_width = a->cfg.preview_width,
		.preview_height = a->cfg.preview_height,
		.still_width = a->cfg.still_width,
		.still_height = a->cfg.still_height,
		.seed = a->cfg.seed,
		.virtual_clock = a->virtual_clock,
		.device = a->cfg.camera_device,
		.rotation = a->cfg.camera_rotation,
	};
	if (!open_camera(a, err, sizeof(err))) {
		LOG_ERR("%s; the booth runs check-in only until a camera appears", err);
		a->booth.camera_ok = false;
		a->camera_retry_at = now_ms(a) + CAMERA_RETRY_MS;
	}
	struct button_listener bl = {.event = on_button, .lost = on_button_lost, .data = a};
	a->button = button_create(a->cfg.button, a->cfg.button_line, &bl, err, sizeof(err));
	if (a->button && !button_start(a->button)) {
		button_destroy(a->button);
		a->button = NULL;
		snprintf(err, sizeof(err), "the button's thread could not start");
	}
	if (!a->button && err[0]) {
		LOG_WARN("%s; the booth runs touch-only%s", err,
			 opt->demo ? " (and Space is the button)" : "");
	}
	if (a->cfg.led_line[0]) {
		a->led = led_create(a->cfg.led_line, err, sizeof(err));
		if (!a->led) {
			LOG_WARN("%s; no ready light", err);
		}
	}
	a->led_mode = -1;
	update_led(a);
	LOG_INFO("data in %s, layout %s (%d shots), assets from %s", a->cfg.data_dir,
		 a->layout.name, layout_shots(&a->layout), a->cfg.assets_dir);

	a->dirty = true;
	if (script) {
		a->status = play(a, script);
	} else {
		char status[96];
		snprintf(status, sizeof(status), "ready: %lld photos, camera %s",
			 (long long)a->photos, a->camera ? a->camera->impl->name : "unavailable");
		notify_ready(status);
		loop(a);
		a->status = APP_EXIT_OK;
	}

	camera_destroy(a->camera);
	a->camera = NULL;
	button_destroy(a->button);
	a->button = NULL;
	led_destroy(a->led);
	a->led = NULL;
	saver_destroy(a->saver); /* finishes what is queued */
	a->saver = NULL;
	drain_events(a);
	if (a->saved_sessions > 0) {
		printf("%d session(s) saved in %s; the last strip is %s/%s\n", a->saved_sessions,
		       a->cfg.data_dir, a->cfg.data_dir, a->last_saved);
	}

out:
	camera_destroy(a->camera);
	button_destroy(a->button);
	led_destroy(a->led);
	saver_destroy(a->saver);
	if (a->display) {
		drain_events(a);
	}
	shotset_unref(a->shots);
	image_destroy(a->composed);
	fold_destroy(a->fold);
	ui_destroy(a->ui);
	display_destroy(a->display);
	store_close(a->store);
	script_destroy(script);
	feeder_destroy(a->feeder);
	int status = a->status;
	free(a);
	return status;
}
