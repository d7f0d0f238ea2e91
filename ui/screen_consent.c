/* consent: checked in; may we keep your photo? */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

void screen_consent(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u, wrap = ui->w - 4 * u;
	char first[BOOTH_TEXT], title[BOOTH_TEXT + 32];
	ui_first_name(m->booth->person.name, first, sizeof(first));
	snprintf(title, sizeof(title), _("Welcome, %s!"), first);
	int y = 3 * u;
	SDL_Rect r = ui_text(ui, TEXT_TITLE, title, ui->w / 2, y, UI_SUCCESS, TEXT_CENTER, wrap);
	y += r.h + u;
	r = ui_text(ui, TEXT_BODY, _("You are checked in."), ui->w / 2, y, UI_TEXT, TEXT_CENTER,
		    wrap);
	y += r.h + 2 * u;
	r = ui_text(ui, TEXT_BODY, _("May we keep your photo?"), ui->w / 2, y, UI_TEXT, TEXT_CENTER,
		    wrap);
	y += r.h + u;
	ui_text(ui, TEXT_SMALL,
		_("It goes on your badge record and into the event's photo collection."), ui->w / 2,
		y, UI_DIM, TEXT_CENTER, wrap);
	ui_two_buttons(ui, _("Skip photo"), BOOTH_ACTION_SKIP_PHOTO, _("Take photo"),
		       BOOTH_ACTION_TAKE_PHOTO);
}
