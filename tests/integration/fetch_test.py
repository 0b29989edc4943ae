#!/usr/bin/env python3
"""fetch() integration tests: local upstream servers on 127.0.0.1 and nanojs
scripts (fetch_<scenario>.mjs) that fetch from them and assert.

    python3 fetch_test.py NANOJS SCENARIO      (or --nanojs NANOJS SCENARIO)

Scenarios: basic, tls, abort, concurrency, backpressure, upload. Each prints
the script's output and its measurements; the exit code is 0 when all passed.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fetch_servers import (Blackhole, HttpsUpstream, StallServer, UpstreamServer,  # noqa: E402
                           closed_port, make_pki)


class Result:
    def __init__(self, code, stdout, stderr, seconds, max_rss_kb):
        self.code, self.stdout, self.stderr = code, stdout, stderr
        self.seconds, self.max_rss_kb = seconds, max_rss_kb


def run_nanojs(nanojs, script, config, env=None, timeout=120, options=()):
    """Runs a script; returns its output, exit code and peak RSS (wait4)."""
    cmd = [nanojs, "run", *options, os.path.join(HERE, script), json.dumps(config)]
    full_env = dict(os.environ)
    full_env.pop("NANO_EXTRA_CA_CERTS", None)
    full_env.update(env or {})
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env)
    out, err = [], []
    readers = [threading.Thread(target=lambda s=s, b=b: b.append(s.read()), daemon=True)
               for s, b in ((proc.stdout, out), (proc.stderr, err))]
    for r in readers:
        r.start()
    killer = threading.Timer(timeout, lambda: proc.send_signal(signal.SIGKILL))
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join()
    seconds = time.time() - start
    result = Result(proc.returncode, out[0].decode(errors="replace"), err[0].decode(errors="replace"),
                    seconds, usage.ru_maxrss)
    if proc.returncode == -signal.SIGKILL:
        result.stderr += f"\n[killed after {timeout} s]"
    return result


def report(name, result, expect_code=0):
    sys.stdout.write(result.stdout)
    if result.stderr.strip():
        sys.stdout.write("--- stderr ---\n" + result.stderr)
    ok = (result.code == expect_code and "FAIL" not in result.stdout
          and (expect_code != 0 or "all ok" in result.stdout))
    print(f"[{name}] exit {result.code}, {result.seconds:.2f} s, peak RSS {result.max_rss_kb / 1024:.1f} MB"
          f" -> {'PASS' if ok else 'FAIL'}")
    return ok


def scenario_basic(nanojs):
    servers = [UpstreamServer().start() for _ in range(3)]
    try:
        config = {"port": servers[0].port, "port2": servers[1].port, "port3": servers[2].port,
                  "closedPort": closed_port()}
        return report("basic", run_nanojs(nanojs, "fetch_basic.mjs", config))
    finally:
        for s in servers:
            s.stop()


def scenario_tls(nanojs):
    with tempfile.TemporaryDirectory(prefix="nano-fetch-pki-") as tmp:
        pki = make_pki(tmp)
        good = HttpsUpstream(*pki["good"]).start()
        wrong = HttpsUpstream(*pki["wronghost"]).start()
        unknown = HttpsUpstream(*pki["unknownca"]).start()
        try:
            config = {"port": good.port, "wrongPort": wrong.port, "unknownPort": unknown.port, "mode": "ca"}
            ok = report("tls", run_nanojs(nanojs, "fetch_tls.mjs", config,
                                          env={"NANO_EXTRA_CA_CERTS": pki["ca"][0]}))
            config["mode"] = "noca"
            ok = report("tls-without-extra-ca", run_nanojs(nanojs, "fetch_tls.mjs", config)) and ok
            config["mode"] = "badfile"
            result = run_nanojs(nanojs, "fetch_tls.mjs", config,
                                env={"NANO_EXTRA_CA_CERTS": os.path.join(tmp, "missing.pem")})
            warned = "Ignoring extra certs" in result.stderr
            print(f"NANO_EXTRA_CA_CERTS missing file warns on stderr: {warned}")
            ok = report("tls-bad-extra-ca-file", result) and warned and ok
            return ok
        finally:
            for s in (good, wrong, unknown):
                s.stop()


def telemetry_phases(path):
    """url -> (phases seen in order, closing phase, error) from a --telemetry file."""
    fetches = {}
    with open(path) as f:
        for line in f:
            event = json.loads(line)
            if event.get("kind") != "fetch":
                continue
            record = fetches.setdefault(event["id"], {"url": event.get("url"), "phases": [], "close": None})
            record["url"] = event.get("url", record["url"])
            phase = event.get("phase")
            if event["op"] == "close":
                record["close"] = (phase, event.get("error", ""))
            elif not record["phases"] or record["phases"][-1] != phase:
                record["phases"].append(phase)
    return fetches


def scenario_abort(nanojs):
    upstream = UpstreamServer().start()
    stall = StallServer().start()
    hole = Blackhole()
    with tempfile.TemporaryDirectory(prefix="nano-fetch-abort-") as tmp:
        telemetry = os.path.join(tmp, "telemetry.jsonl")
        try:
            config = {"port": upstream.port, "stallPort": stall.port, "holePort": hole.port}
            result = run_nanojs(nanojs, "fetch_abort.mjs", config, options=("--telemetry", telemetry))
            ok = report("abort", result)
            # Every phase the script aborts in, as telemetry saw it.
            fetches = telemetry_phases(telemetry)
            expected = {"dns": "dns", "connecting": "connecting", "tls": "tls", "sending": "sending",
                        "waiting": "waiting", "receiving": "receiving"}
            for label, phase in expected.items():
                matches = [r for r in fetches.values() if r["url"] and f"abortphase={label}" in r["url"]]
                good = bool(matches) and all(r["close"] and r["close"][0] == "aborted" and r["phases"][-1] == phase
                                             for r in matches)
                seen = [(r["phases"], r["close"]) for r in matches]
                print(f"{'ok' if good else 'FAIL'} telemetry: abort in {phase}: {seen}")
                ok = ok and good
            timeouts = [r for r in fetches.values() if r["url"] and "timeout=" in r["url"]]
            good = bool(timeouts) and all(r["close"] and r["close"][0] == "failed" and "ETIMEDOUT" in r["close"][1]
                                          for r in timeouts)
            print(f"{'ok' if good else 'FAIL'} telemetry: timeouts close as failed with ETIMEDOUT "
                  f"({len(timeouts)} fetches)")
            ok = ok and good
            time.sleep(0.3)
            good = stall.accepted > 0 and stall.closed == stall.accepted
            print(f"{'ok' if good else 'FAIL'} TLS-stall server: {stall.accepted} accepted, {stall.closed} closed by nanojs")
            return ok and good
        finally:
            upstream.stop()
            stall.stop()
            hole.stop()


def scenario_concurrency(nanojs):
    # 34 origins x 6 connections: all 200 requests can be in flight at once.
    servers = [UpstreamServer().start() for _ in range(34)]
    try:
        config = {"ports": [s.port for s in servers], "count": 200, "delayMs": 300}
        return report("concurrency", run_nanojs(nanojs, "fetch_concurrency.mjs", config))
    finally:
        for s in servers:
            s.stop()


def scenario_backpressure(nanojs):
    upstream = UpstreamServer().start()
    try:
        baseline = run_nanojs(nanojs, "fetch_backpressure.mjs", {"port": upstream.port, "mode": "baseline"})
        ok = report("backpressure-baseline", baseline)
        growth = {}
        for mb in (50, 200):
            result = run_nanojs(nanojs, "fetch_backpressure.mjs", {"port": upstream.port, "mb": mb})
            ok = report(f"backpressure-{mb}MB", result) and ok
            growth[mb] = (result.max_rss_kb - baseline.max_rss_kb) / 1024
            print(f"measured: peak RSS reading {mb} MB slowly: {result.max_rss_kb / 1024:.1f} MB "
                  f"(baseline {baseline.max_rss_kb / 1024:.1f} MB, growth {growth[mb]:.1f} MB)")
        # Bounded: not growing with the body (what is there is ArrayBuffer
        # garbage V8 has not collected yet, about the same for any size), and
        # well under the largest body.
        bounded = growth[200] < 64 and growth[200] - growth[50] < 24
        print(f"{'ok' if bounded else 'FAIL'} peak RSS bounded: +{growth[50]:.1f} MB for 50 MB, "
              f"+{growth[200]:.1f} MB for 200 MB (bounds: 200 MB case < 64 MB, difference < 24 MB)")
        return ok and bounded
    finally:
        upstream.stop()


def scenario_upload(nanojs):
    upstream = UpstreamServer().start()
    try:
        config = {"port": upstream.port}
        return report("upload", run_nanojs(nanojs, "fetch_upload.mjs", config))
    finally:
        upstream.stop()


SCENARIOS = {name[len("scenario_"):]: fn for name, fn in globals().items() if name.startswith("scenario_")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nanojs")
    parser.add_argument("args", nargs="+", metavar="[NANOJS] SCENARIO")
    args = parser.parse_args()
    positional = list(args.args)
    nanojs = args.nanojs or (positional.pop(0) if len(positional) == 2 else None)
    if nanojs is None or len(positional) != 1 or positional[0] not in SCENARIOS:
        parser.error(f"expected NANOJS and one of: {', '.join(sorted(SCENARIOS))}")
    return 0 if SCENARIOS[positional[0]](os.path.abspath(nanojs)) else 1


if __name__ == "__main__":
    sys.exit(main())
