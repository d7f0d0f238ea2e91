/* The check-in part of the state machine: search, confirm, consent, walk-ins, the USB barcode
 * scanner, and the idle timeout. Pure, like booth.c. */
#include <stdio.h>
#include <string.h>

#include "booth-private.h"
#include "i18n.h"

/* Whether the guest at the screen chose a language or access of their own, or opened the panel
 * to. */
static bool guest_choices(const struct booth_state *st)
{
	return st->language[0] || st->access != st->cfg.access || st->access_open;
}

static bool is_checkin_screen(enum booth_screen s)
{
	return s == BOOTH_SCREEN_SEARCH || s == BOOTH_SCREEN_CONFIRM || s == BOOTH_SCREEN_CONSENT ||
	       s == BOOTH_SCREEN_WALKIN || s == BOOTH_SCREEN_STAFF_PIN || s == BOOTH_SCREEN_STAFF;
}

/* Screens a scan may interrupt: not the middle of a photo, not PIN entry. */
static bool scan_allowed(enum booth_screen s)
{
	return s == BOOTH_SCREEN_ATTRACT || s == BOOTH_SCREEN_SEARCH || s == BOOTH_SCREEN_CONFIRM ||
	       s == BOOTH_SCREEN_CONSENT || s == BOOTH_SCREEN_WALKIN || s == BOOTH_SCREEN_ERROR ||
	       (s == BOOTH_SCREEN_SAVED);
}

/* The text field that typing goes to, or NULL. */
static char *field(struct booth_state *st)
{
	if (st->screen == BOOTH_SCREEN_SEARCH) {
		return st->query;
	}
	if (st->screen == BOOTH_SCREEN_WALKIN) {
		return st->walkin.field[st->walkin.focus];
	}
	return NULL;
}

static void search_changed(struct booth_state *st, struct booth_effects *out)
{
	if (st->screen != BOOTH_SCREEN_SEARCH) {
		return;
	}
	if (!st->query[0]) {
		st->result_count = 0;
		return;
	}
	booth_emit_text(out, BOOTH_FX_SEARCH, st->query);
}

static void type_text(struct booth_state *st, const char *text, struct booth_effects *out)
{
	char *f = field(st);
	if (!f || !text) {
		return;
	}
	size_t n = strlen(f), add = strlen(text);
	if (n + add >= BOOTH_TEXT) {
		return; /* full: a name has room for 127 bytes */
	}
	memcpy(f + n, text, add + 1);
	search_changed(st, out);
}

static void delete_last(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80) {
		n--; /* continuation bytes of a UTF-8 character */
	}
	if (n > 0) {
		n--;
	}
	s[n] = '\0';
}

/* The accent key turns the last letter through its accented forms and back. */
static void accent_last(char *s)
{
	static const char *const cycles[] = {
		"a á à â ä ã å", "e é è ê ë", "i í ì î ï", "o ó ò ô ö õ ø", "u ú ù û ü",
		"c ç č",         "n ñ ń",     "s š ś ß",   "z ž ź ż",       "y ý ÿ",
		"l ł",           "g ğ",       "d đ",       "r ř",
	};
	size_t n = strlen(s);
	if (n == 0) {
		return;
	}
	size_t start = n - 1;
	while (start > 0 && ((unsigned char)s[start] & 0xc0) == 0x80) {
		start--;
	}
	const char *last = s + start;
	size_t len = n - start;
	for (size_t c = 0; c < sizeof(cycles) / sizeof(cycles[0]); c++) {
		const char *p = cycles[c];
		while (*p) {
			size_t m = strcspn(p, " ");
			if (m == len && strncmp(p, last, len) == 0) {
				const char *next = p + m;
				next = *next ? next + 1 : cycles[c]; /* wrap round */
				size_t k = strcspn(next, " ");
				if (start + k < BOOTH_TEXT) {
					memcpy(s + start, next, k);
					s[start + k] = '\0';
				}
				return;
			}
			p += m;
			p += *p == ' ';
		}
	}
}

static void show_person(struct booth_state *st, const struct person *p, uint64_t now)
{
	st->person = *p;
	booth_go(st, BOOTH_SCREEN_CONFIRM, now, 0);
}

/* Delete, or turn through its accents, the last letter of the PIN or the field in focus. */
static void edit_last(struct booth_state *st, enum booth_action action, struct booth_effects *out)
{
	if (action == BOOTH_ACTION_DELETE && st->screen == BOOTH_SCREEN_STAFF_PIN) {
		delete_last(st->pin);
	} else if (field(st)) {
		(action == BOOTH_ACTION_DELETE ? delete_last : accent_last)(field(st));
		search_changed(st, out);
	}
}

/* No photo: the badge without one, and the welcome. */
static void welcome(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	booth_emit_fx(out, BOOTH_FX_BADGE)->id = st->person.id;
	st->welcome = true;
	st->saving = false;
	st->message[0] = '\0';
	booth_go(st, BOOTH_SCREEN_SAVED, now, st->cfg.saved_ms);
}

static void pick(struct booth_state *st, int64_t id, uint64_t now)
{
	for (int i = 0; i < st->result_count; i++) {
		if (st->results[i].id == id) {
			show_person(st, &st->results[i], now);
		}
	}
}

static void not_listed(struct booth_state *st, uint64_t now)
{
	memset(&st->walkin, 0, sizeof(st->walkin));
	/* what was searched for is most likely the name */
	snprintf(st->walkin.field[0], sizeof(st->walkin.field[0]), "%s", st->query);
	booth_go(st, BOOTH_SCREEN_WALKIN, now, 0);
}

static void back(struct booth_state *st, uint64_t now)
{
	enum booth_screen s = st->screen;
	if ((s == BOOTH_SCREEN_CONFIRM && st->query[0]) || s == BOOTH_SCREEN_WALKIN) {
		booth_go(st, BOOTH_SCREEN_SEARCH, now, 0);
	} else if (is_checkin_screen(s)) {
		/* the same guest, stepping back: their language and access stay (until the idle
		 * minute) */
		char language[sizeof(st->language)];
		memcpy(language, st->language, sizeof(language));
		int access = st->access;
		booth_to_attract(st, now);
		if (s != BOOTH_SCREEN_STAFF && s != BOOTH_SCREEN_STAFF_PIN) {
			memcpy(st->language, language, sizeof(language));
			st->access = access;
		}
	}
}

static void add_walkin(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	const char *name = st->walkin.field[0];
	if (strspn(name, " ") == strlen(name)) {
		booth_notice(st, N_("Please enter a name."), now);
		st->walkin.focus = 0;
	} else {
		booth_emit_fx(out, BOOTH_FX_ADD_WALKIN)->walkin = st->walkin;
	}
}

/* After the check-in is in the database: the photo, or straight to the welcome. */
static void after_checkin(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	booth_emit(out, BOOTH_FX_SOUND_CHIME, 0);
	if (st->cfg.photo_at_checkin && st->camera_ok) {
		booth_go(st, BOOTH_SCREEN_CONSENT, now, 0);
		return;
	}
	welcome(st, now, out);
}

bool booth_checkin_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			  struct booth_effects *out)
{
	enum booth_screen s = st->screen;
	if (s == BOOTH_SCREEN_STAFF) {
		return booth_staff_action(st, ev, now, out);
	}
	switch (ev->action) {
	case BOOTH_ACTION_CHECKIN:
		if (s == BOOTH_SCREEN_ATTRACT) {
			st->query[0] = '\0';
			st->result_count = 0;
			booth_go(st, BOOTH_SCREEN_SEARCH, now, 0);
		}
		return true;
	case BOOTH_ACTION_STAFF:
		booth_long_press(st, now, out);
		return true;
	case BOOTH_ACTION_LANGUAGE:
		if (s == BOOTH_SCREEN_ATTRACT && ev->text &&
		    strlen(ev->text) < sizeof(st->language)) {
			snprintf(st->language, sizeof(st->language), "%s", ev->text);
		}
		return true;
	case BOOTH_ACTION_ACCESS:
		if (s == BOOTH_SCREEN_ATTRACT) {
			st->access_open = !st->access_open;
		}
		return true;
	case BOOTH_ACTION_ACCESS_TOGGLE:
		if (s == BOOTH_SCREEN_ATTRACT && st->access_open) {
			st->access ^= (int)ev->id & BOOTH_ACCESS_ALL;
		}
		return true;
	case BOOTH_ACTION_KEY:
		type_text(st, ev->text, out);
		return true;
	case BOOTH_ACTION_DELETE:
	case BOOTH_ACTION_ACCENT:
		edit_last(st, ev->action, out);
		return true;
	case BOOTH_ACTION_PICK:
		if (s == BOOTH_SCREEN_SEARCH) {
			pick(st, ev->id, now);
		}
		return true;
	case BOOTH_ACTION_NOT_LISTED:
		if (s == BOOTH_SCREEN_SEARCH) {
			not_listed(st, now);
		}
		return true;
	case BOOTH_ACTION_BACK:
		back(st, now);
		return true;
	case BOOTH_ACTION_CONFIRM:
		if (s == BOOTH_SCREEN_CONFIRM) {
			/* the store decides whether this is a second check-in (store_checkin) */
			booth_emit_fx(out, BOOTH_FX_CHECKIN)->id = st->person.id;
		}
		return true;
	case BOOTH_ACTION_TAKE_PHOTO:
		if (s == BOOTH_SCREEN_CONSENT) {
			booth_start_session(st, true, now, out);
		}
		return true;
	case BOOTH_ACTION_SKIP_PHOTO:
		if (s == BOOTH_SCREEN_CONSENT) {
			welcome(st, now, out);
		}
		return true;
	case BOOTH_ACTION_FIELD:
		if (s == BOOTH_SCREEN_WALKIN && ev->id >= 0 && ev->id < 3) {
			st->walkin.focus = (int)ev->id;
		}
		return true;
	case BOOTH_ACTION_ADD_WALKIN:
		if (s == BOOTH_SCREEN_WALKIN) {
			add_walkin(st, now, out);
		}
		return true;
	case BOOTH_ACTION_PIN_DIGIT:
	case BOOTH_ACTION_PIN_OK:
		return booth_pin_action(st, ev, now, out);
	default:
		return false;
	}
}

static void scan(struct booth_state *st, const char *code, uint64_t now, struct booth_effects *out)
{
	(void)now;
	booth_emit_text(out, BOOTH_FX_LOOKUP_CODE, code);
}

bool booth_checkin_return(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	bool burst = st->key_count >= 3 && now - st->key_last <= BOOTH_SCAN_GAP_MS;
	if (!burst) {
		return false;
	}
	st->keys[st->key_count] = '\0';
	st->key_count = 0;
	if (st->screen == BOOTH_SCREEN_STAFF && st->staff_page == BOOTH_STAFF_PEERS) {
		/* another kiosk's code, held to this one's scanner */
		booth_emit_text(out, BOOTH_FX_PAIR, st->keys);
		return true;
	}
	if (scan_allowed(st->screen)) {
		/* the code lives in the notice buffer until the lookup answers */
		snprintf(st->notice, sizeof(st->notice), "%s", st->keys);
		st->notice_until = 0;
		scan(st, st->notice, now, out);
	}
	return true; /* a burst is never typed, even where scans are not taken */
}

void booth_checkin_event(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			 struct booth_effects *out)
{
	switch (ev->type) {
	case BOOTH_EV_KEYCHAR: {
		/* held back until it is clear whether a person or a scanner is typing */
		size_t add = ev->text ? strlen(ev->text) : 0;
		if (st->key_count > 0 && now - st->key_last > BOOTH_SCAN_GAP_MS) {
			booth_checkin_timers(st, now, out);
		}
		if (add == 0 || st->key_count + add >= sizeof(st->keys)) {
			st->key_count = 0; /* longer than any badge code: not a scan */
			return;
		}
		memcpy(st->keys + st->key_count, ev->text, add);
		st->key_count += (int)add;
		st->key_last = now;
		return;
	}
	case BOOTH_EV_RESULTS:
		if (st->screen == BOOTH_SCREEN_SEARCH && ev->text &&
		    strcmp(ev->text, st->query) == 0) {
			st->result_count =
				ev->count < BOOTH_MAX_RESULTS ? ev->count : BOOTH_MAX_RESULTS;
			for (int i = 0; i < st->result_count; i++) {
				st->results[i] = ev->results[i];
			}
		}
		return;
	case BOOTH_EV_PERSON:
		if (ev->person && scan_allowed(st->screen)) {
			st->notice[0] = '\0';
			show_person(st, ev->person, now);
		}
		return;
	case BOOTH_EV_NOT_FOUND:
		booth_notice(st, N_("Badge not found. Please search for your name."), now);
		return;
	case BOOTH_EV_CHECKED_IN:
		if ((st->screen == BOOTH_SCREEN_CONFIRM || st->screen == BOOTH_SCREEN_WALKIN) &&
		    ev->person) {
			st->person = *ev->person;
			after_checkin(st, now, out);
		}
		return;
	case BOOTH_EV_CHECKIN_FAILED:
		if (st->screen == BOOTH_SCREEN_CONFIRM || st->screen == BOOTH_SCREEN_WALKIN) {
			booth_fail(
				st,
				ev->text ? ev->text
					 : N_("The check-in could not be saved. Please ask staff."),
				now);
		}
		return;
	case BOOTH_EV_PIN_OK:
	case BOOTH_EV_PIN_BAD:
	case BOOTH_EV_EXPORT_PROGRESS:
	case BOOTH_EV_EXPORT_DONE:
	case BOOTH_EV_IMPORT_PREVIEW:
	case BOOTH_EV_IMPORT_DONE:
		booth_staff_event(st, ev, now, out);
		return;
	case BOOTH_EV_NOTICE:
		booth_notice(st, ev->text ? ev->text : "", now);
		booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		return;
	case BOOTH_EV_PRINTER:
		snprintf(st->printer_note, sizeof(st->printer_note), "%s",
			 ev->text ? ev->text : "");
		if (st->screen == BOOTH_SCREEN_STAFF) {
			booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		}
		return;
	case BOOTH_EV_LAYOUT:
		if (ev->text) {
			snprintf(st->layout, sizeof(st->layout), "%s", ev->text);
		}
		if (ev->id > 0) {
			st->cfg.shots = (int)ev->id;
		}
		return;
	default:
		return;
	}
}

void booth_checkin_timers(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	/* a person typing on a keyboard: their keys go to the field once no Return followed */
	if (st->key_count > 0 && now - st->key_last > BOOTH_SCAN_GAP_MS) {
		st->keys[st->key_count] = '\0';
		st->key_count = 0;
		type_text(st, st->keys, out);
	}
	if (st->notice_until && now >= st->notice_until) {
		st->notice[0] = '\0';
		st->notice_until = 0;
	}
	if (st->screen == BOOTH_SCREEN_ATTRACT && guest_choices(st) &&
	    now - st->last_input >= (uint64_t)st->cfg.idle_ms) {
		/* the guest who chose them walked away */
		st->language[0] = '\0';
		st->access = st->cfg.access;
		st->access_open = false;
	}
	if (is_checkin_screen(st->screen) && !st->exporting &&
	    now - st->last_input >= (uint64_t)st->cfg.idle_ms) {
		booth_to_attract(st, now); /* and forget what the last person typed */
		st->staff_page = BOOTH_STAFF_HOME;
	}
}

uint64_t booth_checkin_deadline(const struct booth_state *st)
{
	uint64_t next = 0;
	if (st->key_count > 0) {
		next = st->key_last + BOOTH_SCAN_GAP_MS + 1;
	}
	if (st->notice_until && (!next || st->notice_until < next)) {
		next = st->notice_until;
	}
	if (is_checkin_screen(st->screen) ||
	    (st->screen == BOOTH_SCREEN_ATTRACT && guest_choices(st))) {
		uint64_t idle = st->last_input + (uint64_t)st->cfg.idle_ms;
		if (!next || idle < next) {
			next = idle;
		}
	}
	return next;
}

bool booth_notice_visible(const struct booth_state *st, uint64_t now)
{
	return st->notice[0] && st->notice_until && now < st->notice_until;
}
