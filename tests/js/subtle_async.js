// crypto.subtle and the event loop: slow work (RSA and EC key generation, big
// digests and ciphers) runs on the threadpool while timers keep firing; many
// operations can be pending at once; and inputs are copied when the method is
// called, so changing a buffer afterwards does not change the result.
"use strict";
const subtle = crypto.subtle;
let checks = 0;
function assert(condition, what) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${what}`);
}
const toHex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");

// Counts timer callbacks while `promise` is pending.
async function ticksWhile(promise) {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await promise;
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

async function main() {
  // RSA-4096 generation takes far longer than a millisecond: timers run meanwhile.
  const rsaTicks = await ticksWhile(subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, false, ["sign"]));
  assert(rsaTicks > 0, `timers fired during RSA-4096 generation (${rsaTicks})`);

  // A 64 MiB digest, and a 32 MiB AES-GCM encryption, off the runtime thread.
  const big = new Uint8Array(64 << 20);
  for (let i = 0; i < big.length; i += 4096) big[i] = i & 255;
  const digestPromise = subtle.digest("SHA-256", big);
  const expected = toHex(await subtle.digest("SHA-256", big.slice()));
  assert(toHex(await digestPromise) === expected, "big digest");

  // Inputs are snapshots: the buffer changes right after the call.
  const mutable = big.subarray(0, 8 << 20);
  const before = toHex(await subtle.digest("SHA-512", mutable.slice()));
  const pending = subtle.digest("SHA-512", mutable);
  mutable.fill(0xee);
  assert(toHex(await pending) === before, "digest saw the bytes as they were at the call");

  const key = await subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  const plain = new Uint8Array(32 << 20).map((_, i) => i * 7);
  const original = plain.slice();
  const iv = new Uint8Array(12).fill(3);
  const encrypting = subtle.encrypt({ name: "AES-GCM", iv }, key, plain);
  plain.fill(0);
  const sealed = await encrypting;
  assert(sealed.byteLength === plain.length + 16, "ciphertext and tag");
  const opened = new Uint8Array(await subtle.decrypt({ name: "AES-GCM", iv }, key, sealed));
  assert(opened.length === original.length && opened.every((b, i) => b === original[i]), "encrypt saw the original bytes");

  // Many operations at once, small (run at once) and big (threadpool), all correct.
  const messages = Array.from({ length: 64 }, (_, i) => new Uint8Array(i % 2 ? 100 : 100000).fill(i));
  const sequential = [];
  for (const m of messages) sequential.push(toHex(await subtle.digest("SHA-384", m)));
  const parallel = (await Promise.all(messages.map((m) => subtle.digest("SHA-384", m)))).map(toHex);
  assert(parallel.every((h, i) => h === sequential[i]), "parallel digests match sequential ones");
  const curves = ["P-256", "P-384", "P-521", "P-256", "P-384", "P-521"];
  const pairs = await Promise.all(curves.map((namedCurve) => subtle.generateKey({ name: "ECDSA", namedCurve }, false, ["sign", "verify"])));
  const hashes = { "P-256": "SHA-256", "P-384": "SHA-384", "P-521": "SHA-512" };
  const results = await Promise.all(pairs.map(async (pair, i) => {
    const params = { name: "ECDSA", hash: hashes[curves[i]] };
    const signature = await subtle.sign(params, pair.privateKey, messages[i]);
    return subtle.verify(params, pair.publicKey, signature, messages[i]);
  }));
  assert(results.every((ok) => ok === true), "concurrent EC key generation and signatures");

  // Keys dropped in bulk are collected without disturbing live ones.
  for (let round = 0; round < 20; round++) {
    await Promise.all(Array.from({ length: 100 }, () => subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"])));
  }
  const survivor = await subtle.importKey("raw", new Uint8Array(32).fill(1), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const junk = [];
  for (let i = 0; i < 200; i++) junk.push(new Uint8Array(1 << 20));  // pressure for a GC
  junk.length = 0;
  const mac = await subtle.sign("HMAC", survivor, new Uint8Array(3));
  assert(await subtle.verify("HMAC", survivor, mac, new Uint8Array(3)), "a live key after many were dropped");

  console.log(`${checks} checks`);
}

main();
