/* Benchmark: compose and save a 4-shot 1080p grid (grid2x2) the way the saver does, and the
 * same from PNG files on disk next to ImageMagick's `montage` on those files. Also the PNG
 * settings the booth uses (SUB filter, Z_RLE) against libpng's defaults. Then JPEG: four
 * JPEG shots (1920x1080, and 4608x2592 as a Camera Module 3 takes them) composed into a
 * 1800x1200 JPEG by `gatherbooth compose`, by libvips (`vips arrayjoin` then `vips resize`)
 * and by `montage`, each timed and its peak resident memory taken from the kernel (wait4).
 * Prints figures. */
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "bench.h"
#include "check.h"
#include "fileio.h"
#include "jpegimage.h"
#include "layout.h"
#include "photo.h"
#include "pngimage.h"

/* something like a photo: smooth gradients, a round face, a little sensor noise */
static struct image *fake_photo_sized(int seed, int w, int h)
{
	struct image *img = image_create(w, h);
	uint32_t r = (uint32_t)seed * 2654435761u + 1;
	int face_r = h * 300 / 1080;
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			r ^= r << 13;
			r ^= r >> 17;
			r ^= r << 5;
			int n = (int)(r % 5) - 2;
			int cx = x - w / 2 - seed * w / 19, cy = y - h / 2;
			int face = cx * cx + cy * cy < face_r * face_r ? 60 : 0;
			int red = 80 + x * 100 / w + face + n;
			int green = 60 + y * 90 / h + face / 2 + n;
			int blue = 90 + (x + y) * 50 / (w + h) * 3 / 2 + n;
			img->pixels[(size_t)y * w + x] =
				image_rgb((uint8_t)red, (uint8_t)green, (uint8_t)blue);
		}
	}
	return img;
}

static struct image *fake_photo(int seed)
{
	return fake_photo_sized(seed, 1920, 1080);
}

/* Runs cmd (through sh, exec'd so that the figures are the command's own) `runs` times:
 * the median wall time in ms and the largest peak resident set in MB. False if it failed. */
static bool measure(const char *cmd, int runs, double *ms, double *mb)
{
	double t[8];
	long peak_kb = 0;
	for (int r = 0; r < runs; r++) {
		char line[20000];
		snprintf(line, sizeof(line), "exec %s", cmd);
		double t0 = bench_now_ms();
		pid_t pid = fork();
		if (pid == 0) {
			execl("/bin/sh", "sh", "-c", line, (char *)NULL);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			return false;
		}
		t[r] = bench_now_ms() - t0;
		peak_kb = ru.ru_maxrss > peak_kb ? ru.ru_maxrss : peak_kb;
	}
	*ms = bench_quantile(t, runs, 0.5);
	*mb = (double)peak_kb / 1024.0;
	return true;
}

/* The JPEG comparison at one input size; prints a line per tool and the ratios. */
static void jpeg_round(const char *dir, const char *gb, int w, int h)
{
	char in[4][4200], cmd[20000];
	for (int i = 0; i < 4; i++) {
		struct image *img = fake_photo_sized(i, w, h);
		unsigned char *data;
		size_t len;
		jpeg_encode(img, 92, NULL, &data, &len);
		snprintf(in[i], sizeof(in[i]), "%s/j%d-%dx%d.jpg", dir, i, w, h);
		FILE *f = fopen(in[i], "wb");
		fwrite(data, 1, len, f);
		fclose(f);
		free(data);
		image_destroy(img);
	}
	printf("JPEG: 4 x %dx%d JPEG shots (quality 92) to one 1800x1200 JPEG (quality 92)\n", w,
	       h);
	enum { RUNS = 5 };
	double gb_ms = -1, gb_mb = 0, v_ms = -1, v_mb = 0, m_ms = -1, m_mb = 0;
	if (gb) {
		snprintf(cmd, sizeof(cmd),
			 "'%s' compose --layout grid2x2 -o '%s/gb-%d.jpg' '%s' '%s' '%s' '%s'", gb,
			 dir, w, in[0], in[1], in[2], in[3]);
		double t[RUNS], mb = 0;
		bool ok = true;
		for (int r = 0; ok && r < RUNS; r++) {
			char out[4300];
			snprintf(out, sizeof(out), "%s/gb-%d.jpg", dir, w);
			unlink(out);
			ok = measure(cmd, 1, &t[r], &mb);
			gb_mb = mb > gb_mb ? mb : gb_mb;
		}
		if (ok) {
			gb_ms = bench_quantile(t, RUNS, 0.5);
			printf("  gatherbooth compose: median %.0f ms over %d runs, peak %.0f MB\n",
			       gb_ms, RUNS, gb_mb);
		} else {
			printf("  gatherbooth compose FAILED\n");
		}
	}
	if (system("command -v vips > /dev/null 2>&1") == 0) {
		/* the 2x2 mosaic at the inputs' size, then resized to 1800x1200: two commands,
		 * their times added and the larger peak kept */
		char join[20000], resize[20000];
		snprintf(join, sizeof(join), "vips arrayjoin '%s %s %s %s' '%s/v-%d.v' --across 2",
			 in[0], in[1], in[2], in[3], dir, w);
		snprintf(resize, sizeof(resize),
			 "vips resize '%s/v-%d.v' '%s/v-%d.jpg[Q=92]' %.6f --vscale %.6f", dir, w,
			 dir, w, 1800.0 / (2 * w), 1200.0 / (2 * h));
		double t[RUNS];
		bool ok = true;
		for (int r = 0; ok && r < RUNS; r++) {
			double a_ms = 0, a_mb = 0, b_ms = 0, b_mb = 0;
			ok = measure(join, 1, &a_ms, &a_mb) && measure(resize, 1, &b_ms, &b_mb);
			t[r] = a_ms + b_ms;
			v_mb = a_mb > v_mb ? a_mb : v_mb;
			v_mb = b_mb > v_mb ? b_mb : v_mb;
		}
		if (ok) {
			v_ms = bench_quantile(t, RUNS, 0.5);
			printf("  vips arrayjoin + vips resize: median %.0f ms over %d runs, peak "
			       "%.0f "
			       "MB\n",
			       v_ms, RUNS, v_mb);
		} else {
			printf("  vips FAILED\n");
		}
	} else {
		printf("  libvips-tools is not installed: vips skipped\n");
	}
	if (system("command -v montage > /dev/null 2>&1") == 0) {
		snprintf(
			cmd, sizeof(cmd),
			"montage '%s' '%s' '%s' '%s' -tile 2x2 -geometry 850x525+20+20 -background "
			"white -quality 92 '%s/m-%d.jpg'",
			in[0], in[1], in[2], in[3], dir, w);
		if (measure(cmd, 3, &m_ms, &m_mb)) {
			printf("  ImageMagick montage: median %.0f ms over 3 runs, peak %.0f MB\n",
			       m_ms, m_mb);
		} else {
			m_ms = -1;
			printf("  montage FAILED\n");
		}
	}
	if (gb_ms > 0 && v_ms > 0) {
		printf("  against vips: %.1fx the speed (goal: ahead), %.0f%% of the memory (goal: "
		       "less)%s\n",
		       v_ms / gb_ms, 100.0 * gb_mb / v_mb,
		       gb_ms < v_ms && gb_mb < v_mb ? ", met" : ", NOT MET on this run");
	}
	if (gb_ms > 0 && m_ms > 0) {
		printf("  against montage: %.1fx the speed (goal: at least 5x)%s\n", m_ms / gb_ms,
		       m_ms / gb_ms >= 5.0 ? ", met" : ", NOT MET on this run");
	}
}

struct buf {
	unsigned char *data;
	size_t len;
};

static void save(const char *dir, const struct image *img)
{
	struct buf b;
	char err[512], path[4200];
	png_encode(img, &b.data, &b.len);
	snprintf(path, sizeof(path), "%s/out.png", dir);
	unlink(path);
	if (!fileio_write_buffer(dir, "out.png", b.data, b.len, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	free(b.data);
}

/* libpng's defaults (all filters, default strategy, level 6), for comparison */
static size_t encode_default(const struct image *img)
{
	FILE *f = tmpfile();
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
		     PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	png_set_filler(png, 0, PNG_FILLER_AFTER);
	png_set_bgr(png);
	for (int y = 0; y < img->height; y++) {
		png_write_row(png, (png_const_bytep)(img->pixels + (size_t)y * img->stride));
	}
	png_write_end(png, NULL);
	long size = ftell(f);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	return (size_t)size;
}

static double run_ms(const char *cmd, int runs)
{
	double t[8];
	for (int r = 0; r < runs; r++) {
		double t0 = bench_now_ms();
		if (system(cmd) != 0) {
			return -1;
		}
		t[r] = bench_now_ms() - t0;
	}
	return bench_quantile(t, runs, 0.5);
}

/* The PNG path against montage on the same PNG files. */
static void png_montage(const char *dir, char inputs[4][4200], double mem_ms, double cli_ms)
{
	char cmd[20000];
	snprintf(cmd, sizeof(cmd),
		 "montage '%s' '%s' '%s' '%s' -tile 2x2 -geometry 850x525+20+20 -background white "
		 "'%s/montage.png' > /dev/null 2>&1",
		 inputs[0], inputs[1], inputs[2], inputs[3], dir);
	double mont_ms = run_ms(cmd, 3);
	if (mont_ms < 0) {
		printf("montage failed: comparison skipped\n");
		return;
	}
	printf("ImageMagick montage, the same PNG files to a PNG file: median %.1f ms over 3 "
	       "runs\n",
	       mont_ms);
	printf("speed-up of compose + save over montage: %.1fx (goal: at least 8x)%s\n",
	       mont_ms / mem_ms, mont_ms / mem_ms >= 8.0 ? ", met" : ", NOT MET on this run");
	if (cli_ms > 0) {
		printf("speed-up file to file, PNG decoding included: %.1fx\n", mont_ms / cli_ms);
	}
}

int main(void)
{
	char *dir = check_tmpdir();
	char err[512], layouts[4096];
	snprintf(layouts, sizeof(layouts), "%s/assets/layouts", getenv("SRCDIR"));
	struct layout l;
	if (!layout_load(layouts, "grid2x2", &l, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/* real photographs when given (BENCH_PHOTOS=folder of 4 PNGs), else generated ones */
	const char *photos = getenv("BENCH_PHOTOS");
	struct image *shots[4];
	char inputs[4][4200];
	for (int i = 0; i < 4; i++) {
		if (photos && *photos) {
			char cmd[4400];
			snprintf(cmd, sizeof(cmd), "ls '%s'/*.png | sed -n %dp", photos, i + 1);
			FILE *p = popen(cmd, "r");
			if (!p || !fgets(inputs[i], sizeof(inputs[i]), p)) {
				fprintf(stderr, "BENCH_PHOTOS: need 4 PNG files in %s\n", photos);
				return 1;
			}
			pclose(p);
			inputs[i][strcspn(inputs[i], "\n")] = '\0';
			shots[i] = png_read_file(inputs[i], err, sizeof(err));
			if (!shots[i]) {
				fprintf(stderr, "%s\n", err);
				return 1;
			}
			continue;
		}
		shots[i] = fake_photo(i);
		struct buf b;
		png_encode(shots[i], &b.data, &b.len);
		snprintf(inputs[i], sizeof(inputs[i]), "%s/in%d.png", dir, i);
		FILE *f = fopen(inputs[i], "wb");
		fwrite(b.data, 1, b.len, f);
		fclose(f);
		free(b.data);
	}
	printf("inputs: 4 x %dx%d, %s\n", shots[0]->width, shots[0]->height,
	       photos && *photos ? photos : "generated (gradients, shapes, mild noise)");

	enum { RUNS = 7 };
	double mem[RUNS], comp[RUNS], enc[RUNS];
	for (int r = 0; r < RUNS; r++) {
		double t0 = bench_now_ms();
		struct image *out = photo_compose(&l, shots, 4, NULL);
		double t1 = bench_now_ms();
		save(dir, out);
		mem[r] = bench_now_ms() - t0;
		comp[r] = t1 - t0;
		t0 = bench_now_ms();
		struct buf b;
		png_encode(out, &b.data, &b.len);
		enc[r] = bench_now_ms() - t0;
		free(b.data);
		image_destroy(out);
	}
	double mem_ms = bench_quantile(mem, RUNS, 0.5);
	printf("compose + save, grid2x2 -> 1800x1200 (the saver's path): median %.1f ms over %d "
	       "runs\n",
	       mem_ms, RUNS);
	printf("  of which compose %.1f ms, PNG encode %.1f ms\n", bench_quantile(comp, RUNS, 0.5),
	       bench_quantile(enc, RUNS, 0.5));

	/* the encoder settings */
	double rle[3], def[3];
	size_t rle_size = 0, def_size = 0;
	for (int r = 0; r < 3; r++) {
		double t0 = bench_now_ms();
		struct buf b;
		png_encode(shots[0], &b.data, &b.len);
		rle[r] = bench_now_ms() - t0;
		rle_size = b.len;
		free(b.data);
		t0 = bench_now_ms();
		def_size = encode_default(shots[0]);
		def[r] = bench_now_ms() - t0;
	}
	double rle_ms = bench_quantile(rle, 3, 0.5), def_ms = bench_quantile(def, 3, 0.5);
	printf("PNG encode of one shot: SUB + Z_RLE %.1f ms, %zu bytes; libpng defaults %.1f ms, "
	       "%zu bytes (%.1fx faster at %.0f%% of the size)\n",
	       rle_ms, rle_size, def_ms, def_size, def_ms / rle_ms,
	       100.0 * (double)rle_size / (double)def_size);

	char cmd[20000];
	const char *gb = getenv("GATHERBOOTH");
	double cli_ms = -1;
	if (gb) {
		snprintf(cmd, sizeof(cmd),
			 "rm -f '%s/cli.png' && '%s' compose --layout grid2x2 -o '%s/cli.png' '%s' "
			 "'%s' "
			 "'%s' '%s'",
			 dir, gb, dir, inputs[0], inputs[1], inputs[2], inputs[3]);
		cli_ms = run_ms(cmd, 5);
		printf("gatherbooth compose, PNG files to PNG file: median %.1f ms over 5 runs\n",
		       cli_ms);
	}
	if (system("command -v montage > /dev/null 2>&1") != 0) {
		printf("ImageMagick montage is not installed: comparison skipped\n");
	} else {
		png_montage(dir, inputs, mem_ms, cli_ms);
	}
	jpeg_round(dir, gb, 1920, 1080);
	jpeg_round(dir, gb, 4608, 2592);
	return 0;
}