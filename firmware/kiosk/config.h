/* The kiosk's settings, from an INI-style file (see README "Configuration"). Plain data. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config {
	/* [booth] */
	char data_dir[PATH_MAX];
	char layout[32];
	int countdown_s;
	int review_timeout_s;
	int saved_s;
	char assets_dir[PATH_MAX]; /* empty = built-in default */
	char photo_at_checkin[4];  /* yes | no */
	int idle_s;
	char export_dir[PATH_MAX]; /* where "Export to USB" writes; empty = the first stick mounted
				    * under /media or /run/media */
	char photo_format[8];      /* jpeg | png: shots and strips */
	int photo_quality;         /* JPEG quality, 50..100 */
	char language[8];          /* the event's: en es fr de pl; "" the locale's */
	char large_text[4];        /* yes | no: every guest starts with large text */
	char high_contrast[4];     /* yes | no: and with the high-contrast colours */
	char speech[4];            /* yes | no: and with spoken prompts */
	char low_controls[4]; /* yes | no: and a portrait screen's controls in its lower half */
	/* [display] */
	int width, height;  /* 0 = the display's own size (fullscreen) or 800x480 (window) */
	int rotation;       /* 0, 90, 180, 270 */
	char fullscreen[8]; /* auto | yes | no */
	char font[PATH_MAX];
	char font_bold[PATH_MAX];
	int kms_device; /* -1 = SDL's choice; else the card to open (boards with several) */
	/* [camera] */
	char camera[16];        /* auto | libcamera | v4l2 | synthetic */
	char camera_device[64]; /* V4L2: /dev/videoN; empty = the first capture device */
	int camera_rotation;    /* 0 or 180 */
	int fps;
	int preview_width, preview_height;
	int still_width, still_height;
	uint32_t seed;
	/* [sound] */
	int volume; /* 0..100; 0 = no sound */
	/* [button] */
	char button[16]; /* auto | gpiod | none */
	char button_line[32];
	char led_line[32];  /* empty = no LED */
	char next_line[32]; /* a second button, "next": empty = none */
	/* [staff] */
	char pin_hash[160]; /* from `gatherbooth hash-pin`; empty = no staff access */
	/* [print] */
	char strip_printer[128]; /* a CUPS queue, "default" or "none" */
	char badge_printer[128];
	char print[8];        /* no | ask | auto: strips */
	int copies;           /* sheets per photo session; staff can reprint */
	int print_limit;      /* strip sheets for the whole event; 0 = no limit */
	char badge_stock[16]; /* 4x3 | 4x6 | dymo30857 | dk1202 */
	/* [share] */
	char share[4];               /* yes | no: pages for phones */
	char share_folder[PATH_MAX]; /* empty = DATA/share */
	char wifi_name[33];
	char wifi_password[64];  /* WPA2: 8 to 63 characters */
	char share_address[64];  /* where phones reach the page: 10.42.0.1 (, :PORT) */
	char share_end[8];       /* keep | remove: the pages when staff shut the booth down */
	char wifi_interface[16]; /* the hotspot's radio: wlan0 */
	char wifi_country[3];    /* the regulatory domain, two letters; empty = the radio's */
	int wifi_channel;        /* 1 to 13 */
	/* [peers] */
	char peers_folder[PATH_MAX];  /* the folder Syncthing (or a stick) shares; empty = alone */
	char kiosk_name[64];          /* "Door A", as staff see it on the other kiosks */
	char syncthing_dir[PATH_MAX]; /* shared with Syncthing's helper: syncthing-id, requests/;
				       * empty = no Syncthing (a USB stick carries the folder) */
	/* where each printer was named ("FILE:LINE"), for a queue that does not exist */
	char strip_printer_at[PATH_MAX + 16];
	char badge_printer_at[PATH_MAX + 16];
};

/* Fills the built-in defaults. */
void config_defaults(struct config *cfg);

/* Applies settings from text; `file` names it in messages. On failure returns false with `err`
 * "FILE:LINE: reason" and cfg partly updated (callers exit). */
bool config_parse(struct config *cfg, const char *text, size_t len, const char *file, char *err,
		  size_t errlen);

/* Reads and applies a file. */
bool config_load(struct config *cfg, const char *path, char *err, size_t errlen);

/* The config text with `key = value` set in [section], for `gatherbooth setup`: the first line
 * setting the key is changed in place and any later ones in the section are dropped; else the
 * line goes under the section's commented example of the key (`# key = ...`), else at the
 * section's end, else in a new section at the end. Everything else is kept as it was. A
 * malloc'd, NUL-terminated string (its length in *outlen). Pure. */
char *config_edit(const char *text, size_t len, const char *section, const char *key,
		  const char *value, size_t *outlen);

/* Writes every key with its current value, as a commented config file, to `out`. */
void config_print(const struct config *cfg, void *file);

struct display_options;
/* The screen's part of the config, as display_create() takes it; points into cfg. */
void config_display_options(const struct config *cfg, struct display_options *out);
