/* The feeder: follow-up events that effects produce wait until the batch is done, and an
 * effect's text stays what it was when the state machine emitted it. */
#include "check.h"
#include "feeder.h"

static struct booth_state st;
static struct feeder *feeder;
static uint64_t now = 1000;

static struct person jose = {.id = 42, .name = "José García", .badge_code = "EB-1"};

/* what the fake kiosk saw */
static char searched[4][BOOTH_FX_TEXT];
static int searches;
static bool key_sent;

static void perform(void *ctx, const struct booth_effect *e)
{
	(void)ctx;
	if (e->type != BOOTH_FX_SEARCH) {
		return;
	}
	char before[BOOTH_FX_TEXT];
	snprintf(before, sizeof(before), "%s", e->text);
	if (searches < 4) {
		snprintf(searched[searches], sizeof(searched[0]), "%s", e->text);
	}
	searches++;
	if (!key_sent) {
		/* another key arrives while this search runs (a scanner, a quick typist) */
		key_sent = true;
		feeder_feed(feeder, &(struct booth_event){.type = BOOTH_EV_ACTION,
							  .action = BOOTH_ACTION_KEY,
							  .text = "x"});
		/* it waits: the state and this effect are as they were */
		CHECK_STR(st.query, "jo");
		CHECK_STR(e->text, before);
		CHECK(feeder_busy(feeder));
	}
	/* the results name the query they are for: the effect's own copy */
	feeder_feed(feeder, &(struct booth_event){.type = BOOTH_EV_RESULTS,
						  .text = e->text,
						  .results = &jose,
						  .count = 1});
}

static uint64_t clock_now(void *ctx)
{
	(void)ctx;
	return now;
}

static const struct feeder_impl impl = {.perform = perform, .now = clock_now};

static void test_follow_ups_wait(void)
{
	struct booth_config cfg;
	booth_config_defaults(&cfg);
	booth_init(&st, &cfg, now);
	feeder = feeder_create(&st, &impl, NULL);
	feeder_feed(feeder,
		    &(struct booth_event){.type = BOOTH_EV_ACTION, .action = BOOTH_ACTION_CHECKIN});
	CHECK_STR(booth_screen_name(st.screen), "search");
	key_sent = true; /* no extra key for "j" */
	feeder_feed(feeder, &(struct booth_event){.type = BOOTH_EV_ACTION,
						  .action = BOOTH_ACTION_KEY,
						  .text = "j"});
	key_sent = false;
	searches = 0;
	feeder_feed(feeder, &(struct booth_event){.type = BOOTH_EV_ACTION,
						  .action = BOOTH_ACTION_KEY,
						  .text = "o"});
	CHECK(!feeder_busy(feeder));
	/* "jo" was searched, then the waiting key made "jox", searched after */
	CHECK_INT(searches, 2);
	CHECK_STR(searched[0], "jo");
	CHECK_STR(searched[1], "jox");
	CHECK_STR(st.query, "jox");
	/* the results for "jo" came after the key and were dropped as stale; those for "jox" kept
	 */
	CHECK_INT(st.result_count, 1);
	CHECK_INT(st.results[0].id, 42);
	feeder_destroy(feeder);
}

/* A queue that grows while it drains keeps every event, in order. */
static int performed;
static void perform_many(void *ctx, const struct booth_effect *e)
{
	(void)ctx;
	if (e->type == BOOTH_FX_SEARCH && performed++ < 40) {
		feeder_feed(feeder, &(struct booth_event){.type = BOOTH_EV_ACTION,
							  .action = BOOTH_ACTION_KEY,
							  .text = "a"});
		feeder_feed(feeder, &(struct booth_event){.type = BOOTH_EV_TICK});
	}
}

static void test_queue_grows(void)
{
	static const struct feeder_impl many = {.perform = perform_many, .now = clock_now};
	struct booth_config cfg;
	booth_config_defaults(&cfg);
	booth_init(&st, &cfg, now);
	feeder = feeder_create(&st, &many, NULL);
	feeder_feed(feeder,
		    &(struct booth_event){.type = BOOTH_EV_ACTION, .action = BOOTH_ACTION_CHECKIN});
	performed = 0;
	feeder_feed(feeder, &(struct booth_event){.type = BOOTH_EV_ACTION,
						  .action = BOOTH_ACTION_KEY,
						  .text = "b"});
	CHECK_INT(performed, 41);
	CHECK_INT(strlen(st.query), 41);
	CHECK(st.query[0] == 'b' && st.query[40] == 'a');
	feeder_destroy(feeder);
}

int main(void)
{
	test_follow_ups_wait();
	test_queue_grows();
	return check_exit("feeder");
}
