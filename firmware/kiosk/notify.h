/* Telling systemd how the kiosk is (Type=notify, WatchdogSec). Without libsystemd, or when not
 * started by systemd, these do nothing. Main thread. */
#pragma once

#include <stdint.h>

void notify_ready(const char *status);
/* Pings the watchdog when half its interval has passed since the last ping. now_ms: any
 * monotonic clock. */
void notify_watchdog(uint64_t now_ms);
void notify_stopping(void);
