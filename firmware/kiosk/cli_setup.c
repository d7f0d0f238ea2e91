/* `gatherbooth setup`: after installing the package, one command turns the machine into a booth:
 * the guest list, the staff PIN, the screen's rotation, the service at boot, then the self-test.
 * On a terminal it asks for what its options did not give; without one it does only what they
 * say. Each step can be run again: an import of the same list changes nothing, the config's
 * lines are replaced rather than added, enabling twice is enabling. Bad answers are asked again
 * with the reason; the config is written whole or not at all. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <SDL.h>

#include "app.h"
#include "build-config.h"
#include "check.h"
#include "cli.h"
#include "config.h"
#include "display.h"
#include "fileio.h"
#include "fold.h"
#include "pin.h"
#include "roster.h"
#include "store.h"
#include "transform.h"
#include "xalloc.h"

#define SERVICE_USER "gatherbooth"
#define LOGIND_DROP_IN "/etc/systemd/logind.conf.d/gatherbooth.conf"

struct setup {
	struct args a;
	bool ask; /* standard input is a terminal: ask for what the options left out */
	char config_path[PATH_MAX];
	char *text; /* the config as it will be written */
	size_t len;
	bool changed;
	bool enabled; /* the units start at boot */
	struct config cfg;
};

/* --- the terminal --- */

static struct termios saved_tty;
static bool tty_quiet;

static void restore_echo(void)
{
	if (tty_quiet) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
		tty_quiet = false;
	}
}

static void on_interrupt(int sig)
{
	restore_echo();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Prints the question and reads one line (without its newline) into buf; `secret`: not echoed.
 * False at the end of input. */
static bool ask(const char *question, char *buf, size_t len, bool secret)
{
	/* echo off before the question shows: what is typed as soon as it shows is not echoed */
	if (secret && tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		struct termios quiet = saved_tty;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tty_quiet = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	fputs(question, stdout);
	fflush(stdout);
	bool got = fgets(buf, (int)len, stdin) != NULL;
	if (tty_quiet) {
		restore_echo();
		fputc('\n', stdout);
	}
	if (got) {
		buf[strcspn(buf, "\r\n")] = '\0';
	}
	return got;
}

/* A yes-or-no question; Enter gives `yes_default`. False at the end of input (*answer unset). */
static bool ask_yes(const char *question, bool yes_default, bool *answer)
{
	char line[32];
	for (;;) {
		if (!ask(question, line, sizeof(line), false)) {
			return false;
		}
		if (!line[0]) {
			*answer = yes_default;
			return true;
		}
		if (strchr("yY", line[0]) && (!line[1] || strcasecmp(line, "yes") == 0)) {
			*answer = true;
			return true;
		}
		if (strchr("nN", line[0]) && (!line[1] || strcasecmp(line, "no") == 0)) {
			*answer = false;
			return true;
		}
		printf("  Answer y or n.\n");
	}
}

static int end_of_input(void)
{
	fprintf(stderr, "setup: stopped at the end of input; the steps done so far are kept, "
			"and setup can be run again\n");
	return APP_EXIT_BAD_INPUT;
}

/* --- the config file --- */

static bool read_text(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		return false;
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n < 2) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	bool ok = !ferror(f);
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return ok;
}

/* The config's text: the file, or for a new one the commented defaults shipped with the
 * program. False (said why) when the file cannot be read. */
static bool load_text(struct setup *s)
{
	if (read_text(s->config_path, &s->text, &s->len)) {
		return true;
	}
	if (errno != ENOENT) {
		fprintf(stderr, "%s: cannot read: %s\n", s->config_path, strerror(errno));
		return false;
	}
	char tmpl[PATH_MAX];
	snprintf(tmpl, sizeof(tmpl), "%s/gatherbooth.conf", s->cfg.assets_dir);
	if (!read_text(tmpl, &s->text, &s->len)) {
		s->text = xstrdup("");
		s->len = 0;
	}
	s->changed = true; /* the file is new */
	return true;
}

static void set_value(struct setup *s, const char *section, const char *key, const char *value)
{
	size_t n;
	char *edited = config_edit(s->text, s->len, section, key, value, &n);
	s->changed = s->changed || n != s->len || memcmp(edited, s->text, n) != 0;
	free(s->text);
	s->text = edited;
	s->len = n;
}

struct config_file {
	const char *text;
	size_t len;
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

static bool fill_config(int fd, void *ctx)
{
	const struct config_file *c = ctx;
	/* the owner and mode of the file it replaces: the kiosk's user must still read it */
	if (fchmod(fd, c->mode) != 0 || (geteuid() == 0 && fchown(fd, c->uid, c->gid) != 0)) {
		return false;
	}
	return fileio_write_all(fd, c->text, c->len);
}

/* Writes the edited config in one piece, after reading it back as the booth will. */
static bool write_config(struct setup *s)
{
	if (!s->changed) {
		printf("  %s: unchanged\n", s->config_path);
		return true;
	}
	struct config check;
	config_defaults(&check);
	char err[PATH_MAX + 256];
	if (!config_parse(&check, s->text, s->len, s->config_path, err, sizeof(err))) {
		fprintf(stderr, "%s (nothing was written)\n", err);
		return false;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", s->config_path);
	char *slash = strrchr(dir, '/');
	const char *name = slash ? slash + 1 : dir;
	if (slash) {
		*slash = '\0';
	}
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/");
	}
	struct config_file c = {s->text, s->len, 0644, 0, 0};
	struct stat st;
	if (stat(s->config_path, &st) == 0) {
		c.mode = st.st_mode & 07777;
		c.uid = st.st_uid;
		c.gid = st.st_gid;
	} else if (!fileio_mkdirs(slash ? dir : ".", 0755)) {
		fprintf(stderr, "%s: cannot create the folder: %s\n", dir, strerror(errno));
		return false;
	}
	if (!fileio_replace_atomic(slash ? dir : ".", name, fill_config, &c, err, sizeof(err))) {
		fprintf(stderr, "%s%s\n", err,
			errno == EACCES || errno == EPERM ? " (run setup with sudo)" : "");
		return false;
	}
	printf("  %s: written\n", s->config_path);
	s->changed = false;
	return true;
}

/* --- the steps --- */

/* Imports one roster; false (the reason said) when it was refused. Nothing of a refused list
 * is stored. */
static bool import_roster(struct store *st, const struct args *a, const char *path)
{
	struct fold *fold = fold_create();
	struct roster_options opt = {
		.path = path,
		.sheet = a->sheet,
		.encoding = a->encoding,
		.maps = a->maps,
		.map_count = a->map_count,
		.progress = isatty(STDERR_FILENO),
	};
	struct roster_report r;
	enum error_code code = roster_import(st, fold, &opt, &r, stderr);
	if (code == ERROR_NONE) {
		printf("  %s: %d added, %d updated, %d unchanged, %d refused\n", path, r.added,
		       r.updated, r.unchanged, r.refused);
	}
	fold_destroy(fold);
	return code == ERROR_NONE;
}

static int step_roster(struct setup *s, const char *roster)
{
	printf("Guest list\n");
	if (!roster && !s->ask) {
		printf("  none given (--roster FILE): skipped\n");
		return 0;
	}
	if (!fileio_mkdirs(s->cfg.data_dir, 0700)) {
		fprintf(stderr, "%s: cannot create the data folder: %s%s\n", s->cfg.data_dir,
			strerror(errno),
			errno == EACCES || errno == EPERM ? " (run setup with sudo)" : "");
		return APP_EXIT_FAILURE;
	}
	struct error e;
	struct store *st = store_open(s->cfg.data_dir, &e);
	if (!st) {
		fprintf(stderr, "%s\n", e.message);
		return cli_exit_status(e.code);
	}
	struct store_stats stats = {0};
	store_stats(st, &stats);
	printf("  %s holds %lld guests\n", s->cfg.data_dir, (long long)stats.attendees);
	int rc = 0;
	if (roster) {
		rc = import_roster(st, &s->a, roster) ? 0 : APP_EXIT_BAD_INPUT;
	} else {
		char path[PATH_MAX];
		for (;;) {
			if (!ask("  A guest list to import (.csv or .xlsx), or Enter to go on: ",
				 path, sizeof(path), false)) {
				rc = -1;
				break;
			}
			if (!path[0] || import_roster(st, &s->a, path)) {
				break;
			}
			printf("  That list was not imported (the reason is above); nothing of it "
			       "was stored. Fix it and give it again, or give another.\n");
		}
	}
	store_close(st);
	return rc;
}

/* The PIN from standard input (--pin-stdin), or asked twice on the terminal. */
static int step_pin(struct setup *s, const char *pin_given)
{
	printf("Staff PIN\n");
	char hash[PIN_HASH_MAX];
	if (pin_given) {
		if (!pin_hash(pin_given, hash, sizeof(hash))) {
			fprintf(stderr,
				"setup: the PIN on standard input: a PIN is 4 to 8 digits\n");
			return APP_EXIT_BAD_INPUT;
		}
		set_value(s, "staff", "pin_hash", hash);
		printf("  set\n");
		return 0;
	}
	if (!s->ask) {
		printf("  %s\n", s->cfg.pin_hash[0] ? "kept"
						    : "none: the staff screen stays shut "
						      "(give one with --pin-stdin)");
		return 0;
	}
	if (s->cfg.pin_hash[0]) {
		bool keep;
		if (!ask_yes("  A staff PIN is set. Keep it? [Y/n] ", true, &keep)) {
			return -1;
		}
		if (keep) {
			return 0;
		}
	}
	printf("  Staff open the staff screen with it (hold the big button 3 s, or tap the "
	       "top-left corner).\n");
	for (;;) {
		char pin[64], again[64];
		if (!ask("  Staff PIN (4 to 8 digits, not shown): ", pin, sizeof(pin), true)) {
			return -1;
		}
		if (!pin_hash(pin, hash, sizeof(hash))) {
			printf("  A PIN is 4 to 8 digits, nothing else. Once more.\n");
			continue;
		}
		if (!ask("  The same PIN again: ", again, sizeof(again), true)) {
			memset(pin, 0, sizeof(pin));
			return -1;
		}
		bool same = strcmp(pin, again) == 0;
		memset(pin, 0, sizeof(pin));
		memset(again, 0, sizeof(again));
		if (same) {
			break;
		}
		printf("  The two PINs differ. Once more.\n");
	}
	set_value(s, "staff", "pin_hash", hash);
	printf("  set\n");
	return 0;
}

/* The test pattern: each edge of the panel carries its number of dots, 1 at the top of the
 * panel as it leaves the factory, then clockwise. The edge that is on top as the screen is
 * mounted gives the rotation: the booth's picture is turned clockwise by that much. */
static void draw_edges(struct display *d)
{
	SDL_Renderer *r = d->renderer;
	int w = d->width, h = d->height;
	int dot = (w < h ? w : h) / 12, gap = dot;
	SDL_SetRenderDrawColor(r, 0x11, 0x14, 0x18, 255);
	SDL_RenderClear(r);
	for (int edge = 0; edge < 4; edge++) {
		int count = edge + 1;
		bool across = edge % 2 == 0; /* top and bottom: the dots run across */
		int span = count * dot + (count - 1) * gap;
		for (int i = 0; i < count; i++) {
			SDL_Rect q = {0, 0, dot, dot};
			int along = (across ? w : h) / 2 - span / 2 + i * (dot + gap);
			if (edge == 0) {
				q.x = along, q.y = dot / 2;
			} else if (edge == 1) {
				q.x = w - dot - dot / 2, q.y = along;
			} else if (edge == 2) {
				q.x = along, q.y = h - dot - dot / 2;
			} else {
				q.x = dot / 2, q.y = along;
			}
			SDL_SetRenderDrawColor(r, 0xF2, 0xA9, 0x00, 255);
			SDL_RenderFillRect(r, &q);
		}
	}
	/* and an arrow in the middle pointing at the panel's own top */
	SDL_SetRenderDrawColor(r, 0xF4, 0xF1, 0xEA, 255);
	for (int i = 0; i < 3 * dot; i++) {
		int half = i * 2 / 3;
		SDL_Rect row = {w / 2 - half, h / 2 - 2 * dot + i, 2 * half + 1, 1};
		SDL_RenderFillRect(r, &row);
	}
}

/* The rotation for the edge nearest to a touch at fractions (x, y) of the panel. */
static int rotation_at(float x, float y)
{
	float top = y, right = 1 - x, bottom = 1 - y, left = x;
	if (top <= right && top <= bottom && top <= left) {
		return 0;
	}
	if (right <= bottom && right <= left) {
		return 90;
	}
	return bottom <= left ? 180 : 270;
}

/* Shows the pattern until a tap near the top edge, a key 1 to 4 on the booth's keyboard or an
 * answer on the terminal; -1 for "keep", -2 at the end of input. */
static int pick_rotation(struct setup *s, int current)
{
	struct display_options dopt;
	config_display_options(&s->cfg, &dopt);
	dopt.rotation = 0;
	char err[512];
	struct display *d = display_create(&dopt, false, err, sizeof(err));
	if (!d) {
		printf("  no screen here (%s)\n", err);
		return -3;
	}
	printf("  The screen shows dots along each edge and an arrow.\n"
	       "  Tap the screen near its top edge as it is mounted, or answer here:\n");
	int chosen = -1;
	bool asked = false;
	Uint32 until = SDL_GetTicks() + 300 * 1000;
	while (chosen == -1 && !SDL_TICKS_PASSED(SDL_GetTicks(), until)) {
		if (!asked) {
			printf("  How many dots are along the top edge (1 to 4; Enter keeps %d "
			       "degrees)? ",
			       current);
			fflush(stdout);
			asked = true;
		}
		display_begin(d);
		draw_edges(d);
		display_present(d);
		SDL_Event e;
		while (chosen == -1 && SDL_PollEvent(&e)) {
			if (e.type == SDL_FINGERUP) {
				chosen = rotation_at(e.tfinger.x, e.tfinger.y);
			} else if (e.type == SDL_MOUSEBUTTONUP &&
				   e.button.which != SDL_TOUCH_MOUSEID) {
				chosen = rotation_at((float)e.button.x / (float)d->phys_width,
						     (float)e.button.y / (float)d->phys_height);
			} else if (e.type == SDL_KEYDOWN && e.key.keysym.sym >= SDLK_1 &&
				   e.key.keysym.sym <= SDLK_4) {
				chosen = (int)(e.key.keysym.sym - SDLK_1) * 90;
			} else if (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_ESCAPE) {
				chosen = current;
			}
		}
		struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
		if (chosen == -1 && poll(&in, 1, 30) == 1) {
			char line[32];
			if (!fgets(line, sizeof(line), stdin)) {
				chosen = -2;
				break;
			}
			line[strcspn(line, "\r\n")] = '\0';
			if (!line[0]) {
				chosen = current;
			} else if (line[0] >= '1' && line[0] <= '4' && !line[1]) {
				chosen = (line[0] - '1') * 90;
			} else {
				printf("  \"%s\": the number of dots, 1 to 4.\n", line);
				asked = false;
			}
		}
	}
	display_destroy(d);
	if (chosen >= 0) {
		printf("\n");
	} else if (chosen == -1) {
		printf("\n  no answer in 5 minutes: kept\n");
		chosen = current;
	}
	return chosen;
}

static int step_rotation(struct setup *s, int given)
{
	printf("Screen rotation\n");
	int current = s->cfg.rotation, chosen = given;
	if (chosen < 0 && s->ask) {
		chosen = pick_rotation(s, current);
		if (chosen == -2) {
			return -1;
		}
		char line[32];
		while (chosen == -3) {
			if (!ask("  Rotation in degrees, clockwise (0, 90, 180 or 270; Enter keeps "
				 "the config's): ",
				 line, sizeof(line), false)) {
				return -1;
			}
			char *end;
			long v = strtol(line, &end, 10);
			if (!line[0]) {
				chosen = current;
			} else if (*end || !transform_valid((int)v)) {
				printf("  \"%s\": one of 0, 90, 180 or 270.\n", line);
			} else {
				chosen = (int)v;
			}
		}
	}
	if (chosen < 0) {
		printf("  %d degrees, as the config has it\n", current);
		return 0;
	}
	char value[8];
	snprintf(value, sizeof(value), "%d", chosen);
	set_value(s, "display", "rotation", value);
	printf("  %d degrees\n", chosen);
	return 0;
}

/* Runs a command, its output passing through; its exit status, or -1 if it could not run. */
static int run(char *const argv[])
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		return -1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			return -1;
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The logind drop-in (no login prompts on the other consoles) and the units at boot. */
static int step_enable(struct setup *s, bool no_enable)
{
	printf("Start at boot\n");
	bool enable = !no_enable;
	if (!no_enable && s->ask &&
	    !ask_yes("  Start the booth on this machine's screen at every boot? [Y/n] ", true,
		     &enable)) {
		return -1;
	}
	if (!enable) {
		printf("  not enabled (gatherbooth run starts it by hand)\n");
		return 0;
	}
	char shipped[PATH_MAX];
	snprintf(shipped, sizeof(shipped), "%s/logind.conf", GATHERBOOTH_INSTALLED_ASSETS);
	char target[PATH_MAX];
	ssize_t n = readlink(LOGIND_DROP_IN, target, sizeof(target) - 1);
	if (n > 0 && (size_t)n == strlen(shipped) && memcmp(target, shipped, (size_t)n) == 0) {
		printf("  %s: in place\n", LOGIND_DROP_IN);
	} else if (access(shipped, R_OK) == 0) {
		if (!fileio_mkdirs("/etc/systemd/logind.conf.d", 0755) ||
		    ((unlink(LOGIND_DROP_IN) != 0 && errno != ENOENT) ||
		     symlink(shipped, LOGIND_DROP_IN) != 0)) {
			fprintf(stderr, "%s: cannot link it to %s: %s%s\n", LOGIND_DROP_IN, shipped,
				strerror(errno),
				errno == EACCES || errno == EPERM ? " (run setup with sudo)" : "");
			return APP_EXIT_FAILURE;
		}
		printf("  %s: linked to %s\n", LOGIND_DROP_IN, shipped);
	}
	char *argv[] = {"systemctl", "enable", "gatherbooth.service", "gatherbooth-clock.path",
			NULL};
	int rc = run(argv);
	if (rc != 0) {
		fprintf(stderr,
			"setup: systemctl enable gatherbooth.service gatherbooth-clock.path "
			"%s\n",
			rc == 127 ? "could not run: is this a systemd machine?" : "failed");
		return APP_EXIT_FAILURE;
	}
	printf("  gatherbooth.service and gatherbooth-clock.path enabled\n");
	s->enabled = true;
	return 0;
}

static uid_t owner_uid;
static gid_t owner_gid;

static int chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag;
	(void)ftw;
	if ((st->st_uid != owner_uid || st->st_gid != owner_gid) &&
	    lchown(path, owner_uid, owner_gid) != 0) {
		fprintf(stderr, "%s: cannot give it to %s: %s\n", path, SERVICE_USER,
			strerror(errno));
		return 1;
	}
	return 0;
}

/* Run as root, the import and the check made files the kiosk's own user must write. */
static void give_data_to_kiosk(const struct setup *s)
{
	struct passwd *pw = geteuid() == 0 ? getpwnam(SERVICE_USER) : NULL;
	if (!pw || access(s->cfg.data_dir, F_OK) != 0) {
		return;
	}
	owner_uid = pw->pw_uid;
	owner_gid = pw->pw_gid;
	if (nftw(s->cfg.data_dir, chown_one, 16, FTW_PHYS) == 0) {
		printf("%s belongs to the %s user\n", s->cfg.data_dir, SERVICE_USER);
	}
}

int cmd_setup(int argc, char **argv)
{
	static const int allowed[] = {
		OPT_CONFIG,    OPT_DATA,     OPT_ROSTER,    OPT_MAP,     OPT_SHEET, OPT_ENCODING,
		OPT_PIN_STDIN, OPT_ROTATION, OPT_NO_ENABLE, OPT_NO_WAIT, 0};
	struct setup s = {0};
	int rc = cli_parse(argc, argv, "setup", allowed, &s.a);
	if (rc) {
		return rc;
	}
	if (s.a.first_operand < argc) {
		return cli_bad_usage("setup takes no operands: \"%s\"", argv[s.a.first_operand]);
	}
	int rotation = -1;
	if (s.a.rotation) {
		char *end;
		long v = strtol(s.a.rotation, &end, 10);
		if (*end || !transform_valid((int)v)) {
			return cli_bad_usage("--rotation: one of 0, 90, 180 or 270, not \"%s\"",
					     s.a.rotation);
		}
		rotation = (int)v;
	}
	s.ask = isatty(STDIN_FILENO) && !s.a.pin_stdin;
	signal(SIGINT, on_interrupt);
	signal(SIGTERM, on_interrupt);

	/* the config named as every command finds it; a broken one is fixed by hand first */
	const char *env = getenv("GATHERBOOTH_CONFIG");
	snprintf(s.config_path, sizeof(s.config_path), "%s",
		 s.a.app.config_path ? s.a.app.config_path
		 : env && *env       ? env
				     : GATHERBOOTH_CONFIG_FILE);
	char err[PATH_MAX + 256];
	if (access(s.config_path, F_OK) == 0 &&
	    !app_load_config(s.config_path, s.a.app.data_dir, &s.cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	if (access(s.config_path, F_OK) != 0) {
		app_load_config("/dev/null", s.a.app.data_dir, &s.cfg, err, sizeof(err));
	}
	if (!load_text(&s)) {
		return APP_EXIT_FAILURE;
	}

	/* the PIN from standard input first: a bad one stops setup before anything changes */
	char pin[64] = "";
	if (s.a.pin_stdin) {
		if (!fgets(pin, sizeof(pin), stdin)) {
			fprintf(stderr, "setup: --pin-stdin: no PIN on standard input\n");
			free(s.text);
			return APP_EXIT_BAD_INPUT;
		}
		pin[strcspn(pin, "\r\n")] = '\0';
		char probe[PIN_HASH_MAX];
		if (!pin_hash(pin, probe, sizeof(probe))) {
			memset(pin, 0, sizeof(pin));
			fprintf(stderr, "setup: --pin-stdin: a PIN is 4 to 8 digits\n");
			free(s.text);
			return APP_EXIT_BAD_INPUT;
		}
	}
	printf("Setting up gatherbooth %s: config %s, data %s\n", GATHERBOOTH_VERSION,
	       s.config_path, s.cfg.data_dir);
	if (access("/run/systemd/units/invocation:gatherbooth.service", F_OK) == 0) {
		printf("The booth is running: its screen, camera and button are busy, so the test "
		       "pattern\nand the self-test cannot have them. `sudo systemctl stop "
		       "gatherbooth` first, or expect those to fail.\n");
	}

	rc = step_roster(&s, s.a.roster);
	if (rc == 0) {
		rc = step_pin(&s, s.a.pin_stdin ? pin : NULL);
	}
	memset(pin, 0, sizeof(pin));
	if (rc == 0) {
		rc = step_rotation(&s, rotation);
	}
	if (rc == 0 || rc == -1) {
		/* what was answered before the end of input is kept */
		printf("Config\n");
		if (!write_config(&s)) {
			rc = rc ? rc : APP_EXIT_FAILURE;
		}
	}
	if (rc == 0) {
		rc = step_enable(&s, s.a.no_enable);
	}
	free(s.text);
	if (rc == -1) {
		give_data_to_kiosk(&s);
		return end_of_input();
	}
	if (rc) {
		give_data_to_kiosk(&s);
		return rc;
	}

	printf("Self-test (gatherbooth check)\n");
	fflush(stdout);
	struct check_options o = {
		.config_path = s.config_path, .data_dir = s.a.app.data_dir, .no_wait = s.a.no_wait};
	int checked = check_run(&o);
	give_data_to_kiosk(&s);

	printf("\nNext:\n");
	if (checked != 0) {
		printf("  - Fix what the self-test marks FAIL, then run `sudo gatherbooth check` "
		       "again.\n");
	}
	if (s.enabled) {
		printf("  - Reboot (`sudo reboot`): the booth starts on the screen.\n");
	} else {
		printf("  - Start the booth with `gatherbooth run`.\n");
	}
	printf("  - Printers, pages for phones and other kiosks: `man gatherbooth` and "
	       "%s/README.md.\n"
	       "  - Run `sudo gatherbooth setup` again at any time; it keeps what it is not "
	       "given.\n",
	       GATHERBOOTH_INSTALLED_ASSETS);
	return checked == 0 ? APP_EXIT_OK : APP_EXIT_FAILURE;
}
