/* The button and LED through libgpiod against the kernel's gpio-sim, inside the test VM
 * (scripts/hw-test): real edge events with kernel timestamps, through drivers/button_gpiod.c and
 * drivers/led.c. hw-button SIM_DIR, where SIM_DIR is the sim's sysfs folder holding
 * sim_gpio17/pull (the button, named GPIO17) and sim_gpio27/value (the LED, GPIO27). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../check.h"
#include "button.h"
#include "led.h"

static const char *sim;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int presses, releases, helds, longs, lost;
static double latency_ms[512];
static int latencies;

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void on_event(void *data, const struct button_event *e)
{
	(void)data;
	uint64_t now = mono_ns();
	pthread_mutex_lock(&lock);
	if (e->type == BUTTON_PRESS) {
		presses++;
		if (latencies < 512) {
			latency_ms[latencies++] = (double)(now - e->kernel_ns) / 1e6;
		}
	} else if (e->type == BUTTON_RELEASE) {
		releases++;
	} else if (e->type == BUTTON_HELD) {
		helds++;
	} else {
		longs++;
	}
	pthread_mutex_unlock(&lock);
}

static void on_lost(void *data, const char *m)
{
	(void)data, (void)m;
	lost++;
}

static void sleep_ms(double ms)
{
	struct timespec ts = {.tv_sec = (time_t)(ms / 1000),
			      .tv_nsec = (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6)};
	nanosleep(&ts, NULL);
}

static int pull_fd = -1;

/* the button pressed (the line pulled to ground) or released */
static void pull(bool pressed)
{
	const char *v = pressed ? "pull-down" : "pull-up";
	if (pwrite(pull_fd, v, strlen(v), 0) != (ssize_t)strlen(v)) {
		perror("sim_gpio17/pull");
		exit(1);
	}
}

static int led_value(void)
{
	char path[512], buf[8] = "";
	snprintf(path, sizeof(path), "%s/sim_gpio27/value", sim);
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		perror(path);
		exit(1);
	}
	fclose(f);
	return atoi(buf);
}

static int held_count;

static void counts(int *p, int *r, int *l)
{
	pthread_mutex_lock(&lock);
	*p = presses, *r = releases, *l = longs;
	held_count = helds;
	presses = releases = helds = longs = 0;
	pthread_mutex_unlock(&lock);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: hw-button SIM_DIR\n");
		return 2;
	}
	sim = argv[1];
	char pull_path[512];
	snprintf(pull_path, sizeof(pull_path), "%s/sim_gpio17/pull", sim);
	pull_fd = open(pull_path, O_WRONLY | O_CLOEXEC);
	if (pull_fd < 0) {
		perror(pull_path);
		return 1;
	}
	unsetenv("GATHERBOOTH_BUTTON");
	char err[512];
	struct button_listener l = {.event = on_event, .lost = on_lost};

	/* a line no chip has: the touch-only fallback's message names it */
	struct button *b = button_create("gpiod", "NO_SUCH_LINE", &l, err, sizeof(err));
	CHECK(b == NULL);
	CHECK(strstr(err, "GPIO line NO_SUCH_LINE: no line of that name") != NULL);

	/* found by name on the second chip (a decoy is gpiochip0) */
	b = button_create("auto", "GPIO17", &l, err, sizeof(err));
	if (!b) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	CHECK(strstr(b->description, "GPIO17") != NULL);
	printf("button: %s\n", b->description);
	CHECK(button_start(b));
	sleep_ms(50);
	int p, r, lg;
	counts(&p, &r, &lg);

	/* a clean press and release */
	pull(true);
	sleep_ms(150);
	pull(false);
	sleep_ms(150);
	counts(&p, &r, &lg);
	CHECK_INT(p, 1);
	CHECK_INT(r, 1);
	CHECK_INT(held_count, 0);
	CHECK_INT(lg, 0);

	/* held for 1.2 s: a held press (the highlight moves), no long press */
	pull(true);
	sleep_ms(1200);
	pull(false);
	sleep_ms(150);
	counts(&p, &r, &lg);
	CHECK(p == 1 && r == 1 && held_count == 1 && lg == 0);

	/* a 5 ms bounce train on the way down (an edge every 0.5 ms), then held: one press */
	uint64_t t0 = mono_ns();
	for (int i = 0; i < 10; i++) {
		pull(i % 2 == 0);
		while (mono_ns() - t0 < (uint64_t)(i + 1) * 500000u) {
		}
	}
	pull(true);
	double train_ms = (double)(mono_ns() - t0) / 1e6;
	printf("bounce train: 11 edges in %.2f ms\n", train_ms);
	CHECK(train_ms >= 5 && train_ms < BUTTON_SETTLE_MS);
	sleep_ms(200);
	pull(false);
	sleep_ms(150);
	counts(&p, &r, &lg);
	CHECK_INT(p, 1);
	CHECK_INT(r, 1);

	/* held for 3.3 s: the held press, then the long press */
	pull(true);
	sleep_ms(3300);
	pull(false);
	sleep_ms(150);
	counts(&p, &r, &lg);
	CHECK_INT(p, 1);
	CHECK_INT(held_count, 1);
	CHECK_INT(lg, 1);
	CHECK_INT(r, 1);

	/* edge (kernel timestamp) to the event delivered, over 200 presses */
	latencies = 0;
	for (int i = 0; i < 200; i++) {
		pull(true);
		sleep_ms(40);
		pull(false);
		sleep_ms(40);
	}
	counts(&p, &r, &lg);
	CHECK_INT(p, 200);
	qsort(latency_ms, (size_t)latencies, sizeof(double), cmp);
	if (latencies > 0) {
		printf("edge (kernel timestamp) to press event, %d presses: p50 %.3f ms, p99 %.3f "
		       "ms\n",
		       latencies, latency_ms[latencies / 2], latency_ms[latencies * 99 / 100]);
	}
	CHECK_INT(lost, 0);
	button_destroy(b);

	/* the LED: on, off, blinking, read back from the line */
	struct led *led = led_create("GPIO27", err, sizeof(err));
	if (!led) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	led_set(led, LED_ON);
	sleep_ms(50);
	CHECK_INT(led_value(), 1);
	led_set(led, LED_OFF);
	sleep_ms(50);
	CHECK_INT(led_value(), 0);
	led_set(led, LED_BLINK);
	int seen[2] = {0, 0};
	for (int i = 0; i < 40; i++) {
		seen[led_value() ? 1 : 0]++;
		sleep_ms(50);
	}
	CHECK(seen[0] > 0 && seen[1] > 0);
	led_destroy(led);
	return check_exit("hw-button");
}
