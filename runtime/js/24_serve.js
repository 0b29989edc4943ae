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

// Set by init(): { bodyRead(id) -> Uint8Array|null|undefined (throws when the
// body failed), write(id, bytes) -> 0 ok | 1 wait for writable | -1 gone,
// end(id), waitUntilAdd(id), waitUntilDone(id, error?), passThrough(id) }.
let native = null;

// Per in-flight request: whoever waits for the transport.
const bodyWaiters = new SafeMap();   // id -> resolve (more request body, or its end)
const writeWaiters = new SafeMap();  // id -> resolve(true: go on | false: connection gone)
const signals = new SafeMap();       // id -> the Request's AbortSignal

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

async function pump(id, stream) {
  const reader = internals.streams.acquireReader(stream);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const bytes = toBytes(value);
      const result = native.write(id, bytes);
      if (result < 0) {
        markPromiseHandled(reader.cancel(new TypeError("The client disconnected")));
        return;
      }
      if (result === 1) {
        const goOn = await new Promise((resolve) => writeWaiters.set(id, resolve));
        if (!goOn) {
          markPromiseHandled(reader.cancel(new TypeError("The client disconnected")));
          return;
        }
      }
    }
  } catch (error) {
    markPromiseHandled(reader.cancel(error));
    throw error;
  }
  native.end(id);
}

internals.serve = ObjectFreeze({
  __proto__: null,
  init(bindings) { native = bindings; },

  // The Request handed to fetch(). Throws a TypeError when the URL is not valid.
  createRequest(id, method, url, headers, hasBody) {
    const href = internals.url.parse(url);
    if (href === null) throw new TypeError(`Invalid request URL: ${url}`);
    const signal = internals.abort.newSignal();
    signals.set(id, signal);
    let body = null;
    if (hasBody) {
      body = internals.streams.createReadableByteStream({
        pull: (controller) => pullBody(id, controller),
      }, 0);
    }
    return internals.fetchApi.createRequest({ method, url: href, headers, body, signal });
  },

  createContext(id) { return new ExecutionContext(kConstruct, id); },

  // [status, statusText, headers, bodySource, stream, length] of a Response;
  // a TypeError for anything else.
  responseParts(value) {
    const fetchApi = internals.fetchApi;
    if (!fetchApi.isResponse(value)) {
      const what = value === null ? "null" : typeof value === "object" ? "an object that is not a Response"
        : typeof value;
      throw new TypeError(`The handler's fetch() did not return a Response (it returned ${what})`);
    }
    const parts = fetchApi.responseParts(value);
    const source = parts.bodySource;
    const stream = source === null ? parts.body : null;
    return [parts.status, parts.statusText, parts.headers, source, stream, parts.bodyLength];
  },

  pump,
  cancel(stream, reason) { markPromiseHandled(internals.streams.readableStreamCancel(stream, reason)); },

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
  // The exchange is over; aborted: the client went away (or the request was killed).
  closed(id, aborted, reason) {
    const signal = signals.get(id);
    signals.delete(id);
    if (aborted && signal !== undefined) {
      internals.abort.signalAbort(signal, new internals.DOMException(reason, "AbortError"));
    }
    const resolveWrite = writeWaiters.get(id);
    writeWaiters.delete(id);
    if (resolveWrite !== undefined) resolveWrite(false);
    const resolveBody = bodyWaiters.get(id);
    bodyWaiters.delete(id);
    if (resolveBody !== undefined) resolveBody();
  },
});
