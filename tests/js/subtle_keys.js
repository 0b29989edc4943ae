// CryptoKey, CryptoKeyPair and SubtleCrypto as objects: interfaces and
// brands, the cached algorithm and usages objects, usage normalization,
// structured clone of keys (sharing the native key), and that key material is
// reachable only through exportKey.
"use strict";
const subtle = crypto.subtle;
let checks = 0;
function assert(condition, what) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${what}`);
}
function assertThrows(fn, type, what) {
  try {
    fn();
  } catch (e) {
    assert(e instanceof type, `${what}: ${e}`);
    return;
  }
  assert(false, `${what}: did not throw`);
}

async function main() {
  // Interfaces.
  assert(crypto.subtle === crypto.subtle, "crypto.subtle is the same object");
  assert(crypto.subtle instanceof SubtleCrypto, "crypto.subtle is a SubtleCrypto");
  assert(Object.prototype.toString.call(crypto.subtle) === "[object SubtleCrypto]", "SubtleCrypto toStringTag");
  const getter = Object.getOwnPropertyDescriptor(Crypto.prototype, "subtle").get;
  assert(getter.name === "get subtle", "getter name");
  assertThrows(() => getter.call({}), TypeError, "subtle getter on a non-Crypto");
  assertThrows(() => new SubtleCrypto(), TypeError, "SubtleCrypto constructor");
  assertThrows(() => new CryptoKey(), TypeError, "CryptoKey constructor");
  assert(!Object.getOwnPropertyDescriptor(globalThis, "CryptoKey").enumerable, "CryptoKey global not enumerable");
  assert(typeof SubtleCrypto.prototype.deriveBits === "function" && SubtleCrypto.prototype.deriveBits.length === 3, "deriveBits length");
  assert(SubtleCrypto.prototype.unwrapKey.length === 7, "unwrapKey length");
  for (const name of ["type", "extractable", "algorithm", "usages"]) {
    const desc = Object.getOwnPropertyDescriptor(CryptoKey.prototype, name);
    assert(desc && typeof desc.get === "function" && desc.enumerable && desc.set === undefined, `CryptoKey.${name} is a readonly attribute`);
    assertThrows(() => desc.get.call({}), TypeError, `CryptoKey.${name} brand check`);
  }

  // A secret key.
  const aes = await subtle.generateKey({ name: "aes-gcm", length: 256 }, true, ["decrypt", "encrypt", "decrypt"]);
  assert(aes instanceof CryptoKey && Object.prototype.toString.call(aes) === "[object CryptoKey]", "CryptoKey instance");
  assert(aes.type === "secret" && aes.extractable === true, "secret, extractable");
  assert(aes.algorithm.name === "AES-GCM" && aes.algorithm.length === 256, "algorithm normalized to the registered name");
  assert(JSON.stringify(aes.usages) === '["encrypt","decrypt"]', "usages deduplicated and ordered");
  assert(aes.algorithm === aes.algorithm && aes.usages === aes.usages, "algorithm and usages are cached objects");
  assert(Object.keys(aes).length === 0 && Object.getOwnPropertyNames(aes).length === 0, "no own properties expose key material");
  // The cached object is the caller's to change; the key itself is not affected.
  aes.algorithm.name = "AES-CBC";
  aes.usages.push("sign");
  const iv = new Uint8Array(12);
  const sealed = await subtle.encrypt({ name: "AES-GCM", iv }, aes, new Uint8Array([1, 2, 3]));
  assert(sealed.byteLength === 19, "the key still works as AES-GCM");
  assert(aes.algorithm.name === "AES-CBC", "the modified cached object is returned again");

  // A key pair: a dictionary, the public key always extractable, usages split.
  const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, false, ["verify", "sign"]);
  assert(Object.getPrototypeOf(pair) === Object.prototype, "CryptoKeyPair is a plain object");
  assert(JSON.stringify(Object.keys(pair).sort()) === '["privateKey","publicKey"]', "CryptoKeyPair members");
  assert(pair.publicKey.type === "public" && pair.publicKey.extractable === true, "public key extractable");
  assert(pair.privateKey.type === "private" && pair.privateKey.extractable === false, "private key as requested");
  assert(JSON.stringify(pair.publicKey.usages) === '["verify"]' && JSON.stringify(pair.privateKey.usages) === '["sign"]', "usages split");
  assert(pair.privateKey.algorithm.namedCurve === "P-384" && !("hash" in pair.privateKey.algorithm), "EcKeyAlgorithm");
  const ed = await subtle.generateKey("ed25519", true, ["sign", "verify"]);
  assert(ed.privateKey.algorithm.name === "Ed25519" && !("namedCurve" in ed.privateKey.algorithm), "Ed25519 algorithm");
  const dh = await subtle.generateKey("X25519", true, ["deriveKey"]);
  assert(dh.publicKey.usages.length === 0 && JSON.stringify(dh.privateKey.usages) === '["deriveKey"]', "X25519 usages");

  // RSA: publicExponent a Uint8Array (a fresh copy), hash a dictionary.
  const rsa = await subtle.generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: { name: "sha-256" } },
                                      true, ["sign", "verify"]);
  const algorithm = rsa.publicKey.algorithm;
  assert(algorithm.name === "RSA-PSS" && algorithm.modulusLength === 1024, "RsaHashedKeyAlgorithm");
  assert(algorithm.publicExponent instanceof Uint8Array && algorithm.publicExponent.join() === "1,0,1", "publicExponent");
  assert(algorithm.hash.name === "SHA-256" && JSON.stringify(algorithm.hash) === '{"name":"SHA-256"}', "hash normalized");
  assert(algorithm.publicExponent !== rsa.privateKey.algorithm.publicExponent, "each key has its own algorithm object");
  const imported = await subtle.importKey("spki", await subtle.exportKey("spki", rsa.publicKey), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
  assert(imported.algorithm.modulusLength === 1024 && imported.algorithm.publicExponent.join() === "1,0,1", "imported RSA parameters");
  assert(imported.algorithm.hash.name === "SHA-384", "hash from the import parameters");

  // HMAC defaults: the hash's block size.
  const hmac = await subtle.generateKey({ name: "HMAC", hash: "SHA-512" }, true, ["sign"]);
  assert(hmac.algorithm.length === 1024 && hmac.algorithm.hash.name === "SHA-512", "HMAC default length");
  assert((await subtle.exportKey("raw", hmac)).byteLength === 128, "HMAC key of 1024 bits");
  const hmac13 = await subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 13 }, true, ["sign"]);
  assert(hmac13.algorithm.length === 13 && (await subtle.exportKey("raw", hmac13)).byteLength === 2, "HMAC length in bits");

  // KDF keys are never extractable; deriveKey makes keys of the requested type.
  const hkdf = await subtle.importKey("raw", new Uint8Array(32), "HKDF", false, ["deriveKey"]);
  assert(hkdf.extractable === false && hkdf.algorithm.name === "HKDF", "HKDF key");
  const derived = await subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new Uint8Array() },
                                         hkdf, { name: "HMAC", hash: "SHA-1" }, true, ["verify"]);
  assert(derived.algorithm.name === "HMAC" && derived.algorithm.length === 512, "derived HMAC key");
  const ecdh = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveKey"]);
  const agreed = await subtle.deriveKey({ name: "ECDH", public: ecdh.publicKey }, ecdh.privateKey,
                                        { name: "AES-KW", length: 192 }, true, ["wrapKey"]);
  assert(agreed.algorithm.name === "AES-KW" && agreed.algorithm.length === 192, "derived AES-KW key");

  // Structured clone: a new CryptoKey object on the same key material.
  const clone = structuredClone(pair.privateKey);
  assert(clone !== pair.privateKey && clone instanceof CryptoKey, "clone is a new CryptoKey");
  assert(clone.type === "private" && clone.extractable === false && clone.algorithm.namedCurve === "P-384", "clone slots");
  assert(clone.algorithm !== pair.privateKey.algorithm, "clone has its own algorithm object");
  const data = new Uint8Array([9, 9, 9]);
  const signature = await subtle.sign({ name: "ECDSA", hash: "SHA-384" }, clone, data);
  assert(await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, pair.publicKey, signature, data), "clone signs with the same key");
  const nested = structuredClone({ keys: [aes, rsa.publicKey], note: "x" });
  assert(nested.keys[0] instanceof CryptoKey && nested.keys[0].type === "secret" && nested.keys[1].algorithm.modulusLength === 1024,
         "keys nested in a cloned value");
  assert(new Uint8Array(await subtle.exportKey("raw", nested.keys[0])).join() === new Uint8Array(await subtle.exportKey("raw", aes)).join(),
         "cloned secret key has the same bytes");

  // Methods brand-check `this` and reject (not throw) on bad arguments.
  const rejected = SubtleCrypto.prototype.digest.call(undefined, "SHA-256", new Uint8Array());
  assert(rejected instanceof Promise, "brand failure returns a promise");
  let brandError;
  try { await rejected; } catch (e) { brandError = e; }
  assert(brandError instanceof TypeError, "brand failure rejects with a TypeError");
  const bad = subtle.digest("nope", new Uint8Array());
  assert(bad instanceof Promise, "unknown algorithm returns a promise");
  await bad.then(() => assert(false, "should reject"), (e) => assert(e.name === "NotSupportedError", "NotSupportedError"));

  // Algorithm dictionaries: members are read once each, in WebIDL order.
  const reads = [];
  const tracking = new Proxy({ name: "AES-GCM", iv: new Uint8Array(12), additionalData: new Uint8Array(1), tagLength: 128 }, {
    get(target, key) {
      reads.push(String(key));
      return target[key];
    },
  });
  await subtle.encrypt(tracking, aes, new Uint8Array(4));
  assert(reads.join() === "name,name,additionalData,iv,tagLength", `dictionary members read in order: ${reads}`);
  // BufferSource members are copied when the call is made.
  const ivBytes = new Uint8Array(12);
  const first = subtle.encrypt({ name: "AES-GCM", iv: ivBytes }, aes, new Uint8Array(4));
  ivBytes[0] = 1;
  const again = await subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, aes, new Uint8Array(4));
  assert(new Uint8Array(await first).join() === new Uint8Array(again).join(), "iv copied at call time");

  // AES-CTR: only the rightmost `length` bits count, and they wrap without
  // carrying into the nonce. Block by block with a 128-bit counter as reference.
  const ctrKey = await subtle.importKey("raw", new Uint8Array(16).fill(7), "AES-CTR", false, ["encrypt"]);
  const counter = new Uint8Array(16).fill(0xab);
  counter[15] = 0xfe;  // with length 8: 0xfe, 0xff, then 0x00 (byte 14 stays 0xab)
  const input = new Uint8Array(48).map((_, i) => i);
  const wrapped = new Uint8Array(await subtle.encrypt({ name: "AES-CTR", counter, length: 8 }, ctrKey, input));
  for (const [block, low] of [[0, 0xfe], [1, 0xff], [2, 0x00]]) {
    const c = counter.slice();
    c[15] = low;
    const one = new Uint8Array(await subtle.encrypt({ name: "AES-CTR", counter: c, length: 128 }, ctrKey, input.slice(block * 16, block * 16 + 16)));
    assert(one.join() === wrapped.slice(block * 16, block * 16 + 16).join(), `AES-CTR block ${block} with the counter wrapped`);
  }
  const carried = new Uint8Array(await subtle.encrypt({ name: "AES-CTR", counter, length: 128 }, ctrKey, input));
  assert(carried.slice(32).join() !== wrapped.slice(32).join(), "a 128-bit counter carries instead");

  // Views on shared memory are not BufferSources.
  if (typeof SharedArrayBuffer === "function") {
    let sharedError;
    try { await subtle.digest("SHA-256", new Uint8Array(new SharedArrayBuffer(8))); } catch (e) { sharedError = e; }
    assert(sharedError instanceof TypeError, "digest of shared memory is a TypeError");
  }

  // console.log shows the attributes (through the inspect hook).
  const custom = aes[Symbol.for("nodejs.util.inspect.custom")];
  const text = custom.call(aes, 2, {}, (value) => JSON.stringify(value));
  assert(text === 'CryptoKey {"type":"secret","extractable":true,"algorithm":{"name":"AES-CBC","length":256},"usages":["encrypt","decrypt","sign"]}',
         `inspect output: ${text}`);

  console.log(`${checks} checks`);
}

main();
