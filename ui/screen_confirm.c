/* confirm: is this you? Name, organization, badge code, and whether already checked in. */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

/* Two buttons along the bottom: secondary on the left, primary on the right (or stacked,
 * primary on top, on portrait screens). */
void ui_two_buttons(struct ui *ui, const char *secondary, enum booth_action sa, const char *primary,
		    enum booth_action pa)
{
	int u = ui->u, t = ui->target;
	if (ui->portrait) {
		widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - 2 * t - u, ui->w - 4 * u, t},
			      primary, pa, WIDGET_PRIMARY);
		widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - t, ui->w - 4 * u, t}, secondary,
			      sa, WIDGET_SECONDARY);
		return;
	}
	int half = (ui->w - 5 * u) / 2;
	widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - t, half, t}, secondary, sa,
		      WIDGET_SECONDARY);
	widget_button(ui, (SDL_Rect){3 * u + half, ui->h - 2 * u - t, ui->w - 5 * u - half, t},
		      primary, pa, WIDGET_PRIMARY);
}

void screen_confirm(struct ui *ui, const struct ui_model *m)
{
	const struct person *p = &m->booth->person;
	int u = ui->u, wrap = ui->w - 4 * u;
	int y = 3 * u;
	SDL_Rect r = ui_text(ui, TEXT_TITLE, p->name, ui->w / 2, y, UI_TEXT, TEXT_CENTER, wrap);
	y += r.h + u;
	if (p->organization[0]) {
		r = ui_text(ui, TEXT_BODY, p->organization, ui->w / 2, y, UI_DIM, TEXT_CENTER,
			    wrap);
		y += r.h + u;
	}
	if (p->badge_code[0]) {
		char code[96];
		snprintf(code, sizeof(code), _("Badge %s"), p->badge_code);
		r = ui_text(ui, TEXT_SMALL, code, ui->w / 2, y, UI_DIM, TEXT_CENTER, wrap);
		y += r.h + 2 * u;
	}
	if (p->checkin_id) {
		char status[PERSON_TEXT + 96];
		if (p->checked_in_kiosk[0]) {
			/* at another kiosk: "Already checked in at Door A, 09:14" */
			snprintf(status, sizeof(status), _("Already checked in at %s, %s"),
				 p->checked_in_kiosk, p->checked_in_at);
		} else {
			snprintf(status, sizeof(status), _("Already checked in at %s"),
				 p->checked_in_at);
		}
		ui_text(ui, TEXT_BODY, status, ui->w / 2, y, UI_AMBER, TEXT_CENTER, wrap);
	}
	ui_two_buttons(ui, _("Back"), BOOTH_ACTION_BACK, _("Check in"), BOOTH_ACTION_CONFIRM);
}
