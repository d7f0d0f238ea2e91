/* gatherbooth: one binary, several commands. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "build-config.h"
#include "check.h"
#include "cli.h"
#include "error.h"
#include "i18n.h"
#include "pin.h"

static const char usage[] =
	"Usage:\n"
	"  gatherbooth run     [--config F] [--data DIR] [--demo] [--headless] [--script F]\n"
	"                      [--screenshots DIR]\n"
	"  gatherbooth import  [--config F] [--data DIR] [--map COLUMN=field ...] [--sheet NAME]\n"
	"                      [--encoding NAME] [--dry-run] [--skip-bad] ROSTER\n"
	"                      (ROSTER: .csv or tab-separated text, or an Excel .xlsx)\n"
	"  gatherbooth search  [--config F] [--data DIR] QUERY\n"
	"  gatherbooth checkin [--config F] [--data DIR] (--code BADGE | --id N)\n"
	"  gatherbooth stats   [--config F] [--data DIR] [--json]\n"
	"  gatherbooth export  [--config F] [--data DIR] OUTDIR\n"
	"  gatherbooth setup   [--config F] [--data DIR] [--roster F] [--pin-stdin]\n"
	"                      [--rotation 0|90|180|270] [--no-enable] [--no-wait]\n"
	"                      (as root, after installing: makes this machine a booth; asks\n"
	"                      on a terminal for what the options leave out)\n"
	"  gatherbooth check   [--config F] [--data DIR] [--no-wait]   (on-device self-test)\n"
	"  gatherbooth hash-pin   (reads a 4 to 8 digit staff PIN; prints the config line)\n"
	"  gatherbooth set-clock [--data DIR] [--dry-run]   (as root: applies the staff screen's\n"
	"                      request to set the clock)\n"
	"  gatherbooth compose [--config F] --layout NAME -o OUT.jpg|OUT.png IN...\n"
	"  gatherbooth hotspot-config [--config F] OUTDIR   (the booth's Wi-Fi from [share],\n"
	"                      as hostapd.conf, dnsmasq.conf and env)\n"
	"  gatherbooth sync    [--config F] [--data DIR] [--carry DIR]   (one round with the\n"
	"                      other kiosks through [peers] folder; --carry: a USB stick too)\n"
	"  gatherbooth pair    [--config F] [--address tcp://HOST:PORT] SYNCTHING-ID [NAME]\n"
	"                      (pairs with another kiosk through Syncthing's helper)\n"
	"  gatherbooth --help | --version\n"
	"\n"
	"The data folder comes from --data, else GATHERBOOTH_DATA, else the config file\n"
	"(/etc/gatherbooth/gatherbooth.conf, or GATHERBOOTH_CONFIG).\n"
	"Exit status: 0 success, 1 runtime failure, 2 bad usage or input, 3 a script's\n"
	"expectation failed.\n";

int cli_exit_status(enum error_code code)
{
	switch (code) {
	case ERROR_NONE:
		return APP_EXIT_OK;
	case ERROR_BAD_INPUT:
	case ERROR_TOO_LARGE:
		return APP_EXIT_BAD_INPUT;
	default:
		return APP_EXIT_FAILURE;
	}
}

int cli_bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "gatherbooth: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see gatherbooth --help)\n");
	return APP_EXIT_BAD_INPUT;
}

static const struct option long_options[] = {
	{"config", required_argument, NULL, OPT_CONFIG},
	{"data", required_argument, NULL, OPT_DATA},
	{"demo", no_argument, NULL, OPT_DEMO},
	{"headless", no_argument, NULL, OPT_HEADLESS},
	{"script", required_argument, NULL, OPT_SCRIPT},
	{"screenshots", required_argument, NULL, OPT_SCREENSHOTS},
	{"json", no_argument, NULL, OPT_JSON},
	{"layout", required_argument, NULL, OPT_LAYOUT},
	{"map", required_argument, NULL, OPT_MAP},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
	{"code", required_argument, NULL, OPT_CODE},
	{"id", required_argument, NULL, OPT_ID},
	{"no-wait", no_argument, NULL, OPT_NO_WAIT},
	{"sheet", required_argument, NULL, OPT_SHEET},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"carry", required_argument, NULL, OPT_CARRY},
	{"address", required_argument, NULL, OPT_ADDRESS},
	{"roster", required_argument, NULL, OPT_ROSTER},
	{"pin-stdin", no_argument, NULL, OPT_PIN_STDIN},
	{"rotation", required_argument, NULL, OPT_ROTATION},
	{"no-enable", no_argument, NULL, OPT_NO_ENABLE},
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cli_parse(int argc, char **argv, const char *cmd, const int *allowed, struct args *a)
{
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", long_options, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			exit(0);
		}
		if (c == '?') {
			return cli_bad_usage("unknown or incomplete option \"%s\"",
					     argv[optind - 1]);
		}
		bool ok = false;
		for (const int *p = allowed; *p; p++) {
			ok = ok || *p == c;
		}
		if (!ok) {
			return cli_bad_usage("this option does not go with this command: \"%s\"",
					     argv[optind - 1]);
		}
		switch (c) {
		case OPT_CONFIG:
			a->app.config_path = optarg;
			break;
		case OPT_DATA:
			a->app.data_dir = optarg;
			break;
		case OPT_DEMO:
			a->app.demo = true;
			break;
		case OPT_HEADLESS:
			a->app.headless = true;
			break;
		case OPT_SCRIPT:
			a->app.script_path = optarg;
			break;
		case OPT_SCREENSHOTS:
			a->app.screenshots_dir = optarg;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_LAYOUT:
			a->layout = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case OPT_MAP:
			if (a->map_count == (int)(sizeof(a->maps) / sizeof(a->maps[0]))) {
				return cli_bad_usage("%s", "at most 64 --map options");
			}
			a->maps[a->map_count++] = optarg;
			break;
		case OPT_DRY_RUN:
			a->dry_run = true;
			break;
		case OPT_SKIP_BAD:
			a->skip_bad = true;
			break;
		case OPT_CODE:
			a->code = optarg;
			break;
		case OPT_ID:
			a->id = optarg;
			break;
		case OPT_NO_WAIT:
			a->no_wait = true;
			break;
		case OPT_SHEET:
			a->sheet = optarg;
			break;
		case OPT_ENCODING:
			a->encoding = optarg;
			break;
		case OPT_CARRY:
			a->carry = optarg;
			break;
		case OPT_ADDRESS:
			a->address = optarg;
			break;
		case OPT_ROSTER:
			a->roster = optarg;
			break;
		case OPT_PIN_STDIN:
			a->pin_stdin = true;
			break;
		case OPT_ROTATION:
			a->rotation = optarg;
			break;
		case OPT_NO_ENABLE:
			a->no_enable = true;
			break;
		}
	}
	(void)cmd;
	a->first_operand = optind;
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA,        OPT_DEMO, OPT_HEADLESS,
				      OPT_SCRIPT, OPT_SCREENSHOTS, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "run", allowed, &a);
	if (rc) {
		return rc;
	}
	if (a.first_operand < argc) {
		return cli_bad_usage("run takes no operands: \"%s\"", argv[a.first_operand]);
	}
	return app_run(&a.app);
}

static int cmd_check(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_NO_WAIT, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "check", allowed, &a);
	if (rc) {
		return rc;
	}
	struct check_options o = {
		.config_path = a.app.config_path, .data_dir = a.app.data_dir, .no_wait = a.no_wait};
	return check_run(&o);
}

static int cmd_set_clock(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_DRY_RUN, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "set-clock", allowed, &a);
	if (rc) {
		return rc;
	}
	struct config cfg;
	char err[PATH_MAX + 256];
	if (!app_load_config(a.app.config_path, a.app.data_dir, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", cfg.data_dir, CLOCK_REQUEST);
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("%s: no request to set the clock\n", path);
		return APP_EXIT_OK;
	}
	long long when = 0;
	char extra;
	int n = fscanf(f, "%lld %c", &when, &extra);
	fclose(f);
	/* a booth's clock is set to a time of this century or not at all */
	if (n != 1 || when < 1577836800LL || when > 4102444800LL) {
		fprintf(stderr, "%s: not a time between 2020 and 2100\n", path);
		if (!a.dry_run) {
			unlink(path);
		}
		return APP_EXIT_BAD_INPUT;
	}
	char shown[64];
	time_t t = (time_t)when;
	struct tm tm;
	strftime(shown, sizeof(shown), "%Y-%m-%d %H:%M:%S %Z", localtime_r(&t, &tm));
	if (a.dry_run) {
		printf("would set the clock to %s\n", shown);
		return APP_EXIT_OK;
	}
	struct timespec ts = {.tv_sec = t};
	if (clock_settime(CLOCK_REALTIME, &ts) != 0) {
		fprintf(stderr, "set-clock: cannot set the clock: %s\n", strerror(errno));
		return APP_EXIT_FAILURE;
	}
	unlink(path);
	printf("clock set to %s\n", shown);
	return APP_EXIT_OK;
}

static int cmd_hash_pin(int argc, char **argv)
{
	if (argc > 1) {
		return cli_bad_usage("hash-pin takes no arguments: \"%s\"", argv[1]);
	}
	if (isatty(STDIN_FILENO)) {
		fprintf(stderr, "Staff PIN (4 to 8 digits): ");
	}
	char pin[64] = "";
	if (!fgets(pin, sizeof(pin), stdin)) {
		fprintf(stderr, "hash-pin: no PIN given on standard input\n");
		return APP_EXIT_BAD_INPUT;
	}
	pin[strcspn(pin, "\r\n")] = '\0';
	char hash[PIN_HASH_MAX];
	if (!pin_hash(pin, hash, sizeof(hash))) {
		memset(pin, 0, sizeof(pin));
		fprintf(stderr, "hash-pin: a PIN is 4 to 8 digits\n");
		return APP_EXIT_BAD_INPUT;
	}
	memset(pin, 0, sizeof(pin));
	printf("[staff]\npin_hash = %s\n", hash);
	return APP_EXIT_OK;
}

int main(int argc, char **argv)
{
	i18n_init(app_locale_dir());

	if (argc < 2) {
		fputs(usage, stderr);
		return APP_EXIT_BAD_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return APP_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("gatherbooth %s\n", GATHERBOOTH_VERSION);
		return APP_EXIT_OK;
	}
	if (strcmp(cmd, "run") == 0) {
		return cmd_run(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "import") == 0) {
		return cmd_import(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "search") == 0) {
		return cmd_search(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "checkin") == 0) {
		return cmd_checkin(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "export") == 0) {
		return cmd_export(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "setup") == 0) {
		return cmd_setup(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "check") == 0) {
		return cmd_check(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "set-clock") == 0) {
		return cmd_set_clock(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "hash-pin") == 0) {
		return cmd_hash_pin(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "stats") == 0) {
		return cmd_stats(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "compose") == 0) {
		return cmd_compose(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "hotspot-config") == 0) {
		return cmd_hotspot_config(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "sync") == 0) {
		return cmd_sync(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "pair") == 0) {
		return cmd_pair(argc - 1, argv + 1);
	}
	return cli_bad_usage("unknown command \"%s\"", cmd);
}
