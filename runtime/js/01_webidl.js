// WebIDL plumbing shared by every web API: argument conversion with the
// spec's TypeErrors, interface branding, and how globals are defined.
"use strict";

const {
  Number, NumberIsFinite, NumberIsNaN, NumberMAX_SAFE_INTEGER, NumberMIN_SAFE_INTEGER, MathTrunc, MathFloor, MathAbs, MathPow, MathMin, String,
  StringPrototypeCharCodeAt, StringFromCharCode, ArrayPrototypeJoin, ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptors, ObjectDefineProperties, ObjectFreeze, ReflectOwnKeys, SymbolToStringTag,
  TypeError, RangeError, ArrayBufferIsView, TypedArrayPrototypeGetSymbolToStringTag,
  ObjectPrototypeToString, SafeWeakSet, WeakSetPrototypeHas, WeakSetPrototypeAdd,
  ArrayBufferPrototypeGetByteLength, SymbolIterator, SymbolAsyncIterator, ObjectPrototypeIsPrototypeOf,
  FunctionPrototypeCall, IteratorPrototype, ObjectSetPrototypeOf, RegExpPrototypeExec,
  globalThis: global,
} = internals.primordials;

const webidl = { __proto__: null };

function makeError(ErrorType, prefix, message) {
  return new ErrorType(prefix ? `${prefix}: ${message}` : message);
}
webidl.makeError = makeError;

webidl.requiredArguments = (length, required, prefix) => {
  if (length < required) {
    throw makeError(TypeError, prefix,
      `${required} argument${required === 1 ? "" : "s"} required, but only ${length} present`);
  }
};

webidl.type = (value) => {
  if (value === null) return "Null";
  switch (typeof value) {
    case "undefined": return "Undefined";
    case "boolean": return "Boolean";
    case "number": return "Number";
    case "string": return "String";
    case "symbol": return "Symbol";
    case "bigint": return "BigInt";
    default: return "Object";
  }
};

const converters = { __proto__: null };
webidl.converters = converters;

converters.any = (v) => v;
converters.boolean = (v) => !!v;
converters.DOMString = (v, prefix, context, opts = undefined) => {
  if (typeof v === "string") return v;
  if (v === null && opts?.treatNullAsEmptyString) return "";
  if (typeof v === "symbol") throw makeError(TypeError, prefix, `${context} is a symbol, which cannot be converted to a string`);
  return String(v);
};
// A string whose code units all fit a byte: a ByteString as it is. Callers
// on hot paths test this first and build the converter's error context only
// when it fails.
webidl.isByteString = (s) => {
  for (let i = 0; i < s.length; i++) if (StringPrototypeCharCodeAt(s, i) > 255) return false;
  return true;
};
converters.ByteString = (v, prefix, context) => {
  const s = converters.DOMString(v, prefix, context);
  if (webidl.isByteString(s)) return s;
  let i = 0;
  while (StringPrototypeCharCodeAt(s, i) <= 255) i++;
  throw makeError(TypeError, prefix, `${context} is not a valid ByteString (character at index ${i} is above 255)`);
};
// Fast path: a string without surrogate code units has nothing to replace
// (the regexp scans much faster than a charCodeAt loop).
const surrogatePattern = /[\uD800-\uDFFF]/;
// Replaces lone surrogates with U+FFFD.
webidl.toUSVString = (s) => {
  if (RegExpPrototypeExec(surrogatePattern, s) === null) return s;
  let out = null;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = StringPrototypeCharCodeAt(s, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    out ??= [];
    out.push(i);
  }
  if (out === null) return s;
  let result = "";
  let last = 0;
  for (const index of out) {
    result += s.slice(last, index) + "\uFFFD";
    last = index + 1;
  }
  return result + s.slice(last);
};
converters.USVString = (v, prefix, context) => {
  return webidl.toUSVString(typeof v === "string" ? v : converters.DOMString(v, prefix, context));
};

function integerPart(n) {
  const r = MathTrunc(n);
  return r === 0 ? 0 : r;  // no -0
}

// https://webidl.spec.whatwg.org/#abstract-opdef-converttoint
function convertToInt(bitLength, signed, v, prefix, context, opts = {}) {
  // 64-bit types are bounded by what a double holds exactly (WebIDL ConvertToInt step 1-3).
  let upper;
  let lower;
  if (bitLength === 64) {
    upper = NumberMAX_SAFE_INTEGER;
    lower = signed ? NumberMIN_SAFE_INTEGER : 0;
  } else {
    upper = signed ? MathPow(2, bitLength - 1) - 1 : MathPow(2, bitLength) - 1;
    lower = signed ? -MathPow(2, bitLength - 1) : 0;
  }
  let x = Number(v);
  if (x === 0) x = 0;
  if (opts.enforceRange) {
    if (!NumberIsFinite(x)) throw makeError(TypeError, prefix, `${context} is not a finite number`);
    x = integerPart(x);
    if (x < lower || x > upper) {
      throw makeError(TypeError, prefix, `${context} is outside the accepted range of ${lower} to ${upper}, inclusive`);
    }
    return x;
  }
  if (!NumberIsNaN(x) && opts.clamp) {
    x = MathMin(MathMax(x, lower), upper);
    x = MathFloor(x) % 2 === 0 && x - MathFloor(x) === 0.5 ? MathFloor(x) : Math.round(x);
    return x === 0 ? 0 : x;
  }
  if (!NumberIsFinite(x) || x === 0) return 0;
  x = integerPart(x);
  if (x >= lower && x <= upper) return x;
  const twoToBits = MathPow(2, bitLength);
  x = x % twoToBits;
  if (x < 0) x += twoToBits;  // modulo, not remainder
  if (signed && x >= MathPow(2, bitLength - 1)) x -= twoToBits;
  return x;
}
const { MathMax } = internals.primordials;
converters.byte = (v, p, c, o) => convertToInt(8, true, v, p, c, o);
converters.octet = (v, p, c, o) => convertToInt(8, false, v, p, c, o);
converters.short = (v, p, c, o) => convertToInt(16, true, v, p, c, o);
converters["unsigned short"] = (v, p, c, o) => convertToInt(16, false, v, p, c, o);
converters.long = (v, p, c, o) => convertToInt(32, true, v, p, c, o);
converters["unsigned long"] = (v, p, c, o) => convertToInt(32, false, v, p, c, o);
converters["long long"] = (v, p, c, o) => convertToInt(64, true, v, p, c, o);
converters["unsigned long long"] = (v, p, c, o) => convertToInt(64, false, v, p, c, o);
converters.double = (v, prefix, context) => {
  const x = Number(v);
  if (!NumberIsFinite(x)) throw makeError(TypeError, prefix, `${context} is not a finite number`);
  return x;
};
converters["unrestricted double"] = (v) => Number(v);
converters.object = (v, prefix, context) => {
  if (webidl.type(v) !== "Object") throw makeError(TypeError, prefix, `${context} is not an object`);
  return v;
};
converters.Function = (v, prefix, context) => {
  if (typeof v !== "function") throw makeError(TypeError, prefix, `${context} is not a function`);
  return v;
};

webidl.isArrayBuffer = (v) => {
  try { ArrayBufferPrototypeGetByteLength(v); return true; } catch { return false; }
};
converters.BufferSource = (v, prefix, context) => {
  if (ArrayBufferIsView(v) || webidl.isArrayBuffer(v)) return v;
  throw makeError(TypeError, prefix, `${context} is not an ArrayBuffer or an ArrayBufferView`);
};

// What a dictionary converter returns. Absent members stay absent (callers
// test presence) and nothing is inherited: the prototype is an empty, frozen
// object whose prototype is null. A constructor rather than a
// { __proto__: null } literal, which V8 gives slow (dictionary) properties;
// Response and Request inits are converted once per request.
function ConvertedDictionary() {}
ConvertedDictionary.prototype = ObjectFreeze({ __proto__: null });

// A dictionary converter from [{ key, converter, defaultValue, required }].
webidl.createDictionaryConverter = (name, members) => {
  // Each member's error-message context, made once per calling context (a
  // constant such as "Argument 2" nearly always) instead of on every call.
  const labels = [];
  const labelContexts = [];
  const labelOf = (i, context) => {
    if (labels[i] === undefined || labelContexts[i] !== context) {
      labelContexts[i] = context;
      labels[i] = `'${members[i].key}' of '${name}'${context ? ` (${context})` : ""}`;
    }
    return labels[i];
  };
  return (v, prefix, context) => {
    const type = webidl.type(v);
    if (type !== "Undefined" && type !== "Null" && type !== "Object") {
      throw makeError(TypeError, prefix, `${context} can not be converted to a dictionary (${name})`);
    }
    const result = new ConvertedDictionary();
    for (let i = 0; i < members.length; i++) {
      const member = members[i];
      const value = v == null ? undefined : v[member.key];
      if (value !== undefined) {
        result[member.key] = member.converter(value, prefix, labelOf(i, context));
      } else if (member.required) {
        throw makeError(TypeError, prefix, `${context} can not be converted to '${name}' because '${member.key}' is required in '${name}'`);
      } else if ("defaultValue" in member) {
        result[member.key] = member.defaultValue;
      }
    }
    return result;
  };
};

webidl.createEnumConverter = (name, values) => (v, prefix, context) => {
  const s = converters.DOMString(v, prefix, context);
  for (const value of values) if (value === s) return s;
  throw makeError(TypeError, prefix, `${context}: the provided value '${s}' is not a valid enum value of type ${name}`);
};

webidl.createNullableConverter = (converter) => (v, prefix, context) =>
  v === null || v === undefined ? null : converter(v, prefix, context);

webidl.createSequenceConverter = (converter) => (v, prefix, context) => {
  if (webidl.type(v) !== "Object") throw makeError(TypeError, prefix, `${context} can not be converted to a sequence`);
  const iteratorMethod = v[SymbolIterator];
  if (typeof iteratorMethod !== "function") throw makeError(TypeError, prefix, `${context} can not be converted to a sequence (not iterable)`);
  const result = [];
  const iterator = iteratorMethod.call(v);
  for (;;) {
    const step = iterator.next();
    if (webidl.type(step) !== "Object") throw makeError(TypeError, prefix, `${context}: iterator result is not an object`);
    if (step.done) break;
    result.push(converter(step.value, prefix, `${context}, element ${result.length}`));
  }
  return result;
};

// Interface branding: objects made by our constructors carry a private brand.
webidl.brand = Symbol("[[webidl.brand]]");
webidl.illegalConstructor = () => { throw new TypeError("Illegal constructor"); };
webidl.assertBranded = (self, prototype) => {
  if (self === null || typeof self !== "object" || !ObjectPrototypeIsPrototypeOf(prototype, self) || self[webidl.brand] !== webidl.brand) {
    throw new TypeError("Illegal invocation");
  }
};

// A private slot for objects made elsewhere (host objects from native
// constructors, so structuredClone refuses them): a base constructor that returns
// its argument lets a class field land on that object, where user code can neither
// see nor forge it. attach(object, value) fills the slot (once); has(value);
// get(value) returns the slot's value or throws "Illegal invocation".
webidl.createSlot = () => {
  class ReturnOverride {
    constructor(object) {
      return object;
    }
  }
  let has;
  let get;
  class Slot extends ReturnOverride {
    #value;
    constructor(object, value) {
      super(object);
      this.#value = value;
    }

    static {
      has = (object) => typeof object === "object" && object !== null && #value in object;
      get = (object) => {
        if (!has(object)) throw new TypeError("Illegal invocation");
        return object.#value;
      };
    }
  }
  return {
    __proto__: null,
    attach(object, value) {
      new Slot(object, value);
    },
    has,
    get,
  };
};

// WebIDL members are enumerable; each interface has a @@toStringTag.
webidl.configureInterface = (Interface, name = Interface.name) => {
  const proto = Interface.prototype;
  for (const key of ReflectOwnKeys(proto)) {
    if (key === "constructor") continue;
    const desc = Reflect.getOwnPropertyDescriptor(proto, key);
    if (typeof key === "string") {
      desc.enumerable = true;
      ObjectDefineProperty(proto, key, desc);
    }
  }
  ObjectDefineProperty(proto, SymbolToStringTag, { value: name, configurable: true });
};

// A pair iterator (iterable<K, V>, https://webidl.spec.whatwg.org/#idl-iterable):
// forEach, keys, values, entries and @@iterator (the entries function) on
// Interface.prototype, and %<name>IteratorPrototype% with @@toStringTag "<name> Iterator".
// target(self) brand-checks self (throwing "Illegal invocation") and returns what
// an iterator keeps; pairs(target) returns the current [key, value] list. It is
// asked again at every step, so changes made while iterating show, as WebIDL says.
webidl.mixinPairIterator = (name, Interface, { target, pairs }) => {
  const kKeys = 0;
  const kValues = 1;
  const kEntries = 2;
  let createIterator;

  // A class per interface: the private brand makes next() reject other interfaces' iterators.
  class PairIterator {
    #target;
    #kind;
    #index = 0;

    constructor(iterated, kind) {
      this.#target = iterated;
      this.#kind = kind;
    }

    static {
      createIterator = (iterated, kind) => new PairIterator(iterated, kind);
    }

    next() {
      if (typeof this !== "object" || this === null || !(#target in this)) throw new TypeError("Illegal invocation");
      const list = pairs(this.#target);
      const index = this.#index;
      if (index >= list.length) return { value: undefined, done: true };
      this.#index = index + 1;
      const pair = list[index];
      const kind = this.#kind;
      const value = kind === kKeys ? pair[0] : kind === kValues ? pair[1] : [pair[0], pair[1]];
      return { value, done: false };
    }
  }
  const iteratorPrototype = PairIterator.prototype;
  delete iteratorPrototype.constructor;
  ObjectSetPrototypeOf(iteratorPrototype, IteratorPrototype);
  ObjectDefineProperty(iteratorPrototype, "next", { enumerable: true });
  ObjectDefineProperty(iteratorPrototype, SymbolToStringTag, {
    value: `${name} Iterator`, writable: false, enumerable: false, configurable: true,
  });

  const methods = {
    forEach(callback, thisArg = undefined) {
      const iterated = target(this);
      const prefix = `Failed to execute 'forEach' on '${name}'`;
      webidl.requiredArguments(arguments.length, 1, prefix);
      converters.Function(callback, prefix, "Argument 1");
      for (let i = 0; ; i++) {
        const list = pairs(iterated);
        if (i >= list.length) break;
        FunctionPrototypeCall(callback, thisArg, list[i][1], list[i][0], this);
      }
    },
    keys() {
      return createIterator(target(this), kKeys);
    },
    values() {
      return createIterator(target(this), kValues);
    },
    entries() {
      return createIterator(target(this), kEntries);
    },
  };
  const proto = Interface.prototype;
  for (const key of ["forEach", "keys", "values", "entries"]) {
    ObjectDefineProperty(proto, key, { value: methods[key], writable: true, enumerable: true, configurable: true });
  }
  ObjectDefineProperty(proto, SymbolIterator, {
    value: methods.entries, writable: true, enumerable: false, configurable: true,
  });
};

// Globals from WebIDL are writable, configurable and not enumerable.
webidl.defineGlobal = (name, value) => {
  ObjectDefineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
};
webidl.defineGlobals = (record) => {
  for (const name of ReflectOwnKeys(record)) webidl.defineGlobal(name, record[name]);
};

internals.webidl = webidl;
