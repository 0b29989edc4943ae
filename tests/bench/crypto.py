#!/usr/bin/env python3
"""crypto.subtle throughput of nanojs against `openssl speed`, node and deno
(peers.py: deno from PATH or installed into BUILD/bench-peers), measured in the
same invocation.

Cases: AES-256-GCM encryption of a 16 MiB buffer and SHA-256 of a 64 MiB
buffer (MB/s, one operation at a time, awaited), ECDSA P-256 / SHA-256 and
Ed25519 signatures of a 32-byte message (signatures per second, one at a
time). `openssl speed -elapsed` is the hardware limit, measured in wall-clock
time like the runtimes: for AES and SHA on blocks of the case's own size
(16 MiB, 64 MiB: data streamed from memory, as the runtimes must) and, for
reference, on 16 KiB blocks (data that stays in the core's caches, a speed
no 16 MiB operation can reach). Prints each value and the ratios
nanojs/openssl and nanojs/node (above 1.0: nanojs is faster). With several
rounds, the nanojs/openssl ratio is the median of each round's ratio, both
measured back to back.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers as peerlib  # noqa: E402  (finds node, and deno from PATH or the npm cache)

CASES = ["aes-256-gcm-16MiB", "sha-256-64MiB", "ecdsa-p256-sign", "ed25519-sign"]
# Bytes per operation of the bulk cases: openssl speed runs on the same size.
BLOCK_BYTES = {"aes-256-gcm-16MiB": 16 << 20, "sha-256-64MiB": 64 << 20}
UNITS = {"aes-256-gcm-16MiB": "MB/s", "sha-256-64MiB": "MB/s",
         "ecdsa-p256-sign": "sign/s", "ed25519-sign": "sign/s"}

# One script for every runtime: WebCrypto only, timing with performance.now().
BENCH_JS = r"""
const subtle = globalThis.crypto.subtle;
const SECONDS = %(seconds)f;
const CASE = %(case)s;

async function timed(op, warmup) {
  for (let i = 0; i < warmup; i++) await op();
  const start = performance.now();
  let n = 0;
  do {
    await op();
    n++;
  } while (performance.now() - start < SECONDS * 1000);
  return { n, seconds: (performance.now() - start) / 1000 };
}

async function main() {
  let value;
  if (CASE === "aes-256-gcm-16MiB") {
    const key = await subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    const data = new Uint8Array(16 << 20).fill(7);
    const iv = new Uint8Array(12);
    const r = await timed(() => subtle.encrypt({ name: "AES-GCM", iv }, key, data), 3);
    value = r.n * data.length / r.seconds / 1e6;
  } else if (CASE === "sha-256-64MiB") {
    const data = new Uint8Array(64 << 20).fill(7);
    const r = await timed(() => subtle.digest("SHA-256", data), 2);
    value = r.n * data.length / r.seconds / 1e6;
  } else if (CASE === "ecdsa-p256-sign") {
    const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    const message = new Uint8Array(32).fill(1);
    const algorithm = { name: "ECDSA", hash: "SHA-256" };
    const r = await timed(() => subtle.sign(algorithm, pair.privateKey, message), 100);
    value = r.n / r.seconds;
  } else if (CASE === "ed25519-sign") {
    const pair = await subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
    const message = new Uint8Array(32).fill(1);
    const r = await timed(() => subtle.sign("Ed25519", pair.privateKey, message), 100);
    value = r.n / r.seconds;
  }
  console.log(JSON.stringify({ case: CASE, value }));
}
main();
"""


def run_js(cmd_prefix, case, seconds, workdir):
    path = os.path.join(workdir, "bench_%s.js" % case.replace("-", "_"))
    with open(path, "w") as f:
        f.write(BENCH_JS % {"seconds": seconds, "case": json.dumps(case)})
    try:
        out = subprocess.run(cmd_prefix + [path], capture_output=True, text=True, timeout=seconds * 20 + 60)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)["value"], None
    return None, (out.stderr.strip() or out.stdout.strip() or "exit %d" % out.returncode)[:200]


def openssl_speed(openssl, case, seconds, block_bytes=None):
    """openssl speed in wall-clock time (-elapsed): MB/s (on blocks of
    block_bytes, default the case's size) or signatures/s."""
    s = str(max(1, int(round(seconds))))
    if case in BLOCK_BYTES:
        algo = "aes-256-gcm" if case.startswith("aes") else "sha256"
        size = block_bytes or BLOCK_BYTES[case]
        cmd = [openssl, "speed", "-elapsed", "-seconds", s, "-bytes", str(size), "-evp", algo]
    elif case == "ecdsa-p256-sign":
        cmd = [openssl, "speed", "-elapsed", "-seconds", s, "ecdsap256"]
    else:
        cmd = [openssl, "speed", "-elapsed", "-seconds", s, "ed25519"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds * 10 + 60).stdout
    except (subprocess.TimeoutExpired, OSError) as e:
        return None, str(e)
    if case in BLOCK_BYTES:
        # "AES-256-GCM    3148197.83k" (1000s of bytes per second)
        m = re.search(r"^\S+\s+([\d.]+)k\s*$", out, re.M)
        return (float(m.group(1)) * 1000 / 1e6, None) if m else (None, "unparsed openssl output")
    # " 256 bits ecdsa (nistp256)   0.0000s   0.0001s  40000.0  12000.0"
    # " 253 bits EdDSA (Ed25519)    0.0000s   0.0001s  25000.0   9000.0"
    pattern = r"\(nistp256\)" if case == "ecdsa-p256-sign" else r"\(Ed25519\)"
    for line in out.splitlines():
        if re.search(pattern, line):
            try:
                return float(line.split()[-2]), None  # the last two columns: sign/s, verify/s
            except (ValueError, IndexError):
                break
    return None, "unparsed openssl output"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nanojs", required=True)
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per case and runtime")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated subset of: " + ", ".join(CASES))
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure everything this many times, interleaved, and report medians "
                             "(use on a busy machine)")
    parser.add_argument("--peers", default="node,deno", help="comma-separated subset of node,deno")
    parser.add_argument("--no-peers", action="store_true", help="nanojs only (smoke test)")
    parser.add_argument("--no-install", action="store_true", help="use only peers already installed")
    parser.add_argument("--peer-cache", default=None, help="default: BUILD/bench-peers")
    parser.add_argument("--node", default=None, help="node binary (default: from PATH)")
    parser.add_argument("--openssl", default=shutil.which("openssl"))
    args = parser.parse_args()

    # subprocess.run kills its child on any exception, SystemExit included.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    cases = [c for c in args.cases.split(",") if c]
    for c in cases:
        if c not in CASES:
            parser.error("unknown case %r" % c)
    nanojs = os.path.abspath(args.nanojs)
    runtimes = [("nanojs", [nanojs, "run"])]
    if not args.no_peers:
        wanted = [p.strip() for p in args.peers.split(",") if p.strip()]
        cache = args.peer_cache or peerlib.default_cache(nanojs)
        found = peerlib.find_peers(wanted, cache, node=args.node, install=not args.no_install)
        if "node" in found:
            runtimes.append(("node", [found["node"]]))
        if "deno" in found:
            runtimes.append(("deno", [found["deno"], "run", "--quiet", "--no-prompt"]))
        print("runtimes: nanojs (this build)" + "".join(
            ", %s (%s)" % (name, peerlib.version(path)) for name, path in found.items()))
    use_openssl = not args.no_peers and args.openssl
    if use_openssl:
        try:
            banner = subprocess.run([args.openssl, "version"], capture_output=True, text=True,
                                    timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            banner = "?"
        print("openssl: %s" % banner)

    print("crypto.subtle benchmark: %.1f s per case, %d round(s), %d CPU(s), load average before %.2f"
          % (args.seconds, args.rounds, os.cpu_count(), os.getloadavg()[0]))
    samples = {case: {} for case in cases}
    paired = {case: [] for case in cases}  # nanojs/openssl per round
    failed = False
    with tempfile.TemporaryDirectory() as workdir:
        for _ in range(args.rounds):
            for case in cases:
                for name, prefix in runtimes:
                    value, error = run_js(prefix, case, args.seconds, workdir)
                    if error:
                        print("  %s %s: %s" % (name, case, error), file=sys.stderr)
                        failed = failed or name == "nanojs"
                    elif value:
                        samples[case].setdefault(name, []).append(value)
                if use_openssl:
                    sizes = [("openssl", None)] + ([("openssl-16K", 16384)] if case in BLOCK_BYTES else [])
                    for column, block in sizes:
                        value, error = openssl_speed(args.openssl, case, args.seconds, block)
                        if error:
                            print("  %s %s: %s" % (column, case, error), file=sys.stderr)
                        elif value:
                            samples[case].setdefault(column, []).append(value)
                    # This round's ratio, from nanojs and openssl measured minutes apart at most.
                    got = samples[case]
                    if len(got.get("nanojs", [])) == len(got.get("openssl", [])) > len(paired[case]):
                        paired[case].append(got["nanojs"][-1] / got["openssl"][-1])
    print("load average after: %.2f" % os.getloadavg()[0])

    columns = [name for name, _ in runtimes] + (["openssl", "openssl-16K"] if use_openssl else [])
    ratios = [c for c in ("openssl", "openssl-16K", "node", "deno") if c in columns]
    print("%-20s %-7s" % ("case", "unit") + "".join("%12s" % c for c in columns)
          + "".join("%18s" % ("nano/" + c) for c in ratios))
    for case in cases:
        row = {name: statistics.median(values) for name, values in samples[case].items()}
        line = "%-20s %-7s" % (case, UNITS[case])
        for c in columns:
            line += "%12s" % ("%.0f" % row[c] if c in row else "-")
        for c in ratios:
            if c == "openssl" and paired[case]:
                ratio = statistics.median(paired[case])
            elif "nanojs" in row and c in row:
                ratio = row["nanojs"] / row[c]
            else:
                ratio = None
            line += "%18s" % ("%.2f" % ratio if ratio is not None else "-")
        print(line)
        if len(paired[case]) > 1:
            print("%-28s nano/openssl per round: %s" % ("", " ".join("%.2f" % r for r in paired[case])))
    if ratios:
        print("nano/X = nanojs / X (above 1.0: nanojs faster); openssl: `openssl speed -elapsed` in C, no JS, "
              "on blocks of the case's size (AES, SHA: the limit for data streamed from memory); "
              "openssl-16K: on 16 KiB blocks, which stay in cache")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
