#define _GNU_SOURCE
#include "share.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "i18n.h"
#include "picture.h"
#include "xalloc.h"

#define LOG_MODULE "share"
#include "log.h"

/* What phones fetch to learn whether a network reaches the internet. Answered as if it did, so
 * that a phone stays on the booth's Wi-Fi (which reaches nothing else) and opens the page,
 * instead of falling back to mobile data or showing a sign-in sheet:
 * Android: 204, or 200 with no body, from /generate_204 (and /gen_204);
 * Apple: the page that says Success, at /hotspot-detect.html and /library/test/success.html;
 * Windows: /connecttest.txt and /ncsi.txt. */
static const struct {
	const char *path, *body;
} probes[] = {
	{"generate_204", ""},
	{"gen_204", ""},
	{"hotspot-detect.html",
	 "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"},
	{"library/test/success.html",
	 "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"},
	{"connecttest.txt", "Microsoft Connect Test"},
	{"ncsi.txt", "Microsoft NCSI"},
};

static bool write_public(const char *dir, const char *name, const void *data, size_t len,
			 bool replace, char *err, size_t errlen)
{
	bool ok = replace ? fileio_replace_buffer(dir, name, data, len, err, errlen)
			  : fileio_write_buffer(dir, name, data, len, err, errlen);
	if (ok) {
		char path[PATH_MAX * 2];
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		ok = chmod(path, 0644) == 0;
		if (!ok) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		}
	}
	return ok;
}

bool share_prepare(const char *folder, char *err, size_t errlen)
{
	char dir[PATH_MAX + 64];
	snprintf(dir, sizeof(dir), "%s/s", folder);
	if (!fileio_mkdirs(dir, 0755) || chmod(folder, 0755) != 0 || chmod(dir, 0755) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return false;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		char path[PATH_MAX + 64];
		snprintf(path, sizeof(path), "%s/%s", folder, probes[i].path);
		char *slash = strrchr(path, '/');
		*slash = '\0';
		if (!fileio_mkdirs(path, 0755) || chmod(path, 0755) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return false;
		}
		if (!write_public(path, slash + 1, probes[i].body, strlen(probes[i].body), true,
				  err, errlen)) {
			return false;
		}
	}
	return true;
}

static void html(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* The page: plain HTML with its style inline, nothing fetched from anywhere else, readable on
 * a small phone. A download link for each file. */
static char *page(const char *title, const struct share_file *files, int count, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	fprintf(f,
		"<!doctype html>\n<html lang=\"%s\">\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"robots\" content=\"noindex\">\n<title>",
		i18n_language());
	html(f, title);
	fputs("</title>\n<style>\n"
	      "body{margin:0;padding:16px;background:#111418;color:#f4f1ea;"
	      "font:17px/1.4 system-ui,sans-serif;text-align:center}\n"
	      "h1{font-size:1.4em;margin:.4em 0 .8em}\n"
	      "img{display:block;max-width:100%;height:auto;margin:0 auto 12px;border-radius:6px}\n"
	      ".main img{max-height:70vh}\n"
	      ".shots{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:"
	      "12px;"
	      "margin-top:20px}\n"
	      "a.dl{display:inline-block;min-width:60%;padding:14px 20px;margin:6px 0 18px;"
	      "background:#f2a900;color:#111418;font-weight:bold;text-decoration:none;"
	      "border-radius:8px}\n"
	      ".shots a.dl{min-width:0;width:100%;box-sizing:border-box;padding:10px}\n"
	      "</style>\n<h1>",
	      f);
	html(f, title);
	fputs("</h1>\n", f);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			fputs("<div class=\"shots\">\n", f);
		}
		for (int i = 0; i < count; i++) {
			const struct share_file *x = &files[i];
			if (x->main != (pass == 0)) {
				continue;
			}
			const char *dot = strrchr(x->name, '.');
			bool webp = dot && strcmp(dot, ".webp") == 0;
			fprintf(f, "<div class=\"%s\">", pass == 0 ? "main" : "shot");
			if (!webp) {
				fputs("<img src=\"", f);
				html(f, x->name);
				fputs("\" alt=\"\">", f);
			}
			fputs("<a class=\"dl\" href=\"", f);
			html(f, x->name);
			fputs("\" download>", f);
			html(f, x->animation ? (webp ? _("Download (WebP, smaller)")
						     : _("Download (GIF)"))
					     : _("Download"));
			fputs("</a></div>\n", f);
		}
		if (pass == 1) {
			fputs("</div>\n", f);
		}
	}
	fclose(f);
	return buf;
}

/* A page's folder and its files (a page has no subfolders); true if it is gone. */
static bool remove_folder(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		return errno == ENOENT;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char p[PATH_MAX * 2];
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	}
	closedir(d);
	return rmdir(dir) == 0;
}

bool share_publish(const char *folder, const char *token, const char *title,
		   const struct share_file *files, int count, char *err, size_t errlen)
{
	char tmp[PATH_MAX], final[PATH_MAX], sdir[PATH_MAX];
	snprintf(sdir, sizeof(sdir), "%s/s", folder);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", sdir, token);
	snprintf(final, sizeof(final), "%s/%s", sdir, token);
	if (mkdir(tmp, 0700) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return false;
	}
	bool ok = true;
	for (int i = 0; ok && i < count; i++) {
		unsigned char *data;
		size_t len;
		ok = picture_file_bytes(files[i].src, &data, &len, err, errlen) &&
		     write_public(tmp, files[i].name, data, len, false, err, errlen);
		if (ok) {
			free(data);
		}
	}
	if (ok) {
		size_t len;
		char *p = page(title, files, count, &len);
		ok = write_public(tmp, "index.html", p, len, false, err, errlen);
		free(p);
	}
	if (ok && (chmod(tmp, 0755) != 0 || !fileio_fsync_dir(tmp) || rename(tmp, final) != 0 ||
		   !fileio_fsync_dir(sdir))) {
		snprintf(err, errlen, "%s: %s", final, strerror(errno));
		ok = false;
	}
	if (!ok) {
		int saved = errno;
		remove_folder(tmp);
		errno = saved;
	}
	return ok;
}

bool share_remove(const char *folder, const char *token)
{
	if (!token[0] || strchr(token, '/') || token[0] == '.') {
		return false;
	}
	char dir[PATH_MAX], sdir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/s/%s", folder, token);
	snprintf(sdir, sizeof(sdir), "%s/s", folder);
	bool ok = remove_folder(dir);
	fileio_fsync_dir(sdir);
	return ok;
}

static void escape_wifi(const char *s, char **o, char *end)
{
	for (; *s && *o < end - 2; s++) {
		if (strchr("\\;,:\"", *s)) {
			*(*o)++ = '\\';
		}
		*(*o)++ = *s;
	}
}

void share_wifi_code(const char *ssid, const char *password, char *out, size_t outlen)
{
	char *o = out, *end = out + outlen;
	int n = snprintf(o, outlen, "WIFI:T:%s;S:", password && *password ? "WPA" : "nopass");
	o += n;
	escape_wifi(ssid, &o, end);
	if (password && *password && o < end - 4) {
		memcpy(o, ";P:", 3);
		o += 3;
		escape_wifi(password, &o, end);
	}
	snprintf(o, (size_t)(end - o), ";;");
}

void share_url(const char *address, const char *token, char *out, size_t outlen)
{
	snprintf(out, outlen, "http://%s/s/%s/", address, token);
}

bool share_hotspot_files(const struct share_hotspot *h, char **hostapd, char **dnsmasq, char **env,
			 char *err, size_t errlen)
{
	unsigned a, b, c, d;
	char tail;
	int n = sscanf(h->address, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail);
	if ((n != 4 && !(n == 5 && tail == ':')) || a > 255 || b > 255 || c > 255 || d > 255 ||
	    d == 0 || d == 255) {
		snprintf(err, errlen,
			 "address: \"%s\" is not the booth's IPv4 address on its Wi-Fi",
			 h->address);
		return false;
	}
	/* phones get .10 to .250 of the booth's /24 (dnsmasq offers no address in use) */
	*hostapd =
		xasprintf("# made by gatherbooth hotspot-config from [share]\n"
			  "interface=%s\n"
			  "driver=nl80211\n"
			  "ssid=%s\n"
			  "%s%s%s"
			  "hw_mode=g\n"
			  "channel=%d\n"
			  "ieee80211n=1\n"
			  "wmm_enabled=1\n"
			  "auth_algs=1\n"
			  "wpa=2\n"
			  "wpa_key_mgmt=WPA-PSK\n"
			  "rsn_pairwise=CCMP\n"
			  "wpa_passphrase=%s\n"
			  "ap_isolate=1\n"
			  "ctrl_interface=/run/gatherbooth-hotspot/hostapd\n",
			  h->interface, h->ssid, h->country && *h->country ? "country_code=" : "",
			  h->country && *h->country ? h->country : "",
			  h->country && *h->country ? "\nieee80211d=1\n" : "",
			  h->channel > 0 ? h->channel : 6, h->password);
	*dnsmasq = xasprintf("# made by gatherbooth hotspot-config from [share]\n"
			     "interface=%s\n"
			     "bind-interfaces\n"
			     "except-interface=lo\n"
			     "no-resolv\n"
			     "no-hosts\n"
			     "address=/#/%u.%u.%u.%u\n"
			     "dhcp-range=%u.%u.%u.%u,%u.%u.%u.%u,255.255.255.0,1h\n"
			     "dhcp-option=option:router\n"
			     "dhcp-option=option:dns-server,%u.%u.%u.%u\n"
			     "dhcp-authoritative\n"
			     "dhcp-leasefile=/run/gatherbooth-hotspot/dnsmasq.leases\n"
			     "pid-file=\n",
			     h->interface, a, b, c, d, a, b, c, 10u, a, b, c, 250u, a, b, c, d);
	*env = xasprintf("IFACE=%s\nADDRESS=%u.%u.%u.%u/24\n", h->interface, a, b, c, d);
	return true;
}
