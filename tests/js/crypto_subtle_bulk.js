// crypto.subtle on big inputs (digest, AES-GCM) and repeated signatures with
// one key. A threadpool worker reads a big input partly straight from the
// caller's buffer while the call runs and partly from a copy; either way the
// result must be that of the bytes at call time, whatever JS does to the
// buffer afterwards. Expected values computed with node's
// WebCrypto (and the SHA-256 with Python's hashlib).
"use strict";
const subtle = crypto.subtle;
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
async function assertRejects(promise, name, message) {
  try {
    await promise;
  } catch (error) {
    assert(error instanceof DOMException && error.name === name, `${message}: wrong error ${String(error)}`);
    return;
  }
  assert(false, `${message}: did not reject`);
}
function pattern(n, seed) {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + seed + (i >> 8)) & 255;
  return bytes;
}
const hex = (buffer) => Array.from(new Uint8Array(buffer), (x) => x.toString(16).padStart(2, "0")).join("");
const sha256 = async (buffer) => hex(await subtle.digest("SHA-256", buffer));
function equalBytes(a, b) {
  a = new Uint8Array(a);
  b = new Uint8Array(b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// [size, seed, sha256 of the data, sha256 of AES-GCM(data), sha256 of
// AES-GCM(data, aad, 96-bit tag)]. 3 MiB + 5 spans many 64 KiB chunks and
// ends mid-chunk; 256 KiB - 8 puts a 128-bit tag across the first chunk
// boundary when decrypting; 1000 bytes is done at once.
const cases = [
  [3 * 1048576 + 5, 7, "c12ea2b08b3656f99a583ae1ba3572cbddf47929c46ff987e691897074afa7aa",
   "95ac83f31fb19dca9c526666ac2134af3a41170623700e468eca253dc4b0b338",
   "150ce0013e321234a3e7c4a3dad9be19104acfd5e97c1bd0ac2f40ecceaad65e"],
  [262144 - 8, 9, "417056afedf03d3c8334e7c7809226ee4e9ad2b124c81fb19d13828c9be93263",
   "064e13c05a920b705b5525bf946d290106649df2ab85af9bda7f81bf4f2221ad",
   "bc66704ed9db39bcdcd407b25e0347e0cfcd0f9138dd9404ce19f8bb8e4ac267"],
  [1000, 11, "5984c3fdaec6f7f4407f13e670e5f80177e3d8d04dab14be9a8e07cfb765a0ce",
   "4a32ecf89eddc702846ca944fffae850dc9d86db6db3e61719cc1dcdaa380900",
   "541c22fdf1f80b06c3114faa6e5c12a7087fbdae65f35ac1e0488b1833c5e57b"],
];

async function bulk() {
  const key = await subtle.importKey("raw", pattern(32, 1), "AES-GCM", false, ["encrypt", "decrypt"]);
  const iv = pattern(12, 2);
  const aad = pattern(40, 3);
  for (const [size, seed, digestHex, gcmHex, gcm96Hex] of cases) {
    const what = `${size} bytes`;
    // One operation at a time; the buffer is scribbled over right after each call.
    let data = pattern(size, seed);
    let pending = subtle.digest("SHA-256", data);
    data.fill(0);
    assert(hex(await pending) === digestHex, `digest of ${what} (alone)`);

    data = pattern(size, seed);
    pending = subtle.encrypt({ name: "AES-GCM", iv }, key, data);
    data.fill(1);
    const ciphertext = await pending;
    assert(ciphertext.byteLength === size + 16 && (await sha256(ciphertext)) === gcmHex, `AES-GCM of ${what} (alone)`);

    data = pattern(size, seed);
    pending = subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad, tagLength: 96 }, key, data.buffer);
    data.fill(2);
    const ciphertext96 = await pending;
    assert(ciphertext96.byteLength === size + 12 && (await sha256(ciphertext96)) === gcm96Hex,
           `AES-GCM with aad and a 96-bit tag of ${what} (alone)`);

    // Decryption, from a view into a bigger buffer; then with the buffer changed after the call.
    const framed = new Uint8Array(ciphertext.byteLength + 24);
    framed.set(new Uint8Array(ciphertext), 8);
    const view = new Uint8Array(framed.buffer, 8, ciphertext.byteLength);
    pending = subtle.decrypt({ name: "AES-GCM", iv }, key, view);
    framed.fill(3);
    assert(equalBytes(await pending, pattern(size, seed)), `AES-GCM decryption of ${what} (alone)`);
    assert(equalBytes(await subtle.decrypt({ name: "AES-GCM", iv, additionalData: aad, tagLength: 96 }, key,
                                           ciphertext96), pattern(size, seed)),
           `AES-GCM decryption with aad and a 96-bit tag of ${what}`);

    // A changed tag or text byte fails authentication.
    const badTag = new Uint8Array(ciphertext.slice(0));
    badTag[badTag.length - 1] ^= 1;
    await assertRejects(subtle.decrypt({ name: "AES-GCM", iv }, key, badTag), "OperationError", `bad tag, ${what}`);
    const badText = new Uint8Array(ciphertext.slice(0));
    badText[size >> 1] ^= 0x80;
    await assertRejects(subtle.decrypt({ name: "AES-GCM", iv }, key, badText), "OperationError", `bad text, ${what}`);
    await assertRejects(subtle.decrypt({ name: "AES-GCM", iv, additionalData: pattern(40, 4), tagLength: 96 }, key,
                                       ciphertext96), "OperationError", `wrong aad, ${what}`);

    // Concurrent operations (the later ones overlap with workers), each
    // buffer scribbled over right after its call.
    const buffers = [];
    const results = [];
    for (let i = 0; i < 6; i++) {
      const buffer = pattern(size, seed);
      buffers.push(buffer);
      results.push(i % 3 === 0 ? subtle.digest("SHA-256", buffer)
                   : i % 3 === 1 ? subtle.encrypt({ name: "AES-GCM", iv }, key, buffer)
                   : subtle.decrypt({ name: "AES-GCM", iv }, key, new Uint8Array(ciphertext)));
      buffer.fill(4 + i);
    }
    const settled = await Promise.all(results);
    for (let i = 0; i < 6; i++) {
      if (i % 3 === 0) assert(hex(settled[i]) === digestHex, `digest of ${what} (concurrent ${i})`);
      else if (i % 3 === 1) assert((await sha256(settled[i])) === gcmHex, `AES-GCM of ${what} (concurrent ${i})`);
      else assert(equalBytes(settled[i], pattern(size, seed)), `AES-GCM decryption of ${what} (concurrent ${i})`);
    }
  }
  // Empty input, and a tag alone: the consumer never runs.
  assert((await sha256(new Uint8Array(0))) === "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "digest of nothing");
  const empty = await subtle.encrypt({ name: "AES-GCM", iv }, key, new Uint8Array(0));
  assert(empty.byteLength === 16, "AES-GCM of nothing is a tag");
  assert((await subtle.decrypt({ name: "AES-GCM", iv }, key, empty)).byteLength === 0, "AES-GCM decryption of a tag");
  await assertRejects(subtle.decrypt({ name: "AES-GCM", iv }, key, new Uint8Array(15)), "OperationError",
                      "AES-GCM decryption of less than a tag");
}

async function signatures() {
  // ECDSA: one key with two hashes, alternately (each has its own prepared context).
  const ec = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const message = pattern(100, 5);
  for (let i = 0; i < 20; i++) {
    const hash = i % 2 ? "SHA-384" : "SHA-256";
    const signature = await subtle.sign({ name: "ECDSA", hash }, ec.privateKey, message);
    assert(signature.byteLength === 64, `ECDSA P-256 signature length (${hash})`);
    assert(await subtle.verify({ name: "ECDSA", hash }, ec.publicKey, signature, message), `ECDSA verifies (${hash})`);
    const other = i % 2 ? "SHA-256" : "SHA-384";
    assert(!(await subtle.verify({ name: "ECDSA", hash: other }, ec.publicKey, signature, message)),
           `ECDSA signature with ${hash} does not verify with ${other}`);
    const changed = pattern(100, 5);
    changed[i] ^= 1;
    assert(!(await subtle.verify({ name: "ECDSA", hash }, ec.publicKey, signature, changed)), "ECDSA of other data");
  }
  const p384 = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, false, ["sign", "verify"]);
  const p521 = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-521" }, false, ["sign", "verify"]);
  for (const [pair, length] of [[p384, 96], [p521, 132]]) {
    const signature = await subtle.sign({ name: "ECDSA", hash: "SHA-512" }, pair.privateKey, message);
    assert(signature.byteLength === length, `ECDSA signature length ${length}`);
    assert(await subtle.verify({ name: "ECDSA", hash: "SHA-512" }, pair.publicKey, signature, message),
           `ECDSA verifies (${length})`);
  }
  // Big data goes to the threadpool: concurrent signatures with one key.
  const big = pattern(100000, 6);
  const signed = await Promise.all([0, 1, 2, 3].map(() => subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ec.privateKey, big)));
  const verified = await Promise.all(signed.map((s) => subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ec.publicKey, s, big)));
  assert(verified.every((ok) => ok), "concurrent ECDSA signatures verify");

  // Ed25519: RFC 8032 test 1 (empty message), then a few more with the same key.
  const b64url = (h) => btoa(String.fromCharCode(...h.match(/../g).map((x) => parseInt(x, 16))))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const d = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  const x = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  const expected = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
  const edPrivate = await subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", d: b64url(d), x: b64url(x) },
                                           "Ed25519", false, ["sign"]);
  const edPublic = await subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: b64url(x) }, "Ed25519", false, ["verify"]);
  for (let i = 0; i < 5; i++) {
    const signature = await subtle.sign("Ed25519", edPrivate, new Uint8Array(0));
    assert(hex(signature) === expected, `Ed25519 RFC 8032 test 1 (${i})`);
    assert(await subtle.verify("Ed25519", edPublic, signature, new Uint8Array(0)), "Ed25519 verifies");
    assert(!(await subtle.verify("Ed25519", edPublic, signature, new Uint8Array(1))), "Ed25519 of other data");
  }
  const edSigned = await Promise.all([0, 1, 2].map(() => subtle.sign("Ed25519", edPrivate, big)));
  assert(edSigned.every((s) => equalBytes(s, edSigned[0])), "concurrent Ed25519 signatures agree");
  assert(await subtle.verify("Ed25519", edPublic, edSigned[0], big), "Ed25519 of big data verifies");
}

// Big operations run on the threadpool: the loop keeps turning while one is
// in flight, and an await loop of them lets timers run.
async function fairness() {
  let turned = false;
  setTimeout(() => { turned = true; }, 0);
  await subtle.digest("SHA-256", pattern(64 << 20, 13));
  assert(turned, "a timer runs while a 64 MiB digest is in flight");

  let fired = false;
  setTimeout(() => { fired = true; }, 0);
  const data = pattern(1 << 20, 12);
  for (let i = 0; i < 2000 && !fired; i++) await subtle.digest("SHA-256", data);
  assert(fired, "a timer runs during an await loop of digests");
}

(async () => {
  await bulk();
  await signatures();
  await fairness();
  console.log(`crypto_subtle_bulk: ${checks} checks passed`);
})();
