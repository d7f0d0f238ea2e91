#!/usr/bin/env bash
# Rosters as spreadsheets save them: workbooks made by LibreOffice from the test rosters and by
# hand, the same roster as UTF-16 and Windows-1252 text, and hostile workbooks. Each workbook or
# encoding imports to exactly the rows its CSV gives; each refusal is one line, exit 2, nothing
# stored.
. "$(dirname "$0")/lib.sh"
R="$SRCDIR/tests/data/rosters"
W="$T/workbooks"
gb() { "$GATHERBOOTH" "$@"; }
# rows DATA: every attendee's fields, in a stable order
rows() {
  python3 - "$1/gatherbooth.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute("SELECT display_name, first_name, last_name, coalesce(email, ''), "
                   "coalesce(organization, ''), coalesce(job_title, ''), coalesce(ticket_type, ''), "
                   "coalesce(badge_code, '') FROM attendees ORDER BY badge_code, display_name, email"):
    print("|".join(r))
PY
}
# same_rows NAME CSV OTHER [import options]: OTHER imports to exactly CSV's rows; its stderr
# is left in $T/e
same_rows() {
  local name=$1 csv=$2 other=$3
  shift 3
  rm -rf "$T/a" "$T/b"
  mkdir -p "$T/a" "$T/b"
  gb import --data "$T/a" "$csv" > /dev/null 2> /dev/null
  gb import --data "$T/b" "$other" "$@" > "$T/o" 2> "$T/e" || fail "$name: $(cat "$T/e")"
  [ -n "$(rows "$T/a")" ] || fail "$name: the CSV imported nothing"
  expect_eq "$(rows "$T/b")" "$(rows "$T/a")" "$name: the same rows as the CSV"
}
# refused NAME FILE WANT [import options]: exit 2, one line on stderr containing WANT, and the
# data folder as it was
refused() {
  local name=$1 file=$2 want=$3
  shift 3
  local before
  before=$(rows "$DATA")
  set +e
  gb import --data "$DATA" "$file" "$@" > "$T/o" 2> "$T/e"
  local r=$?
  set -e
  expect_eq "$r" 2 "$name: exit status"
  grep -qF -- "$want" "$T/e" || fail "$name: stderr lacks '$want': $(cat "$T/e")"
  expect_eq "$(grep -cv '^store: ' "$T/e")" 1 "$name: one line"
  expect_eq "$(rows "$DATA")" "$before" "$name: nothing stored"
}

# ---- workbooks made by LibreOffice from the test rosters ----
mkdir -p "$T/lo" "$W"
cp "$R"/eventbrite.csv "$R"/generic.csv "$R"/hievents.csv "$R"/attendize.csv "$T/lo/"
cp "$R/pretix.csv" "$T/lo/pretix-semicolon.csv"
lo() { # lo FILTER FILES...: converts to .xlsx into $W with LibreOffice's CSV filter options
  local filter=$1
  shift
  HOME="$T/lo-home" soffice --headless --infilter="CSV:$filter" --convert-to xlsx --outdir "$W" \
    "$@" > "$T/lo.log" 2>&1 || fail "LibreOffice: $(cat "$T/lo.log")"
}
lo 44,34,76,1 "$T"/lo/eventbrite.csv "$T"/lo/generic.csv "$T"/lo/hievents.csv "$T"/lo/attendize.csv
lo 59,34,76,1 "$T/lo/pretix-semicolon.csv"
for f in eventbrite generic hievents attendize; do
  same_rows "LibreOffice $f.xlsx" "$R/$f.csv" "$W/$f.xlsx"
done
same_rows "LibreOffice pretix.xlsx" "$R/pretix.csv" "$W/pretix-semicolon.xlsx"
# Eventbrite's numbers stay codes and its dates read as dates
"$XLSXDUMP" "$W/eventbrite.xlsx" > "$T/dump"
grep -qP '^2\t1001\t2026-10-01\tJosé' "$T/dump" || fail "order number and date: $(head -3 "$T/dump")"
grep -qF $'\t5001\tEB5001-77\t' "$T/dump" || fail "Attendee # read as 5001: $(head -3 "$T/dump")"

# ---- hand-made workbooks: what LibreOffice does not write ----
python3 "$SRCDIR/tests/data/workbooks.py" "$W"
mkdir -p "$DATA"
out=$(gb import --data "$DATA" "$W/handmade.xlsx" 2> "$T/e")
expect_eq "$out" "$W/handmade.xlsx: 4 added, 0 updated, 0 unchanged, 0 refused" "hand-made workbook"
expect_eq "$(rows "$DATA")" "José García|||jose@example.org|Kansas City Public Library|||1007
Siobhán O'Brien|||sob@example.ie|Kansas City Public Library|||1234567890123
Long Code|||||||1234567890123456
Line"$'\r'"Break|||ana@example.org||||3.5" "shared, inline and rich text, _x000D_, numbers, a merged organization"
"$XLSXDUMP" "$W/handmade.xlsx" > "$T/dump"
grep -qP '^4\tJosé García\tjose@example.org\tKansas City Public Library\t1007\t2025-12-09\tTRUE$' "$T/dump" ||
  fail "a date and a boolean: $(cat "$T/dump")"
grep -qP '^5\t.*\t2025-12-09T12:00:00\tFALSE$' "$T/dump" || fail "a date-time: $(cat "$T/dump")"
grep -qP '^8\tLong Code\t\t\t1234567890123456\t1007$' "$T/dump" || fail "whole numbers: $(cat "$T/dump")"
# the second sheet, by name, whose header is merged over two rows
out=$(gb import --data "$DATA" "$W/handmade.xlsx" --sheet staff 2> "$T/e")
expect_eq "$out" "$W/handmade.xlsx: 1 added, 0 updated, 0 unchanged, 0 refused" "--sheet"
expect_eq "$(sql "SELECT email FROM attendees WHERE display_name = 'Grace Hopper'")" grace@example.org \
  "the header's lower row names the columns"
out=$(gb import --data "$DATA" "$W/prefixed.xlsx" 2> "$T/e")
expect_eq "$out" "$W/prefixed.xlsx: 1 added, 0 updated, 0 unchanged, 0 refused" "x: prefix, no r=\"\""
expect_eq "$(sql "SELECT badge_code FROM attendees WHERE display_name = 'Ada Lovelace'")" 42 \
  "cells placed in order without references"

# a bad row is named FILE:SHEET!ROW; --skip-bad, --map and --dry-run work as for CSV
set +e
gb import --data "$DATA" "$W/badrow.xlsx" --sheet "guest list" > /dev/null 2> "$T/e"
rc=$?
set -e
expect_eq "$rc" 2 "a bad row: exit status"
expect_eq "$(grep -v '^store: ' "$T/e")" "$W/badrow.xlsx:'Guest list'!4: no name
$W/badrow.xlsx: 1 bad row(s); nothing imported (fix them, or --skip-bad)" "a bad row: its lines"
out=$(gb import --data "$DATA" "$W/badrow.xlsx" --sheet "Guest list" --skip-bad 2> "$T/e")
expect_eq "$out" "$W/badrow.xlsx: 1 added, 0 updated, 0 unchanged, 1 refused" "--skip-bad"
grep -qF "badrow.xlsx:'Guest list'!4: no name" "$T/e" || fail "--skip-bad names the row: $(cat "$T/e")"
out=$(gb import --data "$DATA" "$W/mapped.xlsx" --map Participant=name --map "Ticket No=badge" \
  --dry-run 2> "$T/e")
expect_eq "$out" "dry run, nothing changed: $W/mapped.xlsx: 1 added, 0 updated, 0 unchanged, 0 refused" \
  "--map and --dry-run"
expect_eq "$(sql "SELECT count(*) FROM attendees WHERE display_name = 'Mapped Person'")" 0 "dry run"
refused "--sheet unknown" "$W/handmade.xlsx" 'no sheet "Nope" (sheets: "Guests", "Staff")' --sheet Nope
refused "--sheet on text" "$R/eventbrite.csv" "--sheet Guests: $R/eventbrite.csv is a text file" \
  --sheet Guests
refused "--encoding on a workbook" "$W/handmade.xlsx" "is an Excel workbook, which says its own" \
  --encoding UTF-16

# ---- the same roster as Excel saves it as text ----
python3 - "$R/eventbrite.csv" "$T" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
tsv = "".join("\t".join(r) + "\r\n" for r in rows)
comma = open(sys.argv[1], encoding="utf-8").read()
out = sys.argv[2]
open(out + "/unicode.txt", "wb").write(b"\xff\xfe" + tsv.encode("utf-16-le"))  # Excel's "Unicode Text"
open(out + "/be.txt", "wb").write(b"\xfe\xff" + tsv.encode("utf-16-be"))
open(out + "/le-nobom.csv", "wb").write(comma.encode("utf-16-le"))
open(out + "/be-nobom.csv", "wb").write(comma.encode("utf-16-be"))
open(out + "/windows.csv", "wb").write(comma.replace("\n", "\r\n").encode("cp1252"))
# Polish names in ISO-8859-2, which only --encoding can tell from Windows-1252
open(out + "/latin2.csv", "wb").write("Name,Badge\r\nŁukasz Żółć,L-1\r\n".encode("iso-8859-2"))
PY
for f in unicode.txt be.txt le-nobom.csv be-nobom.csv; do
  same_rows "UTF-16 $f" "$R/eventbrite.csv" "$T/$f"
  expect_eq "$(grep -v '^store: ' "$T/e")" "$T/$f: read as UTF-16 (Excel's \"Unicode Text\")" "$f: its note"
done
same_rows "Windows-1252" "$R/eventbrite.csv" "$T/windows.csv"
expect_eq "$(grep -v '^store: ' "$T/e")" "$T/windows.csv: read as Windows-1252 (Excel's \"CSV (Comma delimited)\"); names with letters outside Western Europe may be wrong: \"CSV UTF-8\" keeps every name" \
  "Windows-1252: its note"
rm -rf "$T/c" && mkdir -p "$T/c"
gb import --data "$T/c" "$T/latin2.csv" --encoding ISO-8859-2 > /dev/null 2> "$T/e"
expect_eq "$(DATA=$T/c sql "SELECT display_name FROM attendees")" "Łukasz Żółć" "--encoding ISO-8859-2"
refused "unknown encoding" "$T/latin2.csv" "--encoding Klingon: not an encoding this system knows" \
  --encoding Klingon
printf 'Name\r\nA \xff\xfe\r\n' > "$T/notutf16.csv"
refused "--encoding that does not fit" "$T/notutf16.csv" "$T/notutf16.csv:2: not valid UTF-8; is --encoding right?" \
  --encoding UTF-8

# ---- hostile workbooks and files that are not workbooks ----
refused "zip bomb" "$W/bomb.xlsx" "xl/worksheets/sheet1.xml inflates to 300 MB, past the 256 MB"
refused "entity expansion" "$W/entities.xlsx" "declares a DTD"
refused "a million empty rows" "$W/million.xlsx" "past the 200000 rows a roster may have"
refused "truncated zip" "$W/truncated.xlsx" "a damaged or cut-short zip"
refused "a row written twice" "$W/twice.xlsx" "a damaged workbook: row 2 is written twice"
refused ".xls" "$W/old.xls" "an Excel 97-2003 workbook (.xls), which is not read"
refused "password" "$W/locked.xlsx" "a password-protected workbook"
refused ".ods" "$W/sheet.ods" "an OpenDocument spreadsheet (.ods)"
refused "a zip" "$W/photos.zip" "a zip archive, not a workbook"
echo "ok: workbooks, encodings and refusals"

# ---- the staff screen: a guest list from a USB stick (a folder standing in for its mount) ----
export TZ=UTC GATHERBOOTH_FREE_MB=25000
STICK="$T/stick"
rm -rf "$DATA" "$STICK" && mkdir -p "$DATA" "$STICK"
printf '[booth]\nexport_dir = %s\n' "$STICK" > "$T/stick.conf"
# a Mac's ._ copy and a file in a folder are not the guest list; the first .xlsx or .csv is
cp "$W/handmade.xlsx" "$STICK/guests.xlsx"
printf 'junk' > "$STICK/._guests.xlsx"
mkdir "$STICK/old" && cp "$R/eventbrite.csv" "$STICK/old/"
cp "$R/short-row.csv" "$STICK/zz-later.csv"
import_script="wait 300
$STAFF_LOGIN
tap Settings
tap Import from USB
expect-screen staff
shot import-preview
tap Import
wait 500
shot import-done
quit"
GATHERBOOTH_CONFIG="$T/stick.conf" booth "$import_script"
expect_rc 0
golden import-preview
expect_text "guests.xlsx, sheet Guests"
expect_text "Name: Name"
expect_text "Kansas City Public"
expect_text "4 guests to import."
expect_text "Guest list guests.xlsx imported: 4 new, 0 updated, 0 unchanged."
expect_eq "$(sql "SELECT display_name FROM attendees WHERE badge_code = '1007'")" "José García" \
  "imported from the stick"
expect_eq "$(sql "SELECT count(*) FROM attendees WHERE source = 'roster'")" 24 \
  "the demo's 20 guests and the stick's 4"

# rows that cannot be imported are counted on the preview and left out
rm "$STICK/guests.xlsx"
python3 - "$R/eventbrite.csv" "$STICK/guests.csv" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "wb").write((text + "1009,2026-10-02,,,nobody@example.org,,,,,,\n").encode("cp1252"))
PY
GATHERBOOTH_CONFIG="$T/stick.conf" booth "$import_script"
expect_rc 0
expect_text "read as Windows-1252"
expect_text "4 guests to import."
expect_text "1 row cannot be imported and will be left out (row 6: no name)."
expect_eq "$(sql "SELECT count(*) FROM attendees WHERE email = 'nobody@example.org'")" 0 "the bad row left out"
expect_eq "$(sql "SELECT count(*) FROM attendees WHERE badge_code = 'EB5004-80'")" 1 "the good rows in"

# a workbook that cannot be imported: its reason, no Import button, nothing stored
rm "$STICK/guests.csv" "$STICK/zz-later.csv"
cp "$W/locked.xlsx" "$STICK/guests.xlsx"
before=$(sql "SELECT count(*) FROM attendees")
GATHERBOOTH_CONFIG="$T/stick.conf" booth "wait 300
$STAFF_LOGIN
tap Settings
tap Import from USB
shot import-refused
expect-screen staff
quit"
expect_rc 0
expect_text "guests.xlsx: a password-protected workbook"
grep -q '^trace: control .* Import$' <<< "$trace" && fail "an Import button for a workbook that cannot be read"
expect_eq "$(sql "SELECT count(*) FROM attendees")" "$before" "nothing stored"
# no guest list on the stick at all
rm "$STICK/guests.xlsx"
GATHERBOOTH_CONFIG="$T/stick.conf" booth "wait 300
$STAFF_LOGIN
tap Settings
tap Import from USB
shot import-none
quit"
expect_text "The USB stick has no guest list"
echo "ok: the staff screen's import"
