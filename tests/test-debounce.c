/* Debouncing recorded bounce traces: one physical press gives one press, a held press one held
 * event and then one long press. Times in microseconds, as a scope shows them. */
#include "check.h"
#include "debounce.h"

#define US 1000ull
#define MS 1000000ull

struct tally {
	int press, release, held, longp;
	uint64_t first_press_ns;
};

static void count(struct tally *t, const struct debounce_out *o, int n)
{
	for (int i = 0; i < n; i++) {
		if (o[i].type == DEBOUNCE_PRESS) {
			if (!t->press) {
				t->first_press_ns = o[i].t_ns;
			}
			t->press++;
		}
		t->release += o[i].type == DEBOUNCE_RELEASE;
		t->held += o[i].type == DEBOUNCE_HELD;
		t->longp += o[i].type == DEBOUNCE_LONG;
		if (o[i].type == DEBOUNCE_LONG) {
			CHECK(t->held == 1); /* the held event comes first */
		}
	}
}

/* Plays edges (level, time in us) then ticks every ms until end_ms. */
static struct tally play(const int (*edges)[2], int n, uint64_t end_ms)
{
	struct debounce d;
	debounce_init(&d, 20 * MS, 800 * MS, 3000 * MS);
	struct tally t = {0};
	struct debounce_out o[DEBOUNCE_MAX_OUT];
	uint64_t now = 1 * MS;
	int i = 0;
	for (; now <= end_ms * MS; now += MS) {
		while (i < n && (uint64_t)edges[i][1] * US <= now) {
			count(&t, o, debounce_edge(&d, edges[i][0], (uint64_t)edges[i][1] * US, o));
			i++;
		}
		count(&t, o, debounce_tick(&d, now, o));
	}
	return t;
}

int main(void)
{
	/* a 5 ms bounce on press and on release, 50 ms apart */
	static const int bounce[][2] = {
		{1, 10000}, {0, 10400}, {1, 11000}, {0, 12500}, {1, 13100}, {0, 14000},
		{1, 15000}, {0, 60000}, {1, 60300}, {0, 61000}, {1, 62200}, {0, 63000},
	};
	struct tally t = play(bounce, 12, 500);
	CHECK_INT(t.press, 1);
	CHECK_INT(t.release, 1);
	CHECK_INT(t.held, 0);
	CHECK_INT(t.longp, 0);
	CHECK(t.first_press_ns == 10000 * US); /* at the first edge: no added latency */

	/* a clean 50 ms press */
	static const int clean[][2] = {{1, 5000}, {0, 55000}};
	t = play(clean, 2, 300);
	CHECK(t.press == 1 && t.release == 1 && t.longp == 0);

	/* a quick tap that ends inside the bounce window still ends */
	static const int tap[][2] = {{1, 5000}, {0, 12000}};
	t = play(tap, 2, 300);
	CHECK(t.press == 1 && t.release == 1);

	/* held 1 s: one held event, no long press */
	static const int moved[][2] = {{1, 1000}, {0, 1001000}};
	t = play(moved, 2, 3000);
	CHECK(t.press == 1 && t.held == 1 && t.longp == 0 && t.release == 1);

	/* held 0.7 s: a press, not a held one */
	static const int short_press[][2] = {{1, 1000}, {0, 701000}};
	t = play(short_press, 2, 3000);
	CHECK(t.press == 1 && t.held == 0 && t.release == 1);

	/* held 3.5 s, with bounce: one press, one held, one long press, one release */
	static const int held[][2] = {{1, 1000},    {0, 1800},    {1, 2500},
				      {0, 3500000}, {1, 3500200}, {0, 3501000}};
	t = play(held, 6, 4000);
	CHECK_INT(t.press, 1);
	CHECK_INT(t.held, 1);
	CHECK_INT(t.longp, 1);
	CHECK_INT(t.release, 1);

	/* held 2.9 s: no long press */
	static const int almost[][2] = {{1, 1000}, {0, 2901000}};
	t = play(almost, 2, 4000);
	CHECK(t.press == 1 && t.longp == 0 && t.release == 1);

	/* ten presses a second apart: ten presses */
	int many[20][2];
	for (int i = 0; i < 10; i++) {
		many[2 * i][0] = 1;
		many[2 * i][1] = 1000 + i * 100000;
		many[2 * i + 1][0] = 0;
		many[2 * i + 1][1] = 1000 + i * 100000 + 40000;
	}
	t = play((const int(*)[2])many, 20, 2000);
	CHECK_INT(t.press, 10);
	CHECK_INT(t.release, 10);

	/* the deadline says when to look again */
	struct debounce d;
	struct debounce_out o[DEBOUNCE_MAX_OUT];
	debounce_init(&d, 20 * MS, 800 * MS, 3000 * MS);
	CHECK_INT(debounce_deadline(&d), 0);
	debounce_edge(&d, true, 100 * MS, o);
	CHECK_INT(debounce_deadline(&d), 900 * MS); /* the held event */
	debounce_edge(&d, false, 105 * MS, o);      /* bounce */
	CHECK_INT(debounce_deadline(&d), 120 * MS); /* the end of the quiet time */
	debounce_edge(&d, true, 110 * MS, o);       /* still held */
	CHECK_INT(debounce_tick(&d, 900 * MS, o), 1);
	CHECK(o[0].type == DEBOUNCE_HELD);
	CHECK_INT(debounce_deadline(&d), 3100 * MS); /* then the long press */
	return check_exit("debounce");
}
