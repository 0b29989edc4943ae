// TextEncoderStream and TextDecoderStream: surrogate pairs and multi-byte
// characters split across chunks, flush behaviour, labels, fatal, ignoreBOM,
// chunk conversion and errors, attributes and brand checks.
import { checks, assert, assertEq, assertThrows } from "./fixtures/assert.mjs";
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

// Writes the chunks and returns the output chunks, or { error } when the stream errors.
async function run(stream, chunks) {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  for (const chunk of chunks) writer.write(chunk).catch(() => {});
  writer.close().catch(() => {});
  const out = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return out;
      out.push(value);
    }
  } catch (error) {
    return { error };
  }
}
const encode = async (chunks) => (await run(new TextEncoderStream(), chunks)).map(hex);
const decode = async (chunks, label, options) => run(new TextDecoderStream(label, options), chunks);
const bytes = (...values) => new Uint8Array(values);

async function main() {
  // --- TextEncoderStream
  const te = new TextEncoderStream();
  assertEq(te.encoding, "utf-8", "TextEncoderStream.encoding");
  assert(te.readable instanceof ReadableStream && te.writable instanceof WritableStream, "readable/writable");
  assertEq(te.readable, te.readable, "readable is stable");

  assertEq((await encode(["a", "é€"])).join(" | "), "61 | c3 a9 e2 82 ac", "one output chunk per input chunk");
  assertEq((await encode(["\uD83D", "\uDE00"])).join(" | "), "f0 9f 98 80", "surrogate pair split across chunks");
  assertEq((await encode(["a\uD83D", "\uDE00b"])).join(" | "), "61 | f0 9f 98 80 62", "pair split mid-text");
  assertEq((await encode(["\uD83D", "", "\uDE00"])).join(" | "), "f0 9f 98 80", "an empty chunk between the halves");
  assertEq((await encode(["\uD83D"])).join(" | "), "ef bf bd", "lead surrogate at the end: U+FFFD on flush");
  assertEq((await encode(["x\uD83D"])).join(" | "), "78 | ef bf bd", "text then a lead surrogate at the end");
  assertEq((await encode(["\uD83D", "x"])).join(" | "), "ef bf bd 78", "lead surrogate then no trail");
  assertEq((await encode(["\uD83D", "\uD83D", "\uDE00"])).join(" | "), "ef bf bd | f0 9f 98 80", "two leads, one pair");
  assertEq((await encode(["\uDE00"])).join(" | "), "ef bf bd", "lone trail surrogate");
  assertEq((await encode(["\uDE00\uD83D"])).join(" | "), "ef bf bd | ef bf bd", "trail then lead");
  assertEq((await encode([""])).length, 0, "an empty chunk gives no output");
  assertEq((await encode([])).length, 0, "no chunks, no output");
  assertEq((await encode([3.14, null, undefined, ["hi"]])).join(" | "), "33 2e 31 34 | 6e 75 6c 6c | 75 6e 64 65 66 69 6e 65 64 | 68 69",
    "chunks are converted to strings");
  const encoded = await run(new TextEncoderStream(), ["x"]);
  assert(encoded[0] instanceof Uint8Array, "TextEncoderStream outputs Uint8Arrays");
  const symbolResult = await run(new TextEncoderStream(), [Symbol("s")]);
  assert(symbolResult.error instanceof TypeError, "a Symbol chunk errors the stream with a TypeError");
  const thrower = new Error("toString");
  const throwResult = await run(new TextEncoderStream(), [{ toString() { throw thrower; } }]);
  assertEq(throwResult.error, thrower, "a chunk whose conversion throws errors the stream with that error");
  console.log(`encoder: ${(await encode(["I \uD83D", "\uDC99 streams"])).join(" | ")}`);

  // --- TextDecoderStream
  const td = new TextDecoderStream();
  assertEq(td.encoding, "utf-8", "default encoding");
  assertEq(td.fatal, false, "default fatal");
  assertEq(td.ignoreBOM, false, "default ignoreBOM");
  const td2 = new TextDecoderStream(" \tUTF8\n", { fatal: 1, ignoreBOM: "yes" });
  assertEq(td2.encoding, "utf-8", "labels are trimmed and case-insensitive");
  assertEq(td2.fatal, true, "fatal is converted to boolean");
  assertEq(td2.ignoreBOM, true, "ignoreBOM is converted to boolean");
  assertEq(new TextDecoderStream("unicode-1-1-utf-8").encoding, "utf-8", "utf-8 alias");
  assertEq(new TextDecoderStream("utf-16").encoding, "utf-16le", "utf-16 is utf-16le");
  assertEq(new TextDecoderStream("utf-16be").encoding, "utf-16be", "utf-16be");
  assertThrows(() => new TextDecoderStream("no-such-encoding"), RangeError, /'no-such-encoding'/, "invalid label");
  assertThrows(() => new TextDecoderStream("utf-8", 5), TypeError, null, "options must be a dictionary");
  assertThrows(() => new TextDecoderStream(Symbol()), TypeError, null, "Symbol label");

  const fox = [0xf0, 0x9f, 0xa6, 0x8a];
  assertEq((await decode([bytes(...fox)])).join("|"), "\u{1F98A}", "one chunk");
  assertEq((await decode(fox.map((b) => bytes(b)))).join("|"), "\u{1F98A}", "a 4-byte character one byte at a time");
  assertEq((await decode([bytes(0x61, 0xf0, 0x9f), bytes(0xa6, 0x8a, 0x62)])).join("|"), "a|\u{1F98A}b",
    "a character split across chunks");
  assertEq((await decode([bytes(0x61, 0xf0, 0x9f)])).join("|"), "a|\uFFFD", "incomplete at the end: U+FFFD on flush");
  assertEq((await decode([bytes(0xff, 0x61)])).join("|"), "\uFFFDa", "invalid byte replaced");
  assertEq((await decode([bytes()])).length, 0, "empty chunk: no output");
  assertEq((await decode([bytes(0xef, 0xbb), bytes(0xbf, 0x61)])).join("|"), "a", "BOM split across chunks is removed");
  assertEq((await decode([bytes(0xef, 0xbb, 0xbf, 0x61)], "utf-8", { ignoreBOM: true })).join("|"), "\uFEFFa",
    "ignoreBOM keeps the BOM");
  assertEq((await decode([bytes(0x61), bytes(0xef, 0xbb, 0xbf)])).join("|"), "a|\uFEFF", "only a leading BOM is removed");
  assertEq((await decode([bytes(0xff, 0xfe, 0x3e), bytes(0xd8, 0x8a, 0xdd)], "utf-16le")).join("|"), "\u{1F98A}",
    "utf-16le with BOM, pair split across chunks");
  assertEq((await decode([bytes(0x00, 0x61, 0x00)], "utf-16be")).join("|"), "a|\uFFFD", "utf-16be odd byte at the end");

  const fatal = await decode([bytes(0x61), bytes(0xff)], "utf-8", { fatal: true });
  assert(fatal.error instanceof TypeError, "fatal: invalid bytes error the stream with a TypeError");
  const fatalEnd = await decode([bytes(0xf0, 0x9f)], "utf-8", { fatal: true });
  assert(fatalEnd.error instanceof TypeError, "fatal: incomplete input at the end is a TypeError");

  // Chunk types: any BufferSource, shared ones included; nothing else.
  const sab = new SharedArrayBuffer(2);
  new Uint8Array(sab).set([0x68, 0x69]);
  assertEq((await decode([sab])).join("|"), "hi", "SharedArrayBuffer chunk");
  assertEq((await decode([new Uint8Array(sab)])).join("|"), "hi", "view on a SharedArrayBuffer");
  assertEq((await decode([new DataView(bytes(0x6f, 0x6b).buffer)])).join("|"), "ok", "DataView chunk");
  assertEq((await decode([bytes(0x6f, 0x6b).buffer])).join("|"), "ok", "ArrayBuffer chunk");
  for (const bad of [undefined, null, 3.14, "text", {}, [65]]) {
    const result = await decode([bad]);
    assert(result.error instanceof TypeError, `chunk ${JSON.stringify(bad)} errors the stream`);
  }
  console.log(`bad chunk: ${(await decode(["text"])).error.message}`);

  // Attributes and brand checks.
  for (const [Class, names] of [[TextEncoderStream, ["encoding", "readable", "writable"]],
    [TextDecoderStream, ["encoding", "fatal", "ignoreBOM", "readable", "writable"]]]) {
    for (const name of names) {
      const desc = Object.getOwnPropertyDescriptor(Class.prototype, name);
      assert(desc && desc.get && !desc.set && desc.enumerable && desc.configurable, `${Class.name}.${name} attribute`);
      assertThrows(() => desc.get.call({}), TypeError, /Illegal invocation/, `${Class.name}.${name} brand check`);
      assertThrows(() => desc.get.call(new TransformStream()), TypeError, /Illegal invocation/,
        `${Class.name}.${name} on a TransformStream`);
    }
    assertEq(Object.prototype.toString.call(new Class()), `[object ${Class.name}]`, `${Class.name} toStringTag`);
    assertEq(Class.length, 0, `${Class.name}.length`);
    const global = Object.getOwnPropertyDescriptor(globalThis, Class.name);
    assert(global.writable && global.configurable && !global.enumerable, `${Class.name} global is WebIDL-style`);
    assertThrows(() => Class(), TypeError, null, `${Class.name} needs new`);
  }
  assertThrows(() => Object.getOwnPropertyDescriptor(TextDecoderStream.prototype, "readable").get
    .call(new TextEncoderStream()), TypeError, /Illegal invocation/, "brands are per interface");
  // The readable and writable pass the streams' own brand checks.
  assertEq(typeof ReadableStream.prototype.getReader.call(new TextDecoderStream().readable), "object", "readable brand");
  assertEq(typeof WritableStream.prototype.getWriter.call(new TextEncoderStream().writable), "object", "writable brand");

  // Patching TextDecoder afterwards changes nothing.
  const savedDecode = TextDecoder.prototype.decode;
  TextDecoder.prototype.decode = () => "patched";
  try {
    assertEq((await decode([bytes(0x6f, 0x6b)])).join("|"), "ok", "immune to a patched TextDecoder");
  } finally {
    TextDecoder.prototype.decode = savedDecode;
  }

  console.log(`${checks} checks passed`);
}

main().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
