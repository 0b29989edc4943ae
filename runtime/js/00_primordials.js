// Built-ins captured before any user code runs, so a script that replaces
// Array.prototype.push or Promise.prototype.then cannot break the runtime.
// Naming follows Deno/Node: ArrayPrototypePush(array, x), ObjectKeys(o), ...
"use strict";

const primordials = { __proto__: null };
const { apply, bind, call } = Function.prototype;
const uncurryThis = bind.bind(call);
primordials.uncurryThis = uncurryThis;
primordials.applyBind = bind.bind(apply);

function keyName(key) {
  if (typeof key === "symbol") {
    const description = key.description.replace(/^Symbol\./, "");
    return `Symbol${description[0].toUpperCase()}${description.slice(1)}`;
  }
  return `${key[0].toUpperCase()}${key.slice(1)}`;
}

// Statics are copied as they are; prototype methods are uncurried: f(receiver, ...args).
function copy(source, prefix, uncurry) {
  const wrap = uncurry ? uncurryThis : (f) => f;
  for (const key of Reflect.ownKeys(source)) {
    const desc = Reflect.getOwnPropertyDescriptor(source, key);
    const name = keyName(key);
    if ("value" in desc) {
      const full = `${prefix}${name}`;
      if (full in primordials) continue;
      primordials[full] = typeof desc.value === "function" ? wrap(desc.value) : desc.value;
    } else {
      if (desc.get) primordials[`${prefix}Get${name}`] ??= wrap(desc.get);
      if (desc.set) primordials[`${prefix}Set${name}`] ??= wrap(desc.set);
    }
  }
}

for (const name of ["JSON", "Math", "Reflect", "Atomics"]) {
  copy(globalThis[name], name, false);
}

for (const name of [
  "Array", "ArrayBuffer", "BigInt", "BigInt64Array", "BigUint64Array", "Boolean", "DataView",
  "Date", "Error", "EvalError", "FinalizationRegistry", "Float32Array", "Float64Array",
  "Function", "Int16Array", "Int32Array", "Int8Array", "Map", "Number", "Object", "RangeError",
  "ReferenceError", "RegExp", "Set", "String", "Symbol", "SyntaxError", "TypeError", "URIError",
  "Uint16Array", "Uint32Array", "Uint8Array", "Uint8ClampedArray", "WeakMap", "WeakRef", "WeakSet",
  "Promise", "SharedArrayBuffer",
]) {
  const original = globalThis[name];
  if (original === undefined) continue;
  primordials[name] = original;
  copy(original, name, false);
  copy(original.prototype, `${name}Prototype`, true);
}

// %TypedArray% and the iterator prototypes are not globals.
const TypedArray = Reflect.getPrototypeOf(Uint8Array);
primordials.TypedArray = TypedArray;
copy(TypedArray, "TypedArray", false);
copy(TypedArray.prototype, "TypedArrayPrototype", true);
const ArrayIteratorPrototype = Reflect.getPrototypeOf([][Symbol.iterator]());
copy(ArrayIteratorPrototype, "ArrayIteratorPrototype", true);
const AsyncIteratorPrototype = Reflect.getPrototypeOf(
  Reflect.getPrototypeOf(async function* () {}).prototype);
primordials.AsyncIteratorPrototype = AsyncIteratorPrototype;
primordials.IteratorPrototype = Reflect.getPrototypeOf(ArrayIteratorPrototype);
primordials.globalThis = globalThis;

// Promise helpers that never look up a user-replaceable `then`.
const { Promise: PromiseCtor } = primordials;
const PromisePrototypeThen = primordials.PromisePrototypeThen;
const PromiseResolveStatic = PromiseCtor.resolve;
primordials.PromiseResolve = (value) => Reflect.apply(PromiseResolveStatic, PromiseCtor, [value]);
primordials.PromiseReject = (reason) => Reflect.apply(PromiseCtor.reject, PromiseCtor, [reason]);
primordials.SafePromiseAll = (promises) => Reflect.apply(PromiseCtor.all, PromiseCtor, [promises]);
// Marks a promise as handled without changing its outcome.
primordials.markPromiseHandled = (promise) => { PromisePrototypeThen(promise, undefined, () => {}); };

// Iteration-safe collections whose methods cannot be patched from outside.
function makeSafe(unsafe, safe) {
  for (const key of Reflect.ownKeys(unsafe.prototype)) {
    if (Reflect.getOwnPropertyDescriptor(safe.prototype, key)) continue;
    const desc = Reflect.getOwnPropertyDescriptor(unsafe.prototype, key);
    Reflect.defineProperty(safe.prototype, key, desc);
  }
  Object.freeze(safe.prototype);
  Object.freeze(safe);
  return safe;
}
primordials.SafeMap = makeSafe(Map, class SafeMap extends Map {});
primordials.SafeSet = makeSafe(Set, class SafeSet extends Set {});
primordials.SafeWeakMap = makeSafe(WeakMap, class SafeWeakMap extends WeakMap {});
primordials.SafeWeakSet = makeSafe(WeakSet, class SafeWeakSet extends WeakSet {});

Object.freeze(primordials);
internals.primordials = primordials;
