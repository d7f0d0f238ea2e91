/* staff, import: the guest list found on a USB stick, shown before anything is stored: which
 * file, how it was read, which column each field comes from, the first guests as they will be
 * stored, and the rows that cannot be; then "Import N guests". */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

/* The fields worth showing, with the roster field each comes from. */
static const struct {
	const char *label;
	int field;
} shown[] = {
	{N_("Name"), 0},  {N_("First name"), 1},   {N_("Last name"), 2},
	{N_("Email"), 3}, {N_("Organization"), 4}, {N_("Badge code"), 7},
};

/* "Name: Attendee name · Email: E-mail · Badge code: Order code" */
static void columns_line(const struct ui_import *im, char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]) && n + 4 < len; i++) {
		const char *col = im->columns[shown[i].field];
		if (col[0]) {
			n += (size_t)snprintf(out + n, len - n, "%s%s: %s", n ? " \xc2\xb7 " : "",
					      _(shown[i].label), col);
		}
	}
}

static int widest(struct ui *ui, const struct ui_import *im, int column, int cap)
{
	int most = 0;
	for (int i = 0; i < im->sample_count; i++) {
		const char *v = column ? im->sample[i].badge : im->sample[i].organization;
		int w, h;
		text_measure(ui->text, TEXT_SMALL, v, 0, &w, &h);
		most = w > most ? w : most;
	}
	return most < cap ? most : cap;
}

/* The first guests as they will be stored: name, organization (not on a portrait panel),
 * badge code; the code and organization as wide as they need, the name the rest. */
static int sample_table(struct ui *ui, const struct ui_import *im, int y, int rows)
{
	int u = ui->u, w = ui->w - 4 * u;
	int badge_w = widest(ui, im, 1, w / 4);
	int rest = w - badge_w - (ui->portrait ? u : 2 * u);
	int org_w = ui->portrait ? 0 : widest(ui, im, 0, rest / 2);
	int name_w = rest - org_w;
	int lh = text_line_height(ui->text, TEXT_SMALL);
	for (int i = 0; i < rows; i++) {
		char fitted[256];
		int x = 2 * u;
		ui_fit(ui, TEXT_SMALL, im->sample[i].name, name_w, fitted, sizeof(fitted));
		ui_text(ui, TEXT_SMALL, fitted, x, y, UI_TEXT, TEXT_LEFT, 0);
		x += name_w + u;
		if (org_w > 0) {
			ui_fit(ui, TEXT_SMALL, im->sample[i].organization, org_w, fitted,
			       sizeof(fitted));
			ui_text(ui, TEXT_SMALL, fitted, x, y, UI_DIM, TEXT_LEFT, 0);
			x += org_w + u;
		}
		ui_fit(ui, TEXT_SMALL, im->sample[i].badge, badge_w, fitted, sizeof(fitted));
		ui_text(ui, TEXT_SMALL, fitted, x, y, UI_DIM, TEXT_LEFT, 0);
		y += lh;
	}
	return y;
}

/* Everything above `limit`: the table keeps the rows there is room for. */
static int preview(struct ui *ui, const struct ui_model *m, int y, int limit)
{
	const struct ui_import *im = m->import;
	const struct booth_state *st = m->booth;
	int u = ui->u, wrap = ui->w - 4 * u;
	char line[640], fitted[640];
	if (im->sheet[0]) {
		snprintf(line, sizeof(line), _("%s, sheet %s"), im->file, im->sheet);
	} else {
		snprintf(line, sizeof(line), "%s", im->file);
	}
	ui_fit(ui, TEXT_SMALL, line, wrap, fitted, sizeof(fitted));
	SDL_Rect r = ui_text(ui, TEXT_SMALL, fitted, 2 * u, y, UI_TEXT, TEXT_LEFT, 0);
	y += r.h;
	if (im->note[0]) {
		r = ui_text(ui, TEXT_SMALL, im->note, 2 * u, y, UI_AMBER, TEXT_LEFT, wrap);
		y += r.h;
	}
	columns_line(im, line, sizeof(line));
	r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_DIM, TEXT_LEFT, wrap);
	y += r.h + u / 2;
	int lh = text_line_height(ui->text, TEXT_SMALL);
	int rows = (limit - y - u - (im->refused ? 2 : 1) * lh) / lh;
	rows = rows < 0 ? 0 : rows > im->sample_count ? im->sample_count : rows;
	y = sample_table(ui, im, y, rows) + u / 2;
	snprintf(line, sizeof(line),
		 ngettext_("%d guest to import.", "%d guests to import.", st->import_rows),
		 st->import_rows);
	r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_TEXT, TEXT_LEFT, wrap);
	y += r.h;
	if (im->refused) {
		snprintf(line, sizeof(line),
			 ngettext_(
				 "%d row cannot be imported and will be left out (row %s).",
				 "%d rows cannot be imported and will be left out (first: row %s).",
				 im->refused),
			 im->refused, im->first_bad);
		ui_fit(ui, TEXT_SMALL, line, wrap, fitted, sizeof(fitted));
		r = ui_text(ui, TEXT_SMALL, fitted, 2 * u, y, UI_AMBER, TEXT_LEFT, 0);
		y += r.h;
	}
	return y;
}

void staff_import_page(struct ui *ui, const struct ui_model *m)
{
	const struct booth_state *st = m->booth;
	int u = ui->u, t = ui->target, wrap = ui->w - 4 * u;
	int y = 2 * u;
	SDL_Rect r =
		ui_text(ui, TEXT_BODY, _("Import a guest list"), 2 * u, y, UI_TEXT, TEXT_LEFT, 0);
	y += r.h + u;
	switch (st->import) {
	case BOOTH_IMPORT_READING:
		ui_text(ui, TEXT_SMALL, _("Reading the USB stick\xe2\x80\xa6"), 2 * u, y, UI_DIM,
			TEXT_LEFT, wrap);
		break;
	case BOOTH_IMPORT_FAILED:
		ui_text(ui, TEXT_SMALL, st->import_error, 2 * u, y, UI_ERROR, TEXT_LEFT, wrap);
		break;
	case BOOTH_IMPORT_STORING:
		ui_text(ui, TEXT_SMALL, _("Importing\xe2\x80\xa6"), 2 * u, y, UI_AMBER, TEXT_LEFT,
			wrap);
		return; /* no way out until it is stored */
	case BOOTH_IMPORT_READY:
		if (m->import) {
			int buttons = ui->portrait ? 2 * t + 2 * u : t + u;
			preview(ui, m, y, ui->h - 2 * u - buttons);
		}
		break;
	default:
		break;
	}
	/* Back at the bottom left; the import beside it, or above it across a portrait panel */
	int half = (ui->w - 5 * u) / 2, bottom = ui->h - 2 * u - t;
	widget_button(ui, (SDL_Rect){2 * u, bottom, ui->portrait ? half : ui->w / 3, t}, _("Back"),
		      BOOTH_ACTION_BACK, WIDGET_SECONDARY);
	if (st->import == BOOTH_IMPORT_READY && st->import_rows > 0) {
		char label[96];
		snprintf(label, sizeof(label),
			 ngettext_("Import %d guest", "Import %d guests", st->import_rows),
			 st->import_rows);
		SDL_Rect r2 = ui->portrait ? (SDL_Rect){2 * u, bottom - t - u, ui->w - 4 * u, t}
					   : (SDL_Rect){ui->w - 2 * u - half, bottom, half, t};
		/* the count is on the page too: the button may say only "Import" */
		bool fits = ui_button_width(ui, label, 0) <= r2.w;
		widget_button_ex(ui, r2, _("Import"), fits ? label : NULL,
				 BOOTH_ACTION_IMPORT_CONFIRM, WIDGET_PRIMARY, 0, NULL);
	}
}
