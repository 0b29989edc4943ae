// structuredClone copies every type V8's serializer supports, keeps shared
// references and cycles, and drops what HTML says to drop.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
function same(a, b, what) {
  if (!Object.is(a, b)) throw new Error(`${what}: expected ${String(b)}, got ${String(a)}`);
}

// The global is WebIDL-shaped.
const desc = Object.getOwnPropertyDescriptor(globalThis, "structuredClone");
assert(desc.writable && desc.configurable && !desc.enumerable, "global descriptor");
same(structuredClone.length, 1, "length");
same(structuredClone.name, "structuredClone", "name");

// Primitives come back as themselves.
for (const v of [undefined, null, true, false, "", "\uD800", "a\u0000b", "\u{1F600}", 0, -0, NaN,
  Infinity, -Infinity, 0.2, 2 ** 53 + 2, -(2 ** 53), 0n, -12n, 2n ** 200n]) {
  same(structuredClone(v), v, `primitive ${typeof v} ${String(v)}`);
}
console.log("primitives ok");

// Primitive wrappers.
for (const [v, Type] of [[new Boolean(false), Boolean], [new Number(-0), Number],
  [new String("s\uDC00"), String], [Object(7n), BigInt]]) {
  const c = structuredClone(v);
  assert(c instanceof Type && c !== v, `${Type.name} wrapper`);
  same(c.valueOf(), v.valueOf(), `${Type.name} wrapper value`);
}

// Date and RegExp (lastIndex is reset).
const date = new Date(8.64e15);
const dateCopy = structuredClone(date);
assert(dateCopy instanceof Date && dateCopy !== date && +dateCopy === 8.64e15, "Date");
assert(Number.isNaN(+structuredClone(new Date(NaN))), "invalid Date");
const re = /a\/b\n/gimsuy;
re.lastIndex = 3;
const reCopy = structuredClone(re);
assert(reCopy instanceof RegExp && reCopy !== re, "RegExp");
same(reCopy.source, re.source, "RegExp source");
same(reCopy.flags, re.flags, "RegExp flags");
same(reCopy.lastIndex, 0, "RegExp lastIndex");
console.log("wrappers, Date, RegExp ok");

// Map and Set keep order and entries, keys are cloned too.
const key = { k: 1 };
const map = new Map([[key, "v"], ["s", new Set([1, "a", key])]]);
const mapCopy = structuredClone(map);
assert(mapCopy instanceof Map && mapCopy.size === 2, "Map");
const [[k0, v0], [k1, v1]] = [...mapCopy];
assert(k0 !== key && k0.k === 1 && v0 === "v" && k1 === "s", "Map entries");
assert(v1 instanceof Set && [...v1][2] === k0, "Set shares the cloned key object");

// Arrays: holes stay holes, extra properties come along.
const sparse = [1, , 3];
sparse[100] = "x";
sparse.extra = "e";
const sparseCopy = structuredClone(sparse);
assert(Array.isArray(sparseCopy), "Array");
same(sparseCopy.length, 101, "sparse length");
assert(!(1 in sparseCopy) && !(50 in sparseCopy), "holes preserved");
same(sparseCopy[100], "x", "sparse element");
same(sparseCopy.extra, "e", "array extra property");
same(structuredClone(new Array(10)).length, 10, "empty sparse length");

// Plain objects: own enumerable string keys only; getters run once and become data.
const proto = { inherited: 1 };
const obj = Object.create(proto);
obj.a = 1;
obj[2] = "two";
Object.defineProperty(obj, "hidden", { value: 1, enumerable: false });
obj[Symbol("sym")] = 1;
let getterCalls = 0;
Object.defineProperty(obj, "g", { get() { getterCalls++; return "got"; }, enumerable: true });
const objCopy = structuredClone(obj);
same(Object.getPrototypeOf(objCopy), Object.prototype, "prototype is Object.prototype");
same(JSON.stringify(Object.keys(objCopy)), '["2","a","g"]', "own enumerable keys");
assert(!("inherited" in objCopy) && !("hidden" in objCopy), "inherited/non-enumerable dropped");
same(Object.getOwnPropertySymbols(objCopy).length, 0, "symbol keys dropped");
same(getterCalls, 1, "getter called once");
same(Object.getOwnPropertyDescriptor(objCopy, "g").value, "got", "getter became data");
const frozen = structuredClone(Object.freeze({ f: 1 }));
assert(!Object.isFrozen(frozen) && Object.getOwnPropertyDescriptor(frozen, "f").writable, "not frozen");
const protoCopy = structuredClone(Object.prototype);
Object.setPrototypeOf(protoCopy, { some: "proto" });  // not exotic any more
console.log("Map, Set, Array, Object ok");

// Shared references and cycles keep their shape.
const shared = { s: 1 };
const graph = { a: shared, b: shared, list: [shared] };
graph.self = graph;
graph.list.push(graph.list);
const graphCopy = structuredClone(graph);
assert(graphCopy.a !== shared && graphCopy.a === graphCopy.b, "shared reference");
assert(graphCopy.list[0] === graphCopy.a, "shared across array");
assert(graphCopy.self === graphCopy, "object cycle");
assert(graphCopy.list[1] === graphCopy.list, "array cycle");
const ring = new Map();
ring.set(ring, ring);
const ringCopy = structuredClone(ring);
assert(ringCopy.get(ringCopy) === ringCopy, "Map cycle");
console.log("references and cycles ok");

// ArrayBuffer, every typed array and DataView; views over one buffer share the copy.
const buffer = new ArrayBuffer(64);
new Uint8Array(buffer).forEach((_, i, a) => { a[i] = i; });
const views = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]
  .map((Type) => new Type(buffer, 8, 2));
views.push(new DataView(buffer, 3, 5));
const viewsCopy = structuredClone({ buffer, views });
assert(viewsCopy.buffer instanceof ArrayBuffer && viewsCopy.buffer !== buffer, "ArrayBuffer copy");
same(viewsCopy.buffer.byteLength, 64, "ArrayBuffer length");
same(new Uint8Array(viewsCopy.buffer)[63], 63, "ArrayBuffer content");
viewsCopy.views.forEach((view, i) => {
  const original = views[i];
  same(view.constructor, original.constructor, `view ${i} type`);
  assert(view.buffer === viewsCopy.buffer, `view ${i} shares the cloned buffer`);
  same(view.byteOffset, original.byteOffset, `view ${i} offset`);
  same(view.byteLength, original.byteLength, `view ${i} length`);
});
same(viewsCopy.views[3][1], new Int16Array(buffer, 8, 2)[1], "Int16Array element");
same(viewsCopy.views[11].getUint8(0), 3, "DataView content");
new Uint8Array(viewsCopy.buffer)[8] = 200;
same(new Uint8Array(buffer)[8], 8, "copy is independent");
const lone = structuredClone(new Float64Array([1.5, -0]));
assert(lone instanceof Float64Array && lone[0] === 1.5 && Object.is(lone[1], -0), "Float64Array alone");
console.log("ArrayBuffer and views ok");

// Errors: the prototype follows `name` when it is a standard error name; message,
// stack and cause are kept; other own properties are not.
const typeError = new TypeError("bad type", { cause: { why: 1 } });
const typeErrorCopy = structuredClone(typeError);
same(Object.getPrototypeOf(typeErrorCopy), TypeError.prototype, "TypeError prototype");
same(typeErrorCopy.message, "bad type", "error message");
same(typeErrorCopy.stack, typeError.stack, "error stack");
same(typeErrorCopy.cause.why, 1, "error cause");
assert(!Object.getOwnPropertyDescriptor(typeErrorCopy, "message").enumerable, "message not enumerable");
for (const Type of [Error, EvalError, RangeError, ReferenceError, SyntaxError, URIError]) {
  same(Object.getPrototypeOf(structuredClone(new Type("m"))), Type.prototype, Type.name);
}
class CustomError extends RangeError {
  constructor() { super("custom"); this.name = "CustomError"; this.extra = 1; }
}
const customCopy = structuredClone(new CustomError());
same(Object.getPrototypeOf(customCopy), Error.prototype, "non-standard name becomes Error");
same(customCopy.name, "Error", "custom name");
same(customCopy.message, "custom", "custom message");
same(customCopy.extra, undefined, "extra own property dropped");
const renamed = new Error("r");
renamed.name = "SyntaxError";
same(Object.getPrototypeOf(structuredClone(renamed)), SyntaxError.prototype, "name picks prototype");
assert(!Object.hasOwn(structuredClone(new Error()), "message"), "absent message stays absent");
console.log("errors ok");

// SharedArrayBuffer: a new object over the same memory.
const sab = new SharedArrayBuffer(16);
const sabCopy = structuredClone({ sab, view: new Int32Array(sab, 4, 2) });
assert(sabCopy.sab instanceof SharedArrayBuffer && sabCopy.sab !== sab, "SharedArrayBuffer object");
new Int32Array(sab)[1] = 42;
same(sabCopy.view[0], 42, "memory is shared");

// WebAssembly: modules clone; shared memories share, plain memories cannot be cloned.
const module = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
const moduleCopy = structuredClone(module);
assert(moduleCopy instanceof WebAssembly.Module && moduleCopy !== module, "WebAssembly.Module");
same(WebAssembly.Module.exports(moduleCopy).length, 0, "module usable");
new WebAssembly.Instance(moduleCopy);
const sharedMemory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
const memoryCopy = structuredClone(sharedMemory);
assert(memoryCopy instanceof WebAssembly.Memory && memoryCopy !== sharedMemory, "shared Memory");
new Uint8Array(sharedMemory.buffer)[5] = 9;
same(new Uint8Array(memoryCopy.buffer)[5], 9, "shared Memory shares");
console.log("SharedArrayBuffer and WebAssembly ok");
