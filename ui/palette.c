#include "palette.h"

const struct ui_palette ui_palette_normal = {
	.name = "normal",
	.bg = 0x111418,
	.text = 0xF4F1EA,
	.amber = 0xF2A900,
	.error = 0xE5484D,
	.success = 0x3FB950,
	.dim = 0xB8B4AC,
	.amber_pressed = 0xC98C00,
	.raised = 0x3A3F47,
	.field = 0x1C2027,
	.flash = 0xFFFFFF,
};

/* black and white, a pure yellow for what matters, nothing dimmed */
const struct ui_palette ui_palette_high = {
	.name = "high contrast",
	.bg = 0x000000,
	.text = 0xFFFFFF,
	.amber = 0xFFE000,
	.error = 0xFF7B7B,
	.success = 0x5CFF7A,
	.dim = 0xFFFFFF,
	.amber_pressed = 0xFFF27A,
	.raised = 0x333333,
	.field = 0x000000,
	.flash = 0xFFFFFF,
};

const struct ui_palette *ui_colors = &ui_palette_normal;

#define F(field) offsetof(struct ui_palette, field)

const struct ui_pair ui_pairs[] = {
	{F(text), F(bg), 0, UI_PAIR_TEXT, "text"},
	{F(dim), F(bg), 0, UI_PAIR_TEXT, "secondary text"},
	{F(amber), F(bg), 0, UI_PAIR_TEXT, "notes, the chosen language, times"},
	{F(error), F(bg), 0, UI_PAIR_TEXT, "warnings"},
	{F(success), F(bg), 0, UI_PAIR_TEXT, "the welcome"},
	{F(bg), F(amber), 0, UI_PAIR_TEXT, "a primary button's label"},
	{F(bg), F(amber_pressed), 0, UI_PAIR_TEXT, "a primary button's label, pressed"},
	{F(text), F(raised), 0, UI_PAIR_TEXT, "a secondary button's label, pressed"},
	{F(amber), F(raised), 0, UI_PAIR_TEXT, "the chosen language, pressed"},
	{F(text), F(field), 0, UI_PAIR_TEXT, "typed text"},
	{F(dim), F(field), 0, UI_PAIR_TEXT, "a field's hint"},
	{F(text), F(bg), 1, UI_PAIR_TEXT, "text on the band over the camera"},
	{F(amber), F(bg), 1, UI_PAIR_LARGE, "the call to action over the camera"},
	{F(amber), F(bg), 1, UI_PAIR_TEXT, "the printer's note over the camera"},
	{F(text), F(bg), 0, UI_PAIR_CONTROL, "a secondary button's outline"},
	{F(amber), F(bg), 0, UI_PAIR_CONTROL, "a primary button; a field's focus"},
	{F(dim), F(field), 0, UI_PAIR_CONTROL, "a field's outline"},
	{F(amber), F(raised), 0, UI_PAIR_CONTROL, "a progress bar on its track"},
	{F(bg), F(flash), 0, UI_PAIR_LARGE, "the countdown numeral's edge during the flash"},
};

const int ui_pair_count = (int)(sizeof(ui_pairs) / sizeof(ui_pairs[0]));
