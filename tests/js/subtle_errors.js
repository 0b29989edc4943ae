// crypto.subtle error handling: every kind of bad argument, malformed key
// (truncated or mutated DER, broken JWK members, wrong lengths and curves),
// bad usage and failed operation rejects with the error the WebCrypto spec
// names (TypeError, NotSupportedError, SyntaxError, DataError,
// InvalidAccessError, OperationError), and none of them crashes the runtime.
"use strict";
const subtle = crypto.subtle;
const utf8 = (s) => new TextEncoder().encode(s);
const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

const byName = new Map();
const failures = [];
async function expectError(name, make, what) {
  byName.set(name, (byName.get(name) ?? 0) + 1);
  let error;
  try {
    const promise = make();
    if (!(promise instanceof Promise)) throw new Error("did not return a promise");
    await promise;
  } catch (e) {
    error = e;
  }
  const actual = error === undefined ? "no error" : error.name;
  if (actual !== name) failures.push(`${what}: expected ${name}, got ${actual} (${error && error.message})`);
  else if (name === "TypeError" && !(error instanceof TypeError)) failures.push(`${what}: not a TypeError instance`);
  else if (name !== "TypeError" && !(error instanceof DOMException)) failures.push(`${what}: not a DOMException`);
}
let plainChecks = 0;
function assert(condition, what) {
  plainChecks++;
  if (!condition) failures.push(what);
}

// Fixtures: a P-256 key pair, an RSA-2048 key pair and an Ed25519 pair, made by Node 20.
const P256_SPKI = fromB64("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0hCwpvnZ8BKGgFi0P6T0cQGFQ7ugDJJQ35JXwqyuXdHOA3VS1IFFDOObTRCVcBsXW/qzS45sCZ4Y8cGYNYNh6A==");
const P256_PKCS8 = fromB64("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgE9M6LVq/nPnrsh/4YNSu/m5W53eQ9N7ptAiE69M1ROqhRANCAATSELCm+dnwEoaAWLQ/pPRxAYVDu6AMklDfklfCrK5d0c4DdVLUgUUM45tNEJVwGxdb+rNLjmwJnhjxwZg1g2Ho");
const P256_JWK = { kty: "EC", crv: "P-256", x: "0hCwpvnZ8BKGgFi0P6T0cQGFQ7ugDJJQ35JXwqyuXdE",
                   y: "zgN1UtSBRQzjm00QlXAbF1v6s0uObAmeGPHBmDWDYeg", d: "E9M6LVq_nPnrsh_4YNSu_m5W53eQ9N7ptAiE69M1ROo" };
const ED_SPKI = new Uint8Array([48, 42, 48, 5, 6, 3, 43, 101, 112, 3, 33, 0, 216, 225, 137, 99, 216, 9, 212, 135, 217, 84, 154, 204, 174, 198, 116, 46, 126, 235, 162, 77, 138, 13, 59, 20, 183, 227, 202, 234, 6, 137, 61, 204]);
const ED_PKCS8 = new Uint8Array([48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32, 243, 200, 244, 196, 141, 248, 120, 20, 110, 140, 211, 191, 109, 244, 229, 14, 56, 155, 167, 7, 78, 21, 194, 53, 45, 205, 93, 48, 141, 76, 168, 31]);

async function main() {
  const aes = await subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["encrypt", "decrypt"]);
  const aesSealed = await subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["encrypt"]);
  const cbc = await subtle.generateKey({ name: "AES-CBC", length: 256 }, true, ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
  const ctr = await subtle.generateKey({ name: "AES-CTR", length: 192 }, true, ["encrypt"]);
  const kw = await subtle.generateKey({ name: "AES-KW", length: 256 }, true, ["wrapKey", "unwrapKey"]);
  const hmac = await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
  const ecdsa = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const ecdh256 = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits", "deriveKey"]);
  const ecdh384 = await subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, true, ["deriveBits"]);
  const x25519 = await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  const rsa = await subtle.generateKey({ name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
                                       true, ["encrypt", "decrypt"]);
  const pss = await subtle.generateKey({ name: "RSA-PSS", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
                                       true, ["sign", "verify"]);
  const hkdf = await subtle.importKey("raw", utf8("secret"), "HKDF", false, ["deriveBits", "deriveKey"]);
  const pbkdf2 = await subtle.importKey("raw", utf8("secret"), "PBKDF2", false, ["deriveBits"]);
  const data = utf8("some data");
  const iv = new Uint8Array(12);

  // --- TypeError: WebIDL conversion and dictionaries ------------------------------
  await expectError("TypeError", () => subtle.digest(), "digest() without arguments");
  await expectError("TypeError", () => subtle.digest("SHA-256"), "digest without data");
  await expectError("TypeError", () => subtle.digest("SHA-256", "text"), "digest of a string");
  await expectError("TypeError", () => subtle.digest({}, data), "algorithm without name");
  await expectError("TypeError", () => subtle.digest(Symbol("x"), data), "symbol algorithm");
  await expectError("TypeError", () => subtle.encrypt({ name: "AES-GCM", iv }, {}, data), "key not a CryptoKey");
  await expectError("TypeError", () => subtle.encrypt({ name: "AES-GCM" }, aes, data), "AES-GCM without iv");
  await expectError("TypeError", () => subtle.encrypt({ name: "AES-GCM", iv: "0000" }, aes, data), "iv not a BufferSource");
  await expectError("TypeError", () => subtle.encrypt({ name: "AES-GCM", iv, tagLength: 300 }, aes, data), "tagLength out of octet range");
  await expectError("TypeError", () => subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(16) }, ctr, data), "AES-CTR without length");
  await expectError("TypeError", () => subtle.generateKey({ name: "AES-GCM" }, true, ["encrypt"]), "AES key without length");
  await expectError("TypeError", () => subtle.generateKey({ name: "AES-GCM", length: "abc" }, true, ["encrypt"]), "length NaN");
  await expectError("TypeError", () => subtle.generateKey({ name: "AES-GCM", length: -1 }, true, ["encrypt"]), "negative length");
  await expectError("TypeError", () => subtle.generateKey({ name: "HMAC" }, true, ["sign"]), "HMAC without hash");
  await expectError("TypeError", () => subtle.generateKey({ name: "RSA-PSS", modulusLength: 2048, publicExponent: [1, 0, 1], hash: "SHA-256" }, true, ["sign"]),
                    "publicExponent not a Uint8Array");
  await expectError("TypeError", () => subtle.generateKey({ name: "RSA-PSS", publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign"]),
                    "RSA without modulusLength");
  await expectError("TypeError", () => subtle.generateKey({ name: "ECDSA" }, true, ["sign"]), "EC without namedCurve");
  await expectError("TypeError", () => subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["encrypt", "bogus"]), "unknown usage");
  await expectError("TypeError", () => subtle.generateKey({ name: "AES-GCM", length: 128 }, true, "encrypt"), "usages not a sequence");
  await expectError("TypeError", () => subtle.importKey("der", data, "AES-GCM", true, ["encrypt"]), "unknown key format");
  await expectError("TypeError", () => subtle.importKey("raw", {}, "AES-GCM", true, ["encrypt"]), "raw key data not a BufferSource");
  await expectError("TypeError", () => subtle.importKey("jwk", new Uint8Array(16), "AES-GCM", true, ["encrypt"]), "JWK given as bytes");
  await expectError("TypeError", () => subtle.importKey("jwk", "{}", "AES-GCM", true, ["encrypt"]), "JWK given as a string");
  await expectError("TypeError", () => subtle.importKey("raw", data), "importKey with two arguments");
  await expectError("TypeError", () => subtle.deriveBits({ name: "ECDH", public: "key" }, ecdh256.privateKey, 128), "ECDH public not a CryptoKey");
  await expectError("TypeError", () => subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: data, info: data }, hkdf, -8), "negative length");
  await expectError("TypeError", () => subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: data, info: data }, hkdf,
                                                         { name: "HMAC", hash: "SHA-256", length: 0 }, true, ["sign"]),
                    "derived HMAC length 0");
  await expectError("TypeError", () => SubtleCrypto.prototype.digest.call({}, "SHA-256", data), "digest on a non-SubtleCrypto");
  await expectError("TypeError", () => subtle.exportKey("raw", "key"), "exportKey of a non-key");
  assert((() => { try { new SubtleCrypto(); } catch (e) { return e instanceof TypeError; } return false; })(), "new SubtleCrypto()");
  assert((() => { try { new CryptoKey(); } catch (e) { return e instanceof TypeError; } return false; })(), "new CryptoKey()");

  // --- NotSupportedError: unknown algorithms, formats and operations ------------------
  await expectError("NotSupportedError", () => subtle.digest("MD5", data), "digest MD5");
  await expectError("NotSupportedError", () => subtle.digest("SHA-224", data), "digest SHA-224");
  await expectError("NotSupportedError", () => subtle.digest("sha_256", data), "misspelled digest");
  await expectError("NotSupportedError", () => subtle.generateKey("AES", true, ["encrypt"]), "generateKey AES");
  await expectError("NotSupportedError", () => subtle.generateKey({ name: "HMAC", hash: "MD5" }, true, ["sign"]), "HMAC with MD5");
  await expectError("NotSupportedError", () => subtle.generateKey({ name: "ECDSA", namedCurve: "P-192" }, true, ["sign"]), "curve P-192");
  await expectError("NotSupportedError", () => subtle.generateKey("HKDF", false, ["deriveBits"]), "generateKey HKDF");
  await expectError("NotSupportedError", () => subtle.encrypt("HMAC", hmac, data), "encrypt with HMAC");
  await expectError("NotSupportedError", () => subtle.encrypt("AES-KW", kw, data), "encrypt with AES-KW");
  await expectError("NotSupportedError", () => subtle.sign("AES-GCM", aes, data), "sign with AES-GCM");
  await expectError("NotSupportedError", () => subtle.importKey("spki", data, "AES-GCM", true, ["encrypt"]), "AES spki");
  await expectError("NotSupportedError", () => subtle.importKey("raw", data, { name: "RSA-PSS", hash: "SHA-256" }, true, ["verify"]), "RSA raw");
  await expectError("NotSupportedError", () => subtle.importKey("jwk", { kty: "oct", k: "AAAA" }, "HKDF", false, ["deriveBits"]), "HKDF jwk");
  await expectError("NotSupportedError", () => subtle.exportKey("raw", rsa.publicKey), "RSA raw export");
  await expectError("NotSupportedError", () => subtle.exportKey("spki", aes), "AES spki export");
  await expectError("NotSupportedError", () => subtle.exportKey("raw", hkdf), "HKDF export");
  await expectError("NotSupportedError", () => subtle.wrapKey("raw", aes, hmac, "HMAC"), "wrap with HMAC");
  await expectError("NotSupportedError", () => subtle.importKey("jwk", { kty: "RSA", n: "AQAB", e: "AQAB", d: "AQAB", oth: [] },
                                                                { name: "RSA-PSS", hash: "SHA-256" }, true, ["sign"]), "multi-prime RSA");

  // --- SyntaxError: usages -----------------------------------------------------------
  await expectError("SyntaxError", () => subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["sign"]), "AES with sign");
  await expectError("SyntaxError", () => subtle.generateKey({ name: "AES-GCM", length: 128 }, true, []), "secret key without usages");
  await expectError("SyntaxError", () => subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "private key without usages");
  await expectError("SyntaxError", () => subtle.generateKey({ name: "AES-KW", length: 128 }, true, ["encrypt"]), "AES-KW with encrypt");
  await expectError("SyntaxError", () => subtle.generateKey("Ed25519", true, ["deriveBits"]), "Ed25519 with deriveBits");
  await expectError("SyntaxError", () => subtle.importKey("raw", utf8("secret"), "HKDF", true, ["deriveBits"]), "extractable HKDF key");
  await expectError("SyntaxError", () => subtle.importKey("raw", new Uint8Array(16), "AES-CBC", true, []), "imported secret key without usages");
  await expectError("SyntaxError", () => subtle.importKey("pkcs8", P256_PKCS8, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]),
                    "private key with verify");
  await expectError("SyntaxError", () => subtle.importKey("spki", P256_SPKI, { name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]),
                    "ECDH public key with deriveBits");
  await expectError("SyntaxError", () => subtle.importKey("raw", ED_SPKI.slice(12), "Ed25519", true, ["sign"]), "raw Ed25519 key with sign");
  await expectError("SyntaxError", () => subtle.importKey("jwk", P256_JWK, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]),
                    "private JWK with verify");
  const wrappedAes = await subtle.wrapKey("raw", aes, kw, "AES-KW");
  await expectError("SyntaxError", () => subtle.unwrapKey("raw", wrappedAes, kw, "AES-KW", "AES-GCM", true, ["sign"]),
                    "unwrapKey with bad usages");

  // --- DataError: malformed key data -----------------------------------------------
  const aesAlg = "AES-GCM";
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(15), aesAlg, true, ["encrypt"]), "15-byte AES key");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(33), aesAlg, true, ["encrypt"]), "33-byte AES key");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(0), aesAlg, true, ["encrypt"]), "empty AES key");
  const k16 = "AAAAAAAAAAAAAAAAAAAAAA";
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct" }, aesAlg, true, ["encrypt"]), "JWK without k");
  await expectError("DataError", () => subtle.importKey("jwk", { k: k16 }, aesAlg, true, ["encrypt"]), "JWK without kty");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "RSA", k: k16 }, aesAlg, true, ["encrypt"]), "JWK wrong kty");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: "A#AAAAAAAAAAAAAAAAAAAA" }, aesAlg, true, ["encrypt"]), "k not base64url");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: "AAAAAAAAAAAAAAAAAAAAA" }, aesAlg, true, ["encrypt"]), "k of 15 bytes");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: "A" }, aesAlg, true, ["encrypt"]), "k of one character");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: k16, alg: "A256GCM" }, aesAlg, true, ["encrypt"]), "alg for another length");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: k16, alg: "A128CBC" }, aesAlg, true, ["encrypt"]), "alg for another mode");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: k16, use: "sig" }, aesAlg, true, ["encrypt"]), "use sig for AES");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: k16, key_ops: ["decrypt"] }, aesAlg, true, ["encrypt"]), "key_ops without encrypt");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: k16, key_ops: ["encrypt", "encrypt"] }, aesAlg, true, ["encrypt"]), "key_ops duplicates");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: k16, ext: false }, aesAlg, true, ["encrypt"]), "ext false, extractable true");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(0), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "empty HMAC key");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(16), { name: "HMAC", hash: "SHA-256", length: 100 }, true, ["sign"]), "HMAC length 100 for 128 bits");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(16), { name: "HMAC", hash: "SHA-256", length: 129 }, true, ["sign"]), "HMAC length above key");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "oct", k: k16, alg: "HS512" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "HMAC alg mismatch");

  const ec256 = { name: "ECDSA", namedCurve: "P-256" };
  await expectError("DataError", () => subtle.importKey("spki", P256_SPKI.slice(0, -1), ec256, true, ["verify"]), "truncated spki");
  await expectError("DataError", () => subtle.importKey("spki", new Uint8Array([...P256_SPKI, 0]), ec256, true, ["verify"]), "spki with a trailing byte");
  await expectError("DataError", () => subtle.importKey("spki", new Uint8Array(0), ec256, true, ["verify"]), "empty spki");
  await expectError("DataError", () => subtle.importKey("spki", utf8("-----BEGIN PUBLIC KEY-----"), ec256, true, ["verify"]), "PEM text as spki");
  await expectError("DataError", () => subtle.importKey("pkcs8", P256_PKCS8.slice(0, 40), ec256, true, ["sign"]), "truncated pkcs8");
  await expectError("DataError", () => subtle.importKey("pkcs8", P256_SPKI, ec256, true, ["sign"]), "spki given as pkcs8");
  await expectError("DataError", () => subtle.importKey("spki", P256_SPKI, { name: "ECDSA", namedCurve: "P-384" }, true, ["verify"]), "spki of another curve");
  await expectError("DataError", () => subtle.importKey("spki", P256_SPKI, { name: "RSA-PSS", hash: "SHA-256" }, true, ["verify"]), "EC spki as RSA");
  await expectError("DataError", () => subtle.importKey("spki", ED_SPKI, "X25519", true, []), "Ed25519 spki as X25519");
  await expectError("DataError", () => subtle.importKey("pkcs8", ED_PKCS8, ec256, true, ["sign"]), "Ed25519 pkcs8 as ECDSA");
  const point = P256_SPKI.slice(26);
  const offCurve = point.slice(); offCurve[64] ^= 1;
  await expectError("DataError", () => subtle.importKey("raw", point.slice(0, 64), ec256, true, ["verify"]), "short EC point");
  await expectError("DataError", () => subtle.importKey("raw", offCurve, ec256, true, ["verify"]), "point not on the curve");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array([0]), ec256, true, ["verify"]), "point at infinity");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array([5, ...point.slice(1, 33)]), ec256, true, ["verify"]), "bad point prefix");
  await expectError("DataError", () => subtle.importKey("jwk", { ...P256_JWK, d: undefined, x: P256_JWK.x.slice(0, 40) }, ec256, true, ["verify"]), "short JWK x");
  await expectError("DataError", () => subtle.importKey("jwk", { ...P256_JWK, d: undefined, y: undefined }, ec256, true, ["verify"]), "JWK without y");
  await expectError("DataError", () => subtle.importKey("jwk", { ...P256_JWK, crv: "P-384" }, ec256, true, ["sign"]), "JWK crv mismatch");
  await expectError("DataError", () => subtle.importKey("jwk", { ...P256_JWK, alg: "ES384" }, ec256, true, ["sign"]), "JWK alg for another curve");
  await expectError("DataError", () => subtle.importKey("jwk", { ...P256_JWK, d: P256_JWK.d.slice(0, 40) }, ec256, true, ["sign"]), "short JWK d");
  await expectError("DataError", () => subtle.importKey("jwk", { ...P256_JWK, d: "A" + P256_JWK.d.slice(1) }, ec256, true, ["sign"]), "JWK d not matching x, y");
  await expectError("DataError", () => subtle.importKey("jwk", { ...P256_JWK, kty: "OKP" }, ec256, true, ["sign"]), "EC JWK with kty OKP");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(31), "Ed25519", true, ["verify"]), "31-byte Ed25519 key");
  await expectError("DataError", () => subtle.importKey("raw", new Uint8Array(33), "X25519", true, []), "33-byte X25519 key");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: "2OGJY9gJ1IfZVJrMrsZ0Ln7rok2KDTsUt-PK6gaJPcw",
                                                                 d: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, "Ed25519", true, ["sign"]),
                    "OKP JWK d not matching x");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "OKP", crv: "X25519", x: "2OGJY9gJ1IfZVJrMrsZ0Ln7rok2KDTsUt-PK6gaJPcw" }, "Ed25519", true, ["verify"]),
                    "OKP JWK crv mismatch");
  const rsaJwk = await subtle.exportKey("jwk", pss.privateKey);
  const pssAlg = { name: "RSA-PSS", hash: "SHA-256" };
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "RSA", n: rsaJwk.n }, pssAlg, true, ["verify"]), "RSA JWK without e");
  await expectError("DataError", () => subtle.importKey("jwk", { ...rsaJwk, q: undefined }, pssAlg, true, ["sign"]), "RSA JWK with partial CRT");
  await expectError("DataError", () => subtle.importKey("jwk", { ...rsaJwk, qi: rsaJwk.dq }, pssAlg, true, ["sign"]), "RSA JWK wrong qi");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "RSA", n: rsaJwk.n, e: rsaJwk.e, d: rsaJwk.p }, pssAlg, true, ["sign"]), "RSA JWK wrong d");
  await expectError("DataError", () => subtle.importKey("jwk", { ...rsaJwk, alg: "RS256" }, pssAlg, true, ["sign"]), "RSA JWK alg of another scheme");
  await expectError("DataError", () => subtle.importKey("jwk", { ...rsaJwk, alg: "PS384" }, pssAlg, true, ["sign"]), "RSA JWK alg of another hash");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "RSA", n: "", e: "AQAB" }, pssAlg, true, ["verify"]), "RSA JWK empty n");
  await expectError("DataError", () => subtle.importKey("jwk", { kty: "RSA", n: "AAAA", e: "AQAB" }, pssAlg, true, ["verify"]), "RSA JWK n of zeros");
  const cbcJwkBytes = await subtle.wrapKey("raw", aes, cbc, { name: "AES-CBC", iv: new Uint8Array(16) });
  await expectError("DataError", () => subtle.unwrapKey("jwk", cbcJwkBytes, cbc, { name: "AES-CBC", iv: new Uint8Array(16) }, "AES-GCM", true, ["encrypt"]),
                    "unwrapped bytes are not a JWK");

  // --- InvalidAccessError: key, algorithm and usage mismatches ------------------------
  await expectError("InvalidAccessError", () => subtle.exportKey("raw", aesSealed), "export of a non-extractable key");
  await expectError("InvalidAccessError", () => subtle.decrypt({ name: "AES-GCM", iv }, aesSealed, new Uint8Array(32)), "decrypt without usage");
  await expectError("InvalidAccessError", () => subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, aes, data), "AES-GCM key for AES-CBC");
  await expectError("InvalidAccessError", () => subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ecdsa.publicKey, data), "sign with a public key");
  await expectError("InvalidAccessError", () => subtle.sign({ name: "RSA-PSS", saltLength: 32 }, ecdsa.privateKey, data), "ECDSA key for RSA-PSS");
  await expectError("InvalidAccessError", () => subtle.deriveBits({ name: "ECDH", public: ecdh384.publicKey }, ecdh256.privateKey, 128), "ECDH curves differ");
  await expectError("InvalidAccessError", () => subtle.deriveBits({ name: "ECDH", public: ecdh256.privateKey }, ecdh256.privateKey, 128), "ECDH public is private");
  await expectError("InvalidAccessError", () => subtle.deriveBits({ name: "ECDH", public: ecdsa.publicKey }, ecdh256.privateKey, 128), "ECDSA key as ECDH public");
  await expectError("InvalidAccessError", () => subtle.deriveBits({ name: "X25519", public: ecdh256.publicKey }, x25519.privateKey, 128), "ECDH key as X25519 public");
  await expectError("InvalidAccessError", () => subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: data, info: data }, pbkdf2, 128), "PBKDF2 key for HKDF");
  await expectError("InvalidAccessError", () => subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: data, iterations: 1 }, pbkdf2,
                                                                  { name: "AES-GCM", length: 128 }, true, ["encrypt"]),
                    "deriveKey without the deriveKey usage");
  await expectError("InvalidAccessError", () => subtle.exportKey("spki", ecdsa.privateKey), "spki of a private key");
  await expectError("InvalidAccessError", () => subtle.exportKey("pkcs8", ecdsa.publicKey), "pkcs8 of a public key");
  await expectError("InvalidAccessError", () => subtle.exportKey("raw", ecdh256.privateKey), "raw of an EC private key");
  await expectError("InvalidAccessError", () => subtle.wrapKey("raw", aesSealed, kw, "AES-KW"), "wrap a non-extractable key");
  await expectError("InvalidAccessError", () => subtle.wrapKey("raw", aes, cbc, "AES-KW"), "wrapping key of another algorithm");
  await expectError("InvalidAccessError", () => subtle.encrypt({ name: "RSA-OAEP" }, rsa.privateKey, data), "OAEP encrypt with a private key");

  // --- OperationError: operations that fail -------------------------------------------
  const sealed = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv, additionalData: data }, aes, data));
  const tampered = sealed.slice(); tampered[0] ^= 1;
  const badTag = sealed.slice(); badTag[badTag.length - 1] ^= 1;
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-GCM", iv, additionalData: data }, aes, tampered), "GCM ciphertext modified");
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-GCM", iv, additionalData: data }, aes, badTag), "GCM tag modified");
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-GCM", iv }, aes, sealed), "GCM additional data missing");
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(16) }, aes, sealed), "GCM other iv");
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-GCM", iv }, aes, new Uint8Array(15)), "GCM data shorter than the tag");
  await expectError("OperationError", () => subtle.encrypt({ name: "AES-GCM", iv, tagLength: 100 }, aes, data), "GCM tagLength 100");
  await expectError("OperationError", () => subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(0) }, aes, data), "GCM empty iv");
  const cbcSealed = new Uint8Array(await subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, cbc, data));
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, cbc, cbcSealed.slice(0, 15)), "CBC partial block");
  // A one-block message: the iv changes the padding bytes to 0x27, more than a block.
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-CBC", iv: new Uint8Array(16).fill(0x20) }, cbc, cbcSealed), "CBC bad padding");
  await expectError("OperationError", () => subtle.decrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, cbc, new Uint8Array(0)), "CBC empty ciphertext");
  await expectError("OperationError", () => subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(8) }, cbc, data), "CBC 8-byte iv");
  await expectError("OperationError", () => subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(8), length: 64 }, ctr, data), "CTR 8-byte counter");
  await expectError("OperationError", () => subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(16), length: 0 }, ctr, data), "CTR length 0");
  await expectError("OperationError", () => subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(16), length: 129 }, ctr, data), "CTR length 129");
  await expectError("OperationError", () => subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(16), length: 1 }, ctr, new Uint8Array(33)),
                    "CTR: more blocks than the counter allows");
  await expectError("OperationError", () => subtle.unwrapKey("raw", new Uint8Array(24), kw, "AES-KW", aesAlg, true, ["encrypt"]), "KW integrity check");
  await expectError("OperationError", () => subtle.unwrapKey("raw", new Uint8Array(20), kw, "AES-KW", aesAlg, true, ["encrypt"]), "KW length not a multiple of 8");
  await expectError("OperationError", () => subtle.wrapKey("jwk", aes, kw, "AES-KW"), "KW of a JWK (not a multiple of 8 bytes)");
  await expectError("OperationError", () => subtle.generateKey({ name: "AES-GCM", length: 64 }, true, ["encrypt"]), "AES length 64");
  await expectError("OperationError", () => subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 0 }, true, ["sign"]), "HMAC length 0");
  await expectError("OperationError", () => subtle.generateKey({ name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 0]), hash: "SHA-256" },
                                                               true, ["encrypt"]), "RSA even exponent");
  await expectError("OperationError", () => subtle.generateKey({ name: "RSA-OAEP", modulusLength: 100, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
                                                               true, ["encrypt"]), "RSA 100-bit modulus");
  await expectError("OperationError", () => subtle.decrypt({ name: "RSA-OAEP" }, rsa.privateKey, new Uint8Array(256)), "OAEP garbage");
  await expectError("OperationError", () => subtle.decrypt({ name: "RSA-OAEP" }, rsa.privateKey, new Uint8Array(10)), "OAEP short ciphertext");
  await expectError("OperationError", () => subtle.encrypt({ name: "RSA-OAEP" }, rsa.publicKey, new Uint8Array(300)), "OAEP message too long");
  await expectError("OperationError", () => subtle.sign({ name: "RSA-PSS", saltLength: 1000 }, pss.privateKey, data), "PSS salt longer than the key allows");
  await expectError("OperationError", () => subtle.deriveBits({ name: "ECDH", public: ecdh256.publicKey }, ecdh256.privateKey, 512), "ECDH length above the secret");
  await expectError("OperationError", () => subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: data, info: data }, hkdf, 12), "HKDF length not bytes");
  await expectError("OperationError", () => subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: data, info: data }, hkdf, 256 * 8 * 32), "HKDF beyond 255 blocks");
  await expectError("OperationError", () => subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: data, info: data }, hkdf), "HKDF without length");
  await expectError("OperationError", () => subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: data, iterations: 0 }, pbkdf2, 128), "PBKDF2 zero iterations");
  await expectError("OperationError", () => subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: data, iterations: 1 }, pbkdf2, 0), "PBKDF2 zero length");
  const lowOrder = await subtle.importKey("raw", new Uint8Array(32), "X25519", false, []);
  await expectError("OperationError", () => subtle.deriveBits({ name: "X25519", public: lowOrder }, x25519.privateKey, 256), "X25519 small-order point");

  // --- Verification failures are false, not errors ------------------------------------
  const ecSig = new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ecdsa.privateKey, data));
  assert(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecdsa.publicKey, ecSig, data) === true, "ECDSA verifies");
  assert(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecdsa.publicKey, ecSig.slice(0, 63), data) === false, "short ECDSA signature");
  assert(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecdsa.publicKey, new Uint8Array(64), data) === false, "zero ECDSA signature");
  assert(await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, ecdsa.publicKey, ecSig, data) === false, "ECDSA other hash");
  const hmacSig = new Uint8Array(await subtle.sign("HMAC", hmac, data));
  assert(await subtle.verify("HMAC", hmac, hmacSig.slice(1), data) === false, "short HMAC");
  assert(await subtle.verify("HMAC", hmac, new Uint8Array(0), data) === false, "empty HMAC");
  const ed = await subtle.generateKey("Ed25519", false, ["sign", "verify"]);
  const edSig = new Uint8Array(await subtle.sign("Ed25519", ed.privateKey, data));
  assert(await subtle.verify("Ed25519", ed.publicKey, edSig.slice(0, 63), data) === false, "short Ed25519 signature");
  assert(await subtle.verify("Ed25519", ed.publicKey, new Uint8Array(0), data) === false, "empty Ed25519 signature");
  const pssSig = await subtle.sign({ name: "RSA-PSS", saltLength: 32 }, pss.privateKey, data);
  assert(await subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pss.publicKey, new Uint8Array(pssSig).slice(1), data) === false, "short RSA signature");
  // A PSS signature whose first byte is 0: without it, it is the same number,
  // but no longer k octets, so it must not verify (RFC 8017 8.1.2 step 1).
  // PSS is randomized: about one signature in 256 starts with 0.
  const pss1024 = await subtle.generateKey({ name: "RSA-PSS", modulusLength: 1024,
    publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, false, ["sign", "verify"]);
  const pssParams = { name: "RSA-PSS", saltLength: 32 };
  let zeroLed = null;
  for (let i = 0; i < 5000 && zeroLed === null; i++) {
    const sig = new Uint8Array(await subtle.sign(pssParams, pss1024.privateKey, data));
    if (sig[0] === 0) zeroLed = sig;
  }
  assert(zeroLed !== null, "a PSS signature with a leading zero byte was found");
  assert(await subtle.verify(pssParams, pss1024.publicKey, zeroLed, data) === true,
    "the PSS signature with a leading zero verifies");
  assert(await subtle.verify(pssParams, pss1024.publicKey, zeroLed.slice(1), data) === false,
    "the same PSS signature without its leading zero does not");

  // --- Mutated DER and JWK: accepted or DataError, never anything else ----------------
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const derInputs = [[P256_SPKI, "spki", ec256, ["verify"]], [P256_PKCS8, "pkcs8", ec256, ["sign"]],
                     [ED_SPKI, "spki", "Ed25519", ["verify"]], [ED_PKCS8, "pkcs8", "Ed25519", ["sign"]],
                     [new Uint8Array(await subtle.exportKey("spki", pss.publicKey)), "spki", pssAlg, ["verify"]],
                     [new Uint8Array(await subtle.exportKey("pkcs8", pss.privateKey)), "pkcs8", pssAlg, ["sign"]]];
  let fuzzed = 0;
  let unexpected = 0;
  for (let i = 0; i < 600; i++) {
    const [der, format, algorithm, usages] = derInputs[i % derInputs.length];
    let bytes = der.slice();
    const mutation = Math.floor(random() * 4);
    if (mutation === 0) bytes = bytes.slice(0, Math.floor(random() * bytes.length));  // truncate
    else if (mutation === 1) bytes[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);  // flip a bit
    else if (mutation === 2) bytes[Math.floor(random() * Math.min(bytes.length, 8))] = Math.floor(random() * 256);  // header byte
    else bytes = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));  // noise
    fuzzed++;
    try {
      await subtle.importKey(format, bytes, algorithm, true, usages);
    } catch (e) {
      if (e.name !== "DataError") { unexpected++; failures.push(`fuzz ${format}: ${e.name} ${e.message}`); }
    }
  }
  const jwkMembers = ["kty", "crv", "x", "y", "d", "alg", "use", "key_ops", "ext"];
  const junk = [undefined, "", "A", "AAAA", "!!", "=", "P-256", "EC", "OKP", 7, null, true, [], {}, "a".repeat(1000)];
  for (let i = 0; i < 400; i++) {
    const jwk = { ...P256_JWK };
    const member = jwkMembers[Math.floor(random() * jwkMembers.length)];
    jwk[member] = junk[Math.floor(random() * junk.length)];
    fuzzed++;
    try {
      await subtle.importKey("jwk", jwk, ec256, true, jwk.d === undefined ? ["verify"] : ["sign"]);
    } catch (e) {
      // TypeError: key_ops/ext junk that WebIDL cannot convert; SyntaxError: usages.
      if (!["DataError", "TypeError", "SyntaxError"].includes(e.name)) {
        unexpected++;
        failures.push(`fuzz jwk ${member}: ${e.name} ${e.message}`);
      }
    }
  }
  assert(unexpected === 0, "fuzzing raised only the expected errors");

  for (const [name, count] of byName) console.log(`${name}: ${count} cases`);
  console.log(`verify() returning false: ${plainChecks - 5} cases`);  // 5 asserts check something else
  console.log(`mutated DER and JWK inputs: ${fuzzed}, none crashed, none with an unexpected error`);
  if (failures.length) throw new Error(`failures:\n${failures.join("\n")}`);
}

main();
