#!/usr/bin/env bash
# The build refuses an include that crosses the house's layers: tried for real on a copy of the
# source, with <SDL.h> and <sqlite3.h> in the core and the store's header in a screen. Each must
# fail the build with a line naming the file and the layer; the untouched copy must build.
. "$(dirname "$0")/lib.sh"
src=$T/src
mkdir -p "$src"
(cd "$SRCDIR" && tar -cf - meson.build meson_options.txt README.md firmware drivers ui tests assets systemd po \
  scripts) | tar -xf - -C "$src"
# the build folder's own choices, so the copy configures the same way without fetching anything
opts=$(cd "$BUILDDIR" && meson introspect --buildoptions |
  python3 -c 'import json,sys
want = {"camera", "v4l2", "mjpeg", "gpio", "systemd"}
print(" ".join("-D%s=%s" % (o["name"], o["value"]) for o in json.load(sys.stdin) if o["name"] in want))')
# shellcheck disable=SC2086
meson setup "$T/b" "$src" $opts > "$T/setup.log" 2>&1 || { cat "$T/setup.log"; fail "the copy does not configure"; }
ninja -C "$T/b" libcore.a libui.a > "$T/ok.log" 2>&1 || { tail -20 "$T/ok.log"; fail "the untouched copy does not build"; }

# compile_flags FILE: the include folders and defines the build compiles FILE with
compile_flags() {
  python3 - "$T/b/compile_commands.json" "$1" <<'PY'
import json, shlex, sys
for c in json.load(open(sys.argv[1])):
    if c["file"].endswith(sys.argv[2]):
        print(" ".join(a for a in shlex.split(c["command"]) if a[:2] in ("-I", "-D")))
        break
PY
}

# probe FILE TEXT: compiles TEXT with FILE's flags; fails if the compiler refuses it
probe() {
  local flags
  flags=$(compile_flags "$1")
  [ -n "$flags" ] || fail "no compiler command for $1"
  printf '%s\n' "$2" > "$T/probe.c"
  # shellcheck disable=SC2086
  (cd "$T/b" && cc $flags -fsyntax-only "$T/probe.c") > "$T/cc.log" 2>&1
}

# refused FILE INCLUDE WHY: puts INCLUDE at the top of FILE; both the layer's own compiler flags
# and the build must refuse it, the build with a line naming FILE, then FILE is put back
refused() {
  local file=$1 include=$2 why=$3
  cp "$src/$file" "$T/keep"
  { echo "$include"; cat "$T/keep"; } > "$src/$file"
  if ninja -C "$T/b" > "$T/bad.log" 2>&1; then
    fail "$file with $include built"
  fi
  grep -qF "$file:1: $include: $why" "$T/bad.log" || { cat "$T/bad.log"; fail "no line naming $file for $include"; }
  echo "ok: $file with $include: $(grep -F "$file:1:" "$T/bad.log" | head -1)"
  cp "$T/keep" "$src/$file"
}

refused firmware/core/booth.c '#include <SDL.h>' "the core layer may not use sdl2"
refused firmware/core/booth.c '#include <sqlite3.h>' "the core layer may not use sqlite3"
refused ui/screen_attract.c '#include "store.h"' "store.h belongs to store"
refused drivers/led.c '#include "booth.h"' "booth.h belongs to core"
refused ui/ui.c '#include "../firmware/store/store.h"' "a relative path reaches past the layer"

# the include path alone refuses too: the core is compiled without SDL's folder, the ui
# without the store's
probe firmware/core/booth.c '#include "booth.h"' || { cat "$T/cc.log"; fail "the core's flags do not compile its own header"; }
probe firmware/core/booth.c '#include <SDL.h>' && fail "the core's flags found SDL.h"
grep -q "SDL.h: No such file" "$T/cc.log" || { cat "$T/cc.log"; fail "core: not refused for SDL.h"; }
probe ui/screen_attract.c '#include "store.h"' && fail "the ui's flags found store.h"
grep -q "store.h: No such file" "$T/cc.log" || { cat "$T/cc.log"; fail "ui: not refused for store.h"; }
echo "ok: the core's compiler flags have no SDL, the ui's no store"

ninja -C "$T/b" libcore.a libui.a libdrivers.a > "$T/ok.log" 2>&1 || { tail -20 "$T/ok.log"; fail "the copy, put back, does not build"; }
echo "ok: every layer stays in its room"
