// Headers (Fetch §5.2): a header list with a guard.
// https://fetch.spec.whatwg.org/#headers-class
//
// The header list is an array of [name, value] pairs with lower-cased names
// (Fetch compares names case-insensitively, and only networking could observe
// the original case). It is shared with internals.fetchApi.headersList().
//
// Server-side runtime (as Deno and workerd): forbidden request-header names
// (Cookie, Host, ...) and forbidden response-header names (Set-Cookie) are NOT
// filtered, so the "request" and "response" guards only differ from "none" in
// name. "immutable" rejects every change and "request-no-cors" keeps only
// no-CORS-safelisted request-headers, as the spec says.
"use strict";

const {
  ArrayPrototypePush, ArrayPrototypeSort, FunctionPrototypeCall,
  ObjectCreate, ObjectKeys, ObjectPrototypePropertyIsEnumerable, ReflectGetOwnPropertyDescriptor,
  ReflectOwnKeys, RegExpPrototypeExec, SafeSet, StringPrototypeCharCodeAt, StringPrototypeSlice, StringPrototypeToLowerCase,
  Symbol, SymbolIterator, TypeError, StringPrototypeReplace, NumberPrototypeToString,
} = internals.primordials;
const { webidl } = internals;
const { converters, makeError } = webidl;

// RFC 9110 token: a header name.
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A header value after normalisation: no NUL, CR or LF (Fetch "header value").
const invalidValuePattern = /[\0\r\n]/;
const upperCasePattern = /[A-Z]/;
// Names handlers write all the time, known to be lower-case tokens: these skip
// the two pattern tests of appendHeader (a Set lookup is cheaper).
const commonNames = new SafeSet([
  "accept", "accept-encoding", "accept-language", "access-control-allow-origin", "authorization",
  "cache-control", "content-encoding", "content-language", "content-length", "content-type", "cookie", "etag",
  "date", "expires", "host", "if-modified-since", "if-none-match", "last-modified", "location", "origin",
  "referer", "server", "set-cookie", "user-agent", "vary", "x-forwarded-for", "x-request-id",
]);

function isHttpWhitespace(c) {
  return c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;
}

// Fetch "normalize": strip leading and trailing HTTP whitespace bytes.
function normalizeValue(value) {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(StringPrototypeCharCodeAt(value, start))) start++;
  while (end > start && isHttpWhitespace(StringPrototypeCharCodeAt(value, end - 1))) end--;
  return start === 0 && end === value.length ? value : StringPrototypeSlice(value, start, end);
}

function isHeaderName(name) {
  return RegExpPrototypeExec(tokenPattern, name) !== null;
}

function isHeaderValue(value) {
  // Short values (nearly all) are checked faster by a loop than by the regexp.
  if (value.length > 64) return RegExpPrototypeExec(invalidValuePattern, value) === null;
  for (let i = 0; i < value.length; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (c === 0x00 || c === 0x0a || c === 0x0d) return false;
  }
  return true;
}

// A value Fetch "append" takes as it is: visible ASCII and inner spaces only
// (so a ByteString, normalized, and a valid header value). Long values go the
// long way, where a regexp does the scanning.
function isPlainValue(value) {
  const length = value.length;
  if (length === 0) return true;
  if (length > 64 || StringPrototypeCharCodeAt(value, 0) === 0x20 ||
      StringPrototypeCharCodeAt(value, length - 1) === 0x20) return false;
  for (let i = 0; i < length; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function lowerName(name) {
  return RegExpPrototypeExec(upperCasePattern, name) === null ? name : StringPrototypeToLowerCase(name);
}

// The name argument of get/has/delete: converted, checked, lower-cased. A
// common name is a lower-case token already: no conversion or regexp.
function nameArgument(name, prefix) {
  if (commonNames.has(name)) return name;
  name = converters.ByteString(name, prefix, "Argument 1");
  if (!isHeaderName(name)) throw invalidName(prefix, name);
  return lowerName(name);
}

function invalidName(prefix, name) {
  return makeError(TypeError, prefix, `Invalid header name: '${printable(name)}'`);
}

// Control characters are shown escaped, so the message stays on one line.
function printable(value) {
  return StringPrototypeReplace(value, /[\0-\x1f\x7f]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    const code = StringPrototypeCharCodeAt(c, 0);
    return `\\x${code < 16 ? "0" : ""}${NumberPrototypeToString(code, 16)}`;
  });
}

function invalidValue(prefix, name, value) {
  return makeError(TypeError, prefix, `Invalid header value for '${name}': '${printable(value)}'`);
}

// --- Header list operations (names already lower-cased) -----------------------

function listContains(list, name) {
  for (let i = 0; i < list.length; i++) if (list[i][0] === name) return true;
  return false;
}

// Fetch "get": the values joined with ", ", or null.
function listGet(list, name) {
  let result = null;
  for (let i = 0; i < list.length; i++) {
    if (list[i][0] !== name) continue;
    result = result === null ? list[i][1] : `${result}, ${list[i][1]}`;
  }
  return result;
}

function listDelete(list, name) {
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i][0] !== name) list[j++] = list[i];
  }
  list.length = j;
}

// Fetch "set": replaces the first entry with that name and removes the others.
function listSet(list, name, value) {
  let found = false;
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (entry[0] === name) {
      if (found) continue;
      found = true;
      list[j++] = [name, value];
      continue;
    }
    list[j++] = entry;
  }
  list.length = j;
  if (!found) list[list.length] = [name, value];
}

// Fetch "sort and combine": sorted by name, values combined except Set-Cookie.
function sortAndCombine(list) {
  const names = [];
  for (let i = 0; i < list.length; i++) {
    const name = list[i][0];
    let seen = false;
    for (let j = 0; j < names.length; j++) {
      if (names[j] === name) {
        seen = true;
        break;
      }
    }
    if (!seen) ArrayPrototypePush(names, name);
  }
  ArrayPrototypeSort(names, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const result = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === "set-cookie") {
      for (let j = 0; j < list.length; j++) {
        if (list[j][0] === name) ArrayPrototypePush(result, [name, list[j][1]]);
      }
    } else {
      ArrayPrototypePush(result, [name, listGet(list, name)]);
    }
  }
  return result;
}

// --- CORS-safelisting, for the "request-no-cors" guard -----------------------

function isCorsUnsafeRequestHeaderByte(c) {
  return (c < 0x20 && c !== 0x09) || c === 0x22 || c === 0x28 || c === 0x29 || c === 0x3a || c === 0x3c ||
    c === 0x3e || c === 0x3f || c === 0x40 || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x7b ||
    c === 0x7d || c === 0x7f;
}

// Fetch "CORS-safelisted request-header", restricted to the no-CORS names.
function isNoCorsSafelistedRequestHeader(name, value) {
  if (name !== "accept" && name !== "accept-language" && name !== "content-language" && name !== "content-type") {
    return false;
  }
  if (value.length > 128) return false;
  switch (name) {
    case "accept":
      for (let i = 0; i < value.length; i++) {
        if (isCorsUnsafeRequestHeaderByte(StringPrototypeCharCodeAt(value, i))) return false;
      }
      return true;
    case "accept-language":
    case "content-language":
      for (let i = 0; i < value.length; i++) {
        const c = StringPrototypeCharCodeAt(value, i);
        const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
          c === 0x20 || c === 0x2a || c === 0x2c || c === 0x2d || c === 0x2e || c === 0x3b || c === 0x3d;
        if (!ok) return false;
      }
      return true;
    default: {  // content-type
      for (let i = 0; i < value.length; i++) {
        if (isCorsUnsafeRequestHeaderByte(StringPrototypeCharCodeAt(value, i))) return false;
      }
      const mimeType = internals.body?.parseMimeType(value) ?? null;
      if (mimeType === null) return false;
      const essence = mimeType.essence;
      return essence === "application/x-www-form-urlencoded" || essence === "multipart/form-data" ||
        essence === "text/plain";
    }
  }
}

// Fetch "remove privileged no-CORS request-headers".
function removePrivilegedNoCorsHeaders(list) {
  listDelete(list, "range");
}

// --- Headers -----------------------------------------------------------------

const kConstruct = Symbol("Headers construct");
let headersState;
// The state createHeaders() hands to the constructor it calls.
let constructState = null;

class Headers {
  #state;

  constructor(init = undefined) {
    if (init === kConstruct) {
      this.#state = constructState;
      constructState = null;
      return;
    }
    const prefix = "Failed to construct 'Headers'";
    this.#state = { list: [], guard: "none", sorted: null };
    if (init !== undefined) fillHeaders(this.#state, convertHeadersInit(init, prefix, "Argument 1"), prefix);
  }

  static {
    headersState = (value) =>
      value !== null && typeof value === "object" && #state in value ? value.#state : undefined;
  }

  append(name, value) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'append' on 'Headers'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = converters.ByteString(name, prefix, "Argument 1");
    value = converters.ByteString(value, prefix, "Argument 2");
    appendHeader(state, name, value, prefix);
  }

  delete(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'delete' on 'Headers'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = nameArgument(name, prefix);
    if (state.guard === "immutable") throw makeError(TypeError, prefix, "Headers are immutable");
    // Fetch: only no-CORS-safelisted and privileged no-CORS names can be removed.
    if (state.guard === "request-no-cors" && name !== "range" && name !== "accept" &&
        name !== "accept-language" && name !== "content-language" && name !== "content-type") return;
    if (!listContains(state.list, name)) return;
    listDelete(state.list, name);
    state.sorted = null;
  }

  get(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'get' on 'Headers'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    return listGet(state.list, nameArgument(name, prefix));
  }

  getSetCookie() {
    const { list } = stateOf(this);
    const result = [];
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === "set-cookie") ArrayPrototypePush(result, list[i][1]);
    }
    return result;
  }

  has(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'has' on 'Headers'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    return listContains(state.list, nameArgument(name, prefix));
  }

  set(name, value) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'set' on 'Headers'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = converters.ByteString(name, prefix, "Argument 1");
    value = converters.ByteString(value, prefix, "Argument 2");
    value = normalizeValue(value);
    if (!isHeaderName(name)) throw invalidName(prefix, name);
    if (!isHeaderValue(value)) throw invalidValue(prefix, name, value);
    if (state.guard === "immutable") throw makeError(TypeError, prefix, "Headers are immutable");
    name = lowerName(name);
    if (state.guard === "request-no-cors" && !isNoCorsSafelistedRequestHeader(name, value)) return;
    listSet(state.list, name, value);
    if (state.guard === "request-no-cors") removePrivilegedNoCorsHeaders(state.list);
    state.sorted = null;
  }

  [internals.inspectCustom](depth, options, inspect) {
    const state = headersState(this);
    if (state === undefined || typeof inspect !== "function") return this;
    const record = ObjectCreate(null);
    const pairs = sortedPairs(state);
    for (let i = 0; i < pairs.length; i++) {
      const name = pairs[i][0];
      const value = pairs[i][1];
      if (name === "set-cookie") {
        record[name] ??= [];
        ArrayPrototypePush(record[name], value);
      } else {
        record[name] = value;
      }
    }
    if (depth !== null && depth < 0) return "[Headers]";
    const inner = inspect(record, { ...options, depth: depth === null ? null : depth });
    return `Headers ${StringPrototypeReplace(inner, /^\[Object: null prototype\] /, "")}`;
  }
}

function stateOf(self) {
  const state = headersState(self);
  if (state === undefined) throw new TypeError("Illegal invocation");
  return state;
}

function sortedPairs(state) {
  state.sorted ??= sortAndCombine(state.list);
  return state.sorted;
}

// Fetch "append" on a Headers object (name and value are ByteStrings).
function appendHeader(state, name, value, prefix) {
  appendToList(state.list, state.guard, name, value, prefix);
  state.sorted = null;
}

// The same on a bare header list with its guard (a Headers object not made yet).
function appendToList(list, guard, name, value, prefix) {
  value = normalizeValue(value);
  const common = commonNames.has(name);
  if (!common && !isHeaderName(name)) throw invalidName(prefix, name);
  if (!isHeaderValue(value)) throw invalidValue(prefix, name, value);
  if (guard === "immutable") throw makeError(TypeError, prefix, "Headers are immutable");
  if (!common) name = lowerName(name);
  if (guard === "request-no-cors") {
    const current = listGet(list, name);
    const temporary = current === null ? value : `${current}, ${value}`;
    if (!isNoCorsSafelistedRequestHeader(name, temporary)) return;
  }
  list[list.length] = [name, value];
  if (guard === "request-no-cors") removePrivilegedNoCorsHeaders(list);
}

// A HeadersInit after its WebIDL conversion: [name, value] pairs, of which the
// first `checked` need nothing from Fetch "append" (a common lower-case name
// and a plain value), so a fill whose guard filters nothing takes them as
// they are. The conversion notes that as it reads each value anyway.
class ConvertedHeadersInit {
  constructor(pairs, checked) {
    this.pairs = pairs;
    this.checked = checked;
  }
}

// Fetch "fill" from a converted init onto a bare list, with the guard its
// Headers object will get.
function fillList(list, guard, converted, prefix) {
  const pairs = converted.pairs;
  let i = 0;
  if (guard === "none" || guard === "request" || guard === "response") {
    for (; i < converted.checked; i++) list[list.length] = pairs[i];
  }
  for (; i < pairs.length; i++) appendToList(list, guard, pairs[i][0], pairs[i][1], prefix);
}

// A new header list filled from a converted init. When every pair is checked
// and the guard filters nothing, that is the init's own pair array (a
// converted init is used once).
function listFromInit(converted, guard, prefix) {
  const pairs = converted.pairs;
  if (converted.checked === pairs.length && (guard === "none" || guard === "request" || guard === "response")) {
    converted.pairs = [];
    converted.checked = 0;
    return pairs;
  }
  const list = [];
  fillList(list, guard, converted, prefix);
  return list;
}

function fillHeaders(state, converted, prefix) {
  fillList(state.list, state.guard, converted, prefix);
  state.sorted = null;
}

// HeadersInit = sequence<sequence<ByteString>> or record<ByteString, ByteString>.
function convertHeadersInit(init, prefix, context) {
  if (webidl.type(init) !== "Object") {
    throw makeError(TypeError, prefix, `${context} is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'`);
  }
  const iteratorMethod = init[SymbolIterator];
  // A Headers object whose iterator nobody replaced: copy its list directly.
  if (iteratorMethod === HeadersPrototypeIterator) {
    const source = headersState(init);
    if (source !== undefined) {
      const pairs = [];
      for (let i = 0; i < source.list.length; i++) pairs[pairs.length] = source.list[i];
      return new ConvertedHeadersInit(pairs, pairs.length);
    }
  }
  if (iteratorMethod !== undefined && iteratorMethod !== null) {
    if (typeof iteratorMethod !== "function") {
      throw makeError(TypeError, prefix, `${context} can not be converted to a sequence (Symbol.iterator is not a function)`);
    }
    const pairs = [];
    let checked = 0;
    const iterator = FunctionPrototypeCall(iteratorMethod, init);
    if (webidl.type(iterator) !== "Object") throw makeError(TypeError, prefix, `${context}: iterator is not an object`);
    const next = iterator.next;
    for (;;) {
      const step = FunctionPrototypeCall(next, iterator);
      if (webidl.type(step) !== "Object") throw makeError(TypeError, prefix, `${context}: iterator result is not an object`);
      if (step.done) break;
      const index = pairs.length;
      const pair = sequenceOfByteStrings(step.value, prefix, context, index);
      if (pair.length !== 2) {
        throw makeError(TypeError, prefix,
          `${context}, element ${index} must be a header name/value pair (2 items), but has ${pair.length}`);
      }
      if (checked === index && commonNames.has(pair[0]) && isPlainValue(pair[1])) checked++;
      pairs[pairs.length] = pair;
    }
    return new ConvertedHeadersInit(pairs, checked);
  }
  // WebIDL record: own enumerable string keys, in order. An ordinary object
  // lists them through its enum cache (Object.keys); each is still checked as
  // the spec's [[GetOwnProperty]] step would, since a getter may change them.
  // A Proxy gets exactly the spec's sequence of traps.
  // Before the first Get no user code has run since Object.keys, so only the
  // later keys need the check.
  const pairs = [];
  let checked = 0;
  const ordinary = !internals.isProxy(init);
  const keys = ordinary ? ObjectKeys(init) : ReflectOwnKeys(init);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key !== "string") continue;
    if (ordinary) {
      if (i > 0 && !ObjectPrototypePropertyIsEnumerable(init, key)) continue;
    } else {
      const desc = ReflectGetOwnPropertyDescriptor(init, key);
      if (desc === undefined || !desc.enumerable) continue;
    }
    // The error contexts are made only for an error.
    const common = commonNames.has(key);
    const name = common || webidl.isByteString(key) ? key : converters.ByteString(key, prefix, `${context} key`);
    const raw = init[key];
    if (typeof raw === "string" && isPlainValue(raw)) {
      if (common && checked === pairs.length) checked++;
      pairs[pairs.length] = [name, raw];
      continue;
    }
    const value = typeof raw === "string" && webidl.isByteString(raw) ? raw
      : converters.ByteString(raw, prefix, `${context}['${key}']`);
    pairs[pairs.length] = [name, value];
  }
  return new ConvertedHeadersInit(pairs, checked);
}

// Element `index` of the sequence `context` names (the error texts are made
// only for an error).
function sequenceOfByteStrings(value, prefix, outerContext, index) {
  if (webidl.type(value) !== "Object") {
    throw makeError(TypeError, prefix, `${outerContext}, element ${index} can not be converted to a sequence`);
  }
  const iteratorMethod = value[SymbolIterator];
  if (typeof iteratorMethod !== "function") {
    throw makeError(TypeError, prefix,
      `${outerContext}, element ${index} can not be converted to a sequence (not iterable)`);
  }
  const result = [];
  const iterator = FunctionPrototypeCall(iteratorMethod, value);
  const next = iterator.next;
  for (;;) {
    const step = FunctionPrototypeCall(next, iterator);
    if (webidl.type(step) !== "Object") {
      throw makeError(TypeError, prefix, `${outerContext}, element ${index}: iterator result is not an object`);
    }
    if (step.done) break;
    const item = step.value;
    result[result.length] = typeof item === "string" && webidl.isByteString(item) ? item
      : converters.ByteString(item, prefix, `${outerContext}, element ${index}[${result.length}]`);
  }
  return result;
}

webidl.configureInterface(Headers);
// Iterators and forEach go over the sorted and combined list, which sortedPairs
// recomputes after each change.
webidl.mixinPairIterator("Headers", Headers, { target: stateOf, pairs: sortedPairs });
const HeadersPrototypeIterator = ReflectGetOwnPropertyDescriptor(Headers.prototype, "entries").value;

// --- Internal API ------------------------------------------------------------

function isHeaders(value) {
  return headersState(value) !== undefined;
}

function checkedGuard(guard) {
  if (guard !== "immutable" && guard !== "request" && guard !== "request-no-cors" && guard !== "response" &&
      guard !== "none") throw new TypeError(`Invalid headers guard '${guard}'`);
  return guard;
}

// A Headers object around `list` (owned from now on; names must be lower-cased).
function createHeaders(list = [], guard = "none") {
  constructState = { list, guard: checkedGuard(guard), sorted: null };
  return new Headers(kConstruct);
}

// Validates and lower-cases a list coming from native code or user input.
function normalizeList(list) {
  const result = [];
  for (let i = 0; i < list.length; i++) {
    const name = String(list[i][0]);
    const value = normalizeValue(String(list[i][1]));
    if (!isHeaderName(name)) throw invalidName(undefined, name);
    if (!isHeaderValue(value)) throw invalidValue(undefined, name, value);
    result[result.length] = [lowerName(name), value];
  }
  return result;
}

internals.headers = {
  __proto__: null,
  Headers,
  isHeaders,
  create: createHeaders,
  checkedGuard,
  // The live header list and guard of a Headers object.
  list: (headers) => stateOf(headers).list,
  guard: (headers) => stateOf(headers).guard,
  setGuard(headers, guard) {
    stateOf(headers).guard = guard;
  },
  // HeadersInit -> ConvertedHeadersInit (WebIDL conversion), then Fetch "fill".
  convertInit: convertHeadersInit,
  // [[name, value]...] to fill with: `checked` leading pairs known valid
  // (lower-cased, normalized), as from copyList().
  converted: (pairs, checked = 0) => new ConvertedHeadersInit(pairs, checked),
  fillConverted(headers, converted, prefix) {
    const state = stateOf(headers);
    fillHeaders(state, converted, prefix);
  },
  listFromInit,
  // `name` is lower-case.
  listContains,
  clear(headers) {
    const state = stateOf(headers);
    state.list = [];
    state.sorted = null;
  },
  get: (headers, name) => listGet(stateOf(headers).list, lowerName(name)),
  // `name` is lower-case.
  contains: (headers, name) => listContains(stateOf(headers).list, name),
  getList: listGet,
  copyList(headers) {
    const { list } = stateOf(headers);
    const copy = [];
    for (let i = 0; i < list.length; i++) copy[copy.length] = [list[i][0], list[i][1]];
    return copy;
  },
  normalizeList,
  printable,
  isHeaderName,
  isHeaderValue,
  normalizeValue,
};

internals.fetchApi ??= { __proto__: null };
// [[name, value]...]: lower-cased names in list order, Set-Cookie entries separate.
internals.fetchApi.headersList = (headers) => internals.headers.copyList(headers);
// A Headers object from [[name, value]...] (validated, names lower-cased).
internals.fetchApi.createHeaders = (list = [], guard = "none") => createHeaders(normalizeList(list), guard);

webidl.defineGlobals({ Headers });
