// DOMException: WebIDL constructor defaults, brand-checked getters, legacy codes,
// Error.prototype inheritance, stack and toString tag.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
function assertThrows(ErrorType, fn, what) {
  try {
    fn();
  } catch (e) {
    assert(e instanceof ErrorType, `${what}: threw ${e} instead of ${ErrorType.name}`);
    return e;
  }
  throw new Error(`assertion failed: ${what} did not throw`);
}

const plain = new DOMException();
console.log(`default: name=${plain.name} message=${JSON.stringify(plain.message)} code=${plain.code}`);
assert(new DOMException(undefined, undefined).name === "Error", "undefined name means Error");
assert(new DOMException(null).message === "null", "null message is stringified");
assert(new DOMException(42, { toString: () => "CustomName" }).name === "CustomName", "name is a DOMString");
assertThrows(TypeError, () => new DOMException(Symbol("x")), "symbol message");
assertThrows(TypeError, () => DOMException("x"), "call without new");
assert(DOMException.length === 0, "constructor length is 0");

// Legacy codes: the error names table, 0 for anything else.
for (const [name, code] of [
  ["IndexSizeError", 1], ["HierarchyRequestError", 3], ["InvalidCharacterError", 5],
  ["NotFoundError", 8], ["NotSupportedError", 9], ["InvalidStateError", 11], ["SyntaxError", 12],
  ["InvalidAccessError", 15], ["SecurityError", 18], ["NetworkError", 19], ["AbortError", 20],
  ["QuotaExceededError", 22], ["TimeoutError", 23], ["DataCloneError", 25],
  ["ValidationError", 0], ["EncodingError", 0], ["NotAllowedError", 0], ["Whatever", 0],
]) {
  const e = new DOMException("m", name);
  assert(e.code === code, `${name} has code ${code}, got ${e.code}`);
}
console.log(`AbortError code: ${new DOMException("", "AbortError").code} === ABORT_ERR ${DOMException.ABORT_ERR}`);

const constants = ["INDEX_SIZE_ERR", "DOMSTRING_SIZE_ERR", "HIERARCHY_REQUEST_ERR",
  "WRONG_DOCUMENT_ERR", "INVALID_CHARACTER_ERR", "NO_DATA_ALLOWED_ERR", "NO_MODIFICATION_ALLOWED_ERR",
  "NOT_FOUND_ERR", "NOT_SUPPORTED_ERR", "INUSE_ATTRIBUTE_ERR", "INVALID_STATE_ERR", "SYNTAX_ERR",
  "INVALID_MODIFICATION_ERR", "NAMESPACE_ERR", "INVALID_ACCESS_ERR", "VALIDATION_ERR",
  "TYPE_MISMATCH_ERR", "SECURITY_ERR", "NETWORK_ERR", "ABORT_ERR", "URL_MISMATCH_ERR",
  "QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR", "INVALID_NODE_TYPE_ERR", "DATA_CLONE_ERR"];
constants.forEach((name, i) => {
  for (const object of [DOMException, DOMException.prototype]) {
    const desc = Object.getOwnPropertyDescriptor(object, name);
    assert(desc && desc.value === i + 1 && !desc.writable && desc.enumerable && !desc.configurable,
      `constant ${name}`);
  }
});
console.log(`constants: ${constants.length}, DATA_CLONE_ERR=${DOMException.prototype.DATA_CLONE_ERR}`);

// Getters live on the prototype and check their receiver.
const e = new DOMException("went wrong", "NotFoundError");
assert(!Object.hasOwn(e, "name") && !Object.hasOwn(e, "message") && !Object.hasOwn(e, "code"), "no own fields");
for (const key of ["name", "message", "code"]) {
  const getter = Object.getOwnPropertyDescriptor(DOMException.prototype, key).get;
  const err = assertThrows(TypeError, () => getter.call({}), `${key} getter on a plain object`);
  assert(err.message === "Illegal invocation", `${key}: ${err.message}`);
  assertThrows(TypeError, () => getter.call(new Error("x")), `${key} getter on an Error`);
}
assertThrows(TypeError, () => DOMException.prototype.toString(), "toString on the prototype");

// Error-ness.
assert(Object.getPrototypeOf(DOMException.prototype) === Error.prototype, "prototype chain");
assert(Object.getPrototypeOf(DOMException) === Function.prototype, "constructor chain");
assert(e instanceof Error && e instanceof DOMException, "instanceof");
console.log(`toString: ${e}`);
console.log(`tag: ${Object.prototype.toString.call(e)}`);
assert(typeof e.stack === "string" && e.stack.startsWith("NotFoundError: went wrong\n"), `stack: ${e.stack}`);
assert(e.stack.includes("dom_exception.js"), "stack names this file");
Object.defineProperty(e, "name", { value: "Shadowed" });
assert(e.code === 8, "code ignores a shadowed name");
console.log(`shadowed: ${e}`);

// Thrown and caught like any error; subclasses keep the brand.
try {
  throw new DOMException("nope", "InvalidStateError");
} catch (caught) {
  console.log(`caught: ${caught.name} ${caught.code} ${caught.message}`);
}
class MyException extends DOMException {
  constructor() { super("mine", "SyntaxError"); }
}
const mine = new MyException();
console.log(`subclass: ${mine.name} ${mine.code} ${mine instanceof DOMException} ${Object.prototype.toString.call(mine)}`);

// Global property: writable, configurable, not enumerable.
const desc = Object.getOwnPropertyDescriptor(globalThis, "DOMException");
assert(desc.writable && desc.configurable && !desc.enumerable, "global descriptor");
assert(!Object.keys(globalThis).includes("DOMException"), "not enumerable");
console.log("ok");
