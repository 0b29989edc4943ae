#!/usr/bin/env bash
# The README's test command: set up, build everything, run every test suite.
#   packaging/test.sh            (BUILD_DIR defaults to build/ci; JOBS to nproc)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$repo/build/ci}
"$repo/packaging/bootstrap.sh" --app
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNANO_BUILD_TESTS=ON -DNANO_BUILD_APP=ON
cmake --build "$build" --parallel "${JOBS:-$(nproc)}"
cd "$build"
ctest --output-on-failure --timeout 600 -j "${JOBS:-$(nproc)}"
