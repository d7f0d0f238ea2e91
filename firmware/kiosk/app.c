/* The running kiosk: app_run() starts the root object (config, display, storage, saver, booth,
 * devices), runs the real-time loop or a script, and takes it all down again. The other jobs
 * have their own files: app_config.c (config discovery), app_bridge.c (threads to the main
 * loop), app_input.c, app_effects.c and app_checkin.c (performing effects), app_devices.c
 * (camera and button, lost and found), app_storage.c (the data folder at start) and
 * app_script.c (the script player). */
#include "app.h"

#include <SDL.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app-private.h"
#include "fileio.h"
#include "fold.h"
#include "i18n.h"
#include "notify.h"
#include "pin.h"
#include "pngimage.h"
#include "script.h"
#include "sound.h"
#include "xalloc.h"

#define LOG_MODULE "app"
#include "log.h"

/* SIGTERM (systemd stopping the service) or SIGINT (Ctrl-C in a terminal): the loop ends within
 * its 250 ms wait. */
volatile sig_atomic_t app_stop_signal;

static void on_stop_signal(int sig)
{
	(void)sig;
	app_stop_signal = 1;
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
			       "tap Done\n"
			       "expect-screen attract\n"
			       "quit\n";

uint64_t app_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t app_mono_ms(void)
{
	return app_mono_ns() / 1000000;
}

/* 2026-11-29 09:00 UTC: where a scripted run's clock starts */
#define SCRIPT_EPOCH 1795942800LL

long long app_wall_clock(struct app *a)
{
	return a->virtual_clock ? SCRIPT_EPOCH + (long long)(a->vnow / 1000)
				: (long long)time(NULL);
}

uint64_t app_now_ms(struct app *a)
{
	return a->virtual_clock ? a->vnow : app_mono_ms() - a->origin + 1;
}

/* Writes the last rendered picture to `path` as PNG, replacing it. False with err. */
bool app_screenshot(struct app *a, const char *path, char *err, size_t errlen)
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

void app_render(struct app *a)
{
	struct ui_model m = {
		.booth = &a->booth,
		.now = app_now_ms(a),
		.photos = a->photos,
		.camera_present = a->camera != NULL,
		.button_present = a->button != NULL || a->opt.demo,
		.shots = layout_shots(&a->layout),
		.boomerang = layout_is_boomerang(&a->layout),
		.card = a->layout.cols > 1,
		.wall = app_wall_clock(a),
		.stats = &a->stats,
		.free_mb = a->free_mb,
		.recent = a->recent,
		.recent_count = a->recent_count,
		.last_saved = a->last_saved,
		.print = a->printer ? &a->print_view : NULL,
		.import = a->import_shown ? &a->import_view : NULL,
		.peers = a->peers ? &a->peers_view : NULL,
	};
	/* the guest's language during their session, the event's otherwise */
	i18n_set_language(a->booth.language);
	snprintf(a->language_shown, sizeof(a->language_shown), "%s", a->booth.language);
	ui_render(a->ui, &m);
}

static void loop(struct app *a)
{
	const int frame_ms = 16;
	while (!a->quit && !app_stop_signal) {
		uint64_t now = app_now_ms(a);
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
			app_handle(a, &e);
			while (SDL_PollEvent(&e)) {
				app_handle(a, &e);
			}
		}
		app_tick(a);
		if (a->dirty || animating) {
			uint64_t t0 = app_mono_ns();
			app_render(a);
			uint64_t t1 = app_mono_ns();
			display_present(a->display);
			uint64_t t2 = app_mono_ns();
			a->dirty = false;
			if (a->edge_ns && log_tracing()) {
				/* the first frame after a press: the whole path, edge to glass */
				uint64_t ns = app_mono_ns();
				log_trace("presented %s %.3f ms after the button's edge "
					  "(drawn in %.1f ms, presented in %.1f ms)",
					  booth_screen_name(a->booth.screen),
					  (double)(ns - a->edge_ns) / 1e6, (double)(t1 - t0) / 1e6,
					  (double)(t2 - t1) / 1e6);
			}
			a->edge_ns = 0;
		}
		/* only a loop that still turns pings: a hung screen gets restarted */
		notify_watchdog(app_mono_ms());
		/* GATHERBOOTH_FAULTS=loop=hang@N: the watchdog test's hung loop */
		fileio_injected(FILEIO_OP_LOOP);
	}
	notify_stopping();
}

/* The config, the script and the layouts: everything read before anything starts. False with
 * a->status set and one line said. */
static bool load_inputs(struct app *a, struct script **script)
{
	const struct app_options *opt = &a->opt;
	char err[PATH_MAX + 256];
	a->status = APP_EXIT_BAD_INPUT;
	if (!app_load_config(opt->config_path, opt->data_dir, &a->cfg, err, sizeof(err)) ||
	    !fileio_inject_from_env(err, sizeof(err))) {
		goto err_said;
	}
	bool demo_script = opt->demo && opt->headless && !opt->script_path;
	if (opt->script_path) {
		*script = script_load(opt->script_path, err, sizeof(err));
	} else if (demo_script) {
		*script = script_parse(app_demo_script, strlen(app_demo_script), "(built-in demo)",
				       err, sizeof(err));
	}
	if ((opt->script_path || demo_script) && !*script) {
		goto err_said;
	}
	if (*script && !app_check_keys(*script, err, sizeof(err))) {
		goto err_said;
	}
	char layouts[PATH_MAX + 16];
	snprintf(layouts, sizeof(layouts), "%s/layouts", a->cfg.assets_dir);
	if (!layout_load(layouts, a->cfg.layout, &a->layout, err, sizeof(err))) {
		goto err_said;
	}
	if (!layout_load(layouts, "single", &a->single, err, sizeof(err))) {
		LOG_WARN("%s; check-in photos use the %s layout", err, a->layout.name);
		a->single = a->layout;
	}
	if (print_wanted(&a->cfg) && !print_check_config(&a->cfg, err, sizeof(err))) {
		goto err_said;
	}
	a->status = APP_EXIT_FAILURE;
	return true;

err_said:
	fprintf(stderr, "%s\n", err);
	return false;
}

/* The signals, the display, the booth's own SDL events and the screens. */
static bool start_screen(struct app *a)
{
	/* SDL would turn SIGINT and SIGTERM into SDL_QUIT, which a window close also sends; own
	 * handlers keep the two apart, so that only the latter can be refused */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	struct sigaction sa = {.sa_handler = on_stop_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	char err[PATH_MAX + 256];
	struct display_options dopt;
	config_display_options(&a->cfg, &dopt);
	a->display = display_create(&dopt, a->opt.headless, err, sizeof(err));
	if (!a->display) {
		fprintf(stderr, "%s\n", err);
		return false;
	}
	a->ev_base = SDL_RegisterEvents(APP_EV_COUNT);
	if (a->ev_base == (Uint32)-1) {
		fprintf(stderr, "display: no room for events\n");
		return false;
	}
	a->ui = ui_create(a->display, a->cfg.font, a->cfg.font_bold, err, sizeof(err));
	if (!a->ui) {
		fprintf(stderr, "%s\n", err);
		return false;
	}
	return true;
}

void app_badges_refresh(struct app *a)
{
	saver_badges_refresh(a->saver);
}

/* The print worker, when the config names a printer: the saver adds print rows, the worker
 * sends them. cupsd not running is no reason not to start: staff see it on their screen. */
static void start_printing(struct app *a)
{
	if (!print_wanted(&a->cfg)) {
		return;
	}
	struct saver_printing sp = {.limit = a->cfg.print_limit};
	if (strcmp(a->cfg.strip_printer, "none") != 0 && strcmp(a->cfg.print, "no") != 0) {
		snprintf(sp.strip_printer, sizeof(sp.strip_printer), "%s", a->cfg.strip_printer);
	}
	if (strcmp(a->cfg.badge_printer, "none") != 0) {
		snprintf(sp.badge_printer, sizeof(sp.badge_printer), "%s", a->cfg.badge_printer);
	}
	saver_set_printing(a->saver, &sp);
	char err[PATH_MAX + 256];
	struct print_listener pl = app_print_listener(a);
	a->printer =
		print_create(&a->cfg, a->cfg.data_dir, a->cfg.assets_dir, &pl, err, sizeof(err));
	if (!a->printer) {
		LOG_ERR("%s; the booth runs without printing", err);
	}
}

/* The peers worker, when other kiosks share this one's [peers] folder. */
static void start_peers(struct app *a)
{
	if (!a->cfg.peers_folder[0]) {
		return;
	}
	char err[PATH_MAX + 256];
	struct peers_listener pl = app_peers_listener(a);
	a->peers_status.ok = true;
	a->peers = peers_worker_create(a->cfg.data_dir, a->cfg.peers_folder, a->cfg.kiosk_name,
				       a->cfg.syncthing_dir, &pl, err, sizeof(err));
	if (!a->peers) {
		LOG_ERR("%s; the booth runs alone", err);
	}
}

/* The data folder (waiting on screen while it cannot be used) and the saver's workers. */
static bool start_storage(struct app *a)
{
	struct error e;
	if (!app_prepare_storage(a, &e) && !app_wait_for_storage(a, &e)) {
		fprintf(stderr, "%s\n", e.message);
		return false;
	}
	char err[PATH_MAX + 256];
	struct saver_listener sl = app_saver_listener(a);
	a->saver =
		saver_create(a->cfg.data_dir, a->cfg.font, a->cfg.font_bold, &sl, err, sizeof(err));
	if (!a->saver) {
		fprintf(stderr, "%s\n", err);
		return false;
	}
	saver_set_photos(a->saver,
			 &(struct saver_photos){
				 .format = strcmp(a->cfg.photo_format, "png") == 0 ? PICTURE_PNG
										   : PICTURE_JPEG,
				 .quality = a->cfg.photo_quality,
			 });
	start_printing(a);
	start_peers(a);
	app_share_start(a);
	/* a check-in welcomed just before the power went, or made from a shell, may have no
	 * badge yet: made in the background */
	app_badges_refresh(a);
	return true;
}

/* The config (and the settings staff changed, kept in the database) as the core's settings. */
static void booth_settings(struct app *a, struct booth_config *bc)
{
	booth_config_defaults(bc);
	bc->countdown_ms = a->cfg.countdown_s * 1000;
	bc->review_timeout_ms = a->cfg.review_timeout_s * 1000;
	bc->saved_ms = a->cfg.saved_s * 1000;
	bc->idle_ms = a->cfg.idle_s * 1000;
	/* guests get at least BOOTH_MIN_TIMEOUT_MS on any screen that moves on by itself
	 * (WCAG 2.2.1); an older config's shorter times are raised, not refused */
	int *timeouts[] = {&bc->review_timeout_ms, &bc->saved_ms, &bc->idle_ms};
	const char *names[] = {"review_timeout", "saved_timeout", "idle_timeout"};
	for (int i = 0; i < 3; i++) {
		if (*timeouts[i] < BOOTH_MIN_TIMEOUT_MS) {
			LOG_WARN("%s = %d s is raised to %d s: guests get at least that long",
				 names[i], *timeouts[i] / 1000, BOOTH_MIN_TIMEOUT_MS / 1000);
			*timeouts[i] = BOOTH_MIN_TIMEOUT_MS;
		}
	}
	if (strcmp(a->cfg.share, "yes") == 0 && bc->saved_ms < 30000) {
		bc->saved_ms =
			30000; /* time to scan two codes; Done or the button ends it sooner */
	}
	bc->photo_at_checkin = strcmp(a->cfg.photo_at_checkin, "yes") == 0;
	bc->access = (strcmp(a->cfg.large_text, "yes") == 0 ? BOOTH_ACCESS_LARGE_TEXT : 0) |
		     (strcmp(a->cfg.high_contrast, "yes") == 0 ? BOOTH_ACCESS_HIGH_CONTRAST : 0) |
		     (strcmp(a->cfg.speech, "yes") == 0 ? BOOTH_ACCESS_SPEECH : 0) |
		     (strcmp(a->cfg.low_controls, "yes") == 0 ? BOOTH_ACCESS_LOW : 0);
	bc->share_available = bc->share = strcmp(a->cfg.share, "yes") == 0;
	bc->peers_available = a->cfg.peers_folder[0] != '\0';
	if (strcmp(a->cfg.strip_printer, "none") != 0) {
		bc->print = strcmp(a->cfg.print, "auto") == 0  ? BOOTH_PRINT_AUTO
			    : strcmp(a->cfg.print, "ask") == 0 ? BOOTH_PRINT_ASK
							       : BOOTH_PRINT_NO;
	}
	bc->print_copies = a->cfg.copies;
	app_load_settings(a, bc);
	snprintf(a->pin_hash, sizeof(a->pin_hash), "%s", a->cfg.pin_hash);
	if (!a->pin_hash[0] && a->opt.demo) {
		pin_hash("1234", a->pin_hash, sizeof(a->pin_hash));
		LOG_INFO("demo: the staff PIN is 1234 (a long press or the top-left corner)");
	}
	bc->pin_set = a->pin_hash[0] != '\0';
}

static void start_booth(struct app *a)
{
	struct booth_config bc;
	booth_settings(a, &bc);
	booth_init(&a->booth, &bc, app_now_ms(a));
	a->feeder = feeder_create(&a->booth, &app_feeder_impl, a);
	snprintf(a->booth.layout, sizeof(a->booth.layout), "%s", a->layout.name);
	a->shots = shotset_create();
	a->session_layout = &a->layout;
	SDL_StartTextInput();
}

/* The camera, the button and the LED: each may be missing, and the booth goes on without. */
static void start_devices(struct app *a)
{
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
	char err[PATH_MAX + 256];
	if (!app_open_camera(a, err, sizeof(err))) {
		LOG_ERR("%s; the booth runs check-in only until a camera appears", err);
		a->booth.camera_ok = false;
		a->camera_retry_at = app_now_ms(a) + CAMERA_RETRY_MS;
	}
	if (!app_open_button(a, err, sizeof(err)) && err[0]) {
		LOG_WARN("%s; the booth runs touch-only%s", err,
			 a->opt.demo ? " (and Space is the button)" : "");
	}
	if (a->cfg.next_line[0]) {
		/* a second button for guests who cannot use the screen: it moves the highlight,
		 * the big button chooses */
		struct button_listener nl = app_next_button_listener(a);
		a->next_button =
			button_create(a->cfg.button, a->cfg.next_line, &nl, err, sizeof(err));
		if (a->next_button && !button_start(a->next_button)) {
			button_destroy(a->next_button);
			a->next_button = NULL;
		}
		if (!a->next_button) {
			LOG_WARN("the next button (%s): %s", a->cfg.next_line, err);
		}
	}
	if (a->cfg.led_line[0]) {
		a->led = led_create(a->cfg.led_line, err, sizeof(err));
		if (!a->led) {
			LOG_WARN("%s; no ready light", err);
		}
	}
	a->led_mode = -1;
	app_update_led(a);
}

/* Stops the devices and finishes the saver's queue, then says where the photos went. */
static void stop_devices(struct app *a)
{
	camera_destroy(a->camera);
	a->camera = NULL;
	button_destroy(a->button);
	a->button = NULL;
	button_destroy(a->next_button);
	a->next_button = NULL;
	led_destroy(a->led);
	a->led = NULL;
	saver_destroy(a->saver); /* finishes what is queued */
	a->saver = NULL;
	print_destroy(a->printer); /* what waits stays queued in the database */
	a->printer = NULL;
	peers_worker_destroy(a->peers); /* after a last round: what was made here leaves */
	a->peers = NULL;
	app_drain_events(a);
	if (a->saved_sessions > 0) {
		printf("%d session(s) saved in %s; the last strip is %s/%s\n", a->saved_sessions,
		       a->cfg.data_dir, a->cfg.data_dir, a->last_saved);
	}
}

static void run(struct app *a, const struct script *script)
{
	LOG_INFO("data in %s, layout %s (%d shots), assets from %s", a->cfg.data_dir,
		 a->layout.name, layout_shots(&a->layout), a->cfg.assets_dir);
	a->dirty = true;
	app_note_program(a);
	if (script) {
		a->status = app_play(a, script);
		if (a->restart && a->status == APP_EXIT_OK) {
			a->status = APP_EXIT_RESTART;
		}
		return;
	}
	char status[96];
	snprintf(status, sizeof(status), "ready: %lld photos, camera %s", (long long)a->photos,
		 a->camera ? a->camera->impl->name : "unavailable");
	notify_ready(status);
	loop(a);
	a->status = a->restart ? APP_EXIT_RESTART : APP_EXIT_OK;
}

int app_run(const struct app_options *opt)
{
	struct app *a = xcalloc(1, sizeof(*a));
	a->opt = *opt;
	if (!a->opt.screenshots_dir) {
		a->opt.screenshots_dir = ".";
	}
	struct script *script = NULL;
	if (!load_inputs(a, &script)) {
		goto out;
	}
	a->virtual_clock = script != NULL;
	a->origin = app_mono_ms();
	a->vnow = 1;
	if (!start_screen(a) || !start_storage(a)) {
		goto out;
	}
	start_booth(a);
	start_devices(a);
	a->sound = sound_open(a->cfg.volume, app_now_ms(a));
	run(a, script);
	stop_devices(a);
	sound_close(a->sound); /* what is still to be heard, heard */
	a->sound = NULL;

out:
	camera_destroy(a->camera);
	button_destroy(a->button);
	button_destroy(a->next_button);
	led_destroy(a->led);
	saver_destroy(a->saver);
	print_destroy(a->printer);
	peers_worker_destroy(a->peers);
	if (a->display) {
		app_drain_events(a);
	}
	shotset_unref(a->shots);
	app_burst_free(a);
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
