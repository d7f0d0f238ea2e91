/* The check-in half of the state machine, event by event with a fake clock. */
#include <string.h>

#include "booth.h"
#include "check.h"

static struct booth_state st;
static struct booth_effects fx;
static uint64_t now;

static void start(void)
{
	struct booth_config cfg;
	booth_config_defaults(&cfg);
	cfg.pin_set = true;
	now = 1000;
	booth_init(&st, &cfg, now);
}

static void send(struct booth_event ev)
{
	booth_handle(&st, &ev, now, &fx);
}

static void act(enum booth_action a)
{
	send((struct booth_event){.type = BOOTH_EV_ACTION, .action = a});
}

static void act_text(enum booth_action a, const char *text)
{
	send((struct booth_event){.type = BOOTH_EV_ACTION, .action = a, .text = text});
}

static void act_id(enum booth_action a, int64_t id)
{
	send((struct booth_event){.type = BOOTH_EV_ACTION, .action = a, .id = id});
}

static void ev(enum booth_event_type t)
{
	send((struct booth_event){.type = t});
}

static void wait_ms(uint64_t ms)
{
	now += ms;
	ev(BOOTH_EV_TICK);
}

static const struct booth_effect *has(enum booth_effect_type type)
{
	for (int i = 0; i < fx.count; i++) {
		if (fx.list[i].type == type) {
			return &fx.list[i];
		}
	}
	return NULL;
}

static const char *screen(void)
{
	return booth_screen_name(st.screen);
}

static struct person jose = {
	.id = 42, .name = "José García", .organization = "Kansas City PL", .badge_code = "EB-1"};

/* From attract: José found by name and checked in (the consent screen follows). */
static void check_in_jose(void)
{
	act(BOOTH_ACTION_CHECKIN);
	act_text(BOOTH_ACTION_KEY, "jo");
	send((struct booth_event){
		.type = BOOTH_EV_RESULTS, .text = "jo", .results = &jose, .count = 1});
	act_id(BOOTH_ACTION_PICK, 42);
	act(BOOTH_ACTION_CONFIRM);
	send((struct booth_event){.type = BOOTH_EV_CHECKED_IN, .person = &jose});
}

static void to_confirm(void)
{
	start();
	act(BOOTH_ACTION_CHECKIN);
	act_text(BOOTH_ACTION_KEY, "jo");
	send((struct booth_event){
		.type = BOOTH_EV_RESULTS, .text = "jo", .results = &jose, .count = 1});
	act_id(BOOTH_ACTION_PICK, 42);
}

static void test_search(void)
{
	start();
	act(BOOTH_ACTION_CHECKIN);
	CHECK_STR(screen(), "search");
	act_text(BOOTH_ACTION_KEY, "j");
	CHECK_STR(st.query, "j");
	CHECK(has(BOOTH_FX_SEARCH) && strcmp(has(BOOTH_FX_SEARCH)->text, "j") == 0);
	act_text(BOOTH_ACTION_KEY, "o");
	CHECK_STR(has(BOOTH_FX_SEARCH)->text, "jo");
	/* results for an older query are dropped: the person typed on */
	send((struct booth_event){
		.type = BOOTH_EV_RESULTS, .text = "j", .results = &jose, .count = 1});
	CHECK_INT(st.result_count, 0);
	send((struct booth_event){
		.type = BOOTH_EV_RESULTS, .text = "jo", .results = &jose, .count = 1});
	CHECK_INT(st.result_count, 1);
	/* delete takes whole UTF-8 characters; an empty query clears the results */
	act_text(BOOTH_ACTION_KEY, "é");
	CHECK_STR(st.query, "joé");
	act(BOOTH_ACTION_DELETE);
	CHECK_STR(st.query, "jo");
	act(BOOTH_ACTION_DELETE);
	act(BOOTH_ACTION_DELETE);
	CHECK_STR(st.query, "");
	CHECK_INT(st.result_count, 0);
	CHECK(!has(BOOTH_FX_SEARCH));
	/* the accent key turns the last letter through its accents and back */
	act_text(BOOTH_ACTION_KEY, "e");
	act(BOOTH_ACTION_ACCENT);
	CHECK_STR(st.query, "é");
	act(BOOTH_ACTION_ACCENT);
	CHECK_STR(st.query, "è");
	for (int i = 0; i < 3; i++) {
		act(BOOTH_ACTION_ACCENT);
	}
	CHECK_STR(st.query, "e");
	act(BOOTH_ACTION_DELETE);
	act_text(BOOTH_ACTION_KEY, "n");
	act(BOOTH_ACTION_ACCENT);
	CHECK_STR(st.query, "ñ");
	/* Back leaves for attract and forgets the text */
	act(BOOTH_ACTION_BACK);
	CHECK_STR(screen(), "attract");
	CHECK_STR(st.query, "");
}

static void test_checkin_with_photo(void)
{
	to_confirm();
	CHECK_STR(screen(), "confirm");
	CHECK_STR(st.person.name, "José García");
	act(BOOTH_ACTION_CONFIRM);
	CHECK(has(BOOTH_FX_CHECKIN) && has(BOOTH_FX_CHECKIN)->id == 42);
	CHECK_STR(screen(), "confirm"); /* nothing moves until the row is committed */
	struct person in = jose;
	in.checkin_id = 7;
	snprintf(in.checked_in, sizeof(in.checked_in), "09:14");
	send((struct booth_event){.type = BOOTH_EV_CHECKED_IN, .person = &in});
	CHECK_STR(screen(), "consent");
	CHECK(has(BOOTH_FX_SOUND_CHIME));
	act(BOOTH_ACTION_TAKE_PHOTO);
	const struct booth_effect *b = has(BOOTH_FX_SESSION_BEGIN);
	CHECK(b && b->arg == 1 && b->id == 42); /* one photo, José's */
	CHECK_STR(screen(), "countdown");
	wait_ms(3000);
	ev(BOOTH_EV_STILL_READY);
	wait_ms(250);
	CHECK_STR(screen(), "review");
	act(BOOTH_ACTION_KEEP);
	CHECK(has(BOOTH_FX_SAVE) && has(BOOTH_FX_SAVE)->id == 42);
	send((struct booth_event){.type = BOOTH_EV_SAVE_DONE, .text = "photos/x-jose-garcia.png"});
	CHECK_STR(screen(), "saved");
	CHECK(st.checkin_session && !st.welcome);
	CHECK_STR(st.person.name, "José García");
	wait_ms(20000);
	CHECK_STR(screen(), "attract");
	CHECK_INT(st.person.id, 0); /* forgotten for the next guest */
	/* the next walk-up session is not José's */
	ev(BOOTH_EV_BUTTON);
	CHECK(has(BOOTH_FX_SESSION_BEGIN) && has(BOOTH_FX_SESSION_BEGIN)->id == 0);
	CHECK_INT(has(BOOTH_FX_SESSION_BEGIN)->arg, 4);
}

static void test_checkin_variants(void)
{
	/* a commit that fails shows an error and never the welcome */
	to_confirm();
	act(BOOTH_ACTION_CONFIRM);
	send((struct booth_event){.type = BOOTH_EV_CHECKIN_FAILED, .text = "not saved"});
	CHECK_STR(screen(), "error");
	CHECK_STR(st.message, "not saved");
	/* already checked in: the store keeps the standing check-in (store_checkin) and says
	 * so; the screen goes on to the photo the same way */
	start();
	struct person in = jose;
	in.checkin_id = 7;
	act(BOOTH_ACTION_CHECKIN);
	act_text(BOOTH_ACTION_KEY, "jo");
	send((struct booth_event){
		.type = BOOTH_EV_RESULTS, .text = "jo", .results = &in, .count = 1});
	act_id(BOOTH_ACTION_PICK, 42);
	act(BOOTH_ACTION_CONFIRM);
	CHECK(has(BOOTH_FX_CHECKIN) && has(BOOTH_FX_CHECKIN)->id == 42);
	send((struct booth_event){.type = BOOTH_EV_CHECKED_IN, .person = &in});
	CHECK_STR(screen(), "consent");
	/* skip the photo: the welcome, and a badge without a photo */
	act(BOOTH_ACTION_SKIP_PHOTO);
	CHECK_STR(screen(), "saved");
	CHECK(st.welcome);
	CHECK(has(BOOTH_FX_BADGE) && has(BOOTH_FX_BADGE)->id == 42);
	wait_ms(20000);
	CHECK_STR(screen(), "attract");
	/* photo at check-in turned off: straight to the welcome */
	to_confirm();
	st.cfg.photo_at_checkin = false;
	act(BOOTH_ACTION_CONFIRM);
	send((struct booth_event){.type = BOOTH_EV_CHECKED_IN, .person = &jose});
	CHECK_STR(screen(), "saved");
	CHECK(st.welcome && has(BOOTH_FX_BADGE));
	/* without a camera, the same */
	to_confirm();
	st.camera_ok = false;
	act(BOOTH_ACTION_CONFIRM);
	send((struct booth_event){.type = BOOTH_EV_CHECKED_IN, .person = &jose});
	CHECK_STR(screen(), "saved");
	/* Back from confirm returns to the search with the text kept */
	to_confirm();
	act(BOOTH_ACTION_BACK);
	CHECK_STR(screen(), "search");
	CHECK_STR(st.query, "jo");
}

static void test_walkin(void)
{
	start();
	act(BOOTH_ACTION_CHECKIN);
	act_text(BOOTH_ACTION_KEY, "Ada Lovelace");
	act(BOOTH_ACTION_NOT_LISTED);
	CHECK_STR(screen(), "walkin");
	CHECK_STR(st.walkin.field[0], "Ada Lovelace"); /* what was searched for */
	act_id(BOOTH_ACTION_FIELD, 1);
	act_text(BOOTH_ACTION_KEY, "Analytical Society");
	CHECK_STR(st.walkin.field[1], "Analytical Society");
	act_id(BOOTH_ACTION_FIELD, 0);
	for (int i = 0; i < 20; i++) {
		act(BOOTH_ACTION_DELETE);
	}
	act(BOOTH_ACTION_ADD_WALKIN);
	CHECK(!has(BOOTH_FX_ADD_WALKIN)); /* a name is required */
	CHECK(booth_notice_visible(&st, now));
	act_text(BOOTH_ACTION_KEY, "Ada");
	act(BOOTH_ACTION_ADD_WALKIN);
	const struct booth_effect *w = has(BOOTH_FX_ADD_WALKIN);
	CHECK(w && strcmp(w->walkin.field[0], "Ada") == 0);
	struct person ada = {.id = 99, .name = "Ada"};
	send((struct booth_event){.type = BOOTH_EV_CHECKED_IN, .person = &ada});
	CHECK_STR(screen(), "consent");
}

static void keys(const char *s, uint64_t gap)
{
	for (; *s; s++) {
		char c[2] = {*s, 0};
		send((struct booth_event){.type = BOOTH_EV_KEYCHAR, .text = c});
		now += gap;
	}
}

static void ret(void)
{
	send((struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_CONFIRM});
}

static void test_scanner(void)
{
	/* a burst ending in Return, from attract: a lookup, then confirm */
	start();
	keys("EB-1", 8);
	ret();
	CHECK(has(BOOTH_FX_LOOKUP_CODE) && strcmp(has(BOOTH_FX_LOOKUP_CODE)->text, "EB-1") == 0);
	send((struct booth_event){.type = BOOTH_EV_PERSON, .person = &jose});
	CHECK_STR(screen(), "confirm");
	/* on the search screen: never typed into the field */
	start();
	act(BOOTH_ACTION_CHECKIN);
	act_text(BOOTH_ACTION_KEY, "jo");
	keys("EB-1", 5);
	ret();
	CHECK(has(BOOTH_FX_LOOKUP_CODE));
	wait_ms(500);
	CHECK_STR(st.query, "jo");
	send((struct booth_event){.type = BOOTH_EV_NOT_FOUND, .text = "EB-1"});
	CHECK(booth_notice_visible(&st, now));
	CHECK_STR(screen(), "search");
	/* time to read it: 20 s, or until the guest goes on after its first second */
	wait_ms(19999);
	CHECK(booth_notice_visible(&st, now));
	wait_ms(1);
	CHECK(!booth_notice_visible(&st, now));
	send((struct booth_event){.type = BOOTH_EV_NOT_FOUND, .text = "EB-1"});
	ev(BOOTH_EV_TOUCH);
	CHECK(booth_notice_visible(&st, now)); /* a touch at once: not read yet */
	wait_ms(1000);
	ev(BOOTH_EV_TOUCH);
	CHECK(!booth_notice_visible(&st, now));
	CHECK_STR(st.query, "jo");
	/* a person typing on a keyboard: the keys reach the field */
	keys("se", 200);
	wait_ms(100);
	CHECK_STR(st.query, "jose");
	/* a person's slow Return is not a scan */
	keys("x", 200);
	ret();
	CHECK(!has(BOOTH_FX_LOOKUP_CODE));
	/* a burst while entering the PIN is neither a scan nor PIN digits */
	start();
	ev(BOOTH_EV_LONG_PRESS);
	CHECK_STR(screen(), "staff-pin");
	keys("1234", 5);
	ret();
	CHECK(!has(BOOTH_FX_LOOKUP_CODE));
	wait_ms(500);
	CHECK_STR(st.pin, "");
	/* keys on attract (no field) are dropped */
	start();
	keys("abc", 200);
	wait_ms(500);
	CHECK_STR(screen(), "attract");
}

static void test_pin(void)
{
	start();
	act(BOOTH_ACTION_STAFF);
	CHECK_STR(screen(), "staff-pin");
	for (const char *d = "1234"; *d; d++) {
		char digit[2] = {*d, 0};
		act_text(BOOTH_ACTION_PIN_DIGIT, digit);
	}
	CHECK_STR(st.pin, "1234");
	act(BOOTH_ACTION_PIN_OK);
	CHECK(has(BOOTH_FX_VERIFY_PIN) && strcmp(has(BOOTH_FX_VERIFY_PIN)->text, "1234") == 0);
	/* five wrong tries lock it for 60 s */
	for (int i = 0; i < 5; i++) {
		act_text(BOOTH_ACTION_PIN_DIGIT, "9");
		act(BOOTH_ACTION_PIN_OK);
		ev(BOOTH_EV_PIN_BAD);
		CHECK_STR(st.pin, "");
	}
	CHECK_INT(booth_locked_seconds(&st, now), 60);
	act_text(BOOTH_ACTION_PIN_DIGIT, "1");
	act(BOOTH_ACTION_PIN_OK);
	CHECK(!has(BOOTH_FX_VERIFY_PIN));
	/* leaving and coming back does not lift the lock */
	act(BOOTH_ACTION_BACK);
	ev(BOOTH_EV_LONG_PRESS);
	CHECK(booth_locked_seconds(&st, now) > 0);
	wait_ms(30000);
	CHECK_INT(booth_locked_seconds(&st, now), 30);
	wait_ms(30000);
	CHECK_INT(booth_locked_seconds(&st, now), 0);
	act(BOOTH_ACTION_STAFF);
	act_text(BOOTH_ACTION_PIN_DIGIT, "1");
	act(BOOTH_ACTION_PIN_OK);
	CHECK(has(BOOTH_FX_VERIFY_PIN));
	ev(BOOTH_EV_PIN_OK);
	CHECK_STR(screen(), "staff");
	CHECK(has(BOOTH_FX_STAFF_REFRESH));
	/* staff actions */
	act_id(BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_RECENT);
	CHECK_INT(st.staff_page, BOOTH_STAFF_RECENT);
	act_id(BOOTH_ACTION_UNDO, 17);
	CHECK(has(BOOTH_FX_UNDO) && has(BOOTH_FX_UNDO)->id == 17);
	act_id(BOOTH_ACTION_FORGET, 42);
	CHECK(has(BOOTH_FX_FORGET) && has(BOOTH_FX_FORGET)->id == 42);
	act(BOOTH_ACTION_BACK);
	CHECK_INT(st.staff_page, BOOTH_STAFF_HOME);
	CHECK_STR(screen(), "staff");
	act_id(BOOTH_ACTION_COUNTDOWN, 1);
	CHECK_INT(st.cfg.countdown_ms, 4000);
	CHECK(has(BOOTH_FX_SETTING) && has(BOOTH_FX_SETTING)->arg == 4);
	for (int i = 0; i < 20; i++) {
		act_id(BOOTH_ACTION_COUNTDOWN, -1);
	}
	CHECK_INT(st.cfg.countdown_ms, 1000);
	act(BOOTH_ACTION_PHOTO_AT_CHECKIN);
	CHECK(!st.cfg.photo_at_checkin);
	act(BOOTH_ACTION_SHUTDOWN);
	CHECK(has(BOOTH_FX_QUIT));
	act(BOOTH_ACTION_EXIT_STAFF);
	CHECK_STR(screen(), "attract");
	/* the hold that opens staff began as a press that started a countdown: staff win, and
	 * the session is dropped; once a photo is taken, a long press does nothing */
	ev(BOOTH_EV_BUTTON);
	CHECK_STR(screen(), "countdown");
	ev(BOOTH_EV_LONG_PRESS);
	CHECK_STR(screen(), "staff-pin");
	CHECK(has(BOOTH_FX_DISCARD));
	act(BOOTH_ACTION_BACK);
	ev(BOOTH_EV_BUTTON);
	wait_ms(3000);
	ev(BOOTH_EV_STILL_READY);
	wait_ms(250);
	CHECK_INT(st.shot, 1);
	ev(BOOTH_EV_LONG_PRESS);
	CHECK_STR(screen(), "countdown");
}

static void test_idle(void)
{
	start();
	act(BOOTH_ACTION_CHECKIN);
	act_text(BOOTH_ACTION_KEY, "private name");
	wait_ms(59000);
	CHECK_STR(screen(), "search");
	act_text(BOOTH_ACTION_KEY, "s"); /* a touch restarts the minute */
	wait_ms(59000);
	CHECK_STR(screen(), "search");
	wait_ms(1000);
	CHECK_STR(screen(), "attract");
	CHECK_STR(st.query, "");
	act(BOOTH_ACTION_CHECKIN);
	CHECK_STR(st.query, ""); /* the next person starts with an empty field */
	/* the staff screen times out too */
	ev(BOOTH_EV_LONG_PRESS);
	act_text(BOOTH_ACTION_PIN_DIGIT, "1");
	act(BOOTH_ACTION_PIN_OK);
	ev(BOOTH_EV_PIN_OK);
	wait_ms(60000);
	CHECK_STR(screen(), "attract");
}

/* A guest list from a USB stick: read, shown, then stored only when staff confirm; nothing
 * leaves the page while it is stored. */
static void test_import(void)
{
	start();
	ev(BOOTH_EV_LONG_PRESS);
	act_text(BOOTH_ACTION_PIN_DIGIT, "1");
	act(BOOTH_ACTION_PIN_OK);
	ev(BOOTH_EV_PIN_OK);
	act(BOOTH_ACTION_IMPORT_CONFIRM); /* nothing read yet: nothing to store */
	CHECK(!has(BOOTH_FX_IMPORT));
	act(BOOTH_ACTION_IMPORT);
	CHECK_INT(st.staff_page, BOOTH_STAFF_IMPORT);
	CHECK_INT(st.import, BOOTH_IMPORT_READING);
	CHECK(has(BOOTH_FX_IMPORT_PREVIEW));
	act(BOOTH_ACTION_IMPORT); /* a second tap reads nothing twice */
	CHECK(!has(BOOTH_FX_IMPORT_PREVIEW));
	act(BOOTH_ACTION_IMPORT_CONFIRM); /* nor stores what is being read */
	CHECK(!has(BOOTH_FX_IMPORT));
	send((struct booth_event){.type = BOOTH_EV_IMPORT_PREVIEW, .id = 1988});
	CHECK_INT(st.import, BOOTH_IMPORT_READY);
	CHECK_INT(st.import_rows, 1988);
	act(BOOTH_ACTION_IMPORT_CONFIRM);
	CHECK(has(BOOTH_FX_IMPORT));
	CHECK_INT(st.import, BOOTH_IMPORT_STORING);
	act(BOOTH_ACTION_IMPORT_CONFIRM);
	CHECK(!has(BOOTH_FX_IMPORT));
	act(BOOTH_ACTION_BACK);
	act(BOOTH_ACTION_EXIT_STAFF);
	CHECK_STR(screen(), "staff");
	CHECK_INT(st.staff_page, BOOTH_STAFF_IMPORT);
	send((struct booth_event){.type = BOOTH_EV_IMPORT_DONE, .text = "Guest list imported."});
	CHECK_INT(st.import, BOOTH_IMPORT_NONE);
	CHECK_INT(st.staff_page, BOOTH_STAFF_HOME);
	CHECK_STR(st.notice, "Guest list imported.");
	CHECK(has(BOOTH_FX_STAFF_REFRESH));
	/* a file that cannot be imported: its reason, and no way to store it */
	act(BOOTH_ACTION_IMPORT);
	send((struct booth_event){.type = BOOTH_EV_IMPORT_PREVIEW,
				  .text = "guests.xlsx: a password-protected workbook"});
	CHECK_INT(st.import, BOOTH_IMPORT_FAILED);
	CHECK_STR(st.import_error, "guests.xlsx: a password-protected workbook");
	act(BOOTH_ACTION_IMPORT_CONFIRM);
	CHECK(!has(BOOTH_FX_IMPORT));
	act(BOOTH_ACTION_BACK);
	CHECK_INT(st.staff_page, BOOTH_STAFF_HOME);
	CHECK_INT(st.import, BOOTH_IMPORT_NONE);
	/* staff who left while it was read find nothing half-shown */
	act(BOOTH_ACTION_IMPORT);
	act(BOOTH_ACTION_BACK);
	send((struct booth_event){.type = BOOTH_EV_IMPORT_PREVIEW, .id = 3});
	CHECK_INT(st.import, BOOTH_IMPORT_NONE);
}

/* A guest's language lasts their visit: the session they start, or the check-in, and no longer;
 * staff change the event's. */
static void test_language(void)
{
	to_confirm();
	CHECK_STR(st.language, ""); /* the event's */
	start();
	act_text(BOOTH_ACTION_LANGUAGE, "es");
	CHECK_STR(st.language, "es");
	CHECK_STR(screen(), "attract");
	/* through a check-in with its photo, to the thank-you */
	check_in_jose();
	act(BOOTH_ACTION_SKIP_PHOTO);
	CHECK_STR(screen(), "saved");
	CHECK_STR(st.language, "es");
	wait_ms(20000);
	CHECK_STR(screen(), "attract");
	CHECK_STR(st.language, ""); /* the next guest is greeted in the event's */
	/* a walk-up session keeps it to its end */
	act_text(BOOTH_ACTION_LANGUAGE, "pl");
	ev(BOOTH_EV_BUTTON);
	CHECK_STR(screen(), "countdown");
	CHECK_STR(st.language, "pl");
	/* a language chosen and left: back to the event's after the idle minute */
	start();
	act_text(BOOTH_ACTION_LANGUAGE, "de");
	CHECK(booth_next_deadline(&st) == now + 60000);
	wait_ms(59999);
	CHECK_STR(st.language, "de");
	wait_ms(1);
	CHECK_STR(st.language, "");
	CHECK(booth_next_deadline(&st) == 0);
	/* a code too long to be one is not kept */
	act_text(BOOTH_ACTION_LANGUAGE, "not-a-language");
	CHECK_STR(st.language, "");
	/* only on the start screen */
	act(BOOTH_ACTION_CHECKIN);
	act_text(BOOTH_ACTION_LANGUAGE, "fr");
	CHECK_STR(st.language, "");
	/* a guest who steps back from the search keeps theirs */
	act(BOOTH_ACTION_BACK);
	act_text(BOOTH_ACTION_LANGUAGE, "fr");
	act(BOOTH_ACTION_CHECKIN);
	act(BOOTH_ACTION_BACK);
	CHECK_STR(screen(), "attract");
	CHECK_STR(st.language, "fr");
	/* staff read the event's, and change it */
	start();
	act_text(BOOTH_ACTION_LANGUAGE, "fr");
	ev(BOOTH_EV_LONG_PRESS);
	CHECK_STR(st.language, "");
	act_text(BOOTH_ACTION_PIN_DIGIT, "1");
	act(BOOTH_ACTION_PIN_OK);
	ev(BOOTH_EV_PIN_OK);
	act_id(BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_LANGUAGE);
	act_text(BOOTH_ACTION_LANGUAGE, "de");
	CHECK(has(BOOTH_FX_LANGUAGE) && strcmp(has(BOOTH_FX_LANGUAGE)->text, "de") == 0);
	CHECK_STR(st.language, "");
}

/* A held button asks for the highlight: the walk-up countdown its edge began is called off with
 * no photo, the guest's choices kept; later in a countdown, or elsewhere, it changes nothing. */
static void test_held(void)
{
	start();
	act_text(BOOTH_ACTION_LANGUAGE, "es");
	ev(BOOTH_EV_BUTTON);
	CHECK_STR(screen(), "countdown");
	wait_ms(BOOTH_HELD_MS);
	ev(BOOTH_EV_HELD);
	CHECK_STR(screen(), "attract");
	CHECK(has(BOOTH_FX_DISCARD));
	CHECK(!has(BOOTH_FX_CAPTURE));
	CHECK_STR(st.language, "es");
	/* a press held late in a countdown it did not begin */
	ev(BOOTH_EV_BUTTON);
	wait_ms(2000);
	ev(BOOTH_EV_HELD);
	CHECK_STR(screen(), "countdown");
	/* a check-in's photo countdown is not a walk-up strip */
	start();
	check_in_jose();
	act(BOOTH_ACTION_TAKE_PHOTO);
	CHECK_STR(screen(), "countdown");
	ev(BOOTH_EV_HELD);
	CHECK_STR(screen(), "countdown");
}

/* Large text and high contrast: a guest's for their visit, from the panel on the start screen;
 * staff's for every guest. */
static void test_access(void)
{
	start();
	CHECK_INT(st.access, 0);
	act_id(BOOTH_ACTION_ACCESS_TOGGLE, BOOTH_ACCESS_LARGE_TEXT); /* the panel is closed */
	CHECK_INT(st.access, 0);
	act(BOOTH_ACTION_ACCESS);
	CHECK(st.access_open);
	act_id(BOOTH_ACTION_ACCESS_TOGGLE, BOOTH_ACCESS_LARGE_TEXT);
	act_id(BOOTH_ACTION_ACCESS_TOGGLE, 64); /* no such switch */
	CHECK_INT(st.access, BOOTH_ACCESS_LARGE_TEXT);
	act(BOOTH_ACTION_ACCESS);
	CHECK(!st.access_open);
	/* through a check-in, and gone for the next guest */
	act(BOOTH_ACTION_CHECKIN);
	act(BOOTH_ACTION_BACK); /* a step back keeps it */
	CHECK_INT(st.access, BOOTH_ACCESS_LARGE_TEXT);
	check_in_jose();
	CHECK_INT(st.access, BOOTH_ACCESS_LARGE_TEXT);
	act(BOOTH_ACTION_SKIP_PHOTO);
	act(BOOTH_ACTION_DISMISS);
	CHECK_STR(screen(), "attract");
	CHECK_INT(st.access, 0);
	/* a panel opened and left: closed, and the choice forgotten, after the idle minute */
	act(BOOTH_ACTION_ACCESS);
	act_id(BOOTH_ACTION_ACCESS_TOGGLE, BOOTH_ACCESS_HIGH_CONTRAST);
	wait_ms(60000);
	CHECK(!st.access_open);
	CHECK_INT(st.access, 0);
	/* staff: every guest from now; kept by the kiosk */
	ev(BOOTH_EV_LONG_PRESS);
	act_text(BOOTH_ACTION_PIN_DIGIT, "1");
	act(BOOTH_ACTION_PIN_OK);
	ev(BOOTH_EV_PIN_OK);
	act_id(BOOTH_ACTION_STAFF_PAGE, BOOTH_STAFF_LANGUAGE);
	act_id(BOOTH_ACTION_ACCESS_TOGGLE, BOOTH_ACCESS_HIGH_CONTRAST);
	CHECK(has(BOOTH_FX_ACCESS_DEFAULT) &&
	      has(BOOTH_FX_ACCESS_DEFAULT)->arg == BOOTH_ACCESS_HIGH_CONTRAST);
	act(BOOTH_ACTION_BACK);
	act(BOOTH_ACTION_EXIT_STAFF);
	CHECK_STR(screen(), "attract");
	CHECK_INT(st.access, BOOTH_ACCESS_HIGH_CONTRAST);
	/* a guest may turn it off for themselves */
	act(BOOTH_ACTION_ACCESS);
	act_id(BOOTH_ACTION_ACCESS_TOGGLE, BOOTH_ACCESS_HIGH_CONTRAST);
	CHECK_INT(st.access, 0);
}

int main(void)
{
	test_search();
	test_checkin_with_photo();
	test_checkin_variants();
	test_walkin();
	test_scanner();
	test_pin();
	test_idle();
	test_import();
	test_language();
	test_access();
	test_held();
	return check_exit("booth-checkin");
}
