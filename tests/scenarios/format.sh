#!/usr/bin/env bash
# The C sources follow .clang-format.
set -euo pipefail
command -v clang-format > /dev/null || { echo "SKIP: clang-format is not installed"; exit 77; }
cd "$SRCDIR"
# one clang-format for all the files: it names each file that is not formatted
if out=$(find firmware drivers ui tests \( -name '*.[ch]' -o -name '*.cpp' \) -print0 | sort -z |
  xargs -0 clang-format --dry-run -Werror 2>&1); then
  echo "ok: every C file is formatted"
  exit 0
fi
grep -oE '^[^:]+\.(c|h|cpp):' <<< "$out" | sort -u | sed 's/:$//; s/^/not formatted: /'
exit 1
