/* staff: stats, recent check-ins with undo and photo deletion, settings, shut down. */
#include <stdio.h>

#include "../firmware/i18n.h"
#include "ui-private.h"

static void home(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u, t = ui->target;
	int col = ui->portrait ? ui->w - 4 * u : (ui->w - 6 * u) / 2;
	int y = 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_TITLE, _("Staff"), 2 * u, y, UI_TEXT, TEXT_LEFT, col);
	y += r.h + u;
	if (m->stats) {
		const struct store_stats *s = m->stats;
		char line[128];
		snprintf(line, sizeof(line), _("Checked in: %lld of %lld"),
			 (long long)s->checked_in, (long long)s->attendees);
		r = ui_text(ui, TEXT_BODY, line, 2 * u, y, UI_TEXT, TEXT_LEFT, col);
		y += r.h;
		snprintf(line, sizeof(line), _("Walk-ins: %lld"), (long long)s->walk_ins);
		r = ui_text(ui, TEXT_BODY, line, 2 * u, y, UI_TEXT, TEXT_LEFT, col);
		y += r.h;
		snprintf(line, sizeof(line), _("Photos: %lld"), (long long)s->photos);
		r = ui_text(ui, TEXT_BODY, line, 2 * u, y, UI_TEXT, TEXT_LEFT, col);
		y += r.h;
		snprintf(line, sizeof(line), _("Sessions: %lld"), (long long)s->sessions);
		r = ui_text(ui, TEXT_BODY, line, 2 * u, y, UI_TEXT, TEXT_LEFT, col);
		y += r.h + u;
	}
	int x = ui->portrait ? 2 * u : 4 * u + col;
	int ty = ui->portrait ? y : 2 * u;
	static const struct {
		const char *label;
		enum booth_action action;
		int id;
		enum widget_kind kind;
	} tiles[] = {
		{N_("Recent check-ins"), BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_RECENT,
		 WIDGET_SECONDARY},
		{N_("Settings"), BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_SETTINGS, WIDGET_SECONDARY},
		{N_("Shut down"), BOOTH_ACTION_SHUTDOWN, 0, WIDGET_SECONDARY},
		{N_("Exit staff"), BOOTH_ACTION_EXIT_STAFF, 0, WIDGET_PRIMARY},
	};
	for (size_t i = 0; i < sizeof(tiles) / sizeof(tiles[0]); i++) {
		widget_button_ex(ui, (SDL_Rect){x, ty, col, t}, _(tiles[i].label), NULL,
				 tiles[i].action, tiles[i].kind, tiles[i].id, NULL);
		ty += t + u;
	}
}

static void recent(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	int u = ui->u, t = ui->target;
	int y = 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_BODY, _("Recent check-ins"), 2 * u, y, UI_TEXT, TEXT_LEFT,
			     ui->w - 4 * u);
	y += r.h + u;
	int bottom = ui->h - 2 * u - t - u;
	int undo_w = ui->portrait ? (ui->w - 4 * u) / 4 : ui->w / 6;
	int del_w = ui->portrait ? (ui->w - 4 * u) * 2 / 5 : ui->w * 17 / 50;
	int name_w = ui->w - 4 * u - undo_w - del_w - 2 * u;
	int shown = 0;
	for (int i = st->staff_offset; i < m->recent_count && y + t <= bottom; i++) {
		const struct checkin_row *c = &m->recent[i];
		char line[PERSON_TEXT + 48], fitted[PERSON_TEXT + 48];
		int lh = text_line_height(ui->text, TEXT_SMALL);
		ui_fit(ui, TEXT_SMALL, c->name, name_w, fitted, sizeof(fitted));
		ui_text(ui, TEXT_SMALL, fitted, 2 * u, y + (t - 2 * lh) / 2, UI_TEXT, TEXT_LEFT, 0);
		snprintf(line, sizeof(line), c->undone ? _("%s, undone") : "%s", c->at);
		ui_text(ui, TEXT_SMALL, line, 2 * u, y + (t - 2 * lh) / 2 + lh,
			c->undone ? UI_DIM : UI_AMBER, TEXT_LEFT, 0);
		if (!c->undone) {
			widget_button_ex(ui, (SDL_Rect){2 * u + name_w + u, y, undo_w, t},
					 _("Undo"), NULL, BOOTH_ACTION_UNDO, WIDGET_SECONDARY,
					 c->id, NULL);
		}
		/* labelled with the person, so that each row's control can be told apart */
		char label[UI_LABEL_MAX];
		snprintf(label, sizeof(label), _("Delete photos: %s"), c->name);
		widget_button_ex(ui, (SDL_Rect){ui->w - 2 * u - del_w, y, del_w, t}, label,
				 _("Delete photos"), BOOTH_ACTION_FORGET, WIDGET_SECONDARY,
				 c->attendee, NULL);
		y += t + u;
		shown++;
	}
	if (m->recent_count == 0) {
		ui_text(ui, TEXT_BODY, _("No check-ins yet."), 2 * u, y, UI_DIM, TEXT_LEFT, 0);
	}
	int third = (ui->w - 6 * u) / 3;
	SDL_Rect row = {2 * u, ui->h - 2 * u - t, third, t};
	widget_button(ui, row, _("Back"), BOOTH_ACTION_BACK, WIDGET_SECONDARY);
	if (st->staff_offset > 0) {
		widget_button_ex(ui, (SDL_Rect){row.x + third + u, row.y, third, t}, _("Newer"),
				 NULL, BOOTH_ACTION_STAFF_SCROLL, WIDGET_SECONDARY, -shown, NULL);
	}
	if (st->staff_offset + shown < m->recent_count) {
		widget_button_ex(ui, (SDL_Rect){row.x + 2 * (third + u), row.y, third, t},
				 _("Older"), NULL, BOOTH_ACTION_STAFF_SCROLL, WIDGET_SECONDARY,
				 shown, NULL);
	}
}

static void settings(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	int u = ui->u, t = ui->target;
	int bw = ui->portrait ? (ui->w - 4 * u) * 2 / 5 : ui->w * 3 / 10;
	int text_w = ui->w - 6 * u - bw;
	int y = 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_BODY, _("Settings"), 2 * u, y, UI_TEXT, TEXT_LEFT, 0);
	y += r.h + u;
	char line[96];
	int lh = text_line_height(ui->text, TEXT_BODY);
	snprintf(line, sizeof(line), _("Countdown: %d s"), st->cfg.countdown_ms / 1000);
	ui_text(ui, TEXT_BODY, line, 2 * u, y + (t - lh) / 2, UI_TEXT, TEXT_LEFT, text_w);
	int half = (bw - u) / 2;
	widget_button_ex(ui, (SDL_Rect){ui->w - 2 * u - bw, y, half, t}, _("Shorter"),
			 "\xe2\x88\x92", BOOTH_ACTION_COUNTDOWN, WIDGET_SECONDARY, -1, NULL);
	widget_button_ex(ui, (SDL_Rect){ui->w - 2 * u - half, y, half, t}, _("Longer"), "+",
			 BOOTH_ACTION_COUNTDOWN, WIDGET_SECONDARY, 1, NULL);
	y += t + u;
	snprintf(line, sizeof(line), _("Layout: %s"), st->layout);
	ui_text(ui, TEXT_BODY, line, 2 * u, y + (t - lh) / 2, UI_TEXT, TEXT_LEFT, text_w);
	widget_button(ui, (SDL_Rect){ui->w - 2 * u - bw, y, bw, t}, _("Next layout"),
		      BOOTH_ACTION_LAYOUT, WIDGET_SECONDARY);
	y += t + u;
	snprintf(line, sizeof(line),
		 st->cfg.photo_at_checkin ? _("Photo at check-in: on")
					  : _("Photo at check-in: off"));
	ui_text(ui, TEXT_BODY, line, 2 * u, y + (t - lh) / 2, UI_TEXT, TEXT_LEFT, text_w);
	widget_button(ui, (SDL_Rect){ui->w - 2 * u - bw, y, bw, t},
		      st->cfg.photo_at_checkin ? _("Turn off") : _("Turn on"),
		      BOOTH_ACTION_PHOTO_AT_CHECKIN, WIDGET_SECONDARY);
	widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - t, ui->w / 3, t}, _("Back"),
		      BOOTH_ACTION_BACK, WIDGET_SECONDARY);
}

void screen_staff(struct ui *ui, const struct ui_model *m)
{
	switch (m->booth->staff_page) {
	case BOOTH_STAFF_RECENT:
		recent(ui, m);
		break;
	case BOOTH_STAFF_SETTINGS:
		settings(ui, m);
		break;
	default:
		home(ui, m);
		break;
	}
}
