/* The state machine, driven event by event with a fake clock. */
#include "booth.h"
#include "check.h"

static struct booth_state st;
static struct booth_effects fx;
static uint64_t now;

static void start(int shots)
{
	struct booth_config cfg;
	booth_config_defaults(&cfg);
	cfg.shots = shots;
	now = 1000;
	booth_init(&st, &cfg, now);
}

static void ev(enum booth_event_type type)
{
	booth_handle(&st, &(struct booth_event){.type = type}, now, &fx);
}

static void action(enum booth_action a)
{
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_ACTION, .action = a}, now, &fx);
}

static void wait_ms(uint64_t ms)
{
	now += ms;
	ev(BOOTH_EV_TICK);
}

static bool has(enum booth_effect_type type)
{
	for (int i = 0; i < fx.count; i++) {
		if (fx.list[i].type == type) {
			return true;
		}
	}
	return false;
}

static const char *screen(void)
{
	return booth_screen_name(st.screen);
}

/* press, then every countdown and capture of a session, ending on review */
static void shoot_all(int shots)
{
	for (int i = 0; i < shots; i++) {
		CHECK_STR(screen(), "countdown");
		CHECK_INT(st.shot, i);
		wait_ms(3000);
		CHECK_STR(screen(), "capture");
		CHECK(has(BOOTH_FX_CAPTURE));
		CHECK(booth_flash_visible(&st, now));
		ev(BOOTH_EV_STILL_READY);
		CHECK_STR(screen(), "capture"); /* the flash is not cut short */
		wait_ms(250);
	}
	CHECK_STR(screen(), "review");
	CHECK(has(BOOTH_FX_COMPOSE));
}

static void test_names(void)
{
	const char *names[] = {"attract", "search", "confirm", "walkin",    "consent", "countdown",
			       "capture", "review", "saved",   "staff-pin", "staff",   "error"};
	for (int i = 0; i < BOOTH_SCREEN_COUNT; i++) {
		CHECK_STR(booth_screen_name((enum booth_screen)i), names[i]);
		enum booth_screen s;
		CHECK(booth_screen_from_name(names[i], &s) && s == (enum booth_screen)i);
	}
	enum booth_screen s;
	CHECK(!booth_screen_from_name("lobby", &s));
	CHECK(booth_screen_name(BOOTH_SCREEN_COUNT) == NULL);
}

static void test_full_session(void)
{
	start(4);
	CHECK_STR(screen(), "attract");
	CHECK(booth_button_ready(&st));
	ev(BOOTH_EV_BUTTON);
	CHECK(has(BOOTH_FX_SESSION_BEGIN));
	CHECK_STR(screen(), "countdown");
	CHECK_INT(booth_countdown_value(&st, now), 3);
	CHECK_INT(booth_countdown_value(&st, now + 1500), 2);
	CHECK_INT(booth_countdown_value(&st, now + 2999), 1);
	shoot_all(4);
	CHECK(!st.composed);
	ev(BOOTH_EV_COMPOSED);
	CHECK(st.composed);
	action(BOOTH_ACTION_KEEP);
	CHECK(has(BOOTH_FX_SAVE));
	CHECK_STR(screen(), "saved");
	CHECK(st.saving);
	wait_ms(60000); /* saving has no timeout: it ends with the save */
	CHECK_STR(screen(), "saved");
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE, .text = "photos/x.png"},
		     now, &fx);
	CHECK(!st.saving);
	CHECK_STR(st.message, "photos/x.png");
	wait_ms(19999);
	CHECK_STR(screen(), "saved");
	wait_ms(1);
	CHECK_STR(screen(), "attract");
}

static void test_ticks(void)
{
	start(1);
	ev(BOOTH_EV_BUTTON);
	int ticks = 0;
	for (int k = 0; k < fx.count; k++) {
		ticks += fx.list[k].type == BOOTH_FX_SOUND_TICK && fx.list[k].arg == 3;
	}
	for (int i = 0; i < 30; i++) {
		uint64_t next = booth_next_deadline(&st);
		CHECK(next > now);
		now = next;
		ev(BOOTH_EV_TICK);
		ticks += has(BOOTH_FX_SOUND_TICK);
		if (st.screen != BOOTH_SCREEN_COUNTDOWN) {
			break;
		}
	}
	CHECK_INT(ticks, 3); /* 3, 2 and 1 each tick */
	CHECK_STR(screen(), "capture");
	CHECK(has(BOOTH_FX_SOUND_SHUTTER));
}

static void test_ignored_presses(void)
{
	start(2);
	ev(BOOTH_EV_BUTTON);
	uint32_t sessions = st.sessions;
	/* presses during the countdown and capture: ignored, not queued */
	wait_ms(500);
	ev(BOOTH_EV_BUTTON);
	CHECK_INT(fx.count, 0);
	CHECK_STR(screen(), "countdown");
	CHECK_INT(booth_countdown_value(&st, now), 3); /* the countdown did not restart */
	wait_ms(2500);
	ev(BOOTH_EV_BUTTON);
	CHECK_STR(screen(), "capture");
	CHECK(!has(BOOTH_FX_SESSION_BEGIN));
	ev(BOOTH_EV_STILL_READY);
	wait_ms(250);
	wait_ms(3000);
	ev(BOOTH_EV_STILL_READY);
	wait_ms(250);
	CHECK_STR(screen(), "review");
	/* the button keeps on review; presses while saving are ignored */
	ev(BOOTH_EV_BUTTON);
	CHECK(has(BOOTH_FX_SAVE));
	CHECK_STR(screen(), "saved");
	for (int i = 0; i < 5; i++) {
		ev(BOOTH_EV_BUTTON);
		CHECK_INT(fx.count, 0);
	}
	CHECK(!booth_button_ready(&st));
	ev(BOOTH_EV_SAVE_DONE);
	CHECK_STR(screen(), "saved");
	CHECK_INT(st.sessions, sessions); /* no session was queued by those presses */
	/* once saved, a press starts the next session straight away */
	CHECK(booth_button_ready(&st));
	ev(BOOTH_EV_BUTTON);
	CHECK_STR(screen(), "countdown");
	CHECK_INT(st.sessions, sessions + 1);
}

static void test_retake(void)
{
	start(2);
	ev(BOOTH_EV_BUTTON);
	shoot_all(2);
	action(BOOTH_ACTION_RETAKE);
	CHECK(has(BOOTH_FX_DISCARD));
	CHECK_STR(screen(), "countdown");
	CHECK_INT(st.shot, 0);
	CHECK(!st.composed);
	shoot_all(2);
	/* Escape on review is Retake too */
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_KEY, .key = BOOTH_KEY_BACK}, now,
		     &fx);
	CHECK(has(BOOTH_FX_DISCARD));
	CHECK_STR(screen(), "countdown");
}

static void test_review_timeout(void)
{
	start(1);
	ev(BOOTH_EV_BUTTON);
	shoot_all(1);
	CHECK(booth_review_left(&st, now) > 0.99f);
	wait_ms(10000);
	CHECK(booth_review_left(&st, now) > 0.49f && booth_review_left(&st, now) < 0.51f);
	CHECK_STR(screen(), "review");
	/* a guest who touches the screen has the whole time again (WCAG 2.2.1) */
	ev(BOOTH_EV_TOUCH);
	CHECK(booth_review_left(&st, now) > 0.99f);
	CHECK(!has(BOOTH_FX_SAVE));
	wait_ms(19999);
	CHECK_STR(screen(), "review");
	wait_ms(1);
	CHECK_STR(screen(), "saved"); /* kept by itself */
	CHECK(has(BOOTH_FX_SAVE));
	/* the thank-you too */
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE, .text = "x"}, now, &fx);
	wait_ms(15000);
	ev(BOOTH_EV_TOUCH);
	wait_ms(19999);
	CHECK_STR(screen(), "saved");
	wait_ms(1);
	CHECK_STR(screen(), "attract");
}

static void test_save_failure(void)
{
	start(1);
	ev(BOOTH_EV_BUTTON);
	shoot_all(1);
	action(BOOTH_ACTION_KEEP);
	booth_handle(
		&st,
		&(struct booth_event){.type = BOOTH_EV_SAVE_FAILED,
				      .text = "Photos are not being saved: the storage is full."},
		now, &fx);
	CHECK_STR(screen(), "error");
	CHECK_STR(st.message, "Photos are not being saved: the storage is full.");
	CHECK(!st.saving);
	/* back by itself after a while: no sooner than 20 s, and a touch gives 20 s again */
	wait_ms(19000);
	ev(BOOTH_EV_TOUCH);
	wait_ms(19999);
	CHECK_STR(screen(), "error");
	wait_ms(1);
	CHECK_STR(screen(), "attract");
	/* or at once with OK */
	ev(BOOTH_EV_BUTTON);
	shoot_all(1);
	action(BOOTH_ACTION_KEEP);
	ev(BOOTH_EV_SAVE_FAILED);
	CHECK_STR(screen(), "error");
	action(BOOTH_ACTION_DISMISS);
	CHECK_STR(screen(), "attract");
}

static void test_camera_failures(void)
{
	/* a still that never comes */
	start(1);
	ev(BOOTH_EV_BUTTON);
	wait_ms(3000);
	CHECK_STR(screen(), "capture");
	wait_ms(10000);
	CHECK_STR(screen(), "error");
	/* a still that fails */
	start(1);
	ev(BOOTH_EV_BUTTON);
	wait_ms(3000);
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_STILL_FAILED, .text = "lens cap"},
		     now, &fx);
	CHECK_STR(screen(), "error");
	CHECK_STR(st.message, "lens cap");
	/* a camera lost mid-countdown, then no sessions until it is back */
	start(2);
	ev(BOOTH_EV_BUTTON);
	ev(BOOTH_EV_CAMERA_LOST);
	CHECK_STR(screen(), "error");
	action(BOOTH_ACTION_DISMISS);
	CHECK_STR(screen(), "attract");
	ev(BOOTH_EV_BUTTON);
	CHECK_STR(screen(), "attract");
	CHECK(!booth_button_ready(&st));
	ev(BOOTH_EV_CAMERA_BACK);
	ev(BOOTH_EV_BUTTON);
	CHECK_STR(screen(), "countdown");
}

static void test_stale_events(void)
{
	start(1);
	/* results that arrive on the wrong screen change nothing */
	ev(BOOTH_EV_STILL_READY);
	ev(BOOTH_EV_COMPOSED);
	ev(BOOTH_EV_SAVE_DONE);
	ev(BOOTH_EV_SAVE_FAILED);
	CHECK_STR(screen(), "attract");
	CHECK(!st.composed);
	action(BOOTH_ACTION_KEEP);
	action(BOOTH_ACTION_RETAKE);
	CHECK_STR(screen(), "attract");
	CHECK_INT(fx.count, 0);
	/* the call to action works like the button */
	action(BOOTH_ACTION_START);
	CHECK_STR(screen(), "countdown");
	/* a late still after a retake is not counted twice */
	wait_ms(3000);
	ev(BOOTH_EV_STILL_READY);
	ev(BOOTH_EV_STILL_READY);
	wait_ms(250);
	CHECK_STR(screen(), "review");
}

static void test_slow_still(void)
{
	/* a slow camera: the still comes after the flash is over */
	start(1);
	ev(BOOTH_EV_BUTTON);
	wait_ms(3000);
	wait_ms(2000);
	CHECK_STR(screen(), "capture");
	CHECK(!booth_flash_visible(&st, now));
	ev(BOOTH_EV_STILL_READY);
	CHECK_STR(screen(), "review");
}

static const struct booth_effect *find(enum booth_effect_type type)
{
	for (int i = 0; i < fx.count; i++) {
		if (fx.list[i].type == type) {
			return &fx.list[i];
		}
	}
	return NULL;
}

/* print = ask: Print keeps and prints once; Keep, the review timeout and a check-in's photo do
 * not print; a second Print tap finds no review screen. print = auto: Keep prints. */
static void test_print(void)
{
	struct booth_config cfg;
	booth_config_defaults(&cfg);
	cfg.print = BOOTH_PRINT_ASK;
	cfg.print_copies = 2;
	now = 1000;
	booth_init(&st, &cfg, now);
	ev(BOOTH_EV_BUTTON);
	shoot_all(4);
	action(BOOTH_ACTION_PRINT);
	CHECK_STR(screen(), "saved");
	const struct booth_effect *save = find(BOOTH_FX_SAVE);
	CHECK(save && save->arg == 2);
	CHECK(st.printing);
	action(BOOTH_ACTION_PRINT);
	CHECK_INT(fx.count, 0);
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE, .text = "x"}, now, &fx);
	action(BOOTH_ACTION_PRINT);
	CHECK_INT(fx.count, 0);
	wait_ms(20000);
	CHECK_STR(screen(), "attract");

	ev(BOOTH_EV_BUTTON);
	shoot_all(4);
	action(BOOTH_ACTION_KEEP);
	save = find(BOOTH_FX_SAVE);
	CHECK(save && save->arg == 0);
	CHECK(!st.printing);
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE, .text = "x"}, now, &fx);
	wait_ms(5000);

	ev(BOOTH_EV_BUTTON);
	shoot_all(4);
	wait_ms(20000); /* the review keeps by itself: no print unless asked */
	save = find(BOOTH_FX_SAVE);
	CHECK(save && save->arg == 0);
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE, .text = "x"}, now, &fx);
	wait_ms(5000);

	st.cfg.print = BOOTH_PRINT_AUTO;
	ev(BOOTH_EV_BUTTON);
	shoot_all(4);
	action(BOOTH_ACTION_KEEP);
	save = find(BOOTH_FX_SAVE);
	CHECK(save && save->arg == 2);

	st.cfg.print = BOOTH_PRINT_NO; /* no printer: Print does nothing */
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_SAVE_DONE, .text = "x"}, now, &fx);
	wait_ms(5000);
	ev(BOOTH_EV_BUTTON);
	shoot_all(4);
	action(BOOTH_ACTION_PRINT);
	CHECK_STR(screen(), "review");
	CHECK_INT(fx.count, 0);

	/* the printer's line for guests is kept as given */
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_PRINTER, .text = "out of paper"},
		     now, &fx);
	CHECK_STR(st.printer_note, "out of paper");
	booth_handle(&st, &(struct booth_event){.type = BOOTH_EV_PRINTER, .text = ""}, now, &fx);
	CHECK_STR(st.printer_note, "");
}

int main(void)
{
	test_names();
	test_full_session();
	test_ticks();
	test_ignored_presses();
	test_retake();
	test_review_timeout();
	test_save_failure();
	test_camera_failures();
	test_stale_events();
	test_slow_still();
	test_print();
	return check_exit("booth");
}
