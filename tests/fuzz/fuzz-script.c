/* The script parser: any bytes give a script or one FILE:LINE: reason, never a crash. */
#include <string.h>

#include "fuzz.h"
#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct script *s = script_parse((const char *)data, size, "fuzz.script", err, sizeof(err));
	if (!s) {
		if (strncmp(err, "fuzz.script", 11) != 0) {
			__builtin_trap();
		}
		return 0;
	}
	for (size_t i = 0; i < s->count; i++) {
		if (s->steps[i].text) {
			(void)strlen(s->steps[i].text);
		}
	}
	script_destroy(s);
	return 0;
}
