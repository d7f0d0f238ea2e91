/* Search folding: people at a kiosk type plain ASCII, names are not. Text is transliterated with
 * ICU's "Any-Latin; Latin-ASCII; Lower" (Łukasz -> lukasz, Sørensen -> sorensen, Иванов ->
 * ivanov), apostrophes inside words are dropped (O'Brien -> obrien), and everything else that is
 * not a letter or digit separates words. One struct fold per thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct fold;

/* NULL (logged) if ICU's transliterator cannot be opened; fold_text() then folds ASCII only. */
struct fold *fold_create(void);
void fold_destroy(struct fold *f);

/* Folded words of `in`, separated by single spaces, in out (truncated to outlen). */
void fold_text(struct fold *f, const char *in, char *out, size_t outlen);

/* For indexing a name: the folded words, plus the joined form of any word written with a hyphen
 * or apostrophe (Smith-Jones -> "smith jones smithjones", O'Brien -> "obrien o brien"). */
void fold_name(struct fold *f, const char *in, char *out, size_t outlen);
