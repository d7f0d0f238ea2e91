/* The check-in half of the state machine: search, confirm, consent, walk-ins, the USB barcode
 * scanner, the staff PIN and staff pages, and the idle timeout. Pure, like booth.c. */
#include <stdio.h>
#include <string.h>

#include "booth-private.h"

#define PIN_TRIES 5
#define PIN_LOCK_MS 60000
#define NOTICE_MS 3000

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

static void notice(struct booth_state *st, const char *text, uint64_t now)
{
	snprintf(st->notice, sizeof(st->notice), "%s", text);
	st->notice_until = now + NOTICE_MS;
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

/* After the check-in is in the database: the photo, or straight to the welcome. */
static void after_checkin(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	booth_emit(out, BOOTH_FX_SOUND_CHIME, 0);
	if (st->cfg.photo_at_checkin && st->camera_ok) {
		booth_go(st, BOOTH_SCREEN_CONSENT, now, 0);
		return;
	}
	booth_emit_fx(out, BOOTH_FX_BADGE)->id = st->person.id;
	st->welcome = true;
	st->saving = false;
	st->message[0] = '\0';
	booth_go(st, BOOTH_SCREEN_SAVED, now, st->cfg.saved_ms);
}

void booth_long_press(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	enum booth_screen s = st->screen;
	/* the press that began the hold started a walk-up countdown: no photo yet, so staff win */
	if (s == BOOTH_SCREEN_COUNTDOWN && st->shot == 0 && !st->checkin_session) {
		booth_emit(out, BOOTH_FX_DISCARD, 0);
		st->pin[0] = '\0';
		booth_go(st, BOOTH_SCREEN_STAFF_PIN, now, 0);
		return;
	}
	if (s == BOOTH_SCREEN_COUNTDOWN || s == BOOTH_SCREEN_CAPTURE || s == BOOTH_SCREEN_REVIEW ||
	    (s == BOOTH_SCREEN_SAVED && st->saving) || s == BOOTH_SCREEN_STAFF) {
		return;
	}
	st->pin[0] = '\0';
	booth_go(st, BOOTH_SCREEN_STAFF_PIN, now, 0);
}

static bool staff_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			 struct booth_effects *out)
{
	switch (ev->action) {
	case BOOTH_ACTION_STAFF_SCROLL:
		st->staff_offset += (int)ev->id;
		st->staff_offset = st->staff_offset < 0    ? 0
				   : st->staff_offset > 19 ? 19
							   : st->staff_offset;
		return true;
	case BOOTH_ACTION_STAFF_PAGE:
		st->staff_page = (enum booth_staff_page)ev->id;
		st->staff_offset = 0;
		st->clock_adjust = 0;
		booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		return true;
	case BOOTH_ACTION_UNDO:
		booth_emit_fx(out, BOOTH_FX_UNDO)->id = ev->id;
		return true;
	case BOOTH_ACTION_FORGET:
		booth_emit_fx(out, BOOTH_FX_FORGET)->id = ev->id;
		return true;
	case BOOTH_ACTION_COUNTDOWN: {
		int s = st->cfg.countdown_ms / 1000 + (ev->id > 0 ? 1 : -1);
		s = s < 1 ? 1 : s > 10 ? 10 : s;
		st->cfg.countdown_ms = s * 1000;
		struct booth_effect *fx = booth_emit_text(out, BOOTH_FX_SETTING, "countdown");
		fx->arg = s;
		return true;
	}
	case BOOTH_ACTION_LAYOUT:
		booth_emit(out, BOOTH_FX_NEXT_LAYOUT, 0);
		return true;
	case BOOTH_ACTION_PHOTO_AT_CHECKIN: {
		st->cfg.photo_at_checkin = !st->cfg.photo_at_checkin;
		struct booth_effect *fx =
			booth_emit_text(out, BOOTH_FX_SETTING, "photo_at_checkin");
		fx->arg = st->cfg.photo_at_checkin;
		return true;
	}
	case BOOTH_ACTION_EXPORT:
		if (!st->exporting) {
			st->exporting = true;
			st->export_done = st->export_total = 0;
			booth_emit(out, BOOTH_FX_EXPORT, 0);
		}
		return true;
	case BOOTH_ACTION_CLOCK_ADJUST:
		st->clock_adjust += ev->id;
		return true;
	case BOOTH_ACTION_CLOCK_SET:
		booth_emit_fx(out, BOOTH_FX_SET_CLOCK)->id = st->clock_adjust;
		st->clock_adjust = 0;
		return true;
	case BOOTH_ACTION_SHUTDOWN:
		booth_emit(out, BOOTH_FX_QUIT, 0);
		return true;
	case BOOTH_ACTION_EXIT_STAFF:
	case BOOTH_ACTION_BACK:
		if (st->staff_page != BOOTH_STAFF_HOME && ev->action == BOOTH_ACTION_BACK) {
			st->staff_page = BOOTH_STAFF_HOME;
			return true;
		}
		booth_to_attract(st, now);
		return true;
	default:
		return false;
	}
}

static void pin_ok(struct booth_state *st, uint64_t now, struct booth_effects *out)
{
	if (now < st->locked_until || !st->pin[0]) {
		return;
	}
	booth_emit_text(out, BOOTH_FX_VERIFY_PIN, st->pin);
}

bool booth_checkin_action(struct booth_state *st, const struct booth_event *ev, uint64_t now,
			  struct booth_effects *out)
{
	enum booth_screen s = st->screen;
	if (s == BOOTH_SCREEN_STAFF) {
		return staff_action(st, ev, now, out);
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
	case BOOTH_ACTION_KEY:
		type_text(st, ev->text, out);
		return true;
	case BOOTH_ACTION_DELETE:
		if (s == BOOTH_SCREEN_STAFF_PIN) {
			delete_last(st->pin);
		} else if (field(st)) {
			delete_last(field(st));
			search_changed(st, out);
		}
		return true;
	case BOOTH_ACTION_ACCENT:
		if (field(st)) {
			accent_last(field(st));
			search_changed(st, out);
		}
		return true;
	case BOOTH_ACTION_PICK:
		if (s == BOOTH_SCREEN_SEARCH) {
			for (int i = 0; i < st->result_count; i++) {
				if (st->results[i].id == ev->id) {
					show_person(st, &st->results[i], now);
				}
			}
		}
		return true;
	case BOOTH_ACTION_NOT_LISTED:
		if (s == BOOTH_SCREEN_SEARCH) {
			memset(&st->walkin, 0, sizeof(st->walkin));
			/* what was searched for is most likely the name */
			snprintf(st->walkin.field[0], BOOTH_TEXT, "%s", st->query);
			booth_go(st, BOOTH_SCREEN_WALKIN, now, 0);
		}
		return true;
	case BOOTH_ACTION_BACK:
		if (s == BOOTH_SCREEN_CONFIRM && st->query[0]) {
			booth_go(st, BOOTH_SCREEN_SEARCH, now, 0);
		} else if (s == BOOTH_SCREEN_WALKIN) {
			booth_go(st, BOOTH_SCREEN_SEARCH, now, 0);
		} else if (is_checkin_screen(s)) {
			booth_to_attract(st, now);
		}
		return true;
	case BOOTH_ACTION_CONFIRM:
		if (s == BOOTH_SCREEN_CONFIRM) {
			if (st->person.checkin_id) {
				after_checkin(st, now, out); /* already in: no second row */
			} else {
				booth_emit_fx(out, BOOTH_FX_CHECKIN)->id = st->person.id;
			}
		}
		return true;
	case BOOTH_ACTION_TAKE_PHOTO:
		if (s == BOOTH_SCREEN_CONSENT) {
			booth_start_session(st, true, now, out);
		}
		return true;
	case BOOTH_ACTION_SKIP_PHOTO:
		if (s == BOOTH_SCREEN_CONSENT) {
			booth_emit_fx(out, BOOTH_FX_BADGE)->id = st->person.id;
			st->welcome = true;
			st->saving = false;
			st->message[0] = '\0';
			booth_go(st, BOOTH_SCREEN_SAVED, now, st->cfg.saved_ms);
		}
		return true;
	case BOOTH_ACTION_FIELD:
		if (s == BOOTH_SCREEN_WALKIN && ev->id >= 0 && ev->id < 3) {
			st->walkin.focus = (int)ev->id;
		}
		return true;
	case BOOTH_ACTION_ADD_WALKIN:
		if (s == BOOTH_SCREEN_WALKIN) {
			const char *name = st->walkin.field[0];
			if (strspn(name, " ") == strlen(name)) {
				notice(st, "Please enter a name.", now);
				st->walkin.focus = 0;
			} else {
				booth_emit_fx(out, BOOTH_FX_ADD_WALKIN)->walkin = st->walkin;
			}
		}
		return true;
	case BOOTH_ACTION_PIN_DIGIT:
		if (s == BOOTH_SCREEN_STAFF_PIN && ev->text && strlen(st->pin) < BOOTH_PIN_MAX) {
			strncat(st->pin, ev->text, 1);
		}
		return true;
	case BOOTH_ACTION_PIN_OK:
		if (s == BOOTH_SCREEN_STAFF_PIN) {
			pin_ok(st, now, out);
		}
		return true;
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
		notice(st, "Badge not found. Please search for your name.", now);
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
			booth_fail(st,
				   ev->text ? ev->text
					    : "The check-in could not be saved. Please ask staff.",
				   now);
		}
		return;
	case BOOTH_EV_PIN_OK:
		if (st->screen == BOOTH_SCREEN_STAFF_PIN) {
			st->pin[0] = '\0';
			st->pin_failures = 0;
			st->notice[0] = '\0';
			st->notice_until = 0;
			st->staff_page = BOOTH_STAFF_HOME;
			booth_go(st, BOOTH_SCREEN_STAFF, now, 0);
			booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		}
		return;
	case BOOTH_EV_PIN_BAD:
		if (st->screen == BOOTH_SCREEN_STAFF_PIN) {
			st->pin[0] = '\0';
			if (++st->pin_failures >= PIN_TRIES) {
				st->pin_failures = 0;
				st->locked_until = now + PIN_LOCK_MS;
				notice(st, "Too many wrong PINs: locked for 60 seconds.", now);
			} else {
				notice(st, "Wrong PIN.", now);
			}
		}
		return;
	case BOOTH_EV_NOTICE:
		notice(st, ev->text ? ev->text : "", now);
		booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
		return;
	case BOOTH_EV_EXPORT_PROGRESS:
		st->export_done = (int)ev->id;
		st->export_total = ev->count;
		return;
	case BOOTH_EV_EXPORT_DONE:
		st->exporting = false;
		notice(st, ev->text ? ev->text : "", now);
		st->notice_until = now + 3 * NOTICE_MS; /* time to read it and take the stick */
		booth_emit(out, BOOTH_FX_STAFF_REFRESH, 0);
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
	if (is_checkin_screen(st->screen)) {
		uint64_t idle = st->last_input + (uint64_t)st->cfg.idle_ms;
		if (!next || idle < next) {
			next = idle;
		}
	}
	return next;
}

int booth_locked_seconds(const struct booth_state *st, uint64_t now)
{
	return now < st->locked_until ? (int)((st->locked_until - now + 999) / 1000) : 0;
}

bool booth_notice_visible(const struct booth_state *st, uint64_t now)
{
	return st->notice[0] && st->notice_until && now < st->notice_until;
}
