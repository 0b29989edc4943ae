// crypto.subtle (W3C WebCrypto): SubtleCrypto, CryptoKey and the algorithms
// SHA-1/256/384/512, HMAC, AES-CTR/CBC/GCM/KW, ECDSA, ECDH, Ed25519, Ed448,
// X25519, X448, RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, HKDF and PBKDF2.
// This half does WebIDL conversion, algorithm normalization, the spec's
// per-algorithm checks and JWK handling; key material lives in native handles
// (api/crypto/) and never reaches JS unless exported.
// https://w3c.github.io/webcrypto/
"use strict";

const {
  ArrayBufferIsView, ArrayPrototypeIncludes, ArrayPrototypePush, ArrayPrototypeSlice, DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteLength, DataViewPrototypeGetByteOffset, JSONParse, JSONStringify, MathCeil,
  ObjectDefineProperty, ObjectGetOwnPropertyDescriptor, ObjectKeys, Promise, PromisePrototypeThen, ReflectConstruct,
  SafeMap, MapPrototypeGet, MapPrototypeSet, MapPrototypeDelete, SafeSet, SetPrototypeAdd, SetPrototypeHas, String, StringFromCharCode,
  StringPrototypeCharCodeAt, Symbol, SymbolFor, TypeError, TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength, TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetSymbolToStringTag,
  TypedArrayPrototypeSlice, Uint8Array, WeakRef, WeakRefPrototypeDeref,
  uncurryThis,
} = internals.primordials;
const { webidl, DOMException } = internals;
const { converters, makeError } = webidl;
const HostObject = ops.HostObject;
const utf8Encode = uncurryThis(globalThis.TextEncoder.prototype.encode);
const utf8Decode = uncurryThis(globalThis.TextDecoder.prototype.decode);
const encoder = new globalThis.TextEncoder();
const fatalDecoder = new globalThis.TextDecoder("utf-8", { fatal: true });

function domError(message, name) {
  return new DOMException(message, name);
}

// ---------------------------------------------------------------------------
// Bytes

// A Uint8Array view of a BufferSource (no copy).
function bytesOf(source) {
  if (ArrayBufferIsView(source)) {
    if (TypedArrayPrototypeGetSymbolToStringTag(source) !== undefined) {
      return new Uint8Array(TypedArrayPrototypeGetBuffer(source), TypedArrayPrototypeGetByteOffset(source),
                            TypedArrayPrototypeGetByteLength(source));
    }
    return new Uint8Array(DataViewPrototypeGetBuffer(source), DataViewPrototypeGetByteOffset(source),
                          DataViewPrototypeGetByteLength(source));
  }
  return new Uint8Array(source);
}

// The buffer of a view is an ArrayBuffer or a SharedArrayBuffer; asking for
// the former never throws in the common case (a throw would build an Error).
function isShared(buffer) {
  return !webidl.isArrayBuffer(buffer);
}

// WebIDL BufferSource (no [AllowShared]): an ArrayBuffer or a view on one.
function bufferSource(value, prefix, context) {
  converters.BufferSource(value, prefix, context);
  if (ArrayBufferIsView(value)) {
    const buffer = TypedArrayPrototypeGetSymbolToStringTag(value) !== undefined
      ? TypedArrayPrototypeGetBuffer(value) : DataViewPrototypeGetBuffer(value);
    if (isShared(buffer)) throw makeError(TypeError, prefix, `${context} must not be a view on a SharedArrayBuffer`);
  }
  return value;
}

// "Get a copy of the bytes held by the buffer source".
function copyBytes(source) {
  return TypedArrayPrototypeSlice(bytesOf(source));
}

const kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const kBase64UrlValues = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) kBase64UrlValues[StringPrototypeCharCodeAt(kBase64Url, i)] = i;

function base64UrlEncode(source) {
  const bytes = bytesOf(source);
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kBase64Url[n >> 18] + kBase64Url[(n >> 12) & 63] + kBase64Url[(n >> 6) & 63] + kBase64Url[n & 63];
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i] << 16;
    out += kBase64Url[n >> 18] + kBase64Url[(n >> 12) & 63];
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += kBase64Url[n >> 18] + kBase64Url[(n >> 12) & 63] + kBase64Url[(n >> 6) & 63];
  }
  return out;
}

// RFC 7515 base64url without padding; anything else is a DataError.
function base64UrlDecode(text, member) {
  const length = text.length;
  if (length % 4 === 1) throw domError(`The JWK member '${member}' is not valid base64url`, "DataError");
  const out = new Uint8Array((length * 3) >> 2);
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    const v = c < 128 ? kBase64UrlValues[c] : 255;
    if (v === 255) throw domError(`The JWK member '${member}' is not valid base64url`, "DataError");
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// WebIDL dictionaries of the algorithms (members in lexicographic order, the
// inherited ones first, as WebIDL converts them).

const kKeyUsages = ["encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"];
const keyUsageConverter = webidl.createEnumConverter("KeyUsage", kKeyUsages);
const keyUsagesConverter = webidl.createSequenceConverter(keyUsageConverter);
const keyFormatConverter = webidl.createEnumConverter("KeyFormat", ["raw", "spki", "pkcs8", "jwk"]);

const memberConverters = {
  __proto__: null,
  DOMString: (v, prefix, context) => converters.DOMString(v, prefix, context),
  "unsigned long": (v, prefix, context) => converters["unsigned long"](v, prefix, context, { enforceRange: true }),
  "unsigned short": (v, prefix, context) => converters["unsigned short"](v, prefix, context, { enforceRange: true }),
  octet: (v, prefix, context) => converters.octet(v, prefix, context, { enforceRange: true }),
  BufferSource: (v, prefix, context) => copyBytes(bufferSource(v, prefix, context)),
  BigInteger: (v, prefix, context) => {
    if (!ArrayBufferIsView(v) || TypedArrayPrototypeGetSymbolToStringTag(v) !== "Uint8Array") {
      throw makeError(TypeError, prefix, `${context} is not a Uint8Array`);
    }
    return copyBytes(v);
  },
  // (object or DOMString), normalized for "digest" afterwards.
  HashAlgorithmIdentifier: (v, prefix, context) =>
    webidl.type(v) === "Object" ? v : converters.DOMString(v, prefix, context),
  CryptoKey: (v, prefix, context) => {
    if (!isCryptoKey(v)) throw makeError(TypeError, prefix, `${context} is not a CryptoKey`);
    return v;
  },
};

const dictionaries = {
  __proto__: null,
  Algorithm: { parent: null, members: [["name", "DOMString", true]] },
  RsaKeyGenParams: { parent: "Algorithm", members: [["modulusLength", "unsigned long", true], ["publicExponent", "BigInteger", true]] },
  RsaHashedKeyGenParams: { parent: "RsaKeyGenParams", members: [["hash", "HashAlgorithmIdentifier", true]] },
  RsaHashedImportParams: { parent: "Algorithm", members: [["hash", "HashAlgorithmIdentifier", true]] },
  RsaPssParams: { parent: "Algorithm", members: [["saltLength", "unsigned long", true]] },
  RsaOaepParams: { parent: "Algorithm", members: [["label", "BufferSource", false]] },
  EcdsaParams: { parent: "Algorithm", members: [["hash", "HashAlgorithmIdentifier", true]] },
  EcKeyGenParams: { parent: "Algorithm", members: [["namedCurve", "DOMString", true]] },
  EcKeyImportParams: { parent: "Algorithm", members: [["namedCurve", "DOMString", true]] },
  EcdhKeyDeriveParams: { parent: "Algorithm", members: [["public", "CryptoKey", true]] },
  AesCtrParams: { parent: "Algorithm", members: [["counter", "BufferSource", true], ["length", "octet", true]] },
  AesKeyGenParams: { parent: "Algorithm", members: [["length", "unsigned short", true]] },
  AesDerivedKeyParams: { parent: "Algorithm", members: [["length", "unsigned short", true]] },
  AesCbcParams: { parent: "Algorithm", members: [["iv", "BufferSource", true]] },
  AesGcmParams: {
    parent: "Algorithm",
    members: [["additionalData", "BufferSource", false], ["iv", "BufferSource", true], ["tagLength", "octet", false]],
  },
  HmacImportParams: { parent: "Algorithm", members: [["hash", "HashAlgorithmIdentifier", true], ["length", "unsigned long", false]] },
  HmacKeyGenParams: { parent: "Algorithm", members: [["hash", "HashAlgorithmIdentifier", true], ["length", "unsigned long", false]] },
  HkdfParams: {
    parent: "Algorithm",
    members: [["hash", "HashAlgorithmIdentifier", true], ["info", "BufferSource", true], ["salt", "BufferSource", true]],
  },
  Pbkdf2Params: {
    parent: "Algorithm",
    members: [["hash", "HashAlgorithmIdentifier", true], ["iterations", "unsigned long", true], ["salt", "BufferSource", true]],
  },
};

function convertDictionary(name, value, prefix, result = { __proto__: null }) {
  const dictionary = dictionaries[name];
  if (dictionary.parent !== null) convertDictionary(dictionary.parent, value, prefix, result);
  else {
    const type = webidl.type(value);
    if (type !== "Undefined" && type !== "Null" && type !== "Object") {
      throw makeError(TypeError, prefix, `The algorithm can not be converted to a dictionary (${name})`);
    }
  }
  const members = dictionary.members;
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    const key = member[0], type = member[1], required = member[2];
    const v = value == null ? undefined : value[key];
    if (v !== undefined) {
      result[key] = memberConverters[type](v, prefix, `'${key}' of '${name}'`);
    } else if (required) {
      throw makeError(TypeError, prefix, `The algorithm can not be converted to '${name}' because '${key}' is required`);
    }
  }
  return result;
}

// Which algorithms each operation supports, with the dictionary their
// parameters convert to (null: none beyond the name).
const RSA_GEN = "RsaHashedKeyGenParams";
const AES_GEN = "AesKeyGenParams";
const AES_LEN = "AesDerivedKeyParams";
const supportedAlgorithms = {
  __proto__: null,
  digest: { "SHA-1": null, "SHA-256": null, "SHA-384": null, "SHA-512": null },
  generateKey: {
    "RSASSA-PKCS1-v1_5": RSA_GEN, "RSA-PSS": RSA_GEN, "RSA-OAEP": RSA_GEN,
    ECDSA: "EcKeyGenParams", ECDH: "EcKeyGenParams",
    "AES-CTR": AES_GEN, "AES-CBC": AES_GEN, "AES-GCM": AES_GEN, "AES-KW": AES_GEN,
    HMAC: "HmacKeyGenParams", Ed25519: null, Ed448: null, X25519: null, X448: null,
  },
  sign: {
    "RSASSA-PKCS1-v1_5": null, "RSA-PSS": "RsaPssParams", ECDSA: "EcdsaParams", HMAC: null, Ed25519: null, Ed448: null,
  },
  verify: {
    "RSASSA-PKCS1-v1_5": null, "RSA-PSS": "RsaPssParams", ECDSA: "EcdsaParams", HMAC: null, Ed25519: null, Ed448: null,
  },
  importKey: {
    "RSASSA-PKCS1-v1_5": "RsaHashedImportParams", "RSA-PSS": "RsaHashedImportParams", "RSA-OAEP": "RsaHashedImportParams",
    ECDSA: "EcKeyImportParams", ECDH: "EcKeyImportParams", HMAC: "HmacImportParams",
    "AES-CTR": null, "AES-CBC": null, "AES-GCM": null, "AES-KW": null,
    HKDF: null, PBKDF2: null, Ed25519: null, Ed448: null, X25519: null, X448: null,
  },
  deriveBits: {
    ECDH: "EcdhKeyDeriveParams", X25519: "EcdhKeyDeriveParams", X448: "EcdhKeyDeriveParams",
    HKDF: "HkdfParams", PBKDF2: "Pbkdf2Params",
  },
  encrypt: { "RSA-OAEP": "RsaOaepParams", "AES-CTR": "AesCtrParams", "AES-CBC": "AesCbcParams", "AES-GCM": "AesGcmParams" },
  decrypt: { "RSA-OAEP": "RsaOaepParams", "AES-CTR": "AesCtrParams", "AES-CBC": "AesCbcParams", "AES-GCM": "AesGcmParams" },
  "get key length": {
    "AES-CTR": AES_LEN, "AES-CBC": AES_LEN, "AES-GCM": AES_LEN, "AES-KW": AES_LEN,
    HMAC: "HmacImportParams", HKDF: null, PBKDF2: null,
  },
  wrapKey: { "AES-KW": null },
  unwrapKey: { "AES-KW": null },
};
// Lookup tables by upper-cased name (names match ASCII case-insensitively).
const registeredByUpper = { __proto__: null };
for (const op of ObjectKeys(supportedAlgorithms)) {
  const table = { __proto__: null };
  for (const name of ObjectKeys(supportedAlgorithms[op])) table[asciiUpper(name)] = name;
  registeredByUpper[op] = table;
}

function asciiUpper(s) {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    out += c >= 0x61 && c <= 0x7a ? StringFromCharCode(c - 32) : s[i];
  }
  return out;
}

// https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm
function normalizeAlgorithm(algorithm, op, prefix) {
  if (webidl.type(algorithm) !== "Object") {
    return normalizeAlgorithm({ name: converters.DOMString(algorithm, prefix, "algorithm") }, op, prefix);
  }
  const initial = convertDictionary("Algorithm", algorithm, prefix);
  const name = registeredByUpper[op][asciiUpper(initial.name)];
  if (name === undefined) {
    throw domError(`Unrecognized algorithm name '${initial.name}' for ${op}`, "NotSupportedError");
  }
  const desiredType = supportedAlgorithms[op][name];
  if (desiredType === null) return { __proto__: null, name };
  const normalized = convertDictionary(desiredType, algorithm, prefix);
  normalized.name = name;
  if (normalized.hash !== undefined) normalized.hash = normalizeAlgorithm(normalized.hash, "digest", prefix);
  return normalized;
}

// ---------------------------------------------------------------------------
// CryptoKey

const kConstruct = Symbol("CryptoKey construct");
let isCryptoKey;
let keySlot;

// The private slot lives on a host object (so structuredClone sees CryptoKey
// instances) through the return-override trick.
class ReturnOverride {
  constructor(object) {
    return object;
  }
}

class CryptoKeySlot extends ReturnOverride {
  #key;
  constructor(object, key) {
    super(object);
    this.#key = key;
  }

  static {
    isCryptoKey = (value) => typeof value === "object" && value !== null && #key in value;
    keySlot = (value) => value.#key;
  }
}

function requireKey(self) {
  if (!isCryptoKey(self)) throw new TypeError("Illegal invocation");
  return keySlot(self);
}

class CryptoKey {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new TypeError("Illegal constructor");
  }

  get type() {
    return requireKey(this).type;
  }

  get extractable() {
    return requireKey(this).extractable;
  }

  get algorithm() {
    return requireKey(this).algorithmObject;
  }

  get usages() {
    return requireKey(this).usagesObject;
  }
}
webidl.configureInterface(CryptoKey);
// console.log(key) shows the four attributes, as Node and Deno do.
ObjectDefineProperty(CryptoKey.prototype, SymbolFor("nodejs.util.inspect.custom"), {
  value(depth, options, inspect) {
    if (!isCryptoKey(this)) return this;
    const key = keySlot(this);
    const shown = { type: key.type, extractable: key.extractable, algorithm: key.algorithmObject, usages: key.usagesObject };
    return `CryptoKey ${inspect(shown, options)}`;
  },
  writable: true,
  configurable: true,
});

// The ECMAScript object of a KeyAlgorithm dictionary (fresh copies of its
// buffers and nested dictionaries).
function algorithmObject(algorithm) {
  const object = {};
  for (const key of ObjectKeys(algorithm)) {
    const value = algorithm[key];
    if (key === "hash") object.hash = { name: value.name };
    else if (key === "publicExponent") object.publicExponent = TypedArrayPrototypeSlice(value);
    else object[key] = value;
  }
  return object;
}

// usages: deduplicated, in the order of the spec's list of recognized usages.
function normalizeUsages(usages) {
  const out = [];
  for (let i = 0; i < kKeyUsages.length; i++) {
    if (ArrayPrototypeIncludes(usages, kKeyUsages[i])) ArrayPrototypePush(out, kKeyUsages[i]);
  }
  return out;
}

function createKey(type, extractable, algorithm, usages, handle) {
  const object = ReflectConstruct(HostObject, [], CryptoKey);
  const normalizedUsages = normalizeUsages(usages);
  new CryptoKeySlot(object, {
    __proto__: null,
    type,
    extractable,
    algorithm,  // the internal [[algorithm]]: never exposed, never modified
    algorithmObject: algorithmObject(algorithm),
    usages: normalizedUsages,
    usagesObject: ArrayPrototypeSlice(normalizedUsages),
    handle,
  });
  return object;
}

function intersect(usages, allowed) {
  const out = [];
  for (let i = 0; i < usages.length; i++) {
    if (ArrayPrototypeIncludes(allowed, usages[i]) && !ArrayPrototypeIncludes(out, usages[i])) {
      ArrayPrototypePush(out, usages[i]);
    }
  }
  return out;
}

function checkUsages(usages, allowed) {
  for (let i = 0; i < usages.length; i++) {
    if (!ArrayPrototypeIncludes(allowed, usages[i])) {
      throw domError(`Unsupported key usage '${usages[i]}' for this key`, "SyntaxError");
    }
  }
}

// Structured clone within this isolate: the copy shares the native handle.
{
  const pending = new SafeMap();
  let nextToken = 0;
  internals.registerSerializable("CryptoKey", {
    is: isCryptoKey,
    serialize(key) {
      const token = String(++nextToken);
      MapPrototypeSet(pending, token, new WeakRef(key));
      return [token];
    },
    deserialize(fields) {
      const ref = MapPrototypeGet(pending, fields[0]);
      MapPrototypeDelete(pending, fields[0]);
      const original = ref === undefined ? undefined : WeakRefPrototypeDeref(ref);
      if (original === undefined) throw domError("The CryptoKey can not be deserialized", "DataCloneError");
      const slot = keySlot(original);
      return createKey(slot.type, slot.extractable, slot.algorithm, slot.usages, slot.handle);
    },
  });
}

// ---------------------------------------------------------------------------
// JWK

const jwkMembers = ["alg", "crv", "d", "dp", "dq", "e", "ext", "k", "key_ops", "kty", "n", "oth", "p", "q", "qi", "use", "x", "y"];
const domStringSequence = webidl.createSequenceConverter(converters.DOMString);
const otherPrimesConverter = webidl.createSequenceConverter(webidl.createDictionaryConverter("RsaOtherPrimesInfo", [
  { key: "d", converter: converters.DOMString },
  { key: "r", converter: converters.DOMString },
  { key: "t", converter: converters.DOMString },
]));

// The JsonWebKey dictionary (TypeError when value can not convert).
function toJsonWebKey(value, prefix) {
  const type = webidl.type(value);
  if (type !== "Undefined" && type !== "Null" && type !== "Object") {
    throw makeError(TypeError, prefix, "The key data can not be converted to a JsonWebKey");
  }
  const jwk = { __proto__: null };
  for (let i = 0; i < jwkMembers.length; i++) {
    const key = jwkMembers[i];
    const v = value == null ? undefined : value[key];
    if (v === undefined) continue;
    if (key === "ext") jwk.ext = converters.boolean(v);
    else if (key === "key_ops") jwk.key_ops = domStringSequence(v, prefix, "'key_ops' of 'JsonWebKey'");
    else if (key === "oth") jwk.oth = otherPrimesConverter(v, prefix, "'oth' of 'JsonWebKey'");
    else jwk[key] = converters.DOMString(v, prefix, `'${key}' of 'JsonWebKey'`);
  }
  return jwk;
}

// "Parse a JWK": UTF-8 JSON bytes to a JsonWebKey (unwrapKey).
function parseJwk(bytes) {
  let value;
  try {
    value = JSONParse(utf8Decode(fatalDecoder, bytes));
  } catch {
    throw domError("The unwrapped key is not a JSON Web Key", "DataError");
  }
  if (webidl.type(value) !== "Object") throw domError("The unwrapped key is not a JSON Web Key", "DataError");
  const jwk = toJsonWebKey(value, "Failed to execute 'unwrapKey' on 'SubtleCrypto'");
  if (jwk.kty === undefined) throw domError("The JWK has no 'kty'", "DataError");
  return jwk;
}

// The checks every JWK import makes: kty, use, key_ops and ext.
function checkJwk(jwk, kty, use, usages, extractable) {
  if (jwk.kty !== kty) throw domError(`The JWK 'kty' must be '${kty}'`, "DataError");
  if (usages.length !== 0 && jwk.use !== undefined && jwk.use !== use) {
    throw domError(`The JWK 'use' must be '${use}'`, "DataError");
  }
  if (jwk.key_ops !== undefined) {
    const keyOps = jwk.key_ops;
    // RFC 7517 §4.3: no duplicates; values this spec does not know are allowed.
    const seen = new SafeSet();
    for (let i = 0; i < keyOps.length; i++) {
      if (SetPrototypeHas(seen, keyOps[i])) throw domError("The JWK 'key_ops' has duplicates", "DataError");
      SetPrototypeAdd(seen, keyOps[i]);
    }
    for (let i = 0; i < usages.length; i++) {
      if (!ArrayPrototypeIncludes(keyOps, usages[i])) {
        throw domError(`The JWK 'key_ops' does not allow '${usages[i]}'`, "DataError");
      }
    }
  }
  if (jwk.ext === false && extractable) throw domError("The JWK is not extractable ('ext' is false)", "DataError");
}

function requireJwkMember(jwk, member) {
  const value = jwk[member];
  if (value === undefined) throw domError(`The JWK has no '${member}'`, "DataError");
  return base64UrlDecode(value, member);
}

function exportJwk(key, fields) {
  const jwk = { ...fields };
  jwk.key_ops = ArrayPrototypeSlice(key.usages);
  jwk.ext = key.extractable;
  return jwk;
}

function hashSuffix(hash) {
  switch (hash) {
    case "SHA-1": return "1";
    case "SHA-256": return "256";
    case "SHA-384": return "384";
    case "SHA-512": return "512";
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Algorithms. Each implements the operations it is registered for; `key` is
// the CryptoKey's internal slot.

function notSupportedFormat(format) {
  return domError(`The key format '${format}' is not supported for this algorithm`, "NotSupportedError");
}

function requireType(key, type) {
  if (key.type !== type) throw domError(`The key must be a ${type} key`, "InvalidAccessError");
}

// Algorithms whose keys are secret byte strings: AES, HMAC, HKDF, PBKDF2.
function secretLengthBits(key) {
  return ops.op_subtle_secret_length(key.handle) * 8;
}

const aesSuffix = { "AES-CTR": "CTR", "AES-CBC": "CBC", "AES-GCM": "GCM", "AES-KW": "KW" };
const kAesUsages = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];
const kAesKwUsages = ["wrapKey", "unwrapKey"];

function aesAlgorithm(name) {
  const allowed = name === "AES-KW" ? kAesKwUsages : kAesUsages;
  return {
    generateKey(normalized, extractable, usages) {
      checkUsages(usages, allowed);
      const length = normalized.length;
      if (length !== 128 && length !== 192 && length !== 256) {
        throw domError("The AES key length must be 128, 192 or 256 bits", "OperationError");
      }
      return createKey("secret", extractable, { name, length }, usages, ops.op_subtle_secret_generate(length / 8));
    },
    importKey(format, keyData, normalized, extractable, usages) {
      checkUsages(usages, allowed);
      let bytes;
      if (format === "raw") {
        bytes = keyData;
      } else if (format === "jwk") {
        if (keyData.kty !== "oct") throw domError("The JWK 'kty' must be 'oct'", "DataError");
        bytes = requireJwkMember(keyData, "k");
        const expected = `A${bytes.length * 8}${aesSuffix[name]}`;
        if (bytes.length !== 16 && bytes.length !== 24 && bytes.length !== 32) {
          throw domError("The AES key length must be 128, 192 or 256 bits", "DataError");
        }
        if (keyData.alg !== undefined && keyData.alg !== expected) {
          throw domError(`The JWK 'alg' must be '${expected}'`, "DataError");
        }
        checkJwk(keyData, "oct", "enc", usages, extractable);
      } else {
        throw notSupportedFormat(format);
      }
      const length = bytes.length * 8;
      if (length !== 128 && length !== 192 && length !== 256) {
        throw domError("The AES key length must be 128, 192 or 256 bits", "DataError");
      }
      return createKey("secret", extractable, { name, length }, usages, ops.op_subtle_secret_import(bytes));
    },
    exportKey(format, key) {
      if (format === "raw") return ops.op_subtle_secret_export(key.handle);
      if (format === "jwk") {
        const k = base64UrlEncode(ops.op_subtle_secret_export(key.handle));
        return exportJwk(key, { kty: "oct", k, alg: `A${key.algorithm.length}${aesSuffix[name]}` });
      }
      throw notSupportedFormat(format);
    },
    getKeyLength(normalized) {
      const length = normalized.length;
      if (length !== 128 && length !== 192 && length !== 256) {
        throw domError("The AES key length must be 128, 192 or 256 bits", "OperationError");
      }
      return length;
    },
    encrypt(normalized, key, data) {
      return aesCipher(true, name, normalized, key, data);
    },
    decrypt(normalized, key, data) {
      return aesCipher(false, name, normalized, key, data);
    },
    wrapKey(normalized, key, data) {
      return ops.op_subtle_aes_kw(true, key.handle, data);
    },
    unwrapKey(normalized, key, data) {
      return ops.op_subtle_aes_kw(false, key.handle, data);
    },
  };
}

function aesCipher(encrypt, name, normalized, key, data) {
  switch (name) {
    case "AES-CBC":
      if (normalized.iv.length !== 16) throw domError("The AES-CBC iv must be 16 bytes", "OperationError");
      return ops.op_subtle_aes_cbc(encrypt, key.handle, normalized.iv, data);
    case "AES-CTR":
      if (normalized.counter.length !== 16) throw domError("The AES-CTR counter must be 16 bytes", "OperationError");
      if (normalized.length === 0 || normalized.length > 128) {
        throw domError("The AES-CTR length must be 1 to 128 bits", "OperationError");
      }
      return ops.op_subtle_aes_ctr(key.handle, normalized.counter, normalized.length, data);
    case "AES-GCM": {
      const tagLength = normalized.tagLength === undefined ? 128 : normalized.tagLength;
      if (!ArrayPrototypeIncludes([32, 64, 96, 104, 112, 120, 128], tagLength)) {
        throw domError("The AES-GCM tagLength must be 32, 64, 96, 104, 112, 120 or 128", "OperationError");
      }
      if (!encrypt && TypedArrayPrototypeGetByteLength(bytesOf(data)) < tagLength / 8) {
        throw domError("The data is shorter than the AES-GCM tag", "OperationError");
      }
      return ops.op_subtle_aes_gcm(encrypt, key.handle, normalized.iv, normalized.additionalData, tagLength, data);
    }
  }
  throw domError(`${name} can not encrypt or decrypt`, "InvalidAccessError");
}

const kHmacUsages = ["sign", "verify"];

function hmacBlockBits(hash) {
  return hash === "SHA-384" || hash === "SHA-512" ? 1024 : 512;
}

const hmac = {
  generateKey(normalized, extractable, usages) {
    checkUsages(usages, kHmacUsages);
    let length;
    if (normalized.length === undefined) length = hmacBlockBits(normalized.hash.name);
    else if (normalized.length !== 0) length = normalized.length;
    else throw domError("The HMAC key length must not be zero", "OperationError");
    const handle = ops.op_subtle_secret_generate(MathCeil(length / 8));
    return createKey("secret", extractable, { name: "HMAC", length, hash: { name: normalized.hash.name } }, usages, handle);
  },
  importKey(format, keyData, normalized, extractable, usages) {
    checkUsages(usages, kHmacUsages);
    const hash = normalized.hash.name;
    let bytes;
    if (format === "raw") {
      bytes = keyData;
    } else if (format === "jwk") {
      if (keyData.kty !== "oct") throw domError("The JWK 'kty' must be 'oct'", "DataError");
      bytes = requireJwkMember(keyData, "k");
      const expected = `HS${hashSuffix(hash)}`;
      if (keyData.alg !== undefined && keyData.alg !== expected) {
        throw domError(`The JWK 'alg' must be '${expected}'`, "DataError");
      }
      checkJwk(keyData, "oct", "sig", usages, extractable);
    } else {
      throw notSupportedFormat(format);
    }
    let length = bytes.length * 8;
    if (length === 0) throw domError("The HMAC key must not be empty", "DataError");
    if (normalized.length !== undefined) {
      if (normalized.length > length || normalized.length <= length - 8) {
        throw domError("The HMAC length does not match the key data", "DataError");
      }
      length = normalized.length;
    }
    return createKey("secret", extractable, { name: "HMAC", length, hash: { name: hash } }, usages,
                     ops.op_subtle_secret_import(bytes));
  },
  exportKey(format, key) {
    if (format === "raw") return ops.op_subtle_secret_export(key.handle);
    if (format === "jwk") {
      const k = base64UrlEncode(ops.op_subtle_secret_export(key.handle));
      return exportJwk(key, { kty: "oct", k, alg: `HS${hashSuffix(key.algorithm.hash.name)}` });
    }
    throw notSupportedFormat(format);
  },
  getKeyLength(normalized) {
    if (normalized.length === undefined) return hmacBlockBits(normalized.hash.name);
    if (normalized.length !== 0) return normalized.length;
    throw new TypeError("The HMAC key length must not be zero");
  },
  sign(normalized, key, data) {
    return ops.op_subtle_hmac_sign(key.algorithm.hash.name, key.handle, data);
  },
  verify(normalized, key, signature, data) {
    return ops.op_subtle_hmac_verify(key.algorithm.hash.name, key.handle, signature, data);
  },
};

// HKDF and PBKDF2: raw import only, never extractable.
function kdfAlgorithm(name) {
  return {
    importKey(format, keyData, normalized, extractable, usages) {
      if (format !== "raw") throw notSupportedFormat(format);
      checkUsages(usages, ["deriveKey", "deriveBits"]);
      if (extractable) throw domError(`${name} keys can not be extractable`, "SyntaxError");
      return createKey("secret", false, { name }, usages, ops.op_subtle_secret_import(keyData));
    },
    getKeyLength() {
      return null;
    },
    deriveBits(normalized, key, length) {
      if (length === null) throw domError(`${name} needs a length`, "OperationError");
      if (length % 8 !== 0) throw domError(`The ${name} length must be a multiple of 8`, "OperationError");
      if (name === "HKDF") {
        return ops.op_subtle_hkdf(normalized.hash.name, key.handle, normalized.salt, normalized.info, length / 8);
      }
      // A zero length is an OperationError for PBKDF2 in the WPT this runtime
      // is checked against (HKDF returns an empty result).
      if (length === 0) throw domError("The PBKDF2 length must not be zero", "OperationError");
      if (normalized.iterations === 0) throw domError("The PBKDF2 iterations must not be zero", "OperationError");
      return ops.op_subtle_pbkdf2(normalized.hash.name, key.handle, normalized.salt, normalized.iterations, length / 8);
    },
  };
}

// RSA: the three schemes differ in usages, JWK alg names and the operation.
const rsaSchemes = {
  "RSASSA-PKCS1-v1_5": { publicUsages: ["verify"], privateUsages: ["sign"], use: "sig", alg: (h) => `RS${hashSuffix(h)}` },
  "RSA-PSS": { publicUsages: ["verify"], privateUsages: ["sign"], use: "sig", alg: (h) => `PS${hashSuffix(h)}` },
  "RSA-OAEP": {
    publicUsages: ["encrypt", "wrapKey"],
    privateUsages: ["decrypt", "unwrapKey"],
    use: "enc",
    alg: (h) => (h === "SHA-1" ? "RSA-OAEP" : `RSA-OAEP-${hashSuffix(h)}`),
  },
};

function rsaKeyAlgorithm(name, info, hash) {
  return {
    name,
    modulusLength: info.modulusLength,
    publicExponent: info.publicExponent,
    hash: { name: hash },
  };
}

function rsaAlgorithm(name) {
  const scheme = rsaSchemes[name];
  const allUsages = [...scheme.privateUsages, ...scheme.publicUsages];
  return {
    async generateKey(normalized, extractable, usages) {
      checkUsages(usages, allUsages);
      const pair = ops.op_subtle_rsa_generate(normalized.modulusLength, normalized.publicExponent);
      const handles = await pair;
      const privateHandle = handles[0], publicHandle = handles[1];
      const algorithm = {
        name,
        modulusLength: normalized.modulusLength,
        publicExponent: normalized.publicExponent,
        hash: { name: normalized.hash.name },
      };
      return {
        publicKey: createKey("public", true, algorithm, intersect(usages, scheme.publicUsages), publicHandle),
        privateKey: createKey("private", extractable, algorithm, intersect(usages, scheme.privateUsages), privateHandle),
      };
    },
    importKey(format, keyData, normalized, extractable, usages) {
      const hash = normalized.hash.name;
      let handle;
      let type;
      if (format === "spki" || format === "pkcs8") {
        type = format === "spki" ? "public" : "private";
        checkUsages(usages, type === "public" ? scheme.publicUsages : scheme.privateUsages);
        const imported = ops.op_subtle_import_der(format, keyData);
        if (imported.info.family !== "RSA") throw domError("The key is not an RSA key", "DataError");
        handle = imported.handle;
      } else if (format === "jwk") {
        type = keyData.d !== undefined ? "private" : "public";
        checkUsages(usages, type === "public" ? scheme.publicUsages : scheme.privateUsages);
        checkJwk(keyData, "RSA", scheme.use, usages, extractable);
        if (keyData.alg !== undefined) {
          const expected = scheme.alg(hash);
          if (keyData.alg !== expected) throw domError(`The JWK 'alg' must be '${expected}'`, "DataError");
        }
        if (keyData.oth !== undefined) throw domError("RSA keys with more than two primes are not supported", "NotSupportedError");
        const members = { __proto__: null };
        members.n = requireJwkMember(keyData, "n");
        members.e = requireJwkMember(keyData, "e");
        if (type === "private") {
          for (const m of ["d", "p", "q", "dp", "dq", "qi"]) {
            if (keyData[m] !== undefined) members[m] = base64UrlDecode(keyData[m], m);
          }
        }
        handle = ops.op_subtle_rsa_import_jwk(members);
      } else {
        throw notSupportedFormat(format);
      }
      const info = ops.op_subtle_key_info(handle);
      return createKey(type, extractable, rsaKeyAlgorithm(name, info, hash), usages, handle);
    },
    exportKey(format, key) {
      if (format === "spki" || format === "pkcs8") {
        requireType(key, format === "spki" ? "public" : "private");
        return ops.op_subtle_export_der(key.handle, format);
      }
      if (format === "jwk") {
        const parts = ops.op_subtle_rsa_export_jwk(key.handle);
        const fields = { kty: "RSA", alg: scheme.alg(key.algorithm.hash.name) };
        for (const m of ["n", "e", "d", "p", "q", "dp", "dq", "qi"]) {
          if (parts[m] !== undefined) fields[m] = base64UrlEncode(parts[m]);
        }
        return exportJwk(key, fields);
      }
      throw notSupportedFormat(format);
    },
    sign(normalized, key, data) {
      requireType(key, "private");
      return ops.op_subtle_rsa_sign(name, key.algorithm.hash.name, key.handle, normalized.saltLength ?? 0, data);
    },
    verify(normalized, key, signature, data) {
      requireType(key, "public");
      return ops.op_subtle_rsa_verify(name, key.algorithm.hash.name, key.handle, normalized.saltLength ?? 0,
                                      signature, data);
    },
    encrypt(normalized, key, data) {
      requireType(key, "public");
      return ops.op_subtle_rsa_oaep(true, key.algorithm.hash.name, key.handle, normalized.label, data);
    },
    decrypt(normalized, key, data) {
      requireType(key, "private");
      return ops.op_subtle_rsa_oaep(false, key.algorithm.hash.name, key.handle, normalized.label, data);
    },
  };
}

const kCurves = ["P-256", "P-384", "P-521"];
const ecJwkAlg = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };

function ecAlgorithm(name) {
  const ecdsa = name === "ECDSA";
  const publicUsages = ecdsa ? ["verify"] : [];
  const privateUsages = ecdsa ? ["sign"] : ["deriveKey", "deriveBits"];
  const allUsages = [...privateUsages, ...publicUsages];
  return {
    async generateKey(normalized, extractable, usages) {
      checkUsages(usages, allUsages);
      const namedCurve = normalized.namedCurve;
      if (!ArrayPrototypeIncludes(kCurves, namedCurve)) {
        throw domError(`Unsupported named curve '${namedCurve}'`, "NotSupportedError");
      }
      const handles = await ops.op_subtle_ec_generate(namedCurve);
      const privateHandle = handles[0], publicHandle = handles[1];
      const algorithm = { name, namedCurve };
      return {
        publicKey: createKey("public", true, algorithm, intersect(usages, publicUsages), publicHandle),
        privateKey: createKey("private", extractable, algorithm, intersect(usages, privateUsages), privateHandle),
      };
    },
    importKey(format, keyData, normalized, extractable, usages) {
      const namedCurve = normalized.namedCurve;
      let handle;
      let type;
      if (format === "spki" || format === "pkcs8") {
        type = format === "spki" ? "public" : "private";
        checkUsages(usages, type === "public" ? publicUsages : privateUsages);
        const imported = ops.op_subtle_import_der(format, keyData);
        if (imported.info.family !== "EC") throw domError("The key is not an EC key", "DataError");
        if (imported.info.namedCurve === undefined) throw domError("The key's curve is not supported", "NotSupportedError");
        if (imported.info.namedCurve !== namedCurve) {
          throw domError(`The key is on ${imported.info.namedCurve}, not ${namedCurve}`, "DataError");
        }
        handle = imported.handle;
      } else if (format === "jwk") {
        type = keyData.d !== undefined ? "private" : "public";
        checkUsages(usages, type === "public" ? publicUsages : privateUsages);
        checkJwk(keyData, "EC", ecdsa ? "sig" : "enc", usages, extractable);
        if (keyData.crv !== namedCurve) throw domError(`The JWK 'crv' must be '${namedCurve}'`, "DataError");
        if (!ArrayPrototypeIncludes(kCurves, namedCurve)) {
          throw domError(`Unsupported named curve '${namedCurve}'`, "NotSupportedError");
        }
        if (ecdsa && keyData.alg !== undefined && keyData.alg !== ecJwkAlg[namedCurve]) {
          throw domError(`The JWK 'alg' must be '${ecJwkAlg[namedCurve]}'`, "DataError");
        }
        const x = requireJwkMember(keyData, "x");
        const y = requireJwkMember(keyData, "y");
        const d = type === "private" ? base64UrlDecode(keyData.d, "d") : undefined;
        handle = ops.op_subtle_ec_import_jwk(namedCurve, x, y, d);
      } else if (format === "raw") {
        if (!ArrayPrototypeIncludes(kCurves, namedCurve)) {
          throw domError(`Unsupported named curve '${namedCurve}'`, "NotSupportedError");
        }
        checkUsages(usages, publicUsages);
        type = "public";
        handle = ops.op_subtle_ec_import_raw(namedCurve, keyData);
      } else {
        throw notSupportedFormat(format);
      }
      return createKey(type, extractable, { name, namedCurve }, usages, handle);
    },
    exportKey(format, key) {
      if (format === "spki" || format === "pkcs8") {
        requireType(key, format === "spki" ? "public" : "private");
        return ops.op_subtle_export_der(key.handle, format);
      }
      if (format === "raw") {
        requireType(key, "public");
        return ops.op_subtle_ec_export_raw(key.handle);
      }
      if (format === "jwk") {
        const parts = ops.op_subtle_ec_export_jwk(key.handle);
        const fields = { kty: "EC", crv: parts.crv, x: base64UrlEncode(parts.x), y: base64UrlEncode(parts.y) };
        if (parts.d !== undefined) fields.d = base64UrlEncode(parts.d);
        return exportJwk(key, fields);
      }
      throw notSupportedFormat(format);
    },
    sign(normalized, key, data) {
      requireType(key, "private");
      return ops.op_subtle_ecdsa_sign(normalized.hash.name, key.handle, data);
    },
    verify(normalized, key, signature, data) {
      requireType(key, "public");
      return ops.op_subtle_ecdsa_verify(normalized.hash.name, key.handle, signature, data);
    },
    deriveBits(normalized, key, length) {
      return agreeKeys(name, normalized, key, length);
    },
  };
}

// ECDH / X25519 / X448 deriveBits: the shared secret, cut to length bits.
async function agreeKeys(name, normalized, key, length) {
  requireType(key, "private");
  const publicKey = keySlot(normalized.public);
  if (publicKey.type !== "public") throw domError("The public member must be a public key", "InvalidAccessError");
  if (publicKey.algorithm.name !== key.algorithm.name) {
    throw domError("The public key is for a different algorithm", "InvalidAccessError");
  }
  if (name === "ECDH" && publicKey.algorithm.namedCurve !== key.algorithm.namedCurve) {
    throw domError("The public key is on a different curve", "InvalidAccessError");
  }
  const secret = new Uint8Array(await ops.op_subtle_derive_secret(key.handle, publicKey.handle));
  if (name !== "ECDH") {
    let zero = true;
    for (let i = 0; i < secret.length; i++) if (secret[i] !== 0) zero = false;
    if (zero) throw domError("The shared secret is zero (small-order public key)", "OperationError");
  }
  if (length === null) return TypedArrayPrototypeGetBuffer(secret);
  if (length > secret.length * 8) throw domError("The length is longer than the shared secret", "OperationError");
  const out = TypedArrayPrototypeSlice(secret, 0, MathCeil(length / 8));
  if (length % 8 !== 0) out[out.length - 1] &= (0xff << (8 - (length % 8))) & 0xff;
  return TypedArrayPrototypeGetBuffer(out);
}

// Ed25519, Ed448, X25519, X448.
function okpAlgorithm(name) {
  const signature = name[0] === "E";
  const publicUsages = signature ? ["verify"] : [];
  const privateUsages = signature ? ["sign"] : ["deriveKey", "deriveBits"];
  const allUsages = [...privateUsages, ...publicUsages];
  const family = asciiUpper(name);
  return {
    async generateKey(normalized, extractable, usages) {
      checkUsages(usages, allUsages);
      const handles = await ops.op_subtle_okp_generate(name);
      const privateHandle = handles[0], publicHandle = handles[1];
      const algorithm = { name };
      return {
        publicKey: createKey("public", true, algorithm, intersect(usages, publicUsages), publicHandle),
        privateKey: createKey("private", extractable, algorithm, intersect(usages, privateUsages), privateHandle),
      };
    },
    importKey(format, keyData, normalized, extractable, usages) {
      let handle;
      let type;
      if (format === "spki" || format === "pkcs8") {
        type = format === "spki" ? "public" : "private";
        checkUsages(usages, type === "public" ? publicUsages : privateUsages);
        const imported = ops.op_subtle_import_der(format, keyData);
        if (imported.info.family !== family) throw domError(`The key is not an ${name} key`, "DataError");
        handle = imported.handle;
      } else if (format === "jwk") {
        type = keyData.d !== undefined ? "private" : "public";
        checkUsages(usages, type === "public" ? publicUsages : privateUsages);
        if (keyData.kty !== "OKP") throw domError("The JWK 'kty' must be 'OKP'", "DataError");
        if (keyData.crv !== name) throw domError(`The JWK 'crv' must be '${name}'`, "DataError");
        if (signature && keyData.alg !== undefined && keyData.alg !== "EdDSA" && keyData.alg !== name) {
          throw domError("The JWK 'alg' must be 'EdDSA'", "DataError");
        }
        checkJwk(keyData, "OKP", signature ? "sig" : "enc", usages, extractable);
        const x = requireJwkMember(keyData, "x");
        const d = type === "private" ? base64UrlDecode(keyData.d, "d") : undefined;
        handle = ops.op_subtle_okp_import_jwk(name, x, d);
      } else if (format === "raw") {
        checkUsages(usages, publicUsages);
        type = "public";
        handle = ops.op_subtle_okp_import_raw(name, keyData);
      } else {
        throw notSupportedFormat(format);
      }
      return createKey(type, extractable, { name }, usages, handle);
    },
    exportKey(format, key) {
      if (format === "spki" || format === "pkcs8") {
        requireType(key, format === "spki" ? "public" : "private");
        return ops.op_subtle_export_der(key.handle, format);
      }
      if (format === "raw") {
        requireType(key, "public");
        return ops.op_subtle_okp_export(key.handle, false);
      }
      if (format === "jwk") {
        const fields = { kty: "OKP", crv: name, x: base64UrlEncode(ops.op_subtle_okp_export(key.handle, false)) };
        if (key.type === "private") fields.d = base64UrlEncode(ops.op_subtle_okp_export(key.handle, true));
        return exportJwk(key, fields);
      }
      throw notSupportedFormat(format);
    },
    sign(normalized, key, data) {
      requireType(key, "private");
      return ops.op_subtle_ed_sign(key.handle, data);
    },
    verify(normalized, key, signatureBytes, data) {
      requireType(key, "public");
      return ops.op_subtle_ed_verify(key.handle, signatureBytes, data);
    },
    deriveBits(normalized, key, length) {
      return agreeKeys(name, normalized, key, length);
    },
  };
}

const algorithms = {
  __proto__: null,
  "AES-CTR": aesAlgorithm("AES-CTR"),
  "AES-CBC": aesAlgorithm("AES-CBC"),
  "AES-GCM": aesAlgorithm("AES-GCM"),
  "AES-KW": aesAlgorithm("AES-KW"),
  HMAC: hmac,
  HKDF: kdfAlgorithm("HKDF"),
  PBKDF2: kdfAlgorithm("PBKDF2"),
  "RSASSA-PKCS1-v1_5": rsaAlgorithm("RSASSA-PKCS1-v1_5"),
  "RSA-PSS": rsaAlgorithm("RSA-PSS"),
  "RSA-OAEP": rsaAlgorithm("RSA-OAEP"),
  ECDSA: ecAlgorithm("ECDSA"),
  ECDH: ecAlgorithm("ECDH"),
  Ed25519: okpAlgorithm("Ed25519"),
  Ed448: okpAlgorithm("Ed448"),
  X25519: okpAlgorithm("X25519"),
  X448: okpAlgorithm("X448"),
};

// ---------------------------------------------------------------------------
// SubtleCrypto

// One telemetry PendingPromise per SubtleCrypto call, when a feed listens.
// The caller gets a separate promise, so tracking never marks theirs handled.
const telemetryEnabled = ops.op_telemetry_enabled();
function tracked(kind, promise) {
  if (!telemetryEnabled) return promise;
  const id = ops.op_telemetry_promise_open(`crypto.${kind}`);
  return new Promise((resolve, reject) => {
    PromisePrototypeThen(promise, (value) => {
      ops.op_telemetry_promise_close(id, true);
      resolve(value);
    }, (error) => {
      ops.op_telemetry_promise_close(id, false);
      reject(error);
    });
  });
}

let isSubtle;
function checkSubtle(self) {
  if (!isSubtle(self)) throw new TypeError("Illegal invocation");
}

function prefixOf(method) {
  return `Failed to execute '${method}' on 'SubtleCrypto'`;
}

function requireCryptoKey(value, prefix, context) {
  if (!isCryptoKey(value)) throw makeError(TypeError, prefix, `${context} is not of type 'CryptoKey'`);
  return keySlot(value);
}

function checkKeyFor(normalized, key, usage) {
  if (normalized.name !== key.algorithm.name) {
    throw domError(`The key is for ${key.algorithm.name}, not ${normalized.name}`, "InvalidAccessError");
  }
  if (!ArrayPrototypeIncludes(key.usages, usage)) {
    throw domError(`The key does not allow '${usage}'`, "InvalidAccessError");
  }
}

function implementation(name, method) {
  const algorithm = algorithms[name];
  if (algorithm === undefined || algorithm[method] === undefined) {
    throw domError(`${name} does not support ${method}`, "NotSupportedError");
  }
  return algorithm;
}

function checkResultUsages(result) {
  const key = isCryptoKey(result) ? keySlot(result) : keySlot(result.privateKey);
  if ((key.type === "secret" || key.type === "private") && key.usages.length === 0) {
    throw domError("The key usages must not be empty", "SyntaxError");
  }
}

function convertKeyData(format, keyData, prefix) {
  if (format === "jwk") {
    if (ArrayBufferIsView(keyData) || webidl.isArrayBuffer(keyData)) {
      throw makeError(TypeError, prefix, "A JWK must be a JsonWebKey dictionary, not a BufferSource");
    }
    return toJsonWebKey(keyData, prefix);
  }
  if (!ArrayBufferIsView(keyData) && !webidl.isArrayBuffer(keyData)) {
    throw makeError(TypeError, prefix, `Key data in '${format}' format must be a BufferSource`);
  }
  return copyBytes(bufferSource(keyData, prefix, "parameter 2"));
}

async function importKeyImpl(format, keyData, normalized, extractable, usages) {
  const algorithm = implementation(normalized.name, "importKey");
  const result = await algorithm.importKey(format, keyData, normalized, extractable, usages);
  checkResultUsages(result);
  return result;
}

// exportKey's steps after the checks: an ArrayBuffer or a JsonWebKey object.
function exportKeyImpl(format, key) {
  const algorithm = algorithms[key.algorithm.name];
  if (algorithm === undefined || algorithm.exportKey === undefined) {
    throw domError(`${key.algorithm.name} keys can not be exported`, "NotSupportedError");
  }
  if (!key.extractable) throw domError("The key is not extractable", "InvalidAccessError");
  return algorithm.exportKey(format, key);
}

async function deriveBitsImpl(normalized, key, length) {
  checkKeyFor(normalized, key, "deriveBits");
  return implementation(normalized.name, "deriveBits").deriveBits(normalized, key, length);
}

const kConstructSubtle = Symbol("SubtleCrypto construct");

class SubtleCrypto {
  #brand;

  constructor(key = undefined) {
    if (key !== kConstructSubtle) throw new TypeError("Illegal constructor");
    this.#brand = true;
  }

  static {
    isSubtle = (value) => typeof value === "object" && value !== null && #brand in value;
  }

  encrypt(algorithm, key, data) {
    return tracked("encrypt", cipher("encrypt", this, arguments.length, algorithm, key, data));
  }

  decrypt(algorithm, key, data) {
    return tracked("decrypt", cipher("decrypt", this, arguments.length, algorithm, key, data));
  }

  sign(algorithm, key, data) {
    return tracked("sign", signImpl(this, arguments.length, algorithm, key, data));
  }

  verify(algorithm, key, signature, data) {
    return tracked("verify", verifyImpl(this, arguments.length, algorithm, key, signature, data));
  }

  digest(algorithm, data) {
    return tracked("digest", digestImpl(this, arguments.length, algorithm, data));
  }

  generateKey(algorithm, extractable, keyUsages) {
    return tracked("generateKey", generateKeyImpl(this, arguments.length, algorithm, extractable, keyUsages));
  }

  deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    return tracked("deriveKey",
                   deriveKeyImpl(this, arguments.length, algorithm, baseKey, derivedKeyType, extractable, keyUsages));
  }

  // length is optional and nullable (null: the algorithm's full output); the
  // method's length stays 3 as in the IDL the WPT checks.
  deriveBits(algorithm, baseKey, length) {
    return tracked("deriveBits", deriveBitsMethod(this, arguments.length, algorithm, baseKey, length));
  }

  importKey(format, keyData, algorithm, extractable, keyUsages) {
    return tracked("importKey", importKeyMethod(this, arguments.length, format, keyData, algorithm, extractable, keyUsages));
  }

  exportKey(format, key) {
    return tracked("exportKey", exportKeyMethod(this, arguments.length, format, key));
  }

  wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    return tracked("wrapKey", wrapKeyImpl(this, arguments.length, format, key, wrappingKey, wrapAlgorithm));
  }

  unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
    return tracked("unwrapKey", unwrapKeyImpl(this, arguments.length, format, wrappedKey, unwrappingKey,
                                              unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages));
  }
}
webidl.configureInterface(SubtleCrypto);

// The methods' bodies: async, so every throw becomes a rejection as WebIDL
// wants for promise-returning operations.
async function cipher(method, self, argc, algorithm, key, data) {
  checkSubtle(self);
  const prefix = prefixOf(method);
  webidl.requiredArguments(argc, 3, prefix);
  const slot = requireCryptoKey(key, prefix, "parameter 2");
  data = bufferSource(data, prefix, "parameter 3");
  const normalized = normalizeAlgorithm(algorithm, method, prefix);
  checkKeyFor(normalized, slot, method);
  return implementation(normalized.name, method)[method](normalized, slot, data);
}

async function signImpl(self, argc, algorithm, key, data) {
  checkSubtle(self);
  const prefix = prefixOf("sign");
  webidl.requiredArguments(argc, 3, prefix);
  const slot = requireCryptoKey(key, prefix, "parameter 2");
  data = bufferSource(data, prefix, "parameter 3");
  const normalized = normalizeAlgorithm(algorithm, "sign", prefix);
  checkKeyFor(normalized, slot, "sign");
  return implementation(normalized.name, "sign").sign(normalized, slot, data);
}

async function verifyImpl(self, argc, algorithm, key, signature, data) {
  checkSubtle(self);
  const prefix = prefixOf("verify");
  webidl.requiredArguments(argc, 4, prefix);
  const slot = requireCryptoKey(key, prefix, "parameter 2");
  signature = bufferSource(signature, prefix, "parameter 3");
  data = bufferSource(data, prefix, "parameter 4");
  const normalized = normalizeAlgorithm(algorithm, "verify", prefix);
  checkKeyFor(normalized, slot, "verify");
  return implementation(normalized.name, "verify").verify(normalized, slot, signature, data);
}

async function digestImpl(self, argc, algorithm, data) {
  checkSubtle(self);
  const prefix = prefixOf("digest");
  webidl.requiredArguments(argc, 2, prefix);
  data = bufferSource(data, prefix, "parameter 2");
  const normalized = normalizeAlgorithm(algorithm, "digest", prefix);
  return ops.op_subtle_digest(normalized.name, data);
}

async function generateKeyImpl(self, argc, algorithm, extractable, keyUsages) {
  checkSubtle(self);
  const prefix = prefixOf("generateKey");
  webidl.requiredArguments(argc, 3, prefix);
  extractable = converters.boolean(extractable);
  const usages = keyUsagesConverter(keyUsages, prefix, "parameter 3");
  const normalized = normalizeAlgorithm(algorithm, "generateKey", prefix);
  const result = await implementation(normalized.name, "generateKey").generateKey(normalized, extractable, usages);
  checkResultUsages(result);
  return result;
}

async function deriveKeyImpl(self, argc, algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
  checkSubtle(self);
  const prefix = prefixOf("deriveKey");
  webidl.requiredArguments(argc, 5, prefix);
  const slot = requireCryptoKey(baseKey, prefix, "parameter 2");
  extractable = converters.boolean(extractable);
  const usages = keyUsagesConverter(keyUsages, prefix, "parameter 5");
  const normalized = normalizeAlgorithm(algorithm, "deriveBits", prefix);
  const importAlgorithm = normalizeAlgorithm(derivedKeyType, "importKey", prefix);
  const lengthAlgorithm = normalizeAlgorithm(derivedKeyType, "get key length", prefix);
  if (normalized.name !== slot.algorithm.name) {
    throw domError(`The key is for ${slot.algorithm.name}, not ${normalized.name}`, "InvalidAccessError");
  }
  if (!ArrayPrototypeIncludes(slot.usages, "deriveKey")) {
    throw domError("The key does not allow 'deriveKey'", "InvalidAccessError");
  }
  const length = implementation(lengthAlgorithm.name, "getKeyLength").getKeyLength(lengthAlgorithm);
  const secret = await implementation(normalized.name, "deriveBits").deriveBits(normalized, slot, length);
  return importKeyImpl("raw", new Uint8Array(secret), importAlgorithm, extractable, usages);
}

async function deriveBitsMethod(self, argc, algorithm, baseKey, length) {
  checkSubtle(self);
  const prefix = prefixOf("deriveBits");
  webidl.requiredArguments(argc, 2, prefix);
  const slot = requireCryptoKey(baseKey, prefix, "parameter 2");
  if (length !== null && length !== undefined) {
    length = converters["unsigned long"](length, prefix, "parameter 3", { enforceRange: true });
  } else {
    length = null;
  }
  const normalized = normalizeAlgorithm(algorithm, "deriveBits", prefix);
  return deriveBitsImpl(normalized, slot, length);
}

async function importKeyMethod(self, argc, format, keyData, algorithm, extractable, keyUsages) {
  checkSubtle(self);
  const prefix = prefixOf("importKey");
  webidl.requiredArguments(argc, 5, prefix);
  format = keyFormatConverter(format, prefix, "parameter 1");
  const data = convertKeyData(format, keyData, prefix);
  extractable = converters.boolean(extractable);
  const usages = keyUsagesConverter(keyUsages, prefix, "parameter 5");
  const normalized = normalizeAlgorithm(algorithm, "importKey", prefix);
  return importKeyImpl(format, data, normalized, extractable, usages);
}

async function exportKeyMethod(self, argc, format, key) {
  checkSubtle(self);
  const prefix = prefixOf("exportKey");
  webidl.requiredArguments(argc, 2, prefix);
  format = keyFormatConverter(format, prefix, "parameter 1");
  const slot = requireCryptoKey(key, prefix, "parameter 2");
  return exportKeyImpl(format, slot);
}

// wrapKey/unwrapKey use the algorithm's wrap operation (AES-KW) or else its
// encrypt/decrypt.
function normalizeWrapAlgorithm(algorithm, op, fallback, prefix) {
  try {
    return { normalized: normalizeAlgorithm(algorithm, op, prefix), method: op };
  } catch (error) {
    if (!(error instanceof DOMException) || error.name !== "NotSupportedError") throw error;
  }
  return { normalized: normalizeAlgorithm(algorithm, fallback, prefix), method: fallback };
}

async function wrapKeyImpl(self, argc, format, key, wrappingKey, wrapAlgorithm) {
  checkSubtle(self);
  const prefix = prefixOf("wrapKey");
  webidl.requiredArguments(argc, 4, prefix);
  format = keyFormatConverter(format, prefix, "parameter 1");
  const slot = requireCryptoKey(key, prefix, "parameter 2");
  const wrapping = requireCryptoKey(wrappingKey, prefix, "parameter 3");
  const { normalized, method } = normalizeWrapAlgorithm(wrapAlgorithm, "wrapKey", "encrypt", prefix);
  checkKeyFor(normalized, wrapping, "wrapKey");
  let exported = exportKeyImpl(format, slot);
  if (format === "jwk") exported = utf8Encode(encoder, JSONStringify(exported));
  return implementation(normalized.name, method)[method](normalized, wrapping, exported);
}

async function unwrapKeyImpl(self, argc, format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
                             extractable, keyUsages) {
  checkSubtle(self);
  const prefix = prefixOf("unwrapKey");
  webidl.requiredArguments(argc, 7, prefix);
  format = keyFormatConverter(format, prefix, "parameter 1");
  wrappedKey = bufferSource(wrappedKey, prefix, "parameter 2");
  const unwrapping = requireCryptoKey(unwrappingKey, prefix, "parameter 3");
  extractable = converters.boolean(extractable);
  const usages = keyUsagesConverter(keyUsages, prefix, "parameter 7");
  const { normalized, method } = normalizeWrapAlgorithm(unwrapAlgorithm, "unwrapKey", "decrypt", prefix);
  const keyAlgorithm = normalizeAlgorithm(unwrappedKeyAlgorithm, "importKey", prefix);
  checkKeyFor(normalized, unwrapping, "unwrapKey");
  const bytes = new Uint8Array(await implementation(normalized.name, method)[method](normalized, unwrapping, wrappedKey));
  const keyData = format === "jwk" ? parseJwk(bytes) : bytes;
  return importKeyImpl(format, keyData, keyAlgorithm, extractable, usages);
}

const subtle = new SubtleCrypto(kConstructSubtle);

// [SameObject] readonly attribute subtle; a class getter so it is named "get subtle".
const subtleGetter = ObjectGetOwnPropertyDescriptor(class {
  get subtle() {
    if (!internals.isCrypto(this)) throw new TypeError("Illegal invocation");
    return subtle;
  }
}.prototype, "subtle").get;
ObjectDefineProperty(internals.Crypto.prototype, "subtle", { get: subtleGetter, enumerable: true, configurable: true });

internals.subtle = { subtle, SubtleCrypto, CryptoKey, isCryptoKey };
webidl.defineGlobals({ SubtleCrypto, CryptoKey });
