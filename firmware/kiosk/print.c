#include "print.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define LOG_MODULE "print"
#include "log.h"

#include "badge.h"
#include "error.h"
#include "glyphs.h"
#include "i18n.h"
#include "layout.h"
#include "parallel.h"
#include "photo.h"
#include "picture.h"
#include "pngimage.h"
#include "print-private.h"
#include "print_cups.h"
#include "store.h"
#include "store_people.h"
#include "store_print.h"
#include "xalloc.h"

#define POLL_MS 1000
#define MAX_OPS 16

struct print_worker {
	struct config cfg;
	char data_dir[PATH_MAX], assets_dir[PATH_MAX];
	struct print_listener listener;
	const struct badge_stock *stock;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool woken, stopping;
	struct print_req {
		enum print_op op;
		int64_t id;
	} ops[MAX_OPS];
	int n_ops;
	/* the worker's own */
	struct store *store;
	struct glyphs *bold, *regular;
	struct print_status status, published;
	bool have_published;
	struct print_cups_printer printer[PRINT_ROLES];
	bool media_ok[PRINT_ROLES];
	char media[PRINT_ROLES][128];
};

bool print_wanted(const struct config *cfg)
{
	return strcmp(cfg->strip_printer, "none") != 0 || strcmp(cfg->badge_printer, "none") != 0;
}

/* Asks cupsd about each configured printer; fills status. */
static void poll_printers(struct print_worker *pw)
{
	struct print_status *st = &pw->status;
	st->service = print_cups_built();
	for (int r = 0; r < PRINT_ROLES && st->service; r++) {
		struct print_queue_status *q = &st->q[r];
		const char *name = printer_of(&pw->cfg, r);
		q->used = strcmp(name, "none") != 0;
		snprintf(q->queue, sizeof(q->queue), "%s", name);
		q->found = q->stopped = false;
		q->problem[0] = q->guest[0] = '\0';
		if (!q->used) {
			continue;
		}
		enum print_cups_reply rep = print_cups_printer(name, &pw->printer[r]);
		if (rep == PRINT_CUPS_DOWN) {
			st->service = false;
			break;
		}
		if (rep != PRINT_CUPS_OK) {
			snprintf(q->problem, sizeof(q->problem), "cupsd has no printer \"%s\"",
				 name);
			continue;
		}
		q->found = true;
		snprintf(q->queue, sizeof(q->queue), "%s", pw->printer[r].queue);
		print_describe(&pw->printer[r], q);
		if (r == PRINT_BADGES && pw->stock) {
			print_cups_media(pw->printer[r].media, pw->stock->size_w, pw->stock->size_h,
					 pw->media[r], sizeof(pw->media[r]), &pw->media_ok[r]);
			if (!pw->media_ok[r] && !q->problem[0]) {
				snprintf(q->problem, sizeof(q->problem),
					 "it has no %s media; set badge_stock to what is loaded",
					 pw->stock->label);
			}
		} else {
			pw->media_ok[r] = true;
		}
	}
	for (int r = 0; r < PRINT_ROLES && !st->service; r++) {
		st->q[r].used = strcmp(printer_of(&pw->cfg, r), "none") != 0;
		st->q[r].found = false;
		snprintf(st->q[r].queue, sizeof(st->q[r].queue), "%s", printer_of(&pw->cfg, r));
		snprintf(st->q[r].problem, sizeof(st->q[r].problem), "%s",
			 print_cups_built()
				 ? _("Printing is off: the print service is not running")
				 : _("Printing is off: this gatherbooth was built without CUPS"));
		snprintf(st->q[r].guest, sizeof(st->q[r].guest), "%s",
			 st->q[r].used ? N_("Printing is paused. Your photos are saved.") : "");
	}
}

/* The PNG of a strip's sheet or a badge; NULL with why. media receives the PWG name. */
static unsigned char *render(struct print_worker *pw, const struct store_print *p, size_t *len,
			     char *media, size_t medialen, char *why, size_t whylen)
{
	char rel[PATH_MAX], path[PATH_MAX * 2], layout_name[64] = "";
	struct image *page = NULL;
	if (p->kind == STORE_PRINT_STRIP) {
		if (!store_print_session_file(pw->store, p->session, rel, sizeof(rel), layout_name,
					      sizeof(layout_name)) ||
		    !rel[0]) {
			snprintf(why, whylen, "the session's photos are gone");
			return NULL;
		}
		snprintf(path, sizeof(path), "%s/%s", pw->data_dir, rel);
		struct image *strip = picture_read_file(path, 0, 0, why, whylen);
		struct layout l;
		char dir[PATH_MAX + 16];
		snprintf(dir, sizeof(dir), "%s/layouts", pw->assets_dir);
		if (strip && !layout_load(dir, layout_name, &l, why, whylen)) {
			layout_parse("", 0, "default", &l, why, whylen);
		}
		if (strip) {
			page = photo_sheet(&l, strip);
			image_destroy(strip);
		}
		bool listed;
		print_cups_media(pw->printer[PRINT_STRIPS].media,
				 page ? page->width * 2540 / 300 : 0,
				 page ? page->height * 2540 / 300 : 0, media, medialen, &listed);
	} else {
		struct person person;
		bool found = false;
		if (!store_person_get(pw->store, p->attendee, &person, &found) || !found) {
			snprintf(why, whylen, "no attendee %lld", (long long)p->attendee);
			return NULL;
		}
		struct image *photo = NULL;
		if (store_print_attendee_photo(pw->store, p->attendee, rel, sizeof(rel)) &&
		    rel[0]) {
			snprintf(path, sizeof(path), "%s/%s", pw->data_dir, rel);
			char ignored[256];
			/* a badge's photo is a few hundred pixels: no need for all twelve
			 * megapixels */
			photo = picture_read_file(path, BADGE_PHOTO_DECODE, BADGE_PHOTO_DECODE,
						  ignored, sizeof(ignored));
		}
		struct badge_info info = {.name = person.name,
					  .organization = person.organization,
					  .code = person.badge_code};
		page = badge_compose_size(&info, photo, pw->stock->width, pw->stock->height,
					  pw->bold, pw->regular);
		image_destroy(photo);
		snprintf(media, medialen, "%s", pw->media[PRINT_BADGES]);
	}
	if (!page) {
		return NULL;
	}
	unsigned char *data = NULL;
	bool ok = png_encode(page, &data, len);
	image_destroy(page);
	if (!ok) {
		snprintf(why, whylen, "the page could not be encoded");
		return NULL;
	}
	return data;
}

static void set_state(struct print_worker *pw, int64_t id, enum store_print_state state, int job,
		      const char *reason)
{
	if (!store_print_set(pw->store, id, state, job, reason)) {
		LOG_ERR("print %lld: database: %s", (long long)id, store_errmsg(pw->store));
	}
}

/* Sends one queued print; false when it must wait (cupsd down, or the printer cannot take it
 * yet). The row is marked "sending" first, so a crash between CUPS taking it and the row
 * saying so leaves a print staff decide about, never one sent twice. */
static bool send_one(struct print_worker *pw, const struct store_print *p)
{
	enum print_role role = p->kind == STORE_PRINT_STRIP ? PRINT_STRIPS : PRINT_BADGES;
	struct print_queue_status *q = &pw->status.q[role];
	if (!pw->status.service || !q->found || !pw->media_ok[role]) {
		return false;
	}
	char media[128] = "", why[300] = "";
	size_t len = 0;
	unsigned char *doc = render(pw, p, &len, media, sizeof(media), why, sizeof(why));
	if (!doc) {
		LOG_ERR("print %lld: %s", (long long)p->id, why);
		set_state(pw, p->id, STORE_PRINT_FAILED, 0, why);
		return true;
	}
	set_state(pw, p->id, STORE_PRINT_SENDING, 0, NULL);
	char title[64];
	snprintf(title, sizeof(title), "gatherbooth %s %lld", p->kind ? "badge" : "strip",
		 (long long)p->id);
	int job = 0;
	enum print_cups_reply rep = print_cups_submit(p->printer, title, doc, len, media, p->copies,
						      &job, why, sizeof(why));
	free(doc);
	if (rep == PRINT_CUPS_OK) {
		LOG_INFO("print %lld: sent to %s as job %d (%s)", (long long)p->id, q->queue, job,
			 media);
		set_state(pw, p->id, STORE_PRINT_SENT, job, NULL);
		return true;
	}
	if (rep == PRINT_CUPS_DOWN) {
		set_state(pw, p->id, STORE_PRINT_QUEUED, 0, NULL);
		pw->status.service = false;
		return false;
	}
	LOG_ERR("print %lld: %s refused it: %s", (long long)p->id, q->queue, why);
	set_state(pw, p->id, STORE_PRINT_FAILED, 0, why);
	return true;
}

struct queued {
	struct store_print rows[32];
	int n;
};

static void collect(const struct store_print *p, void *ctx)
{
	struct queued *q = ctx;
	if (q->n < (int)(sizeof(q->rows) / sizeof(q->rows[0]))) {
		q->rows[q->n++] = *p;
	}
}

/* Sends what is queued, oldest first; a print whose printer cannot take it now waits without
 * holding up the other printer's. */
static void send_queued(struct print_worker *pw)
{
	struct queued *q = xcalloc(1, sizeof(*q));
	bool blocked[PRINT_ROLES] = {false, false};
	if (store_print_each(pw->store, STORE_PRINT_QUEUED, collect, q)) {
		for (int i = 0; i < q->n; i++) {
			int role =
				q->rows[i].kind == STORE_PRINT_STRIP ? PRINT_STRIPS : PRINT_BADGES;
			if (!blocked[role] && !send_one(pw, &q->rows[i])) {
				blocked[role] = true;
			}
		}
	}
	free(q);
}

static const char *const GUEST_WAITING =
	N_("The printer is not answering. Your photos are saved and will print once it is "
	   "back.");

/* Follows a sent print's job. */
static void follow(const struct store_print *p, void *ctx)
{
	struct print_worker *pw = ctx;
	if (!pw->status.service) {
		return;
	}
	enum print_cups_job js;
	char reason[200];
	if (print_cups_job(p->cups_job, &js, reason, sizeof(reason)) != PRINT_CUPS_OK) {
		pw->status.service = false;
		return;
	}
	switch (js) {
	case PRINT_JOB_DONE:
		LOG_INFO("print %lld: job %d printed", (long long)p->id, p->cups_job);
		set_state(pw, p->id, STORE_PRINT_DONE, 0, NULL);
		break;
	case PRINT_JOB_CANCELLED:
		set_state(pw, p->id, STORE_PRINT_CANCELLED, 0, reason);
		break;
	case PRINT_JOB_ABORTED:
		LOG_WARN("print %lld: job %d aborted: %s", (long long)p->id, p->cups_job, reason);
		set_state(pw, p->id, STORE_PRINT_FAILED, 0, reason[0] ? reason : "aborted");
		break;
	case PRINT_JOB_WAITING:
	case PRINT_JOB_STOPPED:
		/* a job held for a retry: the printer's words, unless the printer says more */
		if (reason[0]) {
			struct print_queue_status *q =
				&pw->status.q[p->kind == STORE_PRINT_STRIP ? PRINT_STRIPS
									   : PRINT_BADGES];
			if (!q->problem[0]) {
				snprintf(q->problem, sizeof(q->problem), "%s", reason);
				snprintf(q->guest, sizeof(q->guest), "%s", GUEST_WAITING);
			}
		}
		break;
	case PRINT_JOB_UNKNOWN:
		LOG_WARN("print %lld: cupsd no longer knows job %d", (long long)p->id, p->cups_job);
		set_state(pw, p->id, STORE_PRINT_LOST, 0, "the print service lost it");
		break;
	}
}

static void note_failure(const struct store_print *p, void *ctx)
{
	struct print_status *st = ctx;
	snprintf(st->last_failure, sizeof(st->last_failure), "%s", p->reason);
}

static void count_rows(struct print_worker *pw)
{
	struct print_status *st = &pw->status;
	st->lost = st->failed = 0;
	for (int r = 0; r < PRINT_ROLES; r++) {
		int64_t n[STORE_PRINT_STATE_COUNT];
		if (!store_print_counts(pw->store,
					r == PRINT_STRIPS ? STORE_PRINT_STRIP : STORE_PRINT_BADGE,
					n)) {
			continue;
		}
		st->q[r].waiting =
			(int)(n[STORE_PRINT_QUEUED] + n[STORE_PRINT_SENDING] + n[STORE_PRINT_SENT]);
		st->q[r].printed = n[STORE_PRINT_DONE];
		st->lost += (int)n[STORE_PRINT_LOST];
		st->failed += (int)n[STORE_PRINT_FAILED];
	}
	st->last_failure[0] = '\0';
	store_print_each(pw->store, STORE_PRINT_FAILED, note_failure, st);
}

static void publish(struct print_worker *pw)
{
	if (pw->have_published && memcmp(&pw->status, &pw->published, sizeof(pw->status)) == 0) {
		return;
	}
	pw->published = pw->status;
	pw->have_published = true;
	if (pw->listener.status) {
		pw->listener.status(pw->listener.data, &pw->status);
	}
}

static void cancel_one(const struct store_print *p, void *ctx)
{
	struct print_worker *pw = ctx;
	char why[200] = "";
	if (p->state == STORE_PRINT_SENT &&
	    print_cups_cancel(p->printer, p->cups_job, why, sizeof(why)) != PRINT_CUPS_OK) {
		LOG_WARN("print %lld: job %d could not be cancelled: %s", (long long)p->id,
			 p->cups_job, why);
		return;
	}
	set_state(pw, p->id, STORE_PRINT_CANCELLED, 0, "cancelled by staff");
}

static void resubmit_one(const struct store_print *p, void *ctx)
{
	struct print_worker *pw = ctx;
	set_state(pw, p->id, STORE_PRINT_QUEUED, 0, "sent again by staff");
}

static void add_reprint(struct print_worker *pw, enum store_print_kind kind, int64_t id)
{
	struct store_print p = {.kind = kind, .copies = 1, .reprint = true};
	const char *printer =
		kind == STORE_PRINT_STRIP ? pw->cfg.strip_printer : pw->cfg.badge_printer;
	if (strcmp(printer, "none") == 0) {
		return;
	}
	snprintf(p.printer, sizeof(p.printer), "%s", printer);
	if (kind == STORE_PRINT_STRIP) {
		if (!store_print_last_session(pw->store, &p.session) || !p.session) {
			LOG_WARN("reprint: no strip to print yet");
			return;
		}
	} else {
		p.attendee = id;
	}
	enum store_print_refusal refused;
	if (!store_print_add(pw->store, &p, 0, &refused)) {
		LOG_ERR("reprint: database: %s", store_errmsg(pw->store));
	} else {
		LOG_INFO("print %lld: a reprint asked for by staff", (long long)p.id);
	}
}

static void run_op(struct print_worker *pw, enum print_op op, int64_t id)
{
	char why[200] = "";
	switch (op) {
	case PRINT_OP_RESUME:
		if (id >= 0 && id < PRINT_ROLES &&
		    print_cups_resume(printer_of(&pw->cfg, (int)id), why, sizeof(why)) !=
			    PRINT_CUPS_OK) {
			LOG_ERR("resume printer %s: %s", printer_of(&pw->cfg, (int)id), why);
		} else {
			LOG_INFO("printer %s resumed", printer_of(&pw->cfg, (int)id));
		}
		break;
	case PRINT_OP_CANCEL:
		store_print_each(pw->store, STORE_PRINT_QUEUED, cancel_one, pw);
		store_print_each(pw->store, STORE_PRINT_SENT, cancel_one, pw);
		break;
	case PRINT_OP_REPRINT_STRIP:
		add_reprint(pw, STORE_PRINT_STRIP, 0);
		break;
	case PRINT_OP_REPRINT_BADGE:
		add_reprint(pw, STORE_PRINT_BADGE, id);
		break;
	case PRINT_OP_RESUBMIT:
		store_print_each(pw->store, STORE_PRINT_LOST, resubmit_one, pw);
		break;
	}
}

/* At start: a print left "sending" may or may not have reached CUPS; staff decide. */
static void mark_lost(const struct store_print *p, void *ctx)
{
	struct print_worker *pw = ctx;
	LOG_WARN("print %lld: the booth stopped while sending it", (long long)p->id);
	set_state(pw, p->id, STORE_PRINT_LOST, 0, "the booth stopped while sending it");
}

static void cycle(struct print_worker *pw)
{
	memset(&pw->status, 0, sizeof(pw->status));
	poll_printers(pw);
	send_queued(pw);
	store_print_each(pw->store, STORE_PRINT_SENT, follow, pw);
	count_rows(pw);
	publish(pw);
}

static void *thread_main(void *arg)
{
	struct print_worker *pw = arg;
	parallel_background();
	store_print_each(pw->store, STORE_PRINT_SENDING, mark_lost, pw);
	pthread_mutex_lock(&pw->lock);
	while (!pw->stopping) {
		int n = pw->n_ops;
		struct print_req ops[MAX_OPS];
		memcpy(ops, pw->ops, sizeof(ops[0]) * (size_t)n);
		pw->n_ops = 0;
		pw->woken = false;
		pthread_mutex_unlock(&pw->lock);
		for (int i = 0; i < n; i++) {
			run_op(pw, ops[i].op, ops[i].id);
		}
		cycle(pw);
		pthread_mutex_lock(&pw->lock);
		if (pw->woken || pw->n_ops || pw->stopping) {
			continue;
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += POLL_MS % 1000 * 1000000L;
		until.tv_sec += POLL_MS / 1000 + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!pw->woken && !pw->n_ops && !pw->stopping &&
		       pthread_cond_timedwait(&pw->wake, &pw->lock, &until) != ETIMEDOUT) {
		}
	}
	pthread_mutex_unlock(&pw->lock);
	return NULL;
}

struct print_worker *print_create(const struct config *cfg, const char *data_dir,
				  const char *assets_dir, const struct print_listener *listener,
				  char *err, size_t errlen)
{
	struct print_worker *pw = xcalloc(1, sizeof(*pw));
	pw->cfg = *cfg;
	snprintf(pw->data_dir, sizeof(pw->data_dir), "%s", data_dir);
	snprintf(pw->assets_dir, sizeof(pw->assets_dir), "%s", assets_dir);
	pw->listener = *listener;
	pw->stock = badge_stock_find(cfg->badge_stock);
	if (!pw->stock) {
		pw->stock = badge_stock_find("4x3");
	}
	struct error e;
	pw->store = store_open(data_dir, &e);
	if (!pw->store) {
		snprintf(err, errlen, "%s", e.message);
		free(pw);
		return NULL;
	}
	pw->bold = cfg->font_bold[0] ? glyphs_create(cfg->font_bold) : NULL;
	pw->regular = cfg->font[0] ? glyphs_create(cfg->font) : NULL;
	pthread_mutex_init(&pw->lock, NULL);
	pthread_cond_init(&pw->wake, NULL);
	int rc = pthread_create(&pw->thread, NULL, thread_main, pw);
	if (rc) {
		snprintf(err, errlen, "print worker: %s", strerror(rc));
		pw->thread = 0;
		print_destroy(pw);
		return NULL;
	}
	return pw;
}

void print_destroy(struct print_worker *pw)
{
	if (!pw) {
		return;
	}
	if (pw->thread) {
		pthread_mutex_lock(&pw->lock);
		pw->stopping = true;
		pthread_cond_signal(&pw->wake);
		pthread_mutex_unlock(&pw->lock);
		pthread_join(pw->thread, NULL);
	}
	pthread_mutex_destroy(&pw->lock);
	pthread_cond_destroy(&pw->wake);
	glyphs_destroy(pw->bold);
	glyphs_destroy(pw->regular);
	store_close(pw->store);
	free(pw);
}

void print_wake(struct print_worker *pw)
{
	if (!pw) {
		return;
	}
	pthread_mutex_lock(&pw->lock);
	pw->woken = true;
	pthread_cond_signal(&pw->wake);
	pthread_mutex_unlock(&pw->lock);
}

void print_request(struct print_worker *pw, enum print_op op, int64_t id)
{
	if (!pw) {
		return;
	}
	pthread_mutex_lock(&pw->lock);
	if (pw->n_ops < MAX_OPS) {
		pw->ops[pw->n_ops].op = op;
		pw->ops[pw->n_ops].id = id;
		pw->n_ops++;
	}
	pthread_cond_signal(&pw->wake);
	pthread_mutex_unlock(&pw->lock);
}
