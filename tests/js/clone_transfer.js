// structuredClone(value, { transfer }): transferred ArrayBuffers move to the
// clone and are detached in the source; the list is validated as HTML says.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
function throws(fn, name, messagePart, what) {
  try {
    fn();
  } catch (e) {
    if (e.name !== name) throw new Error(`${what}: expected ${name}, got ${e.name}: ${e.message}`);
    if (!e.message.includes(messagePart)) throw new Error(`${what}: message "${e.message}" lacks "${messagePart}"`);
    return e;
  }
  throw new Error(`${what}: did not throw`);
}

// The buffer moves: the source and its views are detached, the clone has the bytes.
const buffer = new Uint8Array([10, 20, 30, 40]).buffer;
const view = new Uint8Array(buffer, 1, 2);
const moved = structuredClone({ buffer, view, again: buffer }, { transfer: [buffer] });
assert(buffer.byteLength === 0, "source detached");
assert(view.length === 0 && view.byteLength === 0, "source view detached");
assert(moved.buffer.byteLength === 4, "clone has the length");
assert(moved.again === moved.buffer, "identity kept");
assert(moved.view.buffer === moved.buffer && moved.view[0] === 20 && moved.view[1] === 30,
  "clone view over the transferred buffer");
console.log("transfer moves the buffer ok");

// A transferred buffer that the value does not reference is still detached.
const unreferenced = new ArrayBuffer(16);
assert(structuredClone("v", { transfer: [unreferenced] }) === "v", "value cloned");
assert(unreferenced.byteLength === 0, "unreferenced transfer detached");

// Transferring the buffer itself: the clone is a new ArrayBuffer with the contents.
const big = new ArrayBuffer(1 << 20);
new Uint8Array(big)[12345] = 99;
const bigMoved = structuredClone(big, { transfer: [big] });
assert(bigMoved !== big && big.byteLength === 0 && bigMoved.byteLength === 1 << 20, "whole buffer moved");
assert(new Uint8Array(bigMoved)[12345] === 99, "contents moved");

// Any iterable works as the transfer sequence; several buffers at once.
const a = new ArrayBuffer(1);
const b = new ArrayBuffer(2);
const pair = structuredClone([a, b], { transfer: new Set([b, a]) });
assert(a.byteLength === 0 && b.byteLength === 0, "both detached");
assert(pair[0].byteLength === 1 && pair[1].byteLength === 2, "both moved in order");

// An empty transfer list copies: the source stays intact.
const kept = new ArrayBuffer(3);
const copied = structuredClone(kept, { transfer: [] });
assert(kept.byteLength === 3 && copied.byteLength === 3 && copied !== kept, "empty list copies");
console.log("transfer list forms ok");

// Validation: non-transferable objects, duplicates, detached and non-detachable buffers.
throws(() => structuredClone(1, { transfer: [{}] }), "DataCloneError",
  "Value at index 0 does not have a transferable type", "plain object");
throws(() => structuredClone(1, { transfer: [new ArrayBuffer(1), new Uint8Array(1)] }), "DataCloneError",
  "Value at index 1 does not have a transferable type", "typed array is not transferable");
throws(() => structuredClone(1, { transfer: [new SharedArrayBuffer(1)] }), "DataCloneError",
  "SharedArrayBuffer at index 0 is not transferable", "SharedArrayBuffer");
const dup = new ArrayBuffer(1);
throws(() => structuredClone(dup, { transfer: [dup, new ArrayBuffer(1), dup] }), "DataCloneError",
  "ArrayBuffer at index 2 is a duplicate", "duplicate");
assert(dup.byteLength === 1, "duplicate: nothing detached");
throws(() => structuredClone(1, { transfer: [a] }), "DataCloneError",
  "ArrayBuffer at index 0 is already detached", "already detached");
throws(() => structuredClone(a, { transfer: [a] }), "DataCloneError",
  "ArrayBuffer at index 0 is already detached", "already detached and referenced");
const memory = new WebAssembly.Memory({ initial: 1 });
const first = new ArrayBuffer(4);
throws(() => structuredClone(memory.buffer, { transfer: [first, memory.buffer] }), "DataCloneError",
  "ArrayBuffer at index 1 is not detachable", "WebAssembly.Memory buffer");
assert(memory.buffer.byteLength === 65536, "memory intact");
assert(first.byteLength === 4, "a failed transfer detaches nothing");

// A value that fails to serialize leaves the transfer list intact.
const survivor = new ArrayBuffer(4);
throws(() => structuredClone([survivor, () => {}], { transfer: [survivor] }), "DataCloneError",
  "could not be cloned", "uncloneable value");
assert(survivor.byteLength === 4, "not detached after a failed clone");
console.log("transfer validation ok");
