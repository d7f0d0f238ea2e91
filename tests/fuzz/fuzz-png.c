/* The PNG reader behind `compose`: any bytes decode or are refused with a reason; a decoded
 * image is then scaled into a cell, as compose does. */
#include "fuzz.h"
#include "image.h"
#include "photo.h"
#include "pngimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct image *img = png_read_memory(data, size, "fuzz.png", err, sizeof(err));
	if (!img) {
		if (!err[0]) {
			__builtin_trap();
		}
		return 0;
	}
	struct image *cell = image_create(37, 23);
	photo_scale_into(cell, 0, 0, cell->width, cell->height, img);
	image_destroy(cell);
	image_destroy(img);
	return 0;
}
