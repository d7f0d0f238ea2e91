#!/usr/bin/env bash
# `gatherbooth compose`: the booth's own composer and encoder, on PNG files.
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
refuse "$T/text.png: not a PNG file" --layout single -o "$T/o.png" "$T/text.png"
refuse "$T/cut.png: bad PNG: truncated PNG data" --layout single -o "$T/o.png" "$T/cut.png"
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
echo "ok: compose makes each layout and refuses bad input"
