// structuredClone's errors: DataCloneError DOMExceptions for values that cannot
// be cloned, WebIDL TypeErrors for bad arguments, and exceptions from user code
// passed through unchanged.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
function throws(fn, name, messagePart, what) {
  try {
    fn();
  } catch (e) {
    if (e.name !== name) throw new Error(`${what}: expected ${name}, got ${e.name}: ${e.message}`);
    if (!String(e.message).includes(messagePart)) {
      throw new Error(`${what}: message "${e.message}" lacks "${messagePart}"`);
    }
    if (name === "DataCloneError" && typeof DOMException === "function") {
      assert(e instanceof DOMException, `${what}: is a DOMException`);
      assert(e.code === 25, `${what}: DATA_CLONE_ERR code`);
    }
    return e;
  }
  throw new Error(`${what}: did not throw`);
}

// Values V8 cannot serialize; the message names the value.
const uncloneable = [
  [function named() {}, "function named() {} could not be cloned."],
  [() => 1, "() => 1 could not be cloned."],
  [class K {}, "class K {} could not be cloned."],
  [Symbol("tag"), "Symbol(tag) could not be cloned."],
  [new WeakMap(), "#<WeakMap> could not be cloned."],
  [new WeakSet(), "#<WeakSet> could not be cloned."],
  [new WeakRef({}), "#<WeakRef> could not be cloned."],
  [Promise.resolve(), "#<Promise> could not be cloned."],
  [new Proxy({}, {}), "#<Object> could not be cloned."],
  [new WebAssembly.Memory({ initial: 1 }), "#<Memory> could not be cloned."],
  [Object(Symbol("boxed")), "could not be cloned."],
];
for (const [value, message] of uncloneable) {
  throws(() => structuredClone(value), "DataCloneError", message, `clone ${String(message)}`);
}
// Nested too, wherever they are.
throws(() => structuredClone({ a: [1, { f() {} }] }), "DataCloneError", "f() {} could not be cloned.", "nested method");
throws(() => structuredClone(new Map([[1, Symbol.iterator]])), "DataCloneError",
  "Symbol(Symbol.iterator) could not be cloned.", "symbol in Map");
console.log("DataCloneError for uncloneable values ok");

// A detached ArrayBuffer (or a view of one) cannot be cloned.
const detached = new ArrayBuffer(8);
structuredClone(undefined, { transfer: [detached] });
throws(() => structuredClone(detached), "DataCloneError", "detached", "detached buffer");
throws(() => structuredClone({ d: detached }), "DataCloneError", "detached", "nested detached buffer");

// Exceptions thrown by getters propagate as they are, and stop the clone.
class Marker extends Error {}
let after = 0;
const getterThrows = {
  get a() { throw new Marker("from getter"); },
  get b() { after++; return 1; },
};
const marker = throws(() => structuredClone(getterThrows), "Error", "from getter", "getter exception");
assert(marker instanceof Marker, "same exception object");
assert(after === 0, "serialization stopped at the throwing getter");

// Deep nesting fails with a RangeError instead of crashing.
let deep = {};
for (let i = 0; i < 200000; i++) deep = { deep };
throws(() => structuredClone(deep), "RangeError", "call stack", "deep nesting");
console.log("detached, getters, deep nesting ok");

// WebIDL argument handling.
throws(() => structuredClone(), "TypeError", "1 argument required, but only 0 present", "no arguments");
assert(structuredClone(undefined) === undefined, "explicit undefined is an argument");
throws(() => structuredClone(1, 5), "TypeError", "dictionary", "options not an object");
throws(() => structuredClone(1, { transfer: 5 }), "TypeError", "sequence", "transfer not iterable");
throws(() => structuredClone(1, { transfer: [1] }), "TypeError", "is not an object", "transfer entry not an object");
assert(structuredClone(1, null) === 1 && structuredClone(1, {}) === 1, "null and {} options");
assert(structuredClone(1, { transfer: undefined }) === 1, "undefined transfer");
const transferGetter = { get transfer() { throw new Marker("transfer getter"); } };
throws(() => structuredClone(1, transferGetter), "Error", "transfer getter", "options getter throws");
console.log("WebIDL argument handling ok");

// DOMException values are serializable: name, message and code survive.
if (typeof DOMException === "function") {
  const original = new DOMException("went wrong", "NotFoundError");
  const copy = structuredClone(original);
  assert(copy instanceof DOMException && copy !== original, "DOMException copy");
  assert(copy.name === "NotFoundError" && copy.message === "went wrong" && copy.code === 8,
    "DOMException name/message/code");
  assert(copy.stack === original.stack, "DOMException stack");
  const buffer = new ArrayBuffer(1);
  const withTransfer = structuredClone(new DOMException("x"), { transfer: [buffer] });
  assert(withTransfer.name === "Error" && buffer.byteLength === 0, "DOMException with transfer list");
  const thrown = throws(() => structuredClone(() => {}), "DataCloneError", "could not be cloned", "x");
  assert(structuredClone(thrown).name === "DataCloneError", "a DataCloneError clones");
}
console.log("DOMException ok");
