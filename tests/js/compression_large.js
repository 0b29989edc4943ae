// 16 MB through CompressionStream -> DecompressionStream with pipeThrough and
// backpressure, content checked byte for byte against the regenerated input;
// and 16 MB of output from a single small compressed chunk.
import { assert } from "./fixtures/assert.mjs";
const kTotal = 16 * 1024 * 1024;
const kChunk = 256 * 1024;

// Text from a small vocabulary picked by an LCG seeded per chunk: compresses
// well without being periodic, and any chunk can be regenerated for checking.
const words = ["stream", "chunk", "zlib", "deflate", "gzip", "nano", "runtime", "buffer", "window", "bytes\n"]
  .map((word) => new TextEncoder().encode(`${word} `));
function fill(buffer, chunkIndex) {
  let x = Math.imul(chunkIndex + 1, 2654435761) >>> 0;
  let i = 0;
  while (i < buffer.length) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const word = words[(x >>> 16) % words.length];
    for (let j = 0; j < word.length && i < buffer.length; j++) buffer[i++] = word[j];
  }
}

async function roundTrip(format) {
  let produced = 0;
  const source = new ReadableStream({
    pull(controller) {
      if (produced === kTotal) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(kChunk);
      fill(chunk, produced / kChunk);
      produced += kChunk;
      controller.enqueue(chunk);
    },
  });
  let compressedBytes = 0;
  let maxQueued = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      compressedBytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
  let checked = 0;
  let firstMismatch = -1;
  const expected = new Uint8Array(kChunk);
  const sink = new WritableStream({
    write(chunk) {
      assert(chunk instanceof Uint8Array, "output chunks are Uint8Arrays");
      maxQueued = Math.max(maxQueued, produced - checked);
      for (let i = 0; i < chunk.length;) {
        const at = (checked + i) % kChunk;
        if (at === 0) fill(expected, (checked + i) / kChunk);
        const n = Math.min(chunk.length - i, kChunk - at);
        for (let k = 0; k < n; k++) {
          if (chunk[i + k] !== expected[at + k] && firstMismatch < 0) firstMismatch = checked + i + k;
        }
        i += n;
      }
      checked += chunk.length;
    },
  });
  await source.pipeThrough(new CompressionStream(format)).pipeThrough(counter)
    .pipeThrough(new DecompressionStream(format)).pipeTo(sink);
  assert(checked === kTotal, `${format}: ${checked} bytes out, expected ${kTotal}`);
  assert(firstMismatch === -1, `${format}: content differs at byte ${firstMismatch}`);
  assert(compressedBytes > 0 && compressedBytes < kTotal / 4, `${format}: compressed to ${compressedBytes}`);
  // Backpressure keeps the input from running far ahead of the output.
  assert(maxQueued < kTotal / 4, `${format}: ${maxQueued} bytes in flight`);
  console.log(`${format}: 16 MB round trip ok`);
}

async function main() {
  await roundTrip("gzip");
  await roundTrip("deflate-raw");

  // 16 MB of zeros in one chunk: compressed to a few tens of KB, which then
  // decompresses in one write into many output chunks.
  const cs = new CompressionStream("deflate");
  const writer = cs.writable.getWriter();
  writer.write(new Uint8Array(kTotal));
  writer.close();
  const compressed = [];
  for await (const chunk of cs.readable) compressed.push(chunk);
  const compressedLength = compressed.reduce((n, c) => n + c.length, 0);
  assert(compressedLength < 200 * 1024, `zeros compress to ${compressedLength} bytes`);
  const joined = new Uint8Array(compressedLength);
  let offset = 0;
  for (const chunk of compressed) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  const ds = new DecompressionStream("deflate");
  const dsWriter = ds.writable.getWriter();
  dsWriter.write(joined);
  dsWriter.close();
  let total = 0;
  let pieces = 0;
  for await (const chunk of ds.readable) {
    pieces++;
    for (let i = 0; i < chunk.length; i += 4093) assert(chunk[i] === 0, "zeros stay zeros");
    assert(chunk[chunk.length - 1] === 0, "zeros stay zeros");
    total += chunk.length;
  }
  assert(total === kTotal, `zeros: ${total} bytes out`);
  assert(pieces > 1, "16 MB of output comes in several chunks");
  console.log("16 MB from one chunk ok");
}

main().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
