#include "notify.h"

#include "build-config.h"

#if HAVE_SYSTEMD
#include <stdbool.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>

static uint64_t interval_ms; /* half the watchdog's period; 0 = off */
static uint64_t last_ping;
static bool checked;

void notify_ready(const char *status)
{
	sd_notifyf(0, "READY=1\nSTATUS=%s", status);
	uint64_t usec = 0;
	if (sd_watchdog_enabled(0, &usec) > 0) {
		interval_ms = usec / 2000;
	}
	checked = true;
}

void notify_watchdog(uint64_t now_ms)
{
	if (!checked || !interval_ms || now_ms - last_ping < interval_ms) {
		return;
	}
	last_ping = now_ms;
	sd_notify(0, "WATCHDOG=1");
}

void notify_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}
#else
void notify_ready(const char *status)
{
	(void)status;
}

void notify_watchdog(uint64_t now_ms)
{
	(void)now_ms;
}

void notify_stopping(void)
{
}
#endif
