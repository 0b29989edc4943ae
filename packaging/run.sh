#!/usr/bin/env bash
# The README's run command: set up, build, and run the main job on a bundled example.
#   packaging/run.sh [EXAMPLE]   (default: resources/examples/hello.mjs)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$repo/build/run}
"$repo/packaging/bootstrap.sh"
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNANO_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target nanojs
exec "$build/runtime/nanojs" run "${1:-$repo/resources/examples/hello.mjs}"
