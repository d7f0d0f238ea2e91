/* search: "Find your name" with the on-screen keyboard; results update as people type. */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

/* The keyboard and its field take the left (landscape) or the bottom (portrait); shared with
 * the walk-in screen. Keys are at least 0.098 s wide (9 mm on a 7" panel). */
void ui_keyboard_layout(struct ui *ui, SDL_Rect *field, SDL_Rect *keys, SDL_Rect *side,
			SDL_Rect *below)
{
	int u = ui->u, t = ui->target, gap = UI_KEY_GAP;
	if (ui->portrait) {
		/* ten keys across a narrow screen: every pixel of the width goes to them */
		int kb_h = 4 * t + 3 * gap;
		*below = (SDL_Rect){2 * u, ui->h - 2 * u - t, ui->w - 4 * u, t};
		*keys = (SDL_Rect){u, below->y - u - kb_h, ui->w - 2 * u, kb_h};
		*field = (SDL_Rect){2 * u, 2 * u, ui->w - 4 * u, t};
		*side = (SDL_Rect){2 * u, field->y + t + u, ui->w - 4 * u,
				   keys->y - u - (field->y + t + u)};
		return;
	}
	int key_w = (int)(0.098f * (float)ui->s + 0.5f);
	int kb_w = 10 * key_w + 9 * gap;
	if (kb_w < ui->w * 3 / 5) {
		kb_w = ui->w * 3 / 5;
	}
	int kb_h = 4 * t + 3 * gap;
	*field = (SDL_Rect){2 * u, 2 * u, kb_w, t};
	*keys = (SDL_Rect){2 * u, field->y + t + u, kb_w, kb_h};
	*below = (SDL_Rect){2 * u, keys->y + kb_h + u, kb_w, t};
	*side = (SDL_Rect){4 * u + kb_w, 2 * u, ui->w - 6 * u - kb_w, ui->h - 4 * u};
}

SDL_Rect ui_keyboard_back_arrow(struct ui *ui, SDL_Rect below)
{
	int t = ui->target;
	widget_button_ex(ui, (SDL_Rect){below.x, below.y, t, t}, _("Back"), "\xe2\x86\x90" /* ← */,
			 BOOTH_ACTION_BACK, WIDGET_SECONDARY, 0, NULL);
	return (SDL_Rect){below.x + t + ui->u, below.y, below.w - t - ui->u, t};
}

void screen_search(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	SDL_Rect field, keys, side, below;
	ui_keyboard_layout(ui, &field, &keys, &side, &below);
	int u = ui->u, t = ui->target;
	if (ui->low) {
		/* everything as low as the keyboard leaves room for: the field on the keyboard,
		 * the results over the field (the best nearest it), Back (an arrow) and "Not on
		 * the list?" side by side under the keyboard */
		field.y = keys.y - u - t;
		side = (SDL_Rect){side.x, 2 * u, side.w, field.y - 3 * u};
	}

	widget_field(ui, field, "Search", st->query, _("Find your name"), true, BOOTH_ACTION_NONE,
		     0);
	widget_keyboard(ui, keys);

	/* the results, then the way out */
	SDL_Rect back;
	if (ui->low) {
		widget_button(ui, ui_keyboard_back_arrow(ui, below), _("Not on the list?"),
			      BOOTH_ACTION_NOT_LISTED, WIDGET_SECONDARY);
		back = (SDL_Rect){0, 0, 0, 0};
	} else if (ui->portrait) {
		widget_button(ui, (SDL_Rect){below.x, keys.y - u - t, below.w, t},
			      _("Not on the list?"), BOOTH_ACTION_NOT_LISTED, WIDGET_SECONDARY);
		side.h -= t + u;
		back = below;
	} else {
		widget_button(ui, below, _("Not on the list?"), BOOTH_ACTION_NOT_LISTED,
			      WIDGET_SECONDARY);
		back = (SDL_Rect){side.x, side.y + side.h - t, side.w, t};
		side.h -= t + u;
	}
	if (!ui->low) {
		widget_button(ui, back, _("Back"), BOOTH_ACTION_BACK, WIDGET_SECONDARY);
	}

	int row = t + u / 2;
	int fit = side.h / row;
	int y = side.y;
	if (ui->low) {
		int shown = st->result_count < fit ? st->result_count : fit;
		y = side.y + side.h - (shown > 0 ? shown : 1) * row + u / 2;
	}
	if (st->query[0] && st->result_count == 0) {
		ui_text(ui, TEXT_SMALL,
			_("No one found yet. Keep typing, or tap \"Not on the list?\""), side.x, y,
			UI_DIM, TEXT_LEFT, side.w);
	}
	for (int i = 0; i < st->result_count && i < fit; i++) {
		const struct person *p = &st->results[i];
		SDL_Rect r = {side.x, ui->low ? side.y + side.h - (i + 1) * row + u / 2 : y, side.w,
			      t};
		widget_button_ex(ui, r, p->name, " ", BOOTH_ACTION_PICK, WIDGET_SECONDARY, p->id,
				 NULL);
		/* the result's own face: name, then organization or check-in time, small */
		char line[BOOTH_TEXT * 2], fitted[BOOTH_TEXT * 2];
		int lh = text_line_height(ui->text, TEXT_SMALL);
		int ty = r.y + (r.h - 2 * lh) / 2;
		ui_fit(ui, TEXT_SMALL, p->name, r.w - 2 * u, fitted, sizeof(fitted));
		ui_text(ui, TEXT_SMALL, fitted, r.x + u, ty, UI_TEXT, TEXT_LEFT, 0);
		if (p->checked_in_at[0]) {
			snprintf(line, sizeof(line), _("checked in %s"), p->checked_in_at);
		} else {
			snprintf(line, sizeof(line), "%s", p->organization);
		}
		ui_fit(ui, TEXT_SMALL, line, r.w - 2 * u, fitted, sizeof(fitted));
		ui_text(ui, TEXT_SMALL, fitted, r.x + u, ty + lh,
			p->checked_in_at[0] ? UI_AMBER : UI_DIM, TEXT_LEFT, 0);
		y += row;
	}
}
