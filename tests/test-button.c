/* The GPIO button and LED without a GPIO chip, as on this machine: a clear error naming the line,
 * and nothing else. Real edges are tested only on a Pi: this machine has no gpio-sim. */
#include "button.h"
#include "check.h"
#include "gpio.h"
#include "led.h"

static void on_event(void *data, const struct button_event *e)
{
	(void)data, (void)e;
}

static void on_lost(void *data, const char *m)
{
	(void)data, (void)m;
}

int main(void)
{
	struct button_listener l = {.event = on_event, .lost = on_lost};
	char err[512];
	unsetenv("GATHERBOOTH_BUTTON");

	struct button *b = button_create("none", "GPIO17", &l, err, sizeof(err));
	CHECK(b == NULL);
	CHECK_STR(err, "");
	b = button_create("doorbell", "GPIO17", &l, err, sizeof(err));
	CHECK(b == NULL);
	CHECK(strstr(err, "unknown button backend \"doorbell\"") != NULL);

	/* a line no chip has, whatever chips there are: the name is in the message */
	b = button_create("gpiod", "NO_SUCH_LINE_XYZ", &l, err, sizeof(err));
	CHECK(b == NULL);
	CHECK(strstr(err, "GPIO line NO_SUCH_LINE_XYZ: ") == err);
	if (!gpio_any_chip()) {
		CHECK(strstr(err, "no GPIO chip found") != NULL);
		b = button_create("auto", "GPIO17", &l, err, sizeof(err));
		CHECK(b == NULL);
		CHECK(strstr(err, "GPIO line GPIO17: no GPIO chip found") == err);
		struct led *led = led_create("GPIO27", err, sizeof(err));
		CHECK(led == NULL);
		CHECK(strstr(err, "GPIO line GPIO27: no GPIO chip found") == err);
	} else {
		CHECK(strstr(err, "no line of that name") != NULL);
	}
	/* the environment overrides the config */
	setenv("GATHERBOOTH_BUTTON", "none", 1);
	b = button_create("gpiod", "GPIO17", &l, err, sizeof(err));
	CHECK(b == NULL && err[0] == '\0');
	led_set(NULL, LED_ON); /* no LED: nothing to do, no crash */
	led_destroy(NULL);
	button_destroy(NULL);
	return check_exit("button");
}
