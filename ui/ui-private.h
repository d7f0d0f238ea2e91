/* Shared by the UI's own files: the ui object, tokens from UI.md, and the screens. */
#pragma once

#include <SDL.h>

#include "display.h"
#include "palette.h"
#include "text.h"
#include "ui.h"

#define UI_MAX_CONTROLS 64
/* Large text: every style but the countdown's numeral this many times its size */
#define UI_LARGE_TEXT 1.3f
/* Between on-screen keyboard keys: tighter than other targets, so ten fit across a portrait
 * screen at 9 mm or close to it. */
#define UI_KEY_GAP 4

enum widget_kind {
	WIDGET_PRIMARY,   /* amber fill, dark text */
	WIDGET_SECONDARY, /* outlined in the text colour */
	WIDGET_AREA,      /* no frame: a large tappable region (the call to action) */
	WIDGET_CHOSEN,    /* the choice in force among several: outlined and lettered in amber */
};

struct ui {
	struct display *display;
	SDL_Renderer *ren;
	struct text *text;        /* the type the screen is drawn in now: one of these two */
	struct text *text_normal; /* UI.md's type scale */
	struct text *text_large;  /* large text, for guests who turn it on */
	int w, h;                 /* logical size */
	int s;                    /* short side */
	int u;                    /* spacing unit, 0.025 s */
	int target;               /* minimum touch target height */
	bool portrait;
	bool low; /* a portrait screen with a guest's controls in its lower half (BOOTH_ACCESS_LOW)
		   */

	SDL_Texture *preview;
	Uint32 preview_format;
	int preview_w, preview_h;
	bool preview_valid;
	bool preview_upside_down; /* the camera's picture is turned 180: draw it turned back */

	SDL_Texture *review;
	int review_w, review_h;
	/* a boomerang under review: its frames, played in `anim_order`, each anim_frame_ms */
	SDL_Texture *anim[UI_ANIM_FRAMES];
	int anim_frames;
	int anim_order[2 * UI_ANIM_FRAMES];
	int anim_count, anim_frame_ms;
	/* pages for phones: the Wi-Fi's join code and the page's address, with their captions */
	SDL_Texture *share[2];
	SDL_Texture *peer_code; /* this kiosk's pairing code, for the Kiosks page */
	char share_caption[2][128];

	int overflows;  /* text drawn past the screen's edges since ui_create (tests read it) */
	int cut_labels; /* button labels cut short with an ellipsis since ui_create */
	char cut_label[UI_LABEL_MAX]; /* the last of them */
	char drawn[4096];             /* the text drawn in the frame being rendered, a line each */
	size_t drawn_len;
	uint64_t drawn_traced; /* the text last written to the trace, hashed */

	struct ui_control controls[UI_MAX_CONTROLS];
	int control_count;
	uint64_t traced; /* the controls last written to the trace, hashed */
	char pressed[UI_LABEL_MAX];
	/* navigation without touch (ui_focus_move) */
	char focus[UI_LABEL_MAX]; /* the focused control's label; "" the screen's default */
	bool focus_shown;
	int focus_screen; /* the screen the focus belongs to */
};

/* widgets.c */
/* text_draw() that wraps at `wrap` (0: the screen less margins) and counts text that would
 * leave the screen. */
SDL_Rect ui_text(struct ui *ui, enum text_style style, const char *str, int x, int y, uint32_t rgb,
		 enum text_align align, int wrap);
void widget_fill(struct ui *ui, SDL_Rect r, uint32_t rgb, uint8_t alpha);
void widget_frame(struct ui *ui, SDL_Rect r, uint32_t rgb, int thickness);
/* Draws a button and registers it as a control. */
void widget_button(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action,
		   enum widget_kind kind);
/* The same, for actions with an id or a character; caption (if not NULL) is drawn instead of
 * the label, which scripts tap by. */
void widget_button_ex(struct ui *ui, SDL_Rect r, const char *label, const char *caption,
		      enum booth_action action, enum widget_kind kind, int64_t id,
		      const char *text);
/* A text field showing `value` (its end, if long) or a grey `placeholder`, framed in amber when
 * focused; tappable as `label` when action is not NONE. */
void widget_field(struct ui *ui, SDL_Rect r, const char *label, const char *value,
		  const char *placeholder, bool focused, enum booth_action action, int64_t id);
/* The on-screen keyboard in r: letters, ' - . @, an accent key, space and delete. */
void widget_keyboard(struct ui *ui, SDL_Rect r);
/* The width a button needs for `caption` uncut (its text and a margin each side), at least
 * `min`. */
int ui_button_width(struct ui *ui, const char *caption, int min);
/* `str` cut with an ellipsis to fit `maxw` pixels, into out. */
void ui_fit(struct ui *ui, enum text_style style, const char *str, int maxw, char *out,
	    size_t outlen);
/* What a guest can turn on for their visit, and staff for every guest: each BOOTH_ACCESS_* bit
 * and its switch's label (a msgid), for the guest's panel and the staff page alike. */
#define UI_ACCESS_SWITCHES 4
extern const struct ui_access_switch {
	int bit;
	const char *label;
} ui_access_switches[UI_ACCESS_SWITCHES];
/* A switch: a button captioned with a box, ticked when on ("☑ Large text"), tapped by its
 * label. */
void widget_switch(struct ui *ui, SDL_Rect r, const char *label, bool on, enum booth_action action,
		   int64_t id);
/* The row of languages (each named in itself; `chosen` drawn so) from (x, y) across `width`,
 * in as many rows as it takes. Returns the y below the last row. */
int widget_languages(struct ui *ui, int x, int y, int width, const char *chosen);
/* How tall widget_languages() is in `width`. */
int widget_languages_height(struct ui *ui, int width);
/* The notice bar, when one is showing. */
void widget_notice(struct ui *ui, const struct ui_model *m);
/* Two buttons along the bottom: secondary left, primary right (stacked, primary on top, on
 * portrait screens). */
void ui_two_buttons(struct ui *ui, const char *secondary, enum booth_action sa, const char *primary,
		    enum booth_action pa);
/* Where the text screens put their field, keyboard, side column and the row below the
 * keyboard. Keys come out at least 0.098 s wide (9 mm on a 7" panel). */
void ui_keyboard_layout(struct ui *ui, SDL_Rect *field, SDL_Rect *keys, SDL_Rect *side,
			SDL_Rect *below);
/* With the controls low: Back as an arrow at the start of the row below the keyboard; returns
 * the rest of the row, for the way on. */
SDL_Rect ui_keyboard_back_arrow(struct ui *ui, SDL_Rect below);
/* The first word of a name, for greetings. */
void ui_first_name(const char *name, char *out, size_t outlen);
/* Registers a tappable area drawn by the caller. */
void widget_area(struct ui *ui, SDL_Rect r, const char *label, enum booth_action action);
/* Draws the live preview covering r, mirrored like a mirror. False if there is none. */
bool widget_preview(struct ui *ui, SDL_Rect r);
/* A rounded-looking pill of dark scrim behind small text in a corner. */
void widget_badge(struct ui *ui, const char *str, int x, int y, enum text_align align);
/* The two QR codes of a page for phones, side by side with their captions, as large as fits in
 * area (nothing when there are none or no room); the height used. */
int widget_share_codes(struct ui *ui, SDL_Rect area);

/* One function per screen, each in its own file. */
void screen_attract(struct ui *ui, const struct ui_model *m);
void screen_countdown(struct ui *ui, const struct ui_model *m);
void screen_capture(struct ui *ui, const struct ui_model *m);
void screen_review(struct ui *ui, const struct ui_model *m);
void screen_saved(struct ui *ui, const struct ui_model *m);
void screen_error(struct ui *ui, const struct ui_model *m);
void screen_search(struct ui *ui, const struct ui_model *m);
void screen_confirm(struct ui *ui, const struct ui_model *m);
void screen_consent(struct ui *ui, const struct ui_model *m);
void screen_walkin(struct ui *ui, const struct ui_model *m);
void screen_staff_pin(struct ui *ui, const struct ui_model *m);
void screen_staff(struct ui *ui, const struct ui_model *m);
/* screen_staff_print.c: the printers on the staff home page, and the printing page */
int staff_print_summary(struct ui *ui, const struct ui_model *m, int y);
void staff_print_page(struct ui *ui, const struct ui_model *m);
/* screen_staff_import.c: a guest list from a USB stick, previewed, then imported */
void staff_import_page(struct ui *ui, const struct ui_model *m);
/* screen_staff_peers.c: the other kiosks */
void staff_peers_page(struct ui *ui, const struct ui_model *m);
