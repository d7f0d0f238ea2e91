#!/usr/bin/env bash
# Photos on phones: with [share] on, the review and thank-you screens show two QR codes (the
# Wi-Fi's join code and the page's address); Keep writes the session's page under an
# unguessable token, with copies of its files; lighttpd, started here with the project's rules
# on a loopback port as an unprivileged user, serves it; headless Chromium opens the address
# read from the thank-you screenshot and downloads a photo byte for byte. A wrong or missing
# token, `..`, and the folders above the pages are 404, and no page lists the others; phones'
# captive-portal checks are answered; a withdrawn consent takes its person's page down at
# once, and Shut down takes every page down when the config says so.
. "$(dirname "$0")/lib.sh"
command -v zbarimg > /dev/null || { echo "SKIP: zbarimg is not installed (zbar-tools)"; exit 77; }
command -v lighttpd > /dev/null || { echo "SKIP: lighttpd is not installed"; exit 77; }
command -v chromium > /dev/null || { echo "SKIP: chromium is not installed"; exit 77; }
PIN="tap 1
tap 2
tap 3
tap 4
tap OK"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SHARE="$T/share"
cat > "$T/share.conf" << CONF
[share]
enabled = yes
folder = $SHARE
wifi_name = Library Booth
wifi_password = books;for:all
address = 127.0.0.1:$port
end_of_event = remove
CONF

# 1. a walk-up strip: the codes at review and after Keep
booth "wait 1000
press
wait 3300
expect-screen countdown
wait 11800
expect-screen review
wait 200
shot review
tap Keep
expect-screen saved
wait 500
shot saved
wait 1000
quit" --config "$T/share.conf"
expect_rc 0
expect_text "1. Join the Wi-Fi Library Booth"
expect_text "2. Open your photos"
zbarimg --quiet --raw "$SHOTS/saved.png" | sort > "$T/codes"
expect_eq "$(wc -l < "$T/codes")" 2 "QR codes on the thank-you screen"
grep -qxF 'WIFI:T:WPA;S:Library Booth;P:books\;for\:all;;' "$T/codes" ||
  fail "the Wi-Fi code: $(cat "$T/codes")"
url=$(grep '^http' "$T/codes")
[[ $url =~ ^http://127\.0\.0\.1:$port/s/([a-z2-7]{26})/$ ]] || fail "the page's address: $url"
token=${BASH_REMATCH[1]}
expect_eq "$(zbarimg --quiet --raw "$SHOTS/review.png" | grep '^http')" "$url" "the review screen's page code"

# the page's files are copies of the session's, readable by the web server's own user
page="$SHARE/s/$token"
[ -f "$page/index.html" ] || fail "no page at $page: $(ls -R "$SHARE")"
strip=$(find "$DATA/photos" -name '*-strip-booth.jpg')
cmp -s "$strip" "$page/strip.jpg" || fail "the page's strip is not the session's"
[ "$(stat -c %i "$strip")" != "$(stat -c %i "$page/strip.jpg")" ] || fail "the page links the original"
expect_eq "$(ls "$page" | sort | tr '\n' ' ')" "index.html photo1.jpg photo2.jpg photo3.jpg photo4.jpg strip.jpg " "the page's files"
expect_eq "$(stat -c %a "$page" "$page/strip.jpg" | tr '\n' ' ')" "755 644 " "the page's modes"
expect_eq "$(sql "SELECT count(*) FROM shares WHERE token = '$token' AND removed IS NULL")" 1 "the page's row"
grep -q "http" "$page/index.html" && fail "the page fetches something from elsewhere"
grep -q "<script" "$page/index.html" && fail "the page has a script"

# 2. the project's lighttpd rules, as an unprivileged user, on the loopback port
cat > "$T/lighttpd.conf" << CONF
var.share_root = "$SHARE"
server.bind = "127.0.0.1"
server.port = $port
include "$SRCDIR/assets/share/lighttpd.conf"
CONF
chmod 0755 "$T"
as=()
[ "$(id -u)" -ne 0 ] || as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
"${as[@]}" lighttpd -D -f "$T/lighttpd.conf" 2> "$T/lighttpd.err" &
server=$!
trap 'kill $server 2> /dev/null; rm -rf "$T"' EXIT
end=$((SECONDS + 30))
until curl -s -o /dev/null "http://127.0.0.1:$port/generate_204"; do
  kill -0 $server 2> /dev/null || fail "lighttpd did not start: $(cat "$T/lighttpd.err")"
  [ $SECONDS -lt $end ] || fail "lighttpd does not answer"
  sleep 0.1
done
[ "$(ps -o user= -p $server)" != root ] || fail "lighttpd runs as root"

# a phone: Chromium opens the address from the screen and downloads the strip
mkdir -p "$T/phone"
python3 "$SRCDIR/tests/share/browser.py" "$url" "$T/phone" > "$T/browser" || fail "chromium: $(cat "$T/browser")"
grep -qx "status 200" "$T/browser" && grep -qx "title Your photos" "$T/browser" ||
  fail "the page in the browser: $(cat "$T/browser")"
expect_eq "$(grep -c '^link ' "$T/browser")" 5 "download links on the page"
cmp "$T/phone/strip.jpg" "$page/strip.jpg" || fail "the downloaded strip differs from the share copy"
cmp -s "$T/phone/strip.jpg" "$strip" || fail "the downloaded strip differs from the booth's"

code() { curl -s --path-as-is -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$port$1"; }
expect_eq "$(code "/s/$token/")" 200 "the page"
for bad in "/s/abcdefghijklmnopqrstuvwxyz/" "/s/$token-x/" "/s/" "/s" "/" "/s/$token/../" \
  "/s/$token/../../share.conf" "/../share.conf" "/s/%2e%2e/" "/s/.$token.tmp/" "/?list"; do
  expect_eq "$(code "$bad")" 404 "GET $bad"
  grep -q "$token" "$T/body" && fail "GET $bad shows the token"
done
# phones' checks for a captive portal: answered as a network that works
expect_eq "$(code /generate_204)" 200 "Android's check"
[ ! -s "$T/body" ] || fail "Android's check has a body"
expect_eq "$(code /hotspot-detect.html)" 200 "Apple's check"
grep -q "<TITLE>Success</TITLE>" "$T/body" || fail "Apple's check: $(cat "$T/body")"
expect_eq "$(code /connecttest.txt)" 200 "Windows's check"

# 3. a check-in photo for Anna, then her consent withdrawn: her page is 404 at once
booth "wait 500
scan GB-1004
expect-screen confirm
tap Check in
expect-screen consent
tap Take photo
expect-screen countdown
wait 3500
expect-screen review
tap Keep
wait 500
expect-screen saved
shot anna
wait 500
quit" --config "$T/share.conf"
expect_rc 0
anna_url=$(zbarimg --quiet --raw "$SHOTS/anna.png" | grep '^http')
[ -n "$anna_url" ] || fail "no page code for Anna's photo"
anna_path=${anna_url#http://127.0.0.1:$port}
expect_eq "$(code "$anna_path")" 200 "Anna's page"
booth "wait 300
tap Staff
$PIN
tap Recent check-ins
tap Delete photos: Anna Müller
wait 500
quit" --config "$T/share.conf"
expect_rc 0
expect_eq "$(code "$anna_path")" 404 "Anna's page after she withdrew consent"
expect_eq "$(code "/s/$token/")" 200 "the walk-up page after Anna withdrew"

# staff turn the pages off on the Settings page: the next session shows no codes and makes no
# page, and the setting outlasts a restart
booth "wait 300
tap Staff
$PIN
tap Settings
tap Phones: on
shot pages-off
tap Back
tap Exit staff
quit" --config "$T/share.conf"
expect_rc 0
expect_text "Phones: off"
pages=$(find "$SHARE/s" -mindepth 1 -maxdepth 1 | wc -l)
booth "wait 1000
press
wait 3300
wait 11800
expect-screen review
shot review-off
tap Keep
expect-screen saved
wait 500
shot saved-off
quit" --config "$T/share.conf"
expect_rc 0
expect_no_text "2. Open your photos"
[ -z "$(zbarimg --quiet --raw "$SHOTS/saved-off.png" "$SHOTS/review-off.png" 2> /dev/null)" ] ||
  fail "codes on screen with the pages turned off"
expect_eq "$(find "$SHARE/s" -mindepth 1 -maxdepth 1 | wc -l)" "$pages" "pages made while turned off"
booth "wait 300
tap Staff
$PIN
tap Settings
tap Phones: off
tap Back
tap Exit staff
quit" --config "$T/share.conf"
expect_rc 0

# 4. the event over: Shut down takes every page down (end_of_event = remove)
booth "wait 300
tap Staff
$PIN
tap Shut down
wait 500" --config "$T/share.conf"
expect_eq "$(code "/s/$token/")" 404 "the walk-up page after Shut down"
expect_eq "$(find "$SHARE/s" -mindepth 1 | wc -l)" 0 "pages left after Shut down"
expect_eq "$(sql "SELECT count(*) FROM shares WHERE removed IS NULL")" 0 "pages not marked removed"
[ -f "$strip" ] || fail "Shut down removed the booth's own photo"

# bad share settings: one line, exit 2
printf '[share]\nenabled = yes\n' > "$T/bad.conf"
booth "quit" --config "$T/bad.conf"
expect_rc 2
grep -q "needs wifi_password" <<< "$err" || fail "no password: $err"
printf '[share]\nwifi_password = short\n' > "$T/bad.conf"
booth "quit" --config "$T/bad.conf"
expect_rc 2
grep -q "bad.conf:2: wifi_password: WPA2 takes 8 to 63 characters" <<< "$err" || fail "short password: $err"
# the hotspot's files from the same config (the VM's wifi test brings them up over the air)
"$GATHERBOOTH" hotspot-config --config "$T/share.conf" "$T/hotspot" > /dev/null
grep -qx "ssid=Library Booth" "$T/hotspot/hostapd.conf" &&
  grep -qx "wpa_passphrase=books;for:all" "$T/hotspot/hostapd.conf" &&
  grep -qx "wpa=2" "$T/hotspot/hostapd.conf" || fail "hostapd.conf: $(cat "$T/hotspot/hostapd.conf")"
grep -qx "address=/#/127.0.0.1" "$T/hotspot/dnsmasq.conf" &&
  grep -qx "dhcp-option=option:router" "$T/hotspot/dnsmasq.conf" || fail "dnsmasq.conf: $(cat "$T/hotspot/dnsmasq.conf")"
expect_eq "$(stat -c %a "$T/hotspot" "$T/hotspot/hostapd.conf" | tr '\n' ' ')" "700 600 " "the hotspot files' modes"
printf '[share]\nwifi_password = books-for-all\naddress = booth.local\n' > "$T/bad.conf"
set +e
e=$("$GATHERBOOTH" hotspot-config --config "$T/bad.conf" "$T/hotspot2" 2>&1)
r=$?
set -e
expect_eq "$r" 2 "hotspot-config with a name for an address"
grep -q "is not the booth's IPv4 address" <<< "$e" || fail "bad address: $e"
[ ! -e "$T/hotspot2" ] || fail "a refused hotspot-config wrote files"
printf '[share]\ncountry = gb\n' > "$T/bad.conf"
booth "quit" --config "$T/bad.conf"
expect_rc 2
grep -q "bad.conf:2: country: two capital letters" <<< "$err" || fail "country: $err"
echo "ok: codes on screen, the page served by lighttpd and downloaded by Chromium, 404s, captive checks, withdrawal, the end of the event, and the hotspot's files"
