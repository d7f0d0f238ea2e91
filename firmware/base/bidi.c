#include "bidi.h"

#include <fribidi.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static bool rtl_char(uint32_t c)
{
	return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
	       (c >= 0xFE70 && c <= 0xFEFF);
}

bool bidi_has_rtl(const char *str)
{
	FriBidiChar u[512];
	FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, str,
						       (FriBidiStrIndex)strnlen(str, 500), u);
	for (FriBidiStrIndex i = 0; i < n; i++) {
		if (rtl_char(u[i])) {
			return true;
		}
	}
	return false;
}

int bidi_runs(const char *str, struct bidi_run *runs, int max)
{
	FriBidiChar u[512];
	FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, str,
						       (FriBidiStrIndex)strnlen(str, 500), u);
	if (n <= 0) {
		return 0;
	}
	FriBidiCharType types[512];
	FriBidiBracketType brackets[512];
	FriBidiLevel levels[512];
	fribidi_get_bidi_types(u, n, types);
	fribidi_get_bracket_types(u, n, types, brackets);
	FriBidiParType base = FRIBIDI_PAR_ON;
	if (!fribidi_get_par_embedding_levels_ex(types, brackets, n, &base, levels)) {
		return 0;
	}
	/* the runs in logical order: characters of one level */
	struct bidi_run logical[64];
	int count = 0;
	for (FriBidiStrIndex i = 0; i < n && count < 64;) {
		FriBidiStrIndex j = i;
		while (j < n && levels[j] == levels[i]) {
			j++;
		}
		struct bidi_run *r = &logical[count++];
		r->rtl = levels[i] & 1;
		r->level = levels[i];
		r->script = "Zyyy";
		for (FriBidiStrIndex k = i; k < j; k++) {
			if (u[k] >= 0x0590 && u[k] <= 0x05FF) {
				r->script = "Hebr";
			} else if (rtl_char(u[k])) {
				r->script = "Arab";
			}
		}
		FriBidiStrIndex len =
			fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, u + i, j - i, r->text);
		r->text[len < (FriBidiStrIndex)sizeof(r->text) ? len : 0] = '\0';
		i = j;
	}
	/* their order on screen (UAX #9, L2): from the highest level down to the lowest odd
	 * one, every sequence of runs at that level or higher is reversed */
	int highest = 0, lowest_odd = 127;
	for (int i = 0; i < count; i++) {
		highest = logical[i].level > highest ? logical[i].level : highest;
		if (logical[i].level & 1 && logical[i].level < lowest_odd) {
			lowest_odd = logical[i].level;
		}
	}
	for (int level = highest; level >= lowest_odd && level > 0; level--) {
		for (int i = 0; i < count;) {
			if (logical[i].level < level) {
				i++;
				continue;
			}
			int j = i;
			while (j < count && logical[j].level >= level) {
				j++;
			}
			for (int a = i, b = j - 1; a < b; a++, b--) {
				struct bidi_run tmp = logical[a];
				logical[a] = logical[b];
				logical[b] = tmp;
			}
			i = j;
		}
	}
	count = count < max ? count : max;
	memcpy(runs, logical, (size_t)count * sizeof(*runs));
	return count;
}
