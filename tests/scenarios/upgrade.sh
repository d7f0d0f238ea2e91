# A package upgrade while a guest is at the booth: the new program file is put in place in the
# middle of their strip. The booth finishes the session, saves it, and only back on the start
# screen exits with 75, which the service restarts into the new version. Run by hand (not by
# systemd) it never restarts itself.
. "$(dirname "$0")/lib.sh"
# the program file the booth runs from; through qemu (cross-built or packaged for arm64), the
# file qemu runs, which is what the booth sees as its own
mkdir -p "$T/prog"
cp "$GATHERBOOTH_PROGRAM" "$T/prog/gatherbooth"
run=$T/prog/gatherbooth
if [ -n "${GATHERBOOTH_WRAP:-}" ]; then
  printf '#!/bin/sh\nexec %s %s "$@"\n' "$GATHERBOOTH_WRAP" "$T/prog/gatherbooth" > "$T/prog/run"
  chmod +x "$T/prog/run"
  run=$T/prog/run
fi
export GATHERBOOTH_DEBUG=1
session="wait 1000
expect-screen attract
press
expect-screen countdown
shot started
expect-file $T/installed
wait 15000
expect-screen review
tap Keep
expect-screen saved
wait 20000
expect-screen attract
wait 3000
shot still-here
quit"

# the upgrade: a new file renamed over the old one, as dpkg does, once the session is under way
upgrade() {
  wait_for_file "$SHOTS/started.png" || fail "the session never started"
  cp "$GATHERBOOTH_PROGRAM" "$T/prog/.gatherbooth.new"
  printf 'new' >> "$T/prog/.gatherbooth.new"
  mv "$T/prog/.gatherbooth.new" "$T/prog/gatherbooth"
  touch "$T/installed"
}
wait_for_file() {
  local end=$((SECONDS + 60))
  until [ -e "$1" ]; do
    [ $SECONDS -lt $end ] || return 1
    sleep 0.05
  done
}

# 1. as a service
upgrade &
GATHERBOOTH=$run INVOCATION_ID=0123456789abcdef booth "$session"
wait
expect_rc 75
grep -q "is a new version: restarting into it, between guests" <<< "$log" || fail "no restart said: $log"
[ ! -e "$SHOTS/still-here.png" ] || fail "the booth stayed up on the start screen after the upgrade"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'strip'")" 1 "strips saved before the restart"
check_files_and_rows

# 2. by hand: no restart
rm -f "$T/installed" "$SHOTS"/*.png
cp "$GATHERBOOTH_PROGRAM" "$T/prog/gatherbooth"
upgrade &
GATHERBOOTH=$run booth "$session"
wait
expect_rc 0
[ -e "$SHOTS/still-here.png" ] || fail "run by hand, the booth ended after the upgrade"
echo "ok: upgrade"
