#define _GNU_SOURCE /* strptime, timegm */

#include "timefmt.h"

#include <stdio.h>
#include <time.h>

void timefmt_local(const char *utc_iso, bool clock_only, char *out, size_t outlen)
{
	struct tm tm = {0};
	if (!utc_iso || !*utc_iso || !strptime(utc_iso, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		snprintf(out, outlen, "-");
		return;
	}
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	if (clock_only) {
		strftime(out, outlen, "%H:%M", &local);
		return;
	}
	char zone[8];
	strftime(zone, sizeof(zone), "%z", &local); /* +0100 */
	char base[32];
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &local);
	snprintf(out, outlen, "%s%.3s:%s", base, zone, zone + 3);
}
