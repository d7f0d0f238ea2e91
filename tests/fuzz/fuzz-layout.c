/* The layout parser, and the cells of any layout it accepts: every cell lies inside the strip. */
#include <string.h>

#include "fuzz.h"
#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout l;
	char err[512];
	if (!layout_parse((const char *)data, size, "fuzz.layout", &l, err, sizeof(err))) {
		if (strncmp(err, "fuzz.layout", 11) != 0) {
			__builtin_trap();
		}
		return 0;
	}
	for (int i = 0; i < layout_shots(&l); i++) {
		struct layout_cell c = layout_cell(&l, i);
		if (c.x < 0 || c.y < 0 || c.w <= 0 || c.h <= 0 || c.x + c.w > l.width ||
		    c.y + c.h > l.height) {
			__builtin_trap();
		}
	}
	return 0;
}
