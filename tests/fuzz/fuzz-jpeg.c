/* The JPEG reader behind start-up reconciliation, export thumbnails, printing and `compose`:
 * any bytes decode or are refused with a reason, at full size and at a reduced scale; a
 * decoded image is then scaled into a cell, as compose does. */
#include "fuzz.h"
#include "image.h"
#include "jpegimage.h"
#include "photo.h"

static void one(const uint8_t *data, size_t size, int min_w, int min_h)
{
	char err[512] = "";
	struct image *img =
		jpeg_read_memory(data, size, min_w, min_h, "fuzz.jpg", err, sizeof(err));
	if (!img) {
		if (!err[0]) {
			__builtin_trap();
		}
		return;
	}
	if (img->width < 1 || img->height < 1) {
		__builtin_trap();
	}
	struct image *cell = image_create(37, 23);
	photo_scale_into(cell, 0, 0, cell->width, cell->height, img);
	image_destroy(cell);
	image_destroy(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, 0, 0);
	one(data, size, 5, 3);
	return 0;
}
