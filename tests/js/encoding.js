// TextEncoder / TextDecoder: UTF-8 and UTF-16 transcoding, streaming, BOMs,
// fatal mode, encodeInto, labels, WebIDL conversions and brand checks.
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
function assertEq(actual, expected, message) {
  assert(Object.is(actual, expected), `${message}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}
function assertBytes(actual, expected, message) {
  assert(actual instanceof Uint8Array, `${message}: not a Uint8Array`);
  assertEq(Array.from(actual).join(","), expected.join(","), message);
}
function assertThrows(fn, type, pattern, message) {
  try {
    fn();
  } catch (error) {
    assert(error instanceof type, `${message}: wrong error ${error}`);
    if (pattern) assert(pattern.test(error.message), `${message}: message ${JSON.stringify(error.message)}`);
    return;
  }
  assert(false, `${message}: did not throw`);
}
const bytes = (...values) => new Uint8Array(values);

// --- TextEncoder
const encoder = new TextEncoder();
assertEq(encoder.encoding, "utf-8", "TextEncoder.encoding");
assertBytes(encoder.encode(), [], "encode() defaults to the empty string");
assertBytes(encoder.encode(undefined), [], "encode(undefined)");
assertBytes(encoder.encode("A\u00e9\u20ac\u{1F600}"), [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], "1-4 byte sequences");
assertBytes(encoder.encode("\uD800"), [0xef, 0xbf, 0xbd], "lone lead surrogate -> U+FFFD");
assertBytes(encoder.encode("a\uDC00b\uD800"), [0x61, 0xef, 0xbf, 0xbd, 0x62, 0xef, 0xbf, 0xbd], "lone trail surrogates -> U+FFFD");
assertBytes(encoder.encode(null), [0x6e, 0x75, 0x6c, 0x6c], "encode(null) encodes \"null\"");
assertBytes(encoder.encode(12), [0x31, 0x32], "encode(12)");
assertEq(encoder.encode("x").buffer.byteLength, 1, "the backing store is exactly the encoded size");
assertThrows(() => encoder.encode(Symbol()), TypeError, /symbol/, "encode(Symbol) is a TypeError");

// encodeInto: read counts UTF-16 code units, characters are never split.
function encodeInto(source, size) {
  const destination = new Uint8Array(size).fill(0xaa);
  const result = encoder.encodeInto(source, destination);
  assertEq(Object.getPrototypeOf(result), Object.prototype, "encodeInto returns a plain object");
  return [result.read, result.written, Array.from(destination)];
}
assertEq(JSON.stringify(encodeInto("Hi", 0)), JSON.stringify([0, 0, []]), "empty destination");
assertEq(JSON.stringify(encodeInto("\u{1F600}", 3)), JSON.stringify([0, 0, [0xaa, 0xaa, 0xaa]]), "no room for a 4-byte character");
assertEq(JSON.stringify(encodeInto("a\u{1F600}b", 5)), JSON.stringify([3, 5, [0x61, 0xf0, 0x9f, 0x98, 0x80]]), "surrogate pair counts 2 read");
assertEq(JSON.stringify(encodeInto("\u00e9\u00e9", 3)), JSON.stringify([1, 2, [0xc3, 0xa9, 0xaa]]), "stops before a 2-byte character that does not fit");
assertEq(JSON.stringify(encodeInto("\uD800x", 4)), JSON.stringify([2, 4, [0xef, 0xbf, 0xbd, 0x78]]), "lone surrogate becomes EF BF BD");
assertEq(JSON.stringify(encodeInto("\uD800", 2)), JSON.stringify([0, 0, [0xaa, 0xaa]]), "replacement needs 3 bytes");
{
  const big = new Uint8Array(8);
  const view = big.subarray(2, 5);
  const result = encoder.encodeInto("abcdef", view);
  assertEq(`${result.read}/${result.written}`, "3/3", "encodeInto a subarray");
  assertBytes(big, [0, 0, 0x61, 0x62, 0x63, 0, 0, 0], "writes only inside the view");
  const shared = new Uint8Array(new SharedArrayBuffer(4));
  assertEq(encoder.encodeInto("\u20ac", shared).written, 3, "SharedArrayBuffer-backed destination");
}
assertThrows(() => encoder.encodeInto("a", new Uint16Array(4)), TypeError, /Uint8Array/, "destination must be a Uint8Array");
assertThrows(() => encoder.encodeInto("a"), TypeError, /2 arguments required/, "encodeInto needs 2 arguments");

// --- TextDecoder basics and labels
const decoder = new TextDecoder();
assertEq(decoder.encoding, "utf-8", "default encoding");
assertEq(decoder.fatal, false, "fatal defaults to false");
assertEq(decoder.ignoreBOM, false, "ignoreBOM defaults to false");
assertEq(decoder.decode(), "", "decode() with no input");
assertEq(decoder.decode(bytes(0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)), "h\u00e9\u20ac\u{1F600}", "UTF-8 decode");
for (const [label, name] of [
  ["utf8", "utf-8"], [" \t\n\f\rUTF-8\r\n", "utf-8"], ["unicode-1-1-utf-8", "utf-8"], ["X-Unicode20UTF8", "utf-8"],
  ["utf-16", "utf-16le"], ["UTF-16LE", "utf-16le"], ["ucs-2", "utf-16le"], ["csunicode", "utf-16le"],
  ["unicodefeff", "utf-16le"], ["utf-16be", "utf-16be"], ["unicodeFFFE", "utf-16be"],
]) {
  assertEq(new TextDecoder(label).encoding, name, `label ${JSON.stringify(label)}`);
}
for (const label of ["utf-7", "utf-32", "\u00a0utf-8", "utf-8\v", "replacement", "", "\u212Aoi8-u", "utf 8"]) {
  assertThrows(() => new TextDecoder(label), RangeError, /label provided .* is invalid/, `label ${JSON.stringify(label)} is rejected`);
}
assertThrows(() => new TextDecoder("bogus-label"), RangeError, /'bogus-label'/, "RangeError names the label");
assertThrows(() => new TextDecoder("utf-8", 3), TypeError, /dictionary/, "options must be a dictionary");
assertEq(new TextDecoder("utf-8", null).fatal, false, "null options");
{
  const d = new TextDecoder("utf-16", { fatal: 1, ignoreBOM: "yes" });
  assertEq(d.fatal, true, "fatal is converted to boolean");
  assertEq(d.ignoreBOM, true, "ignoreBOM is converted to boolean");
}

// Invalid UTF-8 -> U+FFFD per maximal subpart.
const R = "\uFFFD";
for (const [input, expected, what] of [
  [[0x80], R, "lone continuation"],
  [[0xc0, 0x80], R + R, "overlong C0"],
  [[0xe0, 0x80, 0x80], R + R + R, "overlong E0"],
  [[0xed, 0xa0, 0x80], R + R + R, "encoded surrogate"],
  [[0xf4, 0x90, 0x80, 0x80], R + R + R + R, "above U+10FFFF"],
  [[0xf0, 0x9f, 0x98, 0x41], R + "A", "truncated 4-byte sequence is one U+FFFD"],
  [[0xe2, 0x82], R, "truncated at end of input"],
  [[0xff, 0x41, 0xfe], R + "A" + R, "FF and FE"],
]) {
  assertEq(decoder.decode(new Uint8Array(input)), expected, `replacement: ${what}`);
}

// Fatal mode.
const fatal = new TextDecoder("utf-8", { fatal: true });
assertThrows(() => fatal.decode(bytes(0x61, 0xff)), TypeError, /not valid for encoding utf-8/, "fatal utf-8 throws");
assertEq(fatal.decode(bytes(0x61, 0x62)), "ab", "a fatal decoder keeps working after an error");
assertThrows(() => fatal.decode(bytes(0xe2, 0x82)), TypeError, /not valid/, "fatal: truncated sequence at end");
assertEq(fatal.decode(bytes(0xe2, 0x82), { stream: true }), "", "fatal: truncated sequence while streaming is pending");
assertThrows(() => fatal.decode(), TypeError, /not valid/, "fatal: flushing an incomplete sequence throws");
assertThrows(() => fatal.decode(bytes(0x41, 0xe0, 0x80), { stream: true }), TypeError, /not valid/,
  "fatal: an impossible prefix throws immediately while streaming");

// Streaming: a multi-byte character split across calls, byte by byte.
{
  const source = "a\u00e9\u20ac\u{1F600}z";
  const encoded = encoder.encode(source);
  const streaming = new TextDecoder();
  let out = "";
  for (let i = 0; i < encoded.length; i++) out += streaming.decode(encoded.subarray(i, i + 1), { stream: true });
  out += streaming.decode();
  assertEq(out, source, "utf-8 decoded one byte per call");
  assertEq(streaming.decode(bytes(0xf0, 0x9f), { stream: true }), "", "first half of an emoji");
  assertEq(streaming.decode(bytes(0x98, 0x80, 0x21), { stream: true }), "\u{1F600}!", "second half of an emoji");
  assertEq(streaming.decode(bytes(0xe2, 0x82), { stream: true }), "", "pending again");
  assertEq(streaming.decode(), R, "end of stream flushes pending bytes as U+FFFD");
  assertEq(streaming.decode(bytes(0xac)), R, "a new stream does not see old pending bytes");
}
{
  // Input copied: changing the buffer after decode() does not change pending bytes.
  const d = new TextDecoder();
  const buffer = bytes(0xe2, 0x82);
  assertEq(d.decode(buffer, { stream: true }), "", "pending");
  buffer[0] = buffer[1] = 0;
  assertEq(d.decode(bytes(0xac)), "\u20ac", "pending bytes were copied");
}

// BOM handling.
const bom = [0xef, 0xbb, 0xbf];
assertEq(decoder.decode(bytes(...bom, 0x41)), "A", "utf-8 BOM is removed");
assertEq(decoder.decode(bytes(...bom, ...bom, 0x41)), "\uFEFFA", "only the first BOM is removed");
assertEq(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes(...bom, 0x41)), "\uFEFFA", "ignoreBOM keeps it");
assertEq(decoder.decode(bytes(0x41, ...bom)), "A\uFEFF", "a BOM later in the stream is content");
{
  const d = new TextDecoder();
  assertEq(d.decode(bytes(0xef), { stream: true }), "", "BOM split: first byte");
  assertEq(d.decode(bytes(0xbb, 0xbf, 0x41), { stream: true }), "A", "BOM split across calls is still removed");
  assertEq(d.decode(bytes(...bom, 0x42), { stream: true }), "\uFEFFB", "BOM once per stream");
  assertEq(d.decode(bytes(...bom, 0x43)), "\uFEFFC", "still the same stream");
  assertEq(d.decode(bytes(...bom, 0x44)), "D", "a new stream removes its BOM again");
}

// UTF-16LE / UTF-16BE.
const le = new TextDecoder("utf-16le");
const be = new TextDecoder("utf-16be");
assertEq(le.decode(bytes(0x41, 0x00, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde)), "A\u20ac\u{1F600}", "utf-16le");
assertEq(be.decode(bytes(0x00, 0x41, 0x20, 0xac, 0xd8, 0x3d, 0xde, 0x00)), "A\u20ac\u{1F600}", "utf-16be");
assertEq(le.decode(bytes(0xff, 0xfe, 0x41, 0x00)), "A", "utf-16le BOM removed");
assertEq(be.decode(bytes(0xfe, 0xff, 0x00, 0x41)), "A", "utf-16be BOM removed");
assertEq(le.decode(bytes(0xfe, 0xff, 0x41, 0x00)), "\uFFFEA", "the other byte order's BOM is content");
assertEq(new TextDecoder("utf-16le", { ignoreBOM: true }).decode(bytes(0xff, 0xfe)), "\uFEFF", "utf-16 ignoreBOM");
assertEq(le.decode(bytes(0x41, 0x00, 0x42)), "A" + R, "odd trailing byte -> U+FFFD");
assertEq(le.decode(bytes(0x00, 0xd8, 0x41, 0x00)), R + "A", "lone lead surrogate");
assertEq(le.decode(bytes(0x00, 0xdc, 0x00, 0xdc)), R + R, "lone trail surrogates");
assertEq(le.decode(bytes(0x00, 0xd8)), R, "lead surrogate at end of input");
assertEq(le.decode(bytes(0x00, 0xd8, 0x41)), R, "lead surrogate and odd byte at end are one error");
assertEq(le.decode(new Uint16Array([0x68, 0x69]).subarray(1)), "i", "a Uint16Array view at an offset");
assertEq(le.decode(new Uint8Array([0, 0x68, 0, 0x69, 0]).subarray(1, 5)), "hi", "an unaligned view");
{
  const d = new TextDecoder("utf-16le");
  const units = bytes(0x3d, 0xd8, 0x00, 0xde, 0x41, 0x00);
  let out = "";
  for (let i = 0; i < units.length; i++) out += d.decode(units.subarray(i, i + 1), { stream: true });
  out += d.decode();
  assertEq(out, "\u{1F600}A", "utf-16le one byte per call, surrogate pair split");
  assertEq(d.decode(bytes(0x41), { stream: true }), "", "odd byte pending");
  assertEq(d.decode(), R, "odd byte flushed as U+FFFD");
  const b = new TextDecoder("utf-16be");
  assertEq(b.decode(bytes(0xfe), { stream: true }), "", "utf-16be BOM split");
  assertEq(b.decode(bytes(0xff, 0x00), { stream: true }), "", "BOM consumed, half a unit pending");
  assertEq(b.decode(bytes(0x42)), "B", "utf-16be stream end");
}
const fatal16 = new TextDecoder("utf-16be", { fatal: true });
assertThrows(() => fatal16.decode(bytes(0xd8, 0x00, 0x00, 0x41)), TypeError, /not valid for encoding utf-16be/, "fatal utf-16be lone surrogate");
assertThrows(() => fatal16.decode(bytes(0x00, 0x41, 0x00)), TypeError, /utf-16be/, "fatal utf-16be odd length");
assertEq(fatal16.decode(bytes(0x00, 0x41, 0xd8, 0x3d), { stream: true }), "A", "fatal: pending lead surrogate is not an error yet");
assertEq(fatal16.decode(bytes(0xde, 0x00)), "\u{1F600}", "fatal: ...and completes");

// Input types.
const hi = [0x68, 0x69];
assertEq(decoder.decode(new Uint8Array(hi).buffer), "hi", "ArrayBuffer");
assertEq(decoder.decode(new DataView(new Uint8Array([0, ...hi]).buffer, 1)), "hi", "DataView with offset");
assertEq(decoder.decode(new Int8Array(hi)), "hi", "Int8Array");
{
  const shared = new Uint8Array(new SharedArrayBuffer(2));
  shared.set(hi);
  assertEq(decoder.decode(shared.buffer), "hi", "SharedArrayBuffer");
  assertEq(decoder.decode(shared), "hi", "view on a SharedArrayBuffer");
}
assertThrows(() => decoder.decode("hi"), TypeError, /ArrayBuffer/, "a string is not a BufferSource");
assertThrows(() => decoder.decode([0x68]), TypeError, /ArrayBuffer/, "an array is not a BufferSource");
assertEq(decoder.decode(null === undefined ? 0 : undefined, { stream: false }), "", "undefined input");
assertThrows(() => decoder.decode(new Uint8Array(1), 5), TypeError, /dictionary/, "decode options must be a dictionary");

// Round trip of every scalar value class.
{
  let all = "";
  for (let cp = 0; cp < 0x110000; cp += cp < 0x800 ? 1 : 97) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    all += String.fromCodePoint(cp);
  }
  assertEq(new TextDecoder().decode(encoder.encode(all)), all, "utf-8 round trip across the code space");
  const utf16 = new Uint16Array(all.length);
  for (let i = 0; i < all.length; i++) utf16[i] = all.charCodeAt(i);
  assertEq(new TextDecoder("utf-16le").decode(utf16), all, "utf-16le round trip across the code space");
}

// Interfaces, brands and globals.
assertThrows(() => TextDecoder.prototype.decode.call({}), TypeError, /Illegal invocation/, "decode brand check");
assertThrows(() => TextEncoder.prototype.encode.call(new TextDecoder()), TypeError, /Illegal invocation/, "encode brand check");
assertThrows(() => Object.getOwnPropertyDescriptor(TextDecoder.prototype, "encoding").get.call(TextDecoder.prototype),
  TypeError, /Illegal invocation/, "encoding getter on the prototype");
assertThrows(() => TextDecoder(), TypeError, null, "TextDecoder needs new");
assertEq(Object.prototype.toString.call(new TextEncoder()), "[object TextEncoder]", "TextEncoder toStringTag");
assertEq(Object.prototype.toString.call(decoder), "[object TextDecoder]", "TextDecoder toStringTag");
assertEq(Object.keys(TextDecoder.prototype).join(), "encoding,fatal,ignoreBOM,decode", "TextDecoder members are enumerable");
assertEq(Object.keys(TextEncoder.prototype).join(), "encoding,encode,encodeInto", "TextEncoder members are enumerable");
assertEq(Object.keys(globalThis).includes("TextDecoder"), false, "globals are not enumerable");
assertEq(TextDecoder.length, 0, "TextDecoder.length");
assertEq(TextEncoder.prototype.encodeInto.length, 2, "encodeInto.length");

console.log(checks > 150 ? "encoding: ok" : `encoding: only ${checks} checks ran`);
