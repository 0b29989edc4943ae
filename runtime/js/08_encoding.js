// TextEncoder and TextDecoder (WHATWG Encoding): TextDecoder decodes every encoding
// of the Encoding Standard; TextEncoder is UTF-8 only, as the standard has it.
// Transcoding is native (api/encoding.cc); this file does the WebIDL side.
"use strict";

const {
  SafeMap, MapPrototypeGet, MapPrototypeSet, StringPrototypeCharCodeAt, StringFromCharCode,
  StringPrototypeSplit, Uint8Array, Uint32Array, RangeError, TypeError, ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength, SharedArrayBufferPrototypeGetByteLength,
  TypedArrayPrototypeGetSymbolToStringTag, ObjectFreeze,
} = internals.primordials;
const { webidl } = internals;
const { converters } = webidl;

// https://encoding.spec.whatwg.org/encodings.json: [name (lower case), labels].
const encodingLabels = [
  // The Encoding
  ["utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"],
  // Legacy single-byte encodings
  ["ibm866", "866 cp866 csibm866 ibm866"],
  ["iso-8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 " +
    "iso_8859-2:1987 l2 latin2"],
  ["iso-8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 " +
    "iso_8859-3:1988 l3 latin3"],
  ["iso-8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 " +
    "iso_8859-4:1988 l4 latin4"],
  ["iso-8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 " +
    "iso_8859-5 iso_8859-5:1988"],
  ["iso-8859-6", "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 " +
    "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 " +
    "iso_8859-6:1987"],
  ["iso-8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 " +
    "iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek"],
  ["iso-8859-8", "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 " +
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual"],
  ["iso-8859-8-i", "csiso88598i iso-8859-8-i logical"],
  ["iso-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"],
  ["iso-8859-13", "iso-8859-13 iso8859-13 iso885913"],
  ["iso-8859-14", "iso-8859-14 iso8859-14 iso885914"],
  ["iso-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"],
  ["iso-8859-16", "iso-8859-16"],
  ["koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"],
  ["koi8-u", "koi8-ru koi8-u"],
  ["macintosh", "csmacintosh mac macintosh x-mac-roman"],
  ["windows-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"],
  ["windows-1250", "cp1250 windows-1250 x-cp1250"],
  ["windows-1251", "cp1251 windows-1251 x-cp1251"],
  ["windows-1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 " +
    "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii " +
    "windows-1252 x-cp1252"],
  ["windows-1253", "cp1253 windows-1253 x-cp1253"],
  ["windows-1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 " +
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254"],
  ["windows-1255", "cp1255 windows-1255 x-cp1255"],
  ["windows-1256", "cp1256 windows-1256 x-cp1256"],
  ["windows-1257", "cp1257 windows-1257 x-cp1257"],
  ["windows-1258", "cp1258 windows-1258 x-cp1258"],
  ["x-mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"],
  // Legacy multi-byte Chinese (simplified) encodings
  ["gbk", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk"],
  ["gb18030", "gb18030"],
  // Legacy multi-byte Chinese (traditional) encodings
  ["big5", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"],
  // Legacy multi-byte Japanese encodings
  ["euc-jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"],
  ["iso-2022-jp", "csiso2022jp iso-2022-jp"],
  ["shift_jis", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"],
  // Legacy multi-byte Korean encodings
  ["euc-kr", "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 " +
    "ksc5601 ksc_5601 windows-949"],
  // Legacy miscellaneous encodings
  ["replacement", "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement"],
  ["utf-16be", "unicodefffe utf-16be"],
  ["utf-16le", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"],
  ["x-user-defined", "x-user-defined"],
];

// label -> {name, kind}; kind is the native decoder's number, undefined for replacement.
const decoderKinds = ops.op_encoding_decoders;
const encodings = new SafeMap();
for (const [name, labels] of encodingLabels) {
  const encoding = ObjectFreeze({ name, kind: decoderKinds[name] });
  for (const label of StringPrototypeSplit(labels, " ")) {
    MapPrototypeSet(encodings, label, encoding);
  }
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
  #state = new Uint8Array(16);

  constructor(label = "utf-8", options = undefined) {
    const prefix = "Failed to construct 'TextDecoder'";
    label = converters.DOMString(label, prefix, "Argument 1");
    options = textDecoderOptions(options, prefix, "Argument 2");
    const encoding = getEncoding(label);
    // The replacement encoding exists for documents, not for TextDecoder.
    if (encoding === undefined || encoding.kind === undefined) {
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

// For other APIs that take an encoding label (TextDecoderStream): the encoding's name, or
// undefined for labels that are not supported.
internals.encoding = {
  getEncodingName(label) {
    const encoding = getEncoding(label);
    return encoding === undefined || encoding.kind === undefined ? undefined : encoding.name;
  },
};

webidl.defineGlobals({ TextEncoder, TextDecoder });
