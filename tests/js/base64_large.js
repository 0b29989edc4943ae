// btoa -> atob with 50 MB strings (one-byte and two-byte representations),
// and a large input with whitespace and an error near the end.
"use strict";
function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
function digest(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 7) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return `${s.length}:${h.toString(16)}`;
}

let block = "";
for (let i = 0; i < 256; i++) block += String.fromCharCode((i * 73) & 0xff);
block += "!";  // 257 bytes: quanta do not line up with repetitions
const binary = block.repeat(Math.ceil(50e6 / block.length));
assert(binary.length >= 50e6, "input is 50 MB");

const encoded = btoa(binary);
assert(encoded.length === Math.ceil(binary.length / 3) * 4, `encoded length ${encoded.length}`);
assert(encoded.slice(0, 16) === btoa(binary.slice(0, 12)), "encoded head");
const mid = 3 * 4000000;
assert(encoded.slice(mid / 3 * 4, mid / 3 * 4 + 16) === btoa(binary.slice(mid, mid + 12)), "encoded middle");
const decoded = atob(encoded);
assert(decoded.length === binary.length, "decoded length");
assert(digest(decoded) === digest(binary), "decoded digest");
assert(decoded === binary, "atob(btoa(x)) === x");

// The same text held as a two-byte string encodes the same.
const twoByte = ("\u0100" + binary).slice(1);
assert(btoa(twoByte) === encoded, "two-byte input");
// A character above U+00FF at the very end is found.
let failed = false;
try {
  btoa(binary + "\u0100");
} catch (error) {
  failed = error.name === "InvalidCharacterError" && error.message.includes(`index ${binary.length}`);
}
assert(failed, "btoa reports a late invalid character");

// Whitespace every 76 characters (MIME style) is ignored.
const lines = [];
for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
const wrapped = lines.join("\r\n");
assert(atob(wrapped) === binary, "atob ignores line breaks in 50 MB");
failed = false;
try {
  atob(wrapped.slice(0, -8) + "*" + wrapped.slice(-7));
} catch (error) {
  failed = error.name === "InvalidCharacterError";
}
assert(failed, "atob finds an invalid character near the end");

console.log("base64_large: ok", digest(encoded));
