// TextEncoder and TextDecoder (WHATWG Encoding): UTF-8, UTF-16LE and UTF-16BE.
// Transcoding is native (api/encoding.cc); this file does the WebIDL side.
"use strict";

const {
  SafeMap, MapPrototypeGet, MapPrototypeSet, StringPrototypeCharCodeAt, StringFromCharCode,
  Uint8Array, Uint32Array, RangeError, TypeError, ArrayBufferIsView, ArrayBufferPrototypeGetByteLength,
  SharedArrayBufferPrototypeGetByteLength, TypedArrayPrototypeGetSymbolToStringTag, ObjectFreeze,
} = internals.primordials;
const { webidl } = internals;
const { converters } = webidl;

const kUtf8 = 0;
const kUtf16le = 1;
const kUtf16be = 2;

// https://encoding.spec.whatwg.org/#names-and-labels (the UTF encodings only).
const encodings = new SafeMap();
for (const [name, kind, labels] of [
  ["utf-8", kUtf8, ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]],
  ["utf-16be", kUtf16be, ["unicodefffe", "utf-16be"]],
  ["utf-16le", kUtf16le, ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]],
]) {
  for (const label of labels) MapPrototypeSet(encodings, label, ObjectFreeze({ name, kind }));
}

function isAsciiWhitespace(c) {
  return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
}

// https://encoding.spec.whatwg.org/#concept-encoding-get: trim ASCII whitespace,
// then ASCII case-insensitive match.
function getEncoding(label) {
  let start = 0;
  let end = label.length;
  while (start < end && isAsciiWhitespace(StringPrototypeCharCodeAt(label, start))) start++;
  while (end > start && isAsciiWhitespace(StringPrototypeCharCodeAt(label, end - 1))) end--;
  if (end - start > 32) return undefined;  // longer than any label
  let key = "";
  for (let i = start; i < end; i++) {
    const c = StringPrototypeCharCodeAt(label, i);
    key += StringFromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return MapPrototypeGet(encodings, key);
}

function isAnyArrayBuffer(value) {
  try {
    ArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {}
  try {
    SharedArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {}
  return false;
}

function isUint8Array(value) {
  return ArrayBufferIsView(value) && TypedArrayPrototypeGetSymbolToStringTag(value) === "Uint8Array";
}

const encodeIntoResult = new Uint32Array(2);

class TextEncoder {
  constructor() {
    this[webidl.brand] = webidl.brand;
  }

  get encoding() {
    webidl.assertBranded(this, TextEncoderPrototype);
    return "utf-8";
  }

  // USVString conversion happens natively: lone surrogates become U+FFFD.
  encode(input = "") {
    webidl.assertBranded(this, TextEncoderPrototype);
    input = converters.DOMString(input, "Failed to execute 'encode' on 'TextEncoder'", "Argument 1");
    return ops.op_encoding_encode(input);
  }

  encodeInto(source, destination) {
    webidl.assertBranded(this, TextEncoderPrototype);
    const prefix = "Failed to execute 'encodeInto' on 'TextEncoder'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    source = converters.DOMString(source, prefix, "Argument 1");
    if (!isUint8Array(destination)) {
      throw new TypeError(`${prefix}: Argument 2 is not of type 'Uint8Array'`);
    }
    ops.op_encoding_encode_into(source, destination, encodeIntoResult);
    return { read: encodeIntoResult[0], written: encodeIntoResult[1] };
  }
}
const TextEncoderPrototype = TextEncoder.prototype;
webidl.configureInterface(TextEncoder);

const textDecoderOptions = webidl.createDictionaryConverter("TextDecoderOptions", [
  { key: "fatal", converter: converters.boolean, defaultValue: false },
  { key: "ignoreBOM", converter: converters.boolean, defaultValue: false },
]);
const textDecodeOptions = webidl.createDictionaryConverter("TextDecodeOptions", [
  { key: "stream", converter: converters.boolean, defaultValue: false },
]);
const emptyBuffer = new Uint8Array(0);

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  // Decoder state shared with the native op (see api/encoding.cc).
  #state = new Uint8Array(8);

  constructor(label = "utf-8", options = undefined) {
    const prefix = "Failed to construct 'TextDecoder'";
    label = converters.DOMString(label, prefix, "Argument 1");
    options = textDecoderOptions(options, prefix, "Argument 2");
    const encoding = getEncoding(label);
    if (encoding === undefined) {
      throw new RangeError(`${prefix}: The encoding label provided ('${label}') is invalid.`);
    }
    this.#encoding = encoding;
    this.#fatal = options.fatal;
    this.#ignoreBOM = options.ignoreBOM;
    this[webidl.brand] = webidl.brand;
  }

  get encoding() {
    webidl.assertBranded(this, TextDecoderPrototype);
    return this.#encoding.name;
  }

  get fatal() {
    webidl.assertBranded(this, TextDecoderPrototype);
    return this.#fatal;
  }

  get ignoreBOM() {
    webidl.assertBranded(this, TextDecoderPrototype);
    return this.#ignoreBOM;
  }

  decode(input = undefined, options = undefined) {
    webidl.assertBranded(this, TextDecoderPrototype);
    const prefix = "Failed to execute 'decode' on 'TextDecoder'";
    if (input === undefined) {
      input = emptyBuffer;
    } else if (!ArrayBufferIsView(input) && !isAnyArrayBuffer(input)) {
      throw new TypeError(`${prefix}: The provided value is not of type '(ArrayBuffer or ArrayBufferView)'`);
    }
    const { stream } = textDecodeOptions(options, prefix, "Argument 2");
    return ops.op_encoding_decode(input, this.#state, this.#encoding.kind, this.#fatal,
      this.#ignoreBOM, stream);
  }
}
const TextDecoderPrototype = TextDecoder.prototype;
webidl.configureInterface(TextDecoder);

webidl.defineGlobals({ TextEncoder, TextDecoder });
