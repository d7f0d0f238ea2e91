#!/usr/bin/env bash
# Photos as JPEG: a session's shots and strip are JPEG files with EXIF (when, its UTC offset,
# the software, upright; nothing about the guest), `photo_format = png` keeps PNG, and every
# reader takes both: start-up repair (a cut JPEG is damaged, a whole one adopted), the export
# with its thumbnails, manifest and gallery. Bad photo settings are refused in one line.
. "$(dirname "$0")/lib.sh"

# gallery_refs DIR: prints every src and href of DIR/index.html; fails if one names no file
gallery_refs() {
  python3 - "$1" <<'PY'
import html.parser, os, sys
out = sys.argv[1]
class Refs(html.parser.HTMLParser):
    refs = []
    def handle_starttag(self, tag, attrs):
        self.refs += [v for k, v in attrs if k in ("src", "href")]
p = Refs()
p.feed(open(os.path.join(out, "index.html"), encoding="utf-8").read())
missing = [r for r in p.refs if not os.path.isfile(os.path.join(out, r))]
assert not missing, missing
print("\n".join(p.refs))
PY
}

session="wait 1000
press
wait 3300
expect-screen countdown
wait 11800
expect-screen review
tap Keep
expect-screen saved
tap Done
quit"

booth "$session"
expect_rc 0
shots=$(find "$DATA/photos" -name '*-shot?-booth.jpg' | sort)
strip=$(find "$DATA/photos" -name '*-strip-booth.jpg')
expect_eq "$(wc -l <<< "$shots")" 4 "JPEG shots"
[ -n "$strip" ] || fail "no JPEG strip: $(ls -R "$DATA/photos")"
for f in $shots $strip; do
  expect_eq "$(head -c 3 "$f" | od -An -tx1 | tr -d ' \n')" ffd8ff "the bytes of $f"
done
expect_eq "$("$PNGTOOL" info "$(head -1 <<< "$shots")")" 1920x1080 "shot size"
expect_eq "$("$PNGTOOL" info "$strip")" 600x1800 "strip size"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE path LIKE '%.jpg'")" 5 "rows of the JPEG files"

# EXIF, read back by libexif's own tool: the time the photo was taken in local time and its
# offset, the software, upright; no tag that could name or place anyone
exif -m "$strip" > "$T/exif" || fail "no EXIF in $strip"
taken=$(sed -n 's/^Date and Time (Original)\t//p' "$T/exif")
[[ $taken =~ ^$(date +%Y:%m:%d)\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] || fail "DateTimeOriginal '$taken': $(cat "$T/exif")"
file_time=$(date -r "$strip" +%Y:%m:%d\ %H:%M)
[ "${taken:0:16}" = "$file_time" ] || [ "$(date -d "@$(($(date -r "$strip" +%s) - 60))" +%Y:%m:%d\ %H:%M)" = "${taken:0:16}" ] ||
  fail "DateTimeOriginal $taken is not the file's local time $file_time"
expect_eq "$(sed -n 's/^Offset Time For DateTimeOriginal\t//p' "$T/exif")" "$(date +%:z)" "OffsetTimeOriginal"
grep -q "^Software	gatherbooth [0-9]" "$T/exif" || fail "no Software tag: $(cat "$T/exif")"
expect_eq "$(sed -n 's/^Orientation\t//p' "$T/exif")" Top-left "Orientation"
tags=$(cut -f1 "$T/exif" | sort | tr '\n' '|')
allowed='Color Space|Date and Time|Date and Time (Digitized)|Date and Time (Original)|Exif Version|FlashPixVersion|Offset Time For DateTime|Offset Time For DateTimeOriginal|Orientation|Pixel X Dimension|Pixel Y Dimension|Resolution Unit|Software|X-Resolution|Y-Resolution|'
expect_eq "$tags" "$allowed" "the EXIF tags, and no others"
grep -q "^X-Resolution	72" <<< "$(exif -m "$(head -1 <<< "$shots")")" || fail "a shot is not marked 72 dpi"
grep -q "^X-Resolution	300" "$T/exif" || fail "the strip is not marked 300 dpi for print"

# photo_format = png: the next session is PNG, in the same folder as the JPEG one
printf '[booth]\nphoto_format = png\n' > "$T/png.conf"
booth "$session" --config "$T/png.conf"
expect_rc 0
expect_eq "$(find "$DATA/photos" -name '*-booth.png' | wc -l)" 5 "PNG files of the second session"
png_strip=$(find "$DATA/photos" -name '*-strip-booth.png')
expect_eq "$(head -c 4 "$png_strip" | od -An -c | tr -d ' \n')" '211PNG' "the bytes of $png_strip"
check_files_and_rows

# start-up repair: a JPEG cut by pulled power is damaged and moved aside; a whole JPEG without
# its row is adopted; an unfinished .jpg.tmp is removed
mkdir -p "$DATA/photos/2026-01-01"
whole=$(head -1 <<< "$shots")
cp "$whole" "$DATA/photos/2026-01-01/120000-0000aaaa-shot1-booth.jpg"
head -c $(($(stat -c %s "$whole") * 2 / 3)) "$whole" > "$DATA/photos/2026-01-01/120000-0000bbbb-shot1-booth.jpg"
printf 'half' > "$DATA/photos/2026-01-01/.120001-0000cccc-shot1-booth.jpg.tmp"
booth "wait 100
quit"
expect_rc 0
grep -q "1 unfinished file(s) removed, 1 photo(s) without a row adopted, 1 damaged file(s) moved to damaged/" <<< "$log" ||
  fail "repair not reported: $(grep -i "repair\|adopted\|damaged" <<< "$log")"
[ -f "$DATA/damaged/120000-0000bbbb-shot1-booth.jpg" ] || fail "the cut JPEG is not in damaged/: $(ls -R "$DATA" | head -30)"
expect_eq "$(sql "SELECT width || 'x' || height FROM photos WHERE path LIKE '%0000aaaa%'")" 1920x1080 "the adopted JPEG's row"
check_files_and_rows

# the export: both formats under their own extensions, thumbnails in the photo's format, a
# manifest that verifies and a gallery whose every link is a file
"$GATHERBOOTH" export --data "$DATA" "$T/export" > /dev/null
expect_eq "$(find "$T/export/photos" -name '*.jpg' | wc -l)" 6 "JPEG photos exported (the session and the adopted one)"
expect_eq "$(find "$T/export/photos" -name '*.png' | wc -l)" 5 "PNG photos exported"
for f in "$T"/export/thumbs/*; do
  case "$f" in
    *.jpg) expect_eq "$(head -c 3 "$f" | od -An -tx1 | tr -d ' \n')" ffd8ff "thumbnail $f" ;;
    *.png) expect_eq "$(head -c 4 "$f" | od -An -c | tr -d ' \n')" '211PNG' "thumbnail $f" ;;
  esac
done
expect_eq "$(find "$T/export/thumbs" -type f | wc -l)" 11 "thumbnails"
(cd "$T/export" && sha256sum --quiet -c MANIFEST.sha256) || fail "the export's manifest does not verify"
gallery_refs "$T/export" > "$T/refs" || fail "the gallery links a missing file"
grep -q '\.jpg$' "$T/refs" && grep -q '^photos/.*\.png$' "$T/refs" || fail "the gallery lacks a format: $(cat "$T/refs")"

# a stored JPEG damaged afterwards (the card, not a crash): the export still runs, copies it as
# it is, says so, and the gallery links it with no broken thumbnail
victim=$(find "$DATA/photos" -name '*-shot2-booth.jpg' | head -1)
size=$(stat -c %s "$victim")
head -c $((size / 2)) "$victim" > "$T/half" && cat "$T/half" > "$victim"
"$GATHERBOOTH" export --data "$DATA" "$T/export2" > /dev/null 2> "$T/export2.err" ||
  fail "the export failed on a damaged photo: $(cat "$T/export2.err")"
grep -q "does not decode; it is exported without a thumbnail" "$T/export2.err" ||
  fail "the damaged photo was not reported: $(cat "$T/export2.err")"
(cd "$T/export2" && sha256sum --quiet -c MANIFEST.sha256) || fail "the export's manifest does not verify"
gallery_refs "$T/export2" > /dev/null || fail "the gallery links a missing file after a photo was damaged"
grep -q ">no preview</span>)" "$T/export2/index.html" || fail "the damaged photo is not linked as such"

# bad photo settings: one line naming the file and line, exit 2, nothing stored
for bad in "photo_format = gif" "photo_quality = 101" "photo_quality = 49"; do
  printf '[booth]\n%s\n' "$bad" > "$T/bad.conf"
  booth "quit" --config "$T/bad.conf"
  expect_rc 2
  expect_eq "$(wc -l <<< "$err")" 1 "one line for '$bad'"
  grep -q "^$T/bad.conf:2: " <<< "$err" || fail "'$bad': $err"
done
echo "ok: JPEG shots and strips with EXIF, PNG on request, both repaired, exported and shown in the gallery"
