/* The config parser: any bytes give a config or one FILE:LINE: reason, never a crash. */
#include <string.h>

#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	config_defaults(&cfg);
	char err[512];
	if (!config_parse(&cfg, (const char *)data, size, "fuzz.conf", err, sizeof(err)) &&
	    strncmp(err, "fuzz.conf", 9) != 0) {
		__builtin_trap(); /* every message names the file */
	}
	return 0;
}
