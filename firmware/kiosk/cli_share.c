/* `gatherbooth hotspot-config`: the booth's own Wi-Fi, from the config's [share] section, as
 * files for hostapd and dnsmasq (gatherbooth-hotspot.service runs it before them). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "config.h"
#include "fileio.h"
#include "share.h"

int cmd_hotspot_config(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "hotspot-config", allowed, &a);
	if (rc) {
		return rc;
	}
	if (argc - a.first_operand != 1) {
		return cli_bad_usage("%s", "hotspot-config takes one OUTDIR");
	}
	struct config cfg;
	char err[PATH_MAX + 256];
	if (!app_load_config(a.app.config_path, NULL, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	if (!cfg.wifi_password[0]) {
		fprintf(stderr,
			"%s: [share] has no wifi_password: the booth's Wi-Fi is never open\n",
			a.app.config_path ? a.app.config_path : "config");
		return APP_EXIT_BAD_INPUT;
	}
	struct share_hotspot h = {
		.interface = cfg.wifi_interface,
		.ssid = cfg.wifi_name,
		.password = cfg.wifi_password,
		.country = cfg.wifi_country,
		.address = cfg.share_address,
		.channel = cfg.wifi_channel,
	};
	char *files[3];
	if (!share_hotspot_files(&h, &files[0], &files[1], &files[2], err, sizeof(err))) {
		fprintf(stderr, "%s: [share] %s\n",
			a.app.config_path ? a.app.config_path : "config", err);
		return APP_EXIT_BAD_INPUT;
	}
	static const char *const names[3] = {"hostapd.conf", "dnsmasq.conf", "env"};
	const char *out = argv[a.first_operand];
	int status = APP_EXIT_OK;
	if (!fileio_mkdirs(out, 0700)) {
		fprintf(stderr, "%s: %s\n", out, strerror(errno));
		status = APP_EXIT_FAILURE;
	}
	for (int i = 0; i < 3; i++) {
		/* the password is in hostapd's: readable by root alone */
		if (status == APP_EXIT_OK &&
		    !fileio_replace_buffer(out, names[i], files[i], strlen(files[i]), err,
					   sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			status = APP_EXIT_FAILURE;
		}
		free(files[i]);
	}
	if (status == APP_EXIT_OK) {
		printf("%s: hostapd.conf, dnsmasq.conf and env for \"%s\" on %s at %s\n", out,
		       cfg.wifi_name, cfg.wifi_interface, cfg.share_address);
	}
	return status;
}
