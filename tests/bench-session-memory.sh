#!/usr/bin/env bash
# Peak resident memory of the whole kiosk through one 4-shot strip session (press, countdown,
# four stills, review, Keep, saved as JPEG), with the synthetic camera's stills at 1920x1080
# and at 4608x2592 (a Camera Module 3's full size). Stills stay YUV 4:2:0 as a camera gives
# them and are converted once, straight into the JPEG encoder and the strip's cells.
# Anchors, measured the same way when stills were held as XRGB8888 (4 bytes a pixel): 92 MB
# and 263 MB.
set -euo pipefail
: "${SRCDIR:?run through meson test --benchmark}" "${GATHERBOOTH:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/gatherbooth-bench-memory-XXXXXX")
trap 'rm -rf "$T"' EXIT
cat > "$T/session.script" <<'S'
wait 1000
expect-screen attract
press
wait 3300
expect-screen countdown
wait 11800
expect-screen review
wait 500
tap Keep
expect-screen saved
tap Done
expect-screen attract
quit
S
for size in 1920x1080 4608x2592; do
  printf '[camera]\nstill = %s\n' "$size" > "$T/$size.conf"
  mkdir -p "$T/data-$size"
  python3 - "$size" "$T" "$GATHERBOOTH" <<'PY'
import os, resource, subprocess, sys, time
size, tmp, gb = sys.argv[1:]
env = dict(os.environ, SDL_VIDEODRIVER="dummy")
runs = []
for i in range(3):
    data = os.path.join(tmp, f"data-{size}-{i}")
    os.mkdir(data)
    t0 = time.monotonic()
    # a child of its own per run, so that its peak is its own (ru_maxrss of the waited child)
    pid = os.fork()
    if pid == 0:
        os.execve(gb, [gb, "run", "--headless", "--demo", "--config", f"{tmp}/{size}.conf",
                       "--data", data, "--script", f"{tmp}/session.script"], env)
    _, status, ru = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the session at {size} failed (exit {os.waitstatus_to_exitcode(status)})")
    photos = [f for _, _, names in os.walk(os.path.join(data, "photos")) for f in names
              if f.endswith(".jpg")]
    if len(photos) != 5:
        sys.exit(f"the session at {size} saved {len(photos)} JPEG files, not 5")
    runs.append((ru.ru_maxrss / 1024, time.monotonic() - t0))
peak = max(r[0] for r in runs)
anchor = {"1920x1080": 92, "4608x2592": 263}[size]
goal = " (goal: under 160 MB, " + ("met" if peak < 160 else "NOT MET") + ")" if size == "4608x2592" else ""
print(f"4-shot strip session, stills {size}: peak resident {peak:.0f} MB over {len(runs)} runs "
      f"(XRGB8888 stills: {anchor} MB){goal}")
PY
done
