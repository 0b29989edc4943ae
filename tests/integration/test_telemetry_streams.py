#!/usr/bin/env python3
"""Streams telemetry: runs the tee, pipe and transform/error scenarios under
`nanojs run --telemetry` and checks that the JSON lines show the queue sizes, tee
links, pipe links, kinds and states the scenarios must produce."""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(nanojs, script):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "telemetry.jsonl")
        result = subprocess.run([nanojs, "run", "--telemetry", out, os.path.join(HERE, "telemetry", script)],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            sys.exit(f"{script} failed ({result.returncode}):\n{result.stderr}")
        with open(out) as f:
            events = [json.loads(line) for line in f if line.strip()]
    return json.loads(result.stdout.strip().splitlines()[-1]), [e for e in events if e.get("kind") == "stream"]


def height(event):
    """A stream's queue at a record: updates are coalesced per macrotask and carry the peak in between."""
    return max(event["queueChunks"], event.get("queueChunksPeak", 0))


def by_stream(events):
    streams = {}
    for e in events:
        streams.setdefault(e["id"], []).append(e)
    return streams


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)
    print("ok  ", message)


def test_tee(nanojs):
    result, events = run(nanojs, "tee_slow_fast.mjs")
    check(result == {"fast": 20, "slow": 20}, f"both branches read every chunk: {result}")
    streams = by_stream(events)
    branches = {sid: evs for sid, evs in streams.items() if any(e["teeParent"] is not None for e in evs)}
    check(len(branches) == 2, f"two streams report a tee parent (got {len(branches)})")
    parents = {e["teeParent"] for evs in branches.values() for e in evs if e["teeParent"] is not None}
    check(len(parents) == 1, "both branches name the same parent")
    parent = parents.pop()
    parent_branches = {b for e in streams.get(parent, []) for b in e["teeBranches"]}
    check(parent_branches == set(branches), f"the parent lists both branches ({sorted(parent_branches)})")
    peaks = sorted(max(height(e) for e in evs) for evs in branches.values())
    # The fast branch drains as it goes; the slow one holds what it has not read yet.
    check(peaks[0] <= 2, f"fast branch queue stays small (peak {peaks[0]})")
    check(peaks[1] >= 10, f"slow branch queue grows while it sleeps (peak {peaks[1]})")
    check(any(e["backpressure"] for evs in branches.values() for e in evs), "backpressure is reported on a branch")


def test_pipe(nanojs):
    result, events = run(nanojs, "pipe_slow_writable.mjs")
    check(result == {"pulled": 30, "written": 30}, f"every chunk went through: {result}")
    streams = by_stream(events)
    readable = [sid for sid, evs in streams.items() if evs[0]["streamKind"] == "readable" and any(e["pipeTo"] for e in evs)]
    check(len(readable) == 1, "the source reports its pipe target")
    source = readable[0]
    target = next(e["pipeTo"] for e in streams[source] if e["pipeTo"])
    check(streams.get(target, [{}])[0].get("streamKind") == "writable", "the pipe target is the writable")
    check(any(e["pipeFrom"] == source for e in streams[target]), "the writable reports its pipe source")
    hwm = max(e["highWaterMark"] for e in streams[source])
    peak = max(height(e) for e in streams[source])
    check(hwm == 4 and peak <= hwm, f"source queue bounded by its highWaterMark (peak {peak}, hwm {hwm})")
    wpeak = max(height(e) for e in streams[target])
    check(wpeak <= 3, f"writable queue bounded (peak {wpeak})")
    check(streams[source][-1]["op"] == "close" or streams[source][-1]["state"] == "closed", "source ends closed")


def test_transform_and_errors(nanojs):
    result, events = run(nanojs, "transform_and_errors.mjs")
    check(result == {"doubled": 20, "readError": "source failed", "writeError": "sink failed"},
          f"the scenario ran as written: {result}")
    streams = by_stream(events)
    kinds = {evs[0]["streamKind"] for evs in streams.values()}
    check(kinds == {"readable", "writable", "transform"}, f"all three kinds are reported: {sorted(kinds)}")
    transforms = [evs for evs in streams.values() if evs[0]["streamKind"] == "transform"]
    check(len(transforms) == 1, f"one transform record stream (got {len(transforms)})")
    check(max(height(e) for e in transforms[0]) >= 5, "the transform's held chunks are counted in its queue")
    check(transforms[0][-1]["state"] == "closed", f"the transform ends closed ({transforms[0][-1]['state']})")
    check(all(e["highWaterMark"] == 8 for e in transforms[0]), "the transform reports its writable side's highWaterMark")
    errored = {evs[0]["streamKind"] for evs in streams.values() if evs[-1]["state"] == "errored"}
    check(errored == {"readable", "writable"}, f"the failing readable and writable end errored: {sorted(errored)}")
    states = {e["state"] for evs in streams.values() for e in evs}
    check(states <= {"readable", "writable", "closed", "errored", "erroring"}, f"only stream states: {sorted(states)}")
    opened = [evs[0] for evs in streams.values() if evs[0]["op"] == "open"]
    check(any(e["desiredSize"] < 0 or e["queueChunks"] > 0 for e in opened), "an open record shows a filled queue")


if __name__ == "__main__":
    nanojs = sys.argv[1]
    test_tee(nanojs)
    test_pipe(nanojs)
    test_transform_and_errors(nanojs)
    print("3 passed, 0 failed")
