#!/usr/bin/env bash
# Three kiosks and three real Syncthings on one machine: each Syncthing with its own home,
# listening on a loopback port, its REST API on a Unix socket, set up and paired by the
# project's own helper (systemd/gatherbooth-peers-helper) from requests written by
# `gatherbooth pair`. C's Syncthing is stopped while guests are checked in on all three (the
# same guest at two kiosks, walk-ins, an undo, photos); then it starts again, and the test waits
# until all three agree.
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
declare -A PORT=([A]=$PA [B]=$PB [C]=$PC) PID=()

stop_all() {
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

kiosk() { # kiosk K SCRIPT
  printf '%s\n' "$2" > "$T/$1.script"
  "$GATHERBOOTH" run --headless --demo --config "$T/$1.conf" --script "$T/$1.script" \
    --screenshots "$SHOTS" > "$T/out" 2> "$T/err" || { cat "$T/err" >&2; fail "kiosk $1"; }
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
# converge: each kiosk applies what Syncthing has brought, as its worker does every second,
# until all three agree on every guest and every photo, or 120 s
converge() {
  local end=$((SECONDS + 120)) started=$SECONDS
  while :; do
    for k in A B C; do "$GATHERBOOTH" sync --config "$T/$k.conf" > /dev/null 2>&1 || true; done
    if [ "$(standing A)" = "$(standing B)" ] && [ "$(standing A)" = "$(standing C)" ] &&
      [ "$(q A "SELECT count(*) FROM f_checkins")" = "$1" ] &&
      [ "$(q C "SELECT count(*) FROM f_checkins")" = "$1" ] &&
      [ "$(q B "SELECT count(*) FROM f_checkins")" = "$1" ]; then
      echo "converged in $((SECONDS - started)) s"
      return 0
    fi
    [ $SECONDS -lt $end ] || return 1
    sleep 0.5
  done
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
wait 4500"
kiosk A "$ANNA
tap Check in
type Zed
tap Not on the list?
tap Space
type Shaw
tap Add and check in
tap Skip photo
wait 4000
quit"
kiosk B "wait 300
tap Check in
type Yara
tap Not on the list?
tap Space
type Diaz
tap Add and check in
tap Skip photo
wait 4000
quit"
# C has not heard of Anna's check-in at A: a second one
kiosk C "$ANNA
scan GB-1002
tap Check in
tap Skip photo
wait 4000
scan GB-1003
tap Check in
tap Skip photo
wait 4000
$STAFF_LOGIN
tap Recent check-ins
tap Undo
wait 300
quit"
# A and B meet through Syncthing, C does not
end=$((SECONDS + 120))
until [ "$(q B "SELECT count(*) FROM f_checkins")" = 3 ] && [ "$(q A "SELECT count(*) FROM f_checkins")" = 3 ]; do
  for k in A B C; do "$GATHERBOOTH" sync --config "$T/$k.conf" > /dev/null 2>&1 || true; done
  [ $SECONDS -lt $end ] || fail "A and B never met: $(q B "SELECT count(*) FROM f_checkins") check-ins at B"
  sleep 0.5
done
expect_eq "$(q C "SELECT count(*) FROM f_checkins")" 3 "check-ins at C, cut off"

# heal: C's Syncthing comes back
start_syncthing C
converge 6 || fail "the kiosks never agreed: A $(q A "SELECT count(*) FROM f_checkins"), B $(q B "SELECT count(*) FROM f_checkins"), C $(q C "SELECT count(*) FROM f_checkins") check-ins"
a_id=$(q A "SELECT value FROM meta WHERE key = 'kiosk_id'")
for k in A B C; do
  expect_eq "$(q $k "SELECT c.kiosk_id FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'GB-1004' AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1")" "$a_id" "Anna's standing check-in at $k"
  expect_eq "$(q $k "SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL")" 1 "the undo at $k"
done
out=$("$GATHERBOOTH" checkin --config "$T/C.conf" --code GB-1004 2> /dev/null)
case "$out" in *"already checked in at Door A, "*) ;; *) fail "C's checkin said: $out" ;; esac
# photos: each once in each data folder, whole
end=$((SECONDS + 60))
until [ "$(q C "SELECT count(*) FROM photos WHERE kind <> 'badge'")" = 2 ]; do
  "$GATHERBOOTH" sync --config "$T/C.conf" > /dev/null 2>&1 || true
  [ $SECONDS -lt $end ] || fail "C has $(q C "SELECT count(*) FROM photos WHERE kind <> 'badge'") of 2 photos"
  sleep 0.5
done
for k in A B C; do
  expect_eq "$(q $k "SELECT count(*) FROM photos WHERE kind <> 'badge'")" 2 "photos at $k"
  expect_eq "$(q $k "SELECT count(*) FROM sync_damage")" 0 "refused at $k"
done
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
