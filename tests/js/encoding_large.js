// TextEncoder/TextDecoder with a 50 MB string: whole, and streamed in chunks
// that split multi-byte characters; content checked, not just lengths.
"use strict";
function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
// FNV-1a over every 7th code unit plus the length: cheap, but sensitive to shifts.
function digest(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 7) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return `${s.length}:${h.toString(16)}`;
}

const unit = "abc \u00e9\u00df \u4e2d\u6587 \u{1F600}\u{10FFFF}\n";  // 1, 2, 3 and 4-byte UTF-8
const text = unit.repeat(Math.ceil(50e6 / unit.length));
assert(text.length >= 50e6, "the input is at least 50M code units");
const unitBytes = new TextEncoder().encode(unit).length;

const encoded = new TextEncoder().encode(text);
assert(encoded.length === unitBytes * (text.length / unit.length), `encoded length ${encoded.length}`);
assert(encoded.buffer.byteLength === encoded.length, "backing store sized exactly");
const tail = new TextDecoder().decode(encoded.subarray(encoded.length - unitBytes));
assert(tail === unit, "the last unit encodes correctly");

const decoded = new TextDecoder().decode(encoded);
assert(decoded.length === text.length, "decoded length");
assert(decoded.slice(0, 1000) === text.slice(0, 1000), "decoded head");
assert(decoded.slice(25e6, 25e6 + 1000) === text.slice(25e6, 25e6 + 1000), "decoded middle");
assert(digest(decoded) === digest(text), "decoded digest");
assert(decoded === text, "decoded text equals the input");

// Streamed in odd-sized chunks, so characters are split at chunk edges.
const streaming = new TextDecoder();
const parts = [];
for (let i = 0; i < encoded.length; i += 1048573) {
  parts.push(streaming.decode(encoded.subarray(i, i + 1048573), { stream: true }));
}
parts.push(streaming.decode());
const joined = parts.join("");
assert(joined === text, "streamed decode equals the input");

// encodeInto a destination two bytes short: the text ends "\u{10FFFF}\n", so the
// 4-byte character must not be split and neither of the two is written.
const destination = new Uint8Array(encoded.length - 2);
const result = new TextEncoder().encodeInto(text, destination);
assert(result.written === encoded.length - 5, `encodeInto written ${result.written}`);
assert(result.read === text.length - 3, `encodeInto read ${result.read}`);
assert(destination.subarray(result.written).every((b) => b === 0), "no partial character");
assert(destination[result.written - 1] === encoded[result.written - 1], "last written byte");

// UTF-16LE of the same text.
const utf16 = new Uint16Array(text.length);
for (let i = 0; i < text.length; i++) utf16[i] = text.charCodeAt(i);
assert(new TextDecoder("utf-16le").decode(utf16) === text, "utf-16le decode of 100 MB");

console.log("encoding_large: ok", digest(text));
