// The Body mixin (Fetch §5.3) shared by Request and Response, "extract a
// body", and MIME type parsing (MIME Sniffing §4) for Content-Type.
// https://fetch.spec.whatwg.org/#body-mixin
//
// A body is { stream, source, length } as in Fetch, except that the stream is
// made only when something asks for it (the `body` getter, clone of a
// streamed body, native code). A body given as a whole (string, bytes, Blob,
// FormData, URLSearchParams) is consumed straight from its source, and native
// code can send the source without a stream (fetchApi.requestParts, fetchApi.sendResponse).
"use strict";

const {
  ArrayBufferIsView, ArrayPrototypePush, DataViewPrototypeGetBuffer, DataViewPrototypeGetByteLength,
  DataViewPrototypeGetByteOffset, JSONParse, ObjectDefineProperty, ObjectGetOwnPropertyDescriptor,
  PromisePrototypeThen, PromiseReject, PromiseResolve, RegExpPrototypeExec, SafeMap, MapPrototypeGet,
  MapPrototypeHas, MapPrototypeSet, MapPrototypeForEach, StringPrototypeCharCodeAt, StringPrototypeSlice,
  StringPrototypeToLowerCase, TypeError, TypedArrayPrototypeGetBuffer, TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetSymbolToStringTag, TypedArrayPrototypeSet, Uint8Array,
  ArrayBufferPrototypeGetByteLength, FunctionPrototypeCall,
} = internals.primordials;
const { webidl } = internals;
const { converters, makeError } = webidl;

// --- Dependencies looked up when used: later files may not be loaded ------------

function streamsApi() {
  const streams = internals.streams;
  if (streams === undefined) throw new TypeError("ReadableStream support (11_streams.js) is not available");
  return streams;
}
function blobApi() {
  const blob = internals.blob;
  if (blob === undefined) throw new TypeError("Blob support (15_blob.js) is not available");
  return blob;
}
function formDataApi() {
  const formData = internals.formData;
  if (formData === undefined) throw new TypeError("FormData support (16_formdata.js) is not available");
  return formData;
}
const isReadableStream = (value) => internals.streams?.isReadableStream(value) ?? false;
const isBlob = (value) => internals.blob?.isBlob(value) ?? false;
const isFormData = (value) => internals.formData?.isFormData(value) ?? false;
const isURLSearchParams = (value) => internals.url?.isURLSearchParams(value) ?? false;

// --- UTF-8 (08_encoding's objects, captured before user code can replace them) ----

const TextDecoderPrototypeDecode = globalThis.TextDecoder.prototype.decode;
const TextEncoderPrototypeEncode = globalThis.TextEncoder.prototype.encode;
const encoder = new globalThis.TextEncoder();
const decoder = new globalThis.TextDecoder();
const decoderKeepingBOM = new globalThis.TextDecoder("utf-8", { ignoreBOM: true });
function utf8Encode(string) {
  return FunctionPrototypeCall(TextEncoderPrototypeEncode, encoder, string);
}
// "UTF-8 decode": a leading BOM is removed.
function utf8Decode(bytes) {
  return FunctionPrototypeCall(TextDecoderPrototypeDecode, decoder, bytes);
}
// "UTF-8 decode without BOM".
function utf8DecodeWithoutBOM(bytes) {
  return FunctionPrototypeCall(TextDecoderPrototypeDecode, decoderKeepingBOM, bytes);
}
// The UTF-8 length of a (USV) string without encoding it.
function utf8Length(string) {
  let length = string.length;
  for (let i = 0; i < string.length; i++) {
    const c = StringPrototypeCharCodeAt(string, i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      length += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < string.length) {
      const d = StringPrototypeCharCodeAt(string, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        length += 2;  // 2 units -> 4 bytes
        i++;
        continue;
      }
      length += 2;
    } else {
      length += 2;
    }
  }
  return length;
}

// --- Byte helpers -------------------------------------------------------------

function isArrayBuffer(value) {
  try {
    ArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {
    return false;
  }
}

function isUint8Array(value) {
  return ArrayBufferIsView(value) && TypedArrayPrototypeGetSymbolToStringTag(value) === "Uint8Array";
}

// Copies the bytes a BufferSource holds (a detached buffer holds none).
// No ArrayBuffer.prototype.slice: its species lookup is observable.
function copyBufferSource(source) {
  let buffer;
  let offset;
  let length;
  if (ArrayBufferIsView(source)) {
    if (TypedArrayPrototypeGetSymbolToStringTag(source) !== undefined) {
      buffer = TypedArrayPrototypeGetBuffer(source);
      offset = TypedArrayPrototypeGetByteOffset(source);
      length = TypedArrayPrototypeGetByteLength(source);
    } else {
      buffer = DataViewPrototypeGetBuffer(source);
      try {
        offset = DataViewPrototypeGetByteOffset(source);
        length = DataViewPrototypeGetByteLength(source);
      } catch {
        return new Uint8Array(0);  // detached
      }
    }
  } else {
    buffer = source;
    offset = 0;
    length = ArrayBufferPrototypeGetByteLength(source);
  }
  const copy = new Uint8Array(length);
  if (length > 0) TypedArrayPrototypeSet(copy, new Uint8Array(buffer, offset, length));
  return copy;
}

function copyBytes(bytes) {
  const copy = new Uint8Array(TypedArrayPrototypeGetByteLength(bytes));
  TypedArrayPrototypeSet(copy, bytes);
  return copy;
}

// An ArrayBuffer with exactly these bytes: the bytes' own buffer when they own
// all of it (no copy), else a copy.
function toArrayBuffer(bytes, owned) {
  const buffer = TypedArrayPrototypeGetBuffer(bytes);
  if (owned && TypedArrayPrototypeGetByteOffset(bytes) === 0 &&
      TypedArrayPrototypeGetByteLength(bytes) === ArrayBufferPrototypeGetByteLength(buffer)) {
    return buffer;
  }
  return TypedArrayPrototypeGetBuffer(copyBytes(bytes));
}

// --- MIME types (https://mimesniff.spec.whatwg.org/#parsing-a-mime-type) --------

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const quotedStringTokenPattern = /^[\t\x20-\x7e\x80-\xff]*$/;

function isHttpWhitespace(c) {
  return c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;
}

function trimHttpWhitespace(s) {
  let start = 0;
  let end = s.length;
  while (start < end && isHttpWhitespace(StringPrototypeCharCodeAt(s, start))) start++;
  while (end > start && isHttpWhitespace(StringPrototypeCharCodeAt(s, end - 1))) end--;
  return StringPrototypeSlice(s, start, end);
}

function trimTrailingHttpWhitespace(s) {
  let end = s.length;
  while (end > 0 && isHttpWhitespace(StringPrototypeCharCodeAt(s, end - 1))) end--;
  return StringPrototypeSlice(s, 0, end);
}

// Fetch "collect an HTTP quoted string"; returns { value, position }.
function collectHttpQuotedString(input, position, extractValue) {
  const start = position;
  let value = "";
  position++;  // the opening quote
  for (;;) {
    let end = position;
    while (end < input.length) {
      const c = StringPrototypeCharCodeAt(input, end);
      if (c === 0x22 || c === 0x5c) break;
      end++;
    }
    value += StringPrototypeSlice(input, position, end);
    position = end;
    if (position >= input.length) break;
    const quoteOrBackslash = StringPrototypeCharCodeAt(input, position);
    position++;
    if (quoteOrBackslash === 0x5c) {
      if (position >= input.length) {
        value += "\\";
        break;
      }
      value += input[position];
      position++;
    } else {
      break;
    }
  }
  return { value: extractValue ? value : StringPrototypeSlice(input, start, position), position };
}

class MimeType {
  constructor(type, subtype) {
    this.type = type;
    this.subtype = subtype;
    this.parameters = new SafeMap();
  }

  get essence() {
    return `${this.type}/${this.subtype}`;
  }
}

// Returns a MimeType or null (failure).
function parseMimeType(input) {
  input = trimHttpWhitespace(input);
  let position = 0;
  let slash = position;
  while (slash < input.length && StringPrototypeCharCodeAt(input, slash) !== 0x2f) slash++;
  const type = StringPrototypeSlice(input, position, slash);
  if (type === "" || RegExpPrototypeExec(tokenPattern, type) === null) return null;
  if (slash >= input.length) return null;
  position = slash + 1;
  let semicolon = position;
  while (semicolon < input.length && StringPrototypeCharCodeAt(input, semicolon) !== 0x3b) semicolon++;
  const subtype = trimTrailingHttpWhitespace(StringPrototypeSlice(input, position, semicolon));
  if (subtype === "" || RegExpPrototypeExec(tokenPattern, subtype) === null) return null;
  position = semicolon;
  const mimeType = new MimeType(StringPrototypeToLowerCase(type), StringPrototypeToLowerCase(subtype));
  while (position < input.length) {
    position++;  // the ";"
    while (position < input.length && isHttpWhitespace(StringPrototypeCharCodeAt(input, position))) position++;
    let end = position;
    while (end < input.length) {
      const c = StringPrototypeCharCodeAt(input, end);
      if (c === 0x3b || c === 0x3d) break;
      end++;
    }
    const name = StringPrototypeToLowerCase(StringPrototypeSlice(input, position, end));
    position = end;
    if (position < input.length) {
      if (StringPrototypeCharCodeAt(input, position) === 0x3b) continue;
      position++;  // the "="
    }
    if (position >= input.length) break;
    let value;
    if (StringPrototypeCharCodeAt(input, position) === 0x22) {
      const collected = collectHttpQuotedString(input, position, true);
      value = collected.value;
      position = collected.position;
      while (position < input.length && StringPrototypeCharCodeAt(input, position) !== 0x3b) position++;
    } else {
      end = position;
      while (end < input.length && StringPrototypeCharCodeAt(input, end) !== 0x3b) end++;
      value = trimTrailingHttpWhitespace(StringPrototypeSlice(input, position, end));
      position = end;
      if (value === "") continue;
    }
    if (name !== "" && RegExpPrototypeExec(tokenPattern, name) !== null &&
        RegExpPrototypeExec(quotedStringTokenPattern, value) !== null &&
        !MapPrototypeHas(mimeType.parameters, name)) {
      MapPrototypeSet(mimeType.parameters, name, value);
    }
  }
  return mimeType;
}

function serializeMimeType(mimeType) {
  let serialization = mimeType.essence;
  MapPrototypeForEach(mimeType.parameters, (value, name) => {
    serialization += `;${name}=`;
    if (value === "" || RegExpPrototypeExec(tokenPattern, value) === null) {
      let escaped = "";
      for (let i = 0; i < value.length; i++) {
        const c = value[i];
        escaped += c === "\"" || c === "\\" ? `\\${c}` : c;
      }
      value = `"${escaped}"`;
    }
    serialization += value;
  });
  return serialization;
}

// Fetch "getting, decoding, and splitting" a header value.
function splitHeaderValue(input) {
  const values = [];
  let position = 0;
  let temporary = "";
  for (;;) {
    let end = position;
    while (end < input.length) {
      const c = StringPrototypeCharCodeAt(input, end);
      if (c === 0x22 || c === 0x2c) break;
      end++;
    }
    temporary += StringPrototypeSlice(input, position, end);
    position = end;
    if (position < input.length && StringPrototypeCharCodeAt(input, position) === 0x22) {
      const collected = collectHttpQuotedString(input, position, false);
      temporary += collected.value;
      position = collected.position;
      if (position < input.length) continue;
    }
    let start = 0;
    let stop = temporary.length;
    while (start < stop && (temporary[start] === "\t" || temporary[start] === " ")) start++;
    while (stop > start && (temporary[stop - 1] === "\t" || temporary[stop - 1] === " ")) stop--;
    ArrayPrototypePush(values, StringPrototypeSlice(temporary, start, stop));
    temporary = "";
    if (position >= input.length) return values;
    position++;  // the ","
  }
}

// Fetch "extract a MIME type" from a header list; null is failure.
function extractMimeType(list) {
  const combined = internals.headers.getList(list, "content-type");
  if (combined === null) return null;
  const values = splitHeaderValue(combined);
  let charset = null;
  let essence = null;
  let mimeType = null;
  for (let i = 0; i < values.length; i++) {
    const temporary = parseMimeType(values[i]);
    if (temporary === null || temporary.essence === "*/*") continue;
    mimeType = temporary;
    if (mimeType.essence !== essence) {
      charset = MapPrototypeGet(mimeType.parameters, "charset") ?? null;
      essence = mimeType.essence;
    } else if (!MapPrototypeHas(mimeType.parameters, "charset") && charset !== null) {
      MapPrototypeSet(mimeType.parameters, "charset", charset);
    }
  }
  return mimeType;
}

// --- Bodies ---------------------------------------------------------------------

// Fetch's body: { stream, source, length }. `owned` says the source bytes are
// private to this body, so consuming them may hand over their buffer without
// a copy; `consumed` records a use that did not go through a stream.
class InnerBody {
  constructor(stream, source, length) {
    this.stream = stream;
    this.source = source;  // null | string | Uint8Array | Blob
    this.length = length;  // number | null
    this.owned = isUint8Array(source);
    this.consumed = false;
  }
}

// The stream of a body, made from its source on first use.
function bodyStream(inner) {
  if (inner.stream !== null) return inner.stream;
  const streams = streamsApi();
  if (inner.consumed) {
    // Read without a stream: its stream is closed and disturbed.
    const stream = streams.createReadableByteStream({ start(controller) { streams.close(controller); } });
    PromisePrototypeThen(streams.readableStreamCancel(stream, undefined), undefined, () => {});
    inner.stream = stream;
    return stream;
  }
  const source = inner.source;
  if (isBlob(source)) {
    inner.stream = blobApi().stream(source);
    return inner.stream;
  }
  let chunk;
  if (source === null) {
    chunk = new Uint8Array(0);
  } else if (typeof source === "string") {
    chunk = utf8Encode(source);
  } else if (inner.owned) {
    // Enqueueing transfers the buffer: the source goes into the stream.
    chunk = source;
    inner.source = null;
    inner.owned = false;
  } else {
    chunk = copyBytes(source);
  }
  inner.stream = streams.createReadableByteStream({
    start(controller) {
      if (TypedArrayPrototypeGetByteLength(chunk) > 0) streams.enqueue(controller, chunk);
      streams.close(controller);
    },
  });
  return inner.stream;
}

function isDisturbed(inner) {
  return inner.consumed || (inner.stream !== null && streamsApi().isDisturbed(inner.stream));
}

// Fetch "unusable": disturbed or locked.
function isUnusable(inner) {
  if (inner === null) return false;
  if (inner.consumed) return true;
  if (inner.stream === null) return false;
  const streams = streamsApi();
  return streams.isDisturbed(inner.stream) || streams.isLocked(inner.stream);
}

function unusableError(inner, prefix) {
  const locked = !inner.consumed && inner.stream !== null && !streamsApi().isDisturbed(inner.stream);
  return makeError(TypeError, prefix,
    locked ? "Body is unusable: the body stream is locked" : "Body is unusable: the body has already been read");
}

// Fetch "clone a body": a streamed body is teed and keeps branch 1; a body
// known in full shares its source (now no longer owned by either side).
function cloneBody(inner) {
  if (inner.stream === null && !inner.consumed) {
    const clone = new InnerBody(null, inner.source, inner.length);
    inner.owned = false;
    clone.owned = false;
    return clone;
  }
  const branches = streamsApi().tee(bodyStream(inner), true);
  inner.stream = branches[0];
  const clone = new InnerBody(branches[1], inner.source, inner.length);
  clone.owned = false;
  inner.owned = false;
  return clone;
}

// The bytes of a source; { bytes, owned }.
function sourceBytes(inner) {
  const source = inner.source;
  if (source === null) return { bytes: new Uint8Array(0), owned: true };
  if (typeof source === "string") return { bytes: utf8Encode(source), owned: true };
  if (isBlob(source)) return { bytes: blobApi().bytes(source), owned: true };
  return { bytes: source, owned: inner.owned };
}

// Fetch "extract a body": { body: InnerBody, type: string|null }. `object` is a
// converted BodyInit.
function extractBody(object, keepalive = false, prefix = undefined) {
  let stream = null;
  let source = null;
  let length = null;
  let type = null;
  if (typeof object === "string") {
    source = object;
    type = "text/plain;charset=UTF-8";
  } else if (isReadableStream(object)) {
    if (keepalive) throw makeError(TypeError, prefix, "A keepalive request cannot have a ReadableStream body");
    const streams = streamsApi();
    if (streams.isDisturbed(object) || streams.isLocked(object)) {
      throw makeError(TypeError, prefix, "The ReadableStream body is already locked or disturbed");
    }
    stream = object;
  } else if (isBlob(object)) {
    source = object;
    length = blobApi().size(object);
    const blobType = blobApi().type(object);
    if (blobType !== "") type = blobType;
  } else if (ArrayBufferIsView(object) || isArrayBuffer(object)) {
    source = copyBufferSource(object);
    length = TypedArrayPrototypeGetByteLength(source);
  } else if (isFormData(object)) {
    const { contentType, body } = formDataApi().serializeMultipart(object);
    source = body;
    length = TypedArrayPrototypeGetByteLength(body);
    type = contentType;
  } else if (isURLSearchParams(object)) {
    source = internals.url.serializeSearchParams(object);
    length = source.length;  // ASCII
    type = "application/x-www-form-urlencoded;charset=UTF-8";
  } else {
    throw makeError(TypeError, prefix, "The body is not a valid BodyInit");
  }
  const body = new InnerBody(stream, source, length);
  return { body, type };
}

// The byte length of a body if known (strings are measured when asked).
function bodyLength(inner) {
  if (inner.length === null && typeof inner.source === "string") inner.length = utf8Length(inner.source);
  return inner.length;
}

// WebIDL BodyInit = (ReadableStream or Blob or BufferSource or FormData or
// URLSearchParams or USVString).
// A string stays as it is: its lone surrogates become U+FFFD where it is read
// as text (consumeBody) or encoded (every UTF-8 encoder here replaces them),
// so the USVString conversion is not paid by the bodies nobody reads back.
function convertBodyInit(value, prefix, context) {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") {
    if (isReadableStream(value) || isBlob(value) || ArrayBufferIsView(value) || isArrayBuffer(value) ||
        isFormData(value) || isURLSearchParams(value)) {
      return value;
    }
  }
  return converters.USVString(value, prefix, context);
}

// --- Consuming ----------------------------------------------------------------

// Fetch "package data": bytes (or the whole source string) to the method's result.
function packageData(kind, holder, bytes, owned, text, prefix) {
  switch (kind) {
    case "arrayBuffer":
      return toArrayBuffer(bytes, owned);
    case "bytes":
      return owned ? bytes : copyBytes(bytes);
    case "text":
      return text !== null ? text : utf8Decode(bytes);
    case "json":
      return JSONParse(text !== null ? text : utf8Decode(bytes));
    case "blob": {
      const mimeType = extractMimeType(internals.headers.list(holder.headers));
      return blobApi().create([owned ? bytes : copyBytes(bytes)],
        mimeType === null ? "" : serializeMimeType(mimeType));
    }
    default: {  // formData
      const mimeType = extractMimeType(internals.headers.list(holder.headers));
      if (mimeType !== null) {
        const essence = mimeType.essence;
        if (essence === "multipart/form-data") {
          if (!MapPrototypeHas(mimeType.parameters, "boundary")) {
            throw makeError(TypeError, prefix, "multipart/form-data body without a boundary parameter");
          }
          return formDataApi().parseMultipart(bytes !== null ? bytes : utf8Encode(text), serializeMimeType(mimeType));
        }
        if (essence === "application/x-www-form-urlencoded") {
          return formDataApi().fromUrlencoded(text !== null ? text : utf8DecodeWithoutBOM(bytes));
        }
      }
      throw makeError(TypeError, prefix,
        "Could not parse the body as FormData: the Content-Type is not multipart/form-data or application/x-www-form-urlencoded");
    }
  }
}

// Fetch "consume body". `holder` is the Request/Response state: { body, headers }.
function consumeBody(holder, kind, prefix) {
  const inner = holder.body;
  if (inner !== null && isUnusable(inner)) return PromiseReject(unusableError(inner, prefix));
  try {
    if (inner === null) return PromiseResolve(packageData(kind, holder, new Uint8Array(0), true, "", prefix));
    if (inner.stream === null) {
      // Known in full: no stream.
      inner.consumed = true;
      const source = inner.source;
      if (typeof source === "string" && (kind === "text" || kind === "json" || kind === "formData")) {
        // UTF-8 decode of the encoded string drops a leading BOM (not for urlencoded parsing).
        const usv = webidl.toUSVString(source);
        const text = kind !== "formData" && StringPrototypeCharCodeAt(usv, 0) === 0xfeff
          ? StringPrototypeSlice(usv, 1) : usv;
        return PromiseResolve(packageData(kind, holder, null, false, text, prefix));
      }
      const { bytes, owned } = sourceBytes(inner);
      if (owned && bytes === inner.source) {
        // The bytes go to the caller: this body no longer owns them.
        inner.owned = false;
      }
      return PromiseResolve(packageData(kind, holder, bytes, owned, null, prefix));
    }
    const promise = streamsApi().readAllBytes(inner.stream);
    return PromisePrototypeThen(promise, (bytes) => packageData(kind, holder, bytes, true, null, prefix));
  } catch (error) {
    return PromiseReject(error);
  }
}

// Defines the Body mixin members on `prototype`; getState(object) returns the
// { body, headers } state of a branded object or undefined.
function installBodyMixin(prototype, interfaceName, getState) {
  const checked = (self) => {
    const state = getState(self);
    if (state === undefined) throw new TypeError("Illegal invocation");
    return state;
  };
  const methods = {
    get body() {
      const state = checked(this);
      return state.body === null ? null : bodyStream(state.body);
    },
    get bodyUsed() {
      const state = checked(this);
      return state.body !== null && isDisturbed(state.body);
    },
  };
  for (const kind of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"]) {
    const prefix = `Failed to execute '${kind}' on '${interfaceName}'`;
    // WebIDL: an operation returning a promise rejects instead of throwing.
    methods[kind] = {
      [kind]() {
        const state = getState(this);
        if (state === undefined) return PromiseReject(new TypeError("Illegal invocation"));
        return consumeBody(state, kind, prefix);
      },
    }[kind];
  }
  for (const name of ["body", "bodyUsed"]) {
    const desc = ObjectGetOwnPropertyDescriptor(methods, name);
    ObjectDefineProperty(prototype, name, { get: desc.get, enumerable: true, configurable: true });
  }
  for (const kind of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"]) {
    ObjectDefineProperty(prototype, kind, { value: methods[kind], writable: true, enumerable: true, configurable: true });
  }
}

// For inspection, as Node shows it: the body stream (made now if needed; the
// body then goes out through that stream instead of its source).
function inspectBody(inner) {
  return inner === null ? null : bodyStream(inner);
}

internals.body = {
  __proto__: null,
  InnerBody,
  extractBody,
  convertBodyInit,
  bodyStream,
  bodyLength,
  isUnusable,
  isDisturbed,
  unusableError,
  cloneBody,
  sourceBytes,
  consumeBody,
  installBodyMixin,
  inspectBody,
  parseMimeType,
  serializeMimeType,
  extractMimeType,
  utf8Encode,
  utf8Length,
  isUint8Array,
};

internals.fetchApi ??= { __proto__: null };
// Fetch "extract a body" for native code: { stream, source, length, contentType }.
// The stream is made when first read from the result.
internals.fetchApi.extractBody = (init, keepalive = false) => {
  const { body, type } = extractBody(convertBodyInit(init, "extractBody", "body"), keepalive);
  const source = body.source;
  return {
    __proto__: null,
    get stream() { return bodyStream(body); },
    source: isBlob(source) ? blobApi().bytes(source) : source,
    length: bodyLength(body),
    contentType: type,
  };
};
