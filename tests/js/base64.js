// atob/btoa: HTML forgiving-base64, WebIDL DOMString conversion, and the
// InvalidCharacterError DOMException.
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
function assertEq(actual, expected, message) {
  assert(actual === expected, `${message}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}
function assertInvalid(fn, message) {
  try {
    fn();
  } catch (error) {
    assertEq(error.name, "InvalidCharacterError", `${message}: error name`);
    if (typeof DOMException === "function") {
      assert(error instanceof DOMException, `${message}: a DOMException`);
      assertEq(error.code, 5, `${message}: INVALID_CHARACTER_ERR code`);
    }
    return error;
  }
  assert(false, `${message}: did not throw`);
}

// btoa
assertEq(btoa(""), "", "btoa of the empty string");
assertEq(btoa("f"), "Zg==", "one byte: two pad characters");
assertEq(btoa("fo"), "Zm8=", "two bytes: one pad character");
assertEq(btoa("foo"), "Zm9v", "three bytes: no padding");
assertEq(btoa("foobar"), "Zm9vYmFy", "six bytes");
assertEq(btoa("\0\xff\xfe\x80"), "AP/+gA==", "binary-safe, Latin-1 range");
assertEq(btoa("\u00e9"), "6Q==", "U+00E9 is one byte");
assertEq(btoa(undefined), "dW5kZWZpbmVk", "btoa(undefined) encodes \"undefined\"");
assertEq(btoa(null), "bnVsbA==", "btoa(null) encodes \"null\"");
assertEq(btoa(12), "MTI=", "numbers are stringified");
assertEq(btoa({ toString: () => "foo" }), "Zm9v", "objects via toString");
{
  const error = assertInvalid(() => btoa("abc\u0100"), "btoa of U+0100");
  assert(/Latin1|U\+00FF/.test(error.message), `btoa message names the problem: ${error.message}`);
  assert(/index 3/.test(error.message), `btoa message gives the index: ${error.message}`);
}
assertInvalid(() => btoa("\u{1F600}"), "btoa of an astral character");
assertInvalid(() => btoa("\u20ac"), "btoa of U+20AC");
let all = "";
for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
assertEq(atob(btoa(all)), all, "every byte round-trips");
// A two-byte string whose characters are all <= U+00FF still encodes.
const twoByte = ("\u0100" + all).slice(1);
assertEq(btoa(twoByte), btoa(all), "two-byte representation of Latin-1 text");

// atob
assertEq(atob(""), "", "atob of the empty string");
assertEq(atob("Zm9vYmFy"), "foobar", "no padding needed");
assertEq(atob("Zg=="), "f", "padded");
assertEq(atob("Zg"), "f", "padding is optional");
assertEq(atob("Zm8="), "fo", "one pad");
assertEq(atob("Zm8"), "fo", "one pad omitted");
assertEq(atob(" Z g = =\t\n\f\r"), "f", "ASCII whitespace anywhere is removed");
assertEq(atob("AP/+gA=="), "\0\xff\xfe\x80", "binary output");
assertEq(atob("YQ"), "a", "unpadded final quantum");
assertEq(atob(null), "\x9e\xe9\x65", "atob(null) decodes \"null\"");
assertEq(atob({ toString: () => "abcd" }), "i\xb7\x1d", "objects via toString");
for (const [input, why] of [
  ["Zg=", "padding that does not make a multiple of 4"],
  ["Z===", "three pad characters"],
  ["Zm9v=", "padding after a full quantum"],
  ["Zg==Zg==", "padding in the middle"],
  ["=Zg=", "padding at the start"],
  ["a", "a single leftover character"],
  ["abcde", "length % 4 == 1"],
  ["Zm9v\v", "vertical tab is not ASCII whitespace"],
  ["Zm9v\u00a0", "NBSP is not ASCII whitespace"],
  ["Zm-_", "base64url characters"],
  ["Zm9v\u0100", "a character above U+00FF"],
  ["Zm9v!", "punctuation"],
  [undefined, "\"undefined\" has 9 characters"],
]) {
  const error = assertInvalid(() => atob(input), `atob(${JSON.stringify(input)}): ${why}`);
  assert(/not correctly encoded/.test(error.message), `atob message: ${error.message}`);
}
try {
  atob();
  assert(false, "atob() without arguments throws");
} catch (error) {
  assert(error instanceof TypeError, "atob() without arguments is a TypeError");
}
try {
  btoa(Symbol());
  assert(false, "btoa(Symbol()) throws");
} catch (error) {
  assert(error instanceof TypeError, "btoa(Symbol()) is a TypeError");
}

// Globals: functions on globalThis, not enumerable.
assertEq(typeof globalThis.atob, "function", "atob is a global");
assertEq(Object.keys(globalThis).includes("btoa"), false, "btoa is not enumerable");
assertEq(atob.length, 1, "atob.length");
assertEq(btoa.length, 1, "btoa.length");

console.log(checks > 80 ? "base64: ok" : `base64: only ${checks} checks ran`);
