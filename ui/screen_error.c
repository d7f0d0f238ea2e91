#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

void screen_error(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u;
	int wrap = ui->w - 4 * u;
	int y = ui->h / 6;
	SDL_Rect r = ui_text(ui, TEXT_TITLE, _("Something went wrong"), ui->w / 2, y, UI_ERROR,
			     TEXT_CENTER, wrap);
	y += r.h + 2 * u;
	ui_text(ui, TEXT_BODY, _(m->booth->message), ui->w / 2, y, UI_TEXT, TEXT_CENTER, wrap);
	int bw = ui->portrait ? ui->w - 4 * u : ui->w / 2;
	widget_button(ui, (SDL_Rect){(ui->w - bw) / 2, ui->h - 2 * u - ui->target, bw, ui->target},
		      _("OK"), BOOTH_ACTION_DISMISS, WIDGET_PRIMARY);
}
