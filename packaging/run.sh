#!/usr/bin/env bash
# The README's run command: set up, build, and open NANO Workbench on a bundled
# example with a small built-in load so the panels move.
#   packaging/run.sh [nano-workbench options...]
#   (default: --example tee_backpressure --load 5)
#   QT_QPA_PLATFORM=offscreen packaging/run.sh --screenshot-dir shots --quit-after 6000
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$repo/build/run}
"$repo/packaging/bootstrap.sh" --app
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNANO_BUILD_TESTS=OFF \
      -DNANO_BUILD_APP=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target nano-workbench
args=("$@")
has_handler=0
for a in "${args[@]}"; do
  case "$a" in --example|--example=*|*.mjs|*.js) has_handler=1 ;; esac
done
[ $has_handler = 1 ] || args=(--example tee_backpressure --load 5 "${args[@]}")
exec "$build/app/nano-workbench" "${args[@]}"
