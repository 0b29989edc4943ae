// Response (Fetch §5.5). https://fetch.spec.whatwg.org/#response-class
"use strict";

const {
  JSONStringify, RegExpPrototypeExec, StringPrototypeIndexOf, StringPrototypeSlice,
  Symbol, TypeError, RangeError, TypedArrayPrototypeGetByteLength, ReflectGetOwnPropertyDescriptor, ReflectDefineProperty,
} = internals.primordials;
const { webidl } = internals;
const { converters, makeError } = webidl;
const headersApi = internals.headers;
const bodyApi = internals.body;

// reason-phrase = *( HTAB / SP / VCHAR / obs-text )
const reasonPhrasePattern = /^[\t\x20-\x7e\x80-\xff]*$/;

function isNullBodyStatus(status) {
  return status === 101 || status === 103 || status === 204 || status === 205 || status === 304;
}

function isRedirectStatus(status) {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

// ResponseInit, converted as a WebIDL dictionary (members in order: each one
// read, then converted). Written out rather than made by
// webidl.createDictionaryConverter: it runs for nearly every response, and
// named loads of three known keys stay monomorphic where the generic loop's
// keyed loads do not.
class ConvertedResponseInit {
  constructor(headers, status, statusText) {
    this.headers = headers;
    this.status = status;
    this.statusText = statusText;
  }
}
const defaultResponseInit = new ConvertedResponseInit(undefined, 200, "");
// Member labels for error messages, made again only when the context changes
// (nearly always the constant "Argument 2").
let labelContext = null;
let labels = null;
function responseInitLabels(context) {
  if (labels === null || labelContext !== context) {
    const of = (member) => `'${member}' of 'ResponseInit'${context ? ` (${context})` : ""}`;
    labels = { headers: of("headers"), status: of("status"), statusText: of("statusText") };
    labelContext = context;
  }
  return labels;
}

function convertResponseInit(init, prefix, context) {
  if (init === undefined || init === null) return defaultResponseInit;
  if (typeof init !== "object" && typeof init !== "function") {
    throw makeError(TypeError, prefix, `${context} can not be converted to a dictionary (ResponseInit)`);
  }
  const label = responseInitLabels(context);
  let headers = init.headers;
  if (headers !== undefined) headers = headersApi.convertInit(headers, prefix, label.headers);
  let status = init.status;
  if (status === undefined) {
    status = 200;
  } else if (typeof status !== "number" || (status & 0xffff) !== status) {  // else already an unsigned short
    status = converters["unsigned short"](status, prefix, label.status);
  }
  let statusText = init.statusText;
  statusText = statusText === undefined ? "" : converters.ByteString(statusText, prefix, label.statusText);
  return new ConvertedResponseInit(headers, status, statusText);
}

// A response's state. Its Headers object is made when someone asks for it
// (most handlers never do); until then the header list and its guard are
// kept bare, and the server reads the list as it is.
class ResponseState {
  constructor() {
    this.type = "default";
    this.status = 200;
    this.statusText = "";
    this.urlList = [];
    this.redirected = false;
    this.headerList = [];  // owned by headersObject once that is made
    this.guard = "response";
    this.headersObject = null;
    this.body = null;
  }

  get headers() {
    this.headersObject ??= headersApi.create(this.headerList, this.guard);
    return this.headersObject;
  }

  // [[name, value]...], live (through the Headers object when there is one).
  currentHeaderList() {
    return this.headersObject === null ? this.headerList : headersApi.list(this.headersObject);
  }
}

function newResponseState() {
  return new ResponseState();
}

// Fetch "initialize a response"; bodyWithType is { body, type } or null. The
// headers are gathered in a bare list, then become the response's Headers
// object with `guard`.
function initializeResponse(state, init, bodyWithType, prefix, guard) {
  if (init.status < 200 || init.status > 599) {
    throw makeError(RangeError, prefix, `The status provided (${init.status}) is outside the range [200, 599]`);
  }
  if (init.statusText !== "" && RegExpPrototypeExec(reasonPhrasePattern, init.statusText) === null) {
    throw makeError(TypeError, prefix, `Invalid statusText: '${headersApi.printable(init.statusText)}'`);
  }
  state.status = init.status;
  state.statusText = init.statusText;
  let list = init.headers === undefined ? null : headersApi.listFromInit(init.headers, guard, prefix);
  if (bodyWithType !== null) {
    if (isNullBodyStatus(state.status)) {
      throw makeError(TypeError, prefix, `Response with null body status (${state.status}) cannot have body`);
    }
    state.body = bodyWithType.body;
    const type = bodyWithType.type;
    if (type !== null) {
      // A list made with its entry does not grow from empty.
      if (list === null) {
        list = [["content-type", type]];
      } else if (!headersApi.listContains(list, "content-type")) {
        list[list.length] = ["content-type", type];
      }
    }
  }
  state.headerList = list ?? [];
  state.guard = guard;
}

const kConstruct = Symbol("Response construct");
let responseState;

class Response {
  #state;

  constructor(body = null, init = undefined) {
    if (body === kConstruct) {
      this.#state = init;
      return;
    }
    const prefix = "Failed to construct 'Response'";
    body = body === null || body === undefined ? null : bodyApi.convertBodyInit(body, prefix, "Argument 1");
    init = convertResponseInit(init, prefix, "Argument 2");
    const state = newResponseState();
    const bodyWithType = body === null ? null : bodyApi.extractBody(body, false, prefix);
    initializeResponse(state, init, bodyWithType, prefix, "response");
    this.#state = state;
  }

  static {
    responseState = (value) =>
      value !== null && typeof value === "object" && #state in value ? value.#state : undefined;
  }

  static error() {
    const state = newResponseState();
    state.type = "error";
    state.status = 0;
    state.guard = "immutable";
    return new Response(kConstruct, state);
  }

  static redirect(url, status = 302) {
    const prefix = "Failed to execute 'redirect' on 'Response'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = converters.USVString(url, prefix, "Argument 1");
    status = converters["unsigned short"](status, prefix, "Argument 2");
    const href = internals.url.parse(url);
    if (href === null) throw makeError(TypeError, prefix, `Invalid URL: '${url}' (an absolute URL is required)`);
    if (!isRedirectStatus(status)) {
      throw makeError(RangeError, prefix, `Invalid status code ${status}: not a redirect status (301, 302, 303, 307, 308)`);
    }
    const state = newResponseState();
    state.status = status;
    state.headerList = [["location", href]];
    state.guard = "immutable";
    return new Response(kConstruct, state);
  }

  static json(data, init = undefined) {
    const prefix = "Failed to execute 'json' on 'Response'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    init = convertResponseInit(init, prefix, "Argument 2");
    const text = JSONStringify(data);
    if (text === undefined) throw makeError(TypeError, prefix, "The data is not JSON serializable");
    const { body } = bodyApi.extractBody(text, false, prefix);
    const state = newResponseState();
    initializeResponse(state, init, { body, type: "application/json" }, prefix, "response");
    return new Response(kConstruct, state);
  }

  get type() {
    return stateOf(this).type;
  }

  // The last URL, serialized without its fragment.
  get url() {
    const { urlList } = stateOf(this);
    if (urlList.length === 0) return "";
    const href = urlList[urlList.length - 1];
    const hash = StringPrototypeIndexOf(href, "#");
    return hash === -1 ? href : StringPrototypeSlice(href, 0, hash);
  }

  get redirected() {
    const state = stateOf(this);
    return state.redirected || state.urlList.length > 1;
  }

  get status() {
    return stateOf(this).status;
  }

  get ok() {
    const { status } = stateOf(this);
    return status >= 200 && status <= 299;
  }

  get statusText() {
    return stateOf(this).statusText;
  }

  get headers() {
    return stateOf(this).headers;
  }

  clone() {
    const state = stateOf(this);
    if (bodyApi.isUnusable(state.body)) {
      throw bodyApi.unusableError(state.body, "Failed to execute 'clone' on 'Response'");
    }
    const clone = newResponseState();
    clone.type = state.type;
    clone.status = state.status;
    clone.statusText = state.statusText;
    for (let i = 0; i < state.urlList.length; i++) clone.urlList[i] = state.urlList[i];
    clone.redirected = state.redirected;
    const list = state.currentHeaderList();
    for (let i = 0; i < list.length; i++) clone.headerList[i] = [list[i][0], list[i][1]];
    clone.guard = state.guard;
    clone.body = state.body === null ? null : bodyApi.cloneBody(state.body);
    return new Response(kConstruct, clone);
  }

  [internals.inspectCustom](depth, options, inspect) {
    const state = responseState(this);
    if (state === undefined || typeof inspect !== "function") return this;
    if (depth !== null && depth < 0) return "[Response]";
    const fields = {
      status: state.status,
      statusText: state.statusText,
      headers: state.headers,
      body: bodyApi.inspectBody(state.body),
      bodyUsed: state.body !== null && bodyApi.isDisturbed(state.body),
      ok: state.status >= 200 && state.status <= 299,
      redirected: this.redirected,
      type: state.type,
      url: this.url,
    };
    return `Response ${inspect(fields, { ...options, depth: depth === null ? null : depth })}`;
  }
}

function stateOf(self) {
  const state = responseState(self);
  if (state === undefined) throw new TypeError("Illegal invocation");
  return state;
}

bodyApi.installBodyMixin(Response.prototype, "Response", (value) => responseState(value));
webidl.configureInterface(Response);
for (const name of ["error", "redirect", "json"]) {
  // WebIDL: static operations are enumerable.
  const desc = ReflectGetOwnPropertyDescriptor(Response, name);
  desc.enumerable = true;
  ReflectDefineProperty(Response, name, desc);
}

function isResponse(value) {
  return responseState(value) !== undefined;
}

const fetchApi = internals.fetchApi ??= { __proto__: null };
fetchApi.Response = Response;
fetchApi.isResponse = isResponse;

// A Response from native code (the fetch client): { status, statusText,
// headers: [[name, value]...], body: ReadableStream|null, bodySource, url,
// urlList, redirected, type, guard }. Headers are validated and lower-cased
// here, or come as `flatHeaders` ([name, value, ...]) the caller checked.
// They are immutable unless a guard is given; a Uint8Array bodySource is
// handed over to the Response.
fetchApi.createResponse = (init) => {
  const state = newResponseState();
  state.status = init.status ?? 200;
  state.statusText = init.statusText ?? "";
  state.type = init.type ?? "basic";
  if (init.urlList !== undefined && init.urlList !== null) {
    for (let i = 0; i < init.urlList.length; i++) state.urlList[i] = String(init.urlList[i]);
  } else if (init.url !== undefined && init.url !== null && init.url !== "") {
    state.urlList[0] = String(init.url);
  }
  state.redirected = !!init.redirected;
  let list;
  if (init.flatHeaders !== undefined) {
    // [name, value, ...] the caller validated and lower-cased.
    const flat = init.flatHeaders;
    list = [];
    for (let i = 0; i + 1 < flat.length; i += 2) list[list.length] = [flat[i], flat[i + 1]];
  } else {
    list = headersApi.normalizeList(init.headers ?? []);
  }
  state.headerList = list;
  state.guard = headersApi.checkedGuard(init.guard ?? "immutable");
  if (init.bodySource !== undefined && init.bodySource !== null) {
    const source = init.bodySource;
    state.body = new bodyApi.InnerBody(null, source,
      typeof source === "string" ? null : TypedArrayPrototypeGetByteLength(source));
  } else if (init.body !== undefined && init.body !== null) {
    state.body = new bodyApi.InnerBody(init.body, null, init.length ?? null);
  }
  return new Response(kConstruct, state);
};

// A response taken apart for the server, which sends it: returns
// send(id, status, statusText, bodySource, stream, bodyLength, headerList).
// The body is taken (used afterwards): its whole source when it is known
// (bodySource: a string or bytes), else its stream. The header list is the
// live [[name, value]...]: to be read at once. Arguments, not a parts object:
// nothing is made per response.
fetchApi.sendResponse = (response, id, send) => {
  const state = stateOf(response);
  const inner = state.body;
  let source = null;
  let stream = null;
  let length = null;
  if (inner !== null) {
    stream = inner.stream;
    source = fetchApi.takeSourceForNative(inner, "Failed to send the response");
    // A string body's length is the server's to count (it encodes it anyway).
    if (typeof source !== "string") length = bodyApi.bodyLength(inner);
  }
  return send(id, state.status, state.statusText, source, stream, length, state.currentHeaderList());
};

internals.response = {
  __proto__: null,
  Response,
  isResponse,
  stateOf: (value) => responseState(value),
};

webidl.defineGlobals({ Response });
