// URL and URLSearchParams (WHATWG URL Standard). Parsing, setters and the
// urlencoded parser/serializer run natively on ada; a URL keeps its href and
// ada's component offsets, so getters only slice the href.
"use strict";

const {
  ArrayPrototypePush, ArrayPrototypeSort, FunctionPrototypeCall, MapPrototypeForEach,
  MapPrototypeSet, ObjectDefineProperty, ReflectConstruct,
  ReflectGetOwnPropertyDescriptor, ReflectOwnKeys, SafeMap,
  StringPrototypeCharCodeAt, StringPrototypeSlice, SymbolIterator, TypeError,
} = internals.primordials;
const { webidl } = internals;
const { converters, makeError } = webidl;

const components = ops.op_url_components;  // written by every successful parse/update
const kOmitted = 0xffffffff;
// ada::scheme::type
const kSchemeHttp = 0;
const kSchemeNotSpecial = 1;
const kSchemeHttps = 2;
const kSchemeFile = 6;
// Setter numbers understood by op_url_update (0 is href, which parses instead).
const kSetProtocol = 1;
const kSetUsername = 2;
const kSetPassword = 3;
const kSetHost = 4;
const kSetHostname = 5;
const kSetPort = 6;
const kSetPathname = 7;
const kSetSearch = 8;
const kSetHash = 9;

const toUSVString = converters.USVString;

// The application/x-www-form-urlencoded parser (ada); a leading "?" is dropped.
function parseUrlencoded(input) {
  const list = [];
  if (input === "") return list;
  const flat = ops.op_url_search_params_parse(input);
  for (let i = 0; i < flat.length; i += 2) ArrayPrototypePush(list, [flat[i], flat[i + 1]]);
  return list;
}

function serializeUrlencoded(list) {
  if (list.length === 0) return "";
  const flat = [];
  for (let i = 0; i < list.length; i++) ArrayPrototypePush(flat, list[i][0], list[i][1]);
  return ops.op_url_search_params_stringify(flat);
}

// Platform objects are host objects (made by native constructors whose
// instances have an internal field), which structuredClone refuses with a
// DataCloneError: URL and URLSearchParams are not serializable. Their state
// lives in a private slot (webidl.createSlot) on that object.
function platformConstructor(native, Interface) {
  ObjectDefineProperty(native, "prototype", { value: Interface.prototype });
  return native;
}

// A parsed URL: the href and ada's component offsets into it.
class URLContext {
  href = "";
  protocolEnd = 0;
  usernameEnd = 0;
  hostStart = 0;
  hostEnd = 0;
  port = kOmitted;
  pathnameStart = 0;
  searchStart = kOmitted;
  hashStart = kOmitted;
  schemeType = kSchemeNotSpecial;
  searchParams = null;

  // Takes the href an op returned and the offsets it left in `components`.
  commit(href) {
    this.href = href;
    this.protocolEnd = components[0];
    this.usernameEnd = components[1];
    this.hostStart = components[2];
    this.hostEnd = components[3];
    this.port = components[4];
    this.pathnameStart = components[5];
    this.searchStart = components[6];
    this.hashStart = components[7];
    this.schemeType = components[8];
  }

  set(setter, value) {
    const href = ops.op_url_update(this.href, setter, value);
    if (href === undefined) return false;
    this.commit(href);
    return true;
  }

  protocol() {
    return StringPrototypeSlice(this.href, 0, this.protocolEnd);
  }

  // host_start points at the "@" ending the credentials, when there are any.
  hostnameStart() {
    const start = this.hostStart;
    return this.hostEnd > start && StringPrototypeCharCodeAt(this.href, start) === 0x40 ? start + 1 : start;
  }

  host() {
    const start = this.hostnameStart();
    // With an empty host, host_end..pathname_start may hold a "/".
    if (start === this.hostEnd) return "";
    return StringPrototypeSlice(this.href, start, this.pathnameStart);
  }

  pathname() {
    const end = this.searchStart !== kOmitted ? this.searchStart
      : this.hashStart !== kOmitted ? this.hashStart : this.href.length;
    return StringPrototypeSlice(this.href, this.pathnameStart, end);
  }

  // The query with its "?" (which the urlencoded parser drops), "" when null.
  queryWithMark() {
    if (this.searchStart === kOmitted) return "";
    const end = this.hashStart === kOmitted ? this.href.length : this.hashStart;
    return StringPrototypeSlice(this.href, this.searchStart, end);
  }

  origin() {
    const type = this.schemeType;
    if (type === kSchemeFile) return "null";  // left to the implementation: opaque
    if (type !== kSchemeNotSpecial) return `${this.protocol()}//${this.host()}`;
    if (this.protocol() === "blob:") {
      const href = ops.op_url_parse(this.pathname(), undefined);
      if (href !== undefined && (components[8] === kSchemeHttp || components[8] === kSchemeHttps)) {
        const inner = new URLContext();
        inner.commit(href);
        return inner.origin();
      }
    }
    return "null";
  }
}

const urlSlot = webidl.createSlot();
const contextOf = urlSlot.get;  // (value) -> URLContext, or throws "Illegal invocation"
const isURL = urlSlot.has;

// A component setter: the basic URL parser with that state override (run natively).
function setComponent(url, component, attribute, value) {
  const context = contextOf(url);
  context.set(component, toUSVString(value, `Failed to set the '${attribute}' property on 'URL'`, "The provided value"));
}

let URLObject;  // native constructor of URL instances
function newURL(newTarget, context) {
  const object = newTarget === URL ? new URLObject() : ReflectConstruct(URLObject, [], newTarget);
  urlSlot.attach(object, context);
  return object;
}

class URL {
  constructor(url, base = undefined) {
    const prefix = "Failed to construct 'URL'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = toUSVString(url, prefix, "Argument 1");
    if (base !== undefined) base = toUSVString(base, prefix, "Argument 2");
    const href = ops.op_url_parse(url, base);
    if (href === undefined) throw new TypeError(invalidUrlMessage(url, base));
    const context = new URLContext();
    context.commit(href);
    return newURL(new.target, context);
  }

  static parse(url, base = undefined) {
    const prefix = "Failed to execute 'parse' on 'URL'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = toUSVString(url, prefix, "Argument 1");
    if (base !== undefined) base = toUSVString(base, prefix, "Argument 2");
    const href = ops.op_url_parse(url, base);
    if (href === undefined) return null;
    const context = new URLContext();
    context.commit(href);
    return newURL(URL, context);
  }

  static canParse(url, base = undefined) {
    const prefix = "Failed to execute 'canParse' on 'URL'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = toUSVString(url, prefix, "Argument 1");
    if (base !== undefined) base = toUSVString(base, prefix, "Argument 2");
    return ops.op_url_can_parse(url, base);
  }

  get href() {
    return contextOf(this).href;
  }

  set href(value) {
    const context = contextOf(this);
    value = toUSVString(value, "Failed to set the 'href' property on 'URL'", "The provided value");
    const href = ops.op_url_parse(value, undefined);
    if (href === undefined) throw new TypeError(invalidUrlMessage(value));
    context.commit(href);
    if (context.searchParams !== null) resetParamsList(context.searchParams, context.queryWithMark());
  }

  get origin() {
    return contextOf(this).origin();
  }

  get protocol() {
    return contextOf(this).protocol();
  }

  set protocol(value) {
    setComponent(this, kSetProtocol, "protocol", value);
  }

  get username() {
    const context = contextOf(this);
    if (context.protocolEnd + 2 < context.usernameEnd) {
      return StringPrototypeSlice(context.href, context.protocolEnd + 2, context.usernameEnd);
    }
    return "";
  }

  set username(value) {
    setComponent(this, kSetUsername, "username", value);
  }

  get password() {
    const context = contextOf(this);
    if (context.hostStart > context.usernameEnd) {
      return StringPrototypeSlice(context.href, context.usernameEnd + 1, context.hostStart);
    }
    return "";
  }

  set password(value) {
    setComponent(this, kSetPassword, "password", value);
  }

  get host() {
    return contextOf(this).host();
  }

  set host(value) {
    setComponent(this, kSetHost, "host", value);
  }

  get hostname() {
    const context = contextOf(this);
    return StringPrototypeSlice(context.href, context.hostnameStart(), context.hostEnd);
  }

  set hostname(value) {
    setComponent(this, kSetHostname, "hostname", value);
  }

  get port() {
    const context = contextOf(this);
    if (context.port === kOmitted) return "";
    return StringPrototypeSlice(context.href, context.hostEnd + 1, context.pathnameStart);
  }

  set port(value) {
    setComponent(this, kSetPort, "port", value);
  }

  get pathname() {
    return contextOf(this).pathname();
  }

  set pathname(value) {
    setComponent(this, kSetPathname, "pathname", value);
  }

  get search() {
    const query = contextOf(this).queryWithMark();
    return query.length <= 1 ? "" : query;
  }

  set search(value) {
    const context = contextOf(this);
    value = toUSVString(value, "Failed to set the 'search' property on 'URL'", "The provided value");
    context.set(kSetSearch, value);
    // The list comes from the value itself, minus one leading "?" (dropped by the parser).
    if (context.searchParams !== null) resetParamsList(context.searchParams, value);
  }

  get searchParams() {
    const context = contextOf(this);
    // Created on first use; until then nothing needs to track the query.
    context.searchParams ??= paramsForUrl(context, context.queryWithMark());
    return context.searchParams;
  }

  get hash() {
    const context = contextOf(this);
    if (context.hashStart === kOmitted || context.href.length - context.hashStart <= 1) return "";
    return StringPrototypeSlice(context.href, context.hashStart);
  }

  set hash(value) {
    setComponent(this, kSetHash, "hash", value);
  }

  toString() {
    return contextOf(this).href;
  }

  toJSON() {
    return contextOf(this).href;
  }
}

function invalidUrlMessage(url, base) {
  return base === undefined ? `Invalid URL: '${url}'` : `Invalid URL: '${url}' with base '${base}'`;
}

// WebIDL union (sequence<sequence<USVString>> or record<USVString, USVString> or USVString).
function initToList(init, prefix) {
  if (webidl.type(init) !== "Object") {
    return parseUrlencoded(toUSVString(init, prefix, "Argument 1"));
  }
  const method = init[SymbolIterator];
  if (method !== undefined && method !== null) {
    if (typeof method !== "function") throw makeError(TypeError, prefix, "Argument 1: @@iterator is not a function");
    const list = [];
    const iterator = FunctionPrototypeCall(method, init);
    if (webidl.type(iterator) !== "Object") throw makeError(TypeError, prefix, "Argument 1: @@iterator did not return an object");
    const next = iterator.next;
    for (;;) {
      const step = FunctionPrototypeCall(next, iterator);
      if (webidl.type(step) !== "Object") throw makeError(TypeError, prefix, "Argument 1: iterator result is not an object");
      if (step.done) break;
      const context = `Argument 1, element ${list.length}`;
      if (webidl.type(step.value) !== "Object") {
        throw makeError(TypeError, prefix, `${context} can not be converted to a sequence`);
      }
      ArrayPrototypePush(list, usvStringSequence(step.value, prefix, context));
    }
    for (let i = 0; i < list.length; i++) {
      if (list[i].length !== 2) {
        throw makeError(TypeError, prefix,
          `Argument 1, element ${i} has ${list[i].length} items; each name-value pair must have exactly 2`);
      }
    }
    return list;
  }
  // record<USVString, USVString>: own enumerable keys in order; a later key
  // equal after conversion replaces the value in place.
  const record = new SafeMap();
  const keys = ReflectOwnKeys(init);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const desc = ReflectGetOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    const name = toUSVString(key, prefix, "Argument 1 record key");
    const value = toUSVString(init[key], prefix, `Argument 1 record value for '${name}'`);
    MapPrototypeSet(record, name, value);
  }
  const list = [];
  MapPrototypeForEach(record, (value, name) => { ArrayPrototypePush(list, [name, value]); });
  return list;
}

function usvStringSequence(value, prefix, context) {
  const method = value[SymbolIterator];
  if (typeof method !== "function") {
    throw makeError(TypeError, prefix, `${context} can not be converted to a sequence (not iterable)`);
  }
  const result = [];
  const iterator = FunctionPrototypeCall(method, value);
  if (webidl.type(iterator) !== "Object") throw makeError(TypeError, prefix, `${context}: @@iterator did not return an object`);
  const next = iterator.next;
  for (;;) {
    const step = FunctionPrototypeCall(next, iterator);
    if (webidl.type(step) !== "Object") throw makeError(TypeError, prefix, `${context}: iterator result is not an object`);
    if (step.done) break;
    ArrayPrototypePush(result, toUSVString(step.value, prefix, `${context}, item ${result.length}`));
  }
  return result;
}

function compareNames(a, b) {
  // String relational comparison is by UTF-16 code units, as the spec asks.
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

// A URLSearchParams' list of [name, value] pairs and the URL it belongs to.
class SearchParamsState {
  list;
  url = null;  // URLContext

  constructor(list) {
    this.list = list;
  }

  // The update steps: the URL's query follows the list (empty makes it null).
  update() {
    if (this.url !== null) this.url.set(kSetSearch, serializeUrlencoded(this.list));
  }
}

const searchParamsSlot = webidl.createSlot();
const stateOf = searchParamsSlot.get;  // (value) -> SearchParamsState, or throws "Illegal invocation"
const isURLSearchParams = searchParamsSlot.has;

let SearchParamsObject;  // native constructor of URLSearchParams instances
function newURLSearchParams(newTarget, state) {
  const object = newTarget === URLSearchParams ? new SearchParamsObject()
    : ReflectConstruct(SearchParamsObject, [], newTarget);
  searchParamsSlot.attach(object, state);
  return object;
}

// URL's query object, whose list follows the query of the URL.
function paramsForUrl(urlContext, query) {
  const state = new SearchParamsState(parseUrlencoded(query));
  state.url = urlContext;
  return newURLSearchParams(URLSearchParams, state);
}

function resetParamsList(params, query) {
  stateOf(params).list = parseUrlencoded(query);
}

class URLSearchParams {
  constructor(init = "") {
    const prefix = "Failed to construct 'URLSearchParams'";
    const list = init === "" ? [] : initToList(init, prefix);
    return newURLSearchParams(new.target, new SearchParamsState(list));
  }

  get size() {
    return stateOf(this).list.length;
  }

  append(name, value) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'append' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    value = toUSVString(value, prefix, "Argument 2");
    ArrayPrototypePush(state.list, [name, value]);
    state.update();
  }

  delete(name, value = undefined) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'delete' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    if (value !== undefined) value = toUSVString(value, prefix, "Argument 2");
    const list = state.list;
    const kept = [];
    for (let i = 0; i < list.length; i++) {
      const pair = list[i];
      if (pair[0] === name && (value === undefined || pair[1] === value)) continue;
      ArrayPrototypePush(kept, pair);
    }
    state.list = kept;
    state.update();
  }

  get(name) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'get' on 'URLSearchParams'";
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
    const prefix = "Failed to execute 'getAll' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    const list = state.list;
    const values = [];
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) ArrayPrototypePush(values, list[i][1]);
    }
    return values;
  }

  has(name, value = undefined) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'has' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    if (value !== undefined) value = toUSVString(value, prefix, "Argument 2");
    const list = state.list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name && (value === undefined || list[i][1] === value)) return true;
    }
    return false;
  }

  set(name, value) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'set' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = toUSVString(name, prefix, "Argument 1");
    value = toUSVString(value, prefix, "Argument 2");
    const list = state.list;
    const kept = [];
    let found = false;
    for (let i = 0; i < list.length; i++) {
      const pair = list[i];
      if (pair[0] !== name) {
        ArrayPrototypePush(kept, pair);
      } else if (!found) {
        found = true;
        ArrayPrototypePush(kept, [name, value]);
      }
    }
    if (!found) ArrayPrototypePush(kept, [name, value]);
    state.list = kept;
    state.update();
  }

  sort() {
    const state = stateOf(this);
    // Array.prototype.sort is stable, which the spec requires.
    ArrayPrototypeSort(state.list, compareNames);
    state.update();
  }

  toString() {
    return serializeUrlencoded(stateOf(this).list);
  }
}

URLObject = platformConstructor(ops.op_url_platform_url, URL);
SearchParamsObject = platformConstructor(ops.op_url_platform_search_params, URLSearchParams);
webidl.configureInterface(URL);
// Static operations are enumerable too.
ObjectDefineProperty(URL, "parse", { enumerable: true });
ObjectDefineProperty(URL, "canParse", { enumerable: true });
webidl.configureInterface(URLSearchParams);
// Through the state: set() and delete() replace its list.
webidl.mixinPairIterator("URLSearchParams", URLSearchParams, { target: stateOf, pairs: (state) => state.list });

const lastParsed = { input: null, href: null };

internals.url = {
  URL,
  URLSearchParams,
  isURL,
  isURLSearchParams,
  // The href of url parsed against base (strings), or null: for fetch, Request, ...
  // The last absolute URL is remembered: a handler fetches the same upstream
  // URL over and over, and parsing is a pure function of the string.
  parse(url, base = undefined) {
    if (base === undefined && typeof url === "string" && url === lastParsed.input) return lastParsed.href;
    const href = ops.op_url_parse(toUSVString(url), base === undefined ? undefined : toUSVString(base)) ?? null;
    if (base === undefined && typeof url === "string" && href !== null) {
      lastParsed.input = url;
      lastParsed.href = href;
    }
    return href;
  },
  // The application/x-www-form-urlencoded body of a URLSearchParams.
  serializeSearchParams(params) {
    return serializeUrlencoded(stateOf(params).list);
  },
  parseUrlencoded(input) {
    return parseUrlencoded(toUSVString(input));
  },
};

webidl.defineGlobals({ URL, URLSearchParams });
