#include <stdio.h>

#include "../firmware/i18n.h"
#include "ui-private.h"

void screen_saved(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u;
	int title_h = text_line_height(ui->text, TEXT_TITLE);
	int wrap = ui->w - 4 * u;
	if (m->booth->saving) {
		ui_text(ui, TEXT_TITLE, _("Saving…"), ui->w / 2, (ui->h - title_h) / 2, UI_TEXT,
			TEXT_CENTER, 0);
		return;
	}
	int y = ui->h / 5;
	ui_text(ui, TEXT_TITLE, _("Thanks!"), ui->w / 2, y, UI_SUCCESS, TEXT_CENTER, 0);
	y += title_h + 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_BODY, _("Your photos are saved."), ui->w / 2, y, UI_TEXT,
			     TEXT_CENTER, wrap);
	y += r.h + u;
	char where[320];
	snprintf(where, sizeof(where), _("Find it as %s"), m->booth->message);
	ui_text(ui, TEXT_SMALL, where, ui->w / 2, y, UI_DIM, TEXT_CENTER, wrap);

	int bw = ui->portrait ? ui->w - 4 * u : ui->w / 2;
	widget_button(ui, (SDL_Rect){(ui->w - bw) / 2, ui->h - 2 * u - ui->target, bw, ui->target},
		      _("Done"), BOOTH_ACTION_DISMISS, WIDGET_SECONDARY);
}
