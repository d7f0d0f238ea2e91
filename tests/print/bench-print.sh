#!/usr/bin/env bash
# The print benchmark with its own cupsd (cupsd.sh), and its anchor: `lp` sending the same
# 1200x1800 sheet to the same queue, the plain way any booth hands CUPS a picture.
set -euo pipefail
: "${SRCDIR:?run through meson test --benchmark}" "${BUILDDIR:?}"
. "$SRCDIR/tests/print/cupsd.sh"
grep -q 'HAVE_CUPS 1' "$BUILDDIR/build-config.h" || { echo "SKIP: built without CUPS (-Dcups)"; exit 77; }
command -v cupsd > /dev/null || { echo "SKIP: cupsd is not installed (cups-daemon)"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/gatherbooth-bench-print-XXXXXX")
trap 'cups_stop; rm -rf "$T"' EXIT
cups_start "$T/cups"
cups_queue strip 2> /dev/null
"$BUILDDIR/tests/bench-print"
sheet=$(ls "$CUPS_DIR"/out/strip-*.doc | head -1)
times=()
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  lp -d strip -o media=na_index-4x6_4x6in "$sheet" > /dev/null
  times+=($((($(date +%s%N) - t0) / 1000)))
done
python3 - "${times[@]}" <<'PY'
import statistics, sys
t = sorted(int(x) / 1000 for x in sys.argv[1:])
print("anchor: lp sending the same sheet to the same queue, until cupsd has the job: "
      f"median {statistics.median(t):.1f} ms of {len(t)}, fastest {t[0]:.1f} ms, slowest {t[-1]:.1f} ms")
PY
