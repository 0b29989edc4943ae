#!/usr/bin/env bash
# Sets up everything NANO needs on Debian 12: system packages, V8 (libnode108),
# and the third-party sources from Debian's nodejs source package.
# Idempotent: each step checks a stamp and is skipped when already done.
#
#   packaging/bootstrap.sh [--app]      --app also installs the Qt packages
#
# The cache goes to $NANO_CACHE (default: <repo>/.cache/deps), which is ignored by git.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${NANO_CACHE:-$repo/.cache/deps}
want_app=0
for arg in "$@"; do
  case "$arg" in
    --app) want_app=1 ;;
    *) echo "bootstrap: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

# The nodejs source revision whose .dsc downloads cleanly; upstream 18.20.4 is the
# same V8 that libnode108 ships, so headers and library match.
node_src_version="18.20.4+dfsg-1~deb12u2"
node_lib_version="18.20.4+dfsg-1~deb12u3"

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

log() { printf 'bootstrap: %s\n' "$*"; }

packages=(build-essential cmake ninja-build pkg-config git xz-utils ca-certificates
          libuv1-dev libssl-dev zlib1g-dev libbrotli-dev libicu-dev libedit-dev openssl curl
          python3 wrk valgrind)
if [ $want_app = 1 ]; then
  packages+=(qt6-base-dev qt6-websockets-dev qt6-charts-dev libqt6opengl6-dev libgl-dev)
fi

apt_updated=0
apt_update_once() {
  if [ $apt_updated = 0 ]; then
    "${sudo_cmd[@]}" apt-get update -qq
    apt_updated=1
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$cache"
cd "$cache"

# V8 from libnode108: unpacked, not installed (it conflicts with the machine's nodejs).
if [ ! -f v8/.stamp-$node_lib_version ]; then
  log "unpacking libnode108 and libnode-dev $node_lib_version"
  apt_update_once
  rm -rf v8 debs && mkdir -p v8 debs
  # -o APT::Sandbox::User=root: the cache may sit where _apt cannot write.
  (cd debs && apt-get download -o APT::Sandbox::User=root -qq "libnode108=$node_lib_version" "libnode-dev=$node_lib_version")
  for deb in debs/*.deb; do dpkg -x "$deb" v8; done
  # Debian ships libnode.so.108 only; give the linker a plain name.
  libdir=$(dirname "$(find v8 -name 'libnode.so.108' -print -quit)")
  ln -sf libnode.so.108 "$libdir/libnode.so"
  rm -rf debs
  touch v8/.stamp-$node_lib_version
fi

# Debian's nodejs source: v8-inspector headers, ada, llhttp, simdutf and the WPT fixtures.
if [ ! -f src/.stamp-$node_src_version ]; then
  log "fetching nodejs source $node_src_version"
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    src_list=/etc/apt/sources.list.d/nano-deb-src.sources
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | "${sudo_cmd[@]}" tee "$src_list" >/dev/null
    else
      grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/nano-deb-src.list >/dev/null
    fi
    apt_updated=0
  fi
  apt_update_once
  rm -rf src && mkdir -p src/dl
  (cd src/dl && apt-get source -o APT::Sandbox::User=root --download-only -qq "nodejs=$node_src_version")
  main_tars=(src/dl/nodejs_*.orig.tar.*) ada_tars=(src/dl/nodejs_*.orig-ada.tar.*)
  main_tar=${main_tars[0]} ada_tar=${ada_tars[0]}
  # awk reads the whole listing, so no SIGPIPE under pipefail.
  top=$(tar -tf "$main_tar" | awk -F/ 'NR == 1 { print $1 }')
  log "extracting from $(basename "$main_tar")"
  tar -xf "$main_tar" -C src --wildcards \
    "$top/deps/v8/include/v8-inspector*.h" "$top/deps/llhttp" "$top/deps/simdutf" \
    "$top/test/fixtures/wpt"
  mv "src/$top" src/node
  mkdir -p src/ada
  tar -xf "$ada_tar" -C src/ada --strip-components=1
  rm -rf src/dl
  touch src/.stamp-$node_src_version
fi

log "ready: cache at $cache"
