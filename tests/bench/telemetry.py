#!/usr/bin/env python3
"""Serve throughput with the NANO Workbench attached against headless `nanojs serve`.

The same handler is served three ways, one server at a time on 127.0.0.1, and
driven by wrk for the same duration:

  headless    nanojs serve HANDLER --port P
  +telemetry  nanojs serve HANDLER --port P --telemetry /dev/null
              (every telemetry record exported as a JSON line, nobody reading)
  attached    QT_QPA_PLATFORM=offscreen nano-workbench HANDLER --port P
              (the runtime on its worker thread publishes into the telemetry
              Feed; the GUI thread drains it into the panels' models at 30 Hz
              and repaints, offscreen). Every promise is counted only on
              request (Run > Count every promise): that hook sends each
              promise and await through V8's slower paths, so
  attached+promises  the same with --count-promises

Handlers (the workbench's own examples, with small parameters):

  hello  resources/examples/workbench_hello.mjs          GET /hello?name=nano
  tee    resources/examples/workbench_tee_backpressure.mjs GET /tee?chunks=8&slow=0
         (8 x 1 KiB chunks tee()d: one branch to the client, the other read
         with a setTimeout(0) per chunk under ctx.waitUntil)

Every round runs the modes in turn (alternating, so a burst of load from
elsewhere does not land on one mode only); the median round is reported per
handler and mode. Prints req/s of each mode and the ratios attached/headless
(the workbench's goal: 0.9 or more) and +telemetry/headless. Nothing is
asserted about the numbers.

It also prints CPU time per request, read from /proc for each thread during
the measured run: the thread that runs the handler's JS (the runtime thread)
and the whole process. On a virtual machine whose host takes CPUs away, req/s
swings between rounds while CPU time per request does not (stolen time is not
charged to threads), so the CPU-based ratio (runtime thread µs per request,
headless over attached: the throughput the runtime thread can sustain
attached, relative to headless) is the steadier figure.

HTTP plumbing (spawning in a process group, wrk, clean-up) is shared with http.py.
"""
import argparse
import atexit
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(REPO, "resources", "examples")
SKIP = 77  # ctest SKIP_RETURN_CODE: wrk is missing


def _load_http():
    # http.py shadows the standard library's http package if imported by name.
    spec = importlib.util.spec_from_file_location("bench_http", os.path.join(HERE, "http.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


benchhttp = _load_http()
import peers as peerlib  # noqa: E402  (http.py put HERE back on sys.path)


def _hello_ok(body):
    return json.loads(body) == {"hello": "nano", "method": "GET", "path": "/hello"}


def _tee_ok(body):
    return len(body) == 8 * 1024 and body.startswith(b"chunk 0\n")


# name -> (handler file, path driven by wrk, check of one response body)
HANDLERS = {
    "hello": ("workbench_hello.mjs", "/hello?name=nano", _hello_ok),
    "tee": ("workbench_tee_backpressure.mjs", "/tee?chunks=8&slow=0", _tee_ok),
}
MODES = ["headless", "+telemetry", "attached", "attached+promises"]


def col(mode, width):
    """A table column's width: at least `width`, more for a long mode name."""
    return max(width, len(mode) + 10)


def command(mode, nanojs, workbench, handler, port):
    if mode == "headless":
        return [nanojs, "serve", handler, "--no-watch", "--host", benchhttp.HOST, "--port", str(port)], {}
    if mode == "+telemetry":
        return [nanojs, "serve", handler, "--no-watch", "--host", benchhttp.HOST, "--port", str(port),
                "--telemetry", os.devnull], {}
    if mode == "attached":
        # The workbench binds 127.0.0.1 (app/runtime_host.h) on the port given.
        return [workbench, handler, "--port", str(port)], {"QT_QPA_PLATFORM": "offscreen"}
    if mode == "attached+promises":  # Run > Count every promise
        return [workbench, handler, "--port", str(port), "--count-promises"], {"QT_QPA_PLATFORM": "offscreen"}
    raise ValueError(mode)


def thread_cpu(pid):
    """{tid: (name, CPU seconds)} of every thread of pid, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    threads = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return threads
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[tid] = (name, (int(fields[11]) + int(fields[12])) / ticks)
    return threads


# The thread that runs the handler's JS, by mode: nanojs serve runs it on its
# main thread (named after the executable, as the kernel keeps it: at most 15
# bytes); the workbench on a thread named "nano runtime".
def runtime_thread_name(mode, nanojs):
    if mode in ("attached", "attached+promises"):
        return "nano runtime"
    return os.path.basename(nanojs)[:15]


def cpu_per_request(mode, nanojs, before, after, requests):
    """(runtime thread µs/request, process µs/request) between two thread_cpu() readings."""
    if requests <= 0:
        return float("nan"), float("nan")
    used = {tid: cpu - before.get(tid, (name, 0.0))[1] for tid, (name, cpu) in after.items()}
    wanted = runtime_thread_name(mode, nanojs)
    runtime = [used[tid] for tid, (name, _) in after.items() if name == wanted]
    busiest = max(runtime) if runtime else float("nan")
    return busiest * 1e6 / requests, sum(used.values()) * 1e6 / requests


def measure(mode, nanojs, workbench, name, wrk, args, tmp):
    """wrk's result for one server of this mode; raises RuntimeError with the reason."""
    file, path, ok = HANDLERS[name]
    handler = os.path.join(EXAMPLES, file)
    port = benchhttp.free_port()
    cmd, env = command(mode, nanojs, workbench, handler, port)
    log_path = os.path.join(tmp, f"{name}-{mode.strip('+')}-{port}.log")
    with open(log_path, "w") as log:
        try:
            proc = benchhttp.spawn(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                   env=dict(os.environ, **env))
        except OSError as error:
            raise RuntimeError(f"cannot start {cmd[0]}: {error}")
    try:
        benchhttp.wait_listening(proc, port, log_path)
        try:
            status, body = benchhttp.get(port, path)
        except (OSError, benchhttp.http.client.HTTPException) as error:
            raise RuntimeError(f"{path}: {error}; log: {benchhttp.tail(log_path)}")
        try:
            good = status == 200 and ok(body)
        except ValueError:
            good = False
        if not good:
            raise RuntimeError(f"{path}: status {status}, {len(body)} bytes: {body[:80]!r}")
        url = f"http://{benchhttp.HOST}:{port}{path}"
        if args.warmup > 0:
            benchhttp.run_wrk(wrk, url, args.warmup, args.threads, args.connections)
        before = thread_cpu(proc.pid)
        result = benchhttp.run_wrk(wrk, url, args.seconds, args.threads, args.connections)
        result["runtime_us"], result["process_us"] = cpu_per_request(
            mode, nanojs, before, thread_cpu(proc.pid), result["requests"])
        if proc.poll() is not None:
            raise RuntimeError(f"server {benchhttp.exit_status(proc.returncode)}: "
                               f"{benchhttp.tail(log_path)}")
        return result
    finally:
        benchhttp.stop(proc)


def fmt(value, spec):
    return "-" if value != value else format(value, spec)


def median_of(runs, key):
    return statistics.median(r[key] for r in runs) if runs else float("nan")


def ratio_header(modes, titles):
    """Titles of the ratio columns (titles: mode -> (title, width)) of the modes measured."""
    return "".join(f"{titles[m][0]:>{titles[m][1]}}" for m in titles if m in modes)


def ratio_cells(modes, values, titles, ratio):
    """Each titled mode's ratio(headless value, mode value)."""
    return "".join(f"{fmt(ratio(values['headless'], values[m]), '.2f'):>{titles[m][1]}}"
                   for m in titles if m in modes)


def print_rounds(by_mode, modes, key, spec):
    """One line per mode with each round's value of key."""
    for mode in modes:
        runs = by_mode[mode]
        if runs:
            print(f"{'':<8}{mode + ' per round:':<30}" + " ".join(f"{format(r[key], spec):>7}" for r in runs))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nanojs", required=True)
    parser.add_argument("--workbench", default=None,
                        help="nano-workbench binary (without it: headless and +telemetry only)")
    parser.add_argument("--wrk", default=None)
    parser.add_argument("--handlers", default=",".join(HANDLERS),
                        help="comma-separated subset of " + ",".join(HANDLERS))
    parser.add_argument("--seconds", type=int, default=10, help="seconds of wrk per run")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per run (0: none)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds of every mode; the median round is reported")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 s per run, no warm-up, one round (numbers are not "
                             "meaningful)")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.warmup, args.rounds = 1, 0, 1
    names = [h for h in args.handlers.split(",") if h]
    for h in names:
        if h not in HANDLERS:
            parser.error(f"unknown handler {h!r}")

    peerlib.exit_cleanly_on_signals()

    wrk = peerlib.find_wrk(args.wrk)
    if wrk is None:
        print("telemetry: skipped (wrk not available)")
        return SKIP
    nanojs = os.path.abspath(args.nanojs)
    workbench = os.path.abspath(args.workbench) if args.workbench else None
    modes = [m for m in MODES if not m.startswith("attached") or workbench]
    if not workbench:
        peerlib.note("no --workbench: measuring headless and +telemetry only")

    print(f"telemetry: wrk -t{args.threads} -c{args.connections} -d{args.seconds}s "
          f"(warm-up {args.warmup}s) per run, {args.rounds} alternating round(s), "
          f"one server at a time on {benchhttp.HOST}, {os.cpu_count()} CPU(s)")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    samples = {name: {mode: [] for mode in modes} for name in names}
    failed = set()
    with tempfile.TemporaryDirectory(prefix="nano-bench-telemetry-") as tmp:
        try:
            for round_index in range(args.rounds):
                for name in names:
                    # Rotate the order each round so no mode always runs first.
                    order = modes[round_index % len(modes):] + modes[:round_index % len(modes)]
                    for mode in order:
                        if (name, mode) in failed:
                            continue
                        print(f"measuring {name} {mode} (round {round_index + 1}/{args.rounds}) ...",
                              file=sys.stderr, flush=True)
                        try:
                            samples[name][mode].append(
                                measure(mode, nanojs, workbench, name, wrk, args, tmp))
                        except RuntimeError as error:
                            print(f"{name} {mode}: {error}", file=sys.stderr, flush=True)
                            failed.add((name, mode))
                            samples[name][mode] = []
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            return 130
        finally:
            benchhttp.stop_all()

    rps_ratios = {"+telemetry": ("+telemetry/headless", 21), "attached": ("attached/headless", 19),
                  "attached+promises": ("+promises/headless", 20)}
    cpu_ratios = {"+telemetry": ("CPU ratio +telemetry", 22), "attached": ("CPU ratio attached", 20),
                  "attached+promises": ("CPU ratio +promises", 21)}
    print()
    print(f"{'handler':<8}" + "".join(f"{m + ' req/s':>{col(m, 18)}}" for m in modes) + f"{'errors':>8}"
          + ratio_header(modes, rps_ratios))
    for name in names:
        rps = {mode: median_of(samples[name][mode], "rps") for mode in modes}
        errors = sum(r["errors"] for mode in modes for r in samples[name][mode])
        print(f"{name:<8}" + "".join(f"{fmt(rps[m], '.0f'):>{col(m, 18)}}" for m in modes) + f"{errors:>8}"
              + ratio_cells(modes, rps, rps_ratios, lambda base, value: value / base))
        if args.rounds > 1:
            # Each round's req/s, so the spread behind the medians is visible.
            print_rounds(samples[name], modes, "rps", ".0f")
    print("req/s: median over rounds; errors: wrk socket errors + non-2xx over all runs; "
          "ratios above 1.0: that mode serves more (workbench goal: attached/headless >= 0.9)")
    print()
    print(f"{'handler':<8}" + "".join(f"{m + ' µs/req':>{col(m, 24)}}" for m in modes) + ratio_header(modes, cpu_ratios))
    for name in names:
        runtime = {mode: median_of(samples[name][mode], "runtime_us") for mode in modes}
        process = {mode: median_of(samples[name][mode], "process_us") for mode in modes}
        print(f"{name:<8}"
              + "".join(f"{fmt(runtime[m], '.1f') + ' / ' + fmt(process[m], '.1f'):>{col(m, 24)}}" for m in modes)
              + ratio_cells(modes, runtime, cpu_ratios, lambda base, value: base / value))
        if args.rounds > 1:
            print_rounds(samples[name], modes, "runtime_us", ".1f")
    print("µs/req: CPU time per request of the runtime thread / of the whole process (wrk "
          "excluded), median over rounds; CPU ratio: runtime thread µs/req headless over the "
          "mode's (1.0: telemetry costs the runtime thread nothing; the goal reads as >= 0.9)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failed else 0


def run():
    atexit.register(benchhttp.stop_all)
    try:
        return main()
    except BrokenPipeError:
        benchhttp.stop_all()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(run())
