#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

/* The accessibility panel: what a guest can turn on for their visit, each a switch that says
 * its state, and Done. Alone on the screen while it is open. */
static void access_panel(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u, t = ui->target;
	widget_fill(ui, (SDL_Rect){0, 0, ui->w, ui->h}, UI_BG, 255);
	int y = 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_TITLE, _("Accessibility"), ui->w / 2, y, UI_TEXT, TEXT_CENTER,
			     ui->w - 4 * u);
	y += r.h + 2 * u;
	int bw = ui->portrait ? ui->w - 4 * u : ui->w * 2 / 3;
	for (int i = 0; i < UI_ACCESS_SWITCHES; i++) {
		widget_switch(ui, (SDL_Rect){(ui->w - bw) / 2, y, bw, t},
			      _(ui_access_switches[i].label),
			      m->booth->access & ui_access_switches[i].bit,
			      BOOTH_ACTION_ACCESS_TOGGLE, ui_access_switches[i].bit);
		y += t + u;
	}
	int dw = ui->portrait ? ui->w - 4 * u : ui->w / 2;
	widget_button(ui, (SDL_Rect){(ui->w - dw) / 2, ui->h - 2 * u - t, dw, t}, _("Done"),
		      BOOTH_ACTION_ACCESS, WIDGET_PRIMARY);
}

void screen_attract(struct ui *ui, const struct ui_model *m)
{
	if (m->booth->access_open) {
		access_panel(ui, m);
		return;
	}
	SDL_Rect all = {0, 0, ui->w, ui->h};
	bool camera = m->camera_present && m->booth->camera_ok;
	if (!camera || !widget_preview(ui, all)) {
		widget_fill(ui, all, UI_BG, 255);
	}
	if (!camera) {
		/* check-in still works without a camera */
		int bw = ui->portrait ? ui->w - 4 * ui->u : ui->w / 2;
		widget_button(ui,
			      (SDL_Rect){(ui->w - bw) / 2, ui->h - 2 * ui->u - ui->target, bw,
					 ui->target},
			      _("Check in"), BOOTH_ACTION_CHECKIN, WIDGET_PRIMARY);
		widget_area(ui, (SDL_Rect){0, 0, ui->target, ui->target}, "Staff",
			    BOOTH_ACTION_STAFF);
	}
	/* accessibility in the top right corner, always there; the guest's language between it
	 * and the staff corner */
	widget_button_ex(ui, (SDL_Rect){ui->w - ui->u - ui->target, ui->u, ui->target, ui->target},
			 _("Accessibility"), "\xe2\x99\xbf" /* ♿ */, BOOTH_ACTION_ACCESS,
			 WIDGET_SECONDARY, 0, NULL);
	const char *chosen = m->booth->language[0] ? m->booth->language : i18n_default();
	int top = widget_languages(ui, ui->target + ui->u, ui->u,
				   ui->w - 2 * ui->target - 4 * ui->u, chosen);
	int title_h = text_line_height(ui->text, TEXT_TITLE);
	int small_h = text_line_height(ui->text, TEXT_SMALL);

	if (!camera) {
		int y = ui->h / 3 - title_h / 2;
		y = y > top + 2 * ui->u ? y : top + 2 * ui->u;
		ui_text(ui, TEXT_TITLE, _("Camera unavailable"), ui->w / 2, y, UI_TEXT, TEXT_CENTER,
			ui->w - 4 * ui->u);
		ui_text(ui, TEXT_BODY, _("Check-in still works. Staff: see the staff screen."),
			ui->w / 2, y + title_h + 2 * ui->u, UI_DIM, TEXT_CENTER, ui->w - 4 * ui->u);
		return;
	}

	/* the staff corner: a long press of the button does the same */
	int corner = ui->target;
	widget_area(ui, (SDL_Rect){0, 0, corner, corner}, "Staff", BOOTH_ACTION_STAFF);

	/* the call to action on a scrim band across the bottom, with Check in and the count */
	const char *cta = m->button_present ? _("Press the button") : _("Tap to start");
	int wrap = ui->w - 4 * ui->u, cta_w, cta_h;
	text_measure(ui->text, TEXT_TITLE, cta, 0, &cta_w, &cta_h);
	if (cta_w > wrap) {
		text_measure(ui->text, TEXT_TITLE, cta, wrap, &cta_w, &cta_h);
	}
	int band_h = cta_h + small_h + ui->target + 6 * ui->u;
	SDL_Rect band = {0, ui->h - band_h, ui->w, band_h};
	widget_fill(ui, band, UI_BG, UI_SCRIM_ALPHA);
	if (m->booth->printer_note[0]) {
		/* the printer cannot print: said calmly, above the call to action */
		int nw, nh;
		text_measure(ui->text, TEXT_SMALL, _(m->booth->printer_note), wrap, &nw, &nh);
		SDL_Rect note = {0, band.y - nh - 2 * ui->u, ui->w, nh + 2 * ui->u};
		widget_fill(ui, note, UI_BG, UI_SCRIM_ALPHA);
		ui_text(ui, TEXT_SMALL, _(m->booth->printer_note), ui->w / 2, note.y + ui->u,
			UI_AMBER, TEXT_CENTER, wrap);
	}
	SDL_Rect cta_area = {0, band.y, ui->w, cta_h + small_h + 3 * ui->u};
	widget_area(ui, cta_area, cta, BOOTH_ACTION_START);
	int y = band.y + 2 * ui->u;
	ui_text(ui, TEXT_TITLE, cta, ui->w / 2, y, UI_AMBER, TEXT_CENTER, 0);
	char sub[96];
	if (m->boomerang) {
		snprintf(sub, sizeof(sub), "%s", _("for a boomerang"));
	} else if (m->card && m->shots > 1) {
		snprintf(sub, sizeof(sub),
			 ngettext_("for %d photo on a card", "for %d photos on a card", m->shots),
			 m->shots);
	} else {
		snprintf(sub, sizeof(sub),
			 ngettext_("for a photo", "for a strip of %d photos", m->shots), m->shots);
	}
	ui_text(ui, TEXT_SMALL, sub, ui->w / 2, y + cta_h + ui->u, UI_TEXT, TEXT_CENTER, 0);

	int bw = ui->portrait ? ui->w - 4 * ui->u : ui_button_width(ui, _("Check in"), ui->w / 3);
	SDL_Rect checkin = {2 * ui->u, ui->h - 2 * ui->u - ui->target, bw, ui->target};
	widget_button(ui, checkin, _("Check in"), BOOTH_ACTION_CHECKIN, WIDGET_SECONDARY);
	if (m->photos > 0) {
		char count[48];
		snprintf(count, sizeof(count), ngettext_("%lld photo", "%lld photos", m->photos),
			 (long long)m->photos);
		widget_badge(ui, count, ui->w - 2 * ui->u, top + 2 * ui->u, TEXT_RIGHT);
	}
}
