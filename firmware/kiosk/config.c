#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "error.h"
#include "pin.h"
#include "textfile.h"
#include "xalloc.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu"

void config_defaults(struct config *cfg)
{
	*cfg = (struct config){
		.countdown_s = 3,
		.review_timeout_s = 20,
		.saved_s = 20,
		.fps = 30,
		.preview_width = 1280,
		.preview_height = 720,
		.still_width = 1920,
		.still_height = 1080,
		.seed = 1,
		.idle_s = 60,
		.kms_device = -1,
	};
	snprintf(cfg->data_dir, sizeof(cfg->data_dir), "/var/lib/gatherbooth");
	snprintf(cfg->layout, sizeof(cfg->layout), "strip4");
	snprintf(cfg->speech, sizeof(cfg->speech), "no");
	snprintf(cfg->low_controls, sizeof(cfg->low_controls), "no");
	cfg->volume = 80;
	snprintf(cfg->large_text, sizeof(cfg->large_text), "no");
	snprintf(cfg->high_contrast, sizeof(cfg->high_contrast), "no");
	snprintf(cfg->photo_at_checkin, sizeof(cfg->photo_at_checkin), "yes");
	snprintf(cfg->fullscreen, sizeof(cfg->fullscreen), "auto");
	snprintf(cfg->photo_format, sizeof(cfg->photo_format), "jpeg");
	cfg->photo_quality = 92;
	snprintf(cfg->font, sizeof(cfg->font), "%s/DejaVuSans.ttf", FONT_DIR);
	snprintf(cfg->font_bold, sizeof(cfg->font_bold), "%s/DejaVuSans-Bold.ttf", FONT_DIR);
	snprintf(cfg->camera, sizeof(cfg->camera), "auto");
	snprintf(cfg->button, sizeof(cfg->button), "auto");
	snprintf(cfg->button_line, sizeof(cfg->button_line), "GPIO17");
	snprintf(cfg->strip_printer, sizeof(cfg->strip_printer), "none");
	snprintf(cfg->badge_printer, sizeof(cfg->badge_printer), "none");
	snprintf(cfg->print, sizeof(cfg->print), "no");
	snprintf(cfg->share, sizeof(cfg->share), "no");
	snprintf(cfg->wifi_name, sizeof(cfg->wifi_name), "gatherbooth");
	snprintf(cfg->share_address, sizeof(cfg->share_address), "10.42.0.1");
	snprintf(cfg->share_end, sizeof(cfg->share_end), "keep");
	snprintf(cfg->wifi_interface, sizeof(cfg->wifi_interface), "wlan0");
	cfg->wifi_channel = 6;
	snprintf(cfg->badge_stock, sizeof(cfg->badge_stock), "4x3");
	cfg->copies = 1;
}

enum kind {
	K_STR,
	K_INT,
	K_SIZE,
	K_CHOICE,
	K_PATH,
};

struct key {
	const char *section, *name;
	enum kind kind;
	size_t offset, size; /* of the field (the first of two for K_SIZE) */
	long lo, hi;
	const char *choices; /* K_CHOICE: space-separated */
};

#define F(field) offsetof(struct config, field), sizeof(((struct config *)0)->field)

static const struct key keys[] = {
	{"booth", "data", K_PATH, F(data_dir), 0, 0, NULL},
	{"booth", "layout", K_STR, F(layout), 0, 0, NULL},
	{"booth", "countdown", K_INT, F(countdown_s), 1, 10, NULL},
	{"booth", "review_timeout", K_INT, F(review_timeout_s), 3, 300, NULL},
	{"booth", "saved_timeout", K_INT, F(saved_s), 1, 60, NULL},
	{"booth", "assets", K_PATH, F(assets_dir), 0, 0, NULL},
	{"booth", "photo_at_checkin", K_CHOICE, F(photo_at_checkin), 0, 0, "yes no"},
	{"booth", "idle_timeout", K_INT, F(idle_s), 10, 600, NULL},
	{"booth", "export_dir", K_PATH, F(export_dir), 0, 0, NULL},
	{"booth", "photo_format", K_CHOICE, F(photo_format), 0, 0, "jpeg png"},
	{"booth", "photo_quality", K_INT, F(photo_quality), 50, 100, NULL},
	{"booth", "language", K_CHOICE, F(language), 0, 0, "en es fr de pl"},
	{"booth", "large_text", K_CHOICE, F(large_text), 0, 0, "no yes"},
	{"booth", "high_contrast", K_CHOICE, F(high_contrast), 0, 0, "no yes"},
	{"booth", "speech", K_CHOICE, F(speech), 0, 0, "no yes"},
	{"booth", "low_controls", K_CHOICE, F(low_controls), 0, 0, "no yes"},
	{"display", "size", K_SIZE, F(width), 0, 8192, NULL},
	{"display", "rotation", K_CHOICE, F(rotation), 0, 0, "0 90 180 270"},
	{"display", "fullscreen", K_CHOICE, F(fullscreen), 0, 0, "auto yes no"},
	{"display", "font", K_PATH, F(font), 0, 0, NULL},
	{"display", "font_bold", K_PATH, F(font_bold), 0, 0, NULL},
	{"display", "kms_device", K_INT, F(kms_device), -1, 16, NULL},
	{"camera", "backend", K_CHOICE, F(camera), 0, 0, "auto libcamera v4l2 synthetic"},
	{"camera", "device", K_PATH, F(camera_device), 0, 0, NULL},
	{"camera", "rotation", K_CHOICE, F(camera_rotation), 0, 0, "0 180"},
	{"camera", "fps", K_INT, F(fps), 1, 120, NULL},
	{"camera", "preview", K_SIZE, F(preview_width), 16, 4096, NULL},
	{"camera", "still", K_SIZE, F(still_width), 16, 8192, NULL},
	{"camera", "seed", K_INT, F(seed), 0, 2147483647, NULL},
	{"sound", "volume", K_INT, F(volume), 0, 100, NULL},
	{"button", "backend", K_CHOICE, F(button), 0, 0, "auto gpiod none"},
	{"button", "line", K_STR, F(button_line), 0, 0, NULL},
	{"button", "led_line", K_STR, F(led_line), 0, 0, NULL},
	{"button", "next_line", K_STR, F(next_line), 0, 0, NULL},
	{"staff", "pin_hash", K_STR, F(pin_hash), 0, 0, NULL},
	{"print", "strip_printer", K_STR, F(strip_printer), 0, 0, NULL},
	{"print", "badge_printer", K_STR, F(badge_printer), 0, 0, NULL},
	{"print", "print", K_CHOICE, F(print), 0, 0, "no ask auto"},
	{"print", "copies", K_INT, F(copies), 1, 10, NULL},
	{"print", "limit", K_INT, F(print_limit), 0, 100000, NULL},
	{"print", "badge_stock", K_CHOICE, F(badge_stock), 0, 0, "4x3 4x6 dymo30857 dk1202"},
	{"share", "enabled", K_CHOICE, F(share), 0, 0, "no yes"},
	{"share", "folder", K_PATH, F(share_folder), 0, 0, NULL},
	{"share", "wifi_name", K_STR, F(wifi_name), 0, 0, NULL},
	{"share", "wifi_password", K_STR, F(wifi_password), 0, 0, NULL},
	{"share", "address", K_STR, F(share_address), 0, 0, NULL},
	{"share", "end_of_event", K_CHOICE, F(share_end), 0, 0, "keep remove"},
	{"share", "interface", K_STR, F(wifi_interface), 0, 0, NULL},
	{"share", "country", K_STR, F(wifi_country), 0, 0, NULL},
	{"share", "channel", K_INT, F(wifi_channel), 1, 13, NULL},
	{"peers", "folder", K_PATH, F(peers_folder), 0, 0, NULL},
	{"peers", "name", K_STR, F(kiosk_name), 0, 0, NULL},
	{"peers", "syncthing", K_PATH, F(syncthing_dir), 0, 0, NULL},
};

static bool in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = choices; *p;) {
		size_t m = strcspn(p, " ");
		if (m == n && strncmp(p, v, n) == 0) {
			return true;
		}
		p += m;
		while (*p == ' ') {
			p++;
		}
	}
	return false;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		return false;
	}
	*out = v;
	return true;
}

static bool apply(struct config *cfg, const struct key *k, const char *v, char *why, size_t wl)
{
	char *field = (char *)cfg + k->offset;
	switch (k->kind) {
	case K_STR:
	case K_PATH:
		if (strlen(v) >= k->size) {
			snprintf(why, wl, "value longer than %zu bytes", k->size - 1);
			return false;
		}
		if (!*v) {
			snprintf(why, wl, "value is empty");
			return false;
		}
		if (k->kind == K_PATH && v[0] != '/' && strcmp(k->name, "data") != 0) {
			snprintf(why, wl, "must be an absolute path");
			return false;
		}
		snprintf(field, k->size, "%s", v);
		return true;
	case K_INT: {
		long n;
		if (!parse_long(v, k->lo, k->hi, &n)) {
			snprintf(why, wl, "must be a whole number from %ld to %ld", k->lo, k->hi);
			return false;
		}
		if (k->size == sizeof(uint32_t) && strcmp(k->name, "seed") == 0) {
			*(uint32_t *)field = (uint32_t)n;
		} else {
			*(int *)field = (int)n;
		}
		return true;
	}
	case K_SIZE: {
		int w, h;
		char extra;
		if (sscanf(v, "%dx%d%c", &w, &h, &extra) != 2 || w < k->lo || h < k->lo ||
		    w > k->hi || h > k->hi || (w == 0) != (h == 0)) {
			snprintf(why, wl, "must be WIDTHxHEIGHT, each %ld to %ld%s",
				 k->lo ? k->lo : 16, k->hi,
				 k->lo ? "" : " (or 0x0 for the display's own)");
			return false;
		}
		((int *)field)[0] = w;
		((int *)field)[1] = h;
		return true;
	}
	case K_CHOICE:
		if (!in_choices(k->choices, v)) {
			snprintf(why, wl, "must be one of: %s", k->choices);
			return false;
		}
		if (k->size == sizeof(int) && strcmp(k->name, "rotation") == 0) {
			*(int *)field = atoi(v);
		} else {
			snprintf(field, k->size, "%s", v);
		}
		return true;
	}
	return false;
}

bool config_parse(struct config *cfg, const char *text, size_t len, const char *file, char *err,
		  size_t errlen)
{
	char section[32] = "";
	struct textfile_reader rd;
	struct textfile_line line;
	textfile_reader_init(&rd, text, len);
	while (textfile_next_kv(&rd, &line)) {
		if (line.error) {
			snprintf(err, errlen, "%s:%d: %s", file, line.number, line.error);
			return false;
		}
		if (line.section) {
			if (strcmp(line.section, "booth") && strcmp(line.section, "display") &&
			    strcmp(line.section, "camera") && strcmp(line.section, "button") &&
			    strcmp(line.section, "staff") && strcmp(line.section, "print") &&
			    strcmp(line.section, "share") && strcmp(line.section, "peers") &&
			    strcmp(line.section, "sound")) {
				snprintf(err, errlen,
					 "%s:%d: unknown section [%.40s] (known: booth, display, "
					 "camera, sound, button, staff, print, share, peers)",
					 file, line.number, line.section);
				return false;
			}
			snprintf(section, sizeof(section), "%s", line.section);
			continue;
		}
		if (!section[0]) {
			snprintf(err, errlen, "%s:%d: %.40s: key before any [section]", file,
				 line.number, line.key);
			return false;
		}
		const struct key *k = NULL;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (strcmp(keys[i].section, section) == 0 &&
			    strcmp(keys[i].name, line.key) == 0) {
				k = &keys[i];
				break;
			}
		}
		if (!k) {
			snprintf(err, errlen, "%s:%d: unknown key \"%.40s\" in [%s]", file,
				 line.number, line.key, section);
			return false;
		}
		char why[160];
		if (strcmp(k->name, "pin_hash") == 0 && !pin_hash_valid(line.value)) {
			snprintf(err, errlen,
				 "%s:%d: pin_hash: not a PIN hash; make one with `gatherbooth "
				 "hash-pin`",
				 file, line.number);
			return false;
		}
		size_t vlen = strlen(line.value);
		if (strcmp(k->name, "wifi_password") == 0 && vlen && (vlen < 8 || vlen > 63)) {
			snprintf(err, errlen,
				 "%s:%d: wifi_password: WPA2 takes 8 to 63 characters, not %zu",
				 file, line.number, vlen);
			return false;
		}
		if (strcmp(k->name, "country") == 0 &&
		    (vlen != 2 || !isupper((unsigned char)line.value[0]) ||
		     !isupper((unsigned char)line.value[1]))) {
			snprintf(err, errlen, "%s:%d: country: two capital letters (GB, DE, US)",
				 file, line.number);
			return false;
		}
		if (strcmp(k->name, "interface") == 0 &&
		    (vlen < 1 || vlen > 15 ||
		     strspn(line.value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					"0123456789_.-") != vlen)) {
			snprintf(err, errlen, "%s:%d: interface: not a network interface's name",
				 file, line.number);
			return false;
		}
		if (strcmp(k->name, "wifi_name") == 0 && (vlen < 1 || vlen > 32)) {
			snprintf(err, errlen, "%s:%d: wifi_name: 1 to 32 characters, not %zu", file,
				 line.number, vlen);
			return false;
		}
		if (!apply(cfg, k, line.value, why, sizeof(why))) {
			snprintf(err, errlen, "%s:%d: %s: %s", file, line.number, k->name, why);
			return false;
		}
		if (strcmp(k->section, "print") == 0 && strstr(k->name, "_printer")) {
			if (strchr(line.value, '/') || strchr(line.value, ' ') ||
			    strchr(line.value, '#')) {
				snprintf(err, errlen,
					 "%s:%d: %s: a CUPS queue name has no '/', '#' or space",
					 file, line.number, k->name);
				return false;
			}
			char *at =
				k->name[0] == 's' ? cfg->strip_printer_at : cfg->badge_printer_at;
			snprintf(at, sizeof(cfg->strip_printer_at), "%s:%d", file, line.number);
		}
	}
	return true;
}

bool config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	size_t len;
	struct error e;
	char *text = textfile_read(path, 1 << 20, &len, &e);
	if (!text) {
		snprintf(err, errlen, "%s", e.message);
		return false;
	}
	bool ok = config_parse(cfg, text, len, path, err, errlen);
	free(text);
	return ok;
}

void config_print(const struct config *cfg, void *file)
{
	FILE *f = file;
	const char *section = "";
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key *k = &keys[i];
		const char *field = (const char *)cfg + k->offset;
		if (strcmp(section, k->section) != 0) {
			fprintf(f, "%s[%s]\n", i ? "\n" : "", k->section);
			section = k->section;
		}
		switch (k->kind) {
		case K_STR:
		case K_PATH:
			fprintf(f, "%s%s = %s\n", field[0] ? "" : "# ", k->name, field);
			break;
		case K_INT:
			fprintf(f, "%s = %ld\n", k->name,
				strcmp(k->name, "seed") == 0 ? (long)*(const uint32_t *)field
							     : (long)*(const int *)field);
			break;
		case K_SIZE:
			fprintf(f, "%s = %dx%d\n", k->name, ((const int *)field)[0],
				((const int *)field)[1]);
			break;
		case K_CHOICE:
			if (strcmp(k->name, "rotation") == 0) {
				fprintf(f, "%s = %d\n", k->name, *(const int *)field);
			} else {
				/* "" where the default is none of the choices (the locale's
				 * language) */
				fprintf(f, "%s%s = %s\n", field[0] ? "" : "# ", k->name, field);
			}
			break;
		}
	}
}

void config_display_options(const struct config *cfg, struct display_options *out)
{
	*out = (struct display_options){
		.kms_device = cfg->kms_device,
		.rotation = cfg->rotation,
		.fullscreen = cfg->fullscreen,
		.width = cfg->width,
		.height = cfg->height,
	};
}

/* --- editing the text, for `gatherbooth setup` --- */

/* The line [p, end) as a section header: 1 for [section], 0 for another, -1 for none. */
static int header_of(const char *p, const char *end, const char *section)
{
	while (p < end && (*p == ' ' || *p == '\t')) {
		p++;
	}
	if (p == end || *p != '[') {
		return -1;
	}
	const char *close = memchr(p, ']', (size_t)(end - p));
	if (!close) {
		return -1;
	}
	size_t n = (size_t)(close - p - 1);
	return n == strlen(section) && memcmp(p + 1, section, n) == 0;
}

/* Where the line after the one at p starts (end for the last). */
static const char *next_line(const char *p, const char *end)
{
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	return eol ? eol + 1 : end;
}

static bool blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
	}
	return p == end;
}

/* Whether the line [p, end) sets `key` (`key = ...`), or, commented, shows it (`# key = ...`). */
static bool line_sets(const char *p, const char *end, const char *key, bool commented)
{
	while (p < end && (*p == ' ' || *p == '\t')) {
		p++;
	}
	if (commented) {
		if (p == end || (*p != '#' && *p != ';')) {
			return false;
		}
		p++;
		while (p < end && (*p == ' ' || *p == '\t')) {
			p++;
		}
	}
	size_t klen = strlen(key);
	if ((size_t)(end - p) < klen || memcmp(p, key, klen) != 0) {
		return false;
	}
	p += klen;
	while (p < end && (*p == ' ' || *p == '\t')) {
		p++;
	}
	return p < end && *p == '=';
}

char *config_edit(const char *text, size_t len, const char *section, const char *key,
		  const char *value, size_t *outlen)
{
	/* one pass to find the lines: the first setting the key, the section's last commented
	 * example of it, and the section's last non-blank line (its header at least) */
	const char *set = NULL, *example = NULL, *last = NULL, *end = text + len;
	bool in_section = false, seen = false;
	for (const char *p = text, *next; p < end; p = next) {
		next = next_line(p, end);
		int header = header_of(p, next, section);
		if (header >= 0) {
			in_section = header && !seen; /* a repeated [section] is left alone */
			seen = seen || header;
			last = in_section ? p : last;
			continue;
		}
		if (!in_section) {
			continue;
		}
		if (!set && line_sets(p, next, key, false)) {
			set = p;
		} else if (line_sets(p, next, key, true)) {
			example = p;
		}
		if (!blank(p, next)) {
			last = p;
		}
	}
	const char *after = example ? example : last; /* the line the setting follows */

	char setting[512];
	int slen = snprintf(setting, sizeof(setting), "%s = %s\n", key, value);
	size_t cap = len + (size_t)slen + strlen(section) + 8;
	char *out = xmalloc(cap);
	size_t n = 0;
	bool in_ours = false;
	for (const char *p = text, *next; p < end; p = next) {
		next = next_line(p, end);
		int header = header_of(p, next, section);
		if (header >= 0) {
			in_ours = header;
		}
		if (p == set) {
			memcpy(out + n, setting, (size_t)slen);
			n += (size_t)slen;
			continue;
		}
		if (in_ours && line_sets(p, next, key, false)) {
			continue; /* another setting of the key, which would win over this one */
		}
		memcpy(out + n, p, (size_t)(next - p));
		n += (size_t)(next - p);
		if (next[-1] != '\n') {
			out[n++] = '\n'; /* the text's last line, ended */
		}
		if (!set && p == after) {
			memcpy(out + n, setting, (size_t)slen);
			n += (size_t)slen;
		}
	}
	if (!seen) {
		n += (size_t)snprintf(out + n, cap - n, "%s[%s]\n%s", n ? "\n" : "", section,
				      setting);
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}
