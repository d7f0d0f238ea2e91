/* staff, printing: each printer's state and reason, the prints waiting, and what staff can do
 * about them (resume a stopped printer, cancel what waits, reprint, send lost prints again). */
#include <stdio.h>

#include "i18n.h"
#include "ui-private.h"

static const char *const roles[2] = {N_("Strip printer"), N_("Badge printer")};

/* "Strip printer (photo): out of paper. Waiting: 2. Printed: 40." */
static void printer_line(const struct ui_print *p, int i, char *out, size_t len)
{
	const struct ui_printer *q = &p->printer[i];
	char state[256];
	if (!p->service) {
		snprintf(state, sizeof(state), "%s",
			 _("Printing is off: the print service is not running"));
	} else if (q->problem[0]) {
		snprintf(state, sizeof(state), "%s", q->problem);
	} else {
		snprintf(state, sizeof(state), "%s", _("ready"));
	}
	snprintf(out, len, _("%s (%s): %s. Waiting: %d. Printed: %lld."), _(roles[i]), q->queue,
		 state, q->waiting, q->printed);
}

int staff_print_summary(struct ui *ui, const struct ui_model *m, int y)
{
	const struct ui_print *p = m->print;
	if (!p) {
		return y;
	}
	int u = ui->u;
	for (int i = 0; i < 2; i++) {
		const struct ui_printer *q = &p->printer[i];
		if (!q->used) {
			continue;
		}
		/* short: the details are on the Printing page */
		char line[400], fitted[400];
		if (!p->service) {
			snprintf(line, sizeof(line), "%s",
				 _("Printing is off: the print service is not running"));
		} else {
			snprintf(line, sizeof(line), _("%s: %s. Waiting: %d."), _(roles[i]),
				 q->problem[0] ? q->problem : _("ready"), q->waiting);
		}
		ui_fit(ui, TEXT_SMALL, line, ui->w - 4 * u, fitted, sizeof(fitted));
		bool bad = !p->service || q->problem[0];
		SDL_Rect r = ui_text(ui, TEXT_SMALL, fitted, 2 * u, y, bad ? UI_ERROR : UI_DIM,
				     TEXT_LEFT, 0);
		y += r.h;
		if (!p->service) {
			break; /* one line says it for both */
		}
	}
	return y + u / 2;
}

void staff_print_page(struct ui *ui, const struct ui_model *m)
{
	const struct ui_print *p = m->print;
	int u = ui->u, t = ui->target;
	int y = 2 * u, wrap = ui->w - 4 * u;
	SDL_Rect r = ui_text(ui, TEXT_BODY, _("Printing"), 2 * u, y, UI_TEXT, TEXT_LEFT, 0);
	y += r.h + u;
	for (int i = 0; p && i < 2; i++) {
		if (!p->printer[i].used) {
			continue;
		}
		char line[600];
		printer_line(p, i, line, sizeof(line));
		bool bad = !p->service || p->printer[i].problem[0];
		r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, bad ? UI_ERROR : UI_TEXT, TEXT_LEFT,
			    wrap);
		y += r.h + u / 2;
	}
	if (p && p->lost) {
		char line[160];
		snprintf(line, sizeof(line),
			 ngettext_("%d print was lost by the print service or a restart.",
				   "%d prints were lost by the print service or a restart.",
				   p->lost),
			 p->lost);
		r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_AMBER, TEXT_LEFT, wrap);
		y += r.h + u / 2;
	}
	if (p && p->failed && p->last_failure[0]) {
		char line[300];
		snprintf(line, sizeof(line), _("Not printed: %s"), p->last_failure);
		r = ui_text(ui, TEXT_SMALL, line, 2 * u, y, UI_DIM, TEXT_LEFT, wrap);
		y += r.h + u / 2;
	}
	/* the buttons, two columns, above Back */
	struct {
		const char *label;
		enum booth_action action;
		int id;
		bool shown;
	} b[] = {
		{_("Resume printer"), BOOTH_ACTION_PRINT_RESUME, 0,
		 p && p->printer[0].used && p->printer[0].stopped},
		{_("Resume badge printer"), BOOTH_ACTION_PRINT_RESUME, 1,
		 p && p->printer[1].used && p->printer[1].stopped},
		{_("Cancel waiting prints"), BOOTH_ACTION_PRINT_CANCEL, 0,
		 p && (p->printer[0].waiting || p->printer[1].waiting)},
		{_("Reprint last strip"), BOOTH_ACTION_PRINT_REPRINT, 0, p && p->printer[0].used},
		{_("Resend lost prints"), BOOTH_ACTION_PRINT_RESUBMIT, 0, p && p->lost},
	};
	int cols = ui->portrait ? 1 : 2, bw = (wrap - (cols - 1) * u) / cols, k = 0;
	int top = y > ui->h - 2 * u - t - 3 * (t + u) ? y : ui->h - 2 * u - t - 3 * (t + u);
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		if (!b[i].shown) {
			continue;
		}
		SDL_Rect br = {2 * u + (k % cols) * (bw + u), top + (k / cols) * (t + u), bw, t};
		widget_button_ex(ui, br, b[i].label, NULL, b[i].action, WIDGET_SECONDARY, b[i].id,
				 NULL);
		k++;
	}
	widget_button(ui, (SDL_Rect){2 * u, ui->h - 2 * u - t, ui->w / 3, t}, _("Back"),
		      BOOTH_ACTION_BACK, WIDGET_SECONDARY);
}
