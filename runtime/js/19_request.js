// Request (Fetch §5.4). https://fetch.spec.whatwg.org/#request-class
//
// A server-side runtime has no document: there is no API base URL, so input
// URLs must be absolute, and no origin, so an absolute `referrer` is kept as
// given (as undici does) instead of being compared with an origin.
"use strict";

const {
  ArrayPrototypePush, ObjectKeys, PromisePrototypeThen, RegExpPrototypeExec, StringPrototypeToUpperCase,
  Symbol, TypeError, TypedArrayPrototypeGetByteLength, TypedArrayPrototypeGetSymbolToStringTag, ArrayBufferIsView,
} = internals.primordials;
const { webidl } = internals;
const { converters, makeError } = webidl;
const headersApi = internals.headers;
const bodyApi = internals.body;

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// An href whose authority holds "user[:password]@".
const credentialsPattern = /^[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/[^/?#]*@/;

// Fetch "normalize" a method: these are upper-cased, others kept as given.
const normalizedMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

// Validates and normalizes a method; throws a TypeError naming it.
function normalizeMethod(method, prefix) {
  if (RegExpPrototypeExec(tokenPattern, method) === null) {
    throw makeError(TypeError, prefix, `'${method}' is not a valid HTTP method`);
  }
  const upper = StringPrototypeToUpperCase(method);
  if (upper === "CONNECT" || upper === "TRACE" || upper === "TRACK") {
    throw makeError(TypeError, prefix, `'${method}' HTTP method is unsupported (forbidden method)`);
  }
  for (let i = 0; i < normalizedMethods.length; i++) {
    if (normalizedMethods[i] === upper) return upper;
  }
  return method;
}

const enumConverter = webidl.createEnumConverter;
const convertRequestCache = enumConverter("RequestCache",
  ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"]);
const convertRequestCredentials = enumConverter("RequestCredentials", ["omit", "same-origin", "include"]);
const convertRequestDuplex = enumConverter("RequestDuplex", ["half"]);
const convertRequestMode = enumConverter("RequestMode", ["navigate", "same-origin", "no-cors", "cors"]);
const convertRequestPriority = enumConverter("RequestPriority", ["high", "low", "auto"]);
const convertRequestRedirect = enumConverter("RequestRedirect", ["follow", "error", "manual"]);
const convertReferrerPolicy = enumConverter("ReferrerPolicy", ["", "no-referrer", "no-referrer-when-downgrade",
  "same-origin", "origin", "strict-origin", "origin-when-cross-origin", "strict-origin-when-cross-origin",
  "unsafe-url"]);
const convertSignal = (value, prefix, context) => {
  if (value === null) return null;
  if (!internals.abort.isAbortSignal(value)) {
    throw makeError(TypeError, prefix, `${context} is not of type 'AbortSignal'`);
  }
  return value;
};
const convertBody = (value, prefix, context) =>
  value === null ? null : bodyApi.convertBodyInit(value, prefix, context);

// RequestInit; WebIDL converts dictionary members in lexicographic order.
const convertRequestInit = webidl.createDictionaryConverter("RequestInit", [
  { key: "body", converter: convertBody },
  { key: "cache", converter: convertRequestCache },
  { key: "credentials", converter: convertRequestCredentials },
  { key: "duplex", converter: convertRequestDuplex },
  { key: "headers", converter: (v, prefix, context) => headersApi.convertInit(v, prefix, context) },
  { key: "integrity", converter: converters.DOMString },
  { key: "keepalive", converter: converters.boolean },
  { key: "method", converter: converters.ByteString },
  { key: "mode", converter: convertRequestMode },
  { key: "priority", converter: convertRequestPriority },
  { key: "redirect", converter: convertRequestRedirect },
  { key: "referrer", converter: converters.USVString },
  { key: "referrerPolicy", converter: convertReferrerPolicy },
  { key: "signal", converter: convertSignal },
  { key: "window", converter: converters.any },
]);

// A request's state. Its Headers object may wait: a request from the HTTP
// server keeps the parsed header list flat ([name, value, ...], validated and
// lower-cased) until someone asks for `headers`, which many handlers never do.
class RequestState {
  #headers = null;
  #flatHeaders = null;
  #guard = "immutable";

  constructor() {
    this.method = "GET";
    this.urlList = [];
    this.body = null;
    this.signal = null;
    this.mode = "cors";
    this.credentials = "same-origin";
    this.cache = "default";
    this.redirect = "follow";
    this.referrer = "client";  // "client" | "no-referrer" | an href
    this.referrerPolicy = "";
    this.integrity = "";
    this.keepalive = false;
    this.reloadNavigation = false;
    this.historyNavigation = false;
    this.priority = "auto";
  }

  get headers() {
    if (this.#headers === null && this.#flatHeaders !== null) {
      const flat = this.#flatHeaders;
      const list = [];
      for (let i = 0; i < flat.length; i += 2) list[list.length] = [flat[i], flat[i + 1]];
      this.#headers = headersApi.create(list, this.#guard);
      this.#flatHeaders = null;
    }
    return this.#headers;
  }

  set headers(headers) {
    this.#headers = headers;
    this.#flatHeaders = null;
  }

  setFlatHeaders(flat, guard) {
    this.#headers = null;
    this.#flatHeaders = flat;
    this.#guard = guard;
  }
}

function newRequestState() {
  return new RequestState();
}

// A body taken over from another request: the other request's body becomes
// disturbed (Fetch "create a proxy" pipes it; here a whole source moves over,
// and a stream is read through a proxy stream).
function takeOverBody(inner) {
  if (inner.stream === null) {
    const body = new bodyApi.InnerBody(null, inner.source, inner.length);
    body.owned = inner.owned;
    inner.owned = false;
    inner.consumed = true;
    return body;
  }
  const streams = internals.streams;
  const reader = streams.acquireReader(inner.stream);
  inner.consumed = true;
  const proxy = streams.createReadableByteStream({
    pull(controller) {
      return PromisePrototypeThen(reader.read(), (result) => {
        if (result.done) {
          streams.close(controller);
          return;
        }
        const chunk = result.value;
        if (!ArrayBufferIsView(chunk) || TypedArrayPrototypeGetSymbolToStringTag(chunk) !== "Uint8Array") {
          const error = new TypeError("Received a chunk that is not a Uint8Array while reading the request body");
          streams.error(controller, error);
          reader.cancel(error);
          return;
        }
        if (TypedArrayPrototypeGetByteLength(chunk) > 0) streams.enqueue(controller, chunk);
      });
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new bodyApi.InnerBody(proxy, inner.source, inner.length);
}

const kConstruct = Symbol("Request construct");
let requestState;

class Request {
  #state;

  constructor(input, init = undefined) {
    if (input === kConstruct) {
      this.#state = init;
      return;
    }
    const prefix = "Failed to construct 'Request'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const inputState = requestState(input);
    if (inputState === undefined) input = converters.USVString(input, prefix, "Argument 1");
    init = convertRequestInit(init, prefix, "Argument 2");

    const request = newRequestState();
    let fallbackMode = null;
    let signal = null;
    if (inputState === undefined) {
      ArrayPrototypePush(request.urlList, requestUrl(input, prefix));
      fallbackMode = "cors";
    } else {
      for (let i = 0; i < inputState.urlList.length; i++) ArrayPrototypePush(request.urlList, inputState.urlList[i]);
      request.method = inputState.method;
      request.mode = inputState.mode;
      request.credentials = inputState.credentials;
      request.cache = inputState.cache;
      request.redirect = inputState.redirect;
      request.referrer = inputState.referrer;
      request.referrerPolicy = inputState.referrerPolicy;
      request.integrity = inputState.integrity;
      request.keepalive = inputState.keepalive;
      request.reloadNavigation = inputState.reloadNavigation;
      request.historyNavigation = inputState.historyNavigation;
      request.priority = inputState.priority;
      signal = signalOf(inputState);
    }

    if (init.window !== undefined && init.window !== null) {
      throw makeError(TypeError, prefix, "'window' member of RequestInit must be null");
    }

    const initIsEmpty = ObjectKeys(init).length === 0;
    if (!initIsEmpty) {
      if (request.mode === "navigate") request.mode = "same-origin";
      request.reloadNavigation = false;
      request.historyNavigation = false;
      request.referrer = "client";
      request.referrerPolicy = "";
      request.urlList = [request.urlList[request.urlList.length - 1]];
    }

    if (init.referrer !== undefined) {
      const referrer = init.referrer;
      if (referrer === "") {
        request.referrer = "no-referrer";
      } else {
        const parsed = internals.url.parse(referrer);
        if (parsed === null) throw makeError(TypeError, prefix, `Invalid referrer URL: '${referrer}'`);
        request.referrer = parsed === "about:client" ? "client" : parsed;
      }
    }
    if (init.referrerPolicy !== undefined) request.referrerPolicy = init.referrerPolicy;

    const mode = init.mode !== undefined ? init.mode : fallbackMode;
    if (mode === "navigate") throw makeError(TypeError, prefix, "Request mode 'navigate' cannot be set");
    if (mode !== null) request.mode = mode;
    if (init.credentials !== undefined) request.credentials = init.credentials;
    if (init.cache !== undefined) request.cache = init.cache;
    if (request.cache === "only-if-cached" && request.mode !== "same-origin") {
      throw makeError(TypeError, prefix, "'only-if-cached' cache mode can be used only with 'same-origin' mode");
    }
    if (init.redirect !== undefined) request.redirect = init.redirect;
    if (init.integrity !== undefined) request.integrity = init.integrity;
    if (init.keepalive !== undefined) request.keepalive = init.keepalive;
    if (init.method !== undefined) request.method = normalizeMethod(init.method, prefix);
    if (init.signal !== undefined) signal = init.signal;
    if (init.priority !== undefined) request.priority = init.priority;

    // Without a source signal the dependent signal would have no sources: a
    // plain one behaves the same (nothing can abort it) and is cheaper to make.
    request.signal = signal === null ? internals.abort.newSignal() : internals.abort.createDependentSignal([signal]);

    const headers = headersApi.create(
      inputState === undefined ? [] : headersApi.copyList(inputState.headers), "request");
    request.headers = headers;
    if (request.mode === "no-cors") {
      const method = request.method;
      if (method !== "GET" && method !== "HEAD" && method !== "POST") {
        throw makeError(TypeError, prefix, `'${method}' is unsupported in no-cors mode`);
      }
      headersApi.setGuard(headers, "request-no-cors");
    }
    if (!initIsEmpty) {
      let converted = init.headers;
      if (converted === undefined) {
        const copy = headersApi.copyList(headers);
        converted = headersApi.converted(copy, copy.length);
      }
      headersApi.clear(headers);
      headersApi.fillConverted(headers, converted, prefix);
    }

    const inputBody = inputState === undefined ? null : inputState.body;
    const hasInitBody = init.body !== undefined && init.body !== null;
    if ((hasInitBody || inputBody !== null) && (request.method === "GET" || request.method === "HEAD")) {
      throw makeError(TypeError, prefix, "Request with GET/HEAD method cannot have body");
    }
    let initBody = null;
    if (hasInitBody) {
      const { body, type } = bodyApi.extractBody(init.body, request.keepalive, prefix);
      initBody = body;
      if (type !== null && !headersApi.contains(headers, "content-type")) {
        headersApi.fillConverted(headers, headersApi.converted([["Content-Type", type]]), prefix);
      }
    }
    const inputOrInitBody = initBody !== null ? initBody : inputBody;
    if (inputOrInitBody !== null && inputOrInitBody.source === null) {
      if (initBody !== null && init.duplex === undefined) {
        throw makeError(TypeError, prefix, "The 'duplex' member must be specified for a request with a streaming body");
      }
      if (request.mode !== "same-origin" && request.mode !== "cors") {
        throw makeError(TypeError, prefix, "A request with a streaming body must have mode 'same-origin' or 'cors'");
      }
    }
    let finalBody = inputOrInitBody;
    if (initBody === null && inputBody !== null) {
      if (bodyApi.isUnusable(inputBody)) throw bodyApi.unusableError(inputBody, prefix);
      finalBody = takeOverBody(inputBody);
    }
    request.body = finalBody;
    this.#state = request;
  }

  static {
    requestState = (value) =>
      value !== null && typeof value === "object" && #state in value ? value.#state : undefined;
  }

  get method() {
    return stateOf(this).method;
  }

  get url() {
    return stateOf(this).urlList[0];
  }

  get headers() {
    return stateOf(this).headers;
  }

  get destination() {
    stateOf(this);
    return "";
  }

  get referrer() {
    const { referrer } = stateOf(this);
    if (referrer === "no-referrer") return "";
    if (referrer === "client") return "about:client";
    return referrer;
  }

  get referrerPolicy() {
    return stateOf(this).referrerPolicy;
  }

  get mode() {
    return stateOf(this).mode;
  }

  get credentials() {
    return stateOf(this).credentials;
  }

  get cache() {
    return stateOf(this).cache;
  }

  get redirect() {
    return stateOf(this).redirect;
  }

  get integrity() {
    return stateOf(this).integrity;
  }

  get keepalive() {
    return stateOf(this).keepalive;
  }

  get isReloadNavigation() {
    return stateOf(this).reloadNavigation;
  }

  get isHistoryNavigation() {
    return stateOf(this).historyNavigation;
  }

  get signal() {
    return signalOf(stateOf(this));
  }

  get duplex() {
    stateOf(this);
    return "half";
  }

  clone() {
    const state = stateOf(this);
    if (bodyApi.isUnusable(state.body)) {
      throw bodyApi.unusableError(state.body, "Failed to execute 'clone' on 'Request'");
    }
    const clone = cloneState(state);
    clone.signal = internals.abort.createDependentSignal([signalOf(state)]);
    return new Request(kConstruct, clone);
  }

  [internals.inspectCustom](depth, options, inspect) {
    const state = requestState(this);
    if (state === undefined || typeof inspect !== "function") return this;
    if (depth !== null && depth < 0) return "[Request]";
    const fields = {
      method: state.method,
      url: state.urlList[0],
      headers: state.headers,
      destination: "",
      referrer: this.referrer,
      referrerPolicy: state.referrerPolicy,
      mode: state.mode,
      credentials: state.credentials,
      cache: state.cache,
      redirect: state.redirect,
      integrity: state.integrity,
      keepalive: state.keepalive,
      isReloadNavigation: state.reloadNavigation,
      isHistoryNavigation: state.historyNavigation,
      signal: signalOf(state),
      body: bodyApi.inspectBody(state.body),
      bodyUsed: state.body !== null && bodyApi.isDisturbed(state.body),
    };
    return `Request ${inspect(fields, { ...options, depth: depth === null ? null : depth })}`;
  }
}

// The URL of a Request made from a string (a USVString already): parsed with
// no API base URL, so it must be absolute, and without credentials.
function requestUrl(input, prefix) {
  const href = internals.url.parse(input);
  if (href === null) throw makeError(TypeError, prefix, `Invalid URL: '${input}' (an absolute URL is required)`);
  if (RegExpPrototypeExec(credentialsPattern, href) !== null) {
    throw makeError(TypeError, prefix, `Request cannot be constructed from a URL that includes credentials: '${input}'`);
  }
  return href;
}

function stateOf(self) {
  const state = requestState(self);
  if (state === undefined) throw new TypeError("Illegal invocation");
  return state;
}

// Requests made by native code get their signal when first asked.
function signalOf(state) {
  state.signal ??= internals.abort.newSignal();
  return state.signal;
}

// Fetch "clone a request" (the body is teed or shares its source).
function cloneState(state) {
  const clone = newRequestState();
  clone.method = state.method;
  clone.urlList = [];
  for (let i = 0; i < state.urlList.length; i++) ArrayPrototypePush(clone.urlList, state.urlList[i]);
  clone.headers = headersApi.create(headersApi.copyList(state.headers), headersApi.guard(state.headers));
  clone.body = state.body === null ? null : bodyApi.cloneBody(state.body);
  clone.mode = state.mode;
  clone.credentials = state.credentials;
  clone.cache = state.cache;
  clone.redirect = state.redirect;
  clone.referrer = state.referrer;
  clone.referrerPolicy = state.referrerPolicy;
  clone.integrity = state.integrity;
  clone.keepalive = state.keepalive;
  clone.reloadNavigation = state.reloadNavigation;
  clone.historyNavigation = state.historyNavigation;
  clone.priority = state.priority;
  return clone;
}

bodyApi.installBodyMixin(Request.prototype, "Request", (value) => requestState(value));
webidl.configureInterface(Request);

function isRequest(value) {
  return requestState(value) !== undefined;
}

// The body of a request or response for native code: the whole source when it
// is known (bodySource), else the stream; either way the body is now used.
function takeBodyForNative(inner, prefix) {
  if (inner === null) return { bodySource: null, stream: () => null };
  const takenStream = inner.stream;
  const bytes = takeSourceForNative(inner, prefix);
  if (bytes === null) return { bodySource: null, stream: () => takenStream };
  let stream = null;
  const getStream = () => {
    if (stream === null) {
      // Made from the source even though the body now counts as used.
      inner.consumed = false;
      stream = bodyApi.bodyStream(inner);
      inner.consumed = true;
    }
    return stream;
  };
  return { bodySource: bytes, stream: getStream };
}

// The same without the stream: the whole source (a string or bytes) of a body
// that is not streamed, else null; either way the body is now used.
function takeSourceForNative(inner, prefix) {
  if (bodyApi.isUnusable(inner)) throw bodyApi.unusableError(inner, prefix);
  if (inner.stream !== null) {
    inner.consumed = true;
    return null;
  }
  const bytes = typeof inner.source === "string" ? inner.source : bodyApi.sourceBytes(inner).bytes;
  inner.consumed = true;
  inner.owned = false;
  return bytes;
}

const fetchApi = internals.fetchApi ??= { __proto__: null };
fetchApi.Request = Request;
fetchApi.isRequest = isRequest;
fetchApi.takeSourceForNative = takeSourceForNative;

// A Request from native code (an incoming server request, or a redirect hop):
// { method, url, headers: [[name, value]...], body: ReadableStream|null,
//   bodySource: Uint8Array|string|null, signal, redirect, duplex, guard }.
// Header names are lower-cased and validated here; `flatHeaders`
// ([name, value, ...]) instead of `headers` says the caller did that (the HTTP
// server's parser), and its Headers object is made when first asked for.
// A Uint8Array bodySource is handed over (the Request may give its buffer to
// arrayBuffer() callers).
fetchApi.createRequest = (init) => {
  const state = newRequestState();
  // Native callers pass strings (String() is a builtin call even then).
  const method = init.method ?? "GET";
  state.method = typeof method === "string" ? method : String(method);
  state.urlList = [typeof init.url === "string" ? init.url : String(init.url)];
  if (init.flatHeaders !== undefined) {
    state.setFlatHeaders(init.flatHeaders, init.guard ?? "immutable");
  } else {
    const list = init.headers ?? [];
    state.headers = headersApi.create(headersApi.normalizeList(list), init.guard ?? "immutable");
  }
  if (init.bodySource !== undefined && init.bodySource !== null) {
    const source = init.bodySource;
    state.body = new bodyApi.InnerBody(null, source,
      typeof source === "string" ? null : TypedArrayPrototypeGetByteLength(source));
  } else if (init.body !== undefined && init.body !== null) {
    state.body = new bodyApi.InnerBody(init.body, null, init.length ?? null);
  }
  if (init.signal !== undefined && init.signal !== null) state.signal = init.signal;
  if (init.redirect !== undefined) state.redirect = init.redirect;
  if (init.mode !== undefined) state.mode = init.mode;
  return new Request(kConstruct, state);
};

// What native code needs to send a request; takes its body (the request's body
// is used afterwards). `body` is made from bodySource only when read.
// Aborts a request's signal (made now if nobody asked for it yet).
fetchApi.abortRequest = (request, reason) => {
  internals.abort.signalAbort(signalOf(stateOf(request)), reason);
};

// What the fetch client needs to send a request; takes its body. A class, not
// a null-prototype literal (V8 gives those dictionary properties): fast
// properties, all own, nothing looked up on a prototype user code could change.
class RequestParts {
  #taken;
  constructor(state, taken) {
    this.#taken = taken;
    this.method = state.method;
    this.url = state.urlList[state.urlList.length - 1];
    this.headers = headersApi.copyList(state.headers);
    this.bodySource = taken.bodySource;
    this.bodyLength = state.body === null ? null : bodyApi.bodyLength(state.body);
    this.signal = signalOf(state);
    this.redirect = state.redirect;
    this.mode = state.mode;
    this.credentials = state.credentials;
    this.cache = state.cache;
    this.keepalive = state.keepalive;
    this.referrer = state.referrer;
    this.referrerPolicy = state.referrerPolicy;
    this.integrity = state.integrity;
  }
  get body() { return this.#taken.stream(); }
}

fetchApi.requestParts = (request) => {
  const state = stateOf(request);
  return new RequestParts(state, takeBodyForNative(state.body, "Failed to send the request"));
};

internals.request = {
  __proto__: null,
  Request,
  isRequest,
  stateOf: (value) => requestState(value),
  normalizeMethod,
};

webidl.defineGlobals({ Request });
