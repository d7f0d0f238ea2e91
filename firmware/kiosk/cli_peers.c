/* `gatherbooth sync`: one round with the other kiosks from a shell, as the peers worker does
 * every second: what is new here goes into the [peers] folder, what is new there is applied.
 * With --carry DIR, a USB stick's folder first brings in what it holds and then takes away
 * everything this kiosk knows, for kiosks with no network between them. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "fileio.h"
#include "fold.h"
#include "peers.h"
#include "store.h"
#include "store_sync.h"

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

int cmd_sync(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_CARRY, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "sync", allowed, &a);
	if (rc) {
		return rc;
	}
	if (a.first_operand < argc) {
		return cli_bad_usage("sync takes no operand: \"%s\"", argv[a.first_operand]);
	}
	char err[PATH_MAX * 2 + 256];
	if (!fileio_inject_from_env(err, sizeof(err))) { /* the crash tests' seam */
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	struct config cfg;
	struct store *st = cli_open_data(&a, false, &cfg);
	if (!cfg.peers_folder[0]) {
		fprintf(stderr, "%s: [peers] has no folder: this kiosk syncs with no other\n",
			a.app.config_path ? a.app.config_path : "config");
		store_close(st);
		return APP_EXIT_BAD_INPUT;
	}
	struct fold *fold = fold_create();
	struct peers p = {
		.data_dir = cfg.data_dir,
		.folder = cfg.peers_folder,
		.store = st,
		.fold = fold,
		.say = print_line,
	};
	int status = APP_EXIT_OK, in = 0, out = 0, asked = 0;
	struct peers_report r = {0};
	if (!store_sync_set_name(st, cfg.kiosk_name)) {
		snprintf(err, sizeof(err), "%s: %s", cfg.data_dir, store_errmsg(st));
		status = APP_EXIT_FAILURE;
	} else if (a.carry && !peers_carry(a.carry, cfg.peers_folder, &in, err, sizeof(err))) {
		status = APP_EXIT_FAILURE;
	} else if (!peers_round(&p, &r, err, sizeof(err))) {
		status = APP_EXIT_FAILURE;
	} else if (a.carry && !peers_carry(cfg.peers_folder, a.carry, &out, err, sizeof(err))) {
		status = APP_EXIT_FAILURE;
	} else if (a.carry && cfg.syncthing_dir[0] &&
		   !peers_pair_by_stick(a.carry, cfg.syncthing_dir, cfg.kiosk_name, &asked, err,
					sizeof(err))) {
		status = APP_EXIT_FAILURE;
	}
	if (status != APP_EXIT_OK) {
		fprintf(stderr, "%s\n", err);
	} else {
		if (a.carry) {
			printf("carried %d file(s) in from %s and %d out to it\n", in, a.carry,
			       out);
		}
		if (asked) {
			printf("asked to pair with %d kiosk(s) whose codes the stick carried\n",
			       asked);
		}
		printf("sent %d, applied %d, waiting %d, refused %d\n", r.sent, r.applied,
		       r.waiting, r.refused);
		if (r.refused) {
			status = APP_EXIT_BAD_INPUT;
		}
	}
	fold_destroy(fold);
	store_close(st);
	return status;
}

/* `gatherbooth pair`: pairs this kiosk with another by its Syncthing device id, as the staff
 * screen does when its code is scanned; Syncthing's helper applies the request. */
int cmd_pair(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_ADDRESS, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "pair", allowed, &a);
	if (rc) {
		return rc;
	}
	int operands = argc - a.first_operand;
	if (operands < 1 || operands > 2) {
		return cli_bad_usage("%s", "pair takes a Syncthing device id and a name");
	}
	struct config cfg;
	char err[PATH_MAX * 2 + 256];
	if (!app_load_config(a.app.config_path, a.app.data_dir, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	const char *where = a.app.config_path ? a.app.config_path : "config";
	if (!cfg.syncthing_dir[0]) {
		fprintf(stderr,
			"%s: [peers] has no syncthing folder: kiosks pair through Syncthing\n",
			where);
		return APP_EXIT_BAD_INPUT;
	}
	const char *id = argv[a.first_operand];
	const char *name = operands > 1 ? argv[a.first_operand + 1] : "";
	if (!peers_is_syncthing_id(id)) {
		fprintf(stderr,
			"\"%s\" is not a Syncthing device id (eight groups of seven letters "
			"and digits)\n",
			id);
		return APP_EXIT_BAD_INPUT;
	}
	if (!peers_pair_request(cfg.syncthing_dir, id, name, a.address, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_FAILURE;
	}
	printf("asked to pair with %s (%s)\n", name[0] ? name : id, id);
	return APP_EXIT_OK;
}
