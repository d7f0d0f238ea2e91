#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

/* The picture under review as large as fits in pic, centred. */
static SDL_Rect fit(const struct ui *ui, SDL_Rect pic)
{
	SDL_Rect r = pic;
	if ((long)ui->review_w * pic.h > (long)ui->review_h * pic.w) {
		r.h = (int)((long)ui->review_h * pic.w / ui->review_w);
		r.y = pic.y + (pic.h - r.h) / 2;
	} else {
		r.w = (int)((long)ui->review_w * pic.h / ui->review_h);
		r.x = pic.x + (pic.w - r.w) / 2;
	}
	return r;
}

void screen_review(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u;
	SDL_Rect pic, panel;
	if (ui->portrait) {
		pic = (SDL_Rect){2 * u, 2 * u, ui->w - 4 * u, ui->h * 62 / 100 - 3 * u};
		panel = (SDL_Rect){2 * u, ui->h * 62 / 100 + u, ui->w - 4 * u,
				   ui->h * 38 / 100 - 3 * u};
	} else {
		pic = (SDL_Rect){2 * u, 2 * u, ui->w / 2 - 3 * u, ui->h - 4 * u};
		panel = (SDL_Rect){ui->w / 2 + u, 2 * u, ui->w / 2 - 3 * u, ui->h - 4 * u};
	}

	if (ui->anim_count > 0) {
		/* a boomerang: played in a loop, frame by frame on the booth's clock */
		uint64_t t = m->now > m->booth->screen_since ? m->now - m->booth->screen_since : 0;
		int k = (int)(t / (uint64_t)ui->anim_frame_ms % (uint64_t)ui->anim_count);
		SDL_Rect r = fit(ui, pic);
		SDL_RenderCopy(ui->ren, ui->anim[ui->anim_order[k]], NULL, &r);
	} else if (ui->review && m->booth->composed) {
		SDL_Rect r = fit(ui, pic);
		SDL_RenderCopy(ui->ren, ui->review, NULL, &r);
	} else {
		int lh = text_line_height(ui->text, TEXT_BODY);
		ui_text(ui, TEXT_BODY, _("Preparing your photos…"), pic.x + pic.w / 2,
			pic.y + (pic.h - lh) / 2, UI_DIM, TEXT_CENTER, pic.w);
	}

	int gap = u;
	int bh = ui->target;
	int title_h = text_line_height(ui->text, TEXT_BODY);
	int bar_h = u / 2 > 2 ? u / 2 : 2;
	bool ask = m->booth->cfg.print == BOOTH_PRINT_ASK && !m->booth->checkin_session;
	int block = title_h + 2 * u + (ask ? 3 : 2) * bh + (ask ? 2 : 1) * gap + 2 * u + bar_h;
	/* sharing: the block at the top, the two codes for phones under it */
	bool codes = ui->share[0] && ui->share[1];
	int y = codes ? panel.y : panel.y + (panel.h - block) / 2;
	const char *title = ui->anim_count > 0 ? _("Keep this boomerang?")
					       : ngettext_("Keep this photo?", "Keep these photos?",
							   booth_session_shots(m->booth));
	ui_text(ui, TEXT_BODY, title, panel.x + panel.w / 2, y, UI_TEXT, TEXT_CENTER, panel.w);
	y += title_h + 2 * u;
	if (ask) {
		widget_button(ui, (SDL_Rect){panel.x, y, panel.w, bh}, _("Print"),
			      BOOTH_ACTION_PRINT, WIDGET_PRIMARY);
		y += bh + gap;
	}
	widget_button(ui, (SDL_Rect){panel.x, y, panel.w, bh}, _("Keep"), BOOTH_ACTION_KEEP,
		      ask ? WIDGET_SECONDARY : WIDGET_PRIMARY);
	y += bh + gap;
	widget_button(ui, (SDL_Rect){panel.x, y, panel.w, bh}, _("Retake"), BOOTH_ACTION_RETAKE,
		      WIDGET_SECONDARY);
	y += bh + 2 * u;

	/* the auto-keep time running out */
	float left = booth_review_left(m->booth, m->now);
	widget_fill(ui, (SDL_Rect){panel.x, y, panel.w, bar_h}, UI_RAISED, 255);
	widget_fill(ui, (SDL_Rect){panel.x, y, (int)((float)panel.w * left), bar_h}, UI_AMBER, 255);
	if (codes) {
		y += bar_h + u;
		widget_share_codes(ui, (SDL_Rect){panel.x, y, panel.w, panel.y + panel.h - y});
	}
}
