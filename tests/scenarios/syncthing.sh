#!/usr/bin/env bash
# Three kiosks and three real Syncthings on one machine: each Syncthing with its own home,
# listening on a loopback port, its REST API on a Unix socket, set up and paired by the
# project's own helper (systemd/gatherbooth-peers-helper) from requests written by
# `gatherbooth pair`. C's Syncthing is stopped while guests are checked in on all three (the
# same guest at two kiosks, walk-ins, an undo, photos); then it starts again, and the test waits
# until the three booths, left running, have agreed by themselves on every check-in, photo and
# badge; their exports must then be alike.
. "$(dirname "$0")/lib.sh"
command -v syncthing > /dev/null || fail "syncthing is not installed"
command -v jq > /dev/null || fail "jq is not installed"
HELPER="$SRCDIR/systemd/gatherbooth-peers-helper"
export GATHERBOOTH_DEBUG=1

# ports on loopback: Syncthing's, free ones from the kernel
read -r PA PB PC < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
declare -A PORT=([A]=$PA [B]=$PB [C]=$PC) PID=() BOOTH=()

stop_all() {
  for k in "${!BOOTH[@]}"; do kill -TERM "${BOOTH[$k]}" 2> /dev/null || true; done
  pkill -f -- "--home=$T/st-" 2> /dev/null || true
  wait 2> /dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap stop_all EXIT

helper() { # helper K setup|apply
  GB_SYNCTHING_SOCKET="$T/st-$1/gui.sock" GB_SYNCTHING_HOME="$T/st-$1/home" \
    GB_PEERS_FOLDER="$T/sync-$1" GB_PEERS_STATE="$T/state-$1" \
    GB_LISTEN="tcp://127.0.0.1:${PORT[$1]}" GB_LOCAL_DISCOVERY=false "$HELPER" "$2"
}

start_syncthing() {
  local k=$1
  STNODEFAULTFOLDER=1 STNOUPGRADE=1 syncthing serve --home="$T/st-$k/home" --no-browser \
    --no-restart --no-upgrade --gui-address="unix://$T/st-$k/gui.sock" \
    > "$T/st-$k/log" 2>&1 &
  PID[$k]=$!
  local end=$((SECONDS + 60))
  local key
  key=$(sed -n 's:.*<apikey>\(.*\)</apikey>.*:\1:p' "$T/st-$k/home/config.xml")
  until curl -sf -H "X-API-Key: $key" --unix-socket "$T/st-$k/gui.sock" \
    http://syncthing/rest/system/ping > /dev/null; do
    [ $SECONDS -lt $end ] || { cat "$T/st-$k/log" >&2; fail "Syncthing $k did not start"; }
    sleep 0.1
  done
}

for k in A B C; do
  mkdir -p "$T/sync-$k" "$T/st-$k"
  syncthing generate --home="$T/st-$k/home" --no-default-folder --skip-port-probing > /dev/null 2>&1
  printf '[booth]\ndata = %s\n[peers]\nfolder = %s\nname = Door %s\nsyncthing = %s\n' \
    "$T/data-$k" "$T/sync-$k" "$k" "$T/state-$k" > "$T/$k.conf"
  start_syncthing "$k"
  helper "$k" setup > /dev/null
done
# each kiosk pairs with the other two, as staff do by scanning the codes on their screens
for k in A B C; do
  for j in A B C; do
    [ "$k" = "$j" ] && continue
    "$GATHERBOOTH" pair --config "$T/$k.conf" --address "tcp://127.0.0.1:${PORT[$j]}" \
      "$(cat "$T/state-$j/syncthing-id")" "Door $j" > /dev/null
  done
  helper "$k" apply > /dev/null
  expect_eq "$(wc -l < "$T/state-$k/paired")" 2 "kiosks paired with $k"
done
set +e
"$GATHERBOOTH" pair --config "$T/A.conf" "not-an-id" 2> "$T/pair.err"
rc=$?
set -e
expect_eq "$rc" 2 "pairing with a bad id"
grep -q 'is not a Syncthing device id' "$T/pair.err" || fail "bad id: $(cat "$T/pair.err")"

kiosk() { # kiosk K SCRIPT: a scripted booth, to its end
  printf '%s\n' "$2" > "$T/$1.script"
  "$GATHERBOOTH" run --headless --demo --config "$T/$1.conf" --script "$T/$1.script" \
    --screenshots "$SHOTS" > "$T/out" 2> "$T/err" || { cat "$T/err" >&2; fail "kiosk $1"; }
}
# booth K SCRIPT: a booth left running after its script, its peers worker exchanging with the
# others through Syncthing as at a door, until stop_booths
booth() {
  printf '%s\nwait-real 600000\n' "$2" > "$T/$1.script"
  "$GATHERBOOTH" run --headless --demo --config "$T/$1.conf" --script "$T/$1.script" \
    --screenshots "$SHOTS" > "$T/$1.out" 2> "$T/$1.err" &
  BOOTH[$1]=$!
}
# the booths stop as at the end of the day (SIGTERM: a last round, then out)
stop_booths() {
  for k in "${!BOOTH[@]}"; do kill -TERM "${BOOTH[$k]}" 2> /dev/null || true; done
  for k in "${!BOOTH[@]}"; do
    wait "${BOOTH[$k]}" 2> /dev/null || true
    ! grep -q ': error: ' "$T/$k.err" || { cat "$T/$k.err" >&2; fail "booth $k logged an error"; }
    unset "BOOTH[$k]"
  done
}
q() { DATA="$T/data-$1" sql "$2"; }
standing() {
  python3 - "$T/data-$1/gatherbooth.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("""SELECT a.uuid, (SELECT c.uuid FROM checkins c WHERE c.attendee = a.id
    AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1) FROM attendees a ORDER BY 1"""):
    print(*row)
PY
}
# what a kiosk holds that all must agree on: every guest's standing check-in, every photo and
# badge with its checksum (each file in place), nothing refused
holds() {
  standing "$1"
  python3 - "$T/data-$1" <<'PY'
import hashlib, os, sqlite3, sys
d = sys.argv[1]
db = sqlite3.connect(f"file:{d}/gatherbooth.db?mode=ro", uri=True)
for kind, path, sha in db.execute("SELECT kind, path, sha256 FROM photos ORDER BY sha256"):
    ok = os.path.exists(f"{d}/{path}") and hashlib.sha256(open(f"{d}/{path}", "rb").read()).hexdigest() == sha
    print(kind, sha if ok else "missing")
print("refused", db.execute("SELECT count(*) FROM sync_damage").fetchone()[0])
PY
}
# wait_until TIMEOUT WHAT CONDITION...: the booths work on by themselves; look again every
# half second
wait_until() {
  local end=$((SECONDS + $1)) what=$2 started=$SECONDS
  shift 2
  until "$@"; do
    [ $SECONDS -lt $end ] || return 1
    for k in "${!BOOTH[@]}"; do
      kill -0 "${BOOTH[$k]}" 2> /dev/null || { cat "$T/$k.err" >&2; fail "booth $k stopped"; }
    done
    sleep 0.5
  done
  echo "$what in $((SECONDS - started)) s"
}
checkins_are() { # checkins_are N K...: every named kiosk holds N check-in facts
  local n=$1 k
  shift
  for k in "$@"; do [ "$(q "$k" "SELECT count(*) FROM f_checkins")" = "$n" ] || return 1; done
}
agree() {
  checkins_are 6 A B C && [ "$(holds A)" = "$(holds B)" ] && [ "$(holds A)" = "$(holds C)" ] &&
    [ "$(holds A | grep -c '^shot ')" = 2 ] && ! grep -q missing <<< "$(holds A)"
}

# C is cut off: its Syncthing stops (the process it started too)
stop_syncthing() {
  pkill -f -- "--home=$T/st-$1/home" || true
  wait "${PID[$1]}" 2> /dev/null || true
  local end=$((SECONDS + 30))
  while pgrep -f -- "--home=$T/st-$1/home" > /dev/null; do
    [ $SECONDS -lt $end ] || fail "Syncthing $1 does not stop"
    sleep 0.1
  done
  unset "PID[$1]"
}
stop_syncthing C

ANNA="wait 300
scan GB-1004
tap Check in
tap Take photo
wait 3500
tap Keep
tap Done"
booth A "$ANNA
tap Check in
type Zed
tap Not on the list?
tap Space
type Shaw
tap Add and check in
tap Skip photo
tap Done"
booth B "wait 300
tap Check in
type Yara
tap Not on the list?
tap Space
type Diaz
tap Add and check in
tap Skip photo
tap Done"
# C has not heard of Anna's check-in at A, made first: a second one
anna_at_a() { [ "$(q A "SELECT count(*) FROM f_checkins c JOIN attendees a ON a.uuid = c.attendee WHERE a.badge_code = 'GB-1004'")" = 1 ]; }
wait_until 60 "Anna checked in at A" anna_at_a || fail "A never checked Anna in"
# (a second later by the wall clock, which check-ins are ordered by)
booth C "wait-real 1100
$ANNA
scan GB-1002
tap Check in
tap Skip photo
tap Done
scan GB-1003
tap Check in
tap Skip photo
tap Done
$STAFF_LOGIN
tap Recent check-ins
tap Undo
wait 300"
# A and B meet through Syncthing, C does not
wait_until 120 "A and B met" checkins_are 3 A B ||
  fail "A and B never met: $(q A "SELECT count(*) FROM f_checkins") check-ins at A, $(q B "SELECT count(*) FROM f_checkins") at B"
c_done() { # C's three check-ins, and staff's undo of one
  checkins_are 3 C && [ "$(q C "SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL")" = 1 ]
}
wait_until 60 "C did its own, and its undo" c_done ||
  fail "C made $(q C "SELECT count(*) FROM f_checkins") check-ins, $(q C "SELECT count(*) FROM f_undos") undos"

# heal: C's Syncthing comes back, and the running booths catch up by themselves
start_syncthing C
wait_until 180 "the three booths agreed" agree || {
  for k in A B C; do echo "--- $k"; holds $k; done >&2
  fail "the kiosks never agreed: A $(q A "SELECT count(*) FROM f_checkins"), B $(q B "SELECT count(*) FROM f_checkins"), C $(q C "SELECT count(*) FROM f_checkins") check-ins"
}
stop_booths
a_id=$(q A "SELECT value FROM meta WHERE key = 'kiosk_id'")
for k in A B C; do
  expect_eq "$(q $k "SELECT c.kiosk_id FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'GB-1004' AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1")" "$a_id" "Anna's standing check-in at $k"
  expect_eq "$(q $k "SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL")" 1 "the undo at $k"
  expect_eq "$(q $k "SELECT count(*) FROM photos WHERE kind = 'shot'")" 2 "photos at $k"
done
out=$("$GATHERBOOTH" checkin --config "$T/C.conf" --code GB-1004 2> /dev/null)
case "$out" in *"already checked in at Door A, "*) ;; *) fail "C's checkin said: $out" ;; esac
# one export from each, alike but for the export's own time
for k in A B C; do
  "$GATHERBOOTH" export --config "$T/$k.conf" "$T/export-$k" > /dev/null 2>&1 ||
    fail "export at $k failed"
done
python3 "$SRCDIR/tests/scenarios/same-exports.py" --photos 2 --badges 5 "$XLSXDUMP" \
  "$T"/export-{A,B,C} || fail "the kiosks' exports differ"
# the Kiosks page shows A's own pairing code, which a scanner reads back, and a code scanned
# there becomes a request for the helper
kiosk A "wait 300
$STAFF_LOGIN
tap Kiosks
shot a-kiosks
scan gatherbooth-pair $(cat "$T/state-B/syncthing-id") Door B
wait 300
quit"
if command -v zbarimg > /dev/null; then
  expect_eq "$(zbarimg --quiet --raw "$SHOTS/a-kiosks.png")" \
    "gatherbooth-pair $(cat "$T/state-A/syncthing-id") Door A" "A's pairing code on screen"
fi
expect_eq "$(cat "$T/state-A/requests/$(cat "$T/state-B/syncthing-id").pair")" \
  "$(cat "$T/state-B/syncthing-id") dynamic Door B" "the request from a scanned code"
echo "three kiosks agree through Syncthing: $(q A "SELECT count(*) FROM f_checkins") check-ins, 2 photos"
