#include "jpegimage.h"

#include <libexif/exif-data.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* jpeglib.h needs size_t and FILE first */
#include <jpeglib.h>

#include "pngimage.h"
#include "xalloc.h"

/* One error manager for both directions: libjpeg's errors jump back, and on reading its
 * warnings (corrupt or missing data, which libjpeg would paper over with grey) count as errors
 * too, so that a truncated photo is found damaged rather than half grey. */
struct err_mgr {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

static void on_error_exit(j_common_ptr c)
{
	struct err_mgr *e = (struct err_mgr *)c->err;
	if (!e->msg[0]) {
		c->err->format_message(c, e->msg);
	}
	longjmp(e->jump, 1);
}

static void on_message(j_common_ptr c, int level)
{
	if (level < 0 && c->is_decompressor) {
		on_error_exit(c);
	}
}

/* A progressive file of thousands of tiny scans decodes for minutes; no camera or program
 * writes more than a few dozen. */
enum { MAX_SCANS = 200 };

static void on_progress(j_common_ptr c)
{
	j_decompress_ptr d = (j_decompress_ptr)c;
	if (d->input_scan_number > MAX_SCANS) {
		struct err_mgr *e = (struct err_mgr *)c->err;
		snprintf(e->msg, sizeof(e->msg), "more than %d scans", MAX_SCANS);
		longjmp(e->jump, 1);
	}
}

/* --- EXIF --- */

static ExifEntry *add_entry(ExifData *ed, ExifIfd ifd, ExifTag tag)
{
	ExifEntry *e = exif_entry_new();
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_entry_initialize(e, tag);
	exif_entry_unref(e);
	return e;
}

static void add_ascii(ExifData *ed, ExifIfd ifd, ExifTag tag, const char *text)
{
	ExifEntry *e = exif_entry_new();
	size_t len = strlen(text) + 1;
	e->tag = tag;
	e->format = EXIF_FORMAT_ASCII;
	e->components = len;
	e->size = (unsigned int)len;
	e->data = malloc(len);
	if (!e->data) {
		exif_entry_unref(e);
		return;
	}
	memcpy(e->data, text, len);
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_entry_unref(e);
}

static void set_rational(ExifEntry *e, ExifByteOrder order, uint32_t num)
{
	ExifRational r = {num, 1};
	if (e->data && e->format == EXIF_FORMAT_RATIONAL) {
		exif_set_rational(e->data, order, r);
	}
}

/* The APP1 block: "Exif\0\0" and a TIFF structure. NULL if libexif fails. */
static unsigned char *exif_block(const struct photo_exif *x, const struct image *img,
				 unsigned int *len)
{
	ExifData *ed = exif_data_new();
	if (!ed) {
		return NULL;
	}
	ExifByteOrder order = EXIF_BYTE_ORDER_INTEL;
	exif_data_set_byte_order(ed, order);
	exif_data_set_data_type(ed, EXIF_DATA_TYPE_COMPRESSED);

	ExifEntry *e = add_entry(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION);
	exif_set_short(e->data, order, 1); /* stored upright: the camera's turn is applied */
	int dpi = x->dpi > 0 ? x->dpi : 72;
	set_rational(add_entry(ed, EXIF_IFD_0, EXIF_TAG_X_RESOLUTION), order, (uint32_t)dpi);
	set_rational(add_entry(ed, EXIF_IFD_0, EXIF_TAG_Y_RESOLUTION), order, (uint32_t)dpi);
	e = add_entry(ed, EXIF_IFD_0, EXIF_TAG_RESOLUTION_UNIT);
	exif_set_short(e->data, order, 2); /* inches */
	if (x->software && *x->software) {
		add_ascii(ed, EXIF_IFD_0, EXIF_TAG_SOFTWARE, x->software);
	}
	if (x->taken) {
		struct tm tm;
		time_t t = x->taken + (time_t)x->utc_offset_min * 60;
		gmtime_r(&t, &tm);
		char when[32], offset[8];
		strftime(when, sizeof(when), "%Y:%m:%d %H:%M:%S", &tm);
		int off = x->utc_offset_min < 0 ? -x->utc_offset_min : x->utc_offset_min;
		snprintf(offset, sizeof(offset), "%c%02d:%02d", x->utc_offset_min < 0 ? '-' : '+',
			 off / 60 % 100, off % 60);
		add_ascii(ed, EXIF_IFD_0, EXIF_TAG_DATE_TIME, when);
		add_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, when);
		add_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_DIGITIZED, when);
		add_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME, offset);
		add_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL, offset);
	}
	/* the offset tags are EXIF 2.31's */
	e = add_entry(ed, EXIF_IFD_EXIF, EXIF_TAG_EXIF_VERSION);
	if (e->data && e->size >= 4) {
		memcpy(e->data, "0231", 4);
	}
	e = add_entry(ed, EXIF_IFD_EXIF, EXIF_TAG_COLOR_SPACE);
	exif_set_short(e->data, order, 1); /* sRGB */
	/* initialised as SHORT, which any size the readers accept fits */
	e = add_entry(ed, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_X_DIMENSION);
	exif_set_short(e->data, order, (ExifShort)img->width);
	e = add_entry(ed, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_Y_DIMENSION);
	exif_set_short(e->data, order, (ExifShort)img->height);

	unsigned char *buf = NULL;
	exif_data_save_data(ed, &buf, len);
	exif_data_unref(ed);
	return buf;
}

/* --- writing --- */

/* The rows of a YUV420 image as libjpeg's raw data wants them: 16 luma and 8 chroma lines at a
 * time, the last lines repeated past the bottom. The planes' pitch covers whole DCT blocks
 * (image_create_yuv420), so no block reads past a line. */
static void write_raw(j_compress_ptr c, const struct image *img)
{
	JSAMPROW y[16], u[8], v[8];
	JSAMPARRAY planes[3] = {y, u, v};
	int ch = (img->height + 1) / 2;
	while (c->next_scanline < c->image_height) {
		int top = (int)c->next_scanline;
		for (int i = 0; i < 16; i++) {
			int r = top + i < img->height ? top + i : img->height - 1;
			y[i] = img->planes[0] + (size_t)r * img->pitch[0];
		}
		for (int i = 0; i < 8; i++) {
			int r = top / 2 + i < ch ? top / 2 + i : ch - 1;
			u[i] = img->planes[1] + (size_t)r * img->pitch[1];
			v[i] = img->planes[2] + (size_t)r * img->pitch[2];
		}
		jpeg_write_raw_data(c, planes, 16);
	}
}

bool jpeg_encode(const struct image *img, int quality, const struct photo_exif *exif,
		 unsigned char **out, size_t *len)
{
	struct jpeg_compress_struct c;
	struct err_mgr e = {0};
	unsigned char *volatile buf = NULL;
	unsigned long size = 0;
	unsigned char *volatile app1 = NULL;

	c.err = jpeg_std_error(&e.pub);
	e.pub.error_exit = on_error_exit;
	if (setjmp(e.jump)) {
		/* buf may be stale once libjpeg has grown its buffer: left, as libjpeg fails
		 * here only when memory runs out */
		jpeg_destroy_compress(&c);
		free(app1);
		return false;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, (unsigned char **)&buf, &size);
	c.image_width = (JDIMENSION)img->width;
	c.image_height = (JDIMENSION)img->height;
	c.input_components = img->format == IMAGE_YUV420 ? 3 : 4;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	c.in_color_space = img->format == IMAGE_YUV420 ? JCS_YCbCr : JCS_EXT_BGRX;
#else
	c.in_color_space = img->format == IMAGE_YUV420 ? JCS_YCbCr : JCS_EXT_XRGB;
#endif
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
	c.comp_info[0].h_samp_factor = c.comp_info[0].v_samp_factor = 2;
	c.comp_info[1].h_samp_factor = c.comp_info[1].v_samp_factor = 1;
	c.comp_info[2].h_samp_factor = c.comp_info[2].v_samp_factor = 1;
	c.dct_method = JDCT_ISLOW;
	/* EXIF's APP1 belongs right after the start of the image; no JFIF block before it */
	c.write_JFIF_header = exif ? FALSE : TRUE;
	if (img->format == IMAGE_YUV420) {
		c.raw_data_in = TRUE;
	}
	jpeg_start_compress(&c, TRUE);
	if (exif) {
		unsigned int n = 0;
		app1 = exif_block(exif, img, &n);
		if (app1 && n > 0 && n < 65533) {
			jpeg_write_marker(&c, JPEG_APP0 + 1, app1, n);
		}
		free(app1);
		app1 = NULL;
	}
	if (img->format == IMAGE_YUV420) {
		write_raw(&c, img);
	} else {
		while (c.next_scanline < c.image_height) {
			JSAMPROW row =
				(JSAMPROW)(img->pixels + (size_t)c.next_scanline * img->stride);
			jpeg_write_scanlines(&c, &row, 1);
		}
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	*out = buf;
	*len = size;
	return true;
}

/* --- reading --- */

struct image *jpeg_read_memory(const void *data, size_t len, int min_w, int min_h, const char *what,
			       char *err, size_t errlen)
{
	struct jpeg_decompress_struct d;
	struct err_mgr e = {0};
	struct jpeg_progress_mgr progress = {.progress_monitor = on_progress};
	struct image *volatile img = NULL;

	if (len < 3 || memcmp(data, "\xff\xd8\xff", 3) != 0) {
		snprintf(err, errlen, "%s: not a JPEG file", what);
		return NULL;
	}
	d.err = jpeg_std_error(&e.pub);
	e.pub.error_exit = on_error_exit;
	e.pub.emit_message = on_message;
	if (setjmp(e.jump)) {
		snprintf(err, errlen, "%s: bad JPEG: %s", what, e.msg[0] ? e.msg : "corrupt data");
		jpeg_destroy_decompress(&d);
		image_destroy(img);
		return NULL;
	}
	jpeg_create_decompress(&d);
	d.progress = &progress;
	d.mem->max_memory_to_use = 512L << 20;
	jpeg_mem_src(&d, data, (unsigned long)len);
	jpeg_read_header(&d, TRUE);
	if ((uint64_t)d.image_width * d.image_height > PNG_MAX_PIXELS ||
	    d.image_width > PNG_MAX_SIDE || d.image_height > PNG_MAX_SIDE) {
		snprintf(e.msg, sizeof(e.msg), "image of %ux%u is too large",
			 (unsigned)d.image_width, (unsigned)d.image_height);
		longjmp(e.jump, 1);
	}
	if (d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK) {
		snprintf(e.msg, sizeof(e.msg), "CMYK photos are not supported");
		longjmp(e.jump, 1);
	}
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	d.out_color_space = JCS_EXT_BGRX;
#else
	d.out_color_space = JCS_EXT_XRGB;
#endif
	d.scale_denom = 8;
	d.scale_num = 8;
	if (min_w > 0 && min_h > 0) {
		for (unsigned n = 1; n < 8; n++) {
			if ((uint64_t)d.image_width * n >= (uint64_t)min_w * 8 &&
			    (uint64_t)d.image_height * n >= (uint64_t)min_h * 8) {
				d.scale_num = n;
				break;
			}
		}
	}
	jpeg_start_decompress(&d);
	if (d.output_components != 4) {
		snprintf(e.msg, sizeof(e.msg), "unsupported pixel layout");
		longjmp(e.jump, 1);
	}
	img = image_create((int)d.output_width, (int)d.output_height);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = (JSAMPROW)(img->pixels + (size_t)d.output_scanline * img->stride);
		jpeg_read_scanlines(&d, &row, 1);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	/* the filler byte is libjpeg's 0xff; XRGB8888 keeps it 0 */
	for (int y = 0; y < img->height; y++) {
		uint32_t *p = img->pixels + (size_t)y * img->stride;
		for (int x = 0; x < img->width; x++) {
			p[x] &= 0xffffff;
		}
	}
	return img;
}
