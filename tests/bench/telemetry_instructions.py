#!/usr/bin/env python3
"""What telemetry costs the runtime thread, counted in instructions.

telemetry.py measures req/s and CPU time, which a busy virtual machine moves
by tens of percent between runs. This script runs the same servers (headless,
+telemetry, attached: see telemetry.py) under valgrind's callgrind, sends the
same fixed number of requests to each after a warm-up, and counts the
instructions each thread executed while they were served. Instruction counts
do not depend on the machine's load; what they leave out is what a second busy
thread costs in caches and wake-ups, which only the timing bench sees.

Prints instructions per request of the runtime thread (the one running the
handler's JS) and of the whole process, and the ratio headless/mode for the
runtime thread (1.0: telemetry costs it nothing). Slow (valgrind runs the
program about 50x slower): a few minutes per handler.

The telemetry clock is stretched to match: natively a 25 ms tick covers a
hundred or more requests of a loaded server, and what a tick publishes (one
record per stream that changed, per waiting read) is shared by all of them.
Under valgrind, 25 ms would cover a handful, and the count would charge each
request far more ticks than it costs for real. So the servers run with
NANO_TELEMETRY_FLUSH_MS (--flush-ms, default 1000), and the script prints how
many requests a tick covered.
"""
import argparse
import contextlib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import telemetry as telemetrybench  # noqa: E402  (handlers, modes and server commands)

benchhttp = telemetrybench.benchhttp
httpclient = benchhttp.http.client  # this folder's http.py shadows the standard library's package


def drive(port, path, count, connections):
    """count GET requests over `connections` keep-alive connections; returns the failures."""
    failures = []

    def worker(n):
        conn = httpclient.HTTPConnection(benchhttp.HOST, port, timeout=300)
        try:
            for _ in range(n):
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(response.status)
        except (OSError, httpclient.HTTPException) as error:
            failures.append(str(error))
        finally:
            conn.close()

    share = [count // connections + (1 if i < count % connections else 0) for i in range(connections)]
    threads = [threading.Thread(target=worker, args=(n,)) for n in share if n]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures


def thread_costs(prefix):
    """[(instructions, is runtime thread)] of each thread's dump (prefix.1-NN)."""
    costs = []
    for path in sorted(glob.glob(prefix + ".1-*")):
        total = None
        runtime = False
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith(("summary:", "totals:")) and total is None:
                    total = int(line.split()[1])
                elif "Runtime::runLoop" in line:
                    runtime = True
        if total is not None:
            costs.append((total, runtime))
    return costs


def measure(mode, nanojs, workbench, name, args, tmp, valgrind, control):
    file, path, ok = telemetrybench.HANDLERS[name]
    handler = os.path.join(telemetrybench.EXAMPLES, file)
    port = benchhttp.free_port()
    cmd, env = telemetrybench.command(mode, nanojs, workbench, handler, port)
    prefix = os.path.join(tmp, f"cg-{name}-{mode.strip('+')}")
    cmd = [valgrind, "--tool=callgrind", "--separate-threads=yes", "--smc-check=all-non-file",
           "--dump-instr=no", "--callgrind-out-file=" + prefix] + cmd
    log_path = prefix + ".log"
    with open(log_path, "w") as log:
        proc = benchhttp.spawn(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                               env=dict(os.environ, NANO_TELEMETRY_FLUSH_MS=str(args.flush_ms), **env))
    try:
        benchhttp.wait_listening(proc, port, log_path, timeout=300.0)
        status, body = benchhttp.get(port, path, timeout=120.0)
        if status != 200 or not ok(body):
            raise RuntimeError(f"{path}: status {status}, {len(body)} bytes")
        failures = drive(port, path, args.warmup_requests, 4)
        # Counting starts now: zero the counters, serve, dump.
        subprocess.run([control, "-z", str(proc.pid)], capture_output=True, timeout=120)
        started = time.monotonic()
        failures += drive(port, path, args.requests, args.connections)
        rate = args.requests / (time.monotonic() - started)
        subprocess.run([control, "-d", str(proc.pid)], capture_output=True, timeout=300)
        if failures:
            raise RuntimeError(f"{len(failures)} failed requests: {failures[:3]}")
        costs = thread_costs(prefix)
        runtime = [c for c, is_runtime in costs if is_runtime]
        if not runtime:
            raise RuntimeError(f"no runtime thread in the dumps ({len(costs)} threads)")
        return max(runtime) / args.requests, sum(c for c, _ in costs) / args.requests, rate
    finally:
        benchhttp.stop(proc, grace=30.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nanojs", required=True)
    parser.add_argument("--workbench", default=None, help="nano-workbench binary (without it: no attached mode)")
    parser.add_argument("--handlers", default=",".join(telemetrybench.HANDLERS))
    parser.add_argument("--requests", type=int, default=3000, help="requests counted per server")
    parser.add_argument("--warmup-requests", type=int, default=1500,
                        help="requests before counting (lets the JIT settle)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--flush-ms", type=int, default=1000,
                        help="the servers' telemetry clock (NANO_TELEMETRY_FLUSH_MS; natively 25)")
    parser.add_argument("--modes", default=",".join(telemetrybench.MODES),
                        help="comma-separated subset of " + ",".join(telemetrybench.MODES))
    parser.add_argument("--keep", metavar="DIR", default=None,
                        help="keep the callgrind dumps (cg-HANDLER-MODE.*) in DIR, for callgrind_annotate")
    args = parser.parse_args()
    valgrind, control = shutil.which("valgrind"), shutil.which("callgrind_control")
    if not valgrind or not control:
        print("telemetry_instructions: skipped (valgrind not available)")
        return telemetrybench.SKIP
    names = [h for h in args.handlers.split(",") if h]
    for h in names:
        if h not in telemetrybench.HANDLERS:
            parser.error(f"unknown handler {h!r}")
    nanojs = os.path.abspath(args.nanojs)
    workbench = os.path.abspath(args.workbench) if args.workbench else None
    wanted = [m for m in args.modes.split(",") if m]
    for m in wanted:
        if m not in telemetrybench.MODES:
            parser.error(f"unknown mode {m!r}")
    modes = [m for m in telemetrybench.MODES if m in wanted and (not m.startswith("attached") or workbench)]
    print(f"telemetry instructions: callgrind, {args.warmup_requests} warm-up then {args.requests} counted "
          f"requests per server over {args.connections} keep-alive connections", flush=True)
    results = {}
    failed = False
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    with (contextlib.nullcontext(os.path.abspath(args.keep)) if args.keep
          else tempfile.TemporaryDirectory(prefix="nano-bench-instructions-")) as tmp:
        try:
            for name in names:
                for mode in modes:
                    print(f"measuring {name} {mode} ...", file=sys.stderr, flush=True)
                    try:
                        results[(name, mode)] = measure(mode, nanojs, workbench, name, args, tmp, valgrind, control)
                    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
                        print(f"{name} {mode}: {error}", file=sys.stderr, flush=True)
                        failed = True
        finally:
            benchhttp.stop_all()
    print()
    print(f"{'handler':<8}" + "".join(f"{m + ' Ir/req':>26}" for m in modes)
          + "".join(f"{'ratio ' + m:>{telemetrybench.col(m, 18)}}" for m in modes[1:]))
    for name in names:
        line = f"{name:<8}"
        for mode in modes:
            got = results.get((name, mode))
            line += f"{(f'{got[0]:.0f} / {got[1]:.0f}' if got else '-'):>26}"
        base = results.get((name, "headless")) if "headless" in modes else None
        for mode in modes[1:]:
            got = results.get((name, mode))
            line += f"{(f'{base[0] / got[0]:.3f}' if base and got else '-'):>{telemetrybench.col(mode, 18)}}"
        print(line)
    for name in names:
        rates = [f"{mode} {got[2]:.0f} req/s, {got[2] * args.flush_ms / 1000:.0f} per tick"
                 for mode in modes if (got := results.get((name, mode)))]
        print(f"{name}: under valgrind " + "; ".join(rates))
    print("Ir/req: instructions per request of the runtime thread / of the whole process (all "
          "threads: the JSON writer of +telemetry, the GUI of attached); ratio: runtime thread "
          "headless over the mode's (1.0: telemetry costs the runtime thread nothing). The GUI "
          "works per frame (30 Hz), not per request: slowed down by valgrind, a request lasts "
          "longer and the process figure of attached overstates the GUI's share; telemetry.py's "
          "CPU table has the real one")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
