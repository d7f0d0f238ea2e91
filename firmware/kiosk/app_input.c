/* Input: touches, clicks, keys and a USB scanner's keystrokes, as booth events. */
#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "app-private.h"
#include "transform.h"

#define LOG_MODULE "app"
#include "log.h"

static void touch(struct app *a, bool down, float px, float py)
{
	float lx, ly;
	transform_touch(a->display->rotation, px, py, &lx, &ly);
	const struct ui_control *c = ui_hit(a->ui, (int)(lx * (float)a->display->width),
					    (int)(ly * (float)a->display->height));
	if (down) {
		ui_focus_hide(a->ui); /* a finger: no ring needed */
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_TOUCH});
		ui_set_pressed(a->ui, c);
		snprintf(a->touch_label, sizeof(a->touch_label), "%s", c ? c->label : "");
		a->dirty = true;
		return;
	}
	ui_set_pressed(a->ui, NULL);
	a->dirty = true;
	/* a tap counts where the finger lifts on the control it went down on */
	bool tapped = c && strcmp(c->label, a->touch_label) == 0;
	if (log_tracing()) {
		log_trace("touch up on \"%s\"%s", c ? c->label : "", tapped ? ", tapped" : "");
	}
	if (tapped) {
		a->touch_label[0] = '\0';
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_ACTION,
						  .action = c->action,
						  .id = c->id,
						  .text = c->text});
	}
}

void app_activate(struct app *a, const struct ui_control *c)
{
	log_trace("chose \"%s\"", c->label);
	a->dirty = true;
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_ACTION,
					  .action = c->action,
					  .id = c->id,
					  .text = c->text});
}

void app_focus_next(struct app *a, int dir)
{
	app_render(a); /* the controls of the screen as it is now */
	ui_focus_move(a->ui, dir);
	a->dirty = true;
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_TOUCH}); /* the guest is there */
}

void app_button_press(struct app *a)
{
	if (ui_focus_showing(a->ui)) {
		app_render(a); /* the controls of the screen as it is now */
		const struct ui_control *c = ui_focused(a->ui);
		if (c) {
			app_activate(a, c);
			return;
		}
	}
	/* the common case goes straight on: a press's way to the screen stays short */
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_BUTTON});
}

/* The common press (a strip from the attract or saved screen, no highlight showing) is
 * answered at its edge, so a strip starts with no added wait. Any other press is answered at its
 * release, so that holding it instead (app_button_held) can move the highlight: the big button
 * alone reaches every choice, short press to choose, held press to move. */
void app_button_down(struct app *a)
{
	enum booth_screen s = a->booth.screen;
	a->press_waits =
		ui_focus_showing(a->ui) || (s != BOOTH_SCREEN_ATTRACT && s != BOOTH_SCREEN_SAVED);
	if (!a->press_waits) {
		app_button_press(a);
	}
}

void app_button_held(struct app *a)
{
	a->press_waits = false; /* the release chooses nothing */
	/* a strip this press began is called off (no photo yet); the highlight shows or moves */
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_HELD});
	app_focus_next(a, 1);
}

void app_button_up(struct app *a)
{
	if (a->press_waits) {
		a->press_waits = false;
		app_button_press(a);
	}
}

void app_button_long(struct app *a)
{
	a->press_waits = false;
	ui_focus_hide(a->ui); /* staff come by touch */
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_LONG_PRESS});
}

/* Screens where Space is typed, not chosen */
static bool typing(const struct app *a)
{
	return a->booth.screen == BOOTH_SCREEN_SEARCH || a->booth.screen == BOOTH_SCREEN_WALKIN;
}

static void key(struct app *a, SDL_Keycode sym, Uint16 mod)
{
	/* a keyboard or a switch interface (Tab, Enter, Space) moves and chooses like the
	 * buttons; the focus shows from the first Tab */
	if (ui_focus_showing(a->ui)) {
		app_render(a); /* the controls of the screen as it is now */
	}
	const struct ui_control *focused = ui_focused(a->ui);
	switch (sym) {
	case SDLK_TAB:
		app_focus_next(a, mod & KMOD_SHIFT ? -1 : 1);
		break;
	case SDLK_RIGHT:
	case SDLK_DOWN:
		if (focused) {
			app_focus_next(a, 1);
		}
		break;
	case SDLK_LEFT:
	case SDLK_UP:
		if (focused) {
			app_focus_next(a, -1);
		}
		break;
	case SDLK_SPACE:
		if (focused && !typing(a)) {
			app_activate(a, focused);
		} else if (!typing(a)) {
			app_feed(a, &(struct booth_event){.type = BOOTH_EV_BUTTON});
		}
		break;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		/* a scanner's code ends in Return: that Return ends the code, whatever shows */
		if (focused && a->booth.key_count == 0) {
			app_activate(a, focused);
			break;
		}
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_CONFIRM});
		break;
	case SDLK_ESCAPE:
	case SDLK_AC_BACK:
		/* never leaves the kiosk: back, at most */
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_BACK});
		break;
	case SDLK_BACKSPACE:
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_DELETE});
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
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_KEYCHAR, .text = ch});
	}
}

void app_handle(struct app *a, const SDL_Event *e)
{
	if (app_bridge_event(a, e)) {
		return;
	}
	switch (e->type) {
	case SDL_QUIT:
		/* SDL's own signal handlers are off (app_run): this is a window close or Alt-F4,
		 * which must not leave a kiosk; SIGTERM and SIGINT arrive through app_stop_signal
		 */
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
			app_feed(a, &(struct booth_event){.type = BOOTH_EV_TOUCH});
			key(a, e->key.keysym.sym, e->key.keysym.mod);
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
