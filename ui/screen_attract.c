#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

/* The accessibility panel: what a guest can turn on for their visit, each a switch that says
 * its state, and Done. Alone on the screen while it is open; with the controls low, its title
 * and switches stand on Done. Lower buttons is offered on a tall screen only: a wide
 * one has them all within reach already. */
static void access_panel(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u, t = ui->target, n = 0;
	for (int i = 0; i < UI_ACCESS_SWITCHES; i++) {
		n += ui->portrait || ui_access_switches[i].bit != BOOTH_ACCESS_LOW;
	}
	widget_fill(ui, (SDL_Rect){0, 0, ui->w, ui->h}, UI_BG, 255);
	int y = 2 * u, title_w, title_h;
	text_measure(ui->text, TEXT_TITLE, _("Accessibility"), ui->w - 4 * u, &title_w, &title_h);
	if (ui->low) {
		y = ui->h - 2 * u - t - 2 * u - (n * t + (n - 1) * u) - 2 * u - title_h;
	}
	SDL_Rect r = ui_text(ui, TEXT_TITLE, _("Accessibility"), ui->w / 2, y, UI_TEXT, TEXT_CENTER,
			     ui->w - 4 * u);
	y += r.h + 2 * u;
	int bw = ui->portrait ? ui->w - 4 * u : ui->w * 2 / 3;
	for (int i = 0; i < UI_ACCESS_SWITCHES; i++) {
		if (!ui->portrait && ui_access_switches[i].bit == BOOTH_ACCESS_LOW) {
			continue;
		}
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

static void access_button(struct ui *ui, SDL_Rect r)
{
	widget_button_ex(ui, r, _("Accessibility"), "\xe2\x99\xbf" /* ♿ */, BOOTH_ACTION_ACCESS,
			 WIDGET_SECONDARY, 0, NULL);
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
		int bw = ui->low        ? ui->w - 5 * ui->u - ui->target
			 : ui->portrait ? ui->w - 4 * ui->u
					: ui->w / 2;
		widget_button(ui,
			      (SDL_Rect){ui->low ? 2 * ui->u : (ui->w - bw) / 2,
					 ui->h - 2 * ui->u - ui->target, bw, ui->target},
			      _("Check in"), BOOTH_ACTION_CHECKIN, WIDGET_PRIMARY);
		widget_area(ui, (SDL_Rect){0, 0, ui->target, ui->target}, "Staff",
			    BOOTH_ACTION_STAFF);
	}
	/* the call to action on a scrim band across the bottom, with Check in and the count */
	const char *cta = m->button_present ? _("Press the button") : _("Tap to start");
	/* with the controls low, the call to action in body text leaves the lower half room
	 * for the languages as well */
	enum text_style cta_style = ui->low ? TEXT_BODY : TEXT_TITLE;
	int wrap = ui->w - 4 * ui->u, cta_w, cta_h;
	text_measure(ui->text, cta_style, cta, 0, &cta_w, &cta_h);
	if (cta_w > wrap) {
		text_measure(ui->text, cta_style, cta, wrap, &cta_w, &cta_h);
	}
	int small_h = text_line_height(ui->text, TEXT_SMALL);
	int band_h = cta_h + small_h + ui->target + 6 * ui->u;
	SDL_Rect band = {0, ui->h - band_h, ui->w, band_h};

	/* accessibility in the top right corner, always there; the guest's language between it
	 * and the staff corner. With the controls low, the languages on a band of their own over
	 * the call to action, and accessibility beside Check in. */
	const char *chosen = m->booth->language[0] ? m->booth->language : i18n_default();
	SDL_Rect access = {ui->w - ui->u - ui->target, ui->u, ui->target, ui->target};
	int top;
	if (ui->low) {
		/* over the call to action, or over Check in when there is no camera */
		int floor_y = camera ? band.y : ui->h - 3 * ui->u - ui->target;
		int lw = ui->w - 4 * ui->u;
		int rows_h = widget_languages_height(ui, lw);
		SDL_Rect low = {0, floor_y - rows_h - 2 * ui->u, ui->w, rows_h + 2 * ui->u};
		widget_fill(ui, low, UI_BG, UI_SCRIM_ALPHA);
		widget_languages(ui, 2 * ui->u, low.y + ui->u, lw, chosen);
		/* accessibility at the end of Check in's row */
		access.x = ui->w - 2 * ui->u - ui->target;
		access.y = ui->h - 2 * ui->u - ui->target;
		band.y = low.y; /* the printer's note goes above both */
		top = ui->u;
	} else {
		top = widget_languages(ui, ui->target + ui->u, ui->u,
				       ui->w - 2 * ui->target - 4 * ui->u, chosen);
	}
	if (!ui->low || !camera) {
		access_button(ui, access);
	}
	int title_h = text_line_height(ui->text, TEXT_TITLE);

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

	widget_fill(ui, (SDL_Rect){0, ui->h - band_h, ui->w, band_h}, UI_BG, UI_SCRIM_ALPHA);
	if (ui->low) {
		access_button(ui, access); /* on the band */
	}
	if (m->booth->printer_note[0]) {
		/* the printer cannot print: said calmly, above the call to action */
		int nw, nh;
		text_measure(ui->text, TEXT_SMALL, _(m->booth->printer_note), wrap, &nw, &nh);
		SDL_Rect note = {0, band.y - nh - 2 * ui->u, ui->w, nh + 2 * ui->u};
		widget_fill(ui, note, UI_BG, UI_SCRIM_ALPHA);
		ui_text(ui, TEXT_SMALL, _(m->booth->printer_note), ui->w / 2, note.y + ui->u,
			UI_AMBER, TEXT_CENTER, wrap);
	}
	SDL_Rect cta_area = {0, ui->h - band_h, ui->w, cta_h + small_h + 3 * ui->u};
	widget_area(ui, cta_area, cta, BOOTH_ACTION_START);
	int y = cta_area.y + 2 * ui->u;
	ui_text(ui, cta_style, cta, ui->w / 2, y, UI_AMBER, TEXT_CENTER, wrap);
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

	int bw = ui->low        ? ui->w - 5 * ui->u - ui->target
		 : ui->portrait ? ui->w - 4 * ui->u
				: ui_button_width(ui, _("Check in"), ui->w / 3);
	SDL_Rect checkin = {2 * ui->u, ui->h - 2 * ui->u - ui->target, bw, ui->target};
	widget_button(ui, checkin, _("Check in"), BOOTH_ACTION_CHECKIN, WIDGET_SECONDARY);
	if (m->photos > 0) {
		char count[48];
		snprintf(count, sizeof(count), ngettext_("%lld photo", "%lld photos", m->photos),
			 (long long)m->photos);
		widget_badge(ui, count, ui->w - 2 * ui->u, top + 2 * ui->u, TEXT_RIGHT);
	}
}
