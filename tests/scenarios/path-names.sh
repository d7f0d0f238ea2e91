#!/usr/bin/env bash
# Guests whose names look like paths ("../../etc/passwd", "/", ".") get photos, badges and an
# export like anyone else's, and every file lands inside the data or export folder, under a
# safe name.
. "$(dirname "$0")/lib.sh"
printf 'Name,Badge\n../../etc/passwd,P-1\n/,P-2\n.,P-3\n../..,P-4\n' > "$T/paths.csv"
mkdir -p "$DATA"
"$GATHERBOOTH" import --data "$DATA" "$T/paths.csv" > /dev/null 2>&1
passwd=$(sha256sum < /etc/passwd)
touch "$T/marker"
sleep 0.01
day="wait 300"
for code in P-1 P-2 P-3 P-4; do
  day="$day
scan $code
tap Check in
tap Take photo
wait 3500
tap Keep
tap Done"
done
booth "$day
expect-screen attract"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM checkins")" 4 "check-ins"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'shot'")" 4 "photos"
"$GATHERBOOTH" export --data "$DATA" "$T/export" > /dev/null 2>&1 || fail "export failed"
check_files_and_rows
# nothing new outside the data and export folders: not in the test's folder, not above it
[ -z "$(find "$(dirname "$T")" -maxdepth 1 -newer "$T/marker" -name '*passwd*')" ] ||
  fail "a passwd file appeared next to the test folder"
[ -z "$(find "$T" -newer "$T/marker" -type f -not -path "$DATA/*" -not -path "$T/export/*" \
  -not -path "$SHOTS/*" -not -name 'scenario.script' -not -name out -not -name err)" ] ||
  fail "files outside the data and export folders"
ls "$DATA/photos"/*/*-etc-passwd.jpg > /dev/null 2>&1 || fail "no photo named etc-passwd: $(ls -R "$DATA/photos")"
[ -f "$DATA/badges/P-1-etc-passwd.png" ] || fail "badge name: $(ls "$DATA/badges")"
[ -f "$DATA/badges/P-2-booth.png" ] || fail "badge name for '/': $(ls "$DATA/badges")"
# every exported name is a plain file name: no dot files, no path parts
while IFS= read -r f; do
  case "${f##*/}" in .* | *..*) fail "unsafe exported name: $f" ;; esac
done < <(find "$T/export" -type f)
expect_eq "$(find "$T/export" -name '*.jpg' -path '*photos*' | wc -l)" 4 "exported photos"
expect_eq "$(sha256sum < /etc/passwd)" "$passwd" "/etc/passwd"
echo "ok: path-like names stay inside the data and export folders"
