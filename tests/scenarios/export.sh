#!/usr/bin/env bash
# The organizers' export: every photo with the right hash, CSVs that read back, a gallery whose
# every image exists, FAT-safe unique names, updates that copy only what is new, withdrawn
# photos absent, and a full target that leaves no folder under the final name.
. "$(dirname "$0")/lib.sh"
PIN="tap 1
tap 2
tap 3
tap 4
tap OK"
gb() { "$GATHERBOOTH" "$@"; }

# a spreadsheet formula in a name must reach the CSV as text
printf 'Name,Badge\n"=cmd|'"'"' /C calc'"'"'!A0",F-1\n' > "$T/formula.csv"
mkdir -p "$DATA"
booth "wait 100"
gb import --data "$DATA" "$T/formula.csv" > /dev/null

# a day at the door: a walk-up strip, Anna checked in with a photo, José too, a walk-in
# without one; then José withdraws consent
booth "wait 300
press
wait 16000
tap Keep
tap Done
scan GB-1004
tap Check in
tap Take photo
wait 3500
tap Keep
tap Done
scan GB-1001
tap Check in
tap Take photo
wait 3500
tap Keep
tap Done
tap Check in
type Zoë
tap Not on the list?
tap Space
type O'Neil-Ávila
tap Add and check in
tap Skip photo
tap Done
tap Staff
$PIN
tap Recent check-ins
tap Delete photos: José García
wait 500
tap Back
tap Exit staff"
expect_rc 0

snapshot() { (cd "$DATA" && find . -type f ! -name '*-wal' ! -name '*-shm' | sort | xargs sha256sum); }
before=$(snapshot)
OUT="$T/usb/gatherbooth"
out=$(gb export --data "$DATA" "$OUT")
grep -q "^Exported to $OUT: 6 photos and 3 badges" <<< "$out" || fail "export: $out"
(cd "$OUT" && sha256sum -c --quiet MANIFEST.sha256) || fail "the manifest does not verify"
expect_eq "$(find "$OUT/photos" -name '*.jpg' | wc -l)" 6 "photos exported"
expect_eq "$(find "$OUT/badges" -name '*.png' | wc -l)" 3 "badges exported"
[ -z "$(find "$T/usb" -name '*.partial*')" ] || fail "a .partial folder was left"
expect_eq "$(snapshot)" "$before" "the data folder is untouched"

python3 - "$OUT" "$DATA" "$PNGTOOL" <<'PY'
import csv, hashlib, html.parser, os, re, sqlite3, subprocess, sys
out, data = sys.argv[1], sys.argv[2]

def rows(name):
    raw = open(os.path.join(out, name), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), name + " has no BOM"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), name + " is not CRLF"
    return list(csv.DictReader(open(os.path.join(out, name), encoding="utf-8-sig", newline="")))

photos = rows("photos.csv")
for r in photos:
    body = open(os.path.join(out, r["File"]), "rb").read()
    assert hashlib.sha256(body).hexdigest() == r["SHA-256"], r["File"]
    assert len(body) == int(r["Size"]), r["File"]
names = [r["File"] for r in photos]
assert len(names) == len(set(names)), "names repeat"
for n in names:
    base = os.path.basename(n)
    assert len(base.encode()) <= 120, base
    assert not set(':?*"<>|\\') & set(base), base
    if n.startswith("photos/"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{6}_[a-z0-9-]+_\d+(-\d+)?\.jpg", base), base
shots = [n for n in names if n.startswith("photos/")]
assert sum("_booth_" in n for n in shots) == 5, shots
assert sum("_anna-muller_" in n for n in shots) == 1, shots
assert not any("jose-garcia" in n for n in shots), "a withdrawn photo was exported"
assert not any("jose" in f for f in os.listdir(os.path.join(out, "photos"))), "withdrawn file"

att = {r["Name"]: r for r in rows("attendees.csv")}
anna = att["Anna Müller"]
assert anna["Checked in"] and re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", anna["Checked in"]), anna
assert "anna-muller" in anna["Photos"] and anna["Badge"] == "badges/GB-1004-anna-muller.png", anna
assert att["Zoë O'Neil-Ávila"]["Walk-in"] == "yes" and att["Anna Müller"]["Walk-in"] == "no"
assert att["Łukasz Kowalski"]["Organization"] == "Biblioteka Narodowa"
assert att["José García"]["Photos"] == "", "withdrawn photos listed"
formula = [n for n in att if "calc" in n]
assert formula == ["'=cmd|' /C calc'!A0"], formula

chk = rows("checkins.csv")
assert [r["Action"] for r in chk].count("check-in") == 3, chk
assert {r["Name"] for r in chk} >= {"Anna Müller", "José García", "Zoë O'Neil-Ávila"}

class Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.sections = [], 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img": self.refs.append(a["src"])
        if tag == "a": self.refs.append(a["href"])
        if tag == "section": self.sections += 1
        if tag == "script": assert "src" not in a, "the gallery loads an external script"
p = Refs()
page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
p.feed(page)
assert p.refs and all(os.path.isfile(os.path.join(out, r)) for r in p.refs), [r for r in p.refs if not os.path.isfile(os.path.join(out, r))]
assert sum(r.startswith("thumbs/") for r in p.refs) == 6
assert "Anna Müller" in page and 'id="q"' in page and "http" not in page.replace("http-equiv", "")
for r in p.refs:
    if r.startswith("thumbs/"):
        # a JPEG photo's thumbnail is a JPEG, under the photo's name
        head = open(os.path.join(out, r), "rb").read(3)
        assert r.endswith(".jpg") and head == b"\xff\xd8\xff", (r, head)
        size = subprocess.run([sys.argv[3], "info", os.path.join(out, r)], check=True,
                              capture_output=True, text=True).stdout.strip()
        w, h = map(int, size.split("x"))
        assert max(w, h) == 400, (r, w, h)
print("ok: csv, gallery and names")
PY

# no room to assemble the workbook (its temporary folder missing): the export fails with one
# line saying so, and leaves no folder under the final name
set +e
TMPDIR="$T/no-such-tmp" gb export --data "$DATA" "$T/usb/notmp" > /dev/null 2> "$T/e"
r=$?
set -e
expect_eq "$r" 1 "export without its temporary folder"
grep -qF "$T/usb/notmp: attendees.xlsx could not be made: $T/no-such-tmp/gatherbooth-export-" "$T/e" ||
  fail "no line about the workbook: $(cat "$T/e")"
grep -qF "nothing was exported" "$T/e" || fail "the line does not say nothing was exported"
[ ! -e "$T/usb/notmp" ] || fail "a folder was left under the final name"

# the workbook beside the CSVs: LibreOffice reads back the same rows, a formula-looking name is
# a text cell, times are date-times, badge codes text, and each photo links to its file
HOME="$T/lo-home" soffice --headless --convert-to \
  'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$T/lo" "$OUT/attendees.xlsx" > "$T/lo.log" 2>&1 || fail "LibreOffice: $(cat "$T/lo.log")"
python3 - "$OUT" "$T/lo" <<'PY'
import csv, os, re, sys, zipfile
out, lo = sys.argv[1], sys.argv[2]

def ours(name):
    return list(csv.reader(open(os.path.join(out, name), encoding="utf-8-sig", newline="")))

def theirs(sheet):
    return list(csv.reader(open(os.path.join(lo, "attendees-%s.csv" % sheet), encoding="utf-8", newline="")))

def plain(cell):
    # the CSVs mark a formula-looking cell with ' and write ISO 8601 times with their offset;
    # the workbook holds the text itself and a date-time
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@"):
        cell = cell[1:]
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})[+-]\d{2}:\d{2}", cell)
    return "%s %s" % m.groups() if m else cell

for doc, sheet in (("attendees.csv", "Attendees"), ("checkins.csv", "Check-ins"), ("photos.csv", "Photos")):
    a = [[plain(c) for c in row] for row in ours(doc)]
    b = theirs(sheet)
    assert len(a) == len(b), (doc, len(a), len(b))
    for x, y in zip(a, b):
        y = y + [""] * (len(x) - len(y))
        assert x == y, (doc, x, y)

z = zipfile.ZipFile(os.path.join(out, "attendees.xlsx"))
sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
assert "<f>" not in sheet1, "a formula in the attendees sheet"
assert 'state="frozen"' in sheet1 and 'ySplit="1"' in sheet1, "the header row is not frozen"
assert "<autoFilter ref=" in sheet1, "no filter on the header"
assert "<cols>" in sheet1, "no column widths"
# written row by row (libxlsxwriter's constant-memory mode), so strings are inline
assert re.search(r't="inlineStr"><is><t[^>]*>=cmd\|&apos;|t="inlineStr"><is><t[^>]*>=cmd\|\' /C calc\'!A0</t>', sheet1), \
    "the formula-looking name is not a text cell"
# badge codes are text: every cell of column H is a string
assert re.search(r'<c r="H2"[^>]* t="inlineStr"', sheet1), "badge codes are not text"
assert not re.search(r'<c r="H\d+"(?![^>]* t="inlineStr")[^>]*>', sheet1), "a badge code is not text"
# check-in times are numbers in a date-time format
sheet2 = z.read("xl/worksheets/sheet2.xml").decode()
assert re.search(r'<c r="A2" s="\d+"><v>\d+\.\d+</v></c>', sheet2), sheet2[:600]
# every photo row links to its file in the export
rels = z.read("xl/worksheets/_rels/sheet3.xml.rels").decode()
targets = re.findall(r'Target="([^"]+)" TargetMode="External"', rels)
assert len(targets) == 9, targets
for t in targets:
    assert os.path.exists(os.path.join(out, t)), t
PY

# a second export copies only what is new
out=$(gb export --data "$DATA" "$OUT")
grep -q "0 files copied (0.0 MB), 15 already there, 0 removed" <<< "$out" || fail "re-export: $out"
booth "wait 300
press
wait 16000
tap Keep
tap Done"
out=$(gb export --data "$DATA" "$OUT")
grep -q "11 photos and 3 badges; 10 files copied" <<< "$out" || fail "update: $out"
(cd "$OUT" && sha256sum -c --quiet MANIFEST.sha256) || fail "the updated manifest does not verify"

# consent withdrawn after an export: the next export removes the photo
booth "wait 300
tap Staff
$PIN
tap Recent check-ins
tap Delete photos: Anna Müller
wait 500"
out=$(gb export --data "$DATA" "$OUT")
grep -q "removed" <<< "$out" && ! grep -q " 0 removed" <<< "$out" || fail "withdrawal not applied: $out"
[ -z "$(find "$OUT/photos" "$OUT/thumbs" -name '*anna-muller*')" ] || fail "Anna's photo is still exported"
(cd "$OUT" && sha256sum -c --quiet MANIFEST.sha256) || fail "the manifest does not verify after removal"

# a full target: a clear error, no folder under the final name, no .partial, data untouched
before=$(snapshot)
set +e
GATHERBOOTH_FAULTS=write=ENOSPC@4 gb export --data "$DATA" "$T/full/gatherbooth" > /dev/null 2> "$T/e"
r=$?
set -e
expect_eq "$r" 1 "exit status on a full target"
grep -q "$T/full/gatherbooth: the target is full; nothing was exported" "$T/e" || fail "message: $(cat "$T/e")"
[ ! -e "$T/full/gatherbooth" ] || fail "a half export has the final name"
[ -z "$(find "$T/full" -name '*.partial*')" ] || fail "a .partial folder was left"
expect_eq "$(snapshot)" "$before" "the data folder after a failed export"
# the same into an existing export leaves it as it was
before_out=$(cd "$OUT" && find . -type f | sort | xargs sha256sum)
booth "wait 300
press
wait 16000
tap Keep
tap Done"
set +e
GATHERBOOTH_FAULTS=write=ENOSPC@1 gb export --data "$DATA" "$OUT" > /dev/null 2> "$T/e"
expect_eq $? 1 "exit status on a full target, update"
set -e
grep -q "the target is full; the export there is as it was" "$T/e" || fail "message: $(cat "$T/e")"
expect_eq "$(cd "$OUT" && find . -type f | sort | xargs sha256sum)" "$before_out" "the earlier export after a failed update"

# a folder that is not an export is refused
mkdir -p "$T/other" && echo keep > "$T/other/notes.txt"
set +e
gb export --data "$DATA" "$T/other" > /dev/null 2> "$T/e"
expect_eq $? 2 "not an export"
set -e
grep -q "exists and is not a gatherbooth export" "$T/e" || fail "message: $(cat "$T/e")"
# the staff screen's "Export to USB", to a stick at export_dir
mkdir -p "$T/stick"
printf '[booth]\nexport_dir = %s\n' "$T/stick" > "$T/stick.conf"
booth "wait 300
tap Staff
$PIN
tap Export to USB
wait 1000
expect-screen staff" --config "$T/stick.conf"
expect_rc 0
grep -q "saver: info: exported: " <<< "$log" || fail "no export: $log"
stick=$(find "$T/stick" -maxdepth 1 -name 'gatherbooth-*' -type d)
[ -n "$stick" ] || fail "nothing on the stick"
(cd "$stick" && sha256sum -c --quiet MANIFEST.sha256) || fail "the stick's manifest does not verify"
# no stick: said so, nothing written
printf '[booth]\nexport_dir = %s\n' "$T/no-stick" > "$T/nostick.conf"
booth "wait 300
tap Staff
$PIN
tap Export to USB
wait 500" --config "$T/nostick.conf"
expect_rc 0
grep -q "checkin: info: export: no USB stick found" <<< "$log" || fail "no-stick not reported"
[ ! -e "$T/no-stick" ] || fail "a folder was made for a missing stick"

# the clock: staff ask for an hour later; the root unit's command would apply it
booth "wait 300
tap Staff
$PIN
tap Clock
tap +1 h
tap +10 min
tap Set clock
wait 100"
expect_rc 0
want=$(( $(date +%s) + 4200 ))
got=$(cat "$DATA/clock-request")
[ $((got - want)) -le 5 ] && [ $((want - got)) -le 30 ] || fail "clock request $got, wanted about $want"
"$GATHERBOOTH" set-clock --data "$DATA" --dry-run | grep -q "^would set the clock to " || fail "set-clock"
echo "ok: export, update, withdrawal, full target, staff export, clock"
