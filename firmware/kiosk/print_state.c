/* What a printer's state means: for the config check at start, `gatherbooth check`, staff and
 * guests. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "badge.h"
#include "i18n.h"
#include "print-private.h"

bool print_check_config(const struct config *cfg, char *err, size_t errlen)
{
	for (int r = 0; r < PRINT_ROLES; r++) {
		const char *q = printer_of(cfg, r);
		if (strcmp(q, "none") == 0) {
			continue;
		}
		struct print_cups_printer p;
		enum print_cups_reply rep = print_cups_printer(q, &p);
		if (rep != PRINT_CUPS_NO_QUEUE) {
			continue; /* there, or cupsd not running: staff see that */
		}
		char names[1024];
		print_cups_queues(names, sizeof(names));
		const char *at = r == PRINT_STRIPS ? cfg->strip_printer_at : cfg->badge_printer_at;
		snprintf(err, errlen, "%s: %s: no printer queue \"%s\" (the queues are: %s)",
			 at[0] ? at : "[print]",
			 r == PRINT_STRIPS ? "strip_printer" : "badge_printer", q,
			 names[0] ? names : "none");
		return false;
	}
	return true;
}

const char *print_guest_line(const struct print_status *st)
{
	return st->q[PRINT_STRIPS].guest;
}

/* What a printer's state-reasons mean, for staff and for guests. */
static const struct {
	const char *keyword, *staff, *guest;
} reasons[] = {
	{"media-empty", N_("out of paper"),
	 N_("The printer is out of paper. Your photos are saved and will print once it is "
	    "refilled.")},
	{"media-needed", N_("out of paper"),
	 N_("The printer is out of paper. Your photos are saved and will print once it is "
	    "refilled.")},
	{"media-jam", N_("paper jam"),
	 N_("The printer has a paper jam. Your photos are saved and will print once it is "
	    "cleared.")},
	{"marker-supply-empty", N_("out of ink or ribbon"),
	 N_("The printer needs a new ribbon. Your photos are saved and will print once it is "
	    "replaced.")},
	{"toner-empty", N_("out of toner"),
	 N_("The printer needs toner. Your photos are saved and will print once it is replaced.")},
	{"offline", N_("offline"),
	 N_("The printer is offline. Your photos are saved and will print once it is back.")},
	{"paused", N_("paused"),
	 N_("The printer is paused. Your photos are saved and will print once it is back.")},
};

static const char *const GUEST_STOPPED =
	N_("The printer is paused. Your photos are saved and will print once it is back.");

void print_describe(const struct print_cups_printer *p, struct print_queue_status *q)
{
	q->stopped = p->state == 5;
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (strstr(p->reasons, reasons[i].keyword)) {
			/* the printer's own words too, unless they say the same */
			bool same = strncasecmp(p->message, reasons[i].staff,
						strlen(reasons[i].staff)) == 0;
			snprintf(q->problem, sizeof(q->problem), "%s%s%s", _(reasons[i].staff),
				 p->message[0] && !same ? ": " : "", same ? "" : p->message);
			snprintf(q->guest, sizeof(q->guest), "%s", reasons[i].guest);
			return;
		}
	}
	if (q->stopped) {
		snprintf(q->problem, sizeof(q->problem), "stopped%s%s", p->message[0] ? ": " : "",
			 p->message);
		snprintf(q->guest, sizeof(q->guest), "%s", GUEST_STOPPED);
	}
}

enum print_verdict print_check_printer(const struct config *cfg, enum print_role role, char *detail,
				       size_t len, char *fix, size_t fixlen)
{
	const char *name = printer_of(cfg, role);
	fix[0] = '\0';
	struct print_cups_printer p;
	enum print_cups_reply rep = print_cups_printer(name, &p);
	if (rep == PRINT_CUPS_DOWN) {
		snprintf(detail, len, "%s: the print service is not running%s", name,
			 print_cups_built() ? "" : " (built without CUPS)");
		snprintf(fix, fixlen,
			 "install and start it: apt install cups; systemctl enable --now cups");
		return PRINT_FAIL;
	}
	if (rep != PRINT_CUPS_OK) {
		char names[1024];
		print_cups_queues(names, sizeof(names));
		snprintf(detail, len, "no printer queue \"%s\" (the queues are: %s)", name,
			 names[0] ? names : "none");
		snprintf(fix, fixlen,
			 "add it with lpadmin or http://localhost:631, or name another");
		return PRINT_FAIL;
	}
	struct print_queue_status q = {0};
	print_describe(&p, &q);
	const struct badge_stock *stock = badge_stock_find(cfg->badge_stock);
	char media[128];
	bool listed = true;
	if (role == PRINT_BADGES && stock) {
		print_cups_media(p.media, stock->size_w, stock->size_h, media, sizeof(media),
				 &listed);
	}
	if (!listed) {
		snprintf(detail, len, "%s: it has no %s media", p.queue, stock->label);
		snprintf(fix, fixlen,
			 "load that stock and choose it in the printer's options, or set "
			 "badge_stock to what is loaded");
		return PRINT_FAIL;
	}
	if (q.problem[0]) {
		snprintf(detail, len, "%s: %s", p.queue, q.problem);
		snprintf(fix, fixlen,
			 "see to the printer, then Resume printer on the staff screen "
			 "(or: cupsenable %s)",
			 p.queue);
		return PRINT_WARN;
	}
	snprintf(detail, len, "%s: ready%s%s", p.queue, p.message[0] ? ", " : "", p.message);
	return PRINT_PASS;
}
