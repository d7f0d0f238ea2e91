#!/usr/bin/env bash
# `gatherbooth compose`: the booth's own composer and encoders, on PNG and JPEG files.
. "$(dirname "$0")/lib.sh"

for c in c04040 40c040 4040c0 c0c040; do
  "$PNGTOOL" make 640 360 "$c" "$T/$c.png"
done
"$GATHERBOOTH" compose --layout strip4 -o "$T/strip.png" "$T"/c04040.png "$T"/40c040.png "$T"/4040c0.png "$T"/c0c040.png
expect_eq "$("$PNGTOOL" info "$T/strip.png")" 600x1800 "strip4"
"$GATHERBOOTH" compose --layout grid2x2 -o "$T/grid.png" "$T"/c04040.png "$T"/40c040.png
expect_eq "$("$PNGTOOL" info "$T/grid.png")" 1800x1200 "grid2x2"
"$GATHERBOOTH" compose --layout single -o "$T/single.png" "$T"/c04040.png
expect_eq "$("$PNGTOOL" info "$T/single.png")" 1800x1200 "single"

# JPEG in and out, mixed with PNG: the format is the bytes' for inputs, the name's for -o
for c in c04040 40c040; do
  "$PNGTOOL" make 1920 1080 "$c" "$T/$c.jpg"
done
"$GATHERBOOTH" compose --layout grid2x2 -o "$T/grid.jpg" "$T"/c04040.jpg "$T"/40c040.jpg "$T"/4040c0.png
[ "$(head -c 3 "$T/grid.jpg" | od -An -tx1 | tr -d ' ')" = ffd8ff ] || fail "grid.jpg is not a JPEG"
expect_eq "$("$PNGTOOL" info "$T/grid.jpg")" 1800x1200 "grid2x2 as JPEG"
# the same picture as the PNG path gives, within JPEG's loss on a sharp 8-pixel checkerboard:
# no pixel far off, a small mean difference
"$GATHERBOOTH" compose --layout grid2x2 -o "$T/grid-png.png" "$T"/c04040.jpg "$T"/40c040.jpg "$T"/4040c0.png
d=$("$PNGTOOL" diff "$T/grid.jpg" "$T/grid-png.png" || true)
python3 -c 'import re, sys; m = re.search(r"mean difference ([0-9.]+), ([0-9.]+)% far off", sys.argv[1]); sys.exit(not (m and float(m[1]) < 6 and float(m[2]) == 0))' "$d" ||
  fail "the JPEG strip differs from the PNG one: $d"
# a file named .png that holds a JPEG is read as what it is
cp "$T/c04040.jpg" "$T/really-jpeg.png"
"$GATHERBOOTH" compose --layout single -o "$T/from-jpeg.png" "$T/really-jpeg.png"
# EXIF: the software and the print resolution, and no one's name (there is none to give)
exif -m "$T/grid.jpg" > "$T/exif.txt" || fail "no EXIF in the composed JPEG"
grep -q "^Software	gatherbooth " "$T/exif.txt" || fail "no Software tag: $(cat "$T/exif.txt")"
grep -q "^X-Resolution	300" "$T/exif.txt" || fail "not 300 dpi: $(cat "$T/exif.txt")"

refuse() {
  local want=$1
  shift
  set +e
  e=$("$GATHERBOOTH" compose "$@" 2>&1)
  r=$?
  set -e
  expect_eq "$r" 2 "status for $*"
  expect_eq "$(wc -l <<< "$e")" 1 "one line for $*"
  grep -qF -- "$want" <<< "$e" || fail "compose $*: '$e' lacks '$want'"
}
printf 'not a png' > "$T/text.png"
head -c 300 "$T/c04040.png" > "$T/cut.png"
refuse "$T/text.png: neither a JPEG nor a PNG file" --layout single -o "$T/o.png" "$T/text.png"
refuse "$T/cut.png: bad PNG: truncated PNG data" --layout single -o "$T/o.png" "$T/cut.png"
head -c 3000 "$T/c04040.jpg" > "$T/cut.jpg"
refuse "$T/cut.jpg: bad JPEG: Premature end of JPEG file" --layout single -o "$T/o.png" "$T/cut.jpg"
refuse "-o $T/o.gif: name it .jpg or .png" --layout single -o "$T/o.gif" "$T/c04040.png"
refuse "$T/none.png: No such file" --layout single -o "$T/o.png" "$T/none.png"
refuse "takes 1 photo(s), 2 given" --layout single -o "$T/o.png" "$T/c04040.png" "$T/c04040.png"
refuse "needs --layout" -o "$T/o.png" "$T/c04040.png"
refuse "layout \"../x\": names are" --layout ../x -o "$T/o.png" "$T/c04040.png"
[ ! -e "$T/o.png" ] || fail "a refused compose wrote its output"
# never overwrites
set +e
"$GATHERBOOTH" compose --layout single -o "$T/single.png" "$T/c04040.png" 2> "$T/e"
expect_eq $? 1 "existing output"
set -e
grep -q "File exists" "$T/e" || fail "overwrite message"
echo "ok: compose makes each layout from PNG and JPEG, writes either, and refuses bad input"
