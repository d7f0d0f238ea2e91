/* staff: stats, recent check-ins with undo and photo deletion, settings, shut down. */
#include <stdio.h>
#include <time.h>

#include "i18n.h"
#include "ui-private.h"

/* Below this the staff screen warns (as `gatherbooth check` fails under 500 MB). */
#define STAFF_LOW_SPACE_MB 500

/* The figures, the storage (red when nearly full) and where the last session went. */
static int home_stats(struct ui *ui, const struct ui_model *m, int y)
{
	const struct booth_state *st = m->booth;
	int u = ui->u;
	SDL_Rect r;
	if (m->stats) {
		const struct ui_stats *s = m->stats;
		char line[160];
		snprintf(line, sizeof(line), _("Checked in: %lld of %lld. Walk-ins: %lld."),
			 (long long)s->checked_in, (long long)s->attendees, (long long)s->walk_ins);
		r = ui_text(ui, TEXT_BODY, line, 2 * u, y, UI_TEXT, TEXT_LEFT, ui->w - 4 * u);
		y += r.h;
		bool low = m->free_mb >= 0 && m->free_mb < STAFF_LOW_SPACE_MB;
		if (m->free_mb >= 0 && !low) {
			snprintf(line, sizeof(line),
				 _("Photos: %lld. Sessions: %lld. Storage: %.1f GB free."),
				 (long long)s->photos, (long long)s->sessions,
				 (double)m->free_mb / 1000);
		} else {
			snprintf(line, sizeof(line), _("Photos: %lld. Sessions: %lld."),
				 (long long)s->photos, (long long)s->sessions);
		}
		r = ui_text(ui, TEXT_BODY, line, 2 * u, y, UI_TEXT, TEXT_LEFT, ui->w - 4 * u);
		y += r.h;
		if (low) {
			snprintf(line, sizeof(line), _("Storage nearly full: %lld MB free."),
				 m->free_mb);
			r = ui_text(ui, TEXT_BODY, line, 2 * u, y, UI_ERROR, TEXT_LEFT,
				    ui->w - 4 * u);
			y += r.h;
		}
		/* one line, cut to fit; the export's progress takes its place while it runs */
		if (m->last_saved && m->last_saved[0] && !st->exporting) {
			char saved[512], fitted[512];
			snprintf(saved, sizeof(saved), _("Last saved: %s"), m->last_saved);
			ui_fit(ui, TEXT_SMALL, saved, ui->w - 4 * u, fitted, sizeof(fitted));
			r = ui_text(ui, TEXT_SMALL, fitted, 2 * u, y, UI_DIM, TEXT_LEFT, 0);
			y += r.h;
		}
		y += u;
	}
	return y;
}

/* An export's progress, while it runs. */
static int home_export(struct ui *ui, const struct booth_state *st, int y)
{
	int u = ui->u;
	SDL_Rect r;
	if (st->exporting) {
		char line[96];
		snprintf(line, sizeof(line), _("Exporting to the USB stick: %d of %d files"),
			 st->export_done, st->export_total);
		r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_AMBER, TEXT_LEFT, ui->w - 4 * u);
		y += r.h + u / 2;
		int bar = u / 2 > 3 ? u / 2 : 3, w = ui->w - 4 * u;
		widget_fill(ui, (SDL_Rect){2 * u, y, w, bar}, UI_RAISED, 255);
		int done =
			st->export_total ? (int)((long)w * st->export_done / st->export_total) : 0;
		widget_fill(ui, (SDL_Rect){2 * u, y, done, bar}, UI_AMBER, 255);
		y += bar + u;
	}
	return y;
}

/* The page's buttons, at the bottom, never over the lines above. */
static void home_tiles(struct ui *ui, const struct ui_model *m, int y)
{
	int u = ui->u, t = ui->target;
	static const struct {
		const char *label, *short_label; /* the second for a tile too narrow */
		enum booth_action action;
		int id;
		enum widget_kind kind;
	} tiles[] = {
		{N_("Recent check-ins"), N_("Check-ins"), BOOTH_ACTION_STAFF_PAGE,
		 BOOTH_STAFF_RECENT, WIDGET_SECONDARY},
		{N_("Export to USB"), N_("Export"), BOOTH_ACTION_EXPORT, 0, WIDGET_SECONDARY},
		{N_("Settings"), NULL, BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_SETTINGS,
		 WIDGET_SECONDARY},
		{N_("Clock"), NULL, BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_CLOCK, WIDGET_SECONDARY},
		{N_("Printing"), NULL, BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_PRINT,
		 WIDGET_SECONDARY},
		{N_("Kiosks"), NULL, BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_PEERS, WIDGET_SECONDARY},
		{N_("Shut down"), NULL, BOOTH_ACTION_SHUTDOWN, 0, WIDGET_SECONDARY},
		{N_("Exit staff"), NULL, BOOTH_ACTION_EXIT_STAFF, 0, WIDGET_PRIMARY},
	};
	int n = (int)(sizeof(tiles) / sizeof(tiles[0])) - (m->print ? 0 : 1) - (m->peers ? 0 : 1);
	/* with printing, three across, so that the page keeps three rows. Exit staff, the page's
	 * primary, takes what its row leaves; a row of its own when that is less than about half
	 * the width (all of it on a portrait panel). */
	int cols = ui->portrait ? 1 : n > 6 ? 3 : 2, rows, tw;
	bool own_row;
	for (;;) {
		tw = (ui->w - 4 * u - (cols - 1) * u) / cols;
		int left = cols - (n - 1) % cols; /* columns left beside the last other tile */
		int exit_w = left * tw + (left - 1) * u;
		own_row = (n - 1) % cols == 0 ||
			  exit_w < (ui->portrait ? ui->w - 6 * u : ui->w / 2 - 4 * u);
		rows = (n - 1 + cols - 1) / cols + (own_row && (n - 1) % cols ? 1 : 0) +
		       ((n - 1) % cols == 0 ? 1 : 0);
		if (y + rows * t + (rows - 1) * u <= ui->h || cols == 3) {
			break;
		}
		cols++; /* the figures took more lines (a longer language): more tiles across */
	}
	int top = ui->h - 2 * u - rows * t - (rows - 1) * u;
	top = top > y ? top : y;
	for (int i = 0, k = 0; i < (int)(sizeof(tiles) / sizeof(tiles[0])); i++) {
		if (tiles[i].action == BOOTH_ACTION_STAFF_PAGE &&
		    ((tiles[i].id == BOOTH_STAFF_PRINT && !m->print) ||
		     (tiles[i].id == BOOTH_STAFF_PEERS && !m->peers))) {
			continue;
		}
		SDL_Rect tr = {2 * u + (k % cols) * (tw + u), top + (k / cols) * (t + u), tw, t};
		if (k == n - 1) {
			if (own_row && k % cols) {
				tr.x = 2 * u;
				tr.y += t + u;
			}
			tr.w = ui->w - 2 * u - tr.x;
		}
		/* a tile too narrow for the longest label: a shorter caption */
		bool narrow =
			tiles[i].short_label && ui_button_width(ui, _(tiles[i].label), 0) > tr.w;
		widget_button_ex(ui, tr, _(tiles[i].label), narrow ? _(tiles[i].short_label) : NULL,
				 tiles[i].action, tiles[i].kind, tiles[i].id, NULL);
		k++;
	}
}

static void home(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u;
	int y = 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_TITLE, _("Staff"), 2 * u, y, UI_TEXT, TEXT_LEFT, ui->w / 2);
	char clock[64];
	time_t now = (time_t)m->wall;
	struct tm tm;
	strftime(clock, sizeof(clock), "%a %d %b %Y, %H:%M", localtime_r(&now, &tm));
	ui_text(ui, TEXT_SMALL, clock, ui->w - 2 * u, y, UI_DIM, TEXT_RIGHT, 0);
	y += r.h;
	y = home_stats(ui, m, y);
	y = home_export(ui, m->booth, y);
	y = staff_print_summary(ui, m, y);
	home_tiles(ui, m, y);
}

static void clock_page(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	int u = ui->u, t = ui->target;
	int y = 2 * u;
	SDL_Rect r = ui_text(ui, TEXT_BODY, _("Set the clock"), 2 * u, y, UI_TEXT, TEXT_LEFT, 0);
	y += r.h + u;
	char when[64];
	time_t set = (time_t)(m->wall + st->clock_adjust);
	struct tm tm;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime_r(&set, &tm));
	r = ui_text(ui, TEXT_TITLE, when, ui->w / 2, y, st->clock_adjust ? UI_AMBER : UI_TEXT,
		    TEXT_CENTER, ui->w - 4 * u);
	y += r.h + 2 * u;
	static const struct {
		const char *label, *caption;
		int seconds;
	} steps[] = {
		{"-1 day",
		 "\xe2\x88\x92"
		 "1 day",
		 -86400},
		{"-1 h",
		 "\xe2\x88\x92"
		 "1 h",
		 -3600},
		{"-10 min",
		 "\xe2\x88\x92"
		 "10 min",
		 -600},
		{"-1 min",
		 "\xe2\x88\x92"
		 "1 min",
		 -60},
		{"+1 day", "+1 day", 86400},
		{"+1 h", "+1 h", 3600},
		{"+10 min", "+10 min", 600},
		{"+1 min", "+1 min", 60},
	};
	int cols = ui->portrait ? 2 : 4;
	int bw = (ui->w - 4 * u - (cols - 1) * u) / cols;
	for (int i = 0; i < 8; i++) {
		int col = ui->portrait ? (i >= 4) : i % 4, row = ui->portrait ? i % 4 : i / 4;
		widget_button_ex(ui, (SDL_Rect){2 * u + col * (bw + u), y + row * (t + u), bw, t},
				 steps[i].label, steps[i].caption, BOOTH_ACTION_CLOCK_ADJUST,
				 WIDGET_SECONDARY, steps[i].seconds, NULL);
	}
	ui_two_buttons(ui, _("Back"), BOOTH_ACTION_BACK, _("Set clock"), BOOTH_ACTION_CLOCK_SET);
}

struct row_geom {
	int name_w, undo_w, badge_w, del_w;
	bool badges;  /* a badge printer: "Badge" reprints */
	bool stacked; /* a narrow screen with badges: the buttons on lines of their own */
	bool del_row; /* Delete photos on a line of its own, under the others */
};

/* One check-in: the name and time, then Undo, Badge and Delete photos, each labelled with the
 * person so that each row's controls can be told apart. Returns the next row's y. */
static int recent_row(struct ui *ui, const struct ui_checkin *c, const struct row_geom *g, int y)
{
	int u = ui->u, t = ui->target;
	int lh = text_line_height(ui->text, TEXT_SMALL);
	char at[PERSON_TEXT + 48], fitted[PERSON_TEXT * 2 + 64];
	snprintf(at, sizeof(at), c->undone ? _("%s, undone") : "%s", c->at);
	int bx = 2 * u + g->name_w + u, by = y;
	if (g->stacked) {
		char both[PERSON_TEXT * 2 + 64];
		snprintf(both, sizeof(both), "%s, %s", c->name, at);
		ui_fit(ui, TEXT_SMALL, both, g->name_w, fitted, sizeof(fitted));
		ui_text(ui, TEXT_SMALL, fitted, 2 * u, y, c->undone ? UI_DIM : UI_TEXT, TEXT_LEFT,
			0);
		bx = 2 * u;
		by = y + lh + u / 2;
	} else {
		ui_fit(ui, TEXT_SMALL, c->name, g->name_w, fitted, sizeof(fitted));
		ui_text(ui, TEXT_SMALL, fitted, 2 * u, y + (t - 2 * lh) / 2, UI_TEXT, TEXT_LEFT, 0);
		ui_text(ui, TEXT_SMALL, at, 2 * u, y + (t - 2 * lh) / 2 + lh,
			c->undone ? UI_DIM : UI_AMBER, TEXT_LEFT, 0);
	}
	if (!c->undone) {
		widget_button_ex(ui, (SDL_Rect){bx, by, g->undo_w, t}, _("Undo"), NULL,
				 BOOTH_ACTION_UNDO, WIDGET_SECONDARY, c->id, NULL);
	}
	bx += g->undo_w + u;
	char label[UI_LABEL_MAX];
	if (g->badges) {
		snprintf(label, sizeof(label), _("Reprint badge: %s"), c->name);
		widget_button_ex(ui, (SDL_Rect){bx, by, g->badge_w, t}, label, _("Badge"),
				 BOOTH_ACTION_REPRINT_BADGE, WIDGET_SECONDARY, c->attendee, NULL);
		bx += g->badge_w + u;
	}
	if (g->del_row) {
		bx = 2 * u;
		by += t + u;
	}
	snprintf(label, sizeof(label), _("Delete photos: %s"), c->name);
	widget_button_ex(ui, (SDL_Rect){bx, by, g->del_w, t}, label, _("Delete photos"),
			 BOOTH_ACTION_FORGET, WIDGET_SECONDARY, c->attendee, NULL);
	return by + t + u;
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
	struct row_geom g = {.badges = m->print && m->print->printer[1].used};
	g.stacked = g.badges && ui->portrait;
	/* each as wide as its word needs, the name taking what is left */
	g.undo_w = ui_button_width(ui, _("Undo"), ui->portrait ? (ui->w - 4 * u) / 4 : ui->w / 6);
	g.del_w = ui_button_width(ui, _("Delete photos"),
				  ui->portrait ? (ui->w - 4 * u) * 2 / 5 : ui->w * 17 / 50);
	g.badge_w = g.badges ? ui_button_width(ui, _("Badge"), g.undo_w) : 0;
	if (g.stacked) { /* Undo and Badge side by side, Delete photos under them */
		g.undo_w = g.badge_w = (ui->w - 5 * u) / 2;
		g.del_w = ui->w - 4 * u;
	}
	g.name_w = ui->w - 4 * u - g.undo_w - g.del_w - g.badge_w - (g.badges ? 3 : 2) * u;
	if (!g.stacked && g.name_w < ui->w / 4) {
		/* long words leave the name too little room: buttons under it */
		g.stacked = true;
		g.undo_w = g.badge_w = (ui->w - 5 * u) / 2;
		g.del_w = ui->w - 4 * u;
		if (!g.badges) { /* Undo and Delete photos side by side, if they fit */
			g.badge_w = 0;
			g.undo_w = ui_button_width(ui, _("Undo"), (ui->w - 5 * u) / 3);
			g.del_w = ui->w - 5 * u - g.undo_w;
			if (ui_button_width(ui, _("Delete photos"), 0) > g.del_w) {
				g.undo_w = (ui->w - 5 * u) / 2;
				g.del_w = ui->w - 4 * u;
			}
		}
	}
	g.del_row = g.stacked && g.del_w == ui->w - 4 * u;
	if (g.stacked) {
		g.name_w = ui->w - 4 * u;
	}
	int row_h = g.stacked ? text_line_height(ui->text, TEXT_SMALL) + u / 2 +
					(g.del_row ? 2 * t + u : t)
			      : t;
	int shown = 0;
	for (int i = st->staff_offset; i < m->recent_count && y + row_h <= bottom; i++) {
		y = recent_row(ui, &m->recent[i], &g, y);
		shown++;
	}
	if (m->recent_count == 0) {
		ui_text(ui, TEXT_BODY, _("No check-ins yet."), 2 * u, y, UI_DIM, TEXT_LEFT, 0);
	}
	int third = (ui->w - 6 * u) / 3;
	SDL_Rect row = {2 * u, ui->h - 2 * u - t, third, t};
	widget_button(ui, row, _("Back"), BOOTH_ACTION_BACK, WIDGET_SECONDARY);
	/* a word too long for its button gives way to an arrow */
	const char *newer = _("Newer"), *older = _("Older");
	if (ui_button_width(ui, newer, 0) > third || ui_button_width(ui, older, 0) > third) {
		newer = "\xe2\x96\xb2"; /* ▲ */
		older = "\xe2\x96\xbc"; /* ▼ */
	}
	if (st->staff_offset > 0) {
		widget_button_ex(ui, (SDL_Rect){row.x + third + u, row.y, third, t}, _("Newer"),
				 newer, BOOTH_ACTION_STAFF_SCROLL, WIDGET_SECONDARY, -shown, NULL);
	}
	if (st->staff_offset + shown < m->recent_count) {
		widget_button_ex(ui, (SDL_Rect){row.x + 2 * (third + u), row.y, third, t},
				 _("Older"), older, BOOTH_ACTION_STAFF_SCROLL, WIDGET_SECONDARY,
				 shown, NULL);
	}
}

static void language_page(struct ui *ui, const struct ui_model *m)
{
	int u = ui->u, t = ui->target;
	int y = 2 * u;
	SDL_Rect r =
		ui_text(ui, TEXT_BODY, _("Language and access"), 2 * u, y, UI_TEXT, TEXT_LEFT, 0);
	y += r.h + u;
	y = widget_languages(ui, 2 * u, y, ui->w - 4 * u, i18n_default()) + 2 * u;
	/* what every guest starts with */
	r = ui_text(ui, TEXT_SMALL,
		    _("Badges and exports speak the event's language. Every guest starts with "
		      "these, and can change them on the start screen for their visit:"),
		    2 * u, y, UI_DIM, TEXT_LEFT, ui->w - 4 * u);
	y += r.h + u;
	/* three across, the fourth on the right under them, clear of Back; or one under the
	 * other on a portrait panel */
	int cols = ui->portrait ? 1 : 3;
	int sw = (ui->w - 4 * u - (cols - 1) * u) / cols;
	for (int i = 0; i < UI_ACCESS_SWITCHES; i++) {
		int col = cols == 1 ? 0 : i < cols ? i : cols - 1;
		SDL_Rect sr = {2 * u + col * (sw + u), y + (i / cols) * (t + u), sw, t};
		widget_switch(ui, sr, _(ui_access_switches[i].label),
			      m->booth->cfg.access & ui_access_switches[i].bit,
			      BOOTH_ACTION_ACCESS_TOGGLE, ui_access_switches[i].bit);
	}
	widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - t, ui->w / 3, t}, _("Back"),
		      BOOTH_ACTION_BACK, WIDGET_SECONDARY);
}

static void settings(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	int u = ui->u, t = ui->target;
	int bw = ui->portrait ? (ui->w - 4 * u) * 2 / 5 : ui->w * 3 / 10;
	/* the buttons as wide as their longest word needs, up to half the page */
	const char *words[] = {_("Next layout"), _("Turn off"),   _("Turn on"),
			       _("Import"),      _("Phones: on"), _("Phones: off")};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		bw = ui_button_width(ui, words[i], bw);
	}
	int most = (ui->w - 6 * u) * 11 / 20;
	bw = bw < most ? bw : most;
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
	snprintf(line, sizeof(line), "%s",
		 st->cfg.photo_at_checkin ? _("Photo at check-in: on")
					  : _("Photo at check-in: off"));
	ui_text(ui, TEXT_BODY, line, 2 * u, y + (t - lh) / 2, UI_TEXT, TEXT_LEFT, text_w);
	widget_button(ui, (SDL_Rect){ui->w - 2 * u - bw, y, bw, t},
		      st->cfg.photo_at_checkin ? _("Turn off") : _("Turn on"),
		      BOOTH_ACTION_PHOTO_AT_CHECKIN, WIDGET_SECONDARY);
	y += t + u;
	snprintf(line, sizeof(line),
		 ngettext_("Guest list: %lld guest", "Guest list: %lld guests",
			   m->stats ? m->stats->attendees : 0),
		 m->stats ? (long long)m->stats->attendees : 0LL);
	ui_text(ui, TEXT_BODY, line, 2 * u, y + (t - lh) / 2, UI_TEXT, TEXT_LEFT, text_w);
	widget_button_ex(ui, (SDL_Rect){ui->w - 2 * u - bw, y, bw, t}, _("Import from USB"),
			 _("Import"), BOOTH_ACTION_IMPORT, WIDGET_SECONDARY, 0, NULL);
	/* the bottom row: Back, the event's language, and pages for phones when set up; on a
	 * portrait panel the language has a row of its own above */
	int back_w = ui->portrait ? (ui->w - 5 * u) * 2 / 5 : ui->w / 4;
	widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - t, back_w, t}, _("Back"),
		      BOOTH_ACTION_BACK, WIDGET_SECONDARY);
	int lx = 3 * u + back_w, lw = ui->w - 2 * u - lx - (st->cfg.share_available ? bw + u : 0);
	int ly = ui->h - 2 * u - t;
	if (ui->portrait) {
		lx = 2 * u;
		lw = ui->w - 4 * u;
		ly -= t + u;
	}
	char language[96];
	snprintf(language, sizeof(language), _("Language: %s"), i18n_language_name(i18n_default()));
	int w, h;
	text_measure(ui->text, TEXT_BUTTON, language, 0, &w, &h);
	widget_button_ex(ui, (SDL_Rect){lx, ly, lw, t}, _("Language"),
			 w <= lw - u ? language : i18n_language_name(i18n_default()),
			 BOOTH_ACTION_STAFF_PAGE, WIDGET_SECONDARY, BOOTH_STAFF_LANGUAGE, NULL);
	if (st->cfg.share_available) {
		int pw = ui->portrait ? ui->w - 5 * u - back_w : bw;
		widget_button(ui, (SDL_Rect){ui->w - 2 * u - pw, ui->h - 2 * u - t, pw, t},
			      st->cfg.share ? _("Phones: on") : _("Phones: off"),
			      BOOTH_ACTION_SHARE, WIDGET_SECONDARY);
	}
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
	case BOOTH_STAFF_CLOCK:
		clock_page(ui, m);
		break;
	case BOOTH_STAFF_PRINT:
		staff_print_page(ui, m);
		break;
	case BOOTH_STAFF_IMPORT:
		staff_import_page(ui, m);
		break;
	case BOOTH_STAFF_PEERS:
		staff_peers_page(ui, m);
		break;
	case BOOTH_STAFF_LANGUAGE:
		language_page(ui, m);
		break;
	default:
		home(ui, m);
		break;
	}
}
