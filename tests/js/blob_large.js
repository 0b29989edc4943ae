// A 200 MiB blob built from 1 MiB parts, combined and sliced without copying,
// read back in samples and streamed in chunks of at most 64 KiB.
const MiB = 1024 * 1024;
const partCount = 200;

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// Part i holds bytes (i + offset) & 0xff, so every byte's position is checkable.
function byteAt(position) {
  return (Math.floor(position / MiB) + position) & 0xff;
}

// One 1 MiB array, refilled for every part: each Blob must copy it at construction.
const chunk = new Uint8Array(MiB);
let big = new Blob([], { type: "application/x-test" });
for (let i = 0; i < partCount; i++) {
  for (let j = 0; j < MiB; j++) chunk[j] = (i + i * MiB + j) & 0xff;
  big = new Blob([big, chunk], { type: "application/x-test" });
}
chunk.fill(0);
check(big.size === partCount * MiB, "size of the 200 MiB blob");
console.log("size", big.size, big.type);

async function sample(blob, position, length, expectedAt) {
  const bytes = await blob.slice(position, position + length).bytes();
  check(bytes.length === length, `slice length at ${position}`);
  for (let k = 0; k < length; k++) {
    if (bytes[k] !== expectedAt(position + k)) {
      throw new Error(`byte ${position + k}: got ${bytes[k]}, expected ${expectedAt(position + k)}`);
    }
  }
}

(async () => {
  // Samples across part boundaries.
  for (const position of [0, MiB - 3, 57 * MiB + 12345, 199 * MiB - 1, big.size - 10]) {
    await sample(big, position, 10, byteAt);
  }
  console.log("samples ok");

  // 400 MiB of logical data from two references: no bytes are copied.
  const doubled = new Blob([big, "|", big]);
  check(doubled.size === 2 * big.size + 1, "doubled size");
  const across = doubled.slice(big.size - 2, big.size + 3);
  check(across.size === 5, "slice across the separator");
  const acrossBytes = await across.bytes();
  check(acrossBytes[2] === 0x7c, "separator byte");
  check(acrossBytes[0] === byteAt(big.size - 2) && acrossBytes[3] === byteAt(0), "bytes around the separator");
  console.log("doubled", doubled.size);

  // Slices of slices, with negative indexes.
  let nested = doubled;
  for (let i = 0; i < 50; i++) nested = nested.slice(1, -1);
  check(nested.size === doubled.size - 100, "nested slice size");
  await sample(nested, 0, 16, (p) => byteAt(p + 50));
  console.log("nested", nested.size);

  // structuredClone shares the bytes.
  const clone = structuredClone(big);
  check(clone !== big && clone.size === big.size, "clone size");
  await sample(clone, 123 * MiB + 7, 32, byteAt);
  console.log("clone ok");

  // Streaming a slice of 20 MiB + 5 bytes: chunks of at most 64 KiB, in order.
  const start = 17 * MiB + 999;
  const slice = big.slice(start, start + 20 * MiB + 5);
  const reader = slice.stream().getReader();
  let total = 0;
  let chunks = 0;
  let largest = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks++;
    largest = Math.max(largest, value.length);
    if (value[0] !== byteAt(start + total) || value[value.length - 1] !== byteAt(start + total + value.length - 1)) {
      throw new Error(`stream chunk ${chunks} has the wrong bytes`);
    }
    total += value.length;
  }
  check(total === slice.size, "streamed byte count");
  check(largest <= 65536, "stream chunks are at most 64 KiB");
  console.log("streamed", total, "bytes in", chunks, "chunks, largest", largest);

  // arrayBuffer() of the whole 200 MiB: one copy.
  const buffer = await big.arrayBuffer();
  check(buffer.byteLength === big.size, "arrayBuffer length");
  const view = new Uint8Array(buffer);
  for (let p = 0; p < big.size; p += 7 * MiB + 13) check(view[p] === byteAt(p), `arrayBuffer byte ${p}`);
  console.log("arrayBuffer ok");
})().catch((error) => {
  console.error(error);
  nano.exit(1);
});
