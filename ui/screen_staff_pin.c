/* staff-pin: the PIN pad in front of the staff screen. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui-private.h"

void screen_staff_pin(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	int u = ui->u, t = ui->target, gap = 2 * u;
	int pad_w = 3 * t + 2 * gap, pad_h = 4 * t + 3 * gap;
	SDL_Rect pad = ui->portrait ? (SDL_Rect){(ui->w - pad_w) / 2, ui->h - 3 * u - t - pad_h,
						 pad_w, pad_h}
				    : (SDL_Rect){ui->w - 2 * u - pad_w, 2 * u, pad_w, pad_h};
	int left_w = ui->portrait ? ui->w - 4 * u : pad.x - 4 * u;
	int y = 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_TITLE, _("Staff"), 2 * u, y, UI_TEXT, TEXT_LEFT, left_w);
	y += r.h + u;
	SDL_Rect back = ui->portrait ? (SDL_Rect){2 * u, ui->h - 2 * u - t, ui->w - 4 * u, t}
				     : (SDL_Rect){2 * u, ui->h - 2 * u - t, left_w, t};
	widget_button(ui, back, _("Back"), BOOTH_ACTION_BACK, WIDGET_SECONDARY);
	if (!st->cfg.pin_set) {
		ui_text(ui, TEXT_BODY,
			_("No staff PIN is set. Put pin_hash under [staff] in the config; "
			  "`gatherbooth hash-pin` makes one."),
			2 * u, y, UI_TEXT, TEXT_LEFT, left_w);
		return;
	}
	int locked = booth_locked_seconds(st, m->now);
	if (locked) {
		char msg[96];
		snprintf(msg, sizeof(msg), _("Locked after 5 wrong PINs. Try again in %d s."),
			 locked);
		ui_text(ui, TEXT_BODY, msg, 2 * u, y, UI_ERROR, TEXT_LEFT, left_w);
	} else {
		r = ui_text(ui, TEXT_BODY, _("Enter the PIN:"), 2 * u, y, UI_TEXT, TEXT_LEFT,
			    left_w);
		char dots[3 * BOOTH_PIN_MAX + 1] = "";
		for (size_t i = 0; i < strlen(st->pin); i++) {
			strcat(dots, "\xe2\x97\x8f"); /* ● */
		}
		widget_field(ui, (SDL_Rect){2 * u, y + r.h + u, left_w < 6 * t ? left_w : 6 * t, t},
			     "PIN", dots, "", true, BOOTH_ACTION_NONE, 0);
	}
	static const char *const keys[12] = {"1", "2", "3", "4",      "5", "6",
					     "7", "8", "9", "Delete", "0", "OK"};
	for (int i = 0; i < 12; i++) {
		SDL_Rect k = {pad.x + (i % 3) * (t + gap), pad.y + (i / 3) * (t + gap), t, t};
		if (i == 9) {
			widget_button_ex(ui, k, "Delete", "\xe2\x8c\xab", BOOTH_ACTION_DELETE,
					 WIDGET_SECONDARY, 0, NULL);
		} else if (i == 11) {
			widget_button(ui, k, "OK", BOOTH_ACTION_PIN_OK, WIDGET_SECONDARY);
		} else {
			widget_button_ex(ui, k, keys[i], NULL, BOOTH_ACTION_PIN_DIGIT,
					 WIDGET_SECONDARY, 0, keys[i]);
		}
	}
}
