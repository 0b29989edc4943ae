// Serve mode: the JS half of `nanojs serve` (runtime/serve/app_host.cc). The
// native host calls these per request: it builds the Request and the `ctx`,
// turns the handler's Response into parts for the HTTP transport, and pumps a
// streamed response body with backpressure. Nothing here is a global.
"use strict";
const {
  ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength,
  DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteLength,
  DataViewPrototypeGetByteOffset,
  FunctionPrototypeCall,
  ObjectFreeze,
  Promise,
  PromisePrototypeThen,
  PromiseResolve,
  SafeMap,
  Symbol,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetSymbolToStringTag,
  Uint8Array,
  markPromiseHandled,
} = internals.primordials;
const { webidl } = internals;

const kConstruct = Symbol("ExecutionContext");
const kNotFulfilled = Symbol("not fulfilled");

// Set by init(): { bodyRead(id) -> Uint8Array|null|undefined (throws when the
// body failed), write(id, bytes) -> 0 ok | 1 wait for writable | -1 gone,
// end(id), waitUntilAdd(id), waitUntilDone(id, error?), passThrough(id),
// badRequest(id, error), handlerFailed(id, error, how), beforeHandler(),
// respond(id, status, statusText, bodySource, stream, length, name, value, ...) ->
// kSent | kPump | kCancel }.
let native = null;
// Set by setHandler(): the default export, its fetch, env; whether the host
// wants to hear (beforeHandler) right before each call of fetch.
let handler = null;
let handlerFetch = null;
let handlerEnv = undefined;
let callBeforeHandler = false;

// What native.respond() asks of the response body stream.
const kSent = 0;
const kPump = 1;
const kCancel = 2;
// How a handler failed (native.handlerFailed).
const kThrew = 0;
const kRejected = 1;
const kBadResponse = 2;
const kBodyFailed = 3;

// Per in-flight request: whoever waits for the transport.
const bodyWaiters = new SafeMap();   // id -> resolve (more request body, or its end)
const writeWaiters = new SafeMap();  // id -> resolve(true: go on | false: connection gone)

let contextId;  // (ctx) -> id, or a TypeError for anything but an ExecutionContext

class ExecutionContext {
  #id;
  constructor(key, id) {
    if (key !== kConstruct) throw new TypeError("Illegal constructor");
    this.#id = id;
  }

  static {
    contextId = (self) => {
      if (typeof self !== "object" || self === null || !(#id in self)) throw new TypeError("Illegal invocation");
      return self.#id;
    };
  }

  waitUntil(promise) {
    const id = contextId(this);
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'waitUntil' on 'ExecutionContext'");
    native.waitUntilAdd(id);
    PromisePrototypeThen(PromiseResolve(promise), () => native.waitUntilDone(id),
      (error) => native.waitUntilDone(id, error));
  }

  // Workers would forward to the origin on an exception; there is no origin
  // here, so an exception still answers 500. Recorded for telemetry.
  passThroughOnException() {
    native.passThrough(contextId(this));
  }
}
webidl.configureInterface(ExecutionContext);

function toBytes(chunk) {
  if (TypedArrayPrototypeGetSymbolToStringTag(chunk) === "Uint8Array") return chunk;
  if (ArrayBufferIsView(chunk)) {
    if (TypedArrayPrototypeGetSymbolToStringTag(chunk) !== undefined) {
      return new Uint8Array(TypedArrayPrototypeGetBuffer(chunk), TypedArrayPrototypeGetByteOffset(chunk),
        TypedArrayPrototypeGetByteLength(chunk));
    }
    return new Uint8Array(DataViewPrototypeGetBuffer(chunk), DataViewPrototypeGetByteOffset(chunk),
      DataViewPrototypeGetByteLength(chunk));
  }
  try {
    ArrayBufferPrototypeGetByteLength(chunk);
    return new Uint8Array(chunk);
  } catch {
    throw new TypeError("The response body stream produced a chunk that is not a Uint8Array");
  }
}

// The request body: a byte stream that asks the transport for data only when read
// (the transport stops reading the socket while nobody reads).
function pullBody(id, controller) {
  const chunk = native.bodyRead(id);
  if (chunk === undefined) {
    return PromisePrototypeThen(new Promise((resolve) => bodyWaiters.set(id, resolve)),
      () => pullBody(id, controller));
  }
  if (chunk === null) {
    internals.streams.close(controller);
    // A pending BYOB read is answered by the close.
    return undefined;
  }
  internals.streams.enqueue(controller, chunk);
  return undefined;
}

// Sends a response body stream to the transport, each chunk as it is read,
// and stops reading while the socket's queue is full. Reads with steps, not
// promises: no promise and microtask per chunk. A chunk that is already
// queued arrives during readWith(); the loop in readMore takes it, so a long
// queue does not deepen the stack.
function pump(id, stream) {
  const reader = internals.streams.acquireReader(stream);
  const clientLeft = () => markPromiseHandled(reader.cancel(new TypeError("The client disconnected")));
  const fail = (error) => {
    markPromiseHandled(reader.cancel(error));
    native.handlerFailed(id, error, kBodyFailed);
  };
  // Writes one chunk; true when the next one may be read at once.
  const write = (value) => {
    let bytes;
    try {
      bytes = toBytes(value);
    } catch (error) {
      fail(error);
      return false;
    }
    const result = native.write(id, bytes);
    if (result < 0) {
      clientLeft();
      return false;
    }
    if (result === 1) {
      writeWaiters.set(id, (goOn) => (goOn ? readMore() : clientLeft()));
      return false;
    }
    return true;
  };
  let inRead = false;
  let queued = false;
  let queuedChunk;
  const steps = {
    chunkSteps(chunk) {
      if (inRead) {
        queued = true;
        queuedChunk = chunk;
      } else if (write(chunk)) {
        readMore();
      }
    },
    closeSteps() { native.end(id); },
    errorSteps: fail,
  };
  function readMore() {
    try {
      for (;;) {
        queued = false;
        inRead = true;
        reader.readWith(steps);
        inRead = false;
        if (!queued) return;  // it comes later, through chunkSteps
        const chunk = queuedChunk;
        queuedChunk = undefined;
        if (!write(chunk)) return;
      }
    } catch (error) {
      inRead = false;
      fail(error);
    }
  }
  readMore();
}

// The Request handed to fetch(). Throws a TypeError when the URL is not valid.
// `url` is serialized already when `urlParsed`; `flatHeaders` is [name, value, ...].
function createRequest(id, method, url, urlParsed, flatHeaders, hasBody) {
  const href = urlParsed ? url : internals.url.parse(url);
  if (href === null) throw new TypeError(`Invalid request URL: ${url}`);
  let body = null;
  if (hasBody) {
    body = internals.streams.createReadableByteStream({
      pull: (controller) => pullBody(id, controller),
    }, 0);
  }
  // The server's parser validated and lower-cased the header names. The
  // signal is made when someone asks for it (or when the client goes away).
  return internals.fetchApi.createRequest({ method, url: href, flatHeaders, body });
}

// The body stream of the response sendParts() handed over last.
let sentStream = null;

// A response taken apart (fetchApi.sendResponse), to the transport. The
// headers follow as arguments, name, value, ...: flat strings the server
// copies as they are (a packed string would be a rope to flatten).
function sendParts(id, status, statusText, source, stream, length, list) {
  sentStream = stream;
  if (list.length === 0) return native.respond(id, status, statusText, source, stream, length);
  if (list.length === 1) {
    return native.respond(id, status, statusText, source, stream, length, list[0][0], list[0][1]);
  }
  if (list.length === 2) {
    return native.respond(id, status, statusText, source, stream, length, list[0][0], list[0][1], list[1][0],
      list[1][1]);
  }
  const flat = [];
  for (let i = 0; i < list.length; i++) {
    flat[2 * i] = list[i][0];
    flat[2 * i + 1] = list[i][1];
  }
  return native.respond(id, status, statusText, source, stream, length, ...flat);
}

// The handler's answer (a Response, or anything else: a 500), to the transport.
function respond(id, value) {
  let next;
  let stream = null;
  try {
    const fetchApi = internals.fetchApi;
    if (!fetchApi.isResponse(value)) {
      const what = value === null ? "null" : typeof value === "object" ? "an object that is not a Response"
        : typeof value;
      throw new TypeError(`The handler's fetch() did not return a Response (it returned ${what})`);
    }
    sentStream = null;
    next = fetchApi.sendResponse(value, id, sendParts);
    stream = sentStream;
    sentStream = null;
  } catch (error) {
    sentStream = null;
    native.handlerFailed(id, error, kBadResponse);
    return;
  }
  if (next === kPump) {
    pump(id, stream);
  } else if (next === kCancel) {
    markPromiseHandled(internals.streams.readableStreamCancel(stream, undefined));
  }
}

internals.serve = ObjectFreeze({
  __proto__: null,
  init(bindings) { native = bindings; },
  setHandler(object, fetch, env, beforeHandler) {
    handler = object;
    handlerFetch = fetch;
    handlerEnv = env;
    callBeforeHandler = beforeHandler;
  },

  // One request, from the transport to the handler's fetch(); its answer goes
  // back through native.respond(). Returns the Request (the host aborts its
  // signal when the client leaves), or undefined when it could not be made.
  dispatch(id, method, url, urlParsed, hasBody, ...flatHeaders) {
    let request;
    try {
      request = createRequest(id, method, url, urlParsed, flatHeaders, hasBody);
    } catch (error) {
      native.badRequest(id, error);
      return undefined;
    }
    const ctx = new ExecutionContext(kConstruct, id);
    // Nothing but fetch() may run between this and the call: a debugger asked
    // to pause on the next function call stops in the handler.
    if (callBeforeHandler) native.beforeHandler();
    let result;
    try {
      result = FunctionPrototypeCall(handlerFetch, handler, request, handlerEnv, ctx);
    } catch (error) {
      native.handlerFailed(id, error, kThrew);
      return request;
    }
    // Whatever fetch returned (a Response, a promise, a thenable) settles through one promise.
    // Nearly always it has settled already (an async fetch() that did not
    // await): then the response goes out now, without a reaction and its microtask.
    const promise = PromiseResolve(result);
    const value = internals.fulfilledValue(promise, kNotFulfilled);
    if (value !== kNotFulfilled) {
      respond(id, value);
      return request;
    }
    PromisePrototypeThen(promise, (value) => respond(id, value),
      (error) => native.handlerFailed(id, error, kRejected));
    return request;
  },

  // The client went away (or the request was killed) while it was handled.
  abort(request, reason) {
    internals.fetchApi.abortRequest(request, new internals.DOMException(reason, "AbortError"));
  },

  bodyReady(id) {
    const resolve = bodyWaiters.get(id);
    if (resolve === undefined) return;
    bodyWaiters.delete(id);
    resolve();
  },
  writable(id) {
    const resolve = writeWaiters.get(id);
    if (resolve === undefined) return;
    writeWaiters.delete(id);
    resolve(true);
  },
  // The exchange is over: whoever waits on the transport stops waiting.
  closed(id) {
    const resolveWrite = writeWaiters.get(id);
    writeWaiters.delete(id);
    if (resolveWrite !== undefined) resolveWrite(false);
    const resolveBody = bodyWaiters.get(id);
    bodyWaiters.delete(id);
    if (resolveBody !== undefined) resolveBody();
  },
});
