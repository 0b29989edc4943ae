#!/usr/bin/env bash
# The README's run command: set up, build, and serve a bundled example handler.
#   packaging/run.sh [HANDLER] [nanojs serve options...]
#   (default: resources/examples/serve_hello.mjs on http://127.0.0.1:8787/)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$repo/build/run}
"$repo/packaging/bootstrap.sh"
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNANO_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target nanojs
handler=${1:-$repo/resources/examples/serve_hello.mjs}
shift || true
exec "$build/runtime/nanojs" serve "$handler" "$@"
