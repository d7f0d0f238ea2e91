#!/usr/bin/env bash
# What `scripts/demo` runs with no display: a built-in walk-up session that ends by saying
# where the files went. And two runs of one script give identical screenshots.
. "$(dirname "$0")/lib.sh"

set +e
"$GATHERBOOTH" run --demo --headless --data "$DATA" > "$T/out" 2> "$T/err"
rc=$?
set -e
expect_rc 0
grep -q "1 session(s) saved in $DATA; the last strip is $DATA/photos/" "$T/out" ||
  fail "the demo does not say where the files went: $(cat "$T/out")"
grep -q "camera: info: using synthetic" "$T/err" || fail "the chosen camera is not logged"
check_files_and_rows

# determinism: the virtual clock makes the same pixels on any machine speed
booth "wait 700
shot a
press
wait 2200
shot b"
cp "$SHOTS/a.png" "$T/a1.png"; cp "$SHOTS/b.png" "$T/b1.png"
booth "wait 700
shot a
press
wait 2200
shot b"
cmp -s "$SHOTS/a.png" "$T/a1.png" || fail "attract differs between two runs"
cmp -s "$SHOTS/b.png" "$T/b1.png" || fail "countdown differs between two runs"

# a leftover .tmp and a photo without a row (pulled power) are repaired at start
mkdir -p "$DATA/photos/2026-01-01"
printf 'half' > "$DATA/photos/2026-01-01/.120000-0000aaaa-shot1-booth.png.tmp"
"$PNGTOOL" make 64 36 808080 "$DATA/photos/2026-01-01/120000-0000aaaa-shot1-booth.png"
booth "wait 100"
expect_rc 0
grep -q "1 unfinished file(s) removed, 1 photo(s) without a row adopted" <<< "$log" ||
  fail "repair not reported: $log"
check_files_and_rows
echo "ok: demo, determinism and start-up repair"
