/* Pages for phones: after a session is saved, a page of its photos goes into the share folder,
 * which a web server of its own (lighttpd, systemd/gatherbooth-share.service) serves read-only
 * on the booth's Wi-Fi. The kiosk never listens on a socket: it only writes files.
 *
 *   FOLDER/s/TOKEN/index.html   the page: the strip or the boomerang, the shots, downloads
 *   FOLDER/s/TOKEN/strip.jpg    copies of the session's files (never links to the originals)
 *   FOLDER/generate_204 ...     answers to phones' checks for a captive portal (share_prepare)
 *
 * TOKEN is 26 base32 characters from 130 random bits (names_token): the page's address is the
 * only way to it, and no page lists the others. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct share_file {
	const char *src;  /* the data file, absolute */
	const char *name; /* its name in the page's folder: strip.jpg, shot1.jpg, boomerang.gif */
	bool main;        /* the picture at the top (the strip, the card, or the boomerang) */
	bool animation;
};

/* Makes FOLDER and FOLDER/s, world-readable, and the answers to captive-portal checks. */
bool share_prepare(const char *folder, char *err, size_t errlen);

/* Writes the page of `count` files under token: all of it into a hidden folder first, each file
 * synced, then renamed into place, so a phone sees the whole page or none. `title` heads it. */
bool share_publish(const char *folder, const char *token, const char *title,
		   const struct share_file *files, int count, char *err, size_t errlen);

/* Removes a page and its files; true if it is gone (or never was). */
bool share_remove(const char *folder, const char *token);

/* The Wi-Fi join string phones read from a QR code: WIFI:T:WPA;S:ssid;P:password;; with \, ;,
 * ,, : and " escaped. An empty password makes an open network's string. */
void share_wifi_code(const char *ssid, const char *password, char *out, size_t outlen);

/* http://ADDRESS/s/TOKEN/ */
void share_url(const char *address, const char *token, char *out, size_t outlen);

/* The booth's own Wi-Fi, for hostapd and dnsmasq (gatherbooth-hotspot.service): an access point
 * with WPA2 on `interface`, the booth at `address`/24, addresses for phones by DHCP with no
 * router (so no route to anywhere else), and every name answered with the booth's address, so
 * that phones' connectivity checks and any address typed reach the booth's pages. */
struct share_hotspot {
	const char *interface, *ssid, *password, *country;
	const char *address; /* 10.42.0.1 (a :PORT after it is ignored) */
	int channel;
};
/* hostapd.conf, dnsmasq.conf and an environment file (IFACE, ADDRESS) for the units, each
 * malloc'd. False with err set when the address is not an IPv4 address. */
bool share_hotspot_files(const struct share_hotspot *h, char **hostapd, char **dnsmasq, char **env,
			 char *err, size_t errlen);
