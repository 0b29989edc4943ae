// CompressionStream / DecompressionStream: round trips for each format, data
// made by Node's zlib (decompressed here), our output checked against the
// RFC 1950/1951/1952 framing with independently computed CRC-32 and Adler-32,
// chunking, BufferSource kinds, bad chunks, constructor and brand checks.
import { checks, assert, assertEq, assertThrows, assertRejects } from "./fixtures/assert.mjs";
function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
function concat(chunks) {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
// Writes the chunks, closes, and returns every output chunk (checked to be non-empty Uint8Arrays).
async function run(stream, chunks) {
  const writer = stream.writable.getWriter();
  const writes = chunks.map((chunk) => writer.write(chunk));
  const closed = writer.close();
  const out = [];
  for await (const chunk of stream.readable) {
    assert(chunk instanceof Uint8Array, "output chunks are Uint8Arrays");
    assert(chunk.length > 0, "output chunks are never empty");
    out.push(chunk);
  }
  await Promise.all([...writes, closed]);
  return out;
}
const compress = async (format, chunks) => concat(await run(new CompressionStream(format), chunks));
const decompress = async (format, chunks) => concat(await run(new DecompressionStream(format), chunks));

// Independent checksums (RFC 1952 CRC-32, RFC 1950 Adler-32).
const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
const le32 = (bytes, at) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
const be32 = (bytes, at) => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;

// The text Node compressed below (4924 bytes of UTF-8).
let text = "";
for (let i = 0; i < 60; i++) text += `line ${i}: The quick brown fox jumps over the lazy dog — ünïcödé ✓ 🦊 ${i * i}\n`;
const input = new TextEncoder().encode(text);
assertEq(input.length, 4924, "fixture input length");

// zlib.gzipSync / deflateSync / deflateRawSync (Node 20, its bundled zlib).
const nodeOutput = {
  gzip: "H4sIAAAAAAAAA63YO1LDMBAG4D6n0BG0D8ky5+ACkBgSCDEEwquipoWSGTpmqOio6HyTnIAjMIz1+wT/BXbkXX27K69Xmy7Eg3C47MLVbjU/D8fb/m4TTvr7cLa7uLwO/W23DTfLLqyPHh/Coj8N+6fXMPxshq/58L0YPsP+7SX8vn88hzhb/4cTUjgZwykpnI/hjBSuHcM562PzGC+R4mka42VSPKvna1jVqPkrpHi5lrclxSv19gkLh0TwoPlQnJFFRLxmUVhKJNc6Cw1KW2+i0KjAirCwaMIZWVy0II8sMKaoNYuMZXRslhmHGWWZcccZaWOl1Dwqy0zSWmtlmUlNvY/KMpNhRllm8nRGlplmyiPLTDPVmjZmcB+NZaaFGWOZaeHaaHMmovkYbdBEdEijTRpBGzcWG5lmjbHciGIgGguOGKa2seSIY7UwFh1J2H+ctqNl4HHakpaxSTpNT4Nl12l6CvZx5+1peDI4bVGL0OO0TU3w8HLaqqYRuWTpUYuoOEuPeqz3MrH0aIKexNKjeTolS482yGVi6dGCiieWHm2nHwIsPTbpSbSfAgLjiaXHFJ0o0V46hn6ZaE8dLzL7A4BS4nM8EwAA",
  deflate: "eJyt2DtSwzAQBuA+p9ARtA/JMufgApAYEggxBMKroqaFkhk6ZqjoqOh8k5yAIzCM9fsE/wV25F19uyuvV5suxINwuOzC1W41Pw/H2/5uE076+3C2u7i8Dv1ttw03yy6sjx4fwqI/Dfun1zD8bIav+fC9GD7D/u0l/L5/PIc4W/+HE1I4GcMpKZyP4YwUrh3DOetj8xgvkeJpGuNlUjyr52tY1aj5K6R4uZa3JcUr9fYJC4dE8KD5UJyRRUS8ZlFYSiTXOgsNSltvotCowIqwsGjCGVlctCCPLDCmqDWLjGV0bJYZhxllmXHHGWljpdQ8KstM0lprZZlJTb2PyjKTYUZZZvJ0RpaZZsojy0wz1Zo2ZnAfjWWmhRljmWnh2mhzJqL5GG3QRHRIo00aQRs3FhuZZo2x3IhiIBoLjhimtrHkiGO1MBYdSdh/nLajZeBx2pKWsUk6TU+DZddpegr2ceftaXgyOG1Ri9DjtE1N8PBy2qqmEblk6VGLqDhLj3qs9zKx9GiCnsTSo3k6JUuPNshlYunRgoonlh5tpx8CLD026Um0nwIC44mlxxSdKNFeOoZ+mWhPHS8y+wOVbdmH",
  "deflate-raw": "rdg7UsMwEAbgPqfQEbQPyTLn4AKQGBIIMQTCq6KmhZIZOmao6KjofJOcgCMwjPX7BP8FduRdfbsrr1ebLsSDcLjswtVuNT8Px9v+bhNO+vtwtru4vA79bbcNN8surI8eH8KiPw37p9cw/GyGr/nwvRg+w/7tJfy+fzyHOFv/hxNSOBnDKSmcj+GMFK4dwznrY/MYL5HiaRrjZVI8q+drWNWo+SukeLmWtyXFK/X2CQuHRPCg+VCckUVEvGZRWEok1zoLDUpbb6LQqMCKsLBowhlZXLQgjywwpqg1i4xldGyWGYcZZZlxxxlpY6XUPCrLTNJaa2WZSU29j8oyk2FGWWbydEaWmWbKI8tMM9WaNmZwH41lpoUZY5lp4dpocyai+Rht0ER0SKNNGkEbNxYbmWaNsdyIYiAaC44Yprax5IhjtTAWHUnYf5y2o2XgcdqSlrFJOk1Pg2XXaXoK9nHn7Wl4MjhtUYvQ47RNTfDwctqqphG5ZOlRi6g4S496rPcysfRogp7E0qN5OiVLjzbIZWLp0YKKJ5YebacfAiw9NulJtJ8CAuOJpccUnSjRXjqGfploTx0vMvsD",
};
// zlib.gzipSync(Buffer.alloc(0)) etc.
const nodeEmpty = { gzip: "H4sIAAAAAAAAAwMAAAAAAAAAAAA=", deflate: "eJwDAAAAAAE=", "deflate-raw": "AwA=" };
const formats = ["gzip", "deflate", "deflate-raw"];

// Checks the framing of our output against the RFCs and returns the deflate payload.
function checkFraming(format, bytes, original) {
  if (format === "gzip") {
    assertEq(bytes[0], 0x1f, "gzip ID1");
    assertEq(bytes[1], 0x8b, "gzip ID2");
    assertEq(bytes[2], 8, "gzip CM is deflate");
    assertEq(bytes[3], 0, "gzip FLG: no optional fields");
    assertEq(le32(bytes, bytes.length - 8), crc32(original), "gzip CRC32 trailer");
    assertEq(le32(bytes, bytes.length - 4), original.length, "gzip ISIZE trailer");
  } else if (format === "deflate") {
    assertEq(bytes[0] & 0x0f, 8, "zlib CM is deflate");
    assertEq(bytes[0] >> 4, 7, "zlib CINFO is a 32K window");
    assertEq(((bytes[0] << 8) | bytes[1]) % 31, 0, "zlib FCHECK");
    assertEq(bytes[1] & 0x20, 0, "zlib FDICT not set");
    assertEq(be32(bytes, bytes.length - 4), adler32(original), "zlib Adler-32 trailer");
  } else {
    assert(bytes[0] !== 0x1f && bytes[0] !== 0x78, "deflate-raw has no header");
  }
}

async function main() {
  // Node's output decompresses to the text, whole and one byte at a time.
  for (const format of formats) {
    const compressed = fromBase64(nodeOutput[format]);
    const whole = await decompress(format, [compressed]);
    assertEq(new TextDecoder().decode(whole), text, `${format}: Node's output decompresses`);
    const bytewise = [];
    for (let i = 0; i < compressed.length; i++) bytewise.push(compressed.subarray(i, i + 1));
    assert(equalBytes(await decompress(format, bytewise), input), `${format}: one byte per chunk`);
    assertEq((await decompress(format, [fromBase64(nodeEmpty[format])])).length, 0,
      `${format}: Node's empty stream decompresses to nothing`);
    console.log(`${format}: Node's ${compressed.length} bytes decompress to ${whole.length}`);
  }

  // Our output: valid framing, smaller than the input, round trips, in any chunking.
  for (const format of formats) {
    const compressed = await compress(format, [input]);
    checkFraming(format, compressed, input);
    assert(compressed.length < input.length / 2, `${format}: the text compresses`);
    assert(equalBytes(await decompress(format, [compressed]), input), `${format}: round trip`);
    const chunked = await compress(format, [input.subarray(0, 1), input.subarray(1, 1000), new Uint8Array(0),
      input.subarray(1000, 4000), input.subarray(4000)]);
    checkFraming(format, chunked, input);
    assert(equalBytes(await decompress(format, [chunked.subarray(0, 3), chunked.subarray(3)]), input),
      `${format}: chunked round trip`);
    // Empty input still makes a complete stream.
    const empty = await compress(format, []);
    checkFraming(format, empty, new Uint8Array(0));
    assertEq((await decompress(format, [empty])).length, 0, `${format}: empty round trip`);
    const emptyChunks = await compress(format, [new Uint8Array(0), new ArrayBuffer(0)]);
    assertEq((await decompress(format, [emptyChunks])).length, 0, `${format}: empty chunks`);
    console.log(`${format}: round trips, the empty stream is ${empty.length} bytes`);
  }

  // Every BufferSource kind, including views at an offset.
  const backing = new ArrayBuffer(input.length + 16);
  new Uint8Array(backing, 8, input.length).set(input);
  const sources = {
    ArrayBuffer: input.slice().buffer,
    Uint8Array: new Uint8Array(backing, 8, input.length),
    DataView: new DataView(backing, 8, input.length),
    Uint16Array: new Uint16Array(input.slice().buffer),  // 4924 is even
    Float64Array: new Float64Array(input.slice(0, 4920).buffer),
  };
  for (const [name, source] of Object.entries(sources)) {
    const expected = name === "Float64Array" ? input.subarray(0, 4920) : input;
    const out = await decompress("deflate", [await compress("deflate", [source])]);
    assert(equalBytes(out, expected), `${name} chunks are compressed as their bytes`);
    const compressed = await compress("gzip", [input]);
    const copy = new ArrayBuffer(compressed.length + 4);
    new Uint8Array(copy, 4).set(compressed);
    const viewSource = name === "DataView" ? new DataView(copy, 4) : name === "ArrayBuffer" ? compressed.slice().buffer
      : new Uint8Array(copy, 4);
    assert(equalBytes(await decompress("gzip", [viewSource]), input), `${name}: decompression input`);
  }
  console.log("BufferSource kinds: ok");

  // Output chunks own their buffers (no sharing of one big buffer).
  const pieces = await run(new DecompressionStream("gzip"), [await compress("gzip", [new Uint8Array(300000)])]);
  assert(pieces.length > 1, "large output comes in several chunks");
  for (const piece of pieces) assertEq(piece.byteOffset, 0, "output chunks start their buffer");
  assertEq(concat(pieces).length, 300000, "all of the output");

  // Chunks that are not BufferSources error both sides with a TypeError.
  const badChunks = [undefined, null, 3.14, "text", {}, [65], new SharedArrayBuffer(4),
    new Uint8Array(new SharedArrayBuffer(4))];
  for (const Stream of [CompressionStream, DecompressionStream]) {
    for (const chunk of badChunks) {
      const stream = new Stream("deflate");
      const writer = stream.writable.getWriter();
      const reader = stream.readable.getReader();
      // The write only runs once the readable side is pulled (no backpressure).
      const writePromise = writer.write(chunk);
      const readPromise = reader.read();
      const error = await assertRejects(writePromise, TypeError, `${Stream.name}: bad chunk ${String(chunk)}`);
      await assertRejects(readPromise, TypeError, `${Stream.name}: read after a bad chunk`);
      await assertRejects(writer.closed, TypeError, `${Stream.name}: writable errored`);
      if (chunk === 3.14) console.log(`${Stream.name} bad chunk: ${error.message}`);
    }
  }

  // Constructor: formats, argument conversion, errors that name the format.
  for (const Stream of [CompressionStream, DecompressionStream]) {
    assertThrows(() => new Stream(), TypeError, /1 argument required/, `${Stream.name}() needs a format`);
    assertThrows(() => new Stream("brotli-x"), TypeError, /'brotli-x'/, `${Stream.name}: unknown format named`);
    assertThrows(() => new Stream("GZIP"), TypeError, /'GZIP'/, `${Stream.name}: formats are case-sensitive`);
    assertThrows(() => new Stream(undefined), TypeError, /'undefined'/, `${Stream.name}(undefined)`);
    assertThrows(() => new Stream(Symbol()), TypeError, null, `${Stream.name}(Symbol)`);
    assertThrows(() => Stream("gzip"), TypeError, null, `${Stream.name} needs new`);
    const stringish = { toString: () => "deflate-raw" };
    const stream = new Stream(stringish);
    assert(stream.readable instanceof ReadableStream, `${Stream.name}.readable`);
    assert(stream.writable instanceof WritableStream, `${Stream.name}.writable`);
    assertEq(stream.readable, stream.readable, `${Stream.name}.readable is the same object each time`);
    assertEq(stream.writable, stream.writable, `${Stream.name}.writable is the same object each time`);
    assertEq(Object.prototype.toString.call(stream), `[object ${Stream.name}]`, `${Stream.name} toStringTag`);
    assertEq(Object.keys(stream).length, 0, `${Stream.name} has no own properties`);
    const getter = Object.getOwnPropertyDescriptor(Stream.prototype, "readable");
    assert(getter.enumerable && getter.configurable && !getter.set, `${Stream.name}.readable is a WebIDL attribute`);
    assertThrows(() => getter.get.call({}), TypeError, /Illegal invocation/, `${Stream.name}.readable brand check`);
    assertThrows(() => Object.getOwnPropertyDescriptor(Stream.prototype, "writable").get.call(new TransformStream()),
      TypeError, /Illegal invocation/, `${Stream.name}.writable brand check`);
    const global = Object.getOwnPropertyDescriptor(globalThis, Stream.name);
    assert(global.writable && global.configurable && !global.enumerable, `${Stream.name} global is WebIDL-style`);
    assertEq(Stream.length, 1, `${Stream.name}.length`);
  }
  assertThrows(() => Object.getOwnPropertyDescriptor(CompressionStream.prototype, "readable").get
    .call(new DecompressionStream("gzip")), TypeError, /Illegal invocation/, "brands are per interface");
  try {
    new CompressionStream("zip");
  } catch (error) {
    console.log(`unknown format: ${error.message}`);
  }

  // A user-patched TransformStream or enqueue does not affect the streams.
  const savedEnqueue = TransformStreamDefaultController.prototype.enqueue;
  const savedTransformStream = globalThis.TransformStream;
  TransformStreamDefaultController.prototype.enqueue = () => { throw new Error("patched"); };
  globalThis.TransformStream = function () { throw new Error("patched"); };
  try {
    assert(equalBytes(await decompress("gzip", [await compress("gzip", [input])]), input), "immune to patching");
  } finally {
    TransformStreamDefaultController.prototype.enqueue = savedEnqueue;
    globalThis.TransformStream = savedTransformStream;
  }

  console.log(`${checks} checks passed`);
}

main().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
