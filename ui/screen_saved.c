/* saved: the thank-you, by name for a check-in. File paths are for staff (the staff screen and
 * the log), never for guests. */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

void screen_saved(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	int u = ui->u;
	int title_h = text_line_height(ui->text, TEXT_TITLE);
	int wrap = ui->w - 4 * u;
	if (st->saving) {
		ui_text(ui, TEXT_TITLE, _("Saving…"), ui->w / 2, (ui->h - title_h) / 2, UI_TEXT,
			TEXT_CENTER, 0);
		return;
	}
	char first[BOOTH_TEXT], title[BOOTH_TEXT + 32];
	ui_first_name(st->person.name, first, sizeof(first));
	if (st->welcome) {
		snprintf(title, sizeof(title), _("Welcome, %s!"), first);
	} else if (st->checkin_session && first[0]) {
		snprintf(title, sizeof(title), _("Thanks, %s!"), first);
	} else {
		snprintf(title, sizeof(title), "%s", _("Thanks!"));
	}
	bool codes = ui->share[0] && ui->share[1] && !st->welcome;
	int y = codes ? 2 * u : ui->h / 5; /* room for the codes for phones */
	SDL_Rect r = ui_text(ui, TEXT_TITLE, title, ui->w / 2, y, UI_SUCCESS, TEXT_CENTER, wrap);
	y += r.h + 2 * u;
	const char *body = st->welcome           ? _("You are checked in.")
			   : st->checkin_session ? _("Your photo is saved with your badge.")
						 : _("Your photos are saved.");
	r = ui_text(ui, TEXT_BODY, body, ui->w / 2, y, UI_TEXT, TEXT_CENTER, wrap);
	y += r.h + u;
	if (st->printer_note[0] && (st->printing || !st->checkin_session)) {
		r = ui_text(ui, TEXT_SMALL, _(st->printer_note), ui->w / 2, y, UI_AMBER,
			    TEXT_CENTER, wrap);
		y += r.h + u;
	} else if (st->printing) {
		r = ui_text(ui, TEXT_BODY, _("Your strip is printing."), ui->w / 2, y, UI_TEXT,
			    TEXT_CENTER, wrap);
		y += r.h + u;
	}
	int bw = ui->portrait ? ui->w - 4 * u : ui->w / 2;
	int done_y = ui->h - 2 * u - ui->target;
	/* sharing: the photos on a phone, by two codes: join the Wi-Fi, open the page */
	if (codes) {
		widget_share_codes(ui, (SDL_Rect){2 * u, y, ui->w - 4 * u, done_y - u - y});
	}
	widget_button(ui, (SDL_Rect){(ui->w - bw) / 2, done_y, bw, ui->target}, _("Done"),
		      BOOTH_ACTION_DISMISS, WIDGET_SECONDARY);
}
