#include <stdio.h>
#include <string.h>

#include "ui-private.h"

SDL_Rect ui_text(struct ui *ui, enum text_style style, const char *str, int x, int y, uint32_t rgb,
		 enum text_align align, int wrap)
{
	if (wrap <= 0) {
		wrap = ui->w - 4 * ui->u;
	}
	int w, h;
	text_measure(ui->text, style, str, 0, &w, &h);
	SDL_Rect r = text_draw(ui->text, style, str, x, y, rgb, align, w > wrap ? wrap : 0);
	if (r.x < 0 || r.y < 0 || r.x + r.w > ui->w || r.y + r.h > ui->h) {
		ui->overflows++;
	}
	return r;
}

static void set_color(struct ui *ui, uint32_t rgb, uint8_t alpha)
{
	SDL_SetRenderDrawBlendMode(ui->ren,
				   alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(ui->ren, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, alpha);
}

void widget_fill(struct ui *ui, SDL_Rect r, uint32_t rgb, uint8_t alpha)
{
	set_color(ui, rgb, alpha);
	SDL_RenderFillRect(ui->ren, &r);
}

void widget_frame(struct ui *ui, SDL_Rect r, uint32_t rgb, int thickness)
{
	set_color(ui, rgb, 255);
	SDL_Rect edges[4] = {
		{r.x, r.y, r.w, thickness},
		{r.x, r.y + r.h - thickness, r.w, thickness},
		{r.x, r.y, thickness, r.h},
		{r.x + r.w - thickness, r.y, thickness, r.h},
	};
	SDL_RenderFillRects(ui->ren, edges, 4);
}

static bool register_control(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action,
			     enum widget_kind kind)
{
	if (ui->control_count >= UI_MAX_CONTROLS) {
		return false;
	}
	struct ui_control *c = &ui->controls[ui->control_count++];
	*c = (struct ui_control){
		.x = r.x, .y = r.y, .w = r.w, .h = r.h, .action = action, .kind = kind};
	snprintf(c->label, sizeof(c->label), "%s", label);
	return strcmp(ui->pressed, label) == 0;
}

void widget_area(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action)
{
	if (register_control(ui, r, label, action, WIDGET_AREA)) {
		widget_fill(ui, r, UI_TEXT, 40); /* pressed: a light veil */
	}
}

void widget_button(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action,
		   enum widget_kind kind)
{
	bool pressed = register_control(ui, r, label, action, kind);
	int edge = ui->s / 160 > 2 ? ui->s / 160 : 2;
	uint32_t fg;
	if (kind == WIDGET_PRIMARY) {
		widget_fill(ui, r, pressed ? 0xC98C00 : UI_AMBER, 255);
		fg = UI_BG;
	} else {
		widget_fill(ui, r, pressed ? 0x3A3F47 : UI_BG, 255);
		widget_frame(ui, r, UI_TEXT, edge);
		fg = UI_TEXT;
	}
	int lh = text_line_height(ui->text, TEXT_BUTTON);
	ui_text(ui, TEXT_BUTTON, label, r.x + r.w / 2, r.y + (r.h - lh) / 2, fg, TEXT_CENTER, 0);
}

bool widget_preview(struct ui *ui, SDL_Rect r)
{
	if (!ui->preview || !ui->preview_valid) {
		return false;
	}
	/* cover: crop the frame to the rectangle's shape, centred */
	SDL_Rect src = {0, 0, ui->preview_w, ui->preview_h};
	if ((long)ui->preview_w * r.h > (long)ui->preview_h * r.w) {
		src.w = (int)((long)ui->preview_h * r.w / r.h);
		src.x = (ui->preview_w - src.w) / 2;
	} else {
		src.h = (int)((long)ui->preview_w * r.h / r.w);
		src.y = (ui->preview_h - src.h) / 2;
	}
	SDL_RenderCopyEx(ui->ren, ui->preview, &src, &r, 0, NULL, SDL_FLIP_HORIZONTAL);
	return true;
}

void widget_badge(struct ui *ui, const char *str, int x, int y, enum text_align align)
{
	int w, h;
	text_measure(ui->text, TEXT_SMALL, str, 0, &w, &h);
	int pad = ui->u;
	SDL_Rect r = {x - pad, y - pad / 2, w + 2 * pad, h + pad};
	if (align == TEXT_RIGHT) {
		r.x = x - w - pad;
	} else if (align == TEXT_CENTER) {
		r.x = x - w / 2 - pad;
	}
	widget_fill(ui, r, UI_BG, 200);
	ui_text(ui, TEXT_SMALL, str, x, y, UI_TEXT, align, 0);
}
