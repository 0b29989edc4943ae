#!/usr/bin/env python3
"""HTTP throughput of `nanojs serve` against peers serving the same handler.

wrk (-t1 -c50 by default: the machine has 2 cores, one for wrk, one for the
server) drives each runtime in turn with the handler in handlers/app.mjs:

  hello   a short text response
  hello16 the same, 16 requests pipelined per connection: wrk's cost per
          request drops about tenfold, so the server is what is measured
  json    Response.json of a small object
  stream  a 1 MiB ReadableStream body in 64 KiB chunks
  proxy   the handler fetch()es a small body from a local upstream server
          (node:http when node is available, else nanojs serve) and returns it

Peers: node (handlers/node.mjs, a node:http <-> Request/Response adapter),
deno (`deno serve`), bun (Bun.serve, handlers/bun.mjs) and workerd
(handlers/workerd.capnp). Only one server runs at a time: each is started on a
free port on 127.0.0.1, checked (every case must answer correctly), warmed up,
measured case by case, and stopped. Prints requests/s, p99 latency and the ratio
nanojs/peer of requests/s (above 1.0: nanojs serves more requests per second).

With --floor (a native server with no JS, floor_server.cc) the hello cases are
also measured against the least work a server can do per request: its req/s is
the ceiling this machine and wrk allow, and nanojs's share of it is printed.
"""
import os
import sys

# This file is named http.py: keep its folder off the path while importing the
# standard library's http package, then put it back for peers.py.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
import argparse  # noqa: E402
import atexit  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import NamedTuple  # noqa: E402

sys.path.insert(0, HERE)
import peers as peerlib  # noqa: E402

HANDLERS = os.path.join(HERE, "handlers")
HOST = "127.0.0.1"
SKIP = 77  # ctest SKIP_RETURN_CODE: wrk is missing



class Case(NamedTuple):
    name: str
    path: str
    label: str
    answer: str        # which answer check() expects (a key of ANSWERS)
    pipeline: int = 1  # requests wrk sends at once on each connection


CASES = [
    Case("hello", "/hello", "hello-world (text)", "hello"),
    Case("hello16", "/hello", "hello-world, 16 requests pipelined per connection", "hello", 16),
    Case("json", "/json", "JSON (Response.json)", "json"),
    Case("stream", "/stream", "1 MiB stream (64 KiB chunks)", "stream"),
    Case("proxy", "/proxy", "fetch-proxy (local upstream)", "proxy"),
]
# The cases the floor server answers (it knows only the hello response).
FLOOR_ANSWERS = {"hello"}
# A wrk script that sends `depth` (its argument) requests at once on a
# connection; wrk counts each response.
PIPELINE_LUA = """
init = function(args)
  local depth = tonumber(args[1]) or 1
  local requests = {}
  for i = 1, depth do requests[i] = wrk.format(nil) end
  batch = table.concat(requests)
end
request = function() return batch end
"""
ALL_PEERS = ["node", "deno", "bun", "workerd"]
UPSTREAM_BODY = ("upstream says hello, " + "x" * 64 + "\n").encode()
JSON_DATA = {"id": 42, "name": "nano", "tags": ["a", "b", "c"], "ok": True,
             "nested": {"x": 1.5, "y": None}}

IGNORE_SIGPIPE = True
_children = []  # every process we started, killed on exit


def spawn(cmd, **kwargs):
    # A session of its own: Ctrl-C in the terminal reaches only us, and we end
    # the server (and anything it started) as a group. SIGPIPE: Python ignores
    # it (main() makes sure); with restore_signals=False children inherit that
    # SIG_IGN, with True they get the default action (see --default-sigpipe).
    kwargs.setdefault("restore_signals", not IGNORE_SIGPIPE)
    proc = subprocess.Popen(cmd, start_new_session=True, **kwargs)
    _children.append(proc)
    return proc


def stop(proc, grace=5.0):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
    else:
        # The leader is gone; its group may not be.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if proc in _children:
        _children.remove(proc)


def stop_all():
    for proc in list(_children):
        stop(proc, grace=2.0)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_listening(proc, port, log_path, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{exit_status(proc.returncode)}: {tail(log_path)}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"not listening on port {port} after {timeout:.0f} s: {tail(log_path)}")


def exit_status(code):
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with {code}"


def tail(path, lines=6):
    try:
        with open(path, errors="replace") as f:
            return " | ".join(f.read().strip().splitlines()[-lines:])
    except OSError:
        return ""


def get(port, path, timeout=10.0):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


ANSWERS = {
    "hello": lambda body: body == b"Hello, world!\n",
    "json": lambda body: json.loads(body) == JSON_DATA,
    "stream": lambda body: len(body) == 1 << 20,
    "proxy": lambda body: body == UPSTREAM_BODY,
}


def check(port, cases):
    """None when every case answers correctly, else what is wrong."""
    for case in cases:
        path = case.path
        try:
            status, body = get(port, path)
        except (OSError, http.client.HTTPException) as error:
            return f"{path}: {error}"
        try:
            ok = status == 200 and ANSWERS[case.answer](body)
        except ValueError:
            ok = False
        if not ok:
            return f"{path}: status {status}, {len(body)} bytes: {body[:80]!r}"
    return None


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def _bytes(text):
    match = re.fullmatch(r"([\d.]+)([KMGT]?B)", text)
    if not match:
        return float("nan")
    scale = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}[match.group(2)]
    return float(match.group(1)) * scale


def run_wrk(wrk, url, duration, threads, connections, pipeline=1, tmp=None):
    cmd = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
           "--timeout", "10s"]
    if pipeline > 1:
        script = os.path.join(tmp, "pipeline.lua")
        if not os.path.exists(script):
            with open(script, "w") as f:
                f.write(PIPELINE_LUA)
        cmd += ["-s", script, url, "--", str(pipeline)]
    else:
        cmd.append(url)
    proc = spawn(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=duration + 30)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"wrk did not finish within {duration + 30} s")
    finally:
        stop(proc)
    text = out.decode(errors="replace")
    result = {"rps": float("nan"), "p99": float("nan"), "bytes_per_s": float("nan"), "errors": 0,
              "requests": 0}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[1:3] == ["requests", "in"]:
            result["requests"] = int(parts[0])
        elif line.startswith("Requests/sec:"):
            result["rps"] = float(parts[1])
        elif line.startswith("Transfer/sec:"):
            result["bytes_per_s"] = _bytes(parts[1])
        elif len(parts) == 2 and parts[0] == "99%":
            result["p99"] = _ms(parts[1])
        elif line.strip().startswith("Socket errors:"):
            result["errors"] += sum(int(n) for n in re.findall(r"\d+", line))
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            result["errors"] += int(parts[-1])
    if result["rps"] != result["rps"]:
        raise RuntimeError(f"wrk failed: {text.strip()[-300:]}")
    if pipeline > 1:
        # wrk times a pipelined batch, not each request: its percentiles are meaningless.
        result["p99"] = float("nan")
    return result


class Workspace:
    """A temporary copy of the handlers with the upstream URL filled in."""

    def __init__(self, tmp, upstream_url):
        self.dir = os.path.join(tmp, "handlers")
        os.makedirs(self.dir)
        for name in os.listdir(HANDLERS):
            with open(os.path.join(HANDLERS, name)) as f:
                text = f.read()
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(text.replace("__UPSTREAM__", upstream_url or "http://127.0.0.1:1/"))

    def path(self, name):
        return os.path.join(self.dir, name)

    def command(self, runtime, binary, port):
        """(argv, extra environment) that serves app.mjs on HOST:port."""
        env = {"BENCH_HOST": HOST, "BENCH_PORT": str(port)}
        if runtime == "nanojs":
            return [binary, "serve", self.path("app.mjs"), "--no-watch", "--host", HOST, "--port", str(port)], env
        if runtime == "node":
            return [binary, self.path("node.mjs")], env
        if runtime == "deno":
            env["DENO_NO_UPDATE_CHECK"] = "1"
            return [binary, "serve", "--allow-net", "--host", HOST, "--port", str(port),
                    self.path("app.mjs")], env
        if runtime == "bun":
            return [binary, self.path("bun.mjs")], env
        if runtime == "floor":
            return [binary, str(port)], env
        if runtime == "workerd":
            config = self.path(f"workerd-{port}.capnp")
            with open(self.path("workerd.capnp")) as f:
                text = f.read()
            with open(config, "w") as f:
                f.write(text.replace("__ADDRESS__", f"{HOST}:{port}"))
            return [binary, "serve", config], env
        raise ValueError(runtime)


def start_server(workspace, runtime, binary, tmp):
    port = free_port()
    cmd, env = workspace.command(runtime, binary, port)
    log_path = os.path.join(tmp, f"{runtime}-{port}.log")
    log = open(log_path, "w")
    try:
        proc = spawn(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                     cwd=workspace.dir, env=dict(os.environ, **env))
    except OSError as error:
        raise RuntimeError(f"cannot start {cmd[0]}: {error}")
    finally:
        log.close()
    try:
        wait_listening(proc, port, log_path)
    except RuntimeError:
        stop(proc)
        raise
    return proc, port, log_path


def start_upstream(kind, nanojs, node, tmp):
    port = free_port()
    if kind == "node":
        cmd = [node, os.path.join(HANDLERS, "upstream_node.mjs")]
    else:
        cmd = [nanojs, "serve", os.path.join(HANDLERS, "upstream.mjs"), "--no-watch", "--host", HOST,
               "--port", str(port)]
    log_path = os.path.join(tmp, "upstream.log")
    log = open(log_path, "w")
    proc = spawn(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                 env=dict(os.environ, BENCH_HOST=HOST, BENCH_PORT=str(port)))
    log.close()
    wait_listening(proc, port, log_path)
    status, body = get(port, "/")
    if status != 200 or body != UPSTREAM_BODY:
        raise RuntimeError(f"upstream answered {status} {body[:80]!r}")
    return proc, f"http://{HOST}:{port}/"


def sigpipe_probe(workspace, nanojs, tmp, attempts=50):
    """Whether `nanojs serve` survives clients that vanish mid-response when it is
    started with SIGPIPE at its default action (node, deno, bun and workerd
    ignore SIGPIPE themselves). Clients pipeline requests and reset the
    connection without reading, so the server's writes hit a closed socket.
    Returns a line for the report; never fails the run."""
    global IGNORE_SIGPIPE
    saved, IGNORE_SIGPIPE = IGNORE_SIGPIPE, False
    try:
        proc, port, log_path = start_server(workspace, "nanojs", nanojs, tmp)
    except RuntimeError as error:
        return f"not measured ({error})"
    finally:
        IGNORE_SIGPIPE = saved
    try:
        request = f"GET /hello HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode() * 20
        for _ in range(attempts):
            if proc.poll() is not None:
                break
            try:
                with socket.create_connection((HOST, port), timeout=2.0) as s:
                    s.sendall(request)
                    # Close with RST: the server's next write fails with EPIPE.
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
            time.sleep(0.01)
        time.sleep(0.2)
        if proc.poll() is None and check(port, [c for c in CASES if c.name == "hello"]) is None:
            return "survives clients that reset connections mid-response"
        if proc.poll() is None:
            return "still running but answers wrongly after clients reset connections"
        return (f"{exit_status(proc.returncode)} when a client resets a connection "
                f"mid-response (a server must ignore SIGPIPE or write with MSG_NOSIGNAL)")
    finally:
        stop(proc)


def cpu_seconds(pid):
    """User + system CPU time of a process, all its threads, in seconds (None if unreadable)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def measure_runtime(runtime, binary, workspace, wrk, args, tmp, cases):
    """{case: wrk result} for one runtime, or raises RuntimeError with the reason."""
    proc, port, log_path = start_server(workspace, runtime, binary, tmp)
    try:
        problem = check(port, cases)
        if problem:
            raise RuntimeError(f"wrong answer: {problem}; log: {tail(log_path)}")
        results = {}
        for case in cases:
            name = case.name
            url = f"http://{HOST}:{port}{case.path}"
            try:
                if args.warmup > 0:
                    run_wrk(wrk, url, args.warmup, args.threads, args.connections, case.pipeline, tmp)
                # The server's own CPU per request: with the client the
                # bottleneck (wrk on one core of two), req/s of two servers can
                # tie while one does the same work for much less.
                before = cpu_seconds(proc.pid)
                result = run_wrk(wrk, url, args.duration, args.threads, args.connections, case.pipeline,
                                 tmp)
                after = cpu_seconds(proc.pid)
                result["cpu_us"] = float("nan")
                if before is not None and after is not None and result["requests"] > 0:
                    result["cpu_us"] = (after - before) / result["requests"] * 1e6
                results[name] = result
            except RuntimeError:
                if proc.poll() is None:
                    raise
            if proc.poll() is not None:
                raise RuntimeError(f"server {exit_status(proc.returncode)} during {name}: "
                                   f"{tail(log_path)}")
        return results
    finally:
        stop(proc)


def combine(per_round):
    """Per case, the round with the median req/s (its p99 and MB/s come with it)."""
    combined = {}
    for name in per_round[0]:
        ordered = sorted((r[name] for r in per_round), key=lambda r: r["rps"])
        combined[name] = dict(ordered[(len(ordered) - 1) // 2], rounds=len(ordered))
    return combined


def fmt(value, spec):
    return "-" if value != value else format(value, spec)


def print_summary(title, results, peers, cases, ratio):
    """One row per case, one column per peer: ratio(nanojs result, peer result)."""
    print(f"\nsummary: {title}")
    print(f"  {'case':<10}" + "".join(f"{p:>10}" for p in peers))
    for name in (case.name for case in cases):
        ours = results["nanojs"].get(name)
        row = f"  {name:<10}"
        for p in peers:
            theirs = results[p].get(name)
            row += f"{ratio(ours, theirs) if ours and theirs else float('nan'):>10.2f}"
        print(row)


def print_round_spread(rounds, peers, cases):
    """Per case and peer, the range of the req/s ratio over the rounds, each
    nanojs round paired with the peer's round of the same pass (measured
    minutes apart at most): a range that straddles 1.0 is a tie."""
    count = min(len(rounds[r]) for r in ["nanojs"] + peers)
    if count < 2:
        return
    print(f"\nsummary: nanojs/peer ratio of req/s per round, lowest..highest of {count}")
    print(f"  {'case':<10}" + "".join(f"{p:>14}" for p in peers))
    for name in (case.name for case in cases):
        row = f"  {name:<10}"
        for p in peers:
            ratios = [rounds["nanojs"][i][name]["rps"] / rounds[p][i][name]["rps"]
                      for i in range(count)
                      if name in rounds["nanojs"][i] and name in rounds[p][i] and rounds[p][i][name]["rps"]]
            row += f"{min(ratios):>8.2f}..{max(ratios):.2f}" if ratios else f"{'-':>14}"
        print(row)


def print_tables(results, runtimes, cases, args, rounds=None):
    if not results:
        return
    print()
    print(f"http: wrk -t{args.threads} -c{args.connections} -d{args.duration}s "
          f"(warm-up {args.warmup}s) per case, one server at a time on {HOST}"
          + (f", median of {args.rounds} interleaved rounds" if args.rounds > 1 else "")
          + ("" if args.default_sigpipe else ", servers started with SIGPIPE ignored"))
    for name, label in ((case.name, case.label) for case in cases):
        ours = results.get("nanojs", {}).get(name)
        print(f"\n{label}")
        print(f"  {'runtime':<10}{'req/s':>12}{'p99 ms':>10}{'MB/s':>10}{'CPU us/req':>12}{'errors':>8}"
              f"{'nanojs/peer':>13}")
        for runtime in runtimes:
            r = results.get(runtime, {}).get(name)
            if r is None:
                continue
            ratio = ("" if runtime == "nanojs" or ours is None
                     else f"{ours['rps'] / r['rps']:.2f}" + ("*" if runtime == "floor" else ""))
            print(f"  {runtime:<10}{fmt(r['rps'], '.0f'):>12}{fmt(r['p99'], '.2f'):>10}"
                  f"{fmt(r['bytes_per_s'] / 1e6, '.1f'):>10}{fmt(r.get('cpu_us', float('nan')), '.2f'):>12}"
                  f"{r['errors']:>8}{ratio:>13}")
    if "floor" in results and "nanojs" in results:
        print("\n* floor: a native server with no JS that does the least work per request"
              " (floor_server.cc).\n  Its req/s is the ceiling of this machine and wrk;"
              " nanojs's share of it, per round:")
        count = min(len(rounds["nanojs"]), len(rounds["floor"])) if rounds else 0
        for name in (case.name for case in cases if case.name in results["floor"]):
            shares = [rounds["nanojs"][i][name]["rps"] / rounds["floor"][i][name]["rps"]
                      for i in range(count)
                      if name in rounds["nanojs"][i] and name in rounds["floor"][i]]
            print(f"  {name:<10}" + " ".join(f"{share:.0%}" for share in shares))
    peers = [p for p in runtimes if p not in ("nanojs", "floor") and p in results]
    if peers and "nanojs" in results:
        print_summary("nanojs/peer ratio of req/s (above 1.0: nanojs faster)", results, peers, cases,
                      lambda ours, theirs: ours["rps"] / theirs["rps"])
        print_summary("peer/nanojs server CPU per request (above 1.0: nanojs does the work for less)", results,
                      peers, cases, lambda ours, theirs: theirs["cpu_us"] / ours["cpu_us"])
        if rounds:
            print_round_spread(rounds, peers, cases)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nanojs", required=True)
    parser.add_argument("--node", default=None, help="node binary (default: from PATH)")
    parser.add_argument("--wrk", default=None)
    parser.add_argument("--peers", default=",".join(ALL_PEERS),
                        help="comma-separated subset of " + ",".join(ALL_PEERS))
    parser.add_argument("--no-peers", action="store_true", help="measure nanojs only")
    parser.add_argument("--no-install", action="store_true",
                        help="use only peers already installed (no npm install)")
    parser.add_argument("--peer-cache", default=None, help="default: BUILD/bench-peers")
    parser.add_argument("--cases", default=",".join(c.name for c in CASES))
    parser.add_argument("--floor", default=None,
                        help="the floor server (build target http_floor_server): measured on the "
                             "hello cases as the ceiling of this machine and wrk")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per case")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per case (0: none)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every runtime this many times, interleaved; report the "
                             "median round (use on a busy machine)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--upstream", choices=["auto", "node", "nanojs"], default="auto",
                        help="the fetch-proxy upstream (auto: node if available)")
    parser.add_argument("--default-sigpipe", action="store_true",
                        help="start servers with SIGPIPE at its default action (by default "
                             "it is ignored, as node/deno/bun/workerd do themselves: a "
                             "server that does not ignore it dies when wrk closes a "
                             "connection it is writing to)")
    parser.add_argument("--no-sigpipe-probe", dest="sigpipe_probe", action="store_false",
                        help="skip the check whether nanojs serve survives clients that reset "
                             "connections while SIGPIPE is at its default action")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 s per case, no warm-up (numbers are not meaningful)")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.warmup = 1, 0
    nanojs = os.path.abspath(args.nanojs)
    global IGNORE_SIGPIPE
    IGNORE_SIGPIPE = not args.default_sigpipe
    wanted_cases = args.cases.split(",")
    unknown = [name for name in wanted_cases if name not in {c.name for c in CASES}]
    if unknown:
        sys.exit(f"http: unknown case {', '.join(unknown)} (known: {', '.join(c.name for c in CASES)})")
    cases = [c for c in CASES if c.name in wanted_cases]
    floor = os.path.abspath(args.floor) if args.floor else None

    peerlib.exit_cleanly_on_signals()

    wrk = peerlib.find_wrk(args.wrk)
    if wrk is None:
        print("http: skipped (wrk not available)")
        return SKIP

    wanted = [] if args.no_peers else [p.strip() for p in args.peers.split(",") if p.strip()]
    cache = args.peer_cache or peerlib.default_cache(nanojs)
    found = peerlib.find_peers(wanted, cache, node=args.node, install=not args.no_install)
    node = found.get("node") or shutil.which(args.node or "node")
    node = os.path.abspath(node) if node else None
    upstream_kind = args.upstream if args.upstream != "auto" else ("node" if node else "nanojs")
    if upstream_kind == "node" and not node:
        sys.exit("http: --upstream node needs node")

    runtimes = ["nanojs"] + list(found)
    floor_cases = [c for c in cases if c.answer in FLOOR_ANSWERS]
    if floor and floor_cases:
        runtimes.append("floor")
    print("runtimes: " + ", ".join(
        f"{r} ({peerlib.version(found[r]) if r in found else 'this build'})" for r in runtimes
        if r != "floor"))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    results = {}
    rounds = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="nano-bench-http-") as tmp:
        try:
            upstream_url = None
            if any(c.name == "proxy" for c in cases):
                _, upstream_url = start_upstream(upstream_kind, nanojs, node, tmp)
                print(f"upstream: {upstream_kind} on {upstream_url}")
            workspace = Workspace(tmp, upstream_url)
            if args.sigpipe_probe:
                print(f"sigpipe: nanojs serve with SIGPIPE at its default action "
                      f"{sigpipe_probe(workspace, nanojs, tmp)}", flush=True)
            rounds.clear()  # runtime -> [{case: result}] one per round
            dropped = set()
            for round_index in range(args.rounds):
                for runtime in runtimes:
                    if runtime in dropped:
                        continue
                    binary = {"nanojs": nanojs, "floor": floor}.get(runtime) or found[runtime]
                    suffix = f" (round {round_index + 1}/{args.rounds})" if args.rounds > 1 else ""
                    print(f"measuring {runtime}{suffix} ...", file=sys.stderr, flush=True)
                    try:
                        rounds.setdefault(runtime, []).append(
                            measure_runtime(runtime, binary, workspace, wrk, args, tmp,
                                            floor_cases if runtime == "floor" else cases))
                    except RuntimeError as error:
                        print(f"{runtime}: {error}", file=sys.stderr)
                        dropped.add(runtime)
                        rounds.pop(runtime, None)
                        if runtime == "nanojs":
                            failed = True
                        else:
                            peerlib.note(f"dropping {runtime} from the table")
            results = {runtime: combine(per_round) for runtime, per_round in rounds.items()}
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            stop_all()
            return 130
        except RuntimeError as error:  # the upstream did not start
            print(f"http: {error}", file=sys.stderr)
            return 1
        finally:
            stop_all()
    print_tables(results, runtimes, cases, args, rounds)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failed else 0


def run():
    atexit.register(stop_all)  # also on SystemExit from a signal or an uncaught error
    try:
        return main()
    except BrokenPipeError:
        # Our stdout went away (e.g. `http.py ... | head`): stop quietly, and
        # keep Python from complaining again when it flushes stdout at exit.
        stop_all()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(run())
