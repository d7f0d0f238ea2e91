/* The composer (pixel checks on small images for each layout), layouts, and PNG and JPEG in and
 * out. */
#include <unistd.h>

#include "badge.h"
#include "check.h"
#include "layout.h"
#include "photo.h"
#include "picture.h"
#include "pngimage.h"

#include <gif_lib.h>
#include <libexif/exif-data.h>
#include <webp/demux.h>

#include "animation.h"

struct gif_reader {
	const unsigned char *data;
	size_t len, pos;
};

static int gif_read(GifFileType *g, GifByteType *buf, int n)
{
	struct gif_reader *r = g->UserData;
	size_t k = (size_t)n < r->len - r->pos ? (size_t)n : r->len - r->pos;
	memcpy(buf, r->data + r->pos, k);
	r->pos += k;
	return (int)k;
}

static const uint32_t colours[4] = {0xff0000, 0x00ff00, 0x0000ff, 0xffff00};

static struct image *solid(int w, int h, uint32_t c)
{
	struct image *img = image_create(w, h);
	image_fill_rect(img, 0, 0, w, h, c);
	return img;
}

static uint32_t px(const struct image *img, int x, int y)
{
	return img->pixels[(size_t)y * img->stride + x];
}

static void check_layout(const char *name, int want_shots, int want_w, int want_h)
{
	char err[512];
	struct layout l;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/assets/layouts", getenv("SRCDIR"));
	CHECK(layout_load(dir, name, &l, err, sizeof(err)));
	CHECK_INT(layout_shots(&l), want_shots);
	CHECK_INT(l.width, want_w);
	CHECK_INT(l.height, want_h);

	struct image *shots[4];
	for (int i = 0; i < 4; i++) {
		shots[i] = solid(64 + 16 * i, 48, colours[i]); /* odd sizes: cropped to fit */
	}
	struct image *out = photo_compose(&l, shots, want_shots, NULL);
	CHECK_INT(out->width, want_w);
	CHECK_INT(out->height, want_h);
	/* every cell holds its own shot, edge to edge, in order */
	for (int i = 0; i < want_shots; i++) {
		struct layout_cell c = layout_cell(&l, i);
		CHECK_INT(px(out, c.x + c.w / 2, c.y + c.h / 2), colours[i]);
		CHECK_INT(px(out, c.x, c.y), colours[i]);
		CHECK_INT(px(out, c.x + c.w - 1, c.y + c.h - 1), colours[i]);
		/* just outside the cell is background (margin or gap) */
		CHECK_INT(px(out, c.x - 1, c.y + c.h / 2), l.background);
		CHECK_INT(px(out, c.x + c.w / 2, c.y - 1), l.background);
	}
	CHECK_INT(px(out, 0, 0), l.background);
	CHECK_INT(px(out, want_w - 1, want_h - 1), l.background);
	image_destroy(out);
	for (int i = 0; i < 4; i++) {
		image_destroy(shots[i]);
	}
}

static void test_layouts(void)
{
	check_layout("single", 1, 1800, 1200);
	check_layout("strip4", 4, 600, 1800);
	check_layout("grid2x2", 4, 1800, 1200);

	/* strip4 stacks its shots top to bottom */
	char err[512], dir[4096];
	snprintf(dir, sizeof(dir), "%s/assets/layouts", getenv("SRCDIR"));
	struct layout l;
	CHECK(layout_load(dir, "strip4", &l, err, sizeof(err)));
	for (int i = 1; i < 4; i++) {
		CHECK(layout_cell(&l, i).y > layout_cell(&l, i - 1).y);
		CHECK_INT(layout_cell(&l, i).x, layout_cell(&l, 0).x);
	}
	CHECK(!layout_load(dir, "../etc/passwd", &l, err, sizeof(err)));
	CHECK(!layout_load(dir, "nonexistent", &l, err, sizeof(err)));
	CHECK(strstr(err, "nonexistent.layout") != NULL);
}

static void test_layout_errors(void)
{
	struct {
		const char *text, *want;
	} cases[] = {
		{"size = 10x10\n", "t.layout:1: size:"},
		{"grid = 0x4\n", "t.layout:1: grid:"},
		{"grid = 5x5\n", "t.layout:1: grid:"},
		{"margin = -1\n", "t.layout:1: margin:"},
		{"\n\nbackground = white\n", "t.layout:3: background:"},
		{"colour = #ffffff\n", "t.layout:1: colour: unknown key"},
		{"size 600x1800\n", "t.layout:1: expected key = value"},
		{"[strip]\n", "t.layout:1: layouts have no [sections]"},
		{"size = 100x100\nmargin = 60\n", "no room for the shots"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct layout l;
		char err[256] = "";
		CHECK(!layout_parse(cases[i].text, strlen(cases[i].text), "t.layout", &l, err,
				    sizeof(err)));
		if (!strstr(err, cases[i].want)) {
			fprintf(stderr, "case %zu: got \"%s\"\n", i, err);
			CHECK(false);
		}
	}
	struct layout l;
	char err[256];
	const char *ok = "# comment\nsize = 600x1800\r\ngrid = 1x4\nfooter = Library Day 2026\n";
	CHECK(layout_parse(ok, strlen(ok), "t.layout", &l, err, sizeof(err)));
	CHECK_STR(l.footer, "Library Day 2026");
}

static void test_scale(void)
{
	/* a left-half-black, right-half-white source scaled down keeps its halves */
	struct image *src = solid(400, 200, 0xffffff);
	image_fill_rect(src, 0, 0, 200, 200, 0x000000);
	struct image *dst = solid(100, 50, 0x808080);
	photo_scale_into(dst, 0, 0, 100, 50, src);
	CHECK_INT(px(dst, 10, 25), 0x000000);
	CHECK_INT(px(dst, 90, 25), 0xffffff);
	/* the pixel at the boundary averages */
	uint32_t mid = px(dst, 49, 25) & 0xff;
	CHECK(mid < 0x10 || mid > 0xef || (mid > 0x60 && mid < 0xa0));
	image_destroy(dst);
	/* enlarging a 2x1 image keeps its colours at the ends */
	struct image *tiny = solid(2, 1, 0x000000);
	tiny->pixels[1] = 0xffffff;
	dst = solid(40, 20, 0x808080);
	photo_scale_into(dst, 0, 0, 40, 20, tiny);
	CHECK_INT(px(dst, 0, 10), 0x000000);
	CHECK_INT(px(dst, 39, 10), 0xffffff);
	image_destroy(dst);
	image_destroy(tiny);
	image_destroy(src);
}

static void test_png_round_trip(void)
{
	struct image *img = image_create(37, 23);
	for (int y = 0; y < 23; y++) {
		for (int x = 0; x < 37; x++) {
			img->pixels[y * 37 + x] =
				image_rgb((uint8_t)(x * 7), (uint8_t)(y * 11), (uint8_t)(x * y));
		}
	}
	unsigned char *data;
	size_t len;
	CHECK(png_encode(img, &data, &len));
	char err[256];
	struct image *back = png_read_memory(data, len, "mem", err, sizeof(err));
	CHECK(back != NULL);
	if (back) {
		CHECK_INT(back->width, 37);
		CHECK_INT(back->height, 23);
		CHECK(memcmp(back->pixels, img->pixels, 37 * 23 * 4) == 0);
	}
	image_destroy(back);

	/* truncated: every cut is refused with a message, never a crash */
	int refused = 0;
	for (size_t cut = 0; cut < len; cut += 7) {
		struct image *t = png_read_memory(data, cut, "cut.png", err, sizeof(err));
		refused += t == NULL;
		CHECK(t == NULL ? strncmp(err, "cut.png: ", 9) == 0 : true);
		image_destroy(t);
	}
	CHECK(refused >= (int)(len / 7));
	/* one bit flipped in the image data: a CRC error */
	data[len / 2] ^= 0x10;
	struct image *bad = png_read_memory(data, len, "flip.png", err, sizeof(err));
	CHECK(bad == NULL);
	CHECK(strstr(err, "flip.png: bad PNG") != NULL);
	image_destroy(bad);
	CHECK(png_read_memory("GIF89a", 6, "x.gif", err, sizeof(err)) == NULL);
	CHECK_STR(err, "x.gif: not a PNG file");
	free(data);
	image_destroy(img);
}

/* Mean absolute difference per channel between a and b (same size, either format). */
static double mean_gap(const struct image *a, const struct image *b)
{
	double total = 0;
	uint32_t *la = malloc(sizeof(uint32_t) * (size_t)a->width);
	uint32_t *lb = malloc(sizeof(uint32_t) * (size_t)b->width);
	for (int y = 0; y < a->height; y++) {
		const uint32_t *ra = image_row_xrgb(a, y, la), *rb = image_row_xrgb(b, y, lb);
		for (int x = 0; x < a->width; x++) {
			for (int sh = 0; sh <= 16; sh += 8) {
				total += abs((int)((ra[x] >> sh) & 0xff) -
					     (int)((rb[x] >> sh) & 0xff));
			}
		}
	}
	free(la);
	free(lb);
	return total / (3.0 * a->width * a->height);
}

static struct image *gradient(int w, int h)
{
	struct image *img = image_create(w, h);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			img->pixels[(size_t)y * w + x] = image_rgb(
				(uint8_t)(40 + x * 160 / w), (uint8_t)(30 + y * 180 / h), 0x60);
		}
	}
	return img;
}

static void test_jpeg(void)
{
	char err[256];
	unsigned char *data;
	size_t len;
	/* XRGB and a YUV still (odd sizes: the padding of the last blocks) round trip closely */
	for (int k = 0; k < 2; k++) {
		int w = k ? 37 : 64, h = k ? 23 : 48;
		struct image *src = gradient(w, h), *in = src;
		if (k) {
			in = image_create_yuv420(w, h);
			image_put_rows_yuv420(in, 0, h, src->pixels, src->stride);
		}
		CHECK(jpeg_encode(in, 92, NULL, &data, &len));
		struct image *back = jpeg_read_memory(data, len, 0, 0, "mem", err, sizeof(err));
		CHECK(back != NULL);
		if (back) {
			CHECK_INT(back->width, w);
			CHECK_INT(back->height, h);
			double gap = mean_gap(src, back);
			printf("JPEG q92 of a %dx%d %s gradient: mean difference %.2f\n", w, h,
			       k ? "YUV" : "XRGB", gap);
			CHECK(gap < 3.0);
			CHECK((back->pixels[0] >> 24) == 0); /* no filler byte left set */
		}
		image_destroy(back);
		/* every truncation is damage, never a half-grey photo */
		int refused = 0, cuts = 0;
		for (size_t cut = 0; cut < len; cut += 5, cuts++) {
			struct image *t =
				jpeg_read_memory(data, cut, 0, 0, "cut.jpg", err, sizeof(err));
			refused += t == NULL;
			CHECK(t == NULL ? strncmp(err, "cut.jpg: ", 9) == 0 : true);
			image_destroy(t);
		}
		CHECK_INT(refused, cuts);
		free(data);
		if (in != src) {
			image_destroy(in);
		}
		image_destroy(src);
	}

	/* decoded at the smallest scale that covers the size asked for */
	struct image *big = gradient(1920, 1080);
	CHECK(jpeg_encode(big, 92, NULL, &data, &len));
	struct image *small = jpeg_read_memory(data, len, 400, 400, "big.jpg", err, sizeof(err));
	CHECK(small && small->width == 720 && small->height == 405);
	image_destroy(small);
	struct image *cell = picture_read_memory(data, len, 850, 525, "big.jpg", err, sizeof(err));
	CHECK(cell && cell->width == 960 && cell->height == 540);
	image_destroy(cell);
	free(data);

	/* EXIF: when (with its offset), by what, upright; nothing else */
	struct photo_exif x = {.taken = 1780000000, .utc_offset_min = 60, .software = "gb 1"};
	CHECK(jpeg_encode(big, 90, &x, &data, &len));
	CHECK(len > 12 && data[2] == 0xff && data[3] == 0xe1 && memcmp(data + 6, "Exif", 4) == 0);
	ExifData *ed = exif_data_new_from_data(data, (unsigned int)len);
	CHECK(ed != NULL);
	if (ed) {
		char v[64];
		ExifEntry *e = exif_data_get_entry(ed, EXIF_TAG_DATE_TIME_ORIGINAL);
		CHECK_STR(e ? exif_entry_get_value(e, v, sizeof(v)) : "", "2026:05:28 21:26:40");
		e = exif_data_get_entry(ed, EXIF_TAG_OFFSET_TIME_ORIGINAL);
		CHECK_STR(e ? exif_entry_get_value(e, v, sizeof(v)) : "", "+01:00");
		e = exif_data_get_entry(ed, EXIF_TAG_SOFTWARE);
		CHECK_STR(e ? exif_entry_get_value(e, v, sizeof(v)) : "", "gb 1");
		e = exif_data_get_entry(ed, EXIF_TAG_ORIENTATION);
		CHECK_STR(e ? exif_entry_get_value(e, v, sizeof(v)) : "", "Top-left");
		CHECK(exif_data_get_entry(ed, EXIF_TAG_ARTIST) == NULL);
		CHECK(exif_data_get_entry(ed, EXIF_TAG_IMAGE_DESCRIPTION) == NULL);
		exif_data_unref(ed);
	}
	free(data);
	image_destroy(big);

	CHECK(jpeg_read_memory("\x89PNG", 4, 0, 0, "x.png", err, sizeof(err)) == NULL);
	CHECK_STR(err, "x.png: not a JPEG file");
	CHECK(picture_read_memory("GIF89a", 6, 0, 0, "x.gif", err, sizeof(err)) == NULL);
	CHECK_STR(err, "x.gif: neither a JPEG nor a PNG file");
}

/* Frames of flat colour (one per frame, so each decoded frame says which it is) with a
 * moving square, as a burst would be. */
static struct image *burst_frame(int i)
{
	struct image *f = image_create(64, 36);
	image_fill_rect(f, 0, 0, 64, 36,
			image_rgb((uint8_t)(20 + 30 * i), 90, (uint8_t)(200 - 25 * i)));
	image_fill_rect(f, 4 + 6 * i, 10, 12, 12, 0xffffff);
	return f;
}

static void test_boomerang(void)
{
	int order[16];
	CHECK_INT(anim_boomerang_order(4, order), 6);
	CHECK(order[0] == 0 && order[1] == 1 && order[2] == 2 && order[3] == 3 && order[4] == 2 &&
	      order[5] == 1);
	struct image *frames[5];
	for (int i = 0; i < 5; i++) {
		frames[i] = burst_frame(i);
	}
	int n = anim_boomerang_order(5, order);
	unsigned char *gif, *webp;
	size_t gif_len, webp_len;
	CHECK(anim_encode_gif(frames, order, n, 83, &gif, &gif_len));
	CHECK(anim_encode_webp(frames, order, n, 83, 80, &webp, &webp_len));

	/* the GIF: 8 frames, one palette for all (no frame has its own), looping, 8 cs each,
	 * and each frame, drawn over the last, the burst's frame in boomerang order */
	int w = 0, h = 0;
	CHECK(anim_probe(gif, gif_len, &w, &h) && w == 64 && h == 36);
	CHECK(!anim_probe(gif, gif_len - 1, &w, &h));
	int err = 0;
	struct gif_reader rd = {gif, gif_len, 0};
	GifFileType *g = DGifOpen(&rd, gif_read, &err);
	CHECK(g && DGifSlurp(g) == GIF_OK);
	if (g) {
		CHECK_INT(g->ImageCount, 8);
		CHECK(g->SColorMap != NULL);
		uint8_t *canvas = calloc(64 * 36, 1);
		for (int k = 0; k < g->ImageCount; k++) {
			SavedImage *im = &g->SavedImages[k];
			CHECK(im->ImageDesc.ColorMap == NULL);
			GraphicsControlBlock gcb;
			CHECK(DGifSavedExtensionToGCB(g, k, &gcb) == GIF_OK);
			CHECK_INT(gcb.DelayTime, 8);
			for (int p = 0; p < 64 * 36; p++) {
				if (im->RasterBits[p] != gcb.TransparentColor) {
					canvas[p] = im->RasterBits[p];
				}
			}
			GifColorType c = g->SColorMap->Colors[canvas[0]];
			int want = 20 + 30 * order[k];
			CHECK(abs(c.Red - want) <= 8);
			GifColorType sq = g->SColorMap->Colors[canvas[16 * 64 + 6 + 6 * order[k]]];
			CHECK(sq.Red > 240 && sq.Green > 240 && sq.Blue > 240);
		}
		free(canvas);
		DGifCloseFile(g, &err);
	}

	/* the WebP: the same 8 frames in the same order, in full colour */
	CHECK(anim_probe(webp, webp_len, &w, &h) && w == 64 && h == 36);
	WebPData wd = {webp, webp_len};
	WebPAnimDecoderOptions o;
	WebPAnimDecoderOptionsInit(&o);
	o.color_mode = MODE_RGBA;
	WebPAnimDecoder *dec = WebPAnimDecoderNew(&wd, &o);
	CHECK(dec != NULL);
	if (dec) {
		WebPAnimInfo info;
		CHECK(WebPAnimDecoderGetInfo(dec, &info));
		CHECK_INT((int)info.frame_count, 8);
		CHECK_INT((int)info.loop_count, 0);
		for (int k = 0; WebPAnimDecoderHasMoreFrames(dec); k++) {
			uint8_t *rgba;
			int ts;
			CHECK(WebPAnimDecoderGetNext(dec, &rgba, &ts));
			CHECK(abs(rgba[0] - (20 + 30 * order[k])) <= 10);
			CHECK_INT(ts, 83 * (k + 1));
		}
		WebPAnimDecoderDelete(dec);
	}
	printf("boomerang of 5 frames of 64x36: GIF %zu bytes, WebP %zu bytes\n", gif_len,
	       webp_len);
	free(gif);
	free(webp);
	for (int i = 0; i < 5; i++) {
		image_destroy(frames[i]);
	}
}

static void test_footer_text(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
	if (access(path, R_OK) != 0) {
		return;
	}
	struct glyphs *g = glyphs_create(path);
	CHECK(g != NULL);
	struct layout l;
	char err[256];
	const char *t = "size = 600x600\nfooter = Hello\nfooter_height = 200\n";
	CHECK(layout_parse(t, strlen(t), "f", &l, err, sizeof(err)));
	struct image *out = photo_compose(&l, NULL, 0, g);
	int dark = 0;
	for (int y = 600 - 230; y < 600; y++) {
		for (int x = 0; x < 600; x++) {
			dark += (px(out, x, y) & 0xff) < 0x80;
		}
	}
	CHECK(dark > 500); /* the footer text is drawn */
	image_destroy(out);
	glyphs_destroy(g);
}

/* A name in Arabic on a badge: shaped (joined letters are narrower than the isolated forms side
 * by side) and drawn; a Latin name measures as before. */
static void test_rtl_text(void)
{
	const char *path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
	if (access(path, R_OK) != 0) {
		return;
	}
	struct glyphs *g = glyphs_create(path);
	CHECK(g != NULL);
	const char *name = "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"; /* محمد */
	int joined = glyphs_measure(g, name, 60), isolated = 0;
	for (const char *p = name; *p; p += 2) {
		char one[3] = {p[0], p[1], 0};
		isolated += glyphs_measure(g, one, 60);
	}
	if (joined >= isolated) {
		fprintf(stderr, "not shaped: %d px joined, %d px isolated\n", joined, isolated);
	}
	CHECK(joined > 0 && joined < isolated);
	struct image *img = image_create(400, 100);
	image_fill_rect(img, 0, 0, 400, 100, 0xffffff);
	glyphs_draw(g, img, 10, 10, name, 60, 0x000000);
	int dark = 0, left = 400, right = 0;
	for (int y = 0; y < 100; y++) {
		for (int x = 0; x < 400; x++) {
			if ((px(img, x, y) & 0xff) < 0x80) {
				dark++;
				left = x < left ? x : left;
				right = x > right ? x : right;
			}
		}
	}
	CHECK(dark > 300);
	CHECK(right - left <= joined + 4); /* as wide as measured: shaped when drawn too */
	image_destroy(img);
	glyphs_destroy(g);
}

/* The printed sheet: strip4's two strips side by side on 4x6 in, each the strip itself. */
static void test_sheet(void)
{
	struct layout l;
	char err[256];
	const char *t = "size = 600x1800\ngrid = 1x4\nsheet = 1200x1800\nsheet_copies = 2x1\n";
	CHECK(layout_parse(t, strlen(t), "s", &l, err, sizeof(err)));
	struct image *strip = image_create(600, 1800);
	for (int y = 0; y < 1800; y++) {
		for (int x = 0; x < 600; x++) {
			strip->pixels[y * strip->stride + x] =
				image_rgb((uint8_t)x, (uint8_t)(y / 8), 99);
		}
	}
	struct image *sheet = photo_sheet(&l, strip);
	CHECK_INT(sheet->width, 1200);
	CHECK_INT(sheet->height, 1800);
	int off = 0;
	for (int y = 0; y < 1800; y += 7) {
		for (int x = 0; x < 600; x += 5) {
			off += px(sheet, x, y) != px(strip, x, y);
			off += px(sheet, 600 + x, y) != px(strip, x, y);
		}
	}
	CHECK_INT(off, 0);
	const char *bad = "sheet = 1200x1800\nsheet_copies = 3x3\n";
	CHECK(!layout_parse(bad, strlen(bad), "bad", &l, err, sizeof(err)));
	CHECK(strstr(err, "bad:2: sheet_copies") != NULL);
	image_destroy(sheet);
	image_destroy(strip);
}

/* Each badge stock: its size, and the badge code's QR code read back (zbarimg). */
static void test_badge_stocks(void)
{
	static const char *const names[] = {"4x3", "4x6", "dymo30857", "dk1202"};
	static const int sizes[][2] = {{1200, 900}, {1200, 1800}, {1200, 675}, {1181, 732}};
	CHECK(badge_stock_find("a4") == NULL);
	struct glyphs *bold = glyphs_create("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
	struct glyphs *regular = glyphs_create("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
	struct image *photo = image_create(640, 480);
	image_fill_rect(photo, 0, 0, 640, 480, 0x3366aa);
	char *dir = check_tmpdir();
	for (int i = 0; i < 4; i++) {
		const struct badge_stock *s = badge_stock_find(names[i]);
		CHECK(s != NULL);
		if (!s) {
			continue;
		}
		CHECK_INT(s->width, sizes[i][0]);
		CHECK_INT(s->height, sizes[i][1]);
		struct badge_info info = {.name = "Anna Müller",
					  .organization = "Stadtbibliothek",
					  .code = "GB-1004"};
		struct image *img =
			badge_compose_size(&info, photo, s->width, s->height, bold, regular);
		CHECK_INT(img->width, s->width);
		CHECK_INT(img->height, s->height);
		unsigned char *png;
		size_t len;
		char path[4300], cmd[4400], got[64] = "";
		snprintf(path, sizeof(path), "%s/%s.png", dir, names[i]);
		CHECK(png_encode(img, &png, &len));
		FILE *f = fopen(path, "wb");
		CHECK(f && fwrite(png, 1, len, f) == len && fclose(f) == 0);
		free(png);
		image_destroy(img);
		if (system("command -v zbarimg > /dev/null") != 0) {
			continue;
		}
		snprintf(cmd, sizeof(cmd), "zbarimg -q --raw '%s'", path);
		FILE *p = popen(cmd, "r");
		if (p && fgets(got, sizeof(got), p)) {
			got[strcspn(got, "\n")] = '\0';
		}
		if (p) {
			pclose(p);
		}
		CHECK_STR(got, "GB-1004");
	}
	image_destroy(photo);
	glyphs_destroy(bold);
	glyphs_destroy(regular);
}

int main(void)
{
	test_layouts();
	test_sheet();
	test_badge_stocks();
	test_layout_errors();
	test_scale();
	test_png_round_trip();
	test_jpeg();
	test_boomerang();
	test_footer_text();
	test_rtl_text();
	return check_exit("photo");
}
