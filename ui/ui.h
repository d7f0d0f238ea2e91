/* The kiosk's screens. The UI reads the booth state and draws it; it changes nothing but its
 * own textures. Taps are mapped to booth actions through the controls drawn last. Main thread
 * only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "booth.h"
#include "frame.h"
#include "image.h"
#include "person.h"

struct display;
struct ui;

/* The staff screen's figures, as the kiosk reads them from the store. */
struct ui_stats {
	int64_t attendees, checked_in, walk_ins, photos, strips, shots, sessions;
};

/* One row of the staff screen's recent check-ins. */
struct ui_checkin {
	int64_t id, attendee;
	char name[PERSON_TEXT];
	char at[16]; /* local clock time, "09:14" */
	bool undone;
};

/* The printers, for the staff screen (the print worker's report). */
struct ui_printer {
	bool used; /* configured */
	char queue[128];
	bool found, stopped;
	char problem[200]; /* "" when ready */
	int waiting;
	long long printed;
};
struct ui_print {
	bool service;                 /* cupsd answers */
	struct ui_printer printer[2]; /* strips, badges */
	int lost, failed;
	char last_failure[200];
};

/* A guest list read from a USB stick, before it is stored (the staff import page). */
#define UI_IMPORT_FIELDS                                                                           \
	8 /* name, first name, last name, email, organization, job, ticket,                        \
	     badge: as the roster's fields */
#define UI_IMPORT_ROWS 5
struct ui_import {
	char file[128];                     /* its name on the stick */
	char sheet[128];                    /* a workbook's sheet, or "" */
	char note[320];                     /* how a text file was read, or "" */
	char columns[UI_IMPORT_FIELDS][64]; /* the column each field comes from, or "" */
	int sample_count;
	struct {
		char name[128], organization[96], badge[48];
	} sample[UI_IMPORT_ROWS];
	int refused;
	char first_bad[256]; /* "ROW: why" of the first row that cannot be imported */
};

/* The other kiosks at the door, for the staff Kiosks page. */
#define UI_PEERS 8
struct ui_peer {
	char name[64];     /* "Door B", or the start of its id */
	char last[16];     /* when its last changeset came in here, "09:14"; "" never */
	long long applied; /* its changesets applied here */
	long long checkins, photos;
	long long damaged; /* its changesets refused */
	char waiting[160]; /* what it waits for, "" nothing */
};
struct ui_peers {
	char name[64];         /* this kiosk's */
	char syncthing_id[64]; /* its Syncthing device id, "" when Syncthing is not set up */
	long long checkins;    /* this kiosk's own standing check-ins */
	bool ok;               /* the sync folder can be used */
	char problem[200];     /* why not */
	int count;
	struct ui_peer peer[UI_PEERS];
};

/* What the screens show besides the booth state. */
struct ui_model {
	const struct booth_state *booth;
	uint64_t now;
	int64_t photos;      /* photos on the card, for the attract corner */
	bool camera_present; /* a camera backend is running */
	bool button_present; /* a hardware button exists; otherwise "Tap to start" */
	int shots;           /* per session, from the layout */
	bool boomerang;      /* the button makes a boomerang */
	bool card;           /* its shots go side by side on a card, not down a strip */
	/* the staff screen */
	long long wall; /* the clock: seconds since 1970 */
	const struct ui_stats *stats;
	long long free_mb;      /* free on the data folder; -1 unknown */
	const char *last_saved; /* where the last session went, for staff; "" or NULL if none */
	const struct ui_checkin *recent;
	int recent_count;
	const struct ui_print *print;   /* NULL: the booth prints nothing */
	const struct ui_import *import; /* the guest list previewed, while one is */
	const struct ui_peers *peers;   /* NULL: this kiosk is alone */
};

#define UI_LABEL_MAX 96

struct ui_control {
	int x, y, w, h; /* logical pixels */
	char label[UI_LABEL_MAX];
	enum booth_action action;
	int kind;     /* enum widget_kind */
	int64_t id;   /* for actions that name an attendee, a check-in, a field */
	char text[8]; /* for actions that carry a character (keyboard, PIN pad) */
};

/* NULL with err on failure (fonts missing). */
/* font, font_bold: TrueType files (DejaVu Sans and its Bold). */
struct ui *ui_create(struct display *d, const char *font, const char *font_bold, char *err,
		     size_t errlen);
void ui_destroy(struct ui *ui);

/* Uploads a preview frame to the streaming texture (no CPU conversion). The caller then
 * returns the frame to the camera. */
void ui_preview_frame(struct ui *ui, const struct frame *f);
/* Forgets the preview (camera lost). */
void ui_preview_clear(struct ui *ui);

/* The image shown on the review screen; copied into a texture, the caller keeps img. */
void ui_set_review(struct ui *ui, const struct image *img);
void ui_clear_review(struct ui *ui);
/* A boomerang for the review screen, which plays it in a loop: n frames (at most
 * UI_ANIM_FRAMES; copied into textures), shown in `order` (count entries), each frame_ms.
 * Cleared with ui_clear_review(). */
#define UI_ANIM_FRAMES 64
/* QR codes for the review and thank-you screens while sharing is on: the Wi-Fi's join code and
 * the page's address (square images, black on white, copied; scaled with no smoothing), each
 * with a caption. NULL images clear them. */
void ui_set_share(struct ui *ui, const struct image *wifi, const char *wifi_caption,
		  const struct image *page, const char *page_caption);
/* This kiosk's pairing code for the staff Kiosks page (copied); NULL clears it. */
void ui_set_peer_code(struct ui *ui, const struct image *code);
void ui_set_review_animation(struct ui *ui, struct image *const *frames, int n, const int *order,
			     int count, int frame_ms);

/* Draws the current screen into the display's logical picture and records its controls. */
void ui_render(struct ui *ui, const struct ui_model *m);

/* Every string the last ui_render() drew, one a line ("\n" after each), in drawing order, each
 * after its colour as six hex digits and a space ("E5484D Storage nearly full…"). Valid until
 * the next ui_render(). */
const char *ui_drawn_text(const struct ui *ui);

/* Keyboard, switch and button navigation. The focus moves among the last ui_render's controls in
 * reading order (dir +1 or -1, round) and shows as a ring from then on; the first move shows it
 * on the screen's primary control (else its first). A new screen puts it on that one again;
 * the start screen, and a touch, hide it. */
void ui_focus_move(struct ui *ui, int dir);
/* The control with the focus while the focus shows; NULL otherwise. */
const struct ui_control *ui_focused(struct ui *ui);
void ui_focus_hide(struct ui *ui);
/* The booth went to `screen` (called as soon as it does, drawn or not). */
void ui_focus_screen(struct ui *ui, enum booth_screen screen);
bool ui_focus_showing(const struct ui *ui);

/* The control at logical (x, y) from the last ui_render, or NULL. */
const struct ui_control *ui_hit(struct ui *ui, int x, int y);
/* The visible control whose label is `label`, or NULL. */
const struct ui_control *ui_find(struct ui *ui, const char *label);
/* Marks the control under a finger as pressed (drawn so), or none with NULL. */
void ui_set_pressed(struct ui *ui, const struct ui_control *c);
/* Labels of the visible controls, comma-separated, for messages. */
void ui_list_controls(struct ui *ui, char *out, size_t outlen);

/* The last rendered picture, for a screenshot; NULL if the screen cannot be read. Free with
 * image_destroy(). */
struct image *ui_read_screen(struct ui *ui);
