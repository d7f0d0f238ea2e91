/* Config discovery: the file, GATHERBOOTH_DATA and --data, and where the assets are. */
#include "app.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build-config.h"
#include "i18n.h"
#include "store_people.h"

#define LOG_MODULE "config"
#include "log.h"

/* Whether this program runs from a build tree (its folder, or the one above, has build.ninja). */
static bool in_build_tree(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 32);
	if (n <= 0) {
		return false;
	}
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash) {
		return false;
	}
	strcpy(slash, "/build.ninja");
	if (access(exe, F_OK) == 0) {
		return true;
	}
	strcpy(slash, "/../build.ninja");
	return access(exe, F_OK) == 0;
}

static void find_assets(struct config *cfg)
{
	if (cfg->assets_dir[0]) {
		return;
	}
	const char *env = getenv("GATHERBOOTH_ASSETS");
	if (env && *env) {
		snprintf(cfg->assets_dir, sizeof(cfg->assets_dir), "%s", env);
		return;
	}
	/* run from a build tree: the source's assets, so edits show without installing */
	if (in_build_tree()) {
		snprintf(cfg->assets_dir, sizeof(cfg->assets_dir), "%s", GATHERBOOTH_SOURCE_ASSETS);
		return;
	}
	const char *dir = access(GATHERBOOTH_INSTALLED_ASSETS, F_OK) == 0
				  ? GATHERBOOTH_INSTALLED_ASSETS
				  : GATHERBOOTH_SOURCE_ASSETS;
	snprintf(cfg->assets_dir, sizeof(cfg->assets_dir), "%s", dir);
}

void app_event_language(struct store *st, const struct config *cfg)
{
	char code[8];
	if (st && store_setting_text(st, "language", code, sizeof(code)) &&
	    i18n_language_name(code)) {
		i18n_set_default(code); /* staff chose it on the settings page */
	} else {
		i18n_set_default(cfg->language);
	}
}

const char *app_locale_dir(void)
{
	/* run from a build tree: the catalogs built beside it */
	return in_build_tree() ? GATHERBOOTH_BUILD_LOCALEDIR : GATHERBOOTH_LOCALEDIR;
}

bool app_load_config(const char *config_path, const char *data_dir, struct config *cfg, char *err,
		     size_t errlen)
{
	config_defaults(cfg);
	const char *path = config_path;
	if (!path) {
		const char *env = getenv("GATHERBOOTH_CONFIG");
		path = env && *env ? env : NULL;
	}
	if (!path && access(GATHERBOOTH_CONFIG_FILE, R_OK) == 0) {
		path = GATHERBOOTH_CONFIG_FILE;
	}
	if (path && !config_load(cfg, path, err, errlen)) {
		return false;
	}
	if (strcmp(cfg->share, "yes") == 0 && !cfg->wifi_password[0]) {
		snprintf(err, errlen,
			 "%s: [share] enabled = yes needs wifi_password (8 to 63 characters): "
			 "the booth's Wi-Fi is never open",
			 path ? path : "config");
		return false;
	}

	const char *env = getenv("GATHERBOOTH_DATA");
	if (env && *env) {
		snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", env);
	}
	if (data_dir) {
		if (strlen(data_dir) >= sizeof(cfg->data_dir)) {
			snprintf(err, errlen, "--data: path too long");
			return false;
		}
		snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", data_dir);
	}
	find_assets(cfg);
	return true;
}
