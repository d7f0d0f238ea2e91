# Shared by scripts/demo, scripts/test and scripts/cross-arm64: what gatherbooth needs from
# Debian or Raspberry Pi OS, installed when missing, and the build folder set up.

# Needed to build and run the booth.
BUILD_PACKAGES="build-essential meson ninja-build pkg-config libsdl2-dev libsdl2-ttf-dev
  libpng-dev libsqlite3-dev libfreetype-dev nettle-dev zlib1g-dev libicu-dev libqrencode-dev
  libsystemd-dev libgpiod-dev libjpeg-dev libexif-dev libgif-dev libwebp-dev libcamera-dev
  libcups2-dev libzip-dev libexpat1-dev libxlsxwriter-dev libespeak-ng-dev libfribidi-dev libharfbuzz-dev
  fonts-dejavu-core
  gettext"
# Needed by the tests: python3 reads the database and the test log, clang-format checks the
# formatting, ImageMagick's montage is what the compose benchmark is measured against, Xvfb
# gives the windowed booth a real X server, zbarimg reads the badges' QR codes back,
# systemd-analyze (from systemd) checks the units, strace shows the order of syncs and renames,
# mkfs.ext4 (e2fsprogs) makes the USB stick the export test mounts, cupsd (cups-daemon) and
# lpadmin (cups-client) are the print tests' own private print service, LibreOffice's headless
# Calc makes the roster workbooks the import reads and reads back the workbook the export writes,
# exif (libexif's own tool) reads back what the photos say of themselves, webpmux (webp) reads
# back a boomerang's WebP, libvips's command line tools are the compose benchmark's second
# anchor, lighttpd serves the pages for phones in their test, Chromium is the phone that opens
# them, hostapd and dnsmasq are what the hotspot's units run (systemd-analyze checks them),
# faketime gives one kiosk of the peers test a clock an hour slow, and Syncthing carries the
# kiosks' changesets between them in the peers tests as it does at the door, driven through its
# REST API by the pairing helper with curl and jq.
TEST_PACKAGES="python3 clang-format imagemagick xvfb xauth zbar-tools systemd strace e2fsprogs
  cups-daemon cups-client libreoffice-calc-nogui exif webp libvips-tools lighttpd chromium curl
  hostapd dnsmasq-base faketime syncthing jq"
# Every backend the README promises, required: a missing -dev package fails the build naming
# the library, rather than quietly dropping the backend and its tests.
FEATURES="-Dcamera=enabled -Dv4l2=enabled -Dmjpeg=enabled -Dgpio=enabled -Dsystemd=enabled
  -Dcups=enabled"

# need_packages PKG...: installs those not yet installed, as root or through sudo.
need_packages() {
  local missing=() p native
  native=$(dpkg --print-architecture)
  for p in "$@"; do
    # a package named without an architecture is wanted for this machine's (or "all"): one
    # installed only for another, as scripts/cross-arm64 installs them, does not count
    if [[ $p == *:* ]]; then
      dpkg-query -W -f='${Status}\n' "$p" 2> /dev/null | grep -q "install ok installed" ||
        missing+=("$p")
    else
      dpkg-query -W -f='${Status} ${Architecture}\n' "$p" 2> /dev/null |
        grep -Eq "install ok installed ($native|all)$" || missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo > /dev/null || {
      echo "Missing packages: ${missing[*]}; run as root or install sudo." >&2
      exit 1
    }
    sudo=(sudo)
  fi
  echo "Installing from Debian: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null
}

# setup_build DIR [meson options...]: configures DIR once; later runs only rebuild.
setup_build() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" > "$dir.setup.log" 2>&1 || {
      cat "$dir.setup.log" >&2
      exit 1
    }
    rm -f "$dir.setup.log"
  fi
  ninja -C "$dir" > "$dir.ninja.log" 2>&1 || {
    cat "$dir.ninja.log" >&2
    rm -f "$dir.ninja.log"
    exit 1
  }
  rm -f "$dir.ninja.log"
}
