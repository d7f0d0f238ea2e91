/* walkin: not on the list. Name (required), organization and email, then check in. */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

void screen_walkin(struct ui *ui, const struct ui_model *m)
{
	const struct booth_walkin *w = &m->booth->walkin;
	static const char *const labels[3] = {N_("Name"), N_("Organization"), N_("Email")};
	static const char *const hints[3] = {N_("Name (required)"), N_("Organization (optional)"),
					     N_("Email (optional)")};
	SDL_Rect field, keys, side, below;
	ui_keyboard_layout(ui, &field, &keys, &side, &below);
	int u = ui->u, t = ui->target;

	/* fields where the search field and results were; the keyboard stays put */
	SDL_Rect f[3];
	if (ui->portrait) {
		/* with the controls low, the fields stand on the keyboard */
		int top = ui->low ? keys.y - 3 * (t + u) : field.y;
		for (int i = 0; i < 3; i++) {
			f[i] = (SDL_Rect){field.x, top + i * (t + u), field.w, t};
		}
	} else {
		ui_text(ui, TEXT_BODY, _("Not on the list? Add yourself:"), field.x, field.y,
			UI_TEXT, TEXT_LEFT, field.w);
		for (int i = 0; i < 3; i++) {
			f[i] = (SDL_Rect){side.x, side.y + i * (t + u), side.w, t};
		}
	}
	for (int i = 0; i < 3; i++) {
		widget_field(ui, f[i], _(labels[i]), w->field[i], _(hints[i]), w->focus == i,
			     BOOTH_ACTION_FIELD, i);
	}
	widget_keyboard(ui, keys);
	if (ui->low) {
		/* Back (an arrow) and the way on side by side under the keyboard */
		widget_button(ui, ui_keyboard_back_arrow(ui, below), _("Add and check in"),
			      BOOTH_ACTION_ADD_WALKIN, WIDGET_PRIMARY);
	} else if (ui->portrait) {
		widget_button(ui, below, _("Back"), BOOTH_ACTION_BACK, WIDGET_SECONDARY);
		widget_button(ui, (SDL_Rect){below.x, f[2].y + t + 2 * u, below.w, t},
			      _("Add and check in"), BOOTH_ACTION_ADD_WALKIN, WIDGET_PRIMARY);
	} else {
		widget_button(ui, (SDL_Rect){side.x, side.y + side.h - t, side.w, t}, _("Back"),
			      BOOTH_ACTION_BACK, WIDGET_SECONDARY);
		widget_button(ui, below, _("Add and check in"), BOOTH_ACTION_ADD_WALKIN,
			      WIDGET_PRIMARY);
	}
}
