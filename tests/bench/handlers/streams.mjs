// Web streams throughput, run unchanged by nanojs, node and deno (bench/streams.py).
// Arguments: TOTAL_BYTES RUNS CASES (comma-separated). Prints one JSON line per
// case: {"case", "bytes", "runs", "ms": [each timed run]}.
const args = globalThis.Deno?.args ?? globalThis.nano?.args ?? globalThis.process?.argv?.slice(2) ?? [];
const TOTAL = Number(args[0] ?? 256 * 1024 * 1024);
const RUNS = Number(args[1] ?? 3);
const CASES = (args[2] ?? "pipe,tee,read").split(",");
const CHUNK_SIZE = 64 * 1024;
const CHUNK = new Uint8Array(CHUNK_SIZE);

// TOTAL bytes in CHUNK_SIZE chunks, produced on demand (pull), default strategy.
function source(total) {
  let left = Math.ceil(total / CHUNK_SIZE);
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(CHUNK);
      if (--left === 0) controller.close();
    },
  });
}

function countingSink(counter) {
  return new WritableStream({
    write(chunk) {
      counter.bytes += chunk.byteLength;
    },
  });
}

const cases = {
  // ReadableStream -> identity TransformStream -> WritableStream.
  async pipe(total) {
    const counter = { bytes: 0 };
    await source(total).pipeThrough(new TransformStream()).pipeTo(countingSink(counter));
    return counter.bytes;
  },
  // tee(), both branches piped to their own sink.
  async tee(total) {
    const a = { bytes: 0 };
    const b = { bytes: 0 };
    const [left, right] = source(total).tee();
    await Promise.all([left.pipeTo(countingSink(a)), right.pipeTo(countingSink(b))]);
    if (a.bytes !== b.bytes) throw new Error(`tee branches differ: ${a.bytes} != ${b.bytes}`);
    return a.bytes;
  },
  // A plain reader loop, no pipe machinery.
  async read(total) {
    const reader = source(total).getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return bytes;
      bytes += value.byteLength;
    }
  },
};

const expected = Math.ceil(TOTAL / CHUNK_SIZE) * CHUNK_SIZE;
for (const name of CASES) {
  const run = cases[name];
  if (!run) throw new Error(`unknown case ${name}`);
  await run(Math.max(CHUNK_SIZE, TOTAL >> 3)); // warm-up: let the JIT see the code
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const bytes = await run(TOTAL);
    ms.push(performance.now() - start);
    if (bytes !== expected) throw new Error(`${name}: ${bytes} bytes, expected ${expected}`);
  }
  console.log(JSON.stringify({ case: name, bytes: expected, runs: RUNS, ms }));
}
