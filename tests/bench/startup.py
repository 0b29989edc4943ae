#!/usr/bin/env python3
"""Start-up time of `nanojs run` against node, measured side by side.

Cases: an empty script, and a 1 MB script of ordinary code (functions, object
and array literals, a class) that is parsed and run. Prints the median wall time
of each and the ratio nanojs/peer (below 1.0: nanojs starts faster).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def make_big_script(path, target_bytes=1 << 20):
    block = """
function handler_{i}(request) {{
  const headers = {{ "content-type": "application/json", "x-id": "{i}" }};
  const items = [{i}, {i} + 1, {i} * 2, "item-{i}", {{ nested: {{ value: {i} }} }}];
  let total = 0;
  for (const item of items) total += typeof item === "number" ? item : 1;
  return {{ status: 200, headers, body: JSON.stringify({{ total, id: "{i}" }}) }};
}}
class Route_{i} {{
  constructor(path) {{ this.path = path; this.hits = 0; }}
  match(url) {{ this.hits++; return url.startsWith(this.path); }}
}}
routes.push(new Route_{i}("/api/{i}"), handler_{i});
"""
    parts = ["const routes = [];\n"]
    size = len(parts[0])
    i = 0
    while size < target_bytes:
        chunk = block.format(i=i)
        parts.append(chunk)
        size += len(chunk)
        i += 1
    parts.append("if (routes.length !== %d) throw new Error('not all code ran');\n" % (2 * i))
    with open(path, "w") as f:
        f.write("".join(parts))
    return size


def measure(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.decode()[:500]}")
        times.append(elapsed * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nanojs", required=True)
    parser.add_argument("--node", default=shutil.which("node"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-peers", action="store_true", help="measure nanojs only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.js")
        open(empty, "w").close()
        big = os.path.join(tmp, "big.js")
        size = make_big_script(big)
        cases = [("empty script", empty), (f"{size / (1 << 20):.1f} MB script", big)]
        peers = [] if args.no_peers or not args.node else [("node", [args.node])]

        print(f"startup: median of {args.runs} runs, wall time in ms")
        header = f"{'case':<18}{'nanojs':>10}" + "".join(f"{name:>10}{'ratio':>8}" for name, _ in peers)
        print(header)
        for label, script in cases:
            # Warm the page cache once so the first measured run is not special.
            subprocess.run([args.nanojs, "run", script], stdout=subprocess.DEVNULL)
            ours = measure([args.nanojs, "run", script], args.runs)
            row = f"{label:<18}{ours:>10.1f}"
            for _, cmd in peers:
                theirs = measure(cmd + [script], args.runs)
                row += f"{theirs:>10.1f}{ours / theirs:>8.2f}"
            print(row)
        if peers:
            print("ratio = nanojs / peer (below 1.0: nanojs is faster)")


if __name__ == "__main__":
    main()
