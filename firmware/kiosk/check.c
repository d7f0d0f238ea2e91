#define _GNU_SOURCE
#include "check.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "button.h"
#include "camera.h"
#include "display.h"
#include "fileio.h"
#include "led.h"
#include "pngimage.h"
#include "print.h"
#include "store.h"
#include "xalloc.h"

static int failures;

static void line(const char *verdict, const char *what, const char *detail, const char *fix,
		 bool required)
{
	printf("%-4s %-8s %s\n", verdict, what, detail);
	if (fix) {
		printf("              fix: %s\n", fix);
	}
	if (strcmp(verdict, "FAIL") == 0 && required) {
		failures++;
	}
	fflush(stdout);
}

/* --- camera: found, started, one still taken and saved --- */

struct shot {
	pthread_mutex_t lock;
	pthread_cond_t done;
	struct image *img;
	char error[256];
	bool finished;
	struct camera *cam;
};

static void on_frame(void *data, const struct frame *f)
{
	struct shot *s = data;
	camera_release_frame(s->cam, f->slot);
}

static void on_still(void *data, struct image *img)
{
	struct shot *s = data;
	pthread_mutex_lock(&s->lock);
	s->img = img;
	s->finished = true;
	pthread_cond_signal(&s->done);
	pthread_mutex_unlock(&s->lock);
}

static void on_error(void *data, const char *message)
{
	struct shot *s = data;
	pthread_mutex_lock(&s->lock);
	snprintf(s->error, sizeof(s->error), "%s", message);
	s->finished = true;
	pthread_cond_signal(&s->done);
	pthread_mutex_unlock(&s->lock);
}

static void check_camera(const struct config *cfg)
{
	struct shot s = {.lock = PTHREAD_MUTEX_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};
	struct camera_options o = {.fps = cfg->fps,
				   .preview_width = cfg->preview_width,
				   .preview_height = cfg->preview_height,
				   .still_width = cfg->still_width,
				   .still_height = cfg->still_height,
				   .seed = cfg->seed,
				   .device = cfg->camera_device,
				   .rotation = cfg->camera_rotation};
	struct camera_listener l = {
		.frame = on_frame, .still = on_still, .error = on_error, .data = &s};
	char err[512];
	s.cam = camera_create(cfg->camera, &o, &l, false, err, sizeof(err));
	if (!s.cam) {
		line("FAIL", "camera", err,
		     "seat the camera's ribbon cable firmly at both ends (a Pi 5 needs its "
		     "narrower "
		     "cable) or plug in a USB webcam; `rpicam-hello --list-cameras` or "
		     "`v4l2-ctl --list-devices` should list it. Check-in works without one.",
		     true);
		return;
	}
	if (!camera_start(s.cam) || !camera_capture(s.cam)) {
		line("FAIL", "camera", s.cam->description, "the camera would not start", true);
		camera_destroy(s.cam);
		return;
	}
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&s.lock);
	while (!s.finished && pthread_cond_timedwait(&s.done, &s.lock, &until) != ETIMEDOUT) {
	}
	pthread_mutex_unlock(&s.lock);
	/* the description is the camera's: kept before the camera goes */
	char description[512];
	snprintf(description, sizeof(description), "%s", s.cam->description);
	camera_destroy(s.cam);
	char detail[1024];
	if (!s.img) {
		snprintf(detail, sizeof(detail), "%s: no still in 10 s%s%s", description,
			 s.error[0] ? ": " : "", s.error);
		line("FAIL", "camera", detail, "check the cable, then run the check again", true);
		return;
	}
	unsigned char *png = NULL;
	size_t len;
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/check-still.png", cfg->data_dir);
	unlink(path);
	bool saved = png_encode(s.img, &png, &len) &&
		     fileio_write_path(path, png, len, err, sizeof(err));
	free(png);
	snprintf(detail, sizeof(detail), "%s; a %dx%d still %s %s", description, s.img->width,
		 s.img->height, saved ? "saved as" : "taken, not saved to", path);
	line(saved ? "PASS" : "WARN", "camera", detail, NULL, true);
	image_destroy(s.img);
}

/* --- the button and the LED --- */

struct press {
	pthread_mutex_t lock;
	pthread_cond_t done;
	bool pressed;
};

static void on_button(void *data, const struct button_event *e)
{
	struct press *p = data;
	if (e->type == BUTTON_PRESS) {
		pthread_mutex_lock(&p->lock);
		p->pressed = true;
		pthread_cond_signal(&p->done);
		pthread_mutex_unlock(&p->lock);
	}
}

static void on_lost(void *data, const char *message)
{
	(void)data, (void)message;
}

static void check_button(const struct config *cfg, bool no_wait)
{
	struct press p = {.lock = PTHREAD_MUTEX_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};
	struct button_listener l = {.event = on_button, .lost = on_lost, .data = &p};
	char err[512];
	struct button *b = button_create(cfg->button, cfg->button_line, &l, err, sizeof(err));
	if (!b) {
		if (!err[0]) {
			line("SKIP", "button", "[button] backend = none: touch-only", NULL, false);
			return;
		}
		char fix[256];
		snprintf(fix, sizeof(fix),
			 "wire the button between %s's pin (GPIO17 is pin 11) and GND (pin 9), or "
			 "set [button] line; `gpioinfo` lists the lines. Without it the booth runs "
			 "touch-only.",
			 cfg->button_line);
		line("FAIL", "button", err, fix, false);
		return;
	}
	button_start(b);
	char detail[512];
	if (no_wait) {
		snprintf(detail, sizeof(detail), "%s (no press asked for)", b->description);
		line("PASS", "button", detail, NULL, false);
	} else {
		printf("     button   press the big button within 10 s...\n");
		fflush(stdout);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 10;
		pthread_mutex_lock(&p.lock);
		while (!p.pressed &&
		       pthread_cond_timedwait(&p.done, &p.lock, &until) != ETIMEDOUT) {
		}
		pthread_mutex_unlock(&p.lock);
		snprintf(detail, sizeof(detail), "%s: %s", b->description,
			 p.pressed ? "a press was seen" : "no press in 10 s");
		line(p.pressed ? "PASS" : "FAIL", "button", detail,
		     p.pressed ? NULL : "check the wiring: the button joins the line to GND",
		     false);
	}
	button_destroy(b);
}

static void check_led(const struct config *cfg)
{
	if (!cfg->led_line[0]) {
		line("SKIP", "LED", "no [button] led_line set", NULL, false);
		return;
	}
	char err[512];
	struct led *led = led_create(cfg->led_line, err, sizeof(err));
	if (!led) {
		line("FAIL", "LED", err,
		     "wire the LED (with a resistor) between the led_line's pin and GND", false);
		return;
	}
	led_set(led, LED_BLINK);
	sleep(2);
	char detail[256];
	snprintf(detail, sizeof(detail), "%s blinked for 2 s: did you see it?", led_describe(led));
	led_destroy(led);
	line("PASS", "LED", detail, NULL, false);
}

/* --- the display: a test pattern, and a tap to say it can be read --- */

static void check_display(const struct config *cfg, bool no_wait)
{
	char err[512];
	struct display_options dopt;
	config_display_options(cfg, &dopt);
	struct display *d = display_create(&dopt, false, err, sizeof(err));
	if (!d) {
		line("FAIL", "display", err,
		     "run on the Pi's own screen (the console, not an SSH session), with the "
		     "touchscreen connected; on a desktop, stop it first so the booth can have the "
		     "screen",
		     true);
		return;
	}
	char detail[256];
	snprintf(detail, sizeof(detail), "%s, %s renderer, %dx%d%s, vsync %s", d->driver,
		 d->renderer_name, d->phys_width, d->phys_height,
		 d->fullscreen ? " fullscreen" : "", d->vsync ? "on" : "off");
	if (strcmp(d->driver, "dummy") == 0 || strcmp(d->driver, "offscreen") == 0) {
		line("FAIL", "display", detail, "this is not a real screen (SDL_VIDEODRIVER)",
		     true);
		display_destroy(d);
		return;
	}
	static const uint32_t bars[] = {0xF4F1EA, 0xF2A900, 0x3FB950, 0xE5484D, 0x111418};
	bool tapped = false;
	for (int frame = 0; frame < (no_wait ? 1 : 600) && !tapped; frame++) {
		display_begin(d);
		for (int i = 0; i < 5; i++) {
			SDL_SetRenderDrawColor(d->renderer, (Uint8)(bars[i] >> 16),
					       (Uint8)(bars[i] >> 8), (Uint8)bars[i], 255);
			SDL_Rect r = {i * d->width / 5, 0, d->width / 5 + 1, d->height};
			SDL_RenderFillRect(d->renderer, &r);
		}
		display_present(d);
		SDL_Event e;
		while (SDL_PollEvent(&e)) {
			tapped = tapped || e.type == SDL_FINGERUP || e.type == SDL_MOUSEBUTTONUP;
		}
	}
	display_destroy(d);
	if (no_wait) {
		line("PASS", "display", detail, NULL, true);
	} else {
		line(tapped ? "PASS" : "FAIL", "display", detail,
		     tapped ? NULL : "no tap in 10 s: is the touchscreen connected?", true);
	}
}

static void check_fonts(const struct config *cfg)
{
	if (!TTF_WasInit() && TTF_Init() != 0) {
		line("FAIL", "fonts", TTF_GetError(), NULL, true);
		return;
	}
	const char *paths[2] = {cfg->font, cfg->font_bold};
	for (int i = 0; i < 2; i++) {
		TTF_Font *f = TTF_OpenFont(paths[i], 24);
		if (!f) {
			char detail[PATH_MAX + 64];
			snprintf(detail, sizeof(detail), "%s: cannot open", paths[i]);
			line("FAIL", "fonts", detail, "sudo apt install fonts-dejavu-core", true);
			return;
		}
		TTF_CloseFont(f);
	}
	line("PASS", "fonts", cfg->font_bold, NULL, true);
}

static const char *fs_name(long type)
{
	switch (type) {
	case 0xEF53:
		return "ext4";
	case 0x4d44:
		return "FAT";
	case 0x2011BAB0:
		return "exFAT";
	case 0x58465342:
		return "XFS";
	case 0x9123683E:
		return "btrfs";
	case 0x01021994:
		return "tmpfs";
	case 0x794c7630:
		return "overlay";
	default:
		return "another filesystem";
	}
}

static void check_storage(const struct config *cfg)
{
	char err[PATH_MAX + 256], detail[PATH_MAX + 256];
	if (!fileio_mkdirs(cfg->data_dir, 0700)) {
		snprintf(detail, sizeof(detail), "%s: cannot create: %s", cfg->data_dir,
			 strerror(errno));
		line("FAIL", "storage", detail, "check the path and its owner (the service's user)",
		     true);
		return;
	}
	char probe[] = "check-write-probe";
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", cfg->data_dir, probe);
	unlink(path);
	if (!fileio_write_buffer(cfg->data_dir, probe, "ok\n", 3, err, sizeof(err))) {
		line("FAIL", "storage", err, "the data folder must be writable", true);
		return;
	}
	unlink(path);
	struct statfs fs;
	long long free_mb = fileio_free_mb(cfg->data_dir);
	double free_gb = free_mb >= 0 ? (double)free_mb / 1000 : -1;
	const char *type = statfs(cfg->data_dir, &fs) == 0 ? fs_name((long)fs.f_type) : "?";
	snprintf(detail, sizeof(detail), "%s on %s, writable, %.1f GB free", cfg->data_dir, type,
		 free_gb);
	if (free_gb >= 0 && free_gb < 0.5) {
		line("FAIL", "storage", detail,
		     "the card is (nearly) full: export the photos, then free space", true);
	} else if (strcmp(type, "FAT") == 0 || strcmp(type, "exFAT") == 0) {
		line("WARN", "storage", detail,
		     "FAT has no permissions and loses more in a power cut; keep the data on the "
		     "card's ext4 root and export to FAT sticks",
		     false);
	} else if (free_gb >= 0 && free_gb < 2.0) {
		line("WARN", "storage", detail, "under 2 GB free: a day of photos may not fit",
		     false);
	} else {
		line("PASS", "storage", detail, NULL, true);
	}
}

/* --- database: readable, whole, from this version, and not held by another program --- */

static void check_database(const struct config *cfg)
{
	char path[PATH_MAX + 32], detail[PATH_MAX + 256];
	snprintf(path, sizeof(path), "%s/%s", cfg->data_dir, STORE_DB_NAME);
	if (access(path, F_OK) != 0) {
		snprintf(detail, sizeof(detail), "%s: none yet; the booth creates it", path);
		line("PASS", "database", detail, NULL, true);
		return;
	}
	struct store_report r;
	store_inspect(path, &r);
	if (r.health == STORE_HEALTH_LOCKED) {
		snprintf(detail, sizeof(detail), "%s: %s", path, r.detail);
		line("FAIL", "database", detail,
		     "another program holds it (a spreadsheet or sqlite3 shell?): close it", true);
	} else if (r.health == STORE_HEALTH_DAMAGED) {
		snprintf(detail, sizeof(detail), "%s: damaged: %s", path, r.detail);
		line("FAIL", "database", detail,
		     "put back a good copy (the export folder has the CSVs and photos); the booth "
		     "changes nothing in a damaged database",
		     true);
	} else if (r.health == STORE_HEALTH_NEWER) {
		snprintf(detail, sizeof(detail), "%s: from a newer gatherbooth (version %d)", path,
			 r.version);
		line("FAIL", "database", detail, "update gatherbooth on this card", true);
	} else {
		snprintf(detail, sizeof(detail),
			 "%s: whole; %lld guests, %lld checked in, %lld photos", path, r.people,
			 r.checkins, r.photos);
		line("PASS", "database", detail, NULL, true);
	}
}

static void check_clock(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char shown[64];
	strftime(shown, sizeof(shown), "%Y-%m-%d %H:%M %Z", localtime_r(&now, &tm));
	if (tm.tm_year + 1900 < 2025) {
		char detail[128];
		snprintf(detail, sizeof(detail), "the clock says %s, which looks unset", shown);
		line("WARN", "clock", detail,
		     "set it before guests arrive (staff screen > Clock), or give the Pi network "
		     "or a real-time clock: photo names and check-in times use it",
		     false);
	} else {
		line("PASS", "clock", shown, NULL, false);
	}
}

/* --- printers: each the config names, through cupsd --- */
static void check_printers(const struct config *cfg)
{
	for (int r = 0; r < PRINT_ROLES; r++) {
		const char *name = r == PRINT_STRIPS ? cfg->strip_printer : cfg->badge_printer;
		const char *what = r == PRINT_STRIPS ? "strips" : "badges";
		if (strcmp(name, "none") == 0) {
			line("PASS", what, "no printer (none in the config)", NULL, false);
			continue;
		}
		char detail[600], fix[300];
		enum print_verdict v =
			print_check_printer(cfg, r, detail, sizeof(detail), fix, sizeof(fix));
		line(v == PRINT_PASS   ? "PASS"
		     : v == PRINT_WARN ? "WARN"
				       : "FAIL",
		     what, detail, fix[0] ? fix : NULL, true);
	}
}

int check_run(const struct check_options *opt)
{
	struct config cfg;
	char err[PATH_MAX + 256];
	if (!app_load_config(opt->config_path, opt->data_dir, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	failures = 0;
	printf("gatherbooth check (config %s, data %s)\n",
	       opt->config_path ? opt->config_path : "default", cfg.data_dir);
	check_storage(&cfg);
	check_database(&cfg);
	check_fonts(&cfg);
	check_clock();
	check_camera(&cfg);
	check_button(&cfg, opt->no_wait);
	check_led(&cfg);
	check_display(&cfg, opt->no_wait);
	check_printers(&cfg);
	printf("%s\n", failures ? "Something required failed: see the fixes above."
				: "Everything required passed.");
	return failures ? 1 : 0;
}
