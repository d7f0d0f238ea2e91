/* The script player: a scenario (DESIGN.md, "Command line") played on a virtual clock, step
 * by step, through the same input and effects as a person's. */
#include <SDL.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app-private.h"
#include "script.h"
#include "transform.h"

#define LOG_MODULE "script"
#include "log.h"

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
			app_handle(a, &e);
			any = true;
		}
		app_tick(a);
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
	/* as in the main loop, a touch arrives after the frame went to the screen: SDL scales a
	 * finger's place to the render target that is set, here the rotation buffer */
	display_finish(a->display);
	push_finger(true, px, py);
	settle(a);
	app_render(a); /* the pressed state, as a person would see it */
	display_finish(a->display);
	push_finger(false, px, py);
	settle(a);
}

bool app_check_keys(const struct script *s, char *err, size_t errlen)
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

static int tap(struct app *a, const struct script *s, const struct script_step *st)
{
	app_render(a);
	const struct ui_control *c = ui_find(a->ui, st->text);
	if (!c) {
		char seen[512];
		ui_list_controls(a->ui, seen, sizeof(seen));
		fprintf(stderr,
			"%s:%d: no control labelled \"%s\" on the %s screen (showing: %s)\n",
			s->file, st->line, st->text, booth_screen_name(a->booth.screen), seen);
		return APP_EXIT_SCRIPT_FAILED;
	}
	float px, py;
	transform_to_physical(
		a->display->rotation, ((float)c->x + (float)c->w / 2) / (float)a->display->width,
		((float)c->y + (float)c->h / 2) / (float)a->display->height, &px, &py);
	tap_at(a, px, py);
	return APP_EXIT_OK;
}

static int shot(struct app *a, const struct script *s, const struct script_step *st)
{
	app_render(a);
	char path[PATH_MAX], err[PATH_MAX + 128];
	snprintf(path, sizeof(path), "%s/%s.png", a->opt.screenshots_dir, st->text);
	if (!app_screenshot(a, path, err, sizeof(err))) {
		fprintf(stderr, "%s:%d: %s\n", s->file, st->line, err);
		return APP_EXIT_FAILURE;
	}
	return APP_EXIT_OK;
}

static int expect_screen(struct app *a, const struct script *s, const struct script_step *st)
{
	const char *showing = booth_screen_name(a->booth.screen);
	if (strcmp(showing, st->text) != 0) {
		fprintf(stderr, "%s:%d: expected the %s screen, but %s was showing\n", s->file,
			st->line, st->text, showing);
		return APP_EXIT_SCRIPT_FAILED;
	}
	return APP_EXIT_OK;
}

/* For tests in which the world outside changes meanwhile (a device goes). */
static void wait_real(struct app *a, int ms)
{
	uint64_t end = app_mono_ms() + (uint64_t)ms;
	while (app_mono_ms() < end && !app_stop_signal) {
		SDL_Delay(10);
		settle(a);
	}
}

/* The print worker runs in real time: wait for its report rather than for a fixed time. */
static int expect_printer(struct app *a, const struct script *s, const struct script_step *st)
{
	uint64_t end = app_mono_ms() + 60000;
	for (;;) {
		for (int i = 0; i < 2; i++) {
			if (strstr(a->print_report[i], st->text)) {
				return APP_EXIT_OK;
			}
		}
		if (app_mono_ms() >= end || app_stop_signal) {
			break;
		}
		SDL_Delay(10);
		settle(a);
	}
	fprintf(stderr,
		"%s:%d: no printer report with \"%s\" in 60 s; the last were \"%s\" and \"%s\"\n",
		s->file, st->line, st->text, a->print_report[0], a->print_report[1]);
	return APP_EXIT_SCRIPT_FAILED;
}

/* A worker's report shown as the booth's notice: waited for in real time, likewise. */
static int expect_notice(struct app *a, const struct script *s, const struct script_step *st)
{
	uint64_t end = app_mono_ms() + 60000;
	while (!strstr(a->booth.notice, st->text)) {
		if (app_mono_ms() >= end || app_stop_signal) {
			fprintf(stderr,
				"%s:%d: no notice with \"%s\" in 60 s; the last was \"%s\"\n",
				s->file, st->line, st->text, a->booth.notice);
			return APP_EXIT_SCRIPT_FAILED;
		}
		SDL_Delay(10);
		settle(a);
	}
	return APP_EXIT_OK;
}

/* Something done outside the booth, told by a file: waited for in real time, likewise. */
static int expect_file(struct app *a, const struct script *s, const struct script_step *st)
{
	uint64_t end = app_mono_ms() + 60000;
	while (access(st->text, F_OK) != 0) {
		if (app_mono_ms() >= end || app_stop_signal) {
			fprintf(stderr, "%s:%d: no file %s in 60 s\n", s->file, st->line, st->text);
			return APP_EXIT_SCRIPT_FAILED;
		}
		SDL_Delay(10);
		settle(a);
	}
	return APP_EXIT_OK;
}

static void hold(struct app *a, uint64_t ms)
{
	app_button_down(a);
	settle(a);
	uint64_t held = 0;
	if (ms >= BUTTON_HELD_MS) {
		advance(a, BUTTON_HELD_MS);
		held = BUTTON_HELD_MS;
		app_button_held(a);
		settle(a);
	}
	if (ms >= BUTTON_LONG_MS) {
		advance(a, BUTTON_LONG_MS - held);
		held = BUTTON_LONG_MS;
		app_button_long(a);
		settle(a);
	}
	advance(a, ms - held);
	app_button_up(a);
	settle(a);
}

static void feed_settled(struct app *a, const struct booth_event *ev)
{
	app_feed(a, ev);
	settle(a);
}

/* One step; APP_EXIT_OK to go on. */
static int step(struct app *a, const struct script *s, const struct script_step *st)
{
	Uint16 mod = KMOD_NONE;
	SDL_Keycode sym;
	switch (st->op) {
	case SCRIPT_WAIT:
		advance(a, (uint64_t)st->ms);
		break;
	case SCRIPT_PRESS: /* as the big button, a short press: the highlighted choice, if any */
		app_button_down(a);
		settle(a);
		app_button_up(a);
		settle(a);
		break;
	case SCRIPT_NEXT:
		app_focus_next(a, 1);
		settle(a);
		break;
	case SCRIPT_HOLD: /* as the big button, held: past 0.8 s it moves the highlight, past
			   * 3 s it asks for staff */
		hold(a, (uint64_t)st->ms);
		break;
	case SCRIPT_TAP:
		return tap(a, s, st);
	case SCRIPT_TAP_AT:
		app_render(a);
		tap_at(a, st->x, st->y);
		break;
	case SCRIPT_TYPE: /* as from the on-screen keyboard */
		feed_settled(a, &(struct booth_event){.type = BOOTH_EV_ACTION,
						      .action = BOOTH_ACTION_KEY,
						      .text = st->text});
		break;
	case SCRIPT_KEY:
		sym = key_from_name(st->text, &mod);
		push_key_mod(sym, mod);
		settle(a);
		break;
	case SCRIPT_SCAN:
		push_text(st->text);
		push_key(SDLK_RETURN);
		settle(a);
		break;
	case SCRIPT_SHOT:
		return shot(a, s, st);
	case SCRIPT_EXPECT_SCREEN:
		return expect_screen(a, s, st);
	case SCRIPT_WAIT_REAL:
		wait_real(a, st->ms);
		break;
	case SCRIPT_EXPECT_PRINTER:
		return expect_printer(a, s, st);
	case SCRIPT_EXPECT_FILE:
		return expect_file(a, s, st);
	case SCRIPT_EXPECT_NOTICE:
		return expect_notice(a, s, st);
	case SCRIPT_CLOSE:
		SDL_PushEvent(&(SDL_Event){.type = SDL_QUIT});
		settle(a);
		break;
	case SCRIPT_QUIT:
		a->quit = true;
		break;
	}
	return APP_EXIT_OK;
}

int app_play(struct app *a, const struct script *s)
{
	settle(a);
	size_t i = 0;
	for (; i < s->count && !a->quit && !app_stop_signal; i++) {
		log_trace("step %d", s->steps[i].line);
		int status = step(a, s, &s->steps[i]);
		if (status != APP_EXIT_OK) {
			return status;
		}
	}
	if (app_stop_signal && s->count > 0) {
		/* a script cut short has not passed; the signal came during this step */
		fprintf(stderr, "%s:%d: stopped by a signal\n", s->file,
			s->steps[i > 0 ? i - 1 : 0].line);
		return APP_EXIT_FAILURE;
	}
	return APP_EXIT_OK;
}
