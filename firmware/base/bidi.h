/* Lines that mix directions (a guest's name in Arabic or Hebrew, in a welcome written left to
 * right): their runs of one direction, in the order they show, by Unicode's bidirectional
 * algorithm (FriBidi). The screens and the badges shape each run in its direction. */
#pragma once

#include <stdbool.h>

struct bidi_run {
	char text[256]; /* the run's characters, in memory order (shaping reverses an RTL run) */
	bool rtl;
	int level;
	const char *script; /* ISO 15924: "Arab", "Hebr", or "Zyyy" (any other) */
};

/* Whether `str` has right-to-left letters (Arabic, Hebrew, and their presentation forms). */
bool bidi_has_rtl(const char *str);
/* The runs of the line `str`, left to right as it shows; their count (at most max). */
int bidi_runs(const char *str, struct bidi_run *runs, int max);
