/* Times as people read them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* "2026-11-28T09:14:03Z" as local time: "2026-11-28T10:14:03+01:00" (ISO 8601) or, with
 * clock_only, "10:14". "-" when utc_iso is NULL, empty or not of that form. */
void timefmt_local(const char *utc_iso, bool clock_only, char *out, size_t outlen);
