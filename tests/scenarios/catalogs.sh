#!/usr/bin/env bash
# The languages (po/): POTFILES names every source with strings for people and no other; the
# template holds exactly the strings the sources mark; every language named in LINGUAS has a
# catalog that translates all of them, with no fuzzy guess, each format as its English (the
# same %s and %d, in the same order), and its plural forms; and every letter of every
# translation, and of the language chooser's names, has a glyph in the kiosk's fonts.
. "$(dirname "$0")/lib.sh"
po=$SRCDIR/po
GLYPHS=$BUILDDIR/tests/glyphs

# POTFILES: the sources that mark strings, no more, no less
marked=$(cd "$SRCDIR" && grep -lE '\b(_|N_|ngettext_)\(' -r --include='*.c' --include='*.cpp' \
  firmware ui drivers | grep -v '^firmware/base/i18n\.c$' | sort)
listed=$(grep -v '^#' "$po/POTFILES" | sort)
[ "$marked" = "$listed" ] || fail "po/POTFILES is not the list of files with strings to translate:
$(diff <(echo "$listed") <(echo "$marked"))"

# the template is current: the strings the sources mark now, and no others
(cd "$SRCDIR" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext_:1,2 \
  -f po/POTFILES -o "$T/now.pot")
ids() { msgcat --no-location --sort-output --no-wrap "$1" | grep -E '^msgid(_plural)? '; }
diff <(ids "$po/gatherbooth.pot") <(ids "$T/now.pot") > "$T/pot.diff" ||
  fail "po/gatherbooth.pot is out of date (ninja -C build gatherbooth-pot):
$(cat "$T/pot.diff")"

n=0
for lang in $(grep -v '^#' "$po/LINGUAS"); do
  file=$po/$lang.po
  [ -f "$file" ] || fail "po/LINGUAS names $lang but there is no po/$lang.po"
  msgfmt --check --statistics -o /dev/null "$file" 2> "$T/stats" ||
    fail "po/$lang.po: $(cat "$T/stats")"
  grep -Eq 'untranslated|fuzzy' "$T/stats" && fail "po/$lang.po is not complete: $(cat "$T/stats")"
  # every string of the template, translated here (msgcmp fails on one missing)
  msgcmp "$file" "$po/gatherbooth.pot" 2> "$T/cmp" || fail "po/$lang.po: $(head -3 "$T/cmp")"
  # and the plural forms the language has
  grep -q '^"Plural-Forms: nplurals=' "$file" || fail "po/$lang.po has no Plural-Forms"
  n=$((n + 1))
done
[ "$n" -ge 4 ] || fail "only $n languages in po/LINGUAS"

fonts=/usr/share/fonts/truetype/dejavu
for font in "$fonts/DejaVuSans.ttf" "$fonts/DejaVuSans-Bold.ttf"; do
  "$GLYPHS" "$font" "$po"/*.po "$SRCDIR/firmware/base/i18n.c" > "$T/glyphs" ||
    fail "letters the kiosk's font cannot draw:
$(head -20 "$T/glyphs")"
done
echo "ok: $n languages, complete and current, every letter in the font"
