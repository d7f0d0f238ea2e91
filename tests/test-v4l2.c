/* The V4L2 camera without a webcam: clear errors for a missing or wrong device, and its two
 * decode paths (YUYV and MJPEG) on frames made here; and the YUV420 conversion that libcamera
 * stills take when the camera gives no XRGB8888. */
#include <stddef.h>
#include <stdio.h>

#include <jpeglib.h> /* after stdio.h and stddef.h, which it needs */
#include <sys/stat.h>

#include "camera.h"
#include "check.h"
#include "null-listener.h"
#include "pixels.h"

static bool near(uint32_t p, uint32_t want, int tol)
{
	for (int sh = 0; sh <= 16; sh += 8) {
		int a = (int)((p >> sh) & 0xff), b = (int)((want >> sh) & 0xff);
		if (a - b > tol || b - a > tol) {
			return false;
		}
	}
	return true;
}

static void yuyv(void)
{
	/* BT.601 limited range: white, black, red, blue as a camera sends them */
	static const uint8_t yuv[4][3] = {
		{235, 128, 128}, {16, 128, 128}, {81, 90, 240}, {41, 240, 110}};
	static const uint32_t rgb[4] = {0xffffff, 0x000000, 0xff0000, 0x0000ff};
	uint8_t frame[4 * 2 * 2 + 8]; /* 8 pixels wide, 1 line, with padding in the stride */
	for (int i = 0; i < 4; i++) {
		frame[4 * i] = frame[4 * i + 2] = yuv[i][0];
		frame[4 * i + 1] = yuv[i][1];
		frame[4 * i + 3] = yuv[i][2];
	}
	struct image *img = image_create(8, 1);
	pixels_yuyv_to_xrgb(frame, 8, 1, sizeof(frame), img);
	for (int i = 0; i < 4; i++) {
		CHECK(near(img->pixels[2 * i], rgb[i], 3));
		CHECK(near(img->pixels[2 * i + 1], rgb[i], 3));
	}
	image_destroy(img);
	/* a still: kept as YUV 4:2:0 in JPEG's full range, read back as the same colours */
	struct image *still = image_create_yuv420(8, 1);
	pixels_yuyv_to_yuv420(frame, 8, 1, sizeof(frame), still);
	uint32_t line[8];
	const uint32_t *row = image_row_xrgb(still, 0, line);
	for (int i = 0; i < 4; i++) {
		CHECK(near(row[2 * i], rgb[i], 4));
		CHECK(near(row[2 * i + 1], rgb[i], 4));
	}
	image_destroy(still);
}

/* The YUV420 a libcamera ISP gives for a still, in three planes with padded lines: a 7x4
 * frame of four colour blocks, odd in width so the last half chroma column is checked. */
static void yuv420(void)
{
	enum { W = 7, H = 4, YS = 16, CS = 8 };
	static const uint8_t yuv[4][3] = {
		{235, 128, 128}, {16, 128, 128}, {81, 90, 240}, {41, 240, 110}};
	static const uint32_t rgb[4] = {0xffffff, 0x000000, 0xff0000, 0x0000ff};
	uint8_t py[YS * H], pu[CS * H / 2], pv[CS * H / 2];
	memset(py, 0x55, sizeof(py)); /* the padding must not show */
	memset(pu, 0x55, sizeof(pu));
	memset(pv, 0x55, sizeof(pv));
	/* colour k = 2 * (y >= 2) + (x >= 4), so each 2x2 chroma block is one colour */
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			int k = 2 * (y >= 2) + (x >= 4);
			py[y * YS + x] = yuv[k][0];
			pu[(y / 2) * CS + x / 2] = yuv[k][1];
			pv[(y / 2) * CS + x / 2] = yuv[k][2];
		}
	}
	const uint8_t *planes[3] = {py, pu, pv};
	const int stride[3] = {YS, CS, CS};
	struct image *img = image_create(W, H);
	pixels_yuv420_to_xrgb(planes, stride, W, H, img);
	int wrong = 0;
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			wrong += !near(img->pixels[y * img->stride + x],
				       rgb[2 * (y >= 2) + (x >= 4)], 3);
		}
	}
	CHECK(wrong == 0);
	image_destroy(img);
	/* the same kept as a still: limited range stretched to full, or copied when full */
	struct image *still = image_create_yuv420(W, H);
	pixels_yuv420_copy(planes, stride, W, H, false, still);
	wrong = 0;
	for (int y = 0; y < H; y++) {
		uint32_t line[W];
		const uint32_t *row = image_row_xrgb(still, y, line);
		for (int x = 0; x < W; x++) {
			wrong += !near(row[x], rgb[2 * (y >= 2) + (x >= 4)], 4);
		}
	}
	CHECK(wrong == 0);
	pixels_yuv420_copy(planes, stride, W, H, true, still);
	CHECK_INT(still->planes[0][0], 235); /* as it was: full range needs no stretch */
	image_destroy(still);
}

static void mjpeg(void)
{
	/* a 64x64 JPEG in four colours, the way a webcam's MJPEG frame is one */
	enum { W = 64, H = 64 };
	static const uint32_t quad[4] = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff};
	unsigned char rgb[W * H * 3];
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			uint32_t c = quad[(y >= H / 2) * 2 + (x >= W / 2)];
			rgb[3 * (y * W + x)] = (unsigned char)(c >> 16);
			rgb[3 * (y * W + x) + 1] = (unsigned char)(c >> 8);
			rgb[3 * (y * W + x) + 2] = (unsigned char)c;
		}
	}
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	unsigned char *out = NULL;
	unsigned long len = 0;
	jpeg_mem_dest(&c, &out, &len);
	c.image_width = W;
	c.image_height = H;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < H) {
		JSAMPROW row = rgb + c.next_scanline * W * 3;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);

	struct image *img = pixels_decode_jpeg(out, len);
	CHECK(img != NULL);
	if (img) {
		CHECK(img->width == W && img->height == H);
		CHECK(near(img->pixels[16 * W + 16], quad[0], 12));
		CHECK(near(img->pixels[16 * W + 48], quad[1], 12));
		CHECK(near(img->pixels[48 * W + 16], quad[2], 12));
		CHECK(near(img->pixels[48 * W + 48], quad[3], 12));
	}
	image_destroy(img);
	/* a frame cut short on the USB bus: dropped, never a crash */
	CHECK(pixels_decode_jpeg(out, 20) == NULL);
	CHECK(pixels_decode_jpeg((const uint8_t *)"not a jpeg at all", 17) == NULL);
	free(out);
}

int main(void)
{
	struct camera_listener l = null_listener;
	struct camera_options o = {.fps = 30,
				   .preview_width = 1280,
				   .preview_height = 720,
				   .still_width = 1920,
				   .still_height = 1080};
	char err[512];
	CHECK(camera_v4l2_create("/dev/no-such-video", &o, &l, err, sizeof(err)) == NULL);
	CHECK_STR(err, "/dev/no-such-video: No such file or directory");
	CHECK(camera_v4l2_create("/dev/null", &o, &l, err, sizeof(err)) == NULL);
	CHECK_STR(err, "/dev/null: not a V4L2 device");
	struct stat sb;
	if (stat("/dev/video0", &sb) != 0) {
		err[0] = '\0';
		CHECK(camera_v4l2_create(NULL, &o, &l, err, sizeof(err)) == NULL);
		CHECK_STR(err, "V4L2: no video capture device (/dev/video*)");
		/* auto with no camera at all, outside the demo: why, in one line */
		CHECK(camera_create("auto", &o, &l, false, err, sizeof(err)) == NULL);
		CHECK(strstr(err, "no camera found (") == err);
		CHECK(strstr(err, "V4L2: no video capture device") != NULL);
	}
	CHECK(camera_create("webcam", &o, &l, false, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "unknown camera backend \"webcam\"") != NULL);
	yuyv();
	yuv420();
	mjpeg();
	return check_exit("v4l2");
}
