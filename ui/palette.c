#include "palette.h"

const struct ui_pair ui_pairs[] = {
	{UI_TEXT, UI_BG, 0, UI_PAIR_TEXT, "text"},
	{UI_DIM, UI_BG, 0, UI_PAIR_TEXT, "secondary text"},
	{UI_AMBER, UI_BG, 0, UI_PAIR_TEXT, "notes, the chosen language, times"},
	{UI_ERROR, UI_BG, 0, UI_PAIR_TEXT, "warnings"},
	{UI_SUCCESS, UI_BG, 0, UI_PAIR_TEXT, "the welcome"},
	{UI_BG, UI_AMBER, 0, UI_PAIR_TEXT, "a primary button's label"},
	{UI_BG, UI_AMBER_PRESSED, 0, UI_PAIR_TEXT, "a primary button's label, pressed"},
	{UI_TEXT, UI_RAISED, 0, UI_PAIR_TEXT, "a secondary button's label, pressed"},
	{UI_AMBER, UI_RAISED, 0, UI_PAIR_TEXT, "the chosen language, pressed"},
	{UI_TEXT, UI_FIELD, 0, UI_PAIR_TEXT, "typed text"},
	{UI_DIM, UI_FIELD, 0, UI_PAIR_TEXT, "a field's hint"},
	{UI_TEXT, UI_BG, 1, UI_PAIR_TEXT, "text on the band over the camera"},
	{UI_AMBER, UI_BG, 1, UI_PAIR_LARGE, "the call to action over the camera"},
	{UI_AMBER, UI_BG, 1, UI_PAIR_TEXT, "the printer's note over the camera"},
	{UI_TEXT, UI_BG, 0, UI_PAIR_CONTROL, "a secondary button's outline"},
	{UI_AMBER, UI_BG, 0, UI_PAIR_CONTROL, "a primary button; a field's focus"},
	{UI_DIM, UI_FIELD, 0, UI_PAIR_CONTROL, "a field's outline"},
	{UI_AMBER, UI_RAISED, 0, UI_PAIR_CONTROL, "a progress bar on its track"},
	{UI_BG, UI_FLASH, 0, UI_PAIR_LARGE, "the countdown numeral's edge during the flash"},
};

const int ui_pair_count = (int)(sizeof(ui_pairs) / sizeof(ui_pairs[0]));
