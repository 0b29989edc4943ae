"""Finding (and installing on demand) the runtimes the benchmarks compare against.

Peers: node (from PATH), deno, bun and workerd. The last three come from the npm
registry as platform packages and are installed into BUILD/bench-peers (an
ignored cache: build directories are never committed) with `npm install
--prefix`. A peer that cannot be found or installed is skipped with a note on
stderr; the benchmark then runs without it.

wrk comes from apt (`apt-get install -y wrk`), only when running as root.
"""
import os
import shutil
import signal
import subprocess
import sys

# name -> (npm package, path of the binary inside the package)
NPM_PEERS = {
    "deno": ("@deno/linux-x64-glibc", "deno"),
    "bun": ("@oven/bun-linux-x64", "bin/bun"),
    "workerd": ("@cloudflare/workerd-linux-64", "bin/workerd"),
}


def note(message):
    print(f"note: {message}", file=sys.stderr, flush=True)


def default_cache(nanojs):
    """BUILD/bench-peers for the nanojs binary being measured (BUILD/runtime/nanojs)."""
    folder = os.path.dirname(os.path.abspath(nanojs))
    if os.path.basename(folder) == "runtime":
        folder = os.path.dirname(folder)
    return os.path.join(folder, "bench-peers")


def _binary_in_package(cache, package, relative):
    root = os.path.join(cache, "node_modules", *package.split("/"))
    candidates = [os.path.join(root, relative)]
    name = os.path.basename(relative)
    # Packages have moved their binary between releases: look around if needed.
    for sub in ("bin", "", "package/bin"):
        candidates.append(os.path.join(root, sub, name))
    for path in candidates:
        if os.path.isfile(path):
            if not os.access(path, os.X_OK):
                try:
                    os.chmod(path, 0o755)
                except OSError:
                    continue
            return path
    return None


def _works(binary, args=("--version",)):
    try:
        result = subprocess.run([binary, *args], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode(errors="replace").strip().splitlines()[0] if result.stdout else "?"


def find_npm_peer(name, cache, install=True):
    """Path of the peer's binary, installing its npm package if allowed; None if unavailable."""
    cache = os.path.abspath(cache)
    package, relative = NPM_PEERS[name]
    on_path = shutil.which(name)
    if on_path and _works(on_path):
        return on_path
    binary = _binary_in_package(cache, package, relative)
    if binary is None and install:
        npm = shutil.which("npm")
        if npm is None:
            note(f"skipping {name}: not on PATH and npm is not available to install {package}")
            return None
        os.makedirs(cache, exist_ok=True)
        print(f"installing {name} ({package}) into {cache} ...", file=sys.stderr, flush=True)
        try:
            result = subprocess.run([npm, "install", "--prefix", cache, "--no-audit", "--no-fund",
                                     "--loglevel=error", package],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        except subprocess.TimeoutExpired:
            note(f"skipping {name}: npm install {package} timed out")
            return None
        if result.returncode != 0:
            tail = result.stdout.decode(errors="replace").strip().splitlines()[-3:]
            note(f"skipping {name}: npm install {package} failed: {' | '.join(tail)}")
            return None
        binary = _binary_in_package(cache, package, relative)
    if binary is None:
        note(f"skipping {name}: no binary found in {package}" + ("" if install else " (install disabled)"))
        return None
    if not _works(binary):
        note(f"skipping {name}: {binary} --version does not run on this machine")
        return None
    return binary


def find_node(explicit=None):
    node = shutil.which(explicit) if explicit else shutil.which("node")
    if node and _works(node):
        return os.path.abspath(node)
    note("skipping node: not found (pass --node PATH)")
    return None


def version(binary):
    return _works(binary) or "?"


def find_peers(names, cache, node=None, install=True):
    """{name: binary} for each requested peer that is available, in the order given."""
    found = {}
    for name in names:
        if name == "node":
            path = find_node(node)
        elif name in NPM_PEERS:
            path = find_npm_peer(name, cache, install)
        else:
            note(f"unknown peer {name}")
            path = None
        if path:
            found[name] = os.path.abspath(path)
    return found


def exit_cleanly_on_signals():
    """SIGTERM/SIGHUP end the script through SystemExit, so its finally blocks
    stop the servers; SIGPIPE is ignored, and the servers it starts inherit that
    (a server that does not ignore it dies when wrk closes connections)."""
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)


def find_wrk(explicit=None):
    wrk = explicit or shutil.which("wrk")
    if wrk:
        return wrk
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk with apt-get ...", file=sys.stderr, flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in (["apt-get", "install", "-y", "-q", "wrk"],
                    ["sh", "-c", "apt-get update -q && apt-get install -y -q wrk"]):
            try:
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=600, env=env)
            except subprocess.TimeoutExpired:
                break
            wrk = shutil.which("wrk")
            if wrk:
                return wrk
    note("wrk is not installed (apt-get install -y wrk, as root)")
    return None
