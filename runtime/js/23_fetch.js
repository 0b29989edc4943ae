// fetch() (Fetch §5.6 "fetch method"). Request and Response come from 17-20
// through internals.fetchApi; the network work (DNS, TCP, TLS, HTTP/1.1,
// redirects, content decoding, data: URLs) is native: api/fetch.cc and net/.
// The response body is a byte stream fed from the socket with backpressure:
// the socket is read only while the stream's queue is below kHighWaterMark.
"use strict";

const {
  ArrayBufferIsView, FunctionPrototypeCall, ObjectDefineProperty, ObjectFreeze,
  ObjectGetOwnPropertyDescriptor, PromisePrototypeThen, PromiseReject, ReflectOwnKeys, TypeError,
  TypedArrayPrototypeGetSymbolToStringTag, markPromiseHandled,
} = internals.primordials;
const { webidl } = internals;

const kHighWaterMark = 64 * 1024;

// Captured now: a script replacing these getters must not change fetch.
const signalAbortedGetter = ObjectGetOwnPropertyDescriptor(internals.AbortSignal.prototype, "aborted").get;
const signalReasonGetter = ObjectGetOwnPropertyDescriptor(internals.AbortSignal.prototype, "reason").get;
const signalAborted = (signal) => FunctionPrototypeCall(signalAbortedGetter, signal);
const signalReason = (signal) => FunctionPrototypeCall(signalReasonGetter, signal);

function streamsApi() {
  const streams = internals.streams;
  if (streams === undefined) throw new TypeError("fetch needs ReadableStream support (11_streams.js)");
  return streams;
}

function fetchApi() {
  const api = internals.fetchApi;
  if (api === undefined || api.Request === undefined || api.createResponse === undefined) {
    throw new TypeError("fetch needs Request and Response (17-20)");
  }
  return api;
}

function isUint8Array(value) {
  return ArrayBufferIsView(value) && TypedArrayPrototypeGetSymbolToStringTag(value) === "Uint8Array";
}

// A number option of the `init.nano` extension, or undefined.
function timeoutOption(ext, name) {
  const value = ext[name];
  if (value === undefined) return undefined;
  const ms = +value;
  if (!(ms >= 0) || ms === Infinity) {
    throw new TypeError(`Failed to execute 'fetch': init.nano.${name} must be a non-negative number of milliseconds`);
  }
  return ms;
}

// Everything one fetch() shares between its callbacks.
class FetchRecord {
  constructor(signal, requestBody) {
    this.id = 0;
    this.signal = signal;
    this.algorithm = null;
    this.controller = null;  // of the response body stream
    this.responseBody = null;
    this.requestBody = requestBody;  // ReadableStream being sent, or null
    this.reader = null;
    this.requestBodyDone = requestBody === null;
  }

  // What native code calls (on the record itself, which it holds weakly while
  // the body waits for a reader: the response body stream keeps the record
  // alive). Methods, not per-fetch closures.

  // The final response head: returns the Response the promise fulfils with.
  // The body bytes that came with the head (or undefined) and whether they
  // were all of it arrive in the same call.
  response(status, statusText, flatHeaders, urlList, redirected, hasBody, firstChunk, complete) {
    const record = this;
    const body = hasBody ? createResponseBody(record) : null;
    record.responseBody = body;
    if (body === null) releaseSignal(record);
    // The client's parser checked the names (tokens, lower-cased) and values
    // (trimmed, no CR, LF or NUL).
    const response = fetchApi().createResponse({
      status, statusText, flatHeaders, body, url: urlList[urlList.length - 1], urlList, redirected, type: "basic",
    });
    if (body !== null) {
      if (firstChunk !== undefined) enqueueBody(record, firstChunk);
      if (complete) endBody(record);
    }
    return response;
  }

  chunk(bytes) {
    return enqueueBody(this, bytes);
  }

  end() {
    endBody(this);
  }

  error(error) {
    const record = this;
    releaseSignal(record);
    if (responseBodyReadable(record)) streamsApi().error(record.controller, error);
  }

  // The socket took the previous chunk: read the next one (backpressure).
  pullBody() {
    const record = this;
    if (record.requestBodyDone) return;
    const streams = streamsApi();
    if (record.reader === null) record.reader = streams.acquireReader(record.requestBody);
    PromisePrototypeThen(record.reader.read(), (result) => {
      if (record.requestBodyDone) return;
      if (result.done) {
        record.requestBodyDone = true;
        ops.op_fetch_write_end(record.id);
      } else if (!isUint8Array(result.value)) {
        const error = new TypeError("Failed to execute 'fetch': request body chunks must be Uint8Array");
        dropRequestBody(record, error);
        ops.op_fetch_write_error(record.id, error);
      } else {
        ops.op_fetch_write(record.id, result.value);
      }
    }, (error) => {
      if (record.requestBodyDone) return;
      record.requestBodyDone = true;
      ops.op_fetch_write_error(record.id, error);
    });
  }

  dropBody() {
    dropRequestBody(this, new TypeError("the request body is not sent (redirect or failure)"));
  }
}

function releaseSignal(record) {
  if (record.algorithm !== null) {
    internals.abort.removeAlgorithm(record.signal, record.algorithm);
    record.algorithm = null;
  }
}

// Stops reading the request body stream (abort, error, a redirect that drops it).
function dropRequestBody(record, reason) {
  if (record.requestBodyDone) return;
  record.requestBodyDone = true;
  const streams = streamsApi();
  let promise;
  if (record.reader !== null) {
    promise = record.reader.cancel(reason);
  } else if (!streams.isLocked(record.requestBody)) {
    promise = streams.readableStreamCancel(record.requestBody, reason);
  }
  if (promise !== undefined) markPromiseHandled(promise);
}

function responseBodyReadable(record) {
  return record.responseBody !== null && streamsApi().readableStreamState(record.responseBody) === "readable";
}

// Fetch "abort the fetch() call": the promise rejects (natively, if still
// pending), the response body errors, the request body is cancelled.
function abortFetch(record, reason) {
  record.algorithm = null;
  ops.op_fetch_abort(record.id, reason);
  if (responseBodyReadable(record)) streamsApi().error(record.controller, reason);
  dropRequestBody(record, reason);
}

function createResponseBody(record) {
  const streams = streamsApi();
  return streams.createReadableByteStream({
    start(controller) { record.controller = controller; },
    pull() { ops.op_fetch_resume(record.id); },
    cancel(reason) {
      releaseSignal(record);
      ops.op_fetch_cancel(record.id);
    },
  }, kHighWaterMark);
}

// A decoded body chunk; the answer says whether the queue has room for more.
function enqueueBody(record, bytes) {
  const streams = streamsApi();
  const controller = record.controller;
  if (controller === null || !streams.canCloseOrEnqueue(controller)) return false;
  streams.enqueue(controller, bytes);
  return streams.desiredSize(controller) > 0;
}

function endBody(record) {
  const streams = streamsApi();
  const controller = record.controller;
  if (controller !== null && streams.canCloseOrEnqueue(controller)) {
    streams.close(controller);
    // Chunks still queued can be errored by a later abort (Fetch keeps the
    // body abortable until it is read); with none left there is nothing to do.
    if (streams.readableStreamState(record.responseBody) !== "readable") releaseSignal(record);
  }
}


// fetch(url): the Request it stands for (GET, no headers, no body, a signal
// nothing can abort, redirects followed) is never seen by the caller, so it is
// not made: the op parses the URL once and checks it as the constructor would.
function startPlainFetch(input) {
  const record = new FetchRecord(null, null);
  const result = ops.op_fetch_start("GET", input, kNoHeaders, null, false, "follow", undefined, undefined, record,
    true);
  record.id = result[0];
  return result[1];
}
const kNoHeaders = ObjectFreeze([]);

function startFetch(input, init) {
  const api = fetchApi();
  if (typeof input === "string" && init === undefined) return startPlainFetch(input);
  // Fetch step 2: "Let requestObject be the result of invoking the initial value of Request".
  const request = new api.Request(input, init);
  let connectTimeout;
  let readTimeout;
  if (init !== null && typeof init === "object") {
    const ext = init.nano;
    if (ext !== undefined && ext !== null) {
      if (typeof ext !== "object") throw new TypeError("Failed to execute 'fetch': init.nano must be an object");
      connectTimeout = timeoutOption(ext, "connectTimeout");
      readTimeout = timeoutOption(ext, "readTimeout");
    }
  }
  const parts = api.requestParts(request);
  const signal = parts.signal ?? null;
  const bodySource = parts.bodySource;
  const requestBody = bodySource === null ? parts.body : null;
  if (signal !== null && signalAborted(signal)) {
    const reason = signalReason(signal);
    if (requestBody !== null && !streamsApi().isLocked(requestBody)) {
      markPromiseHandled(streamsApi().readableStreamCancel(requestBody, reason));
    }
    return PromiseReject(reason);
  }
  const flatHeaders = [];
  const list = parts.headers;
  for (let i = 0; i < list.length; i++) {
    flatHeaders[flatHeaders.length] = list[i][0];
    flatHeaders[flatHeaders.length] = list[i][1];
  }
  const record = new FetchRecord(signal, requestBody);
  const result = ops.op_fetch_start(parts.method, parts.url, flatHeaders, bodySource, requestBody !== null,
    parts.redirect, connectTimeout, readTimeout, record);
  record.id = result[0];
  if (signal !== null) {
    record.algorithm = () => abortFetch(record, signalReason(signal));
    internals.abort.addAlgorithm(signal, record.algorithm);
  }
  return result[1];
}

function fetch(input, init = undefined) {
  try {
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'fetch'");
    return startFetch(input, init);
  } catch (error) {
    return PromiseReject(error);
  }
}

webidl.defineGlobals({ fetch });

// nano.fetchStats(): live sockets, idle keep-alive connections and requests of
// this runtime's fetch client (tests assert they drop to zero after errors).
internals.extendNano({ fetchStats() { return ops.op_fetch_stats(); } });
