/* staff, kiosks: this kiosk's name and pairing code, each other kiosk at the door with the last
 * time its check-ins came in, how many of them are here, and anything waiting or refused; a
 * USB stick carries the folder where there is no network. Another kiosk's code, held to this
 * kiosk's scanner while the page shows, pairs the two. */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

void staff_peers_page(struct ui *ui, const struct ui_model *m)
{
	const struct ui_peers *p = m->peers;
	int u = ui->u, t = ui->target;
	int y = 2 * u;
	/* the code on the right, the words on the left */
	int side = ui->portrait ? 0 : ui->h / 3;
	int wrap = ui->w - 4 * u - (ui->peer_code && side ? side + u : 0);
	SDL_Rect r = ui_text(ui, TEXT_BODY, _("Kiosks"), 2 * u, y, UI_TEXT, TEXT_LEFT, wrap);
	y += r.h + u / 2;
	if (!p) {
		return;
	}
	char line[512];
	snprintf(line, sizeof(line), _("This kiosk: %s. Its check-ins: %lld."),
		 p->name[0] ? p->name : _("no name"), p->checkins);
	r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_TEXT, TEXT_LEFT, wrap);
	y += r.h + u / 2;
	if (ui->peer_code && side) {
		SDL_Rect q = {ui->w - 2 * u - side, 2 * u, side, side};
		SDL_RenderCopy(ui->ren, ui->peer_code, NULL, &q);
		ui_text(ui, TEXT_SMALL, _("Scan this at another kiosk to pair"), q.x + side / 2,
			q.y + side + u / 4, UI_DIM, TEXT_CENTER, side + 2 * u);
	} else if (!p->syncthing_id[0]) {
		r = ui_text(ui, TEXT_SMALL,
			    _("No network sync here: a USB stick carries the folder."), 2 * u, y,
			    UI_DIM, TEXT_LEFT, wrap);
		y += r.h + u / 2;
	}
	if (!p->ok) {
		snprintf(line, sizeof(line), _("The sync folder cannot be used: %s"), p->problem);
		r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_ERROR, TEXT_LEFT, wrap);
		y += r.h + u / 2;
	}
	if (p->count == 0) {
		r = ui_text(ui, TEXT_SMALL, _("No other kiosk has been heard from yet."), 2 * u, y,
			    UI_DIM, TEXT_LEFT, wrap);
		y += r.h + u / 2;
	}
	for (int i = 0; i < p->count; i++) {
		const struct ui_peer *k = &p->peer[i];
		if (k->last[0]) {
			snprintf(line, sizeof(line),
				 _("%s: last heard %s. Its check-ins here: %lld. Photos: %lld."),
				 k->name, k->last, k->checkins, k->photos);
		} else {
			snprintf(line, sizeof(line), _("%s: not heard from yet."), k->name);
		}
		bool bad = k->damaged || k->waiting[0];
		r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_TEXT, TEXT_LEFT, wrap);
		y += r.h;
		if (k->waiting[0]) {
			snprintf(line, sizeof(line), _("Waiting: %s"), k->waiting);
			r = ui_text(ui, TEXT_SMALL, line, 3 * u, y, UI_AMBER, TEXT_LEFT, wrap - u);
			y += r.h;
		}
		if (k->damaged) {
			snprintf(line, sizeof(line),
				 ngettext_("%lld file from it was damaged and left out.",
					   "%lld files from it were damaged and left out.",
					   k->damaged),
				 k->damaged);
			r = ui_text(ui, TEXT_SMALL, line, 3 * u, y, UI_ERROR, TEXT_LEFT, wrap - u);
			y += r.h;
		}
		y += bad ? u / 2 : u / 4;
	}
	/* Back, and beside it the rest of the row */
	int back = ui->w / 3, bw = ui->w - 5 * u - back;
	widget_button(ui, (SDL_Rect){ui->w - 2 * u - bw, ui->h - 2 * u - t, bw, t},
		      _("Carry on USB stick"), BOOTH_ACTION_CARRY, WIDGET_SECONDARY);
	widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - t, back, t}, _("Back"),
		      BOOTH_ACTION_BACK, WIDGET_SECONDARY);
}
