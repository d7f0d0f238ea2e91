/* The countdown over the live preview, and the capture flash that follows it. */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

static void progress(struct ui *ui, const struct ui_model *m)
{
	if (booth_session_shots(m->booth) <= 1) {
		return;
	}
	char str[48];
	snprintf(str, sizeof(str), _("Photo %d of %d"), m->booth->shot + 1,
		 booth_session_shots(m->booth));
	int h = text_line_height(ui->text, TEXT_SMALL);
	widget_badge(ui, str, ui->w / 2, ui->h - 2 * ui->u - h, TEXT_CENTER);
}

void screen_countdown(struct ui *ui, const struct ui_model *m)
{
	SDL_Rect all = {0, 0, ui->w, ui->h};
	widget_preview(ui, all);
	int value = booth_countdown_value(m->booth, m->now);
	if (value > 0) {
		char num[8];
		snprintf(num, sizeof(num), "%d", value);
		int lh = text_line_height(ui->text, TEXT_COUNTDOWN);
		ui_text(ui, TEXT_COUNTDOWN, num, ui->w / 2, (ui->h - lh) / 2, UI_TEXT, TEXT_CENTER,
			0);
	}
	widget_badge(ui, _("Look at the camera"), ui->w / 2, 2 * ui->u, TEXT_CENTER);
	progress(ui, m);
}

void screen_capture(struct ui *ui, const struct ui_model *m)
{
	SDL_Rect all = {0, 0, ui->w, ui->h};
	if (booth_flash_visible(m->booth, m->now)) {
		widget_fill(ui, all, UI_FLASH, 255);
		return;
	}
	widget_preview(ui, all);
	progress(ui, m);
}
