#include "led.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gpio.h"
#include "xalloc.h"

#define BLINK_MS 250

struct led {
	struct gpio_line *line;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	enum led_mode mode;
	bool stopping;
	char description[192];
};

static void *thread_main(void *arg)
{
	struct led *led = arg;
	bool lit = false;
	pthread_mutex_lock(&led->lock);
	while (!led->stopping) {
		bool want = led->mode == LED_ON || (led->mode == LED_BLINK && !lit);
		if (want != lit) {
			gpio_set(led->line, want);
			lit = want;
		}
		if (led->mode == LED_BLINK) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += BLINK_MS * 1000000L;
			ts.tv_sec += ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&led->wake, &led->lock, &ts);
		} else {
			pthread_cond_wait(&led->wake, &led->lock);
		}
	}
	pthread_mutex_unlock(&led->lock);
	gpio_set(led->line, false);
	return NULL;
}

struct led *led_create(const char *line, char *err, size_t errlen)
{
	struct gpio_line *l = gpio_request_output(line, false, err, errlen);
	if (!l) {
		return NULL;
	}
	struct led *led = xcalloc(1, sizeof(*led));
	led->line = l;
	pthread_mutex_init(&led->lock, NULL);
	pthread_cond_init(&led->wake, NULL);
	snprintf(led->description, sizeof(led->description), "LED %s", gpio_describe(l));
	if (pthread_create(&led->thread, NULL, thread_main, led) != 0) {
		snprintf(err, errlen, "LED %s: cannot start its thread", line);
		gpio_release(l);
		free(led);
		return NULL;
	}
	return led;
}

void led_set(struct led *led, enum led_mode mode)
{
	if (!led) {
		return;
	}
	pthread_mutex_lock(&led->lock);
	if (led->mode != mode) {
		led->mode = mode;
		pthread_cond_signal(&led->wake);
	}
	pthread_mutex_unlock(&led->lock);
}

void led_destroy(struct led *led)
{
	if (!led) {
		return;
	}
	pthread_mutex_lock(&led->lock);
	led->stopping = true;
	pthread_cond_signal(&led->wake);
	pthread_mutex_unlock(&led->lock);
	pthread_join(led->thread, NULL);
	gpio_release(led->line);
	pthread_mutex_destroy(&led->lock);
	pthread_cond_destroy(&led->wake);
	free(led);
}

const char *led_describe(const struct led *led)
{
	return led->description;
}
