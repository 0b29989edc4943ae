// Blob, File and FileReader (W3C File API), and the ProgressEvent FileReader fires.
// A blob's bytes are an immutable list of Uint8Array views: construction
// copies buffers and strings once, while Blob parts and slices share the
// views of the blob they come from (slicing never copies).
// https://w3c.github.io/FileAPI/
"use strict";

const {
  ArrayBufferIsView, ArrayBufferPrototypeGetByteLength, ArrayPrototypePush,
  DataViewPrototypeGetBuffer, DataViewPrototypeGetByteLength, DataViewPrototypeGetByteOffset, DateNow,
  MathMax, MathMin, PromiseReject,
  PromiseResolve, ReflectConstruct, SafeMap, MapPrototypeGet, MapPrototypeSet, MapPrototypeDelete,
  SharedArrayBufferPrototypeGetByteLength, StringPrototypeCharCodeAt, StringPrototypeIndexOf,
  StringPrototypeSlice, StringPrototypeToLowerCase, Symbol, TypeError, Uint8Array,
  TypedArrayPrototypeGetBuffer, TypedArrayPrototypeGetByteLength, TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetLength, TypedArrayPrototypeGetSymbolToStringTag, TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice, TypedArrayPrototypeSubarray, ObjectDefineProperty, ReflectApply,
  RegExpPrototypeExec, StringFromCharCode,
} = internals.primordials;
const { webidl } = internals;
const { converters, makeError } = webidl;

const HostObject = ops.HostObject;
// Captured before user code runs: the global constructors may be replaced later.
const { uncurryThis } = internals.primordials;
const utf8Encode = uncurryThis(globalThis.TextEncoder.prototype.encode);
const utf8Decode = uncurryThis(globalThis.TextDecoder.prototype.decode);
const encoder = new globalThis.TextEncoder();
const textDecoder = new globalThis.TextDecoder();
// Largest chunk Blob.stream() hands out, and the coalescing limits for small parts.
const kStreamChunkSize = 65536;
const kSmallPart = 8192;
const kCoalesceBuffer = 65536;

function illegalInvocation() {
  return new TypeError("Illegal invocation");
}

// Private slots live on the host object the constructor returns (structuredClone
// only hands host objects to the serializer hooks).
class ReturnOverride {
  constructor(object) {
    return object;
  }
}

// { parts: Uint8Array[] (never empty views, never modified), size, type }
let blobData;
let isBlob;
class BlobSlot extends ReturnOverride {
  #data;
  constructor(object, data) {
    super(object);
    this.#data = data;
  }

  static {
    isBlob = (value) => typeof value === "object" && value !== null && #data in value;
    blobData = (value) => value.#data;
  }
}

// { name, lastModified }
let fileData;
let isFile;
class FileSlot extends ReturnOverride {
  #file;
  constructor(object, file) {
    super(object);
    this.#file = file;
  }

  static {
    isFile = (value) => typeof value === "object" && value !== null && #file in value;
    fileData = (value) => value.#file;
  }
}

function requireBlob(value) {
  if (!isBlob(value)) throw illegalInvocation();
  return blobData(value);
}

function requireFile(value) {
  if (!isFile(value)) throw illegalInvocation();
  return fileData(value);
}

function newBlobObject(newTarget, data) {
  const object = ReflectConstruct(HostObject, [], newTarget);
  new BlobSlot(object, data);
  return object;
}

function makeData(parts, size, type) {
  return { __proto__: null, parts, size, type };
}

// Blob's type: printable ASCII lower-cased, anything else gives "".
function normalizeType(type) {
  for (let i = 0; i < type.length; i++) {
    const c = StringPrototypeCharCodeAt(type, i);
    if (c < 0x20 || c > 0x7e) return "";
  }
  return StringPrototypeToLowerCase(type);
}

// "Convert line endings to native": CRLF and lone CR become LF here.
function toNativeLineEndings(s) {
  if (StringPrototypeIndexOf(s, "\r") === -1) return s;
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    if (StringPrototypeCharCodeAt(s, i) !== 0x0d) continue;
    out += `${StringPrototypeSlice(s, last, i)}\n`;
    if (StringPrototypeCharCodeAt(s, i + 1) === 0x0a) i++;
    last = i + 1;
  }
  return out + StringPrototypeSlice(s, last);
}

function isArrayBuffer(value) {
  try {
    ArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {
    return false;
  }
}

function isSharedArrayBuffer(value) {
  try {
    SharedArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {
    return false;
  }
}

// A Uint8Array over the bytes of an ArrayBufferView (typed array or DataView).
function viewBytes(view) {
  if (TypedArrayPrototypeGetSymbolToStringTag(view) !== undefined) {
    return new Uint8Array(TypedArrayPrototypeGetBuffer(view), TypedArrayPrototypeGetByteOffset(view),
      TypedArrayPrototypeGetByteLength(view));
  }
  return new Uint8Array(DataViewPrototypeGetBuffer(view), DataViewPrototypeGetByteOffset(view),
    DataViewPrototypeGetByteLength(view));
}

function viewBuffer(view) {
  return TypedArrayPrototypeGetSymbolToStringTag(view) !== undefined
    ? TypedArrayPrototypeGetBuffer(view) : DataViewPrototypeGetBuffer(view);
}

// BlobPart = (BufferSource or Blob or USVString), converted as WebIDL unions are.
function convertBlobPart(value, prefix, context) {
  if (typeof value === "object" && value !== null) {
    if (isBlob(value)) return value;
    if (ArrayBufferIsView(value)) {
      if (isSharedArrayBuffer(viewBuffer(value))) {
        throw makeError(TypeError, prefix, `${context}: an ArrayBufferView over a SharedArrayBuffer is not allowed`);
      }
      return value;
    }
    if (isArrayBuffer(value)) return value;
  }
  return converters.USVString(value, prefix, context);
}
const blobPartsConverter = webidl.createSequenceConverter(convertBlobPart);

const endingsConverter = webidl.createEnumConverter("EndingType", ["transparent", "native"]);
// Members in lexicographic order, inherited ones first, as WebIDL reads them.
const blobPropertyBag = webidl.createDictionaryConverter("BlobPropertyBag", [
  { key: "endings", converter: endingsConverter, defaultValue: "transparent" },
  { key: "type", converter: converters.DOMString, defaultValue: "" },
]);
const filePropertyBag = webidl.createDictionaryConverter("FilePropertyBag", [
  { key: "endings", converter: endingsConverter, defaultValue: "transparent" },
  { key: "type", converter: converters.DOMString, defaultValue: "" },
  { key: "lastModified", converter: converters["long long"] },
]);

// "Process blob parts": copies buffers and strings (small ones packed together
// so a blob of many tiny parts stays a short list) and shares Blob parts.
function processBlobParts(parts, endings) {
  const out = [];
  let size = 0;
  let pending = null;  // coalescing buffer for small pieces
  let pendingLength = 0;

  const flush = () => {
    if (pendingLength === 0) return;
    ArrayPrototypePush(out, TypedArrayPrototypeSlice(pending, 0, pendingLength));
    pendingLength = 0;
  };
  // `bytes` is copied unless `owned` (a fresh array nobody else can see).
  const add = (bytes, owned) => {
    const length = TypedArrayPrototypeGetLength(bytes);
    if (length === 0) return;
    size += length;
    if (length <= kSmallPart) {
      if (pending === null) pending = new Uint8Array(kCoalesceBuffer);
      if (pendingLength + length > kCoalesceBuffer) flush();
      TypedArrayPrototypeSet(pending, bytes, pendingLength);
      pendingLength += length;
      return;
    }
    flush();
    ArrayPrototypePush(out, owned ? bytes : TypedArrayPrototypeSlice(bytes));
  };

  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === "string") {
      add(utf8Encode(encoder, endings === "native" ? toNativeLineEndings(part) : part), true);
    } else if (isBlob(part)) {
      const data = blobData(part);
      for (let j = 0; j < data.parts.length; j++) {
        const view = data.parts[j];
        // Tiny views are copied so they do not keep big buffers alive in long lists.
        if (TypedArrayPrototypeGetLength(view) < 1024) {
          add(view, false);
        } else {
          flush();
          size += TypedArrayPrototypeGetLength(view);
          ArrayPrototypePush(out, view);
        }
      }
    } else if (ArrayBufferIsView(part)) {
      add(viewBytes(part), false);
    } else {
      add(new Uint8Array(part), false);
    }
  }
  flush();
  return { parts: out, size };
}

// The views covering [start, end) of a blob's parts, without copying.
function sliceParts(parts, start, end) {
  const out = [];
  let offset = 0;
  for (let i = 0; i < parts.length && offset < end; i++) {
    const part = parts[i];
    const length = TypedArrayPrototypeGetLength(part);
    const partEnd = offset + length;
    if (partEnd > start) {
      const from = MathMax(start - offset, 0);
      const to = MathMin(end - offset, length);
      ArrayPrototypePush(out, from === 0 && to === length ? part : TypedArrayPrototypeSubarray(part, from, to));
    }
    offset = partEnd;
  }
  return out;
}

// A copy of all the bytes in one Uint8Array.
function copyBytes(data) {
  const result = new Uint8Array(data.size);
  let offset = 0;
  for (let i = 0; i < data.parts.length; i++) {
    TypedArrayPrototypeSet(result, data.parts[i], offset);
    offset += TypedArrayPrototypeGetLength(data.parts[i]);
  }
  return result;
}

// UTF-8 decode (BOM stripped, errors replaced), part by part.
function decodeText(data) {
  const parts = data.parts;
  if (parts.length === 0) return "";
  let text = "";
  try {
    for (let i = 0; i < parts.length; i++) {
      text += utf8Decode(textDecoder, parts[i], { stream: i + 1 < parts.length });
    }
  } catch (error) {
    // A too-long string: end the stream so the shared decoder starts clean next time.
    utf8Decode(textDecoder, new Uint8Array(0));
    throw error;
  }
  return text;
}

// Blob.stream(): a byte stream of chunks of at most 64 KiB, copied one at a
// time as they are pulled.
function blobStream(data) {
  const streams = internals.streams;
  if (streams === undefined) throw new TypeError("ReadableStream is not available");
  const parts = data.parts;
  let index = 0;
  let offset = 0;
  let remaining = data.size;
  const nextChunk = () => {
    const chunk = new Uint8Array(MathMin(kStreamChunkSize, remaining));
    let filled = 0;
    while (filled < chunk.length) {
      const part = parts[index];
      const take = MathMin(TypedArrayPrototypeGetLength(part) - offset, chunk.length - filled);
      TypedArrayPrototypeSet(chunk, TypedArrayPrototypeSubarray(part, offset, offset + take), filled);
      filled += take;
      offset += take;
      if (offset === TypedArrayPrototypeGetLength(part)) {
        index++;
        offset = 0;
      }
    }
    remaining -= filled;
    return chunk;
  };
  return streams.createReadableByteStream({
    pull(controller) {
      if (remaining > 0) streams.enqueue(controller, nextChunk());
      if (remaining === 0) streams.close(controller);
    },
    cancel() {
      remaining = 0;
    },
  }, 0);
}

const kFileInternal = Symbol("File internal construct");

class Blob {
  constructor(blobParts = undefined, options = undefined) {
    if (blobParts === kFileInternal) return newBlobObject(new.target, options);
    const prefix = "Failed to construct 'Blob'";
    const parts = blobParts === undefined ? [] : blobPartsConverter(blobParts, prefix, "Argument 1");
    const { endings, type } = blobPropertyBag(options, prefix, "Argument 2");
    const { parts: list, size } = processBlobParts(parts, endings);
    return newBlobObject(new.target, makeData(list, size, normalizeType(type)));
  }

  get size() {
    return requireBlob(this).size;
  }

  get type() {
    return requireBlob(this).type;
  }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const data = requireBlob(this);
    const prefix = "Failed to execute 'slice' on 'Blob'";
    const size = data.size;
    let relativeStart = 0;
    let relativeEnd = size;
    if (start !== undefined) {
      start = converters["long long"](start, prefix, "Argument 1", { clamp: true });
      relativeStart = start < 0 ? MathMax(size + start, 0) : MathMin(start, size);
    }
    if (end !== undefined) {
      end = converters["long long"](end, prefix, "Argument 2", { clamp: true });
      relativeEnd = end < 0 ? MathMax(size + end, 0) : MathMin(end, size);
    }
    const type = contentType === undefined ? ""
      : normalizeType(converters.DOMString(contentType, prefix, "Argument 3"));
    const span = MathMax(relativeEnd - relativeStart, 0);
    const parts = span === 0 ? [] : sliceParts(data.parts, relativeStart, relativeStart + span);
    return newBlobObject(Blob, makeData(parts, span, type));
  }

  stream() {
    return blobStream(requireBlob(this));
  }

  text() {
    try {
      return PromiseResolve(decodeText(requireBlob(this)));
    } catch (error) {
      return PromiseReject(error);
    }
  }

  arrayBuffer() {
    try {
      return PromiseResolve(TypedArrayPrototypeGetBuffer(copyBytes(requireBlob(this))));
    } catch (error) {
      return PromiseReject(error);
    }
  }

  bytes() {
    try {
      return PromiseResolve(copyBytes(requireBlob(this)));
    } catch (error) {
      return PromiseReject(error);
    }
  }

  // console.log(blob) prints `Blob { size: 3, type: '' }`, as Node does.
  [internals.inspectCustom](depth, options, inspect) {
    if (!isBlob(this)) return this;
    if (depth < 0) return `[${isFile(this) ? "File" : "Blob"}]`;
    const data = blobData(this);
    const fields = isFile(this)
      ? { size: data.size, type: data.type, name: fileData(this).name, lastModified: fileData(this).lastModified }
      : { size: data.size, type: data.type };
    const nested = { __proto__: null, ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `${isFile(this) ? "File" : "Blob"} ${(inspect ?? internals.inspect)(fields, nested)}`;
  }
}
webidl.configureInterface(Blob);

class File extends Blob {
  constructor(fileBits, fileName, options = undefined) {
    const prefix = "Failed to construct 'File'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    const bits = blobPartsConverter(fileBits, prefix, "Argument 1");
    const name = converters.USVString(fileName, prefix, "Argument 2");
    const { endings, type, lastModified } = filePropertyBag(options, prefix, "Argument 3");
    const { parts, size } = processBlobParts(bits, endings);
    super(kFileInternal, makeData(parts, size, normalizeType(type)));
    new FileSlot(this, { __proto__: null, name, lastModified: lastModified ?? DateNow() });
  }

  get name() {
    return requireFile(this).name;
  }

  get lastModified() {
    return requireFile(this).lastModified;
  }
}
webidl.configureInterface(File);

// Blob and File objects made by the runtime itself (no user-visible constructor runs).
function createBlob(parts, type, size) {
  return newBlobObject(Blob, makeData(parts, size, type));
}

function createFile(parts, size, type, name, lastModified) {
  const file = newBlobObject(File, makeData(parts, size, type));
  new FileSlot(file, { __proto__: null, name, lastModified });
  return file;
}

// Takes over `parts` (Uint8Array[]; the caller must not modify them afterwards).
function partsToList(parts) {
  const list = [];
  let size = 0;
  for (let i = 0; i < parts.length; i++) {
    const length = TypedArrayPrototypeGetLength(parts[i]);
    if (length === 0) continue;
    ArrayPrototypePush(list, parts[i]);
    size += length;
  }
  return { list, size };
}

// structuredClone: a blob's bytes are immutable, so within this realm the
// clone shares them. The serialized record is a key into `pendingClones`,
// which lives until the microtask after the (synchronous) clone.
const pendingClones = new SafeMap();
let nextCloneId = 1;
internals.registerSerializable("Blob", {
  is: isBlob,
  serialize(blob) {
    const data = blobData(blob);
    const id = `${nextCloneId++}`;
    const record = { __proto__: null, data, file: isFile(blob) ? fileData(blob) : null };
    MapPrototypeSet(pendingClones, id, record);
    ops.op_queue_microtask(() => { MapPrototypeDelete(pendingClones, id); });
    return [id];
  },
  deserialize(fields) {
    const record = MapPrototypeGet(pendingClones, fields[0]);
    if (record === undefined) throw new internals.DOMException("Unable to deserialize cloned data.", "DataCloneError");
    const { data, file } = record;
    if (file === null) return newBlobObject(Blob, makeData(data.parts, data.size, data.type));
    return createFile(data.parts, data.size, data.type, file.name, file.lastModified);
  },
});

// ---------------------------------------------------------------- MIME types

const kHttpTokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const kQuotedStringTokenPattern = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;

function isHttpWhitespace(c) {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

// MIME Sniffing "parse a MIME type": { essence, parameters (lower-cased names) } or null.
function parseMimeType(input) {
  let start = 0;
  let end = input.length;
  while (start < end && isHttpWhitespace(StringPrototypeCharCodeAt(input, start))) start++;
  while (end > start && isHttpWhitespace(StringPrototypeCharCodeAt(input, end - 1))) end--;
  const s = StringPrototypeSlice(input, start, end);
  let position = StringPrototypeIndexOf(s, "/");
  if (position === -1) return null;
  const type = StringPrototypeSlice(s, 0, position);
  if (RegExpPrototypeExec(kHttpTokenPattern, type) === null) return null;
  position++;
  let semicolon = StringPrototypeIndexOf(s, ";", position);
  if (semicolon === -1) semicolon = s.length;
  let subtypeEnd = semicolon;
  while (subtypeEnd > position && isHttpWhitespace(StringPrototypeCharCodeAt(s, subtypeEnd - 1))) subtypeEnd--;
  const subtype = StringPrototypeSlice(s, position, subtypeEnd);
  if (RegExpPrototypeExec(kHttpTokenPattern, subtype) === null) return null;
  const parameters = new SafeMap();
  position = semicolon;
  while (position < s.length) {
    position++;  // the ";"
    while (position < s.length && isHttpWhitespace(StringPrototypeCharCodeAt(s, position))) position++;
    let nameEnd = position;
    while (nameEnd < s.length && s[nameEnd] !== ";" && s[nameEnd] !== "=") nameEnd++;
    const name = StringPrototypeToLowerCase(StringPrototypeSlice(s, position, nameEnd));
    position = nameEnd;
    if (position >= s.length) break;
    if (s[position] === ";") continue;
    position++;  // the "="
    let value;
    if (s[position] === "\"") {
      // An HTTP quoted string, backslash escapes resolved; anything up to ";" after it is dropped.
      value = "";
      position++;
      for (;;) {
        while (position < s.length && s[position] !== "\"" && s[position] !== "\\") value += s[position++];
        if (position >= s.length) break;
        if (s[position] === "\\") {
          position++;
          if (position >= s.length) {
            value += "\\";
            break;
          }
          value += s[position++];
        } else {
          position++;
          break;
        }
      }
      while (position < s.length && s[position] !== ";") position++;
    } else {
      let valueEnd = StringPrototypeIndexOf(s, ";", position);
      if (valueEnd === -1) valueEnd = s.length;
      const next = valueEnd;
      while (valueEnd > position && isHttpWhitespace(StringPrototypeCharCodeAt(s, valueEnd - 1))) valueEnd--;
      value = StringPrototypeSlice(s, position, valueEnd);
      position = next;
      if (value === "") continue;
    }
    if (name !== "" && RegExpPrototypeExec(kHttpTokenPattern, name) !== null &&
        RegExpPrototypeExec(kQuotedStringTokenPattern, value) !== null &&
        MapPrototypeGet(parameters, name) === undefined) {
      MapPrototypeSet(parameters, name, value);
    }
  }
  return {
    __proto__: null,
    essence: `${StringPrototypeToLowerCase(type)}/${StringPrototypeToLowerCase(subtype)}`,
    parameters,
  };
}


// ---------------------------------------------------------------- FileReader

const { Event, EventTarget } = internals;
const TextDecoderConstructor = globalThis.TextDecoder;
const setTimeoutFunction = globalThis.setTimeout;

const progressEventInit = webidl.createDictionaryConverter("ProgressEventInit", [
  { key: "bubbles", converter: converters.boolean, defaultValue: false },
  { key: "cancelable", converter: converters.boolean, defaultValue: false },
  { key: "composed", converter: converters.boolean, defaultValue: false },
  { key: "lengthComputable", converter: converters.boolean, defaultValue: false },
  { key: "loaded", converter: converters["unsigned long long"], defaultValue: 0 },
  { key: "total", converter: converters["unsigned long long"], defaultValue: 0 },
]);

// ProgressEvent (XHR Standard), which FileReader fires.
let progressData;
class ProgressEvent extends Event {
  #progress;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'ProgressEvent'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    const init = progressEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#progress = { __proto__: null, lengthComputable: init.lengthComputable, loaded: init.loaded, total: init.total };
  }

  static {
    progressData = (value) => {
      if (typeof value !== "object" || value === null || !(#progress in value)) throw illegalInvocation();
      return value.#progress;
    };
  }

  get lengthComputable() {
    return progressData(this).lengthComputable;
  }

  get loaded() {
    return progressData(this).loaded;
  }

  get total() {
    return progressData(this).total;
  }
}
webidl.configureInterface(ProgressEvent);

const kEmpty = 0;
const kLoading = 1;
const kDone = 2;
const kArrayBuffer = 0;
const kBinaryString = 1;
const kText = 2;
const kDataURL = 3;

// Bytes as a string of the same code units, built in chunks.
function binaryString(bytes) {
  let s = "";
  const length = TypedArrayPrototypeGetLength(bytes);
  for (let i = 0; i < length; i += 8192) {
    s += ReflectApply(StringFromCharCode, null, TypedArrayPrototypeSubarray(bytes, i, MathMin(i + 8192, length)));
  }
  return s;
}

function decoderFor(label) {
  if (label === undefined || label === null) return null;
  try {
    return new TextDecoderConstructor(label);
  } catch {
    return null;
  }
}

// Encoding "decode" with a fallback encoding: a BOM decides first.
function decodeWithFallback(bytes, encodingName, type) {
  let decoder = decoderFor(encodingName);
  if (decoder === null) {
    const mime = parseMimeType(type);
    if (mime !== null) decoder = decoderFor(MapPrototypeGet(mime.parameters, "charset"));
  }
  const length = TypedArrayPrototypeGetLength(bytes);
  if (length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) decoder = decoderFor("utf-8");
  else if (length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) decoder = decoderFor("utf-16be");
  else if (length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) decoder = decoderFor("utf-16le");
  return utf8Decode(decoder ?? textDecoder, bytes);
}

// "Package data".
function packageData(data, kind, encodingName) {
  const bytes = copyBytes(data);
  switch (kind) {
    case kArrayBuffer:
      return TypedArrayPrototypeGetBuffer(bytes);
    case kBinaryString:
      return binaryString(bytes);
    case kText:
      return decodeWithFallback(bytes, encodingName, data.type);
    default:
      return `data:${data.type || "application/octet-stream"};base64,${ops.op_base64_encode(binaryString(bytes))}`;
  }
}

let readerState;
class FileReader extends EventTarget {
  #reader;

  constructor() {
    super();
    // `generation` changes on abort, which cancels the queued tasks of the read.
    this.#reader = { __proto__: null, readyState: kEmpty, result: null, error: null, generation: 0 };
  }

  static {
    readerState = (value) => {
      if (typeof value !== "object" || value === null || !(#reader in value)) throw illegalInvocation();
      return value.#reader;
    };
  }

  readAsArrayBuffer(blob) {
    readOperation(this, arguments.length, blob, kArrayBuffer, undefined, "readAsArrayBuffer");
  }

  readAsBinaryString(blob) {
    readOperation(this, arguments.length, blob, kBinaryString, undefined, "readAsBinaryString");
  }

  readAsText(blob, encoding = undefined) {
    if (encoding !== undefined) {
      encoding = converters.DOMString(encoding, "Failed to execute 'readAsText' on 'FileReader'", "Argument 2");
    }
    readOperation(this, arguments.length, blob, kText, encoding, "readAsText");
  }

  readAsDataURL(blob) {
    readOperation(this, arguments.length, blob, kDataURL, undefined, "readAsDataURL");
  }

  abort() {
    const state = readerState(this);
    if (state.readyState === kEmpty || state.readyState === kDone) {
      state.result = null;
      return;
    }
    state.readyState = kDone;
    state.result = null;
    state.generation++;
    fireProgress(this, "abort", 0, 0);
    if (state.readyState !== kLoading) fireProgress(this, "loadend", 0, 0);
  }

  get readyState() {
    return readerState(this).readyState;
  }

  get result() {
    return readerState(this).result;
  }

  get error() {
    return readerState(this).error;
  }
}

function fireProgress(reader, type, loaded, total) {
  internals.dispatchTrustedEvent(reader, new ProgressEvent(type, { lengthComputable: true, loaded, total }));
}

// The read operation: the bytes are at hand, so reading "in parallel" comes
// down to its events. Each event gets a task of its own, so that promise
// reactions to one (as in `await watcher.wait_for("load")`) run before the next,
// as they do in browsers, where dispatch returns to the event loop in between.
function readOperation(reader, argumentCount, blob, kind, encodingName, method) {
  const state = readerState(reader);
  const prefix = `Failed to execute '${method}' on 'FileReader'`;
  webidl.requiredArguments(argumentCount, 1, prefix);
  if (!isBlob(blob)) throw makeError(TypeError, prefix, "parameter 1 is not of type 'Blob'");
  if (state.readyState === kLoading) {
    throw new internals.DOMException("The object is already busy reading Blobs.", "InvalidStateError");
  }
  const data = blobData(blob);
  const size = data.size;
  state.readyState = kLoading;
  state.result = null;
  state.error = null;
  const generation = ++state.generation;
  // Runs `step` in a later task unless the read was aborted or replaced meanwhile.
  const queue = (step) => {
    setTimeoutFunction(() => {
      if (state.generation === generation) step();
    }, 0);
  };
  const finish = () => {
    state.readyState = kDone;
    let failed = false;
    try {
      state.result = packageData(data, kind, encodingName);
    } catch (error) {
      failed = true;
      state.error = error;
    }
    fireProgress(reader, failed ? "error" : "load", size, size);
    if (state.readyState !== kLoading) {
      queue(() => {
        if (state.readyState !== kLoading) fireProgress(reader, "loadend", size, size);
      });
    }
  };
  queue(() => {
    fireProgress(reader, "loadstart", 0, size);
    if (size === 0) queue(finish);
    else queue(() => {
      fireProgress(reader, "progress", size, size);
      queue(finish);
    });
  });
}

for (const name of ["onloadstart", "onprogress", "onload", "onabort", "onerror", "onloadend"]) {
  internals.defineEventHandler(FileReader.prototype, name);
}
webidl.configureInterface(FileReader);
for (const [name, value] of [["EMPTY", kEmpty], ["LOADING", kLoading], ["DONE", kDone]]) {
  const descriptor = { value, writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(FileReader, name, descriptor);
  ObjectDefineProperty(FileReader.prototype, name, descriptor);
}

internals.blob = {
  __proto__: null,
  Blob,
  File,
  isBlob,
  isFile,
  bytes: (blob) => copyBytes(requireBlob(blob)),
  stream: (blob) => blobStream(requireBlob(blob)),
  text: (blob) => decodeText(requireBlob(blob)),
  create(parts, type = "") {
    const { list, size } = partsToList(parts);
    return createBlob(list, type, size);
  },
  createFile(parts, name, type = "", lastModified = DateNow()) {
    const { list, size } = partsToList(parts);
    return createFile(list, size, type, name, lastModified);
  },
  // A File with the bytes of `blob` (shared, not copied).
  toFile(blob, name, type = requireBlob(blob).type, lastModified = isFile(blob) ? fileData(blob).lastModified : DateNow()) {
    const data = requireBlob(blob);
    return createFile(data.parts, data.size, type, name, lastModified);
  },
  // The blob's views (shared: read them, never write them).
  parts: (blob) => requireBlob(blob).parts,
  type: (blob) => requireBlob(blob).type,
  size: (blob) => requireBlob(blob).size,
  name: (blob) => requireFile(blob).name,
  lastModified: (blob) => requireFile(blob).lastModified,
  parseMimeType,
};
internals.ProgressEvent = ProgressEvent;

webidl.defineGlobals({ Blob, File, FileReader, ProgressEvent });
