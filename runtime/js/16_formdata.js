// FormData (XHR Standard) and its two body encodings: multipart/form-data
// (HTML's encoding algorithm; Fetch's parser) and application/x-www-form-urlencoded.
// https://xhr.spec.whatwg.org/#interface-formdata
"use strict";

const {
  ArrayPrototypePush, ArrayPrototypeSplice, ArrayBufferIsView, DateNow,
  MathMin, ObjectDefineProperty, ReflectConstruct,
  RegExpPrototypeExec, StringFromCharCode, StringPrototypeCharCodeAt, StringPrototypeIndexOf,
  StringPrototypeSlice, StringPrototypeToLowerCase, TypeError,
  Uint8Array, TypedArrayPrototypeGetLength, TypedArrayPrototypeIndexOf, TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice, TypedArrayPrototypeGetSymbolToStringTag, TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetByteLength, DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteOffset, DataViewPrototypeGetByteLength, SafeMap, MapPrototypeGet, MapPrototypeSet, String,
} = internals.primordials;
const { webidl } = internals;
const { converters, makeError } = webidl;
const blobs = internals.blob;

const HostObject = ops.HostObject;

const toUSVString = converters.USVString;

// The entry list: [name, string | File] pairs.
const formDataSlot = webidl.createSlot();
const stateOf = formDataSlot.get;
const isFormData = formDataSlot.has;

function newFormData(newTarget, list) {
  // A host object, so structuredClone rejects it as it does other platform objects.
  const object = ReflectConstruct(HostObject, [], newTarget);
  formDataSlot.attach(object, { __proto__: null, list });
  return object;
}

// "Create an entry": a Blob becomes a File named "blob"; a filename renames it.
// The bytes are shared with the original.
function entryValue(value, filename) {
  if (!blobs.isFile(value)) value = blobs.toFile(value, "blob", blobs.type(value), DateNow());
  if (filename !== undefined) value = blobs.toFile(value, filename);
  return value;
}

// The overloads (name, USVString value) and (name, Blob value, optional filename).
function convertEntry(argumentCount, name, value, filename, prefix) {
  name = toUSVString(name, prefix, "Argument 1");
  if (argumentCount > 2 || blobs.isBlob(value)) {
    if (!blobs.isBlob(value)) throw makeError(TypeError, prefix, "parameter 2 is not of type 'Blob'");
    if (filename !== undefined) filename = toUSVString(filename, prefix, "Argument 3");
    return [name, entryValue(value, filename)];
  }
  return [name, toUSVString(value, prefix, "Argument 2")];
}

class FormData {
  constructor(form = undefined, submitter = undefined) {
    const prefix = "Failed to construct 'FormData'";
    // There is no HTMLFormElement here, so no value can convert to one.
    if (form !== undefined) throw makeError(TypeError, prefix, "parameter 1 is not of type 'HTMLFormElement'");
    if (submitter !== undefined && submitter !== null) {
      throw makeError(TypeError, prefix, "parameter 2 is not of type 'HTMLElement'");
    }
    return newFormData(new.target, []);
  }

  append(name, value, filename = undefined) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'append' on 'FormData'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    ArrayPrototypePush(state.list, convertEntry(arguments.length, name, value, filename, prefix));
  }

  delete(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'delete' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    const list = state.list;
    for (let i = 0; i < list.length;) {
      if (list[i][0] === name) ArrayPrototypeSplice(list, i, 1);
      else i++;
    }
  }

  get(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'get' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    const list = state.list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) return list[i][1];
    }
    return null;
  }

  getAll(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'getAll' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    const result = [];
    const list = state.list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) ArrayPrototypePush(result, list[i][1]);
    }
    return result;
  }

  has(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'has' on 'FormData'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    const list = state.list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) return true;
    }
    return false;
  }

  set(name, value, filename = undefined) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'set' on 'FormData'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    const entry = convertEntry(arguments.length, name, value, filename, prefix);
    // Replace the first entry with this name and remove the others.
    const list = state.list;
    let found = false;
    for (let i = 0; i < list.length;) {
      if (list[i][0] !== entry[0]) {
        i++;
      } else if (!found) {
        found = true;
        list[i] = entry;
        i++;
      } else {
        ArrayPrototypeSplice(list, i, 1);
      }
    }
    if (!found) ArrayPrototypePush(list, entry);
  }

  // console.log(formData) prints `FormData { a: 'b', f: File {...} }`; a
  // repeated name shows its values as an array.
  [internals.inspectCustom](depth, options, inspect) {
    if (!isFormData(this)) return this;
    if (depth < 0) return "[FormData]";
    const shown = {};
    const repeated = new SafeMap();
    const list = stateOf(this).list;
    for (let i = 0; i < list.length; i++) {
      const [name, value] = list[i];
      const values = MapPrototypeGet(repeated, name);
      if (values === undefined) {
        MapPrototypeSet(repeated, name, [value]);
        ObjectDefineProperty(shown, name, { value, writable: true, enumerable: true, configurable: true });
      } else {
        ArrayPrototypePush(values, value);
        ObjectDefineProperty(shown, name, { value: values, writable: true, enumerable: true, configurable: true });
      }
    }
    const nested = { __proto__: null, ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `FormData ${(inspect ?? internals.inspect)(shown, nested)}`;
  }
}
webidl.configureInterface(FormData);
webidl.mixinPairIterator("FormData", FormData, { target: stateOf, pairs: (state) => state.list });

// ---------------------------------------------------------------- encoding

// Captured before user code runs: the global constructors may be replaced later.
const { uncurryThis } = internals.primordials;
const utf8Encode = uncurryThis(globalThis.TextEncoder.prototype.encode);
const utf8Decode = uncurryThis(globalThis.TextDecoder.prototype.decode);
const encoder = new globalThis.TextEncoder();
// UTF-8 decode without BOM (a BOM stays), errors replaced.
const decoder = new globalThis.TextDecoder("utf-8", { ignoreBOM: true });
const encodeUtf8 = (s) => utf8Encode(encoder, s);
const decodeUtf8 = (bytes) => utf8Decode(decoder, bytes);

// CR not followed by LF and LF not preceded by CR become CRLF.
function normalizeNewlines(s) {
  if (StringPrototypeIndexOf(s, "\r") === -1 && StringPrototypeIndexOf(s, "\n") === -1) return s;
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c === 0x0d) {
      if (StringPrototypeCharCodeAt(s, i + 1) === 0x0a) {
        i++;
        continue;
      }
    } else if (c !== 0x0a) {
      continue;
    }
    out += `${StringPrototypeSlice(s, last, i)}\r\n`;
    last = i + 1;
  }
  return out + StringPrototypeSlice(s, last);
}

// Field names and filenames in Content-Disposition: LF, CR and " are percent-escaped.
function escapeName(s) {
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    const escaped = c === 0x0a ? "%0A" : c === 0x0d ? "%0D" : c === 0x22 ? "%22" : null;
    if (escaped === null) continue;
    out += StringPrototypeSlice(s, last, i) + escaped;
    last = i + 1;
  }
  return last === 0 ? s : out + StringPrototypeSlice(s, last);
}

const kBoundaryAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function makeBoundary() {
  const random = ops.op_crypto_get_random_values(new Uint8Array(24));
  let boundary = "----NanoFormBoundary";
  for (let i = 0; i < random.length; i++) boundary += kBoundaryAlphabet[random[i] % kBoundaryAlphabet.length];
  return boundary;
}

// The multipart/form-data encoding of an entry list, as a list of views:
// file contents are the blobs' own (shared) views.
function multipartParts(list) {
  const boundary = makeBoundary();
  const parts = [];
  let length = 0;
  const push = (bytes) => {
    const n = TypedArrayPrototypeGetLength(bytes);
    if (n === 0) return;
    ArrayPrototypePush(parts, bytes);
    length += n;
  };
  for (let i = 0; i < list.length; i++) {
    const [name, value] = list[i];
    const disposition = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(normalizeNewlines(name))}"`;
    if (typeof value === "string") {
      push(encodeUtf8(`${disposition}\r\n\r\n${normalizeNewlines(value)}\r\n`));
      continue;
    }
    const type = blobs.type(value) || "application/octet-stream";
    push(encodeUtf8(`${disposition}; filename="${escapeName(blobs.name(value))}"\r\nContent-Type: ${type}\r\n\r\n`));
    const fileParts = blobs.parts(value);
    for (let j = 0; j < fileParts.length; j++) push(fileParts[j]);
    push(encodeUtf8("\r\n"));
  }
  push(encodeUtf8(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, parts, length };
}

function concat(parts, length) {
  const result = new Uint8Array(length);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    TypedArrayPrototypeSet(result, parts[i], offset);
    offset += TypedArrayPrototypeGetLength(parts[i]);
  }
  return result;
}

// ---------------------------------------------------------------- parsing

const kHttpTokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const { parseMimeType } = blobs;

function malformed(problem) {
  return new TypeError(`Failed to parse multipart/form-data: ${problem}`);
}

// Index of `pattern` in `bytes` at or after `from`, or -1.
function indexOfBytes(bytes, pattern, from) {
  const first = pattern[0];
  const patternLength = TypedArrayPrototypeGetLength(pattern);
  const limit = TypedArrayPrototypeGetLength(bytes) - patternLength;
  let i = from;
  for (;;) {
    if (i > limit) return -1;
    i = TypedArrayPrototypeIndexOf(bytes, first, i);
    if (i === -1 || i > limit) return -1;
    let k = 1;
    while (k < patternLength && bytes[i + k] === pattern[k]) k++;
    if (k === patternLength) return i;
    i++;
  }
}

function startsWithAt(bytes, pattern, at) {
  const patternLength = TypedArrayPrototypeGetLength(pattern);
  if (at + patternLength > TypedArrayPrototypeGetLength(bytes)) return false;
  for (let k = 0; k < patternLength; k++) {
    if (bytes[at + k] !== pattern[k]) return false;
  }
  return true;
}

// Bytes as a string of the same code units (header text is small).
function isomorphicDecode(bytes, start, end) {
  let s = "";
  for (let i = start; i < end; i += 4096) {
    const stop = MathMin(i + 4096, end);
    let chunk = "";
    for (let j = i; j < stop; j++) chunk += StringFromCharCode(bytes[j]);
    s += chunk;
  }
  return s;
}

function latin1Bytes(s) {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = StringPrototypeCharCodeAt(s, i);
  return bytes;
}

// A name or filename parameter: %0A, %0D and %22 unescaped, then UTF-8 decoded.
function decodeParameter(raw) {
  let s = "";
  let last = 0;
  for (let i = StringPrototypeIndexOf(raw, "%"); i !== -1; i = StringPrototypeIndexOf(raw, "%", i + 1)) {
    const escape = StringPrototypeSlice(raw, i, i + 3);
    const c = escape === "%0A" ? "\n" : escape === "%0D" ? "\r" : escape === "%22" ? "\"" : null;
    if (c === null) continue;
    s += StringPrototypeSlice(raw, last, i) + c;
    last = i + 3;
    i += 2;
  }
  return decodeUtf8(latin1Bytes(s + StringPrototypeSlice(raw, last)));
}

function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

// RFC 8187 ext-value (charset'language'percent-encoded), as in filename*=UTF-8''x.
// Null for a charset other than UTF-8 or ISO-8859-1.
function decodeExtValue(raw) {
  const first = StringPrototypeIndexOf(raw, "'");
  const second = first === -1 ? -1 : StringPrototypeIndexOf(raw, "'", first + 1);
  if (second === -1) return null;
  const charset = StringPrototypeToLowerCase(StringPrototypeSlice(raw, 0, first));
  const encoded = StringPrototypeSlice(raw, second + 1);
  const bytes = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = StringPrototypeCharCodeAt(encoded, i);
    if (c === 0x25 && i + 2 < encoded.length) {
      const high = hexValue(StringPrototypeCharCodeAt(encoded, i + 1));
      const low = hexValue(StringPrototypeCharCodeAt(encoded, i + 2));
      if (high !== -1 && low !== -1) {
        ArrayPrototypePush(bytes, high * 16 + low);
        i += 2;
        continue;
      }
    }
    ArrayPrototypePush(bytes, c & 0xff);
  }
  const array = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) array[i] = bytes[i];
  if (charset === "utf-8") return decodeUtf8(array);
  if (charset === "iso-8859-1") return isomorphicDecode(array, 0, array.length);
  return null;
}

// Content-Disposition: form-data; name="..."[; filename="..."][; filename*=...].
// Parameters may come in any order and be tokens or quoted strings.
function parseContentDisposition(value, result) {
  let position = StringPrototypeIndexOf(value, ";");
  const type = StringPrototypeSlice(value, 0, position === -1 ? value.length : position);
  if (StringPrototypeToLowerCase(trimWhitespace(type)) !== "form-data") {
    throw malformed(`a part's Content-Disposition is '${type}', not 'form-data'`);
  }
  result.name = null;
  result.filename = null;
  let filenameStar = null;
  if (position === -1) return;
  while (position < value.length) {
    position++;  // the ";"
    while (position < value.length && (value[position] === " " || value[position] === "\t")) position++;
    let keyEnd = position;
    while (keyEnd < value.length && value[keyEnd] !== "=" && value[keyEnd] !== ";") keyEnd++;
    const key = StringPrototypeToLowerCase(trimWhitespace(StringPrototypeSlice(value, position, keyEnd)));
    position = keyEnd;
    if (position >= value.length || value[position] === ";") continue;
    position++;  // the "="
    while (position < value.length && (value[position] === " " || value[position] === "\t")) position++;
    let raw;
    if (value[position] === "\"") {
      const close = StringPrototypeIndexOf(value, "\"", position + 1);
      if (close === -1) throw malformed(`unterminated quoted '${key}' in Content-Disposition`);
      raw = StringPrototypeSlice(value, position + 1, close);
      position = close + 1;
      while (position < value.length && (value[position] === " " || value[position] === "\t")) position++;
      if (position < value.length && value[position] !== ";") {
        throw malformed(`unexpected text after the quoted '${key}' in Content-Disposition`);
      }
    } else {
      let end = StringPrototypeIndexOf(value, ";", position);
      if (end === -1) end = value.length;
      raw = trimWhitespace(StringPrototypeSlice(value, position, end));
      position = end;
    }
    if (key === "name") result.name = decodeParameter(raw);
    else if (key === "filename") result.filename = decodeParameter(raw);
    else if (key === "filename*") filenameStar = decodeExtValue(raw);
  }
  if (filenameStar !== null) result.filename = filenameStar;
}

function trimWhitespace(s) {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === " " || s[start] === "\t")) start++;
  while (end > start && (s[end - 1] === " " || s[end - 1] === "\t")) end--;
  return StringPrototypeSlice(s, start, end);
}

// Fetch "parse multipart/form-data headers": returns the position after the
// blank line ending them.
function parsePartHeaders(bytes, position, result) {
  const length = TypedArrayPrototypeGetLength(bytes);
  result.name = null;
  result.filename = null;
  result.contentType = null;
  for (;;) {
    if (position + 1 < length && bytes[position] === 0x0d && bytes[position + 1] === 0x0a) {
      if (result.name === null) throw malformed("a part has no Content-Disposition name");
      return position + 2;
    }
    let lineEnd = position;
    while (lineEnd < length && bytes[lineEnd] !== 0x0d && bytes[lineEnd] !== 0x0a) lineEnd++;
    if (lineEnd + 1 >= length || bytes[lineEnd] !== 0x0d || bytes[lineEnd + 1] !== 0x0a) {
      throw malformed("a part's headers do not end with CRLF CRLF");
    }
    const line = isomorphicDecode(bytes, position, lineEnd);
    const colon = StringPrototypeIndexOf(line, ":");
    if (colon === -1) throw malformed(`a part's header line has no ':'`);
    const headerName = trimWhitespace(StringPrototypeSlice(line, 0, colon));
    if (RegExpPrototypeExec(kHttpTokenPattern, headerName) === null) {
      throw malformed(`'${headerName}' is not a valid header name`);
    }
    const headerValue = trimWhitespace(StringPrototypeSlice(line, colon + 1));
    switch (StringPrototypeToLowerCase(headerName)) {
      case "content-disposition":
        parseContentDisposition(headerValue, result);
        break;
      case "content-type":
        result.contentType = headerValue;
        break;
      default:
        break;
    }
    position = lineEnd + 2;
  }
}

function isAscii(s) {
  for (let i = 0; i < s.length; i++) {
    if (StringPrototypeCharCodeAt(s, i) > 0x7f) return false;
  }
  return true;
}

function toUint8Array(input) {
  if (typeof input === "string") return encodeUtf8(input);
  if (ArrayBufferIsView(input)) {
    if (TypedArrayPrototypeGetSymbolToStringTag(input) === "Uint8Array") return input;
    if (TypedArrayPrototypeGetSymbolToStringTag(input) !== undefined) {
      return new Uint8Array(TypedArrayPrototypeGetBuffer(input), TypedArrayPrototypeGetByteOffset(input),
        TypedArrayPrototypeGetByteLength(input));
    }
    return new Uint8Array(DataViewPrototypeGetBuffer(input), DataViewPrototypeGetByteOffset(input),
      DataViewPrototypeGetByteLength(input));
  }
  if (webidl.isArrayBuffer(input)) return new Uint8Array(input);
  throw new TypeError("Failed to parse multipart/form-data: the body is not a byte sequence or a string");
}

// Fetch's multipart/form-data parser. Lenient where RFC 2046 allows it: a
// preamble before the first boundary, whitespace after a boundary, and an
// epilogue (or no CRLF) after the closing boundary.
function parseMultipart(input, contentType) {
  const bytes = toUint8Array(input);
  const length = TypedArrayPrototypeGetLength(bytes);
  const mime = parseMimeType(String(contentType));
  if (mime === null || mime.essence !== "multipart/form-data") {
    throw malformed(`'${contentType}' is not a multipart/form-data MIME type`);
  }
  const boundaryString = MapPrototypeGet(mime.parameters, "boundary");
  if (boundaryString === undefined || boundaryString === "") throw malformed("the MIME type has no boundary");
  const dashBoundary = encodeUtf8(`--${boundaryString}`);
  const delimiter = encodeUtf8(`\r\n--${boundaryString}`);
  const dashLength = TypedArrayPrototypeGetLength(dashBoundary);

  let position;
  if (startsWithAt(bytes, dashBoundary, 0)) {
    position = 0;
  } else {
    const first = indexOfBytes(bytes, delimiter, 0);
    if (first === -1) throw malformed("the boundary does not occur in the body");
    position = first + 2;
  }
  const list = [];
  const headers = { __proto__: null, name: null, filename: null, contentType: null };
  for (;;) {
    // At a "--boundary".
    position += dashLength;
    if (position + 1 < length && bytes[position] === 0x2d && bytes[position + 1] === 0x2d) return list;
    while (position < length && (bytes[position] === 0x20 || bytes[position] === 0x09)) position++;
    if (position + 1 >= length || bytes[position] !== 0x0d || bytes[position + 1] !== 0x0a) {
      throw malformed(position >= length ? "the body ends without a closing boundary"
        : "a boundary is not followed by CRLF");
    }
    position = parsePartHeaders(bytes, position + 2, headers);
    const bodyEnd = indexOfBytes(bytes, delimiter, position);
    if (bodyEnd === -1) throw malformed("a part is not followed by a boundary");
    const { name, filename } = headers;
    let value;
    if (filename !== null) {
      let type = headers.contentType ?? "text/plain";
      if (!isAscii(type)) type = "";
      value = blobs.createFile([TypedArrayPrototypeSlice(bytes, position, bodyEnd)], filename, type, DateNow());
    } else {
      value = decodeUtf8(TypedArrayPrototypeSlice(bytes, position, bodyEnd));
    }
    ArrayPrototypePush(list, [name, value]);
    position = bodyEnd + 2;
  }
}

internals.formData = {
  __proto__: null,
  FormData,
  isFormData,
  entries(formData) {
    const list = stateOf(formData).list;
    const result = [];
    for (let i = 0; i < list.length; i++) ArrayPrototypePush(result, [list[i][0], list[i][1]]);
    return result;
  },
  // { contentType, body: Uint8Array }
  serializeMultipart(formData) {
    const { contentType, parts, length } = multipartParts(stateOf(formData).list);
    return { contentType, body: concat(parts, length) };
  },
  // { contentType, blob }: the same body as a Blob that shares the files' bytes
  // (for streaming a large upload without copying it first).
  serializeMultipartBlob(formData) {
    const { contentType, parts } = multipartParts(stateOf(formData).list);
    return { contentType, blob: blobs.create(parts, "") };
  },
  parseMultipart(bytes, contentType) {
    return newFormData(FormData, parseMultipart(bytes, contentType));
  },
  fromUrlencoded(input) {
    const pairs = internals.url.parseUrlencoded(input);
    const list = [];
    for (let i = 0; i < pairs.length; i++) ArrayPrototypePush(list, [pairs[i][0], pairs[i][1]]);
    return newFormData(FormData, list);
  },
};

webidl.defineGlobals({ FormData });
