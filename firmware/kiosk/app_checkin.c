/* The check-in effects: search, badge lookups, committed check-ins, walk-ins, the staff PIN,
 * staff actions and settings, and badges. Main thread; the check-in commit runs here on
 * purpose: it must be in the database before the screen moves on. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app-private.h"
#include "fileio.h"
#include "fold.h"
#include "i18n.h"
#include "pin.h"
#include "store_sync.h"
#include "timefmt.h"
#include "xalloc.h"

#define LOG_MODULE "checkin"
#include "log.h"

static void search(struct app *a, const char *query)
{
	struct search_hit hits[BOOTH_MAX_RESULTS];
	int n = store_search(a->store, a->fold, query, hits, BOOTH_MAX_RESULTS);
	if (n < 0) {
		LOG_ERR("search failed: %s", store_errmsg(a->store));
		n = 0;
	}
	struct person results[BOOTH_MAX_RESULTS];
	for (int i = 0; i < n; i++) {
		results[i] = hits[i].person;
	}
	app_feed(a,
		 &(struct booth_event){
			 .type = BOOTH_EV_RESULTS, .text = query, .results = results, .count = n});
}

static void lookup(struct app *a, const char *code)
{
	struct person p;
	bool found = false;
	if (!store_person_by_code(a->store, code, &p, &found)) {
		LOG_ERR("badge lookup failed: %s", store_errmsg(a->store));
	}
	if (!found) {
		LOG_INFO("scanned badge code not in the roster");
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_NOT_FOUND, .text = code});
		return;
	}
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_PERSON, .person = &p});
}

static void checked_in(struct app *a, int64_t id)
{
	peers_worker_wake(a->peers); /* the other kiosks learn of it within a second or so */
	struct person p = {.id = id};
	bool found = false;
	if (!store_person_get(a->store, id, &p, &found) || !found) {
		/* the check-in is committed; only the welcome lacks the name */
		LOG_ERR("attendee %lld checked in, but not read back: %s", (long long)id,
			store_errmsg(a->store));
		p = (struct person){.id = id};
	}
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_CHECKED_IN, .person = &p});
}

static void refuse(struct app *a)
{
	LOG_ERR("check-in not stored: %s", store_errmsg(a->store));
	app_feed(a,
		 &(struct booth_event){
			 .type = BOOTH_EV_CHECKIN_FAILED,
			 .text = _("The check-in could not be saved, so it did not happen. Please "
				   "try again, or ask staff."),
		 });
}

static void checkin(struct app *a, int64_t id)
{
	int64_t checkin_id;
	bool already;
	/* store_checkin returns once the row is committed with synchronous=FULL */
	if (!store_checkin(a->store, id, false, &checkin_id, &already)) {
		refuse(a);
		return;
	}
	LOG_DBG("attendee %lld checked in%s", (long long)id, already ? " already" : "");
	log_trace("ack checkin %lld%s", (long long)checkin_id, already ? " already" : "");
	checked_in(a, id);
}

static void walkin(struct app *a, const struct booth_walkin *w)
{
	struct person_in in = {
		.name = w->field[0],
		.organization = w->field[1],
		.email = w->field[2],
		.walk_in = true,
	};
	enum store_upsert res;
	int64_t id = 0, checkin_id;
	bool ok = store_begin(a->store) && store_person_upsert(a->store, a->fold, &in, &res, &id) &&
		  store_event(a->store, "walkin", NULL, NULL) && store_commit(a->store);
	if (!ok) {
		store_rollback(a->store);
		refuse(a);
		return;
	}
	bool already;
	if (!store_checkin(a->store, id, false, &checkin_id, &already)) {
		refuse(a);
		return;
	}
	log_trace("ack checkin %lld walk-in", (long long)checkin_id);
	checked_in(a, id);
}

static void notice(struct app *a, const char *text)
{
	app_feed(a, &(struct booth_event){.type = BOOTH_EV_NOTICE, .text = text});
}

static const char *name_of(struct app *a, int64_t attendee, char *buf, size_t len)
{
	struct person p;
	bool found = false;
	store_person_get(a->store, attendee, &p, &found);
	snprintf(buf, len, "%s", found ? p.name : "?");
	return buf;
}

static void undo(struct app *a, int64_t checkin_id)
{
	char msg[300], name[PERSON_TEXT] = "";
	for (int i = 0; i < a->recent_count; i++) {
		if (a->recent[i].id == checkin_id) {
			snprintf(name, sizeof(name), "%s", a->recent[i].name);
		}
	}
	log_trace("try undo %lld", (long long)checkin_id); /* may be committed from here on */
	if (store_checkin_undo(a->store, checkin_id)) {
		snprintf(msg, sizeof(msg), _("Check-in of %s undone."), name);
		log_trace("ack undo %lld", (long long)checkin_id);
		peers_worker_wake(a->peers);
	} else {
		LOG_ERR("undo failed: %s", store_errmsg(a->store));
		snprintf(msg, sizeof(msg), "%s", _("The undo could not be saved."));
	}
	notice(a, msg);
}

static void forget(struct app *a, int64_t attendee)
{
	char **paths = NULL, msg[300], name[PERSON_TEXT];
	int n = 0;
	name_of(a, attendee, name, sizeof(name));
	if (!store_forget_photos(a->store, attendee, &paths, &n)) {
		LOG_ERR("deleting photos failed: %s", store_errmsg(a->store));
		notice(a, _("The photos could not be deleted."));
		return;
	}
	int removed = 0;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX * 2];
		snprintf(path, sizeof(path), "%s/%s", a->cfg.data_dir, paths[i]);
		/* and this kiosk's copy in the sync folder: the others remove theirs when the
		 * withdrawal reaches them */
		peers_remove_photo(a->cfg.data_dir, a->cfg.peers_folder, store_kiosk_id(a->store),
				   paths[i]);
		if (access(path, F_OK) != 0) {
			removed++;
		}
		char *slash = strrchr(path, '/');
		*slash = '\0';
		fileio_fsync_dir(path);
	}
	if (!store_doomed_clear(a->store, paths, n)) {
		LOG_WARN("withdrawn photos deleted, but still listed: %s", store_errmsg(a->store));
	}
	store_free_paths(paths, n);
	/* and their pages for phones, at once */
	app_share_remove(a, attendee);
	/* the badge stays, without the photo */
	saver_badge(a->saver, attendee, false);
	snprintf(msg, sizeof(msg),
		 ngettext_("%d photo of %s deleted.", "%d photos of %s deleted.", removed), removed,
		 name);
	notice(a, msg);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void next_layout(struct app *a)
{
	char dir[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s/layouts", a->cfg.assets_dir);
	DIR *d = opendir(dir);
	char *names[64];
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 64) {
		size_t len = strlen(e->d_name);
		if (len > 7 && strcmp(e->d_name + len - 7, ".layout") == 0) {
			names[n++] = xstrndup(e->d_name, len - 7);
		}
	}
	if (d) {
		closedir(d);
	}
	qsort(names, (size_t)n, sizeof(char *), cmp_str);
	int at = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], a->layout.name) == 0) {
			at = (i + 1) % n;
		}
	}
	for (int k = 0; k < n; k++) {
		struct layout l;
		char err[512];
		const char *name = names[(at + k) % n];
		if (layout_load(dir, name, &l, err, sizeof(err))) {
			a->layout = l;
			if (!store_set_setting_text(a->store, "layout", name)) {
				LOG_WARN("the layout %s is not kept across a restart: %s", name,
					 store_errmsg(a->store));
			}
			app_feed(a, &(struct booth_event){.type = BOOTH_EV_LAYOUT,
							  .text = name,
							  .id = layout_shots(&l)});
			break;
		}
		LOG_WARN("%s", err);
	}
	for (int i = 0; i < n; i++) {
		free(names[i]);
	}
}

/* A mounted USB stick: the config's export_dir, else the first mount under /media or
 * /run/media (where desktop automounters and udisks put them). */
static bool find_stick(struct app *a, char *out, size_t outlen)
{
	if (a->cfg.export_dir[0]) {
		struct stat sb;
		if (stat(a->cfg.export_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			return false;
		}
		snprintf(out, outlen, "%s", a->cfg.export_dir);
		return true;
	}
	FILE *f = fopen("/proc/mounts", "r");
	char line[1024];
	bool found = false;
	while (f && !found && fgets(line, sizeof(line), f)) {
		char dev[256], mnt[512];
		if (sscanf(line, "%255s %511s", dev, mnt) != 2) {
			continue;
		}
		/* /proc/mounts writes a space as \040 */
		char plain[512];
		size_t n = 0;
		for (const char *p = mnt; *p && n + 1 < sizeof(plain); p++) {
			unsigned v;
			if (p[0] == '\\' && sscanf(p + 1, "%3o", &v) == 1) {
				plain[n++] = (char)v;
				p += 3;
			} else {
				plain[n++] = *p;
			}
		}
		plain[n] = '\0';
		if ((strncmp(plain, "/media/", 7) == 0 || strncmp(plain, "/run/media/", 11) == 0) &&
		    strncmp(dev, "/dev/", 5) == 0) {
			snprintf(out, outlen, "%s", plain);
			found = true;
		}
	}
	if (f) {
		fclose(f);
	}
	return found;
}

static void add_peer(void *ctx, const struct store_peer *sp)
{
	struct ui_peers *v = ctx;
	if (v->count >= UI_PEERS) {
		return;
	}
	struct ui_peer *k = &v->peer[v->count++];
	if (sp->name[0]) {
		snprintf(k->name, sizeof(k->name), "%s", sp->name);
	} else {
		snprintf(k->name, sizeof(k->name), _("Kiosk %.8s"), sp->device);
	}
	k->last[0] = '\0';
	if (sp->applied_at[0]) {
		timefmt_local(sp->applied_at, true, k->last, sizeof(k->last));
	}
	k->applied = sp->applied;
	k->checkins = sp->checkins;
	k->photos = sp->photos;
	k->damaged = sp->damaged;
	snprintf(k->waiting, sizeof(k->waiting), "%s", sp->waiting);
}

/* The Kiosks page: what the store knows of each other kiosk, and this one's pairing code. */
static void peers_view(struct app *a)
{
	if (!a->peers) {
		return;
	}
	struct ui_peers *v = &a->peers_view;
	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%s", a->cfg.kiosk_name);
	v->ok = a->peers_status.ok;
	snprintf(v->problem, sizeof(v->problem), "%s", a->peers_status.problem);
	if (!store_sync_each_peer(a->store, add_peer, v)) {
		LOG_ERR("the other kiosks: %s", store_errmsg(a->store));
	}
	v->checkins = store_checkins_by(a->store, store_kiosk_id(a->store));
	if (a->cfg.syncthing_dir[0] &&
	    peers_syncthing_id(a->cfg.syncthing_dir, v->syncthing_id, sizeof(v->syncthing_id)) &&
	    strcmp(v->syncthing_id, a->peer_code) != 0) {
		/* what another kiosk's scanner reads: "gatherbooth-pair ID NAME" */
		char text[200];
		snprintf(text, sizeof(text), "gatherbooth-pair %s %s", v->syncthing_id,
			 a->cfg.kiosk_name);
		struct image *code = app_qr_image(text);
		ui_set_peer_code(a->ui, code);
		image_destroy(code);
		snprintf(a->peer_code, sizeof(a->peer_code), "%s", v->syncthing_id);
	}
}

/* Another kiosk's code, scanned on the Kiosks page: a pairing request for Syncthing's helper. */
static void pair(struct app *a, const char *code)
{
	char id[80] = "", msg[300];
	int name_at = 0;
	if (sscanf(code, "gatherbooth-pair %79s %n", id, &name_at) < 1 ||
	    !peers_is_syncthing_id(id)) {
		log_trace("pair refused: %s", code);
		notice(a, _("That is not another kiosk's code."));
		return;
	}
	const char *name = name_at ? code + name_at : "";
	char err[PATH_MAX + 256];
	if (!a->cfg.syncthing_dir[0]) {
		notice(a, _("This kiosk has no network sync; carry the folder on a USB stick."));
		return;
	}
	if (!peers_pair_request(a->cfg.syncthing_dir, id, name, NULL, err, sizeof(err))) {
		LOG_ERR("pairing: %s", err);
		notice(a, _("The pairing could not be asked for."));
		return;
	}
	LOG_INFO("asked to pair with %s (%s)", name[0] ? name : "a kiosk", id);
	log_trace("pair %s", id);
	snprintf(msg, sizeof(msg), _("Pairing with %s. Scan this kiosk's code there too."),
		 name[0] ? name : _("the other kiosk"));
	notice(a, msg);
}

/* The sync folder to and from a USB stick, for kiosks with no network between them. */
static void carry(struct app *a)
{
	char stick[PATH_MAX], folder[PATH_MAX + 32];
	if (!find_stick(a, stick, sizeof(stick))) {
		notice(a, _("No USB stick found. Plug one in and try again."));
		return;
	}
	snprintf(folder, sizeof(folder), "%s/gatherbooth-peers", stick);
	peers_worker_carry(a->peers, folder);
	log_trace("carry %s", folder);
	notice(a, _("Carrying to and from the USB stick. Wait a moment before unplugging it."));
}

static void export_to_usb(struct app *a)
{
	char stick[PATH_MAX], out[PATH_MAX + 64];
	if (!find_stick(a, stick, sizeof(stick))) {
		LOG_INFO("export: no USB stick found");
		app_feed(
			a,
			&(struct booth_event){
				.type = BOOTH_EV_EXPORT_DONE,
				.text = _("No USB stick found. Plug one in, wait a moment, and try "
					  "again."),
			});
		return;
	}
	/* one folder per kiosk, so that sticks can collect several booths */
	snprintf(out, sizeof(out), "%s/gatherbooth-%.8s", stick, store_kiosk_id(a->store));
	LOG_INFO("export: to %s", out);
	saver_export(a->saver, out);
}

/* The guest list on the stick: the first .xlsx or .csv at its top level, by name. */
static bool find_roster(const char *stick, char *out, size_t outlen)
{
	DIR *d = opendir(stick);
	if (!d) {
		return false;
	}
	char best[256] = "";
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name, *dot = strrchr(n, '.');
		if (n[0] == '.' || !dot || (strcasecmp(dot, ".xlsx") && strcasecmp(dot, ".csv")) ||
		    strlen(n) >= sizeof(best) || (best[0] && strcoll(n, best) >= 0)) {
			continue; /* dot files include the ._ copies a Mac leaves */
		}
		char path[PATH_MAX + 256];
		struct stat sb;
		snprintf(path, sizeof(path), "%s/%s", stick, n);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			snprintf(best, sizeof(best), "%s", n);
		}
	}
	closedir(d);
	if (best[0]) {
		snprintf(out, outlen, "%s/%s", stick, best);
	}
	return best[0] != '\0';
}

static void import_preview(struct app *a)
{
	char stick[PATH_MAX];
	const char *why = NULL;
	if (!find_stick(a, stick, sizeof(stick))) {
		why = _("No USB stick found. Plug one in, wait a moment, and try again.");
	} else if (!find_roster(stick, a->import_path, sizeof(a->import_path))) {
		why = _("The USB stick has no guest list: put an .xlsx or .csv file at its top "
			"level (not in a folder), and try again.");
	}
	if (why) {
		app_feed(a, &(struct booth_event){.type = BOOTH_EV_IMPORT_PREVIEW, .text = why});
		return;
	}
	LOG_INFO("import: reading %s", a->import_path);
	a->import_shown = false;
	saver_import(a->saver, a->import_path, true);
}

static void set_clock(struct app *a, int64_t adjust)
{
	char text[32], err[PATH_MAX + 256];
	int n = snprintf(text, sizeof(text), "%lld\n", (long long)(time(NULL) + adjust));
	if (!fileio_replace_buffer(a->cfg.data_dir, CLOCK_REQUEST, text, (size_t)n, err,
				   sizeof(err))) {
		LOG_ERR("%s", err);
		notice(a, _("The clock could not be set."));
		return;
	}
	notice(a, _("The clock will change in a moment (the gatherbooth-clock service sets it)."));
}

void app_staff_refresh(struct app *a)
{
	struct store_stats stats = {0};
	if (!store_stats(a->store, &stats)) {
		LOG_ERR("stats: %s", store_errmsg(a->store));
	}
	a->stats = (struct ui_stats){
		.attendees = stats.attendees,
		.checked_in = stats.checked_in,
		.walk_ins = stats.walk_ins,
		.photos = stats.photos,
		.strips = stats.strips,
		.shots = stats.shots,
		.sessions = stats.sessions,
	};
	a->free_mb = fileio_free_mb(a->cfg.data_dir);
	enum { ROWS = sizeof(a->recent) / sizeof(a->recent[0]) };
	struct checkin_row rows[ROWS];
	int n = store_recent_checkins(a->store, rows, ROWS);
	if (n < 0) {
		LOG_ERR("recent check-ins: %s", store_errmsg(a->store));
	}
	a->recent_count = n < 0 ? 0 : n;
	for (int i = 0; i < a->recent_count; i++) {
		struct ui_checkin *c = &a->recent[i];
		c->id = rows[i].id;
		c->attendee = rows[i].attendee;
		c->undone = rows[i].undone;
		snprintf(c->name, sizeof(c->name), "%s", rows[i].name);
		timefmt_local(rows[i].at, true, c->at, sizeof(c->at));
	}
	peers_view(a);
	a->dirty = true;
}

void app_load_settings(struct app *a, struct booth_config *bc)
{
	bc->countdown_ms = store_setting_int(a->store, "countdown", bc->countdown_ms / 1000) * 1000;
	bc->photo_at_checkin =
		store_setting_int(a->store, "photo_at_checkin", bc->photo_at_checkin);
	bc->share = bc->share_available && store_setting_int(a->store, "share", bc->share);
	char name[32];
	if (store_setting_text(a->store, "layout", name, sizeof(name)) &&
	    strcmp(name, a->layout.name) != 0) {
		char dir[PATH_MAX + 16], err[512];
		struct layout l;
		snprintf(dir, sizeof(dir), "%s/layouts", a->cfg.assets_dir);
		if (layout_load(dir, name, &l, err, sizeof(err))) {
			a->layout = l;
		}
	}
	bc->shots = layout_shots(&a->layout);
	bc->access = store_setting_int(a->store, "access", bc->access) & BOOTH_ACCESS_ALL;
	app_event_language(a->store, &a->cfg);
}

void app_checkin_effect(struct app *a, const struct booth_effect *e)
{
	switch (e->type) {
	case BOOTH_FX_SEARCH:
		search(a, e->text);
		break;
	case BOOTH_FX_LOOKUP_CODE:
		lookup(a, e->text);
		break;
	case BOOTH_FX_LOAD_PERSON: {
		struct person p;
		bool found = false;
		if (store_person_get(a->store, e->id, &p, &found) && found) {
			app_feed(a, &(struct booth_event){.type = BOOTH_EV_PERSON, .person = &p});
		}
		break;
	}
	case BOOTH_FX_CHECKIN:
		checkin(a, e->id);
		break;
	case BOOTH_FX_ADD_WALKIN:
		walkin(a, &e->walkin);
		break;
	case BOOTH_FX_BADGE:
		saver_badge(a->saver, a->booth.person.id, true);
		break;
	case BOOTH_FX_VERIFY_PIN: {
		bool ok = a->pin_hash[0] && pin_verify(a->pin_hash, e->text);
		if (!ok) {
			LOG_WARN("a wrong staff PIN was entered");
		}
		app_feed(a, &(struct booth_event){.type = ok ? BOOTH_EV_PIN_OK : BOOTH_EV_PIN_BAD});
		break;
	}
	case BOOTH_FX_STAFF_REFRESH:
		app_staff_refresh(a);
		break;
	case BOOTH_FX_UNDO:
		undo(a, e->id);
		break;
	case BOOTH_FX_FORGET:
		forget(a, e->id);
		break;
	case BOOTH_FX_SETTING:
		if (!store_set_setting_int(a->store, e->text, e->arg)) {
			LOG_ERR("setting %s not kept: %s", e->text, store_errmsg(a->store));
		}
		break;
	case BOOTH_FX_NEXT_LAYOUT:
		next_layout(a);
		break;
	case BOOTH_FX_EXPORT:
		export_to_usb(a);
		break;
	case BOOTH_FX_IMPORT_PREVIEW:
		import_preview(a);
		break;
	case BOOTH_FX_IMPORT:
		saver_import(a->saver, a->import_path, false);
		break;
	case BOOTH_FX_PAIR:
		pair(a, e->text);
		break;
	case BOOTH_FX_CARRY:
		carry(a);
		break;
	case BOOTH_FX_ACCESS_DEFAULT:
		if (!store_set_setting_int(a->store, "access", e->arg)) {
			LOG_ERR("setting access not kept: %s", store_errmsg(a->store));
		}
		break;
	case BOOTH_FX_LANGUAGE:
		if (i18n_language_name(e->text)) {
			if (!store_set_setting_text(a->store, "language", e->text)) {
				LOG_ERR("setting language not kept: %s", store_errmsg(a->store));
			}
			i18n_set_default(e->text);
			LOG_INFO("the event's language is now %s", e->text);
		}
		break;
	case BOOTH_FX_SET_CLOCK:
		set_clock(a, e->id);
		break;
	case BOOTH_FX_QUIT:
		LOG_INFO("shut down from the staff screen");
		if (strcmp(a->cfg.share_end, "remove") == 0) {
			app_share_remove(a, 0); /* the event is over: its pages go */
		}
		a->quit = true;
		break;
	default:
		break;
	}
}
