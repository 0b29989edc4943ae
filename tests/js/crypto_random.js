// crypto.getRandomValues and crypto.randomUUID.
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
function assertThrows(fn, check, message) {
  try {
    fn();
  } catch (error) {
    assert(check(error), `${message}: wrong error ${String(error)}`);
    return;
  }
  assert(false, `${message}: did not throw`);
}
const isTypeError = (e) => e instanceof TypeError;
const domError = (name, code) => (e) => e instanceof DOMException && e.name === name && e.code === code;

// --- Interface
assert(crypto instanceof Crypto, "crypto is a Crypto");
assert(!Object.keys(globalThis).includes("crypto"), "crypto is not enumerable");
assertThrows(() => new Crypto(), isTypeError, "Crypto has no constructor");
assertThrows(() => Crypto.prototype.getRandomValues.call({}, new Uint8Array(1)), isTypeError, "getRandomValues brand check");
assertThrows(() => Crypto.prototype.randomUUID.call(undefined), isTypeError, "randomUUID brand check");
assert(Object.prototype.toString.call(crypto) === "[object Crypto]", "toStringTag");
assert(Crypto.prototype.getRandomValues.length === 1 && Crypto.prototype.randomUUID.length === 0, "lengths");

// --- getRandomValues: errors
assertThrows(() => crypto.getRandomValues(), isTypeError, "no argument");
for (const bad of [null, undefined, 1, "abc", [1, 2], new ArrayBuffer(8), {}]) {
  assertThrows(() => crypto.getRandomValues(bad), isTypeError, `non-view ${Object.prototype.toString.call(bad)}`);
}
assertThrows(() => crypto.getRandomValues(new Uint8Array(new SharedArrayBuffer(8))), isTypeError, "shared memory");
for (const view of [new Float32Array(4), new Float64Array(4), new DataView(new ArrayBuffer(4)),
  new Float64Array(10000), new DataView(new ArrayBuffer(70000))]) {
  assertThrows(() => crypto.getRandomValues(view), domError("TypeMismatchError", 17),
    `${view.constructor.name}(${view.byteLength}) is not an integer array`);
}
for (const [Type, length] of [[Uint8Array, 65537], [Uint16Array, 32769], [Int32Array, 16385], [BigUint64Array, 8193]]) {
  const view = new Type(length);
  assertThrows(() => crypto.getRandomValues(view), domError("QuotaExceededError", 22), `${Type.name}(${length})`);
  assert(view.every((x) => x == 0), `${Type.name}(${length}) left untouched`);
}
{
  // The limit is on the view, not its buffer.
  const big = new Uint8Array(200000);
  const view = big.subarray(100000, 100000 + 65536);
  assert(crypto.getRandomValues(view) === view, "65536 bytes inside a larger buffer");
  assert(big[99999] === 0 && big[165536] === 0, "bytes around the view untouched");
}

// --- getRandomValues: fills in place and returns the same object
for (const Type of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, BigInt64Array, BigUint64Array]) {
  for (const length of [0, 1, 3, 64, 1000]) {
    const array = new Type(length);
    assert(crypto.getRandomValues(array) === array, `${Type.name}(${length}) returned as is`);
    if (length >= 64) assert(array.some((x) => x != 0), `${Type.name}(${length}) filled`);
  }
}
{
  // A subarray: only its bytes change, seen through the shared buffer.
  const whole = new Uint8Array(64);
  const part = whole.subarray(16, 48);
  const result = crypto.getRandomValues(part);
  assert(result === part && result.byteOffset === 16, "subarray returned");
  assert(whole.slice(0, 16).every((x) => x === 0) && whole.slice(48).every((x) => x === 0), "outside the subarray stays zero");
  assert(whole.slice(16, 48).some((x) => x !== 0), "inside the subarray was filled");
  assert(whole.slice(16, 48).every((x, i) => x === part[i]), "written into the shared buffer");
}
{
  // Wider element types at a byte offset into a buffer.
  const buffer = new ArrayBuffer(96);
  const words = new Uint32Array(buffer, 32, 8);
  crypto.getRandomValues(words);
  const bytes = new Uint8Array(buffer);
  assert(bytes.slice(0, 32).every((x) => x === 0) && bytes.slice(64).every((x) => x === 0), "Uint32Array at offset 32");
  assert(new DataView(buffer).getUint32(32, true) === words[0], "word visible through another view");
}
{
  // Small (on-heap) arrays are filled in place too.
  const tiny = new Uint8Array(8);
  const alias = tiny;
  crypto.getRandomValues(tiny);
  assert(alias === tiny && new Uint8Array(tiny.buffer).some((x) => x !== 0), "small array filled in place");
}
{
  // A detached view has no bytes: nothing to fill, no error.
  const buffer = new ArrayBuffer(16);
  const view = new Uint8Array(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  assert(view.byteLength === 0 && crypto.getRandomValues(view) === view, "detached view");
}
{
  // Rough uniformity: 65536 bytes, every value present, none far off 256.
  const counts = new Array(256).fill(0);
  for (const byte of crypto.getRandomValues(new Uint8Array(65536))) counts[byte]++;
  assert(Math.min(...counts) > 150 && Math.max(...counts) < 370, `byte counts ${Math.min(...counts)}..${Math.max(...counts)}`);
  const a = crypto.getRandomValues(new Uint8Array(32));
  const b = crypto.getRandomValues(new Uint8Array(32));
  assert(a.some((x, i) => x !== b[i]), "two calls differ");
}

// --- randomUUID
{
  const format = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const seen = new Set();
  let badFormat = 0;
  for (let i = 0; i < 10000; i++) {
    const uuid = crypto.randomUUID();
    if (typeof uuid !== "string" || !format.test(uuid)) badFormat++;
    seen.add(uuid);
  }
  assert(badFormat === 0, `${badFormat} UUIDs not lowercase v4`);
  assert(seen.size === 10000, `${10000 - seen.size} duplicate UUIDs`);
}

console.log(`${checks} checks passed`);
