#!/usr/bin/env bash
# A boomerang (layout = boomerang): the attract screen says so; after the countdown a burst of
# 24 preview frames over 2 s; the review screen plays it forward then backward in a loop; Keep
# saves a GIF and a WebP of 46 frames (24 forward, 22 back) at 480 px and a card with the
# middle frame, each with its row; they survive a restart, are exported and shown in the
# gallery; a GIF cut by pulled power is set aside as damaged.
. "$(dirname "$0")/lib.sh"

printf '[booth]\nlayout = boomerang\n' > "$T/b.conf"
booth "wait 1000
expect-screen attract
shot attract
press
expect-screen countdown
wait 3300
expect-screen capture
wait 2500
expect-screen review
wait 300
shot review1
wait 420
shot review2
tap Keep
expect-screen saved
tap Done
quit" --config "$T/b.conf"
expect_rc 0
expect_text "for a boomerang"
expect_no_text "for a strip"
expect_no_text "Photo 1 of"
expect_text "Keep this boomerang?"
# the review plays: two moments of it differ
if "$PNGTOOL" diff "$SHOTS/review1.png" "$SHOTS/review2.png" > /dev/null; then
  fail "the review screen shows the same picture 420 ms apart: the boomerang does not play"
fi

gif=$(find "$DATA/photos" -name '*-boomerang-booth.gif')
webp=$(find "$DATA/photos" -name '*-boomerang-booth.webp')
card=$(find "$DATA/photos" -name '*-strip-booth.jpg')
[ -n "$gif" ] && [ -n "$webp" ] && [ -n "$card" ] || fail "boomerang files: $(ls -R "$DATA/photos")"
expect_eq "$(find "$DATA/photos" -name '*-shot*' | wc -l)" 0 "shots of a boomerang"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'animation'")" 2 "animation rows"
expect_eq "$(sql "SELECT layout FROM sessions")" boomerang "the session's layout"
expect_eq "$(sql "SELECT width || 'x' || height FROM photos WHERE path LIKE '%.gif'")" 480x270 "the GIF's row"
expect_eq "$("$PNGTOOL" info "$card")" 1800x1200 "the card"

# the GIF: 46 frames of 480x270, 8 cs each, one palette; decoded and composited (ImageMagick),
# frame k and frame 46 - k are the same picture (forward then back; within the few levels a
# pixel may keep from the frame before), next frames are not
expect_eq "$(identify "$gif" | wc -l)" 46 "GIF frames"
expect_eq "$(identify -format '%wx%h %T\n' "$gif" | sort -u)" "480x270 8" "GIF frame size and delay"
mkdir -p "$T/frames"
convert "$gif" -coalesce "$T/frames/f%02d.png"
for k in 1 5 12 22; do
  "$PNGTOOL" diff --tolerant "$T/frames/f$(printf %02d $k).png" "$T/frames/f$(printf %02d $((46 - k))).png" > /dev/null ||
    fail "GIF frame $k is not frame $((46 - k)) played back"
  if "$PNGTOOL" diff "$T/frames/f$(printf %02d $k).png" "$T/frames/f$(printf %02d $((k + 1))).png" > /dev/null; then
    fail "GIF frames $k and $((k + 1)) are the same: the burst did not move"
  fi
done
# the WebP: the same 46 frames, looping, 83 ms each, in full colour
webpmux -info "$webp" > "$T/webp"
grep -q "Number of frames: 46" "$T/webp" || fail "WebP frames: $(head -5 "$T/webp")"
grep -q "Loop Count : 0" "$T/webp" || fail "the WebP does not loop"
grep -q "Canvas size: 480 x 270" "$T/webp" || fail "WebP size: $(head -1 "$T/webp")"
expect_eq "$(awk '$1 ~ /^[0-9]+:$/ {print $7}' "$T/webp" | sort -u)" 83 "WebP frame duration"
# and smaller than the GIF, as WebP is
[ "$(stat -c %s "$webp")" -lt "$(stat -c %s "$gif")" ] || fail "the WebP is not smaller than the GIF"

# a restart keeps every row; a GIF cut by pulled power is damaged, not adopted
head -c 5000 "$gif" > "$(dirname "$gif")/120000-0000dddd-boomerang-booth.gif"
booth "wait 100
quit" --config "$T/b.conf"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'animation'")" 2 "animation rows after a restart"
[ -f "$DATA/damaged/120000-0000dddd-boomerang-booth.gif" ] || fail "the cut GIF was not set aside"
check_files_and_rows

# the export: the GIF and the WebP under photos/, no thumbnails of them, the gallery shows
# the GIF itself
"$GATHERBOOTH" export --data "$DATA" "$T/export" > /dev/null
expect_eq "$(find "$T/export/photos" -name '*.gif' | wc -l)" 1 "exported GIF"
expect_eq "$(find "$T/export/photos" -name '*.webp' | wc -l)" 1 "exported WebP"
expect_eq "$(find "$T/export/thumbs" -name '*.gif' -o -name '*.webp' | wc -l)" 0 "thumbnails of a boomerang"
name=$(basename "$(find "$T/export/photos" -name '*.gif')")
grep -q "<img src=\"photos/$name\"" "$T/export/index.html" || fail "the gallery does not show the boomerang"
(cd "$T/export" && sha256sum --quiet -c MANIFEST.sha256) || fail "the export's manifest does not verify"
echo "ok: a boomerang is taken, played, saved as GIF and WebP forward then back, kept and exported"
