#!/usr/bin/env python3
"""Per-request telemetry of `nanojs serve --telemetry`: fetches, streams and
pending promises caused by a request name it even when they start after awaits,
in timers or in crypto jobs; the request's record counts its CPU time (timer
callbacks included), ArrayBuffer bytes, promises, fetches and native buffer peak.

Usage: test_request_attribution.py NANOJS
"""
import http.client
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HANDLER = os.path.join(HERE, "telemetry", "request_attribution.mjs")
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def listening_port(proc):
    deadline = time.time() + 15
    line = b""
    while not line.endswith(b"\n") and time.time() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], deadline - time.time())
        if not ready:
            break
        byte = os.read(proc.stdout.fileno(), 1)
        if not byte:
            break
        line += byte
    prefix = b"Listening on http://127.0.0.1:"
    if not line.startswith(prefix):
        raise SystemExit(f"no 'Listening on' line: {line!r}")
    return int(line[len(prefix):].rstrip(b"/\r\n"))


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def get_slowly(port, path):
    """Reads the response head, waits, then drains: the body sits in the server's buffers."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    first = sock.recv(1024)
    time.sleep(0.3)
    total = len(first)
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        total += len(chunk)
    sock.close()
    return total


def main(nanojs):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "telemetry.jsonl")
        proc = subprocess.Popen([nanojs, "serve", HANDLER, "--host", "127.0.0.1", "--port", "0", "--telemetry", out],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            port = listening_port(proc)
            status, body = get(port, "/work")
            check(status == 200 and body == b"4096 32 200000 true", f"/work answers ({status} {body[:40]!r})")
            status, body = get(port, "/stuck-read")
            check(status == 200 and body == b"late", f"/stuck-read answers ({status} {body!r})")
            received = get_slowly(port, "/big")
            check(received > 8 << 20, f"/big delivered {received} bytes")
            time.sleep(0.2)
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        with open(out) as f:
            events = [json.loads(line) for line in f if line.strip()]

    requests = {e["id"]: e for e in events if e["kind"] == "request" and e["op"] == "close"}
    by_path = {}
    for r in requests.values():
        by_path.setdefault(r["path"], []).append(r)
    check(all(len(by_path.get(p, [])) == 1 for p in ("/work", "/upstream", "/stuck-read", "/big")),
          f"one closed record per request ({ {p: len(v) for p, v in by_path.items()} })")
    work = by_path["/work"][0]
    upstream = by_path["/upstream"][0]

    fetches = [e for e in events if e["kind"] == "fetch" and e["op"] == "close"]
    check(len(fetches) == 1 and fetches[0]["request"] == work["id"],
          f"the fetch started after two awaits names /work's request ({[f['request'] for f in fetches]})")
    check(work["fetchIds"] == [fetches[0]["id"]] if fetches else False,
          f"/work's record lists its fetch ({work['fetchIds']})")
    check(upstream["fetchIds"] == [], "/upstream started no fetch")

    promises = [e for e in events if e["kind"] == "promise"]
    opened = {(e["id"]): e for e in promises if e["op"] == "open"}
    closed = {(e["id"]): e for e in promises if e["op"] == "close"}
    kinds = {}
    for p in opened.values():
        kinds.setdefault(p["opKind"], []).append(p)
    check(any(p["request"] == work["id"] for p in kinds.get("fetch", [])), "the fetch's pending promise names /work")
    check(any(p["request"] == work["id"] for p in kinds.get("crypto.deriveBits", [])),
          "the PBKDF2 job's pending promise names /work")
    stuck = by_path["/stuck-read"][0]
    reads = [p for p in kinds.get("stream.read", []) if p["request"] == stuck["id"]]
    check(len(reads) >= 1, f"/stuck-read's waiting read is a pending stream.read promise ({len(reads)})")
    waited = [closed[p["id"]]["settled"] - p["created"] for p in reads if p["id"] in closed]
    check(bool(waited) and max(waited) >= 40, f"it stayed pending until the timer enqueued (~50 ms): {waited}")
    # Its age comes from the loop's millisecond clock: it began inside the request.
    check(all(p["created"] >= stuck["start"] - 1.5 for p in reads),
          f"the read began waiting after its request started ({[p['created'] for p in reads]} >= {stuck['start']})")
    check(set(opened) == set(closed), f"every pending promise settled ({len(opened)} opened, {len(closed)} closed)")
    # Only promises that waited past the task that made them are listed: the
    # fetch, the digest job, the read that waited for the timer; a thousand
    # reads answered at once would not show up.
    check(len(opened) <= 6, f"promises settled within their task are not published ({len(opened)} published)")

    # A stream that closes before the telemetry's next flush is published
    # once, closed: every record of a stream names its request.
    streams = [e for e in events if e["kind"] == "stream"]
    check(any(s["request"] == work["id"] for s in streams), "a stream created after awaits names /work")
    check(all(s["request"] in requests for s in streams),
          f"every stream names a request ({sorted({s['request'] for s in streams}, key=str)})")

    # The timer callback spins 50 ms of wall time; even a heavily shared CPU
    # gives it a fifth of that, and without the timer nothing here comes near.
    check(work["cpuTime"] >= 10, f"/work's CPU time includes its timer callback's loop ({work['cpuTime']:.2f} ms)")
    check(work["arrayBufferBytes"] >= 1 << 20, f"/work's ArrayBuffer bytes ({work['arrayBufferBytes']})")
    check(work["promisesCreated"] >= 5, f"/work created promises ({work['promisesCreated']})")
    check(upstream["promisesCreated"] < work["promisesCreated"],
          f"/upstream's count is its own ({upstream['promisesCreated']} < {work['promisesCreated']})")
    big = by_path["/big"][0]
    check(big["arenaPeak"] >= 1 << 20,
          f"/big's native buffers held its unread response ({big['arenaPeak']} bytes at peak)")
    check(work["arenaPeak"] < 1 << 20, f"/work's native peak is small ({work['arenaPeak']} bytes)")

    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("all ok")


if __name__ == "__main__":
    main(sys.argv[1])
