// TextDecoder with the Encoding Standard's legacy encodings: sample text in each
// (byte strings from Python's codecs, expected text cross-checked with Node 20's
// ICU-backed TextDecoder where Node follows the standard), labels, error handling
// (U+FFFD counts, bytes given back to the stream, fatal mode) and streaming across
// multi-byte boundaries.
"use strict";
function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
function assertEq(actual, expected, message) {
  assert(Object.is(actual, expected),
    `${message}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
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
const hex = (text) => new Uint8Array(text.match(/../g).map((pair) => parseInt(pair, 16)));
const bytes = (...values) => new Uint8Array(values);
const decode = (label, input, options) => new TextDecoder(label, options).decode(input);
// Decodes chunk by chunk with one streaming decoder, then flushes.
function decodeChunks(label, chunks, options) {
  const decoder = new TextDecoder(label, options);
  let text = "";
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

// --- Sample text: [label, bytes, text]
const samples = [
  ["windows-1252", "436166e920803130302097209371756f74656494206e61ef7665",
   "Café €100 — “quoted” naïve"],
  ["iso-8859-2", "5a61bff3b3e62067eab66cb1206a61bcf1",
   "Zażółć gęślą jaźń"],
  ["windows-1250", "50f8ed6c699a209e6c759d6f75e86bfd206bf9f2",
   "Příliš žluťoučký kůň"],
  ["windows-1251", "cff0e8e2e5f22c20ece8f02120b931",
   "Привет, мир! №1"],
  ["koi8-r", "f3dfc5dbd820d6c520c5dda320dcd4c9c820c2d5cccfcb",
   "Съешь же ещё этих булок"],
  ["koi8-u", "bdc1cecfcb20a620a7",
   "Ґанок і ї"],
  ["ibm866", "92a5e1e220babb",
   "Тест ║╗"],
  ["iso-8859-5", "bad8e0d8dbdbd8e6d0",
   "Кириллица"],
  ["iso-8859-7", "cae1ebe7ecddf1e120eafcf3ece5",
   "Καλημέρα κόσμε"],
  ["windows-1253", "c5ebebe7ede9eadc",
   "Ελληνικά"],
  ["windows-1254", "47fc6e617964fd6e2c20dd7374616e62756c",
   "Günaydın, İstanbul"],
  ["iso-8859-6", "e5d1cdc8c7",
   "مرحبا"],
  ["windows-1256", "e3d1cdc8c720c8c7e1dac7e1e3",
   "مرحبا بالعالم"],
  ["iso-8859-8", "f9ece5ed20f2e5eced",
   "שלום עולם"],
  ["windows-1255", "f9c8d1ece5c9ed",
   "שָׁלוֹם"],
  ["windows-1257", "4c61626469656e2c2070617361756ceb",
   "Labdien, pasaulė"],
  ["windows-1258", "d0f46e6720d520dd20fe206fcc",
   "Đông Ơ Ư ₫ o\u0300"],
  ["windows-874", "cac7d1cab4d5a4c3d1ba",
   "สวัสดีครับ"],
  ["iso-8859-4", "a3ef6761",
   "Ŗīga"],
  ["iso-8859-10", "def372f07572",
   "Þórður"],
  ["iso-8859-13", "d9f364ea20e0e8e6",
   "Łódź ąčę"],
  ["iso-8859-14", "d0fe20a2",
   "Ŵŷ ḃ"],
  ["iso-8859-15", "a420bc7576726520a6b4",
   "€ Œuvre ŠŽ"],
  ["iso-8859-16", "aa7469696efe6520ba6920617274e3",
   "Științe și artă"],
  ["iso-8859-3", "a1616c20d5",
   "Ħal Ġ"],
  ["macintosh", "4361668e20b7b9",
   "Café ∑π"],
  ["x-mac-cyrillic", "8ff0e8e2e5f2",
   "Привет"],
  ["shift_jis", "93fa967b8cea82cc8365834c835883678141b6c0b6c58740",
   "日本語のテキスト、ｶﾀｶﾅ①"],
  ["euc-jp", "c6fccbdcb8eca4cea5c6a5ada5b9a5c8a1a28eb68ec08eb68ec5",
   "日本語のテキスト、ｶﾀｶﾅ"],
  ["iso-2022-jp", "1b2442467c4b5c386c1b284220616e64204153434949201b2442242b244a1b2842",
   "日本語 and ASCII かな"],
  ["gbk", "d6d0cec4b2e2cad4a3acbcf2cce5d7d6",
   "中文测试，简体字"],
  ["gb18030", "d6d0cec4b2e2cad420a2e3209439fc36",
   "中文测试 € 😀"],
  ["big5", "c163c5e9a4a4a4e5b4fab8d5",
   "繁體中文測試"],
  ["euc-kr", "c7d1b1b9beee20c5d7bdbac6ae208c63b9e6b0a2c7cf",
   "한국어 테스트 똠방각하"],
];
for (const [label, data, text] of samples) {
  const input = hex(data);
  assertEq(decode(label, input), text, `${label} decodes its sample`);
  assertEq(decode(label, input, { fatal: true }), text, `${label} sample is valid in fatal mode`);
  // One byte at a time: every multi-byte sequence is split.
  const single = [];
  for (let i = 0; i < input.length; i++) single.push(input.subarray(i, i + 1));
  assertEq(decodeChunks(label, single), text, `${label} sample streamed a byte at a time`);
  assertEq(decodeChunks(label, [input.subarray(0, 3), input.subarray(3)], { fatal: true }), text,
    `${label} sample streamed in two chunks, fatal`);
}

// --- Labels and names
for (const [label, name] of [
  ["latin1", "windows-1252"], ["ascii", "windows-1252"], ["ISO-8859-1", "windows-1252"],
  ["iso-8859-9", "windows-1254"], ["tis-620", "windows-874"], ["x-mac-ukrainian", "x-mac-cyrillic"],
  ["logical", "iso-8859-8-i"], ["visual", "iso-8859-8"], ["cp866", "ibm866"], ["koi", "koi8-r"],
  ["  GB2312\n", "gbk"], ["chinese", "gbk"], ["gb18030", "gb18030"], ["big5-hkscs", "big5"],
  ["x-euc-jp", "euc-jp"], ["csiso2022jp", "iso-2022-jp"], ["SJIS", "shift_jis"],
  ["windows-31j", "shift_jis"], ["korean", "euc-kr"], ["windows-949", "euc-kr"],
  ["x-user-defined", "x-user-defined"], ["iso-8859-16", "iso-8859-16"],
]) {
  assertEq(new TextDecoder(label).encoding, name, `label ${JSON.stringify(label)}`);
}
// The replacement encoding's labels are recognised but not for TextDecoder.
for (const label of ["replacement", "iso-2022-kr", "hz-gb-2312", "iso-2022-cn", "csiso2022kr"]) {
  assertThrows(() => new TextDecoder(label), RangeError, /invalid/, `label ${label} is rejected`);
}
assertThrows(() => new TextDecoder("utf-7"), RangeError, /utf-7/, "unknown label");
assertThrows(() => new TextDecoder("iso-8859-11x"), RangeError, null, "near-miss label");
// TextEncoder is UTF-8 whatever it is given.
assertEq(new TextEncoder("shift_jis").encoding, "utf-8", "TextEncoder ignores legacy labels");
assertEq(Array.from(new TextEncoder("gbk").encode("\u00e9")).join(), "195,169", "TextEncoder writes UTF-8");

// --- Single-byte specifics
assertEq(decode("windows-1252", bytes(0x80, 0x81, 0x9f, 0xff)), "\u20ac\u0081\u0178\u00ff", "windows-1252 C1 area");
assertEq(decode("windows-1253", bytes(0x41, 0xaa, 0x42)), "A\ufffdB", "unmapped byte is one U+FFFD");
assertEq(decode("windows-874", bytes(0xdb, 0xfc)), "\ufffd\ufffd", "windows-874 has no private use mappings");
assertEq(decode("windows-1255", bytes(0xca)), "\u05ba", "windows-1255 0xCA");
assertEq(decode("koi8-u", bytes(0xae, 0xbe)), "\u045e\u040e", "KOI8-U 0xAE/0xBE");
assertEq(decode("macintosh", bytes(0xf0)), "\uf8ff", "macintosh 0xF0");
assertEq(decode("iso-8859-8-i", bytes(0xe0, 0xfa)), "\u05d0\u05ea", "iso-8859-8-i decodes as iso-8859-8");
assertEq(decode("x-user-defined", bytes(0x41, 0x80, 0xff)), "A\uf780\uf7ff", "x-user-defined");
// Only the UTF encodings strip a BOM.
assertEq(decode("windows-1252", bytes(0xef, 0xbb, 0xbf, 0x41)), "\u00ef\u00bb\u00bfA", "no BOM sniffing");
assertThrows(() => decode("iso-8859-3", bytes(0x41, 0xa5), { fatal: true }), TypeError, /iso-8859-3/,
  "fatal single-byte error names the encoding");

// --- Multi-byte error handling: how many U+FFFD, and which bytes are read again
const errorCases = [
  // Shift_JIS: an ASCII trail byte is given back; the user-defined rows are private use.
  ["shift_jis", [0x81, 0x20], "\ufffd "],
  ["shift_jis", [0x81, 0xff], "\ufffd"],
  ["shift_jis", [0x82], "\ufffd"],
  ["shift_jis", [0x80, 0xa0, 0xa1, 0xdf], "\u0080\ufffd\uff61\uff9f"],
  ["shift_jis", [0xf0, 0x40, 0xf9, 0xfc], "\ue000\ue757"],
  ["shift_jis", [0x87, 0x40, 0xed, 0x40, 0xfa, 0x40], "\u2460\u7e8a\u2170"],
  // EUC-JP: half-width katakana, JIS X 0212, truncated sequences.
  ["euc-jp", [0x8e, 0xa1, 0x8e, 0xdf], "\uff61\uff9f"],
  ["euc-jp", [0x8f, 0xb0, 0xa1, 0x8f, 0xa2, 0xb7], "\u4e02\uff5e"],
  ["euc-jp", [0x8f, 0xa1], "\ufffd"],
  ["euc-jp", [0x8e, 0x41], "\ufffdA"],
  ["euc-jp", [0xa1, 0xa1, 0xa1], "\u3000\ufffd"],
  // GB18030: four-byte sequences, the ranges' edges, and the bytes given back.
  ["gb18030", [0x80], "\u20ac"],
  ["gb18030", [0x81, 0x30, 0x81, 0x30], "\u0080"],
  ["gb18030", [0x84, 0x31, 0xa4, 0x39], "\uffff"],
  ["gb18030", [0x84, 0x31, 0xa5, 0x30], "\ufffd"],
  ["gb18030", [0x90, 0x30, 0x81, 0x30, 0xe3, 0x32, 0x9a, 0x35], "\u{10000}\u{10ffff}"],
  ["gb18030", [0x81, 0x35, 0xf4, 0x37, 0xa8, 0xbc], "\ue7c7\u1e3f"],
  ["gb18030", [0xa3, 0xa0, 0xa6, 0xd9, 0xfe, 0x59], "\u3000\ufe10\u9fb4"],
  ["gb18030", [0x81, 0x30, 0xff], "\ufffd0\ufffd"],
  ["gb18030", [0x81, 0x30, 0xfe, 0x29], "\ufffd0\ufffd)"],
  ["gb18030", [0x81, 0x30, 0xfe], "\ufffd"],
  ["gb18030", [0x81, 0x7f], "\ufffd\u007f"],
  ["gbk", [0x94, 0x39, 0xfc, 0x36, 0x95, 0x32, 0x82, 0x36], "\u{1f600}\u{20000}"],
  // Big5: the four pointers with a combining mark, HKSCS, an astral character.
  ["big5", [0x88, 0x62, 0x88, 0x64, 0x88, 0xa3, 0x88, 0xa5], "\u00ca\u0304\u00ca\u030c\u00ea\u0304\u00ea\u030c"],
  ["big5", [0x87, 0x40, 0xa4, 0x40], "\u43f0\u4e00"],
  ["big5", [0x87, 0x45], "\u{27267}"],
  ["big5", [0x81, 0x40, 0x80, 0xa1, 0x30], "\ufffd@\ufffd\ufffd0"],
  // EUC-KR is Windows code page 949, with the Unified Hangul Code extension.
  ["euc-kr", [0x8c, 0x63, 0xb0, 0xa1], "\ub620\uac00"],
  ["euc-kr", [0xc9, 0xa1], "\ufffd"],
  ["euc-kr", [0xb0, 0x5b], "\ufffd["],
  // ISO-2022-JP: escapes, Roman, katakana, and broken escapes.
  ["iso-2022-jp", [0x1b, 0x28, 0x4a, 0x5c, 0x7e, 0x1b, 0x28, 0x42, 0x5c], "\u00a5\u203e\\"],
  ["iso-2022-jp", [0x1b, 0x28, 0x49, 0x21, 0x5f], "\uff61\uff9f"],
  ["iso-2022-jp", [0x1b, 0x24, 0x42, 0x30, 0x21, 0x1b, 0x28, 0x42], "\u4e9c"],
  ["iso-2022-jp", [0x1b, 0x24, 0x40, 0x1b, 0x24, 0x42, 0x30, 0x21], "\ufffd\u4e9c"],
  ["iso-2022-jp", [0x1b, 0x24, 0x50], "\ufffd$P"],
  ["iso-2022-jp", [0x0e, 0x41, 0x0f], "\ufffdA\ufffd"],
  ["iso-2022-jp", [0x1b, 0x24, 0x42, 0x30], "\ufffd"],
  ["iso-2022-jp", [0x41, 0x1b], "A\ufffd"],
];
for (const [label, input, expected] of errorCases) {
  const data = new Uint8Array(input);
  assertEq(decode(label, data), expected, `${label} ${input.map((b) => b.toString(16)).join(" ")}`);
  // Split at every position, the text is the same.
  for (let at = 1; at < input.length; at++) {
    assertEq(decodeChunks(label, [data.subarray(0, at), data.subarray(at)]), expected,
      `${label} ${input.map((b) => b.toString(16)).join(" ")} split at ${at}`);
  }
  if (expected.includes("\ufffd")) {
    assertThrows(() => decode(label, data, { fatal: true }), TypeError,
      new RegExp(`not valid for encoding ${label}`), `${label} fatal`);
  } else {
    assertEq(decode(label, data, { fatal: true }), expected, `${label} valid in fatal mode`);
  }
}

// --- Streaming across multi-byte boundaries
{
  // Shift_JIS: the lead byte ends one chunk, the trail byte starts the next.
  const decoder = new TextDecoder("shift_jis");
  assertEq(decoder.decode(bytes(0x93), { stream: true }), "", "Shift_JIS lead held back");
  assertEq(decoder.decode(bytes(0xfa, 0x96), { stream: true }), "\u65e5", "Shift_JIS pair completed");
  assertEq(decoder.decode(bytes(0x7b)), "\u672c", "Shift_JIS second pair completed");
  // An ASCII-only chunk after a held lead byte is its trail, not plain ASCII.
  assertEq(decoder.decode(bytes(0x93), { stream: true }), "", "lead held again");
  assertEq(decoder.decode(bytes(0x41), { stream: true }), "\u912d", "ASCII byte as trail");
  assertEq(decoder.decode(bytes(0x41)), "A", "then plain ASCII");
  // A lead byte left at the end of the stream is one error.
  assertEq(decoder.decode(bytes(0x41, 0x93), { stream: true }), "A", "lead held at the end");
  assertEq(decoder.decode(), "\ufffd", "flushing a lead byte");
  assertEq(decoder.decode(bytes(0xfa)), "\ufffd", "flush reset the decoder: 0xFA alone is an error");
}
{
  // GB18030: a four-byte sequence split after each of its bytes, and byte by byte.
  const sequence = [0x94, 0x39, 0xfc, 0x36];  // U+1F600
  for (let at = 1; at < 4; at++) {
    const data = new Uint8Array([0x41, ...sequence, 0x42]);
    assertEq(decodeChunks("gb18030", [data.subarray(0, at + 1), data.subarray(at + 1)]), "A\u{1f600}B",
      `gb18030 four-byte sequence split after byte ${at}`);
  }
  assertEq(decodeChunks("gb18030", sequence.map((b) => bytes(b))), "\u{1f600}", "gb18030 a byte per chunk");
  // The second and fourth bytes are ASCII digits: single-byte chunks of them are not ASCII text.
  assertEq(decodeChunks("gb18030", [bytes(0x81), bytes(0x30), bytes(0x81), bytes(0x30)]), "\u0080",
    "gb18030 digit chunks continue the sequence");
  // A broken sequence gives its bytes back across chunk edges too.
  assertEq(decodeChunks("gb18030", [bytes(0x81, 0x30), bytes(0xfe), bytes(0x29)]), "\ufffd0\ufffd)",
    "gb18030 bytes given back across chunks");
  const decoder = new TextDecoder("gb18030", { fatal: true });
  assertEq(decoder.decode(bytes(0x81, 0x30, 0x81), { stream: true }), "", "gb18030 three bytes held");
  assertThrows(() => decoder.decode(), TypeError, /gb18030/, "gb18030 truncated sequence at flush is fatal");
  assertEq(decoder.decode(bytes(0x81, 0x30, 0x81, 0x30)), "\u0080", "gb18030 decoder usable after the error");
}
{
  // ISO-2022-JP: an escape sequence split inside, state kept across calls.
  const data = [0x41, 0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42, 0x42];
  const expected = "A\u65e5\u672cB";
  assertEq(decode("iso-2022-jp", new Uint8Array(data)), expected, "ISO-2022-JP whole");
  for (let at = 1; at < data.length; at++) {
    const input = new Uint8Array(data);
    assertEq(decodeChunks("iso-2022-jp", [input.subarray(0, at), input.subarray(at)]), expected,
      `ISO-2022-JP split at ${at}`);
  }
  const decoder = new TextDecoder("iso-2022-jp");
  assertEq(decoder.decode(bytes(0x1b, 0x24), { stream: true }), "", "escape start held");
  assertEq(decoder.decode(bytes(0x42, 0x46), { stream: true }), "", "JIS X 0208 lead held");
  assertEq(decoder.decode(bytes(0x7c), { stream: true }), "\u65e5", "JIS X 0208 pair");
  assertEq(decoder.decode(bytes(0x46, 0x7c)), "\u65e5", "state kept until the flush");
  assertEq(decoder.decode(bytes(0x46, 0x7c)), "F|", "a new stream starts in ASCII");
}
{
  // EUC-JP three-byte JIS X 0212 sequence, split both ways; Big5 pair split.
  assertEq(decodeChunks("euc-jp", [bytes(0x8f), bytes(0xb0, 0xa1)]), "\u4e02", "EUC-JP split after 0x8F");
  assertEq(decodeChunks("euc-jp", [bytes(0x8f, 0xb0), bytes(0xa1)]), "\u4e02", "EUC-JP split before the last byte");
  assertEq(decodeChunks("big5", [bytes(0x88), bytes(0x62)]), "\u00ca\u0304", "Big5 split pair");
  assertEq(decodeChunks("euc-kr", [bytes(0xb0), bytes(0xa1, 0xb0), bytes(0xa1)]), "\uac00\uac00", "EUC-KR split pairs");
}

// --- Large input: a 4 MB windows-1251 text and a mostly-ASCII Shift_JIS one.
{
  const unit = hex("cff0e8e2e5f22c20ece8f02120");  // "Привет, мир! "
  const big = new Uint8Array(unit.length * 300000);
  for (let i = 0; i < 300000; i++) big.set(unit, i * unit.length);
  const text = decode("windows-1251", big);
  assertEq(text.length, big.length, "windows-1251 length");
  assertEq(text.slice(-13), "Привет, мир! ", "windows-1251 tail");
  const ascii = new Uint8Array(1 << 20).fill(0x61);
  ascii[ascii.length - 2] = 0x93;
  ascii[ascii.length - 1] = 0xfa;
  const sjis = decode("shift_jis", ascii);
  assertEq(sjis.length, ascii.length - 1, "Shift_JIS length");
  assertEq(sjis.slice(-2), "a\u65e5", "Shift_JIS tail");
}

console.log("encoding_legacy: ok");
