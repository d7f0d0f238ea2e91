#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "ui-private.h"

SDL_Rect ui_text(struct ui *ui, enum text_style style, const char *str, int x, int y, uint32_t rgb,
		 enum text_align align, int wrap)
{
	if (wrap <= 0) {
		wrap = ui->w - 4 * ui->u;
	}
	if (ui->drawn_len < sizeof(ui->drawn)) {
		size_t room = sizeof(ui->drawn) - ui->drawn_len;
		/* its colour first, so that a test can tell a warning from a plain line */
		int n = snprintf(ui->drawn + ui->drawn_len, room, "%06X %s\n",
				 (unsigned)(rgb & 0xFFFFFF), str);
		ui->drawn_len += n < 0 ? 0 : (size_t)n < room ? (size_t)n : room;
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

static bool register_control_ex(struct ui *ui, SDL_Rect r, const char *label,
				enum booth_action action, enum widget_kind kind, int64_t id,
				const char *text)
{
	if (ui->control_count >= UI_MAX_CONTROLS) {
		return false;
	}
	struct ui_control *c = &ui->controls[ui->control_count++];
	*c = (struct ui_control){
		.x = r.x, .y = r.y, .w = r.w, .h = r.h, .action = action, .kind = kind};
	snprintf(c->label, sizeof(c->label), "%s", label);
	c->id = id;
	snprintf(c->text, sizeof(c->text), "%s", text ? text : "");
	return strcmp(ui->pressed, label) == 0;
}

static bool register_control(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action,
			     enum widget_kind kind)
{
	return register_control_ex(ui, r, label, action, kind, 0, NULL);
}

void widget_area(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action)
{
	if (register_control(ui, r, label, action, WIDGET_AREA)) {
		widget_fill(ui, r, UI_TEXT, 40); /* pressed: a light veil */
	}
}

static void button(struct ui *ui, SDL_Rect r, const char *label, const char *caption,
		   enum booth_action action, enum widget_kind kind, int64_t id, const char *text,
		   enum text_style style)
{
	bool pressed = register_control_ex(ui, r, label, action, kind, id, text);
	int edge = ui->s / 160 > 2 ? ui->s / 160 : 2;
	uint32_t fg;
	if (kind == WIDGET_PRIMARY) {
		widget_fill(ui, r, pressed ? UI_AMBER_PRESSED : UI_AMBER, 255);
		fg = UI_BG;
	} else if (kind == WIDGET_CHOSEN) {
		widget_fill(ui, r, pressed ? UI_RAISED : UI_BG, 255);
		widget_frame(ui, r, UI_AMBER, 2 * edge);
		fg = UI_AMBER;
	} else {
		widget_fill(ui, r, pressed ? UI_RAISED : UI_BG, 255);
		widget_frame(ui, r, UI_TEXT, edge);
		fg = UI_TEXT;
	}
	const char *shown = caption ? caption : label;
	char fitted[UI_LABEL_MAX * 2];
	/* a key's one character may use the key's whole width */
	bool one = shown[0] && (shown[1] == '\0' || ((unsigned char)shown[0] >= 0xc0 &&
						     strlen(shown) <= 4 && !strchr(shown, ' ')));
	int room = one ? r.w - 2 : r.w - ui->u, tw, th;
	text_measure(ui->text, style, shown, 0, &tw, &th);
	if (tw > room && style != TEXT_SMALL) {
		/* a caption too long for its button in large text: smaller, before it is cut */
		text_measure(ui->text, TEXT_SMALL, shown, 0, &tw, &th);
		style = tw <= room ? TEXT_SMALL : style;
	}
	ui_fit(ui, style, shown, room, fitted, sizeof(fitted));
	if (strcmp(fitted, shown) != 0) {
		ui->cut_labels++;
		snprintf(ui->cut_label, sizeof(ui->cut_label), "%s", shown);
	}
	int lh = text_line_height(ui->text, style);
	ui_text(ui, style, fitted, r.x + r.w / 2, r.y + (r.h - lh) / 2, fg, TEXT_CENTER, r.w);
}

void widget_button_ex(struct ui *ui, SDL_Rect r, const char *label, const char *caption,
		      enum booth_action action, enum widget_kind kind, int64_t id, const char *text)
{
	button(ui, r, label, caption, action, kind, id, text, TEXT_BUTTON);
}

void widget_button(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action,
		   enum widget_kind kind)
{
	widget_button_ex(ui, r, label, NULL, action, kind, 0, NULL);
}

int ui_button_width(struct ui *ui, const char *caption, int min)
{
	int w, h;
	text_measure(ui->text, TEXT_BUTTON, caption, 0, &w, &h);
	w += 2 * ui->u;
	return w > min ? w : min;
}

void ui_fit(struct ui *ui, enum text_style style, const char *str, int maxw, char *out,
	    size_t outlen)
{
	snprintf(out, outlen, "%s", str);
	int w, h;
	text_measure(ui->text, style, out, 0, &w, &h);
	if (w <= maxw) {
		return;
	}
	size_t n = strlen(out);
	while (n > 0) {
		/* drop one UTF-8 character and try with an ellipsis */
		n--;
		while (n > 0 && ((unsigned char)out[n] & 0xc0) == 0x80) {
			n--;
		}
		if (n + 4 > outlen) {
			continue;
		}
		memcpy(out + n, "\xe2\x80\xa6", 4); /* … */
		text_measure(ui->text, style, out, 0, &w, &h);
		if (w <= maxw) {
			return;
		}
	}
	snprintf(out, outlen, "\xe2\x80\xa6");
}

void widget_field(struct ui *ui, SDL_Rect r, const char *label, const char *value,
		  const char *placeholder, bool focused, enum booth_action action, int64_t id)
{
	if (action != BOOTH_ACTION_NONE) {
		register_control_ex(ui, r, label, action, WIDGET_AREA, id, NULL);
	}
	widget_fill(ui, r, UI_FIELD, 255);
	int edge = ui->s / 160 > 2 ? ui->s / 160 : 2;
	widget_frame(ui, r, focused ? UI_AMBER : UI_DIM, focused ? 2 * edge : edge);
	int lh = text_line_height(ui->text, TEXT_BODY);
	int maxw = r.w - 3 * ui->u;
	if (!value[0]) {
		char fitted[256];
		ui_fit(ui, TEXT_BODY, placeholder, maxw, fitted, sizeof(fitted));
		ui_text(ui, TEXT_BODY, fitted, r.x + ui->u, r.y + (r.h - lh) / 2, UI_DIM, TEXT_LEFT,
			0);
		return;
	}
	/* while typing, the end of the text matters: show it, cut at the start */
	const char *v = value;
	int w, h;
	text_measure(ui->text, TEXT_BODY, v, 0, &w, &h);
	while (w > maxw && *v) {
		v++;
		while (((unsigned char)*v & 0xc0) == 0x80) {
			v++;
		}
		text_measure(ui->text, TEXT_BODY, v, 0, &w, &h);
	}
	SDL_Rect t =
		ui_text(ui, TEXT_BODY, v, r.x + ui->u, r.y + (r.h - lh) / 2, UI_TEXT, TEXT_LEFT, 0);
	if (focused) {
		widget_fill(ui, (SDL_Rect){t.x + t.w + 2, r.y + r.h / 5, edge, r.h * 3 / 5},
			    UI_AMBER, 255);
	}
}

void widget_keyboard(struct ui *ui, SDL_Rect r)
{
	static const char *const rows[3] = {"qwertyuiop", "asdfghjkl'", "zxcvbnm-.@"};
	int gap = UI_KEY_GAP;
	int kw = (r.w - 9 * gap) / 10;
	int kh = (r.h - 3 * gap) / 4;
	for (int row = 0; row < 3; row++) {
		for (int k = 0; k < 10; k++) {
			char key[2] = {rows[row][k], 0};
			SDL_Rect kr = {r.x + k * (kw + gap), r.y + row * (kh + gap), kw, kh};
			widget_button_ex(ui, kr, key, NULL, BOOTH_ACTION_KEY, WIDGET_SECONDARY, 0,
					 key);
		}
	}
	int y = r.y + 3 * (kh + gap);
	int wide = 2 * kw + gap;
	widget_button_ex(ui, (SDL_Rect){r.x, y, wide, kh}, "Accent", "\xc2\xb4 \xc3\xa9",
			 BOOTH_ACTION_ACCENT, WIDGET_SECONDARY, 0, NULL);
	widget_button_ex(ui, (SDL_Rect){r.x + wide + gap, y, r.w - 2 * (wide + gap), kh}, "Space",
			 /* TRANSLATORS: the space bar of the on-screen keyboard */
			 _("space"), BOOTH_ACTION_KEY, WIDGET_SECONDARY, 0, " ");
	widget_button_ex(ui, (SDL_Rect){r.x + r.w - wide, y, wide, kh}, "Delete", "\xe2\x8c\xab",
			 BOOTH_ACTION_DELETE, WIDGET_SECONDARY, 0, NULL);
}

const struct ui_access_switch ui_access_switches[UI_ACCESS_SWITCHES] = {
	{BOOTH_ACCESS_LARGE_TEXT, N_("Large text")},
	{BOOTH_ACCESS_HIGH_CONTRAST, N_("High contrast")},
	{BOOTH_ACCESS_SPEECH, N_("Speech")},
	/* TRANSLATORS: the controls moved to the lower half of a tall screen, for a guest in a
	   wheelchair */
	{BOOTH_ACCESS_LOW, N_("Lower buttons")},
};

void widget_switch(struct ui *ui, SDL_Rect r, const char *label, bool on, enum booth_action action,
		   int64_t id)
{
	char caption[UI_LABEL_MAX + 8];
	snprintf(caption, sizeof(caption), "%s %s", on ? "\xe2\x98\x91" : "\xe2\x98\x90", label);
	widget_button_ex(ui, r, label, caption, action, on ? WIDGET_CHOSEN : WIDGET_SECONDARY, id,
			 NULL);
}

/* The language row laid out from (x, y) in `width`; drawn when `chosen` is not NULL. Returns
 * the bottom of its last row. */
static int languages(struct ui *ui, int x, int y, int width, const char *chosen)
{
	int u = ui->u, t = ui->target, min_w = (int)(0.09f * (float)ui->s) + 1;
	int row_x = x;
	for (int i = 0; i18n_languages[i].code; i++) {
		int w, h;
		text_measure(ui->text, TEXT_SMALL, i18n_languages[i].name, 0, &w, &h);
		w += 2 * u;
		w = w < min_w ? min_w : w;
		if (row_x > x && row_x + w > x + width) {
			row_x = x; /* the next row */
			y += t + u;
		}
		if (!chosen) {
			row_x += w + u;
			continue;
		}
		bool on = strcmp(i18n_languages[i].code, chosen) == 0;
		button(ui, (SDL_Rect){row_x, y, w, t}, i18n_languages[i].name, NULL,
		       BOOTH_ACTION_LANGUAGE, on ? WIDGET_CHOSEN : WIDGET_SECONDARY, 0,
		       i18n_languages[i].code, TEXT_SMALL);
		row_x += w + u;
	}
	return y + t;
}

int widget_languages(struct ui *ui, int x, int y, int width, const char *chosen)
{
	return languages(ui, x, y, width, chosen);
}

int widget_languages_height(struct ui *ui, int width)
{
	return languages(ui, 0, 0, width, NULL);
}

void widget_notice(struct ui *ui, const struct ui_model *m)
{
	if (!booth_notice_visible(m->booth, m->now)) {
		return;
	}
	int lh = text_line_height(ui->text, TEXT_BODY);
	int wrap = ui->w - 8 * ui->u, w, h;
	const char *notice = _(m->booth->notice);
	text_measure(ui->text, TEXT_BODY, notice, wrap, &w, &h);
	SDL_Rect r = {(ui->w - w) / 2 - 2 * ui->u, ui->h / 2 - h / 2 - 2 * ui->u, w + 4 * ui->u,
		      h + 4 * ui->u};
	(void)lh;
	widget_fill(ui, r, UI_BG, 240);
	widget_frame(ui, r, UI_AMBER, ui->s / 160 > 2 ? ui->s / 160 : 2);
	ui_text(ui, TEXT_BODY, notice, ui->w / 2, r.y + 2 * ui->u, UI_TEXT, TEXT_CENTER, wrap);
}

void ui_first_name(const char *name, char *out, size_t outlen)
{
	snprintf(out, outlen, "%.*s", (int)strcspn(name, " "), name);
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
	/* a mirror, as people expect to see themselves; turned 180 as well (a mirror flipped
	 * upside down) when the camera hangs upside down */
	SDL_RendererFlip flip = ui->preview_upside_down ? SDL_FLIP_VERTICAL : SDL_FLIP_HORIZONTAL;
	SDL_RenderCopyEx(ui->ren, ui->preview, &src, &r, 0, NULL, flip);
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
	widget_fill(ui, r, UI_BG, UI_SCRIM_ALPHA);
	ui_text(ui, TEXT_SMALL, str, x, y, UI_TEXT, align, 0);
}

int widget_share_codes(struct ui *ui, SDL_Rect area)
{
	if (!ui->share[0] || !ui->share[1]) {
		return 0;
	}
	/* two columns, each a code over its caption */
	int u = ui->u;
	int col = area.w / 2;
	int cap_h = 0;
	for (int i = 0; i < 2; i++) {
		int w, h;
		text_measure(ui->text, TEXT_SMALL, ui->share_caption[i], col - u, &w, &h);
		cap_h = h > cap_h ? h : cap_h;
	}
	int side = area.h - cap_h - u / 2;
	if (side > col - u) {
		side = col - u;
	}
	if (side < 5 * u) {
		return 0; /* too small to scan: better none */
	}
	for (int i = 0; i < 2; i++) {
		int cx = area.x + i * col + col / 2;
		SDL_Rect q = {cx - side / 2, area.y, side, side};
		SDL_RenderCopy(ui->ren, ui->share[i], NULL, &q);
		ui_text(ui, TEXT_SMALL, ui->share_caption[i], cx, q.y + side + u / 2, UI_TEXT,
			TEXT_CENTER, col - u);
	}
	return side + u / 2 + cap_h;
}
