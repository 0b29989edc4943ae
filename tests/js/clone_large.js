// structuredClone has no size limits of its own: 50 MB strings and buffers clone
// (and transfer) with their contents intact.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
const kSize = 50 * 1024 * 1024;

// One-byte string, with a distinct tail so a truncated copy cannot pass.
const latin1 = "0123456789".repeat(kSize / 10) + "\u00ff-end";
const latin1Copy = structuredClone(latin1);
assert(latin1Copy.length === latin1.length, "one-byte string length");
for (let i = 0; i < latin1.length; i += 1048573) {
  assert(latin1Copy.charCodeAt(i) === latin1.charCodeAt(i), `one-byte string sample ${i}`);
}
assert(latin1Copy.endsWith("\u00ff-end") && latin1Copy === latin1, "one-byte string content");

// Two-byte string (surrogate pairs), inside an object.
const wide = "\u{1F600}\u4e2d".repeat(kSize / 6) + "\uD800";
const wideCopy = structuredClone({ wide }).wide;
assert(wideCopy.length === wide.length, "two-byte string length");
assert(wideCopy.codePointAt(wideCopy.length - 4) === 0x1F600, "two-byte string sample");
assert(wideCopy.charCodeAt(wideCopy.length - 1) === 0xD800, "lone surrogate at the end");
assert(wideCopy === wide, "two-byte string content");
console.log("50 MB strings ok");

// ArrayBuffer: copied, then transferred.
const buffer = new ArrayBuffer(kSize);
const bytes = new Uint8Array(buffer);
for (let i = 0; i < kSize; i += 4099) bytes[i] = (i * 7) & 255;
bytes[kSize - 1] = 0xab;
function check(copy, what) {
  assert(copy.byteLength === kSize, `${what}: length`);
  const view = new Uint8Array(copy);
  for (let i = 0; i < kSize; i += 4099) {
    if (view[i] !== ((i * 7) & 255)) throw new Error(`${what}: byte ${i} differs`);
  }
  assert(view[kSize - 1] === 0xab, `${what}: last byte`);
  assert(view[1] === 0, `${what}: untouched byte`);
}
const copied = structuredClone(buffer);
check(copied, "copy");
new Uint8Array(copied)[0] = 1;
assert(bytes[0] === 0, "copy is independent");
const view = new Float64Array(buffer, 8, (kSize - 8) / 8);
const viewCopy = structuredClone(view);
assert(viewCopy.length === view.length && viewCopy.buffer.byteLength === kSize, "large view copy");
const moved = structuredClone({ buffer }, { transfer: [buffer] }).buffer;
assert(buffer.byteLength === 0, "source detached");
check(moved, "transfer");
console.log("50 MB ArrayBuffer ok");
