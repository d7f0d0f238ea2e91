/* Pages for phones, the kiosk's side: the share folder made ready at start, a token and its two
 * QR codes (the Wi-Fi's join code, the page's address) for each session under review, the
 * page removed when its guest withdraws consent, and every page when staff shut the booth down
 * if the config says the event's pages go with it. The pages themselves are written by the
 * saver once the session is stored (saver.h); lighttpd serves them (share.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-private.h"
#include "badge.h"
#include "i18n.h"
#include "names.h"
#include "share.h"
#include "store_share.h"

#define LOG_MODULE "share"
#include "log.h"

void app_share_start(struct app *a)
{
	struct app_share *s = &a->share;
	memset(s, 0, sizeof(*s));
	if (strcmp(a->cfg.share, "yes") != 0) {
		return;
	}
	if (a->cfg.share_folder[0]) {
		snprintf(s->folder, sizeof(s->folder), "%s", a->cfg.share_folder);
	} else {
		/* the web server's unit mounts this folder alone for it to read
		 * (gatherbooth-share.service); the data folder stays closed to it */
		snprintf(s->folder, sizeof(s->folder), "%s/share", a->cfg.data_dir);
	}
	char err[PATH_MAX + 256];
	if (!share_prepare(s->folder, err, sizeof(err))) {
		LOG_ERR("pages for phones are off: %s", err);
		return;
	}
	saver_set_share(a->saver, s->folder);
	s->on = true;
	LOG_INFO("pages for phones in %s, at http://%s/ on the Wi-Fi \"%s\"", s->folder,
		 a->cfg.share_address, a->cfg.wifi_name);
}

struct image *app_qr_image(const char *text)
{
	struct image *img = image_create(400, 400);
	image_fill_rect(img, 0, 0, 400, 400, 0xffffff);
	int side = badge_draw_qr(img, 0, 0, 400, text);
	if (side <= 0) {
		image_destroy(img);
		return NULL;
	}
	/* the code's own size, so that the screen scales whole modules */
	struct image *out = image_create(side, side);
	for (int y = 0; y < side; y++) {
		memcpy(out->pixels + (size_t)y * out->stride, img->pixels + (size_t)y * img->stride,
		       (size_t)side * 4);
	}
	image_destroy(img);
	return out;
}

void app_share_review(struct app *a)
{
	struct app_share *s = &a->share;
	s->token[0] = '\0';
	if (!s->on || !a->booth.cfg.share) { /* off on the staff screen: no codes, no page */
		return;
	}
	if (!names_token(s->token)) {
		LOG_ERR("no random numbers for a page's address: %s", strerror(errno));
		s->token[0] = '\0';
		return;
	}
	char wifi[256], url[256], wifi_caption[128];
	share_wifi_code(a->cfg.wifi_name, a->cfg.wifi_password, wifi, sizeof(wifi));
	share_url(a->cfg.share_address, s->token, url, sizeof(url));
	snprintf(wifi_caption, sizeof(wifi_caption), _("1. Join the Wi-Fi %s"), a->cfg.wifi_name);
	struct image *w = app_qr_image(wifi), *p = app_qr_image(url);
	if (w && p) {
		ui_set_share(a->ui, w, wifi_caption, p, _("2. Open your photos"));
	}
	image_destroy(w);
	image_destroy(p);
}

void app_share_clear(struct app *a)
{
	ui_set_share(a->ui, NULL, NULL, NULL, NULL);
}

/* Removes the pages of one attendee (> 0) or of everyone (0); how many went. */
int app_share_remove(struct app *a, int64_t attendee)
{
	if (!a->share.folder[0]) {
		return 0;
	}
	char **tokens = NULL;
	int n = 0, removed = 0;
	if (!store_share_tokens(a->store, attendee, &tokens, &n)) {
		LOG_ERR("pages for phones: %s", store_errmsg(a->store));
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (share_remove(a->share.folder, tokens[i])) {
			store_share_removed(a->store, tokens[i]);
			removed++;
		} else {
			LOG_WARN("a page for phones could not be removed: %s", strerror(errno));
		}
		free(tokens[i]);
	}
	free(tokens);
	if (removed) {
		LOG_INFO("%d page(s) for phones removed", removed);
	}
	return removed;
}
