/* The libcamera shim with no camera attached, as here: the camera manager starts, finds none,
 * and says so in one line; the booth then runs check-in only. */
#include <stdlib.h>
#include <sys/stat.h>

#include "camera.h"
#include "check.h"
#include "null-listener.h"

int main(void)
{
	if (getenv("GATHERBOOTH_UNDER_QEMU")) {
		printf("SKIP: libcamera hangs under qemu-user\n");
		return 77;
	}
	struct stat sb;
	if (stat("/dev/media0", &sb) == 0) {
		printf("SKIP: this machine has a media device; the test wants none\n");
		return 77;
	}
	struct camera_listener l = null_listener;
	struct camera_options o = {.fps = 30,
				   .preview_width = 1280,
				   .preview_height = 720,
				   .still_width = 1920,
				   .still_height = 1080};
	char err[512] = "";
	struct camera *c = camera_libcamera_create(&o, &l, err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strstr(err, "libcamera: no camera found") == err);
	/* asked for by name, the error is the same line */
	c = camera_create("libcamera", &o, &l, false, err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strstr(err, "camera: libcamera: no camera found") == err);
	return check_exit("libcamera");
}
