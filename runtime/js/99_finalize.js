// Runs last: what must not change once every file has contributed to it.
"use strict";
const {
  ObjectCreate, ObjectFreeze, ObjectGetPrototypeOf, ObjectPrototype, ReflectGetOwnPropertyDescriptor, ReflectOwnKeys,
} = internals.primordials;

ObjectFreeze(internals.nano);

// The namespaces the built-ins call through (internals.headers.create,
// ops.op_..., webidl.converters...) are in dictionary mode: they got their
// members one at a time, past V8's limit for fast properties, or were
// null-prototype literals. The optimizing compiler cannot inline a load from
// such an object, so every one was a LoadIC call and a hash lookup, dozens per
// request. V8 turns an object to fast mode when a property lookup runs
// through it as a prototype: each plain namespace object gets that once.
function toFastProperties(object) {
  const child = ObjectCreate(object);
  const missing = "\0nano:fast-properties";
  function lookUp(o) {
    return o[missing];
  }
  // The IC starts to cache (and the prototype is made fast) after a few misses.
  for (let i = 0; i < 10; i++) lookUp(child);
}

function isPlainObject(value) {
  if (value === null || typeof value !== "object") return false;
  const proto = ObjectGetPrototypeOf(value);
  return proto === null || proto === ObjectPrototype;
}

// Data properties only: reading an accessor could run (or create) something.
function plainMembers(object) {
  const members = [];
  for (const key of ReflectOwnKeys(object)) {
    const value = ReflectGetOwnPropertyDescriptor(object, key).value;
    if (isPlainObject(value)) members.push(value);
  }
  return members;
}

// internals and ops, and the plain objects up to two levels inside internals.
const namespaces = [internals, ops];
for (const value of plainMembers(internals)) {
  if (value === internals.primordials) continue;
  namespaces.push(value);
  for (const nested of plainMembers(value)) namespaces.push(nested);
}
for (const namespace of namespaces) toFastProperties(namespace);
