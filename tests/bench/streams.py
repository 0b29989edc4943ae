#!/usr/bin/env python3
"""Web streams throughput of `nanojs run`, telemetry off and on, against peers.

handlers/streams.mjs moves TOTAL bytes (256 MiB by default) in 64 KiB chunks:

  pipe  ReadableStream -> identity TransformStream -> WritableStream (pipeThrough/pipeTo)
  tee   ReadableStream.tee(), both branches piped to their own WritableStream
  read  a plain reader.read() loop (no pipe machinery), for reference

The same script runs in nanojs without telemetry (`nanojs run`), in nanojs with
telemetry attached (`nanojs run --telemetry /dev/null`: every stream event is
exported as a JSON line), in node and in deno. Each process does one warm-up pass
per case, then --runs timed passes (timed inside the script with
performance.now(), so process start-up is not counted); the median is reported.

Prints MB/s (10^6 bytes of the source per second), the telemetry on/off ratio
(below 1.0: what attaching telemetry costs) and nanojs/peer (above 1.0: nanojs
is faster).
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import peers as peerlib  # noqa: E402

SCRIPT = os.path.join(HERE, "handlers", "streams.mjs")
CASES = ["pipe", "tee", "read"]
ALL_PEERS = ["node", "deno"]


def run_script(label, cmd, total, runs, cases, timeout):
    """{case: median ms}; raises RuntimeError with the reason."""
    argv = cmd + [SCRIPT, str(total), str(runs), ",".join(cases)]
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{label}: timed out after {timeout:.0f} s")
    if proc.returncode != 0:
        raise RuntimeError(f"{label}: exit {proc.returncode}: "
                           f"{proc.stderr.decode(errors='replace').strip()[-400:]}")
    results = {}
    for line in proc.stdout.decode(errors="replace").splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        results[record["case"]] = statistics.median(record["ms"])
    missing = [c for c in cases if c not in results]
    if missing:
        raise RuntimeError(f"{label}: no result for {', '.join(missing)}")
    return results


def mb_per_s(total, ms):
    return total / 1e6 / (ms / 1e3) if ms > 0 else float("inf")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nanojs", required=True)
    parser.add_argument("--node", default=None, help="node binary (default: from PATH)")
    parser.add_argument("--peers", default=",".join(ALL_PEERS),
                        help="comma-separated subset of " + ",".join(ALL_PEERS))
    parser.add_argument("--no-peers", action="store_true", help="measure nanojs only")
    parser.add_argument("--no-install", action="store_true",
                        help="use only peers already installed (no npm install)")
    parser.add_argument("--peer-cache", default=None, help="default: BUILD/bench-peers")
    parser.add_argument("--mib", type=int, default=256, help="MiB moved per timed pass")
    parser.add_argument("--runs", type=int, default=5, help="timed passes per case (median)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every process this many times, interleaved; report the median "
                             "(use on a busy machine)")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--telemetry-file", default="/dev/null",
                        help="where the telemetry-on run writes its JSON lines")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per process")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 8 MiB, one pass (numbers are not meaningful)")
    args = parser.parse_args()
    if args.quick:
        args.mib, args.runs = 8, 1
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))

    nanojs = os.path.abspath(args.nanojs)
    total = args.mib << 20
    cases = [c for c in args.cases.split(",") if c]
    wanted = [] if args.no_peers else [p.strip() for p in args.peers.split(",") if p.strip()]
    cache = args.peer_cache or peerlib.default_cache(nanojs)
    found = peerlib.find_peers(wanted, cache, node=args.node, install=not args.no_install)

    runs = [("nanojs", [nanojs, "run"]),
            ("nanojs+telemetry", [nanojs, "run", "--telemetry", args.telemetry_file])]
    if "node" in found:
        runs.append(("node", [found["node"]]))
    if "deno" in found:
        runs.append(("deno", [found["deno"], "run", "--quiet", "--no-prompt"]))
    print("runtimes: nanojs (this build)" + "".join(
        f", {name} ({peerlib.version(path)})" for name, path in found.items()))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    results = {}
    dropped = set()
    failed = False
    try:
        per_round = {}
        for round_index in range(args.rounds):
            for label, cmd in runs:
                if label in dropped:
                    continue
                suffix = f" (round {round_index + 1}/{args.rounds})" if args.rounds > 1 else ""
                print(f"measuring {label}{suffix} ...", file=sys.stderr, flush=True)
                try:
                    per_round.setdefault(label, []).append(
                        run_script(label, cmd, total, args.runs, cases, args.timeout))
                except RuntimeError as error:
                    print(error, file=sys.stderr)
                    dropped.add(label)
                    per_round.pop(label, None)
                    if label.startswith("nanojs"):
                        failed = True
                    else:
                        peerlib.note(f"dropping {label} from the table")
        # Median over rounds of each round's median pass.
        for label, rounds in per_round.items():
            results[label] = {case: statistics.median(r[case] for r in rounds) for case in cases}
    except KeyboardInterrupt:
        # subprocess.run kills and reaps its child before the exception gets here.
        print("\ninterrupted", file=sys.stderr)
        return 130

    print(f"\nstreams: {args.mib} MiB in 64 KiB chunks per pass, median of {args.runs} "
          f"pass(es) after a warm-up pass"
          + (f", median of {args.rounds} interleaved rounds" if args.rounds > 1 else "")
          + "; MB/s = 10^6 bytes of the source per second")
    peers = [label for label, _ in runs if label in results and not label.startswith("nanojs")]
    header = f"{'case':<6}{'nanojs':>10}{'+telemetry':>12}{'on/off':>8}"
    for p in peers:
        header += f"{p:>10}{'nanojs/' + p:>13}"
    print(header)
    off = results.get("nanojs", {})
    on = results.get("nanojs+telemetry", {})
    for case in cases:
        ours = mb_per_s(total, off[case]) if case in off else float("nan")
        with_telemetry = mb_per_s(total, on[case]) if case in on else float("nan")
        row = f"{case:<6}{ours:>10.0f}{with_telemetry:>12.0f}{with_telemetry / ours:>8.2f}"
        for p in peers:
            theirs = mb_per_s(total, results[p][case])
            row += f"{theirs:>10.0f}{ours / theirs:>13.2f}"
        print(row)
    print("on/off = nanojs with telemetry / without (below 1.0: telemetry costs); "
          "nanojs/peer above 1.0: nanojs faster")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
