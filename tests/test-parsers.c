/* The config and script parsers: good files read right, bad ones give FILE:LINE: reason. */
#include "check.h"
#include "config.h"
#include "pin.h"
#include "script.h"

#define config_bad(text, want) config_bad_n(text, sizeof(text) - 1, want)
#define script_bad(text, want) script_bad_n(text, sizeof(text) - 1, want)

static void config_bad_n(const char *text, size_t len, const char *want)
{
	struct config cfg;
	config_defaults(&cfg);
	char err[512] = "";
	CHECK(!config_parse(&cfg, text, len, "booth.conf", err, sizeof(err)));
	if (!strstr(err, want)) {
		fprintf(stderr, "config: want \"%s\", got \"%s\"\n", want, err);
		CHECK(false);
	}
}

static void test_config(void)
{
	struct config cfg;
	config_defaults(&cfg);
	CHECK_STR(cfg.layout, "strip4");
	CHECK_INT(cfg.countdown_s, 3);
	CHECK_INT(cfg.review_timeout_s, 20);
	CHECK_INT(cfg.saved_s, 20);
	CHECK_STR(cfg.data_dir, "/var/lib/gatherbooth");
	CHECK_INT(cfg.still_width, 1920);
	CHECK_INT(cfg.fps, 30);

	const char *good = "# a kiosk at the door\n"
			   "[booth]\r\n"
			   "data = /srv/booth\n"
			   "layout = grid2x2\n"
			   "countdown = 5\n"
			   "\n"
			   "[display]\n"
			   "size = 1024x600\n"
			   "rotation = 90\n"
			   "font = /usr/share/fonts/x.ttf\n"
			   "[camera]\n"
			   "backend = synthetic\n"
			   "still = 4608x2592\n"
			   "; semicolon comments too\n"
			   "[button]\n"
			   "line = GPIO27\n";
	char err[512];
	CHECK(config_parse(&cfg, good, strlen(good), "g.conf", err, sizeof(err)));
	CHECK_STR(cfg.data_dir, "/srv/booth");
	CHECK_STR(cfg.layout, "grid2x2");
	CHECK_INT(cfg.countdown_s, 5);
	CHECK_INT(cfg.width, 1024);
	CHECK_INT(cfg.height, 600);
	CHECK_INT(cfg.rotation, 90);
	CHECK_STR(cfg.camera, "synthetic");
	CHECK_INT(cfg.still_width, 4608);
	CHECK_STR(cfg.button_line, "GPIO27");

	config_bad("[booth]\ncolour = red\n", "booth.conf:2: unknown key \"colour\" in [booth]");
	config_bad("countdown = 3\n", "booth.conf:1: countdown: key before any [section]");
	config_bad("[lobby]\n", "booth.conf:1: unknown section [lobby]");
	config_bad("[booth]\ncountdown = 0\n",
		   "booth.conf:2: countdown: must be a whole number from 1 to 10");
	config_bad("[booth]\ncountdown = three\n", "booth.conf:2: countdown:");
	config_bad("[booth]\ncountdown = 3s\n", "booth.conf:2: countdown:");
	config_bad("[display]\nrotation = 45\n",
		   "booth.conf:2: rotation: must be one of: 0 90 180 270");
	config_bad("[display]\nsize = 800\n", "booth.conf:2: size: must be WIDTHxHEIGHT");
	config_bad("[display]\nfont = fonts/x.ttf\n",
		   "booth.conf:2: font: must be an absolute path");
	config_bad("[camera]\nbackend = webcam\n", "booth.conf:2: backend: must be one of");
	config_bad("[camera]\nfps = 1000\n", "booth.conf:2: fps:");
	config_bad("[booth]\nlayout\n", "booth.conf:2: expected key = value");
	config_bad("[booth\n", "booth.conf:1: a section line looks like [name]");
	config_bad("[booth]\n = 3\n", "booth.conf:2: missing key");
	config_bad("[booth]\nlayout = \n", "booth.conf:2: layout: value is empty");
	config_bad("[booth]\nlayout = a\0b\n", "booth.conf:2: NUL byte");

	/* every key printed reads back */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	config_print(&cfg, f);
	fclose(f);
	struct config again;
	config_defaults(&again);
	CHECK(config_parse(&again, text, len, "printed", err, sizeof(err)));
	char *text2 = NULL;
	size_t len2 = 0;
	f = open_memstream(&text2, &len2);
	config_print(&again, f);
	fclose(f);
	CHECK_STR(text2, text);
	CHECK(strstr(text, "rotation = 90\n") != NULL);
	free(text);
	free(text2);

	CHECK(!config_load(&cfg, "/nonexistent/booth.conf", err, sizeof(err)));
	CHECK(strstr(err, "/nonexistent/booth.conf: ") == err);
}

static void script_bad_n(const char *text, size_t len, const char *want)
{
	char err[512] = "";
	struct script *s = script_parse(text, len, "s.script", err, sizeof(err));
	CHECK(s == NULL);
	script_destroy(s);
	if (!strstr(err, want)) {
		fprintf(stderr, "script: want \"%s\", got \"%s\"\n", want, err);
		CHECK(false);
	}
}

static void test_script(void)
{
	const char *good = "# a walk-up\n"
			   "wait 1000\n"
			   "press\n"
			   "hold 3000\n"
			   "tap Check in\n"
			   "tap-at 0.5 0.25\n"
			   "type José García\n"
			   "key BackSpace\n"
			   "scan 4711-0815\n"
			   "shot attract-1\n"
			   "expect-screen staff-pin\n"
			   "quit\n";
	char err[512];
	struct script *s = script_parse(good, strlen(good), "g.script", err, sizeof(err));
	CHECK(s != NULL);
	if (!s) {
		return;
	}
	CHECK_INT(s->count, 11);
	CHECK_INT(s->steps[0].op, SCRIPT_WAIT);
	CHECK_INT(s->steps[0].ms, 1000);
	CHECK_INT(s->steps[0].line, 2);
	CHECK_INT(s->steps[2].ms, 3000);
	CHECK_STR(s->steps[3].text, "Check in");
	CHECK(s->steps[4].x == 0.5f && s->steps[4].y == 0.25f);
	CHECK_STR(s->steps[5].text, "José García");
	CHECK_STR(s->steps[7].text, "4711-0815");
	CHECK_INT(s->steps[9].op, SCRIPT_EXPECT_SCREEN);
	CHECK_INT(s->steps[10].op, SCRIPT_QUIT);
	script_destroy(s);

	script_bad("wait\n", "s.script:1: needs milliseconds");
	script_bad("wait -5\n", "s.script:1: needs milliseconds");
	script_bad("wait 10s\n", "s.script:1: needs milliseconds");
	script_bad("\n\npress now\n", "s.script:3: takes no argument");
	script_bad("tap\n", "s.script:1: needs an argument");
	script_bad("tap-at 1.5 0\n", "s.script:1: needs X Y");
	script_bad("tap-at 0.5\n", "s.script:1: needs X Y");
	script_bad("tap-at 0.5 0.5 0.5\n", "s.script:1: takes only X and Y");
	script_bad("shot ../escape\n", "s.script:1: shot names are");
	script_bad("expect-screen lobby\n", "s.script:1: unknown screen name");
	script_bad("jump\n", "s.script:1: unknown step");
	script_bad("wait 1\nquit\nfly away\n", "s.script:3: unknown step");
	script_bad("press\0\n", "s.script:1: NUL byte");
}

/* `gatherbooth setup`'s edits: in place, under the example, or in a new section; the rest kept */
static void edit_is(const char *text, const char *section, const char *key, const char *value,
		    const char *want)
{
	size_t n;
	char *got = config_edit(text, strlen(text), section, key, value, &n);
	CHECK(n == strlen(got));
	CHECK_STR(got, want);
	(void)section;
	(void)key;
	free(got);
}

static void test_config_edit(void)
{
	/* the template's commented example: the setting goes under it */
	edit_is("[booth]\n# layout = strip4\n\n[display]\n# size = 0x0\n# Turn it.\n"
		"# rotation = 0\n# fullscreen = auto\n\n[camera]\n",
		"display", "rotation", "90",
		"[booth]\n# layout = strip4\n\n[display]\n# size = 0x0\n# Turn it.\n"
		"# rotation = 0\nrotation = 90\n# fullscreen = auto\n\n[camera]\n");
	/* a setting already there changes in place; a second one in the section goes */
	edit_is("[display]\nrotation = 90 ; side\nsize = 800x480\nrotation=180\n", "display",
		"rotation", "270", "[display]\nrotation = 270\nsize = 800x480\n");
	/* a later [display] that would win is taken out too */
	edit_is("[display]\nsize = 1x1\n[booth]\n[display]\n rotation = 90\n", "display",
		"rotation", "0", "[display]\nsize = 1x1\nrotation = 0\n[booth]\n[display]\n");
	/* no such section: a new one at the end, the file's last line ended first */
	edit_is("[booth]\nlayout = single", "staff", "pin_hash", "h",
		"[booth]\nlayout = single\n\n[staff]\npin_hash = h\n");
	edit_is("", "staff", "pin_hash", "h", "[staff]\npin_hash = h\n");
	/* the section without the key: after its last line, before the blank line */
	edit_is("[staff]\n# who\n\n[print]\n", "staff", "pin_hash", "h",
		"[staff]\n# who\npin_hash = h\n\n[print]\n");
	/* a key that only starts like ours, and the key in another section, stay */
	edit_is("[booth]\nrotation = 1\n[display]\nrotations = 2\n", "display", "rotation", "180",
		"[booth]\nrotation = 1\n[display]\nrotations = 2\nrotation = 180\n");

	/* what it writes reads back */
	size_t n;
	char *text = config_edit("", 0, "display", "rotation", "270", &n);
	char hash[PIN_HASH_MAX];
	CHECK(pin_hash("2468", hash, sizeof(hash)));
	char *more = config_edit(text, n, "staff", "pin_hash", hash, &n);
	struct config cfg;
	config_defaults(&cfg);
	char err[256];
	CHECK(config_parse(&cfg, more, n, "edited", err, sizeof(err)));
	CHECK(cfg.rotation == 270);
	CHECK(pin_verify(cfg.pin_hash, "2468"));
	free(text);
	free(more);
}

int main(void)
{
	test_config();
	test_config_edit();
	test_script();
	return check_exit("parsers");
}
