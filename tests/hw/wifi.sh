# The booth's own Wi-Fi for real: two simulated radios (mac80211_hwsim). The booth's access
# point comes up on one from the project's own files (`gatherbooth hotspot-config` from the
# config's [share], run as gatherbooth-hotspot.service runs it: hostapd, dnsmasq, the address),
# with lighttpd serving the share folder under the project's rules. A phone, on the other radio
# in a network namespace of its own, joins with wpa_supplicant using the name and password read
# from the Wi-Fi QR code on the thank-you screen, gets an address by DHCP (and no route
# anywhere else), resolves a phone maker's connectivity check to the booth, and fetches the
# page and the strip from the page's QR code.
set -eu
. "$SRCDIR/tests/hw/common.sh"
D=/tmp/wifi
rm -rf "$D" && mkdir -p "$D/shots"
for c in hostapd dnsmasq wpa_supplicant iw lighttpd zbarimg curl; do
  command -v $c > /dev/null || { echo "SKIP: $c is not installed"; exit 77; }
done
fail() { echo "FAIL: $*"; exit 1; }
cleanup() {
  for p in "$D"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2> /dev/null; done
  [ -n "${server:-}" ] && kill "$server" 2> /dev/null
  ip netns del phone 2> /dev/null
  sleep 0.5
  modprobe -r mac80211_hwsim 2> /dev/null
  true
}
trap cleanup EXIT

# two radios; the second goes to the phone's own network namespace. (The kernel here cannot
# load modules by itself: WPA2's CCMP ciphers, loaded first.)
for m in ccm ctr gcm cmac aes_generic aesni_intel libarc4 af_packet; do modprobe "$m" 2> /dev/null || true; done
modprobe mac80211_hwsim radios=2
end=$(($(date +%s) + 20))
until [ "$(ls /sys/class/ieee80211 | wc -l)" -ge 2 ] && ip link show wlan1 > /dev/null 2>&1; do
  [ "$(date +%s)" -lt "$end" ] || fail "no simulated radios: $(ls /sys/class/ieee80211)"
  sleep 0.2
done
phy1=$(cat /sys/class/net/wlan1/phy80211/name)
ip netns add phone
iw phy "$phy1" set netns name phone
ip netns exec phone ip link set lo up

# the booth: a session, its page, the two codes on the thank-you screen
cat > "$D/booth.conf" << CONF
[share]
enabled = yes
folder = $D/share
wifi_name = Library Booth
wifi_password = books;for:all
interface = wlan0
address = 10.42.0.1
CONF
printf 'wait 1000\npress\nwait 3300\nwait 11800\nexpect-screen review\ntap Keep\nexpect-screen saved\nwait 500\nshot saved\nquit\n' > "$D/session.script"
SDL_VIDEODRIVER=dummy "$BUILDDIR/gatherbooth" run --headless --demo --config "$D/booth.conf" \
  --data "$D/data" --script "$D/session.script" --screenshots "$D/shots" 2> "$D/booth.err" ||
  { tail -5 "$D/booth.err"; fail "the session failed"; }
zbarimg --quiet --raw "$D/shots/saved.png" 2> /dev/null > "$D/codes" || fail "no codes on the thank-you screen"
wifi=$(grep '^WIFI:' "$D/codes") || fail "no Wi-Fi code: $(cat "$D/codes")"
url=$(grep '^http://' "$D/codes") || fail "no page code: $(cat "$D/codes")"
echo "codes: $wifi | $url"

# the access point, as the units bring it up
"$BUILDDIR/gatherbooth" hotspot-config --config "$D/booth.conf" /run/gatherbooth-hotspot
. /run/gatherbooth-hotspot/env
ip link set "$IFACE" up
ip address replace "$ADDRESS" dev "$IFACE"
hostapd -B -P "$D/hostapd.pid" -f "$D/hostapd.log" /run/gatherbooth-hotspot/hostapd.conf ||
  { cat "$D/hostapd.log"; fail "hostapd did not start"; }
dnsmasq --conf-file=/run/gatherbooth-hotspot/dnsmasq.conf --pid-file="$D/dnsmasq.pid" \
  --log-facility="$D/dnsmasq.log" --user=root || fail "dnsmasq did not start"
cat > "$D/lighttpd.conf" << CONF
var.share_root = "$D/share"
server.bind = "10.42.0.1"
server.port = 80
include "$SRCDIR/assets/share/lighttpd.conf"
CONF
chmod 755 "$D"
setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=+net_bind_service \
  --ambient-caps=+net_bind_service lighttpd -D -f "$D/lighttpd.conf" 2> "$D/lighttpd.err" &
server=$!

# the phone: the name and password as the code gives them (\ escapes ; , : and ")
ssid=$(printf '%s' "$wifi" | sed -E 's/.*;S:((\\.|[^;\\])*);.*/\1/; s/\\(.)/\1/g')
psk=$(printf '%s' "$wifi" | sed -E 's/.*;P:((\\.|[^;\\])*);.*/\1/; s/\\(.)/\1/g')
[ "$ssid" = "Library Booth" ] && [ "$psk" = "books;for:all" ] || fail "the code says ssid '$ssid', password '$psk'"
printf 'ctrl_interface=%s/wpa\nnetwork={\n  ssid="%s"\n  psk="%s"\n  key_mgmt=WPA-PSK\n}\n' "$D" "$ssid" "$psk" > "$D/phone.conf"
ip netns exec phone wpa_supplicant -B -i wlan1 -c "$D/phone.conf" -P "$D/wpa.pid" -f "$D/wpa.log" ||
  fail "wpa_supplicant did not start"
end=$(($(date +%s) + 60))
# joined: associated, and WPA2's four-way handshake done with the code's password
until grep -q "CTRL-EVENT-CONNECTED" "$D/wpa.log" 2> /dev/null; do
  [ "$(date +%s)" -lt "$end" ] || { tail -20 "$D/wpa.log"; tail -20 "$D/hostapd.log"; fail "the phone did not join"; }
  sleep 0.5
done
grep -q "WPA: Key negotiation completed" "$D/wpa.log" || fail "no WPA2 key negotiation: $(tail -5 "$D/wpa.log")"
echo "the phone joined \"$ssid\" with WPA2"

# an address by DHCP from the booth, and no route to anywhere else
cat > "$D/udhcpc.sh" << 'S'
#!/bin/sh
[ "$1" = bound ] || exit 0
busybox ifconfig "$interface" "$ip" netmask "$subnet"
echo "$ip ${router:-none} ${dns:-none}" > /tmp/wifi/lease
S
chmod +x "$D/udhcpc.sh"
ip netns exec phone busybox udhcpc -i wlan1 -q -n -t 10 -s "$D/udhcpc.sh" > "$D/udhcpc.log" 2>&1 ||
  fail "no DHCP lease: $(cat "$D/udhcpc.log")"
read -r ip router dns < "$D/lease"
case "$ip" in 10.42.0.*) ;; *) fail "the phone's address $ip" ;; esac
[ "$router" = none ] || fail "the booth offered a router: $router"
[ "$dns" = 10.42.0.1 ] || fail "the booth offered DNS $dns"
ip netns exec phone ip route | grep -q '^default' && fail "the phone has a default route"
echo "the phone has $ip, DNS $dns, no router"

# every name answers with the booth: Android's check reaches the booth's answer
ans=$(ip netns exec phone busybox nslookup connectivitycheck.gstatic.com 10.42.0.1 2>&1 | sed -n 's/^Address[^:]*: *//p' | tail -1)
[ "$ans" = 10.42.0.1 ] || fail "connectivitycheck.gstatic.com resolved to '$ans'"
code=$(ip netns exec phone curl -s -o /dev/null -w '%{http_code} %{size_download}' \
  --resolve connectivitycheck.gstatic.com:80:10.42.0.1 http://connectivitycheck.gstatic.com/generate_204)
[ "$code" = "200 0" ] || fail "Android's check over the air: $code"

# the page, over the air
ip netns exec phone curl -sf -o "$D/page.html" "$url" || fail "the page: $(cat "$D/lighttpd.err")"
grep -q "Your photos" "$D/page.html" || fail "the page: $(head -5 "$D/page.html")"
ip netns exec phone curl -sf -o "$D/strip.jpg" "${url}strip.jpg" || fail "the strip"
token=${url%/}
token=${token##*/}
cmp "$D/strip.jpg" "$D/share/s/$token/strip.jpg" || fail "the strip over the air differs"
code=$(ip netns exec phone curl -s -o /dev/null -w '%{http_code}' "http://10.42.0.1/s/")
[ "$code" = 404 ] || fail "the folder of pages over the air: $code"
echo "ok: the booth's access point from its own files, joined with the code's WPA2 password, DHCP with no route out, DNS to the booth, and the page and its strip over the air"
