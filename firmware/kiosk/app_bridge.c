/* The thread bridge: what the camera, button and saver threads report is pushed onto SDL's
 * queue from their threads (each listener only copies and pushes), and turned into booth
 * events here on the main thread. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-private.h"
#include "i18n.h"
#include "xalloc.h"

#define LOG_MODULE "app"
#include "log.h"

/* --- from other threads: hand on and return --- */

static void push(struct app *a, enum app_event type, int code, void *data)
{
	SDL_Event e = {0};
	e.type = a->ev_base + type;
	e.user.code = code;
	e.user.data1 = data;
	if (SDL_PushEvent(&e) != 1) {
		LOG_WARN("event queue full; dropping a %d event", type);
		if (type == APP_EV_FRAME) {
			camera_release_frame(a->camera, ((struct frame *)data)->slot);
		} else if (type == APP_EV_STILL || type == APP_EV_COMPOSED) {
			image_destroy(data);
			return;
		} else if (type == APP_EV_EXPORT_PROGRESS) {
			return; /* data is a number; the next report follows */
		}
		free(data);
	}
}

static void on_frame(void *data, const struct frame *f)
{
	struct frame *copy = xmalloc(sizeof(*copy));
	*copy = *f;
	push(data, APP_EV_FRAME, 0, copy);
}

static void on_still(void *data, struct image *img)
{
	push(data, APP_EV_STILL, 0, img);
}

static void on_camera_error(void *data, const char *message)
{
	push(data, APP_EV_CAMERA_ERROR, 0, xstrdup(message));
}

static void on_composed(void *data, uint32_t generation, struct image *img)
{
	push(data, APP_EV_COMPOSED, (int)generation, img);
}

static void on_saved(void *data, const struct saver_result *r)
{
	struct saver_result *copy = xmalloc(sizeof(*copy));
	*copy = *r;
	push(data, APP_EV_SAVED, (int)r->session, copy);
}

static void on_button(void *data, const struct button_event *e)
{
	struct button_event *copy = xmalloc(sizeof(*copy));
	*copy = *e;
	push(data, APP_EV_BUTTON, (int)e->type, copy);
}

static void on_next_button(void *data, const struct button_event *e)
{
	if (e->type == BUTTON_PRESS) {
		push(data, APP_EV_NEXT_BUTTON, 0, NULL);
	}
}

static void on_next_button_lost(void *data, const char *message)
{
	LOG_WARN("the next button: %s", message);
}

static void on_button_lost(void *data, const char *message)
{
	push(data, APP_EV_BUTTON_LOST, 0, xstrdup(message));
}

static void on_export_progress(void *data, int done, int total)
{
	push(data, APP_EV_EXPORT_PROGRESS, done, (void *)(intptr_t)total);
}

static void on_exported(void *data, bool ok, const char *message)
{
	push(data, APP_EV_EXPORTED, ok, xstrdup(message));
}

static void on_imported(void *data, const struct saver_import *r)
{
	struct saver_import *copy = xmalloc(sizeof(*copy));
	*copy = *r;
	push(data, APP_EV_IMPORTED, 0, copy);
}

static void on_printer(void *data, const struct print_status *st)
{
	struct print_status *copy = xmalloc(sizeof(*copy));
	*copy = *st;
	push(data, APP_EV_PRINTER, 0, copy);
}

static void on_peers(void *data, const struct peers_status *st)
{
	struct peers_status *copy = xmalloc(sizeof(*copy));
	*copy = *st;
	push(data, APP_EV_PEERS, 0, copy);
}

struct peers_listener app_peers_listener(struct app *a)
{
	return (struct peers_listener){.status = on_peers, .data = a};
}

struct print_listener app_print_listener(struct app *a)
{
	return (struct print_listener){.status = on_printer, .data = a};
}

struct camera_listener app_camera_listener(struct app *a)
{
	return (struct camera_listener){
		.frame = on_frame,
		.still = on_still,
		.error = on_camera_error,
		.data = a,
	};
}

struct button_listener app_next_button_listener(struct app *a)
{
	return (struct button_listener){
		.event = on_next_button, .lost = on_next_button_lost, .data = a};
}

struct button_listener app_button_listener(struct app *a)
{
	return (struct button_listener){.event = on_button, .lost = on_button_lost, .data = a};
}

struct saver_listener app_saver_listener(struct app *a)
{
	return (struct saver_listener){
		.composed = on_composed,
		.saved = on_saved,
		.export_progress = on_export_progress,
		.exported = on_exported,
		.imported = on_imported,
		.data = a,
	};
}

/* --- on the main thread --- */

static void frame_arrived(struct app *a, struct frame *f)
{
	ui_preview_frame(a->ui, f);
	app_burst_frame(a, f);
	camera_release_frame(a->camera, f->slot);
	free(f);
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_FRAME});
	a->dirty = true;
}

static void still_arrived(struct app *a, struct image *img)
{
	if (a->booth.screen == BOOTH_SCREEN_CAPTURE && a->shots->count == a->booth.shot &&
	    a->shots->count < (int)(sizeof(a->shots->shots) / sizeof(a->shots->shots[0]))) {
		a->shots->shots[a->shots->count++] = img;
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_STILL_READY});
	} else {
		image_destroy(img); /* late: the session moved on */
	}
}

static void camera_failed(struct app *a, char *msg)
{
	LOG_ERR("camera: %s; check-in goes on, and the camera is looked for again", msg);
	if (a->booth.screen == BOOTH_SCREEN_CAPTURE) {
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_STILL_FAILED, .text = msg});
	}
	/* a camera that failed is not trusted again: it is closed and found anew */
	camera_destroy(a->camera);
	a->camera = NULL;
	ui_preview_clear(a->ui);
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_CAMERA_LOST, .text = msg});
	a->camera_retry_at = app_now_ms(a) + CAMERA_RETRY_MS;
	free(msg);
}

static void composed(struct app *a, uint32_t generation, struct image *img)
{
	if (generation == a->generation && a->booth.screen == BOOTH_SCREEN_REVIEW && !a->composed) {
		a->composed = img;
		if (a->shots->frame_count == 0) { /* a boomerang keeps playing */
			ui_set_review(a->ui, img);
		}
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_COMPOSED});
	} else {
		image_destroy(img);
	}
}

static void saved(struct app *a, struct saver_result *r)
{
	if (r->ok) {
		peers_worker_wake(a->peers);
		a->photos += r->files;
		a->saved_sessions++;
		snprintf(a->last_saved, sizeof(a->last_saved), "%s", r->message);
		log_trace("ack saved %u %s %d", r->session, r->message, r->files);
		bool limit = r->print == SAVER_PRINT_LIMIT;
		if (r->print == SAVER_PRINT_QUEUED) {
			print_wake(a->printer);
		} else if (limit) {
			LOG_WARN("the event's print limit (%d) is reached: not printed",
				 a->cfg.print_limit);
		}
		if (a->share.token[0] && !r->shared) {
			app_share_clear(a); /* no page: no codes that lead nowhere */
		}
		/* the path is for staff and the log, not for the guest's screen */
		LOG_DBG("session %u saved as %s", r->session, r->message);
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE,
						  .id = limit ? BOOTH_SAVED_NOT_PRINTED : 0});
		if (limit) {
			app_feed(a, &(struct booth_event){.type = BOOTH_EV_NOTICE,
							  .text = _("This event's prints are "
								    "used up. Your photos are "
								    "saved.")});
		}
	} else {
		app_feed(a,
			 &(struct booth_event){.type = BOOTH_EV_SAVE_FAILED, .text = r->message});
	}
	free(r);
}

/* The print worker's report: kept for the staff screen, and the guests' line to the core. */
static void printer_report(struct app *a, struct print_status *st)
{
	struct ui_print *v = &a->print_view;
	v->service = st->service;
	v->lost = st->lost;
	v->failed = st->failed;
	snprintf(v->last_failure, sizeof(v->last_failure), "%s", st->last_failure);
	for (int i = 0; i < PRINT_ROLES; i++) {
		const struct print_queue_status *q = &st->q[i];
		struct ui_printer *p = &v->printer[i];
		p->used = q->used;
		p->found = q->found;
		p->stopped = q->stopped;
		p->waiting = q->waiting;
		p->printed = q->printed;
		snprintf(p->queue, sizeof(p->queue), "%s", q->queue);
		snprintf(p->problem, sizeof(p->problem), "%s", q->problem);
		snprintf(a->print_report[i], sizeof(a->print_report[i]),
			 "%s %s: %s, %d waiting, %lld printed, %d lost, %d failed%s",
			 i == PRINT_STRIPS ? "strips" : "badges", q->queue,
			 !st->service    ? "service not running"
			 : q->problem[0] ? q->problem
					 : "ready",
			 q->waiting, q->printed, st->lost, st->failed,
			 q->stopped ? ", stopped" : "");
		if (q->used) {
			log_trace("printer %s", a->print_report[i]);
		} else {
			a->print_report[i][0] = '\0';
		}
	}
	bool strips = a->booth.cfg.print != BOOTH_PRINT_NO;
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_PRINTER,
					  .text = strips ? print_guest_line(st) : ""});
	a->dirty = true;
	free(st);
}

static void exported(struct app *a, char *msg)
{
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_EXPORT_DONE, .text = msg});
	free(msg);
}

/* The preview for the staff screen, from the roster's. */
static void import_view(struct app *a, const struct saver_import *r)
{
	struct ui_import *v = &a->import_view;
	const struct roster_preview *p = &r->preview;
	memset(v, 0, sizeof(*v));
	snprintf(v->file, sizeof(v->file), "%s", r->file);
	snprintf(v->sheet, sizeof(v->sheet), "%s", p->sheet);
	snprintf(v->note, sizeof(v->note), "%s", p->note);
	for (int f = 0; f < UI_IMPORT_FIELDS && f < ROSTER_FIELDS; f++) {
		snprintf(v->columns[f], sizeof(v->columns[f]), "%s", p->columns[f]);
	}
	v->sample_count = p->sample_count < UI_IMPORT_ROWS ? p->sample_count : UI_IMPORT_ROWS;
	for (int i = 0; i < v->sample_count; i++) {
		snprintf(v->sample[i].name, sizeof(v->sample[i].name), "%s", p->sample[i].name);
		snprintf(v->sample[i].organization, sizeof(v->sample[i].organization), "%s",
			 p->sample[i].organization);
		snprintf(v->sample[i].badge, sizeof(v->sample[i].badge), "%s", p->sample[i].badge);
	}
	v->refused = r->report.refused;
	snprintf(v->first_bad, sizeof(v->first_bad), "%s", p->first_bad);
	a->import_shown = true;
}

static void imported(struct app *a, struct saver_import *r)
{
	int good = r->report.added + r->report.updated + r->report.unchanged;
	if (r->dry_run) {
		log_trace("import preview %s: %d good, %d refused%s%s", r->file, good,
			  r->report.refused, r->ok ? "" : ": ", r->message);
		if (r->ok) {
			import_view(a, r);
		}
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_IMPORT_PREVIEW,
						  .id = good,
						  .text = r->ok ? NULL : r->message});
	} else {
		char msg[PATH_MAX + 320];
		if (r->ok) {
			snprintf(msg, sizeof(msg),
				 _("Guest list %s imported: %d new, %d updated, %d unchanged."),
				 r->file, r->report.added, r->report.updated, r->report.unchanged);
		} else {
			snprintf(msg, sizeof(msg), _("The guest list was not imported: %s"),
				 r->message);
		}
		a->import_shown = false;
		if (r->ok) {
			app_badges_refresh(a); /* names and organizations may have changed */
		}
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_IMPORT_DONE, .text = msg});
	}
	a->dirty = true;
	free(r);
}

/* What came from the other kiosks: the staff screen's figures change with it. */
static void peers_report(struct app *a, struct peers_status *st)
{
	bool applied = st->applied != a->peers_status.applied;
	a->peers_status = *st;
	if (applied) {
		/* another kiosk's check-ins, photos or guest list: badges drawn here alike */
		app_badges_refresh(a);
	}
	log_trace("peers %s: sent %lld, applied %lld, refused %lld, %d waiting%s%s",
		  st->ok ? "ok" : "failing", st->sent, st->applied, st->refused, st->waiting,
		  st->problem[0] ? ": " : "", st->problem);
	/* the figures are read again while staff look at them; opening the staff screen reads
	 * them anyway, so a busy door costs the main thread no queries meanwhile */
	if (a->booth.screen == BOOTH_SCREEN_STAFF) {
		app_staff_refresh(a);
	}
	if (st->carried) {
		char msg[512];
		if (st->carried > 0) {
			char in[64], out[64];
			snprintf(in, sizeof(in), ngettext_("%d file", "%d files", st->carried_in),
				 st->carried_in);
			snprintf(out, sizeof(out),
				 ngettext_("%d file", "%d files", st->carried_out),
				 st->carried_out);
			/* TRANSLATORS: "Carried 3 files in from the USB stick and 2 files out to
			 * it." */
			snprintf(msg, sizeof(msg),
				 _("Carried %s in from the USB stick and %s out to it. You can "
				   "remove the USB stick now."),
				 in, out);
		} else {
			snprintf(msg, sizeof(msg), _("Carrying with the USB stick failed: %s"),
				 st->problem);
		}
		log_trace("carried %s: %d in, %d out", st->carried > 0 ? "ok" : "failed",
			  st->carried_in, st->carried_out);
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_NOTICE, .text = msg});
	}
	a->dirty = true;
	free(st);
}

static void button_event(struct app *a, struct button_event *b)
{
	if (b->type == BUTTON_PRESS) {
		uint64_t ns = app_mono_ns();
		LOG_DBG("button: press reached the booth %.3f ms after the edge",
			(double)(ns - b->kernel_ns) / 1e6);
		log_trace("button press on %s, %.3f ms after the edge",
			  booth_screen_name(a->booth.screen), (double)(ns - b->kernel_ns) / 1e6);
		a->edge_ns = b->kernel_ns;
		app_button_down(a);
	} else if (b->type == BUTTON_HELD) {
		log_trace("button held on %s", booth_screen_name(a->booth.screen));
		app_button_held(a);
	} else if (b->type == BUTTON_RELEASE) {
		app_button_up(a);
	} else if (b->type == BUTTON_LONG_PRESS) {
		app_button_long(a);
	}
	free(b);
}

static void button_lost(struct app *a, char *msg)
{
	LOG_ERR("button: lost; the booth runs touch-only, and looks for it again every %d s",
		BUTTON_RETRY_MS / 1000);
	button_destroy(a->button);
	a->button = NULL;
	a->button_retry_at = app_now_ms(a) + BUTTON_RETRY_MS;
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_NOTICE, .text = msg});
	free(msg);
}

bool app_bridge_event(struct app *a, const SDL_Event *e)
{
	if (e->type < a->ev_base || e->type >= a->ev_base + APP_EV_COUNT) {
		return false;
	}
	void *data = e->user.data1;
	switch ((enum app_event)(e->type - a->ev_base)) {
	case APP_EV_FRAME:
		frame_arrived(a, data);
		break;
	case APP_EV_STILL:
		still_arrived(a, data);
		break;
	case APP_EV_CAMERA_ERROR:
		camera_failed(a, data);
		break;
	case APP_EV_COMPOSED:
		composed(a, (uint32_t)e->user.code, data);
		break;
	case APP_EV_SAVED:
		saved(a, data);
		break;
	case APP_EV_EXPORT_PROGRESS:
		log_trace("export %d of %d", e->user.code, (int)(intptr_t)data);
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_EXPORT_PROGRESS,
						  .id = e->user.code,
						  .count = (int)(intptr_t)data});
		break;
	case APP_EV_EXPORTED:
		exported(a, data);
		break;
	case APP_EV_BUTTON:
		button_event(a, data);
		break;
	case APP_EV_BUTTON_LOST:
		button_lost(a, data);
		break;
	case APP_EV_NEXT_BUTTON:
		app_focus_next(a, 1);
		break;
	case APP_EV_PRINTER:
		printer_report(a, data);
		break;
	case APP_EV_IMPORTED:
		imported(a, data);
		break;
	case APP_EV_PEERS:
		peers_report(a, data);
		break;
	case APP_EV_COUNT:
		break;
	}
	return true;
}

void app_drain_events(struct app *a)
{
	SDL_Event e;
	while (SDL_PollEvent(&e)) {
		if (e.type < a->ev_base || e.type >= a->ev_base + APP_EV_COUNT) {
			continue;
		}
		switch ((enum app_event)(e.type - a->ev_base)) {
		case APP_EV_STILL:
		case APP_EV_COMPOSED:
			image_destroy(e.user.data1);
			break;
		case APP_EV_EXPORT_PROGRESS:
			break; /* data is a number */
		default:
			free(e.user.data1);
			break;
		}
	}
}
