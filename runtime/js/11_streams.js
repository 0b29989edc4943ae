// The Streams Standard (https://streams.spec.whatwg.org): ReadableStream with
// default and byte sources, WritableStream, TransformStream and the queuing
// strategies. Abstract operations keep the spec's names and steps; internal
// slots live in plain records held by private fields, so `[[state]]` is
// `record.state` and users never see them. Records point at their public
// object through `record.object`.
"use strict";

const {
  ArrayBuffer, ArrayBufferIsView, ArrayBufferPrototypeGetByteLength, ArrayPrototypePush, ArrayPrototypeSlice,
  BigInt64Array, BigUint64Array, DataView, DataViewPrototypeGetBuffer, DataViewPrototypeGetByteLength,
  DataViewPrototypeGetByteOffset, Float32Array, Float64Array, FunctionPrototypeCall, Int16Array, Int32Array,
  Int8Array, MathMin, NumberIsNaN, ObjectCreate, ObjectDefineProperty, ObjectGetOwnPropertyDescriptor,
  ObjectSetPrototypeOf, Promise, PromisePrototypeThen, PromiseReject, PromiseResolve, RangeError, ReflectApply,
  Symbol, SymbolAsyncIterator, SymbolIterator, TypeError, TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength, TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag, TypedArrayPrototypeSet, Uint16Array, Uint32Array, Uint8Array,
  Uint8ClampedArray, AsyncIteratorPrototype, SharedArrayBufferPrototypeGetByteLength,
} = internals.primordials;
const { webidl } = internals;
const { converters } = webidl;

// Lets internal code construct instances without running the public constructor steps.
const kInternal = Symbol("streams internal");
// The close sentinel of WritableStreamDefaultController's queue.
const kCloseSentinel = Symbol("close sentinel");

const noop = () => {};

// --- Telemetry ---------------------------------------------------------------
// The streams observer hears created(id) when a stream is made (it
// answers with the id of the request the stream belongs to, 0 for none) and
// close(record, peak) when it closes or errors (records are the streams'
// internal slots: internals.publishStreamState() reads them). Between the two, the streams
// that changed are published on a clock, not per change: the first change
// since the last publish asks observer.scheduleFlush() for a call to
// internals.flushStreamUpdates() (the runtime makes it a few times a second,
// as often as a viewer samples), which gives open(record, peak) for a stream
// not shown yet and update(record, peak) for the others. So a pipe moving
// thousands of chunks costs a few records, and a stream that lives and dies
// between two flushes costs one (its close). Each record keeps the largest
// queue it had since it was last published (telemetryPeak; -1: unchanged,
// -2: closed), so no peak is lost. With the default no-op observer every call
// site costs one boolean test.
//
// Nothing waits in those lists past its end: a stream that closes and a read
// that settles leave them at once (TelemetryList), or every short-lived stream
// would live until the next flush and survive the young GC.

const noopObserver = ObjectCreate(null);
noopObserver.created = noop;
noopObserver.open = noop;
noopObserver.update = noop;
noopObserver.close = noop;
noopObserver.scheduleFlush = noop;
// The observer is a module variable and its callbacks are named loads on it:
// a keyed load by method name would be megamorphic at every call site.
let observer = noopObserver;
let observing = false;
let watchingReads = false;  // observer.pendingOpen/pendingClose given

// Items waiting for the next flush, in no order. Each item keeps its position
// in telemetrySlot (-1: not listed), so removal is O(1): the last item moves
// into the gap. The array's length never shrinks (a length store takes V8's
// runtime path, and so does Array.prototype.pop called through primordials).
class TelemetryList {
  constructor() {
    this.items = [];
    this.count = 0;
  }
  // Asks for a flush when the list was empty.
  add(item) {
    item.telemetrySlot = this.count;
    this.items[this.count++] = item;
    if (this.count === 1) notify(observer.scheduleFlush);
  }
  remove(item) {
    const slot = item.telemetrySlot;
    if (slot < 0) return;
    item.telemetrySlot = -1;
    const last = this.items[--this.count];
    this.items[this.count] = undefined;
    if (last === item) return;
    this.items[slot] = last;
    last.telemetrySlot = slot;
  }
  // Empties the list; what it held, unlisted, in an array of its own.
  take() {
    const items = this.items;
    const count = this.count;
    this.items = [];
    this.count = 0;
    items.length = count;  // once per flush
    for (let i = 0; i < count; i++) items[i].telemetrySlot = -1;
    return items;
  }
}
const changedStreams = new TelemetryList();  // records with telemetryPeak >= 0
const waitingReads = new TelemetryList();  // watched reads not published yet (see watchedReadRequest)
internals.setStreamsObserver = (next) => {
  observer = next == null ? noopObserver : next;
  observing = observer !== noopObserver;
  watchingReads = observing && typeof observer.pendingOpen === "function" &&
    typeof observer.pendingClose === "function";
};

let nextStreamId = 0;

function notify(callback, object, peak) {
  if (typeof callback !== "function") return undefined;
  try {
    return FunctionPrototypeCall(callback, observer, object, peak);
  } catch (error) {
    internals.reportException(error);
    return undefined;
  }
}
function observeOpen(record) {
  record.telemetryRequest = notify(observer.created, record.id) || 0;
  record.telemetryPeak = 0;
  changedStreams.add(record);
}
function observeUpdate(record) {
  const peak = record.telemetryPeak;
  if (peak === -2) return;
  const chunks = recordQueueChunks(record);
  if (peak === -1) {
    record.telemetryPeak = chunks;
    changedStreams.add(record);
  } else if (chunks > peak) {
    record.telemetryPeak = chunks;
  }
}
function observeClose(record) {
  const peak = record.telemetryPeak;
  record.telemetryPeak = -2;
  changedStreams.remove(record);
  notify(observer.close, record, peak < 0 ? 0 : peak);
  // A TransformStream ends with the second of its sides.
  const transform = record.kind === "transform" ? null : record.transform;
  if (transform !== null && transform.telemetryPeak !== -2 && streamEnded(transform.readable) &&
      streamEnded(transform.writable)) {
    observeClose(transform);
  }
}
function streamEnded(record) {
  return record.state === "closed" || record.state === "errored";
}
internals.flushStreamUpdates = () => {
  publishWaitingReads();
  const records = changedStreams.take();  // all open (closing removes them)
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const peak = record.telemetryPeak;
    record.telemetryPeak = -1;
    if (record.telemetryShown) {
      notify(observer.update, record, peak);
    } else {
      record.telemetryShown = true;
      notify(observer.open, record, peak);
    }
  }
};

// --- Promises ----------------------------------------------------------------
// A "deferred" record tracks [[PromiseState]] where the spec looks at it.

function newDeferred() {
  const deferred = { promise: undefined, resolve: undefined, reject: undefined, state: "pending" };
  deferred.promise = new Promise((resolve, reject) => {
    deferred.resolve = resolve;
    deferred.reject = reject;
  });
  return deferred;
}
function resolveDeferred(deferred, value) {
  if (deferred.state !== "pending") return;
  deferred.state = "fulfilled";
  deferred.resolve(value);
}
function rejectDeferred(deferred, reason) {
  if (deferred.state !== "pending") return;
  deferred.state = "rejected";
  deferred.reject(reason);
}
function resolvedDeferred(value) {
  const deferred = newDeferred();
  resolveDeferred(deferred, value);
  return deferred;
}
function rejectedDeferred(reason) {
  const deferred = newDeferred();
  rejectDeferred(deferred, reason);
  return deferred;
}
function setHandled(promise) {
  PromisePrototypeThen(promise, undefined, noop);
}
// WebIDL "a promise resolved with": always a new promise, so a promise value
// is adopted a few ticks later rather than returned as it is (Promise.resolve).
function promiseResolvedWith(value) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return PromiseResolve(value);
  return new Promise((resolve) => resolve(value));
}
function promiseRejectedWith(reason) {
  return PromiseReject(reason);
}
// WebIDL "upon fulfillment"/"upon rejection"/"react": marks the promise handled.
function uponPromise(promise, onFulfilled, onRejected) {
  PromisePrototypeThen(promise, onFulfilled, onRejected ?? noop);
}
function uponFulfillment(promise, onFulfilled) {
  PromisePrototypeThen(promise, onFulfilled, noop);
}
function uponRejection(promise, onRejected) {
  PromisePrototypeThen(promise, undefined, onRejected);
}
function transformPromiseWith(promise, onFulfilled, onRejected) {
  return PromisePrototypeThen(promise, onFulfilled, onRejected);
}
// "A promise resolved with undefined" that algorithms return to their caller
// only to be reacted to, never handed to user code: one settled promise serves
// them all (a reaction to it is queued exactly as to a fresh one), which spares
// a promise per pull, write and start.
const internalResolvedUndefined = PromiseResolve(undefined);
function internalResolvedWith(value) {
  return value === undefined ? internalResolvedUndefined : promiseResolvedWith(value);
}
const returnUndefined = () => undefined;
const resolvedUndefined = () => internalResolvedUndefined;

// Invokes a WebIDL callback whose return type is a promise: exceptions become
// rejections. The result is internal (see internalResolvedWith).
function invokePromiseCallback(callback, thisArg, args) {
  try {
    return internalResolvedWith(ReflectApply(callback, thisArg, args));
  } catch (error) {
    return PromiseReject(error);
  }
}

// Waits for every promise without Promise.all (which would call a patched `then`).
function waitForAll(promises, onFulfilled, onRejected) {
  let remaining = promises.length;
  let rejected = false;
  if (remaining === 0) {
    onFulfilled();
    return;
  }
  for (let i = 0; i < promises.length; i++) {
    uponPromise(promises[i], () => {
      if (--remaining === 0 && !rejected) onFulfilled();
    }, (reason) => {
      if (rejected) return;
      rejected = true;
      onRejected(reason);
    });
  }
}

// --- Queues ------------------------------------------------------------------
// A FIFO list with O(1) shift; the spec's [[queue]], read request lists and
// [[pendingPullIntos]] all use it.

function newList() {
  return { items: [], head: 0 };
}
function listLength(list) {
  return list.items.length - list.head;
}
function listPush(list, value) {
  const { items } = list;
  items[items.length] = value;
}
function listPeek(list) {
  return list.items[list.head];
}
function listShift(list) {
  const { items } = list;
  const value = items[list.head];
  items[list.head] = undefined;
  list.head++;
  if (list.head === items.length) {
    list.items = [];
    list.head = 0;
  } else if (list.head > 1024 && list.head * 2 > items.length) {
    list.items = ArrayPrototypeSlice(items, list.head);
    list.head = 0;
  }
  return value;
}

// Queue-with-sizes (spec §8.1): the container has .queue and .queueTotalSize.
function isNonNegativeNumber(v) {
  return typeof v === "number" && !NumberIsNaN(v) && v >= 0;
}
function dequeueValue(container) {
  const pair = listShift(container.queue);
  container.queueTotalSize -= pair.size;
  // Rounding errors must not leave a negative total.
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  return pair.value;
}
function enqueueValueWithSize(container, value, size) {
  if (!isNonNegativeNumber(size)) {
    throw new RangeError("The chunk size returned by the strategy's size() must be a finite, non-negative number");
  }
  if (size === Infinity) {
    throw new RangeError("The chunk size returned by the strategy's size() must be finite");
  }
  listPush(container.queue, { value, size });
  container.queueTotalSize += size;
}
function peekQueueValue(container) {
  return listPeek(container.queue).value;
}
function resetQueue(container) {
  container.queue = newList();
  container.queueTotalSize = 0;
}

// --- Buffers -----------------------------------------------------------------

const kTypedArrays = {
  __proto__: null,
  Int8Array: [Int8Array, 1], Uint8Array: [Uint8Array, 1], Uint8ClampedArray: [Uint8ClampedArray, 1],
  Int16Array: [Int16Array, 2], Uint16Array: [Uint16Array, 2], Int32Array: [Int32Array, 4],
  Uint32Array: [Uint32Array, 4], Float32Array: [Float32Array, 4], Float64Array: [Float64Array, 8],
  BigInt64Array: [BigInt64Array, 8], BigUint64Array: [BigUint64Array, 8],
};

function typedArrayName(view) {
  return TypedArrayPrototypeGetSymbolToStringTag(view);  // undefined for a DataView
}
function viewBuffer(view) {
  return typedArrayName(view) === undefined ? DataViewPrototypeGetBuffer(view) : TypedArrayPrototypeGetBuffer(view);
}
function viewByteOffset(view) {
  if (typedArrayName(view) !== undefined) return TypedArrayPrototypeGetByteOffset(view);
  try { return DataViewPrototypeGetByteOffset(view); } catch { return 0; }
}
function viewByteLength(view) {
  if (typedArrayName(view) !== undefined) return TypedArrayPrototypeGetByteLength(view);
  try { return DataViewPrototypeGetByteLength(view); } catch { return 0; }
}
// For a view's buffer (an ArrayBuffer or a SharedArrayBuffer). ArrayBuffer's
// getter rejects only SharedArrayBuffers, so the common case throws nothing.
function isSharedArrayBuffer(buffer) {
  try {
    ArrayBufferPrototypeGetByteLength(buffer);
    return false;
  } catch {
    return true;
  }
}
function bufferByteLength(buffer) {
  if (isSharedArrayBuffer(buffer)) return SharedArrayBufferPrototypeGetByteLength(buffer);
  return ArrayBufferPrototypeGetByteLength(buffer);
}
// IsDetachedBuffer: V8 10.2 has no `detached` getter, but a detached buffer
// cannot back a new view.
function isDetachedBuffer(buffer) {
  if (isSharedArrayBuffer(buffer) || ArrayBufferPrototypeGetByteLength(buffer) !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}
// TransferArrayBuffer: the new buffer takes over the memory and the old one is
// detached.
function transferArrayBuffer(buffer) {
  if (isSharedArrayBuffer(buffer)) throw new TypeError("A SharedArrayBuffer cannot be transferred");
  try {
    return ops.op_array_buffer_transfer(buffer);
  } catch (error) {
    throw new TypeError(`The ArrayBuffer cannot be transferred: ${error?.message ?? error}`);
  }
}
function copyDataBlockBytes(toBuffer, toIndex, fromBuffer, fromIndex, count) {
  TypedArrayPrototypeSet(new Uint8Array(toBuffer, toIndex, count), new Uint8Array(fromBuffer, fromIndex, count));
}
// CloneArrayBuffer without ArrayBuffer.prototype.slice (whose species lookup is observable).
function cloneArrayBuffer(srcBuffer, srcByteOffset, srcLength) {
  const clone = new ArrayBuffer(srcLength);
  copyDataBlockBytes(clone, 0, srcBuffer, srcByteOffset, srcLength);
  return clone;
}
function cloneAsUint8Array(view) {
  const buffer = cloneArrayBuffer(viewBuffer(view), viewByteOffset(view), viewByteLength(view));
  return new Uint8Array(buffer);
}
// WebIDL ArrayBufferView (no [AllowShared]).
function convertArrayBufferView(value, prefix, context) {
  if (!ArrayBufferIsView(value)) {
    throw webidl.makeError(TypeError, prefix, `${context} is not an ArrayBufferView`);
  }
  if (isSharedArrayBuffer(viewBuffer(value))) {
    throw webidl.makeError(TypeError, prefix, `${context} is backed by a SharedArrayBuffer`);
  }
  return value;
}

// --- Queuing strategies and dictionaries ---------------------------------------

function extractHighWaterMark(strategy, defaultHWM) {
  if (strategy.highWaterMark === undefined) return defaultHWM;
  const highWaterMark = strategy.highWaterMark;
  if (NumberIsNaN(highWaterMark) || highWaterMark < 0) {
    throw new RangeError("The highWaterMark of a queuing strategy must be a non-negative number");
  }
  return highWaterMark;
}
const sizeOne = () => 1;
function extractSizeAlgorithm(strategy) {
  const { size } = strategy;
  if (size === undefined) return sizeOne;
  return (chunk) => converters["unrestricted double"](size(chunk));
}

// Dictionary members are converted in lexicographic order (WebIDL).
const convertQueuingStrategy = webidl.createDictionaryConverter("QueuingStrategy", [
  { key: "highWaterMark", converter: converters["unrestricted double"] },
  { key: "size", converter: converters.Function },
]);
const convertUnderlyingSource = webidl.createDictionaryConverter("UnderlyingSource", [
  {
    key: "autoAllocateChunkSize",
    converter: (v, p, c) => converters["unsigned long long"](v, p, c, { enforceRange: true }),
  },
  { key: "cancel", converter: converters.Function },
  { key: "pull", converter: converters.Function },
  { key: "start", converter: converters.Function },
  { key: "type", converter: webidl.createEnumConverter("ReadableStreamType", ["bytes"]) },
]);
const convertUnderlyingSink = webidl.createDictionaryConverter("UnderlyingSink", [
  { key: "abort", converter: converters.Function },
  { key: "close", converter: converters.Function },
  { key: "start", converter: converters.Function },
  { key: "type", converter: converters.any },
  { key: "write", converter: converters.Function },
]);
const convertTransformer = webidl.createDictionaryConverter("Transformer", [
  { key: "cancel", converter: converters.Function },
  { key: "flush", converter: converters.Function },
  { key: "readableType", converter: converters.any },
  { key: "start", converter: converters.Function },
  { key: "transform", converter: converters.Function },
  { key: "writableType", converter: converters.any },
]);
const convertGetReaderOptions = webidl.createDictionaryConverter("ReadableStreamGetReaderOptions", [
  { key: "mode", converter: webidl.createEnumConverter("ReadableStreamReaderMode", ["byob"]) },
]);
const convertIteratorOptions = webidl.createDictionaryConverter("ReadableStreamIteratorOptions", [
  { key: "preventCancel", converter: converters.boolean, defaultValue: false },
]);
const convertBYOBReadOptions = webidl.createDictionaryConverter("ReadableStreamBYOBReaderReadOptions", [
  {
    key: "min",
    converter: (v, p, c) => converters["unsigned long long"](v, p, c, { enforceRange: true }),
    defaultValue: 1,
  },
]);
const convertQueuingStrategyInit = webidl.createDictionaryConverter("QueuingStrategyInit", [
  { key: "highWaterMark", converter: converters["unrestricted double"], required: true },
]);
// `optional object` arguments: undefined stays missing, anything else must be an object.
function convertOptionalObject(value, prefix, context) {
  if (value === undefined) return undefined;
  return converters.object(value, prefix, context);
}

// --- ReadableStream (spec §4.2) -------------------------------------------------

let readableStreamRecord;  // (value) -> record | undefined

class ReadableStream {
  #stream;

  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource === kInternal) {
      this.#stream = strategy;
      return;
    }
    const prefix = "Failed to construct 'ReadableStream'";
    underlyingSource = convertOptionalObject(underlyingSource, prefix, "Argument 1");
    strategy = convertQueuingStrategy(strategy, prefix, "Argument 2");
    if (underlyingSource === undefined) underlyingSource = null;
    const underlyingSourceDict = convertUnderlyingSource(underlyingSource, prefix, "Argument 1");
    const stream = newReadableStreamRecord(this);
    this.#stream = stream;
    initializeReadableStream(stream);
    if (underlyingSourceDict.type === "bytes") {
      if (strategy.size !== undefined) {
        throw new RangeError(`${prefix}: The strategy for a byte stream cannot have a size function`);
      }
      const highWaterMark = extractHighWaterMark(strategy, 0);
      setUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict,
        highWaterMark);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strategy);
      const highWaterMark = extractHighWaterMark(strategy, 1);
      setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict,
        highWaterMark, sizeAlgorithm);
    }
  }

  static {
    readableStreamRecord = (value) => (value !== null && typeof value === "object" && #stream in value
      ? value.#stream : undefined);
  }

  static from(asyncIterable) {
    webidl.requiredArguments(arguments.length, 1, "Failed to execute 'from' on 'ReadableStream'");
    return readableStreamFromIterable(asyncIterable).object;
  }

  get locked() {
    return isReadableStreamLocked(thisReadableStream(this));
  }

  cancel(reason = undefined) {
    try {
      const stream = thisReadableStream(this);
      if (isReadableStreamLocked(stream)) {
        return promiseRejectedWith(new TypeError("Cannot cancel a ReadableStream that is locked to a reader"));
      }
      return readableStreamCancel(stream, reason);
    } catch (error) {
      return promiseRejectedWith(error);
    }
  }

  getReader(options = undefined) {
    const stream = thisReadableStream(this);
    options = convertGetReaderOptions(options, "Failed to execute 'getReader' on 'ReadableStream'", "Argument 1");
    if (options.mode === undefined) return acquireReadableStreamDefaultReader(stream).object;
    return acquireReadableStreamBYOBReader(stream).object;
  }

  pipeThrough(transform, options = undefined) {
    const stream = thisReadableStream(this);
    const prefix = "Failed to execute 'pipeThrough' on 'ReadableStream'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const pair = convertReadableWritablePair(transform, prefix, "Argument 1");
    options = convertStreamPipeOptions(options, prefix, "Argument 2");
    const readable = readableStreamRecord(pair.readable);
    const writable = writableStreamRecord(pair.writable);
    if (isReadableStreamLocked(stream)) throw new TypeError(`${prefix}: the ReadableStream is locked`);
    if (isWritableStreamLocked(writable)) throw new TypeError(`${prefix}: the WritableStream is locked`);
    const promise = readableStreamPipeTo(stream, writable, options.preventClose, options.preventAbort,
      options.preventCancel, options.signal);
    setHandled(promise);
    return readable.object;
  }

  pipeTo(destination, options = undefined) {
    try {
      const stream = thisReadableStream(this);
      const prefix = "Failed to execute 'pipeTo' on 'ReadableStream'";
      webidl.requiredArguments(arguments.length, 1, prefix);
      const dest = writableStreamRecord(destination);
      if (dest === undefined) throw new TypeError(`${prefix}: parameter 1 is not of type 'WritableStream'`);
      options = convertStreamPipeOptions(options, prefix, "Argument 2");
      if (isReadableStreamLocked(stream)) {
        return promiseRejectedWith(new TypeError(`${prefix}: the ReadableStream is locked`));
      }
      if (isWritableStreamLocked(dest)) {
        return promiseRejectedWith(new TypeError(`${prefix}: the destination WritableStream is locked`));
      }
      return readableStreamPipeTo(stream, dest, options.preventClose, options.preventAbort, options.preventCancel,
        options.signal);
    } catch (error) {
      return promiseRejectedWith(error);
    }
  }

  tee() {
    const stream = thisReadableStream(this);
    const branches = readableStreamTee(stream, false);
    return [branches[0].object, branches[1].object];
  }

  values(options = undefined) {
    const stream = thisReadableStream(this);
    options = convertIteratorOptions(options, "Failed to execute 'values' on 'ReadableStream'", "Argument 1");
    return createReadableStreamAsyncIterator(stream, options.preventCancel);
  }
}

function thisReadableStream(self) {
  const stream = readableStreamRecord(self);
  if (stream === undefined) throw new TypeError("Illegal invocation: the receiver is not a ReadableStream");
  return stream;
}

function newReadableStreamRecord(object) {
  return {
    object,
    state: "readable",
    reader: undefined,
    storedError: undefined,
    disturbed: false,
    controller: undefined,
    // Telemetry.
    id: ++nextStreamId,
    kind: "readable",
    telemetryPeak: -1,
    telemetryRequest: 0,
    telemetrySlot: -1,
    telemetryShown: false,
    teeParent: null,
    teeBranches: null,
    pipeTo: null,
    transform: null,  // the TransformStream this is the readable side of
    chunksTotal: 0,
    bytesTotal: 0,
  };
}

// Makes a ReadableStream object without running the constructor (CreateReadableStream).
function makeReadableStream() {
  const stream = newReadableStreamRecord(undefined);
  stream.object = new ReadableStream(kInternal, stream);
  initializeReadableStream(stream);
  return stream;
}

function acquireReadableStreamBYOBReader(stream) {
  const reader = newReaderRecord(true);
  setUpReadableStreamBYOBReader(reader, stream);
  return reader;
}

// The reader native-facing code gets from internals.streams.acquireReader. A
// class: a null-prototype literal with closures and a getter, made per call,
// measurably kept its garbage alive through young-generation GCs (each such
// literal gets a dictionary map of its own), so every pumped response body
// was promoted to the old generation.
class InternalReader {
  #reader;
  constructor(reader) {
    this.#reader = reader;
  }
  read() {
    return readerRead(this.#reader);
  }
  // A read without a promise: request is { chunkSteps(chunk), closeSteps(), errorSteps(e) },
  // and chunkSteps may run before this returns (a chunk was queued).
  readWith(request) {
    readableStreamDefaultReaderRead(this.#reader, request);
  }
  releaseLock() {
    if (this.#reader.stream !== undefined) readableStreamDefaultReaderRelease(this.#reader);
  }
  cancel(reason) {
    return readableStreamReaderGenericCancel(this.#reader, reason);
  }
  get closed() {
    return this.#reader.closedPromise.promise;
  }
}
ObjectSetPrototypeOf(InternalReader.prototype, null);

function acquireReadableStreamDefaultReader(stream) {
  const reader = newReaderRecord(false);
  setUpReadableStreamDefaultReader(reader, stream);
  return reader;
}

function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1,
  sizeAlgorithm = sizeOne) {
  const stream = makeReadableStream();
  const controller = newDefaultControllerRecord();
  setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, sizeAlgorithm);
  return stream;
}

function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 0,
  autoAllocateChunkSize = undefined) {
  const stream = makeReadableStream();
  const controller = newByteControllerRecord();
  setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, autoAllocateChunkSize);
  return stream;
}

function initializeReadableStream(stream) {
  stream.state = "readable";
  stream.reader = undefined;
  stream.storedError = undefined;
  stream.disturbed = false;
  if (observing) observeOpen(stream);
}

function isReadableStreamLocked(stream) {
  return stream.reader !== undefined;
}

function readableStreamCancel(stream, reason) {
  stream.disturbed = true;
  if (stream.state === "closed") return promiseResolvedWith(undefined);
  if (stream.state === "errored") return promiseRejectedWith(stream.storedError);
  readableStreamClose(stream);
  const reader = stream.reader;
  if (reader !== undefined && reader.isBYOB) {
    const readIntoRequests = reader.readIntoRequests;
    reader.readIntoRequests = newList();
    while (listLength(readIntoRequests) > 0) listShift(readIntoRequests).closeSteps(undefined);
  }
  const sourceCancelPromise = controllerCancelSteps(stream.controller, reason);
  return transformPromiseWith(sourceCancelPromise, returnUndefined);
}

function readableStreamClose(stream) {
  stream.state = "closed";
  const reader = stream.reader;
  if (reader !== undefined) {
    resolveDeferred(reader.closedPromise, undefined);
    if (!reader.isBYOB) {
      const readRequests = reader.readRequests;
      reader.readRequests = newList();
      while (listLength(readRequests) > 0) listShift(readRequests).closeSteps();
    }
  }
  if (observing) observeClose(stream);
}

function readableStreamError(stream, e) {
  stream.state = "errored";
  stream.storedError = e;
  const reader = stream.reader;
  if (reader !== undefined) {
    rejectDeferred(reader.closedPromise, e);
    setHandled(reader.closedPromise.promise);
    if (!reader.isBYOB) readableStreamDefaultReaderErrorReadRequests(reader, e);
    else readableStreamBYOBReaderErrorReadIntoRequests(reader, e);
  }
  if (observing) observeClose(stream);
}

function readableStreamAddReadRequest(stream, readRequest) {
  listPush(stream.reader.readRequests, observing ? watchedReadRequest(stream, readRequest) : readRequest);
}

function readableStreamAddReadIntoRequest(stream, readIntoRequest) {
  listPush(stream.reader.readIntoRequests, observing ? watchedReadRequest(stream, readIntoRequest) : readIntoRequest);
}

// A read that has to wait for a chunk is a pending promise the telemetry
// lists (observer.pendingOpen/pendingClose) until its steps run. Like stream
// states, it is published at the next flush, and only if it still waits
// then: most reads wait a moment and cost no native call.
function watchedReadRequest(stream, request) {
  if (!watchingReads) return request;
  const watch = new WatchedReadRequest(request, stream.telemetryRequest, observer.clock[0]);
  waitingReads.add(watch);
  return watch;
}
// The read request's steps, after noting that the read no longer waits (one
// object per waiting read, methods on the prototype).
class WatchedReadRequest {
  constructor(request, requestId, since) {
    this.request = request;
    this.requestId = requestId;  // the served request the stream belongs to (0: none)
    this.since = since;  // observer.clock when the wait began
    this.id = 0;  // its PendingPromise record, once published
    this.telemetrySlot = -1;  // in waitingReads
  }
  settle(fulfilled) {
    waitingReads.remove(this);
    if (this.id !== 0) FunctionPrototypeCall(observer.pendingClose, observer, this.id, fulfilled);
  }
  chunkSteps(chunk) { this.settle(true); this.request.chunkSteps(chunk); }
  closeSteps(chunk) { this.settle(true); this.request.closeSteps(chunk); }
  errorSteps(e) { this.settle(false); this.request.errorSteps(e); }
}
function publishWaitingReads() {
  const watches = waitingReads.take();  // all unsettled (settling removes them)
  if (!watchingReads) return;
  for (let i = 0; i < watches.length; i++) {
    const watch = watches[i];
    watch.id = FunctionPrototypeCall(observer.pendingOpen, observer, "stream.read", watch.requestId, watch.since);
  }
}

function readableStreamFulfillReadRequest(stream, chunk, done) {
  const readRequest = listShift(stream.reader.readRequests);
  if (done) readRequest.closeSteps();
  else readRequest.chunkSteps(chunk);
}

function readableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const readIntoRequest = listShift(stream.reader.readIntoRequests);
  if (done) readIntoRequest.closeSteps(chunk);
  else readIntoRequest.chunkSteps(chunk);
}

function readableStreamGetNumReadRequests(stream) {
  return listLength(stream.reader.readRequests);
}

function readableStreamGetNumReadIntoRequests(stream) {
  return listLength(stream.reader.readIntoRequests);
}

function readableStreamHasDefaultReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && !reader.isBYOB;
}

function readableStreamHasBYOBReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && reader.isBYOB;
}

// --- Readers (spec §4.3-4.4) -----------------------------------------------------

let readerRecordOf;  // (value, isBYOB) -> record | undefined

function newReaderRecord(isBYOB) {
  const reader = {
    object: undefined,
    isBYOB,
    stream: undefined,
    closedPromise: undefined,
    readRequests: undefined,
    readIntoRequests: undefined,
  };
  reader.object = isBYOB ? new ReadableStreamBYOBReader(kInternal, reader)
    : new ReadableStreamDefaultReader(kInternal, reader);
  return reader;
}

// The read request of ReadableStreamDefaultReader.read().
class DefaultReadRequest {
  constructor(deferred) {
    this.deferred = deferred;
  }
  chunkSteps(chunk) {
    resolveDeferred(this.deferred, { value: chunk, done: false });
  }
  closeSteps() {
    resolveDeferred(this.deferred, { value: undefined, done: true });
  }
  errorSteps(e) {
    rejectDeferred(this.deferred, e);
  }
}

class ReadableStreamDefaultReader {
  #reader;

  constructor(stream, record = undefined) {
    if (stream === kInternal) {
      this.#reader = record;
      return;
    }
    const prefix = "Failed to construct 'ReadableStreamDefaultReader'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const streamRecord = readableStreamRecord(stream);
    if (streamRecord === undefined) throw new TypeError(`${prefix}: parameter 1 is not of type 'ReadableStream'`);
    const reader = {
      object: this, isBYOB: false, stream: undefined, closedPromise: undefined, readRequests: undefined,
      readIntoRequests: undefined,
    };
    this.#reader = reader;
    setUpReadableStreamDefaultReader(reader, streamRecord);
  }

  static {
    readerRecordOf = (value, isBYOB) => {
      if (value === null || typeof value !== "object") return undefined;
      if (isBYOB) return readBYOBReaderSlot(value);
      return #reader in value ? value.#reader : undefined;
    };
  }

  get closed() {
    const reader = readerRecordOf(this, false);
    if (reader === undefined) return promiseRejectedWith(illegalReader("ReadableStreamDefaultReader"));
    return reader.closedPromise.promise;
  }

  cancel(reason = undefined) {
    const reader = readerRecordOf(this, false);
    if (reader === undefined) return promiseRejectedWith(illegalReader("ReadableStreamDefaultReader"));
    if (reader.stream === undefined) return promiseRejectedWith(releasedReaderError("cancel"));
    return readableStreamReaderGenericCancel(reader, reason);
  }

  read() {
    const reader = readerRecordOf(this, false);
    if (reader === undefined) return promiseRejectedWith(illegalReader("ReadableStreamDefaultReader"));
    if (reader.stream === undefined) return promiseRejectedWith(releasedReaderError("read from"));
    const deferred = newDeferred();
    readableStreamDefaultReaderRead(reader, new DefaultReadRequest(deferred));
    return deferred.promise;
  }

  releaseLock() {
    const reader = readerRecordOf(this, false);
    if (reader === undefined) throw illegalReader("ReadableStreamDefaultReader");
    if (reader.stream === undefined) return;
    readableStreamDefaultReaderRelease(reader);
  }
}

function illegalReader(name) {
  return new TypeError(`Illegal invocation: the receiver is not a ${name}`);
}
function releasedReaderError(verb) {
  return new TypeError(`Cannot ${verb} a stream using a released reader`);
}

function readableStreamReaderGenericCancel(reader, reason) {
  return readableStreamCancel(reader.stream, reason);
}

function readableStreamReaderGenericInitialize(reader, stream) {
  reader.stream = stream;
  stream.reader = reader;
  if (stream.state === "readable") {
    reader.closedPromise = newDeferred();
  } else if (stream.state === "closed") {
    reader.closedPromise = resolvedDeferred(undefined);
  } else {
    reader.closedPromise = rejectedDeferred(stream.storedError);
    setHandled(reader.closedPromise.promise);
  }
  if (observing) observeUpdate(stream);
}

function readableStreamReaderGenericRelease(reader) {
  const stream = reader.stream;
  const error = new TypeError("The reader was released: the stream is no longer locked to it");
  if (stream.state === "readable") rejectDeferred(reader.closedPromise, error);
  else reader.closedPromise = rejectedDeferred(error);
  setHandled(reader.closedPromise.promise);
  controllerReleaseSteps(stream.controller);
  stream.reader = undefined;
  reader.stream = undefined;
  if (observing) observeUpdate(stream);
}

function readableStreamDefaultReaderErrorReadRequests(reader, e) {
  const readRequests = reader.readRequests;
  reader.readRequests = newList();
  while (listLength(readRequests) > 0) listShift(readRequests).errorSteps(e);
}

function readableStreamDefaultReaderRead(reader, readRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === "closed") readRequest.closeSteps();
  else if (stream.state === "errored") readRequest.errorSteps(stream.storedError);
  else controllerPullSteps(stream.controller, readRequest);
}

function readableStreamDefaultReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamDefaultReaderErrorReadRequests(reader,
    new TypeError("The reader was released while a read was pending"));
}

function setUpReadableStreamDefaultReader(reader, stream) {
  if (isReadableStreamLocked(stream)) {
    throw new TypeError("Cannot get a reader: the ReadableStream is already locked to a reader");
  }
  readableStreamReaderGenericInitialize(reader, stream);
  reader.readRequests = newList();
}

let readBYOBReaderSlot;

// The read-into request of ReadableStreamBYOBReader.read().
class BYOBReadIntoRequest {
  constructor(deferred) {
    this.deferred = deferred;
  }
  chunkSteps(chunk) {
    resolveDeferred(this.deferred, { value: chunk, done: false });
  }
  closeSteps(chunk) {
    resolveDeferred(this.deferred, { value: chunk, done: true });
  }
  errorSteps(e) {
    rejectDeferred(this.deferred, e);
  }
}

class ReadableStreamBYOBReader {
  #reader;

  constructor(stream, record = undefined) {
    if (stream === kInternal) {
      this.#reader = record;
      return;
    }
    const prefix = "Failed to construct 'ReadableStreamBYOBReader'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const streamRecord = readableStreamRecord(stream);
    if (streamRecord === undefined) throw new TypeError(`${prefix}: parameter 1 is not of type 'ReadableStream'`);
    const reader = {
      object: this, isBYOB: true, stream: undefined, closedPromise: undefined, readRequests: undefined,
      readIntoRequests: undefined,
    };
    this.#reader = reader;
    setUpReadableStreamBYOBReader(reader, streamRecord);
  }

  static {
    readBYOBReaderSlot = (value) => (#reader in value ? value.#reader : undefined);
  }

  get closed() {
    const reader = readerRecordOf(this, true);
    if (reader === undefined) return promiseRejectedWith(illegalReader("ReadableStreamBYOBReader"));
    return reader.closedPromise.promise;
  }

  cancel(reason = undefined) {
    const reader = readerRecordOf(this, true);
    if (reader === undefined) return promiseRejectedWith(illegalReader("ReadableStreamBYOBReader"));
    if (reader.stream === undefined) return promiseRejectedWith(releasedReaderError("cancel"));
    return readableStreamReaderGenericCancel(reader, reason);
  }

  read(view, options = undefined) {
    try {
      const reader = readerRecordOf(this, true);
      if (reader === undefined) throw illegalReader("ReadableStreamBYOBReader");
      const prefix = "Failed to execute 'read' on 'ReadableStreamBYOBReader'";
      webidl.requiredArguments(arguments.length, 1, prefix);
      view = convertArrayBufferView(view, prefix, "Argument 1");
      options = convertBYOBReadOptions(options, prefix, "Argument 2");
      if (viewByteLength(view) === 0) throw new TypeError(`${prefix}: the view must have a non-zero byteLength`);
      const buffer = viewBuffer(view);
      if (bufferByteLength(buffer) === 0) {
        throw new TypeError(`${prefix}: the view's buffer must have a non-zero byteLength`);
      }
      if (isDetachedBuffer(buffer)) throw new TypeError(`${prefix}: the view's buffer is detached`);
      const { min } = options;
      if (min === 0) throw new TypeError(`${prefix}: options.min must be greater than 0`);
      if (typedArrayName(view) !== undefined) {
        if (min > TypedArrayPrototypeGetLength(view)) {
          throw new RangeError(`${prefix}: options.min must not exceed the view's length`);
        }
      } else if (min > viewByteLength(view)) {
        throw new RangeError(`${prefix}: options.min must not exceed the view's byteLength`);
      }
      if (reader.stream === undefined) throw releasedReaderError("read from");
      const deferred = newDeferred();
      readableStreamBYOBReaderRead(reader, view, min, new BYOBReadIntoRequest(deferred));
      return deferred.promise;
    } catch (error) {
      return promiseRejectedWith(error);
    }
  }

  releaseLock() {
    const reader = readerRecordOf(this, true);
    if (reader === undefined) throw illegalReader("ReadableStreamBYOBReader");
    if (reader.stream === undefined) return;
    readableStreamBYOBReaderRelease(reader);
  }
}

function readableStreamBYOBReaderErrorReadIntoRequests(reader, e) {
  const readIntoRequests = reader.readIntoRequests;
  reader.readIntoRequests = newList();
  while (listLength(readIntoRequests) > 0) listShift(readIntoRequests).errorSteps(e);
}

function readableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === "errored") readIntoRequest.errorSteps(stream.storedError);
  else readableByteStreamControllerPullInto(stream.controller, view, min, readIntoRequest);
}

function readableStreamBYOBReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamBYOBReaderErrorReadIntoRequests(reader,
    new TypeError("The reader was released while a read was pending"));
}

function setUpReadableStreamBYOBReader(reader, stream) {
  if (isReadableStreamLocked(stream)) {
    throw new TypeError("Cannot get a reader: the ReadableStream is already locked to a reader");
  }
  if (!stream.controller.isByte) {
    throw new TypeError("Cannot get a BYOB reader for a stream that is not a byte stream");
  }
  readableStreamReaderGenericInitialize(reader, stream);
  reader.readIntoRequests = newList();
}

// Controller internal methods ([[CancelSteps]], [[PullSteps]], [[ReleaseSteps]]).
function controllerCancelSteps(controller, reason) {
  return controller.isByte ? byteControllerCancelSteps(controller, reason)
    : defaultControllerCancelSteps(controller, reason);
}
function controllerPullSteps(controller, readRequest) {
  if (controller.isByte) byteControllerPullSteps(controller, readRequest);
  else defaultControllerPullSteps(controller, readRequest);
}
function controllerReleaseSteps(controller) {
  if (controller.isByte) byteControllerReleaseSteps(controller);
}

// --- ReadableStreamDefaultController (spec §4.6) ----------------------------------

let defaultControllerRecordOf;

class ReadableStreamDefaultController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== kInternal) throw new TypeError("Illegal constructor");
    this.#controller = record;
  }

  static {
    defaultControllerRecordOf = (value) => (value !== null && typeof value === "object" && #controller in value
      ? value.#controller : undefined);
  }

  get desiredSize() {
    return readableStreamDefaultControllerGetDesiredSize(thisDefaultController(this));
  }

  close() {
    const controller = thisDefaultController(this);
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) {
      throw new TypeError("Cannot close a ReadableStream that is already closed or closing");
    }
    readableStreamDefaultControllerClose(controller);
  }

  enqueue(chunk = undefined) {
    const controller = thisDefaultController(this);
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) {
      throw new TypeError("Cannot enqueue a chunk into a ReadableStream that is closed, closing or errored");
    }
    readableStreamDefaultControllerEnqueue(controller, chunk);
  }

  error(e = undefined) {
    readableStreamDefaultControllerError(thisDefaultController(this), e);
  }
}

function thisDefaultController(self) {
  const controller = defaultControllerRecordOf(self);
  if (controller === undefined) {
    throw new TypeError("Illegal invocation: the receiver is not a ReadableStreamDefaultController");
  }
  return controller;
}

function newDefaultControllerRecord() {
  const controller = {
    object: undefined,
    isByte: false,
    stream: undefined,
    queue: undefined,
    queueTotalSize: 0,
    started: false,
    closeRequested: false,
    pullAgain: false,
    pulling: false,
    strategySizeAlgorithm: undefined,
    strategyHWM: 0,
    pullAlgorithm: undefined,
    cancelAlgorithm: undefined,
  };
  controller.object = new ReadableStreamDefaultController(kInternal, controller);
  return controller;
}

function defaultControllerCancelSteps(controller, reason) {
  resetQueue(controller);
  const result = controller.cancelAlgorithm(reason);
  readableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

function defaultControllerPullSteps(controller, readRequest) {
  const stream = controller.stream;
  if (listLength(controller.queue) > 0) {
    const chunk = dequeueValue(controller);
    if (controller.closeRequested && listLength(controller.queue) === 0) {
      readableStreamDefaultControllerClearAlgorithms(controller);
      readableStreamClose(stream);
    } else {
      readableStreamDefaultControllerCallPullIfNeeded(controller);
    }
    if (observing) observeUpdate(stream);
    readRequest.chunkSteps(chunk);
  } else {
    readableStreamAddReadRequest(stream, readRequest);
    readableStreamDefaultControllerCallPullIfNeeded(controller);
  }
}

function readableStreamDefaultControllerCallPullIfNeeded(controller) {
  if (!readableStreamDefaultControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pullPromise = controller.pullAlgorithm(controller.object);
  uponPromise(pullPromise, () => {
    controller.pulling = false;
    if (controller.pullAgain) {
      controller.pullAgain = false;
      readableStreamDefaultControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    readableStreamDefaultControllerError(controller, e);
  });
}

function readableStreamDefaultControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return false;
  if (!controller.started) return false;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
  const desiredSize = readableStreamDefaultControllerGetDesiredSize(controller);
  return desiredSize > 0;
}

function readableStreamDefaultControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

function readableStreamDefaultControllerClose(controller) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  controller.closeRequested = true;
  if (listLength(controller.queue) === 0) {
    readableStreamDefaultControllerClearAlgorithms(controller);
    readableStreamClose(stream);
  }
}

function readableStreamDefaultControllerEnqueue(controller, chunk) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  stream.chunksTotal++;
  if (ArrayBufferIsView(chunk)) stream.bytesTotal += viewByteLength(chunk);
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) {
    readableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = controller.strategySizeAlgorithm(chunk);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
    try {
      enqueueValueWithSize(controller, chunk, chunkSize);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
    if (observing) observeUpdate(stream);
  }
  readableStreamDefaultControllerCallPullIfNeeded(controller);
}

function readableStreamDefaultControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  resetQueue(controller);
  readableStreamDefaultControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

function readableStreamDefaultControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

function readableStreamDefaultControllerHasBackpressure(controller) {
  return !readableStreamDefaultControllerShouldCallPull(controller);
}

function readableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  return !controller.closeRequested && controller.stream.state === "readable";
}

function setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark, sizeAlgorithm) {
  controller.stream = stream;
  resetQueue(controller);
  controller.started = false;
  controller.closeRequested = false;
  controller.pullAgain = false;
  controller.pulling = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  stream.controller = controller;
  const startResult = startAlgorithm(controller.object);
  const startPromise = internalResolvedWith(startResult);
  uponPromise(startPromise, () => {
    controller.started = true;
    readableStreamDefaultControllerCallPullIfNeeded(controller);
  }, (r) => {
    readableStreamDefaultControllerError(controller, r);
  });
}

function setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict,
  highWaterMark, sizeAlgorithm) {
  const controller = newDefaultControllerRecord();
  const { start, pull, cancel } = underlyingSourceDict;
  const startAlgorithm = start === undefined ? returnUndefined
    : () => ReflectApply(start, underlyingSource, [controller.object]);
  const pullAlgorithm = pull === undefined ? resolvedUndefined
    : () => invokePromiseCallback(pull, underlyingSource, [controller.object]);
  const cancelAlgorithm = cancel === undefined ? resolvedUndefined
    : (reason) => invokePromiseCallback(cancel, underlyingSource, [reason]);
  setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, sizeAlgorithm);
}

// --- ReadableByteStreamController (spec §4.7) ----------------------------------

let byteControllerRecordOf;

class ReadableByteStreamController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== kInternal) throw new TypeError("Illegal constructor");
    this.#controller = record;
  }

  static {
    byteControllerRecordOf = (value) => (value !== null && typeof value === "object" && #controller in value
      ? value.#controller : undefined);
  }

  get byobRequest() {
    const request = readableByteStreamControllerGetBYOBRequest(thisByteController(this));
    return request === null ? null : request.object;
  }

  get desiredSize() {
    return readableByteStreamControllerGetDesiredSize(thisByteController(this));
  }

  close() {
    const controller = thisByteController(this);
    if (controller.closeRequested) throw new TypeError("The byte stream has already been closed");
    if (controller.stream.state !== "readable") {
      throw new TypeError("Cannot close a byte stream that is not readable");
    }
    readableByteStreamControllerClose(controller);
  }

  enqueue(chunk) {
    const controller = thisByteController(this);
    const prefix = "Failed to execute 'enqueue' on 'ReadableByteStreamController'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    chunk = convertArrayBufferView(chunk, prefix, "Argument 1");
    if (viewByteLength(chunk) === 0) throw new TypeError(`${prefix}: the chunk must have a non-zero byteLength`);
    if (bufferByteLength(viewBuffer(chunk)) === 0) {
      throw new TypeError(`${prefix}: the chunk's buffer must have a non-zero byteLength`);
    }
    if (controller.closeRequested) throw new TypeError(`${prefix}: the stream is closed or draining`);
    if (controller.stream.state !== "readable") throw new TypeError(`${prefix}: the stream is not readable`);
    readableByteStreamControllerEnqueue(controller, chunk);
  }

  error(e = undefined) {
    readableByteStreamControllerError(thisByteController(this), e);
  }
}

function thisByteController(self) {
  const controller = byteControllerRecordOf(self);
  if (controller === undefined) {
    throw new TypeError("Illegal invocation: the receiver is not a ReadableByteStreamController");
  }
  return controller;
}

function newByteControllerRecord() {
  const controller = {
    object: undefined,
    isByte: true,
    stream: undefined,
    autoAllocateChunkSize: undefined,
    byobRequest: null,
    cancelAlgorithm: undefined,
    closeRequested: false,
    pullAgain: false,
    pulling: false,
    pullAlgorithm: undefined,
    pendingPullIntos: undefined,
    queue: undefined,
    queueTotalSize: 0,
    started: false,
    strategyHWM: 0,
  };
  controller.object = new ReadableByteStreamController(kInternal, controller);
  return controller;
}

// --- ReadableStreamBYOBRequest (spec §4.8) ---------------------------------------

let byobRequestRecordOf;

class ReadableStreamBYOBRequest {
  #request;

  constructor(key = undefined, record = undefined) {
    if (key !== kInternal) throw new TypeError("Illegal constructor");
    this.#request = record;
  }

  static {
    byobRequestRecordOf = (value) => (value !== null && typeof value === "object" && #request in value
      ? value.#request : undefined);
  }

  get view() {
    return thisBYOBRequest(this).view;
  }

  respond(bytesWritten) {
    const request = thisBYOBRequest(this);
    const prefix = "Failed to execute 'respond' on 'ReadableStreamBYOBRequest'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    bytesWritten = converters["unsigned long long"](bytesWritten, prefix, "Argument 1", { enforceRange: true });
    if (request.controller === undefined) throw new TypeError(`${prefix}: this BYOB request has been invalidated`);
    if (isDetachedBuffer(viewBuffer(request.view))) {
      throw new TypeError(`${prefix}: the view's buffer has been detached`);
    }
    readableByteStreamControllerRespond(request.controller, bytesWritten);
  }

  respondWithNewView(view) {
    const request = thisBYOBRequest(this);
    const prefix = "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    view = convertArrayBufferView(view, prefix, "Argument 1");
    if (request.controller === undefined) throw new TypeError(`${prefix}: this BYOB request has been invalidated`);
    if (isDetachedBuffer(viewBuffer(view))) throw new TypeError(`${prefix}: the view's buffer has been detached`);
    readableByteStreamControllerRespondWithNewView(request.controller, view);
  }
}

function thisBYOBRequest(self) {
  const request = byobRequestRecordOf(self);
  if (request === undefined) {
    throw new TypeError("Illegal invocation: the receiver is not a ReadableStreamBYOBRequest");
  }
  return request;
}

// --- Byte stream abstract operations (spec §4.9.5) -------------------------------

function byteControllerCancelSteps(controller, reason) {
  readableByteStreamControllerClearPendingPullIntos(controller);
  resetQueue(controller);
  const result = controller.cancelAlgorithm(reason);
  readableByteStreamControllerClearAlgorithms(controller);
  return result;
}

function byteControllerPullSteps(controller, readRequest) {
  const stream = controller.stream;
  if (controller.queueTotalSize > 0) {
    readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
    return;
  }
  const autoAllocateChunkSize = controller.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBuffer(autoAllocateChunkSize);
    } catch (error) {
      readRequest.errorSteps(error);
      return;
    }
    listPush(controller.pendingPullIntos, {
      buffer,
      bufferByteLength: autoAllocateChunkSize,
      byteOffset: 0,
      byteLength: autoAllocateChunkSize,
      bytesFilled: 0,
      minimumFill: 1,
      elementSize: 1,
      viewConstructor: Uint8Array,
      readerType: "default",
    });
  }
  readableStreamAddReadRequest(stream, readRequest);
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function byteControllerReleaseSteps(controller) {
  if (listLength(controller.pendingPullIntos) > 0) {
    const firstPendingPullInto = listPeek(controller.pendingPullIntos);
    firstPendingPullInto.readerType = "none";
    controller.pendingPullIntos = newList();
    listPush(controller.pendingPullIntos, firstPendingPullInto);
  }
}

function readableByteStreamControllerCallPullIfNeeded(controller) {
  if (!readableByteStreamControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pullPromise = controller.pullAlgorithm(controller.object);
  uponPromise(pullPromise, () => {
    controller.pulling = false;
    if (controller.pullAgain) {
      controller.pullAgain = false;
      readableByteStreamControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    readableByteStreamControllerError(controller, e);
  });
}

function readableByteStreamControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

function readableByteStreamControllerClearPendingPullIntos(controller) {
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  controller.pendingPullIntos = newList();
}

function readableByteStreamControllerClose(controller) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  if (controller.queueTotalSize > 0) {
    controller.closeRequested = true;
    return;
  }
  if (listLength(controller.pendingPullIntos) > 0) {
    const firstPendingPullInto = listPeek(controller.pendingPullIntos);
    if (firstPendingPullInto.bytesFilled % firstPendingPullInto.elementSize !== 0) {
      const e = new TypeError("Insufficient bytes to fill elements in the given buffer");
      readableByteStreamControllerError(controller, e);
      throw e;
    }
  }
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamClose(stream);
}

function readableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor) {
  let done = false;
  if (stream.state === "closed") done = true;
  const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === "default") {
    readableStreamFulfillReadRequest(stream, filledView, done);
  } else {
    readableStreamFulfillReadIntoRequest(stream, filledView, done);
  }
}

function readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor) {
  const { bytesFilled, elementSize } = pullIntoDescriptor;
  // The spec transfers the buffer here. Only this descriptor references it by
  // now (PullInto, Respond and Enqueue transferred it away from every view user
  // code could hold), so the transfer cannot be observed and is skipped.
  const buffer = pullIntoDescriptor.buffer;
  const Ctor = pullIntoDescriptor.viewConstructor;
  return new Ctor(buffer, pullIntoDescriptor.byteOffset, bytesFilled / elementSize);
}

function readableByteStreamControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== "readable") return;
  const buffer = viewBuffer(chunk);
  const byteOffset = viewByteOffset(chunk);
  const byteLength = viewByteLength(chunk);
  if (isDetachedBuffer(buffer)) throw new TypeError("The chunk's buffer is detached");
  const transferredBuffer = transferArrayBuffer(buffer);
  stream.chunksTotal++;
  stream.bytesTotal += byteLength;
  if (listLength(controller.pendingPullIntos) > 0) {
    const firstPendingPullInto = listPeek(controller.pendingPullIntos);
    if (isDetachedBuffer(firstPendingPullInto.buffer)) {
      throw new TypeError("The BYOB request's buffer has been detached");
    }
    readableByteStreamControllerInvalidateBYOBRequest(controller);
    firstPendingPullInto.buffer = transferArrayBuffer(firstPendingPullInto.buffer);
    if (firstPendingPullInto.readerType === "none") {
      readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, firstPendingPullInto);
    }
  }
  if (readableStreamHasDefaultReader(stream)) {
    readableByteStreamControllerProcessReadRequestsUsingQueue(controller);
    if (readableStreamGetNumReadRequests(stream) === 0) {
      readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    } else {
      if (listLength(controller.pendingPullIntos) > 0) readableByteStreamControllerShiftPendingPullInto(controller);
      const transferredView = new Uint8Array(transferredBuffer, byteOffset, byteLength);
      readableStreamFulfillReadRequest(stream, transferredView, false);
    }
  } else if (readableStreamHasBYOBReader(stream)) {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
  } else {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerEnqueueChunkToQueue(controller, buffer, byteOffset, byteLength) {
  listPush(controller.queue, { buffer, byteOffset, byteLength });
  controller.queueTotalSize += byteLength;
  if (observing) observeUpdate(controller.stream);
}

function readableByteStreamControllerEnqueueClonedChunkToQueue(controller, buffer, byteOffset, byteLength) {
  let cloneResult;
  try {
    cloneResult = cloneArrayBuffer(buffer, byteOffset, byteLength);
  } catch (error) {
    readableByteStreamControllerError(controller, error);
    throw error;
  }
  readableByteStreamControllerEnqueueChunkToQueue(controller, cloneResult, 0, byteLength);
}

function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor) {
  if (pullIntoDescriptor.bytesFilled > 0) {
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer,
      pullIntoDescriptor.byteOffset, pullIntoDescriptor.bytesFilled);
  }
  readableByteStreamControllerShiftPendingPullInto(controller);
}

function readableByteStreamControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  readableByteStreamControllerClearPendingPullIntos(controller);
  resetQueue(controller);
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

function readableByteStreamControllerFillHeadPullIntoDescriptor(controller, size, pullIntoDescriptor) {
  pullIntoDescriptor.bytesFilled += size;
}

function readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor) {
  const maxBytesToCopy = MathMin(controller.queueTotalSize,
    pullIntoDescriptor.byteLength - pullIntoDescriptor.bytesFilled);
  const maxBytesFilled = pullIntoDescriptor.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % pullIntoDescriptor.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= pullIntoDescriptor.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.bytesFilled;
    ready = true;
  }
  const queue = controller.queue;
  while (totalBytesToCopyRemaining > 0) {
    const headOfQueue = listPeek(queue);
    const bytesToCopy = MathMin(totalBytesToCopyRemaining, headOfQueue.byteLength);
    const destStart = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    copyDataBlockBytes(pullIntoDescriptor.buffer, destStart, headOfQueue.buffer, headOfQueue.byteOffset,
      bytesToCopy);
    if (headOfQueue.byteLength === bytesToCopy) {
      listShift(queue);
    } else {
      headOfQueue.byteOffset += bytesToCopy;
      headOfQueue.byteLength -= bytesToCopy;
    }
    controller.queueTotalSize -= bytesToCopy;
    readableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesToCopy, pullIntoDescriptor);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  if (observing) observeUpdate(controller.stream);
  return ready;
}

function readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest) {
  const entry = listShift(controller.queue);
  controller.queueTotalSize -= entry.byteLength;
  readableByteStreamControllerHandleQueueDrain(controller);
  if (observing) observeUpdate(controller.stream);
  const view = new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunkSteps(view);
}

function readableByteStreamControllerGetBYOBRequest(controller) {
  if (controller.byobRequest === null && listLength(controller.pendingPullIntos) > 0) {
    const firstDescriptor = listPeek(controller.pendingPullIntos);
    const view = new Uint8Array(firstDescriptor.buffer, firstDescriptor.byteOffset + firstDescriptor.bytesFilled,
      firstDescriptor.byteLength - firstDescriptor.bytesFilled);
    const byobRequest = { object: undefined, controller, view };
    byobRequest.object = new ReadableStreamBYOBRequest(kInternal, byobRequest);
    controller.byobRequest = byobRequest;
  }
  return controller.byobRequest;
}

function readableByteStreamControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

function readableByteStreamControllerHandleQueueDrain(controller) {
  if (controller.queueTotalSize === 0 && controller.closeRequested) {
    readableByteStreamControllerClearAlgorithms(controller);
    readableStreamClose(controller.stream);
  } else {
    readableByteStreamControllerCallPullIfNeeded(controller);
  }
}

function readableByteStreamControllerInvalidateBYOBRequest(controller) {
  if (controller.byobRequest === null) return;
  controller.byobRequest.controller = undefined;
  controller.byobRequest.view = null;
  controller.byobRequest = null;
}

function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller) {
  const filledPullIntos = [];
  while (listLength(controller.pendingPullIntos) > 0) {
    if (controller.queueTotalSize === 0) break;
    const pullIntoDescriptor = listPeek(controller.pendingPullIntos);
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      readableByteStreamControllerShiftPendingPullInto(controller);
      ArrayPrototypePush(filledPullIntos, pullIntoDescriptor);
    }
  }
  return filledPullIntos;
}

function readableByteStreamControllerProcessReadRequestsUsingQueue(controller) {
  const reader = controller.stream.reader;
  while (listLength(reader.readRequests) > 0) {
    if (controller.queueTotalSize === 0) return;
    const readRequest = listShift(reader.readRequests);
    readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
  }
}

function readableByteStreamControllerPullInto(controller, view, min, readIntoRequest) {
  const stream = controller.stream;
  let elementSize = 1;
  let viewConstructor = DataView;
  const name = typedArrayName(view);
  if (name !== undefined) {
    viewConstructor = kTypedArrays[name][0];
    elementSize = kTypedArrays[name][1];
  }
  const minimumFill = min * elementSize;
  const byteOffset = viewByteOffset(view);
  const byteLength = viewByteLength(view);
  let buffer;
  try {
    buffer = transferArrayBuffer(viewBuffer(view));
  } catch (error) {
    readIntoRequest.errorSteps(error);
    return;
  }
  const pullIntoDescriptor = {
    buffer,
    bufferByteLength: ArrayBufferPrototypeGetByteLength(buffer),
    byteOffset,
    byteLength,
    bytesFilled: 0,
    minimumFill,
    elementSize,
    viewConstructor,
    readerType: "byob",
  };
  if (listLength(controller.pendingPullIntos) > 0) {
    listPush(controller.pendingPullIntos, pullIntoDescriptor);
    readableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  if (stream.state === "closed") {
    const emptyView = new viewConstructor(pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, 0);
    readIntoRequest.closeSteps(emptyView);
    return;
  }
  if (controller.queueTotalSize > 0) {
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
      readableByteStreamControllerHandleQueueDrain(controller);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (controller.closeRequested) {
      const e = new TypeError("Insufficient bytes to fill elements in the given buffer");
      readableByteStreamControllerError(controller, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  listPush(controller.pendingPullIntos, pullIntoDescriptor);
  readableStreamAddReadIntoRequest(stream, readIntoRequest);
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespond(controller, bytesWritten) {
  const firstDescriptor = listPeek(controller.pendingPullIntos);
  const state = controller.stream.state;
  if (state === "closed") {
    if (bytesWritten !== 0) {
      throw new TypeError("bytesWritten must be 0 when calling respond() on a closed stream");
    }
  } else {
    if (bytesWritten === 0) {
      throw new TypeError("bytesWritten must be greater than 0 when calling respond() on a readable stream");
    }
    if (firstDescriptor.bytesFilled + bytesWritten > firstDescriptor.byteLength) {
      throw new RangeError("bytesWritten out of range");
    }
  }
  firstDescriptor.buffer = transferArrayBuffer(firstDescriptor.buffer);
  readableByteStreamControllerRespondInternal(controller, bytesWritten);
}

function readableByteStreamControllerRespondInClosedState(controller, firstDescriptor) {
  if (firstDescriptor.readerType === "none") readableByteStreamControllerShiftPendingPullInto(controller);
  const stream = controller.stream;
  if (readableStreamHasBYOBReader(stream)) {
    const filledPullIntos = [];
    while (filledPullIntos.length < readableStreamGetNumReadIntoRequests(stream)) {
      ArrayPrototypePush(filledPullIntos, readableByteStreamControllerShiftPendingPullInto(controller));
    }
    for (let i = 0; i < filledPullIntos.length; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
  }
}

function readableByteStreamControllerRespondInReadableState(controller, bytesWritten, pullIntoDescriptor) {
  readableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesWritten, pullIntoDescriptor);
  const stream = controller.stream;
  if (pullIntoDescriptor.readerType === "none") {
    readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor);
    const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
    }
    return;
  }
  if (pullIntoDescriptor.bytesFilled < pullIntoDescriptor.minimumFill) return;
  readableByteStreamControllerShiftPendingPullInto(controller);
  const remainderSize = pullIntoDescriptor.bytesFilled % pullIntoDescriptor.elementSize;
  if (remainderSize > 0) {
    const end = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer,
      end - remainderSize, remainderSize);
  }
  pullIntoDescriptor.bytesFilled -= remainderSize;
  const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
  readableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor);
  for (let i = 0; i < filledPullIntos.length; i++) {
    readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
  }
}

function readableByteStreamControllerRespondInternal(controller, bytesWritten) {
  const firstDescriptor = listPeek(controller.pendingPullIntos);
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  const state = controller.stream.state;
  if (state === "closed") {
    readableByteStreamControllerRespondInClosedState(controller, firstDescriptor);
  } else {
    readableByteStreamControllerRespondInReadableState(controller, bytesWritten, firstDescriptor);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespondWithNewView(controller, view) {
  const firstDescriptor = listPeek(controller.pendingPullIntos);
  const state = controller.stream.state;
  const byteLength = viewByteLength(view);
  if (state === "closed") {
    if (byteLength !== 0) {
      throw new TypeError("The view's length must be 0 when calling respondWithNewView() on a closed stream");
    }
  } else if (byteLength === 0) {
    throw new TypeError("The view's length must be greater than 0 when calling respondWithNewView() on a readable stream");
  }
  if (firstDescriptor.byteOffset + firstDescriptor.bytesFilled !== viewByteOffset(view)) {
    throw new RangeError("The region specified by view does not match byobRequest");
  }
  const buffer = viewBuffer(view);
  if (firstDescriptor.bufferByteLength !== bufferByteLength(buffer)) {
    throw new RangeError("The buffer of view has different capacity than byobRequest");
  }
  if (firstDescriptor.bytesFilled + byteLength > firstDescriptor.byteLength) {
    throw new RangeError("The region specified by view is larger than byobRequest");
  }
  firstDescriptor.buffer = transferArrayBuffer(buffer);
  readableByteStreamControllerRespondInternal(controller, byteLength);
}

function readableByteStreamControllerShiftPendingPullInto(controller) {
  return listShift(controller.pendingPullIntos);
}

function readableByteStreamControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (stream.state !== "readable") return false;
  if (controller.closeRequested) return false;
  if (!controller.started) return false;
  if (readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
  if (readableStreamHasBYOBReader(stream) && readableStreamGetNumReadIntoRequests(stream) > 0) return true;
  return readableByteStreamControllerGetDesiredSize(controller) > 0;
}

function setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark, autoAllocateChunkSize) {
  controller.stream = stream;
  controller.pullAgain = false;
  controller.pulling = false;
  controller.byobRequest = null;
  resetQueue(controller);
  controller.closeRequested = false;
  controller.started = false;
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  controller.autoAllocateChunkSize = autoAllocateChunkSize;
  controller.pendingPullIntos = newList();
  stream.controller = controller;
  const startResult = startAlgorithm(controller.object);
  uponPromise(internalResolvedWith(startResult), () => {
    controller.started = true;
    readableByteStreamControllerCallPullIfNeeded(controller);
  }, (r) => {
    readableByteStreamControllerError(controller, r);
  });
}

function setUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict,
  highWaterMark) {
  const controller = newByteControllerRecord();
  const { start, pull, cancel } = underlyingSourceDict;
  const startAlgorithm = start === undefined ? returnUndefined
    : () => ReflectApply(start, underlyingSource, [controller.object]);
  const pullAlgorithm = pull === undefined ? resolvedUndefined
    : () => invokePromiseCallback(pull, underlyingSource, [controller.object]);
  const cancelAlgorithm = cancel === undefined ? resolvedUndefined
    : (reason) => invokePromiseCallback(cancel, underlyingSource, [reason]);
  const autoAllocateChunkSize = underlyingSourceDict.autoAllocateChunkSize;
  if (autoAllocateChunkSize === 0) throw new TypeError("autoAllocateChunkSize must be greater than 0");
  setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, autoAllocateChunkSize);
}

// --- Tee (spec §4.9.1) ---------------------------------------------------------

function readableStreamTee(stream, cloneForBranch2) {
  const branches = stream.controller.isByte ? readableByteStreamTee(stream)
    : readableStreamDefaultTee(stream, cloneForBranch2);
  stream.teeBranches = [branches[0].id, branches[1].id];
  branches[0].teeParent = stream.id;
  branches[1].teeParent = stream.id;
  if (observing) {
    observeUpdate(stream);
    observeUpdate(branches[0]);
    observeUpdate(branches[1]);
  }
  return branches;
}

function structuredCloneValue(value) {
  return ops.op_structured_clone(value, []);
}

function readableStreamDefaultTee(stream, cloneForBranch2) {
  const reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();

  const readRequest = {
    chunkSteps(chunk) {
      // A microtask, so that errors reported by the reader's closed promise win.
      ops.op_queue_microtask(() => {
        readAgain = false;
        const chunk1 = chunk;
        let chunk2 = chunk;
        if (!canceled2 && cloneForBranch2) {
          try {
            chunk2 = structuredCloneValue(chunk2);
          } catch (error) {
            readableStreamDefaultControllerError(branch1.controller, error);
            readableStreamDefaultControllerError(branch2.controller, error);
            resolveDeferred(cancelPromise, readableStreamCancel(stream, error));
            return;
          }
        }
        if (!canceled1) readableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
        if (!canceled2) readableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
        reading = false;
        if (readAgain) pullAlgorithm();
      });
    },
    closeSteps() {
      reading = false;
      if (!canceled1) readableStreamDefaultControllerClose(branch1.controller);
      if (!canceled2) readableStreamDefaultControllerClose(branch2.controller);
      if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
    },
    errorSteps() {
      reading = false;
    },
  };

  function pullAlgorithm() {
    if (reading) {
      readAgain = true;
      return internalResolvedUndefined;
    }
    reading = true;
    readableStreamDefaultReaderRead(reader, readRequest);
    return internalResolvedUndefined;
  }

  function cancel1Algorithm(reason) {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) {
      const cancelResult = readableStreamCancel(stream, [reason1, reason2]);
      resolveDeferred(cancelPromise, cancelResult);
    }
    return cancelPromise.promise;
  }

  function cancel2Algorithm(reason) {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) {
      const cancelResult = readableStreamCancel(stream, [reason1, reason2]);
      resolveDeferred(cancelPromise, cancelResult);
    }
    return cancelPromise.promise;
  }

  branch1 = createReadableStream(returnUndefined, pullAlgorithm, cancel1Algorithm);
  branch2 = createReadableStream(returnUndefined, pullAlgorithm, cancel2Algorithm);
  uponRejection(reader.closedPromise.promise, (r) => {
    readableStreamDefaultControllerError(branch1.controller, r);
    readableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
  });
  return [branch1, branch2];
}

function readableByteStreamTee(stream) {
  let reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();

  function forwardReaderError(thisReader) {
    uponRejection(thisReader.closedPromise.promise, (r) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(branch1.controller, r);
      readableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
    });
  }

  function cloneFailed(error) {
    readableByteStreamControllerError(branch1.controller, error);
    readableByteStreamControllerError(branch2.controller, error);
    resolveDeferred(cancelPromise, readableStreamCancel(stream, error));
  }

  function pullWithDefaultReader() {
    if (reader.isBYOB) {
      readableStreamBYOBReaderRelease(reader);
      reader = acquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    const readRequest = {
      chunkSteps(chunk) {
        ops.op_queue_microtask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (error) {
              cloneFailed(error);
              return;
            }
          }
          if (!canceled1) readableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) readableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) readableByteStreamControllerClose(branch1.controller);
        if (!canceled2) readableByteStreamControllerClose(branch2.controller);
        if (listLength(branch1.controller.pendingPullIntos) > 0) {
          readableByteStreamControllerRespond(branch1.controller, 0);
        }
        if (listLength(branch2.controller.pendingPullIntos) > 0) {
          readableByteStreamControllerRespond(branch2.controller, 0);
        }
        if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    readableStreamDefaultReaderRead(reader, readRequest);
  }

  function pullWithBYOBReader(view, forBranch2) {
    if (!reader.isBYOB) {
      readableStreamDefaultReaderRelease(reader);
      reader = acquireReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    const readIntoRequest = {
      chunkSteps(chunk) {
        ops.op_queue_microtask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = cloneAsUint8Array(chunk);
            } catch (error) {
              cloneFailed(error);
              return;
            }
            if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            readableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps(chunk) {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) readableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) readableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && listLength(otherBranch.controller.pendingPullIntos) > 0) {
            readableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) resolveDeferred(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    readableStreamBYOBReaderRead(reader, view, 1, readIntoRequest);
  }

  function pull1Algorithm() {
    if (reading) {
      readAgainForBranch1 = true;
      return internalResolvedUndefined;
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch1.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, false);
    return internalResolvedUndefined;
  }

  function pull2Algorithm() {
    if (reading) {
      readAgainForBranch2 = true;
      return internalResolvedUndefined;
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch2.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, true);
    return internalResolvedUndefined;
  }

  function cancel1Algorithm(reason) {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) resolveDeferred(cancelPromise, readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }

  function cancel2Algorithm(reason) {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) resolveDeferred(cancelPromise, readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  }

  branch1 = createReadableByteStream(returnUndefined, pull1Algorithm, cancel1Algorithm);
  branch2 = createReadableByteStream(returnUndefined, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// --- ReadableStream.from (spec §4.9.1 ReadableStreamFromIterable) ----------------

function isObject(value) {
  return value !== null && (typeof value === "object" || typeof value === "function");
}

// CreateAsyncFromSyncIterator: next/return await the sync iterator's values.
function createAsyncFromSyncIterator(syncIterator, syncNextMethod) {
  const continuation = (result) => {
    if (!isObject(result)) throw new TypeError("The iterator's result is not an object");
    const done = !!result.done;
    return transformPromiseWith(promiseResolvedWith(result.value), (value) => ({ value, done }), (error) => {
      if (!done) {
        const returnMethod = syncIterator.return;
        if (returnMethod != null) {
          try { FunctionPrototypeCall(returnMethod, syncIterator); } catch { /* the rejection wins */ }
        }
      }
      throw error;
    });
  };
  const iterator = {
    next() {
      try {
        return continuation(FunctionPrototypeCall(syncNextMethod, syncIterator));
      } catch (error) {
        return promiseRejectedWith(error);
      }
    },
    return(value) {
      try {
        const returnMethod = syncIterator.return;
        if (returnMethod == null) return promiseResolvedWith({ value, done: true });
        return continuation(FunctionPrototypeCall(returnMethod, syncIterator, value));
      } catch (error) {
        return promiseRejectedWith(error);
      }
    },
  };
  return { iterator, nextMethod: iterator.next };
}

// GetIterator(obj, async).
function getAsyncIterator(obj) {
  let method = obj == null ? undefined : obj[SymbolAsyncIterator];
  if (method == null) {
    const syncMethod = obj == null ? undefined : obj[SymbolIterator];
    if (syncMethod == null) throw new TypeError("ReadableStream.from() needs an async iterable or an iterable");
    if (typeof syncMethod !== "function") throw new TypeError("The object's @@iterator is not callable");
    const syncIterator = FunctionPrototypeCall(syncMethod, obj);
    if (!isObject(syncIterator)) throw new TypeError("The object's @@iterator did not return an object");
    return createAsyncFromSyncIterator(syncIterator, syncIterator.next);
  }
  if (typeof method !== "function") throw new TypeError("The object's @@asyncIterator is not callable");
  const iterator = FunctionPrototypeCall(method, obj);
  if (!isObject(iterator)) throw new TypeError("The object's @@asyncIterator did not return an object");
  return { iterator, nextMethod: iterator.next };
}

function readableStreamFromIterable(asyncIterable) {
  let stream;
  const iteratorRecord = getAsyncIterator(asyncIterable);
  const pullAlgorithm = () => {
    let nextResult;
    try {
      if (typeof iteratorRecord.nextMethod !== "function") throw new TypeError("The iterator's next is not callable");
      nextResult = FunctionPrototypeCall(iteratorRecord.nextMethod, iteratorRecord.iterator);
    } catch (error) {
      return promiseRejectedWith(error);
    }
    const nextPromise = promiseResolvedWith(nextResult);
    return transformPromiseWith(nextPromise, (iterResult) => {
      if (!isObject(iterResult)) throw new TypeError("The promise returned by the iterator's next() is not an object");
      const done = !!iterResult.done;
      if (done) {
        readableStreamDefaultControllerClose(stream.controller);
      } else {
        readableStreamDefaultControllerEnqueue(stream.controller, iterResult.value);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    const iterator = iteratorRecord.iterator;
    let returnResult;
    try {
      const returnMethod = iterator.return;
      if (returnMethod == null) return promiseResolvedWith(undefined);
      if (typeof returnMethod !== "function") throw new TypeError("The iterator's return is not callable");
      returnResult = FunctionPrototypeCall(returnMethod, iterator, reason);
    } catch (error) {
      return promiseRejectedWith(error);
    }
    return transformPromiseWith(promiseResolvedWith(returnResult), (iterResult) => {
      if (!isObject(iterResult)) throw new TypeError("The promise returned by the iterator's return() is not an object");
    });
  };
  stream = createReadableStream(returnUndefined, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

// --- Async iteration (spec §4.2.5, WebIDL async iterable) ------------------------

let asyncIteratorRecordOf;

const kEndOfIteration = Symbol("end of iteration");

class ReadableStreamAsyncIterator {
  #iterator;

  constructor(key = undefined, record = undefined) {
    if (key !== kInternal) throw new TypeError("Illegal constructor");
    this.#iterator = record;
  }

  static {
    asyncIteratorRecordOf = (value) => (value !== null && typeof value === "object" && #iterator in value
      ? value.#iterator : undefined);
  }

  next() {
    const it = asyncIteratorRecordOf(this);
    if (it === undefined) {
      return promiseRejectedWith(new TypeError("Illegal invocation: not a ReadableStream async iterator"));
    }
    const nextSteps = () => {
      if (it.isFinished) return promiseResolvedWith({ value: undefined, done: true });
      const nextPromise = readableStreamAsyncIteratorGetNext(it);
      return transformPromiseWith(nextPromise, (next) => {
        it.ongoingPromise = null;
        if (next === kEndOfIteration) {
          it.isFinished = true;
          return { value: undefined, done: true };
        }
        return { value: next, done: false };
      }, (reason) => {
        it.ongoingPromise = null;
        it.isFinished = true;
        throw reason;
      });
    };
    it.ongoingPromise = it.ongoingPromise !== null
      ? transformPromiseWith(it.ongoingPromise, nextSteps, nextSteps) : nextSteps();
    return it.ongoingPromise;
  }

  return(value) {
    const it = asyncIteratorRecordOf(this);
    if (it === undefined) {
      return promiseRejectedWith(new TypeError("Illegal invocation: not a ReadableStream async iterator"));
    }
    const returnSteps = () => {
      if (it.isFinished) return promiseResolvedWith({ value, done: true });
      it.isFinished = true;
      return readableStreamAsyncIteratorReturn(it, value);
    };
    it.ongoingPromise = it.ongoingPromise !== null
      ? transformPromiseWith(it.ongoingPromise, returnSteps, returnSteps) : returnSteps();
    return transformPromiseWith(it.ongoingPromise, () => ({ value, done: true }));
  }
}

ObjectSetPrototypeOf(ReadableStreamAsyncIterator.prototype, AsyncIteratorPrototype);

function createReadableStreamAsyncIterator(stream, preventCancel) {
  const reader = acquireReadableStreamDefaultReader(stream);
  const it = { reader, preventCancel, ongoingPromise: null, isFinished: false };
  return new ReadableStreamAsyncIterator(kInternal, it);
}

function readableStreamAsyncIteratorGetNext(it) {
  const reader = it.reader;
  const deferred = newDeferred();
  readableStreamDefaultReaderRead(reader, {
    chunkSteps(chunk) {
      resolveDeferred(deferred, chunk);
    },
    closeSteps() {
      readableStreamDefaultReaderRelease(reader);
      resolveDeferred(deferred, kEndOfIteration);
    },
    errorSteps(e) {
      readableStreamDefaultReaderRelease(reader);
      rejectDeferred(deferred, e);
    },
  });
  return deferred.promise;
}

function readableStreamAsyncIteratorReturn(it, arg) {
  const reader = it.reader;
  if (!it.preventCancel) {
    const result = readableStreamReaderGenericCancel(reader, arg);
    readableStreamDefaultReaderRelease(reader);
    return result;
  }
  readableStreamDefaultReaderRelease(reader);
  return promiseResolvedWith(undefined);
}

// --- Piping (spec §4.9.1 ReadableStreamPipeTo) -----------------------------------

const convertStreamPipeOptions = webidl.createDictionaryConverter("StreamPipeOptions", [
  { key: "preventAbort", converter: converters.boolean, defaultValue: false },
  { key: "preventCancel", converter: converters.boolean, defaultValue: false },
  { key: "preventClose", converter: converters.boolean, defaultValue: false },
  {
    key: "signal",
    converter: (v, prefix, context) => {
      if (!internals.abort.isAbortSignal(v)) {
        throw webidl.makeError(TypeError, prefix, `${context} is not of type 'AbortSignal'`);
      }
      return v;
    },
  },
]);

const convertReadableWritablePair = webidl.createDictionaryConverter("ReadableWritablePair", [
  {
    key: "readable",
    required: true,
    converter: (v, prefix, context) => {
      if (readableStreamRecord(v) === undefined) {
        throw webidl.makeError(TypeError, prefix, `${context} is not of type 'ReadableStream'`);
      }
      return v;
    },
  },
  {
    key: "writable",
    required: true,
    converter: (v, prefix, context) => {
      if (writableStreamRecord(v) === undefined) {
        throw webidl.makeError(TypeError, prefix, `${context} is not of type 'WritableStream'`);
      }
      return v;
    },
  },
]);

// The signal's reason through AbortSignal's own getter (user code may patch the prototype).
let abortSignalReasonGetter;
function abortSignalReason(signal) {
  abortSignalReasonGetter ??= ObjectGetOwnPropertyDescriptor(internals.AbortSignal.prototype, "reason").get;
  return FunctionPrototypeCall(abortSignalReasonGetter, signal);
}

function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal = undefined) {
  const reader = acquireReadableStreamDefaultReader(source);
  const writer = acquireWritableStreamDefaultWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  // The promise of the last write the pipe started; shutdown waits for it.
  let currentWrite = promiseResolvedWith(undefined);
  const promise = newDeferred();
  let abortAlgorithm;

  source.pipeTo = dest.id;
  dest.pipeFrom = source.id;
  if (observing) {
    observeUpdate(source);
    observeUpdate(dest);
  }

  if (signal !== undefined) {
    abortAlgorithm = () => {
      const error = abortSignalReason(signal);
      const actions = [];
      if (!preventAbort) {
        ArrayPrototypePush(actions, () => {
          if (dest.state === "writable") return writableStreamAbort(dest, error);
          return promiseResolvedWith(undefined);
        });
      }
      if (!preventCancel) {
        ArrayPrototypePush(actions, () => {
          if (source.state === "readable") return readableStreamCancel(source, error);
          return promiseResolvedWith(undefined);
        });
      }
      shutdownWithAnAction(() => {
        const deferred = newDeferred();
        const promises = [];
        for (let i = 0; i < actions.length; i++) ArrayPrototypePush(promises, actions[i]());
        waitForAll(promises, () => resolveDeferred(deferred, undefined), (r) => rejectDeferred(deferred, r));
        return deferred.promise;
      }, true, error);
    };
    if (abortSignalReason(signal) !== undefined) {
      abortAlgorithm();
      return promise.promise;
    }
    internals.abort.addAlgorithm(signal, abortAlgorithm);
  }

  // Each step waits for the writer to be ready (the destination's desired size
  // is positive) before it reads, so chunks never pile up in the destination.
  const readRequest = {
    resolveRead: undefined,
    rejectRead: undefined,
    chunkSteps(chunk) {
      currentWrite = transformPromiseWith(writableStreamDefaultWriterWrite(writer, chunk), undefined, noop);
      this.resolveRead(false);
    },
    closeSteps() {
      this.resolveRead(true);
    },
    errorSteps(e) {
      this.rejectRead(e);
    },
  };

  function pipeStep() {
    if (shuttingDown) return promiseResolvedWith(true);
    return transformPromiseWith(writer.readyPromise.promise, () => {
      if (shuttingDown) return true;
      return new Promise((resolveRead, rejectRead) => {
        readRequest.resolveRead = resolveRead;
        readRequest.rejectRead = rejectRead;
        readableStreamDefaultReaderRead(reader, readRequest);
      });
    });
  }

  function pipeLoop() {
    return new Promise((resolveLoop, rejectLoop) => {
      const next = (done) => {
        if (done) resolveLoop();
        else PromisePrototypeThen(pipeStep(), next, rejectLoop);
      };
      next(false);
    });
  }

  // Errors must be propagated forward.
  isOrBecomesErrored(source, reader.closedPromise.promise, (storedError) => {
    if (!preventAbort) shutdownWithAnAction(() => writableStreamAbort(dest, storedError), true, storedError);
    else shutdown(true, storedError);
  });
  // Errors must be propagated backward.
  isOrBecomesErrored(dest, writer.closedPromise.promise, (storedError) => {
    if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, storedError), true, storedError);
    else shutdown(true, storedError);
  });
  // Closing must be propagated forward.
  isOrBecomesClosed(source, reader.closedPromise.promise, () => {
    if (!preventClose) shutdownWithAnAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
    else shutdown();
  });
  // Closing must be propagated backward.
  if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
    const destClosed = new TypeError("The destination writable stream closed before all data could be piped to it");
    if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, destClosed), true, destClosed);
    else shutdown(true, destClosed);
  }

  setHandled(pipeLoop());
  return promise.promise;

  function waitForWritesToFinish() {
    const oldCurrentWrite = currentWrite;
    return transformPromiseWith(currentWrite,
      () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  }

  function isOrBecomesErrored(stream, closedPromise, action) {
    if (stream.state === "errored") action(stream.storedError);
    else uponRejection(closedPromise, action);
  }

  function isOrBecomesClosed(stream, closedPromise, action) {
    if (stream.state === "closed") action();
    else uponFulfillment(closedPromise, action);
  }

  function shutdownWithAnAction(action, originalIsError = false, originalError = undefined) {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      uponPromise(action(), () => finalize(originalIsError, originalError), (newError) => finalize(true, newError));
    };
    if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), doTheRest);
    } else {
      doTheRest();
    }
  }

  function shutdown(isError = false, error = undefined) {
    if (shuttingDown) return;
    shuttingDown = true;
    if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  }

  function finalize(isError, error) {
    writableStreamDefaultWriterRelease(writer);
    readableStreamDefaultReaderRelease(reader);
    if (signal !== undefined) internals.abort.removeAlgorithm(signal, abortAlgorithm);
    source.pipeTo = null;
    dest.pipeFrom = null;
    if (observing) {
      observeUpdate(source);
      observeUpdate(dest);
    }
    if (isError) rejectDeferred(promise, error);
    else resolveDeferred(promise, undefined);
  }
}

// --- WritableStream (spec §5.2) --------------------------------------------------

let writableStreamRecord;

class WritableStream {
  #stream;

  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === kInternal) {
      this.#stream = strategy;
      return;
    }
    const prefix = "Failed to construct 'WritableStream'";
    underlyingSink = convertOptionalObject(underlyingSink, prefix, "Argument 1");
    strategy = convertQueuingStrategy(strategy, prefix, "Argument 2");
    if (underlyingSink === undefined) underlyingSink = null;
    const underlyingSinkDict = convertUnderlyingSink(underlyingSink, prefix, "Argument 1");
    if (underlyingSinkDict.type !== undefined) throw new RangeError(`${prefix}: Invalid type is specified`);
    const stream = newWritableStreamRecord(this);
    this.#stream = stream;
    initializeWritableStream(stream);
    const sizeAlgorithm = extractSizeAlgorithm(strategy);
    const highWaterMark = extractHighWaterMark(strategy, 1);
    setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, underlyingSinkDict, highWaterMark,
      sizeAlgorithm);
  }

  static {
    writableStreamRecord = (value) => (value !== null && typeof value === "object" && #stream in value
      ? value.#stream : undefined);
  }

  get locked() {
    return isWritableStreamLocked(thisWritableStream(this));
  }

  abort(reason = undefined) {
    try {
      const stream = thisWritableStream(this);
      if (isWritableStreamLocked(stream)) {
        return promiseRejectedWith(new TypeError("Cannot abort a WritableStream that is locked to a writer"));
      }
      return writableStreamAbort(stream, reason);
    } catch (error) {
      return promiseRejectedWith(error);
    }
  }

  close() {
    try {
      const stream = thisWritableStream(this);
      if (isWritableStreamLocked(stream)) {
        return promiseRejectedWith(new TypeError("Cannot close a WritableStream that is locked to a writer"));
      }
      if (writableStreamCloseQueuedOrInFlight(stream)) {
        return promiseRejectedWith(new TypeError("Cannot close a WritableStream that is already closing"));
      }
      return writableStreamClose(stream);
    } catch (error) {
      return promiseRejectedWith(error);
    }
  }

  getWriter() {
    return acquireWritableStreamDefaultWriter(thisWritableStream(this)).object;
  }
}

function thisWritableStream(self) {
  const stream = writableStreamRecord(self);
  if (stream === undefined) throw new TypeError("Illegal invocation: the receiver is not a WritableStream");
  return stream;
}

function newWritableStreamRecord(object) {
  return {
    object,
    state: "writable",
    storedError: undefined,
    writer: undefined,
    controller: undefined,
    inFlightWriteRequest: undefined,
    closeRequest: undefined,
    inFlightCloseRequest: undefined,
    pendingAbortRequest: undefined,
    writeRequests: undefined,
    backpressure: false,
    // Telemetry.
    id: ++nextStreamId,
    kind: "writable",
    telemetryPeak: -1,
    telemetryRequest: 0,
    telemetrySlot: -1,
    telemetryShown: false,
    pipeFrom: null,
    transform: null,  // the TransformStream this is the writable side of
    chunksTotal: 0,
    bytesTotal: 0,
  };
}

function acquireWritableStreamDefaultWriter(stream) {
  const writer = newWriterRecord();
  setUpWritableStreamDefaultWriter(writer, stream);
  return writer;
}

function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark = 1,
  sizeAlgorithm = sizeOne) {
  const stream = newWritableStreamRecord(undefined);
  stream.object = new WritableStream(kInternal, stream);
  initializeWritableStream(stream);
  const controller = newWritableControllerRecord();
  setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm,
    abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function initializeWritableStream(stream) {
  stream.state = "writable";
  stream.storedError = undefined;
  stream.writer = undefined;
  stream.controller = undefined;
  stream.inFlightWriteRequest = undefined;
  stream.closeRequest = undefined;
  stream.inFlightCloseRequest = undefined;
  stream.pendingAbortRequest = undefined;
  stream.writeRequests = newList();
  stream.backpressure = false;
  if (observing) observeOpen(stream);
}

function isWritableStreamLocked(stream) {
  return stream.writer !== undefined;
}

function writableStreamAbort(stream, reason) {
  if (stream.state === "closed" || stream.state === "errored") return promiseResolvedWith(undefined);
  writableStreamDefaultControllerSignalAbort(stream.controller, reason);
  const state = stream.state;
  if (state === "closed" || state === "errored") return promiseResolvedWith(undefined);
  if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.promise.promise;
  let wasAlreadyErroring = false;
  if (state === "erroring") {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const promise = newDeferred();
  stream.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStreamStartErroring(stream, reason);
  return promise.promise;
}

function writableStreamClose(stream) {
  const state = stream.state;
  if (state === "closed" || state === "errored") {
    return promiseRejectedWith(new TypeError(`Cannot close a WritableStream that is ${state}`));
  }
  const promise = newDeferred();
  stream.closeRequest = promise;
  const writer = stream.writer;
  if (writer !== undefined && stream.backpressure && state === "writable") {
    resolveDeferred(writer.readyPromise, undefined);
  }
  writableStreamDefaultControllerClose(stream.controller);
  return promise.promise;
}

function writableStreamAddWriteRequest(stream) {
  const promise = newDeferred();
  listPush(stream.writeRequests, promise);
  return promise.promise;
}

function writableStreamCloseQueuedOrInFlight(stream) {
  return stream.closeRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

function writableStreamDealWithRejection(stream, error) {
  if (stream.state === "writable") {
    writableStreamStartErroring(stream, error);
    return;
  }
  writableStreamFinishErroring(stream);
}

function writableStreamFinishErroring(stream) {
  stream.state = "errored";
  writableControllerErrorSteps(stream.controller);
  const storedError = stream.storedError;
  const writeRequests = stream.writeRequests;
  stream.writeRequests = newList();
  while (listLength(writeRequests) > 0) rejectDeferred(listShift(writeRequests), storedError);
  if (observing) observeClose(stream);
  if (stream.pendingAbortRequest === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const abortRequest = stream.pendingAbortRequest;
  stream.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    rejectDeferred(abortRequest.promise, storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const promise = writableControllerAbortSteps(stream.controller, abortRequest.reason);
  uponPromise(promise, () => {
    resolveDeferred(abortRequest.promise, undefined);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (reason) => {
    rejectDeferred(abortRequest.promise, reason);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

function writableStreamFinishInFlightClose(stream) {
  resolveDeferred(stream.inFlightCloseRequest, undefined);
  stream.inFlightCloseRequest = undefined;
  if (stream.state === "erroring") {
    stream.storedError = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      resolveDeferred(stream.pendingAbortRequest.promise, undefined);
      stream.pendingAbortRequest = undefined;
    }
  }
  stream.state = "closed";
  const writer = stream.writer;
  if (writer !== undefined) resolveDeferred(writer.closedPromise, undefined);
  if (observing) observeClose(stream);
}

function writableStreamFinishInFlightCloseWithError(stream, error) {
  rejectDeferred(stream.inFlightCloseRequest, error);
  stream.inFlightCloseRequest = undefined;
  if (stream.pendingAbortRequest !== undefined) {
    rejectDeferred(stream.pendingAbortRequest.promise, error);
    stream.pendingAbortRequest = undefined;
  }
  writableStreamDealWithRejection(stream, error);
}

function writableStreamFinishInFlightWrite(stream) {
  resolveDeferred(stream.inFlightWriteRequest, undefined);
  stream.inFlightWriteRequest = undefined;
}

function writableStreamFinishInFlightWriteWithError(stream, error) {
  rejectDeferred(stream.inFlightWriteRequest, error);
  stream.inFlightWriteRequest = undefined;
  writableStreamDealWithRejection(stream, error);
}

function writableStreamHasOperationMarkedInFlight(stream) {
  return stream.inFlightWriteRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

function writableStreamMarkCloseRequestInFlight(stream) {
  stream.inFlightCloseRequest = stream.closeRequest;
  stream.closeRequest = undefined;
}

function writableStreamMarkFirstWriteRequestInFlight(stream) {
  stream.inFlightWriteRequest = listShift(stream.writeRequests);
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  if (stream.closeRequest !== undefined) {
    rejectDeferred(stream.closeRequest, stream.storedError);
    stream.closeRequest = undefined;
  }
  const writer = stream.writer;
  if (writer !== undefined) {
    rejectDeferred(writer.closedPromise, stream.storedError);
    setHandled(writer.closedPromise.promise);
  }
}

function writableStreamStartErroring(stream, reason) {
  const controller = stream.controller;
  stream.state = "erroring";
  stream.storedError = reason;
  const writer = stream.writer;
  if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(stream) && controller.started) {
    writableStreamFinishErroring(stream);
  } else if (observing) {
    observeUpdate(stream);
  }
}

function writableStreamUpdateBackpressure(stream, backpressure) {
  const writer = stream.writer;
  if (writer !== undefined && backpressure !== stream.backpressure) {
    if (backpressure) writer.readyPromise = newDeferred();
    else resolveDeferred(writer.readyPromise, undefined);
  }
  stream.backpressure = backpressure;
}

// --- WritableStreamDefaultWriter (spec §5.3) ------------------------------------

let writerRecordOf;

class WritableStreamDefaultWriter {
  #writer;

  constructor(stream, record = undefined) {
    if (stream === kInternal) {
      this.#writer = record;
      return;
    }
    const prefix = "Failed to construct 'WritableStreamDefaultWriter'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const streamRecord = writableStreamRecord(stream);
    if (streamRecord === undefined) throw new TypeError(`${prefix}: parameter 1 is not of type 'WritableStream'`);
    const writer = { object: this, stream: undefined, closedPromise: undefined, readyPromise: undefined };
    this.#writer = writer;
    setUpWritableStreamDefaultWriter(writer, streamRecord);
  }

  static {
    writerRecordOf = (value) => (value !== null && typeof value === "object" && #writer in value
      ? value.#writer : undefined);
  }

  get closed() {
    const writer = writerRecordOf(this);
    if (writer === undefined) return promiseRejectedWith(illegalWriter());
    return writer.closedPromise.promise;
  }

  get desiredSize() {
    const writer = writerRecordOf(this);
    if (writer === undefined) throw illegalWriter();
    if (writer.stream === undefined) throw new TypeError("Cannot get the desired size of a released writer");
    return writableStreamDefaultWriterGetDesiredSize(writer);
  }

  get ready() {
    const writer = writerRecordOf(this);
    if (writer === undefined) return promiseRejectedWith(illegalWriter());
    return writer.readyPromise.promise;
  }

  abort(reason = undefined) {
    const writer = writerRecordOf(this);
    if (writer === undefined) return promiseRejectedWith(illegalWriter());
    if (writer.stream === undefined) return promiseRejectedWith(releasedWriterError("abort"));
    return writableStreamAbort(writer.stream, reason);
  }

  close() {
    const writer = writerRecordOf(this);
    if (writer === undefined) return promiseRejectedWith(illegalWriter());
    const stream = writer.stream;
    if (stream === undefined) return promiseRejectedWith(releasedWriterError("close"));
    if (writableStreamCloseQueuedOrInFlight(stream)) {
      return promiseRejectedWith(new TypeError("Cannot close a WritableStream that is already closing"));
    }
    return writableStreamClose(stream);
  }

  releaseLock() {
    const writer = writerRecordOf(this);
    if (writer === undefined) throw illegalWriter();
    if (writer.stream === undefined) return;
    writableStreamDefaultWriterRelease(writer);
  }

  write(chunk = undefined) {
    const writer = writerRecordOf(this);
    if (writer === undefined) return promiseRejectedWith(illegalWriter());
    if (writer.stream === undefined) return promiseRejectedWith(releasedWriterError("write to"));
    return writableStreamDefaultWriterWrite(writer, chunk);
  }
}

function illegalWriter() {
  return new TypeError("Illegal invocation: the receiver is not a WritableStreamDefaultWriter");
}
function releasedWriterError(verb) {
  return new TypeError(`Cannot ${verb} a stream using a released writer`);
}

function newWriterRecord() {
  const writer = { object: undefined, stream: undefined, closedPromise: undefined, readyPromise: undefined };
  writer.object = new WritableStreamDefaultWriter(kInternal, writer);
  return writer;
}

function setUpWritableStreamDefaultWriter(writer, stream) {
  if (isWritableStreamLocked(stream)) {
    throw new TypeError("Cannot get a writer: the WritableStream is already locked to a writer");
  }
  writer.stream = stream;
  stream.writer = writer;
  const state = stream.state;
  if (state === "writable") {
    if (!writableStreamCloseQueuedOrInFlight(stream) && stream.backpressure) writer.readyPromise = newDeferred();
    else writer.readyPromise = resolvedDeferred(undefined);
    writer.closedPromise = newDeferred();
  } else if (state === "erroring") {
    writer.readyPromise = rejectedDeferred(stream.storedError);
    setHandled(writer.readyPromise.promise);
    writer.closedPromise = newDeferred();
  } else if (state === "closed") {
    writer.readyPromise = resolvedDeferred(undefined);
    writer.closedPromise = resolvedDeferred(undefined);
  } else {
    const storedError = stream.storedError;
    writer.readyPromise = rejectedDeferred(storedError);
    setHandled(writer.readyPromise.promise);
    writer.closedPromise = rejectedDeferred(storedError);
    setHandled(writer.closedPromise.promise);
  }
  if (observing) observeUpdate(stream);
}

function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (writableStreamCloseQueuedOrInFlight(stream) || state === "closed") return promiseResolvedWith(undefined);
  if (state === "errored") return promiseRejectedWith(stream.storedError);
  return writableStreamClose(stream);
}

function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  if (writer.closedPromise.state === "pending") rejectDeferred(writer.closedPromise, error);
  else writer.closedPromise = rejectedDeferred(error);
  setHandled(writer.closedPromise.promise);
}

function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  if (writer.readyPromise.state === "pending") rejectDeferred(writer.readyPromise, error);
  else writer.readyPromise = rejectedDeferred(error);
  setHandled(writer.readyPromise.promise);
}

function writableStreamDefaultWriterGetDesiredSize(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (state === "errored" || state === "erroring") return null;
  if (state === "closed") return 0;
  return writableStreamDefaultControllerGetDesiredSize(stream.controller);
}

function writableStreamDefaultWriterRelease(writer) {
  const stream = writer.stream;
  const releasedError = new TypeError("The writer was released: the stream is no longer locked to it");
  writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  stream.writer = undefined;
  writer.stream = undefined;
  if (observing) observeUpdate(stream);
}

function writableStreamDefaultWriterWrite(writer, chunk) {
  const stream = writer.stream;
  const controller = stream.controller;
  const chunkSize = writableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer.stream) return promiseRejectedWith(releasedWriterError("write to"));
  const state = stream.state;
  if (state === "errored") return promiseRejectedWith(stream.storedError);
  if (writableStreamCloseQueuedOrInFlight(stream) || state === "closed") {
    return promiseRejectedWith(new TypeError("The stream is closing or closed and cannot be written to"));
  }
  if (state === "erroring") return promiseRejectedWith(stream.storedError);
  const promise = writableStreamAddWriteRequest(stream);
  writableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise;
}

// --- WritableStreamDefaultController (spec §5.4) ----------------------------------

let writableControllerRecordOf;

class WritableStreamDefaultController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== kInternal) throw new TypeError("Illegal constructor");
    this.#controller = record;
  }

  static {
    writableControllerRecordOf = (value) => (value !== null && typeof value === "object" && #controller in value
      ? value.#controller : undefined);
  }

  get signal() {
    const controller = thisWritableController(this);
    // Made on first use: most sinks never look at it.
    if (controller.signal === undefined) {
      controller.signal = internals.abort.newSignal();
      if (controller.abortReason !== undefined) {
        internals.abort.signalAbort(controller.signal, controller.abortReason);
      }
    }
    return controller.signal;
  }

  error(e = undefined) {
    const controller = thisWritableController(this);
    if (controller.stream.state !== "writable") return;
    writableStreamDefaultControllerError(controller, e);
  }
}

function thisWritableController(self) {
  const controller = writableControllerRecordOf(self);
  if (controller === undefined) {
    throw new TypeError("Illegal invocation: the receiver is not a WritableStreamDefaultController");
  }
  return controller;
}

function newWritableControllerRecord() {
  const controller = {
    object: undefined,
    stream: undefined,
    queue: undefined,
    queueTotalSize: 0,
    signal: undefined,  // [[abortController]]'s signal, made lazily
    abortReason: undefined,
    aborted: false,
    started: false,
    strategySizeAlgorithm: undefined,
    strategyHWM: 0,
    writeAlgorithm: undefined,
    closeAlgorithm: undefined,
    abortAlgorithm: undefined,
  };
  controller.object = new WritableStreamDefaultController(kInternal, controller);
  return controller;
}

// "Signal abort on controller.[[abortController]] with reason".
function writableStreamDefaultControllerSignalAbort(controller, reason) {
  if (controller.aborted) return;
  controller.aborted = true;
  if (controller.signal !== undefined) {
    internals.abort.signalAbort(controller.signal, reason);
  } else {
    controller.abortReason = reason !== undefined ? reason
      : new internals.DOMException("signal is aborted without reason", "AbortError");
  }
}

function writableControllerAbortSteps(controller, reason) {
  const result = controller.abortAlgorithm(reason);
  writableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

function writableControllerErrorSteps(controller) {
  resetQueue(controller);
}

function setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm,
  abortAlgorithm, highWaterMark, sizeAlgorithm) {
  controller.stream = stream;
  stream.controller = controller;
  resetQueue(controller);
  controller.signal = undefined;
  controller.started = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.writeAlgorithm = writeAlgorithm;
  controller.closeAlgorithm = closeAlgorithm;
  controller.abortAlgorithm = abortAlgorithm;
  const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
  writableStreamUpdateBackpressure(stream, backpressure);
  const startResult = startAlgorithm(controller.object);
  const startPromise = internalResolvedWith(startResult);
  uponPromise(startPromise, () => {
    controller.started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (r) => {
    controller.started = true;
    writableStreamDealWithRejection(stream, r);
  });
}

function setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, underlyingSinkDict,
  highWaterMark, sizeAlgorithm) {
  const controller = newWritableControllerRecord();
  const { start, write, close, abort } = underlyingSinkDict;
  const startAlgorithm = start === undefined ? returnUndefined
    : () => ReflectApply(start, underlyingSink, [controller.object]);
  const writeAlgorithm = write === undefined ? resolvedUndefined
    : (chunk) => invokePromiseCallback(write, underlyingSink, [chunk, controller.object]);
  const closeAlgorithm = close === undefined ? resolvedUndefined
    : () => invokePromiseCallback(close, underlyingSink, []);
  const abortAlgorithm = abort === undefined ? resolvedUndefined
    : (reason) => invokePromiseCallback(abort, underlyingSink, [reason]);
  setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm,
    abortAlgorithm, highWaterMark, sizeAlgorithm);
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  const stream = controller.stream;
  if (!controller.started) return;
  if (stream.inFlightWriteRequest !== undefined) return;
  if (stream.state === "erroring") {
    writableStreamFinishErroring(stream);
    return;
  }
  if (listLength(controller.queue) === 0) return;
  const value = peekQueueValue(controller);
  if (value === kCloseSentinel) writableStreamDefaultControllerProcessClose(controller);
  else writableStreamDefaultControllerProcessWrite(controller, value);
}

function writableStreamDefaultControllerClearAlgorithms(controller) {
  controller.writeAlgorithm = undefined;
  controller.closeAlgorithm = undefined;
  controller.abortAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

function writableStreamDefaultControllerClose(controller) {
  enqueueValueWithSize(controller, kCloseSentinel, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function writableStreamDefaultControllerError(controller, error) {
  const stream = controller.stream;
  writableStreamDefaultControllerClearAlgorithms(controller);
  writableStreamStartErroring(stream, error);
}

function writableStreamDefaultControllerErrorIfNeeded(controller, error) {
  if (controller.stream.state === "writable") writableStreamDefaultControllerError(controller, error);
}

function writableStreamDefaultControllerGetBackpressure(controller) {
  return writableStreamDefaultControllerGetDesiredSize(controller) <= 0;
}

function writableStreamDefaultControllerGetChunkSize(controller, chunk) {
  // The algorithms are cleared once the stream errors; the chunk is rejected anyway.
  if (controller.strategySizeAlgorithm === undefined) return 1;
  try {
    return controller.strategySizeAlgorithm(chunk);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return 1;
  }
}

function writableStreamDefaultControllerGetDesiredSize(controller) {
  return controller.strategyHWM - controller.queueTotalSize;
}

function writableStreamDefaultControllerProcessClose(controller) {
  const stream = controller.stream;
  writableStreamMarkCloseRequestInFlight(stream);
  dequeueValue(controller);
  const sinkClosePromise = controller.closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(sinkClosePromise, () => {
    writableStreamFinishInFlightClose(stream);
  }, (reason) => {
    writableStreamFinishInFlightCloseWithError(stream, reason);
  });
}

function writableStreamDefaultControllerProcessWrite(controller, chunk) {
  const stream = controller.stream;
  writableStreamMarkFirstWriteRequestInFlight(stream);
  const sinkWritePromise = controller.writeAlgorithm(chunk);
  uponPromise(sinkWritePromise, () => {
    writableStreamFinishInFlightWrite(stream);
    const state = stream.state;
    dequeueValue(controller);
    if (!writableStreamCloseQueuedOrInFlight(stream) && state === "writable") {
      const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
      writableStreamUpdateBackpressure(stream, backpressure);
    }
    if (observing) observeUpdate(stream);
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (reason) => {
    if (stream.state === "writable") writableStreamDefaultControllerClearAlgorithms(controller);
    writableStreamFinishInFlightWriteWithError(stream, reason);
  });
}

function writableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  try {
    enqueueValueWithSize(controller, chunk, chunkSize);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return;
  }
  const stream = controller.stream;
  stream.chunksTotal++;
  if (ArrayBufferIsView(chunk)) stream.bytesTotal += viewByteLength(chunk);
  if (!writableStreamCloseQueuedOrInFlight(stream) && stream.state === "writable") {
    const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
    writableStreamUpdateBackpressure(stream, backpressure);
  }
  if (observing) observeUpdate(stream);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

// --- TransformStream (spec §6.2) -------------------------------------------------

let transformStreamRecord;

class TransformStream {
  #stream;

  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    const prefix = "Failed to construct 'TransformStream'";
    transformer = convertOptionalObject(transformer, prefix, "Argument 1");
    writableStrategy = convertQueuingStrategy(writableStrategy, prefix, "Argument 2");
    readableStrategy = convertQueuingStrategy(readableStrategy, prefix, "Argument 3");
    if (transformer === undefined) transformer = null;
    const transformerDict = convertTransformer(transformer, prefix, "Argument 1");
    if (transformerDict.readableType !== undefined) throw new RangeError(`${prefix}: Invalid readableType specified`);
    if (transformerDict.writableType !== undefined) throw new RangeError(`${prefix}: Invalid writableType specified`);
    const readableHighWaterMark = extractHighWaterMark(readableStrategy, 0);
    const readableSizeAlgorithm = extractSizeAlgorithm(readableStrategy);
    const writableHighWaterMark = extractHighWaterMark(writableStrategy, 1);
    const writableSizeAlgorithm = extractSizeAlgorithm(writableStrategy);
    const stream = newTransformStreamRecord(this);
    this.#stream = stream;
    const startPromise = newDeferred();
    initializeTransformStream(stream, startPromise.promise, writableHighWaterMark, writableSizeAlgorithm,
      readableHighWaterMark, readableSizeAlgorithm);
    setUpTransformStreamDefaultControllerFromTransformer(stream, transformer, transformerDict);
    if (transformerDict.start !== undefined) {
      resolveDeferred(startPromise,
        ReflectApply(transformerDict.start, transformer, [stream.controller.object]));
    } else {
      resolveDeferred(startPromise, undefined);
    }
  }

  static {
    transformStreamRecord = (value) => (value !== null && typeof value === "object" && #stream in value
      ? value.#stream : undefined);
  }

  get readable() {
    return thisTransformStream(this).readable.object;
  }

  get writable() {
    return thisTransformStream(this).writable.object;
  }
}

function thisTransformStream(self) {
  const stream = transformStreamRecord(self);
  if (stream === undefined) throw new TypeError("Illegal invocation: the receiver is not a TransformStream");
  return stream;
}

function newTransformStreamRecord(object) {
  return {
    object,
    backpressure: undefined,
    backpressureChangePromise: undefined,
    controller: undefined,
    readable: undefined,
    writable: undefined,
    // Telemetry.
    id: ++nextStreamId,
    kind: "transform",
    telemetryPeak: -1,
    telemetryRequest: 0,
    telemetrySlot: -1,
    telemetryShown: false,
    chunksTotal: 0,
    bytesTotal: 0,
  };
}

function initializeTransformStream(stream, startPromise, writableHighWaterMark, writableSizeAlgorithm,
  readableHighWaterMark, readableSizeAlgorithm) {
  const startAlgorithm = () => startPromise;
  const writeAlgorithm = (chunk) => transformStreamDefaultSinkWriteAlgorithm(stream, chunk);
  const abortAlgorithm = (reason) => transformStreamDefaultSinkAbortAlgorithm(stream, reason);
  const closeAlgorithm = () => transformStreamDefaultSinkCloseAlgorithm(stream);
  stream.writable = createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
    writableHighWaterMark, writableSizeAlgorithm);
  const pullAlgorithm = () => transformStreamDefaultSourcePullAlgorithm(stream);
  const cancelAlgorithm = (reason) => transformStreamDefaultSourceCancelAlgorithm(stream, reason);
  stream.readable = createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, readableHighWaterMark,
    readableSizeAlgorithm);
  stream.backpressure = undefined;
  stream.backpressureChangePromise = undefined;
  transformStreamSetBackpressure(stream, true);
  stream.controller = undefined;
  stream.readable.transform = stream;
  stream.writable.transform = stream;
  if (observing) observeOpen(stream);
}

function transformStreamError(stream, e) {
  readableStreamDefaultControllerError(stream.readable.controller, e);
  transformStreamErrorWritableAndUnblockWrite(stream, e);
}

function transformStreamErrorWritableAndUnblockWrite(stream, e) {
  transformStreamDefaultControllerClearAlgorithms(stream.controller);
  writableStreamDefaultControllerErrorIfNeeded(stream.writable.controller, e);
  transformStreamUnblockWrite(stream);
}

function transformStreamSetBackpressure(stream, backpressure) {
  if (stream.backpressureChangePromise !== undefined) resolveDeferred(stream.backpressureChangePromise, undefined);
  stream.backpressureChangePromise = newDeferred();
  stream.backpressure = backpressure;
  if (observing) observeUpdate(stream);
}

function transformStreamUnblockWrite(stream) {
  if (stream.backpressure) transformStreamSetBackpressure(stream, false);
}

// --- TransformStreamDefaultController (spec §6.3) --------------------------------

let transformControllerRecordOf;

class TransformStreamDefaultController {
  #controller;

  constructor(key = undefined, record = undefined) {
    if (key !== kInternal) throw new TypeError("Illegal constructor");
    this.#controller = record;
  }

  static {
    transformControllerRecordOf = (value) => (value !== null && typeof value === "object" && #controller in value
      ? value.#controller : undefined);
  }

  get desiredSize() {
    const controller = thisTransformController(this);
    return readableStreamDefaultControllerGetDesiredSize(controller.stream.readable.controller);
  }

  enqueue(chunk = undefined) {
    transformStreamDefaultControllerEnqueue(thisTransformController(this), chunk);
  }

  error(reason = undefined) {
    transformStreamDefaultControllerError(thisTransformController(this), reason);
  }

  terminate() {
    transformStreamDefaultControllerTerminate(thisTransformController(this));
  }
}

function thisTransformController(self) {
  const controller = transformControllerRecordOf(self);
  if (controller === undefined) {
    throw new TypeError("Illegal invocation: the receiver is not a TransformStreamDefaultController");
  }
  return controller;
}

function setUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm,
  cancelAlgorithm) {
  controller.stream = stream;
  stream.controller = controller;
  controller.transformAlgorithm = transformAlgorithm;
  controller.flushAlgorithm = flushAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
}

function newTransformControllerRecord() {
  const controller = {
    object: undefined,
    stream: undefined,
    finishPromise: undefined,
    transformAlgorithm: undefined,
    flushAlgorithm: undefined,
    cancelAlgorithm: undefined,
  };
  controller.object = new TransformStreamDefaultController(kInternal, controller);
  return controller;
}

function setUpTransformStreamDefaultControllerFromTransformer(stream, transformer, transformerDict) {
  const controller = newTransformControllerRecord();
  let transformAlgorithm = (chunk) => {
    try {
      transformStreamDefaultControllerEnqueue(controller, chunk);
    } catch (error) {
      return promiseRejectedWith(error);
    }
    return internalResolvedUndefined;
  };
  let flushAlgorithm = resolvedUndefined;
  let cancelAlgorithm = resolvedUndefined;
  const { transform, flush, cancel } = transformerDict;
  if (transform !== undefined) {
    transformAlgorithm = (chunk) => invokePromiseCallback(transform, transformer, [chunk, controller.object]);
  }
  if (flush !== undefined) {
    flushAlgorithm = () => invokePromiseCallback(flush, transformer, [controller.object]);
  }
  if (cancel !== undefined) {
    cancelAlgorithm = (reason) => invokePromiseCallback(cancel, transformer, [reason]);
  }
  setUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
}

function transformStreamDefaultControllerClearAlgorithms(controller) {
  controller.transformAlgorithm = undefined;
  controller.flushAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  const readableController = stream.readable.controller;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new TypeError("Cannot enqueue into the readable side of a TransformStream that is closed or errored");
  }
  try {
    readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (error) {
    transformStreamErrorWritableAndUnblockWrite(stream, error);
    throw stream.readable.storedError;
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream.backpressure) transformStreamSetBackpressure(stream, true);
}

function transformStreamDefaultControllerError(controller, e) {
  transformStreamError(controller.stream, e);
}

function transformStreamDefaultControllerPerformTransform(controller, chunk) {
  const stream = controller.stream;
  stream.chunksTotal++;
  if (ArrayBufferIsView(chunk)) stream.bytesTotal += viewByteLength(chunk);
  // readable.cancel() or writable.abort() cleared the algorithms and will error
  // the writable once the transformer's cancel() settles; a write that gets here
  // in between is dropped rather than failing with an internal TypeError that
  // would replace the cancel reason (the same guard as nodejs/node#62040).
  if (controller.transformAlgorithm === undefined) return internalResolvedUndefined;
  const transformPromise = controller.transformAlgorithm(chunk);
  return transformPromiseWith(transformPromise, undefined, (r) => {
    transformStreamError(stream, r);
    throw r;
  });
}

function transformStreamDefaultControllerTerminate(controller) {
  const stream = controller.stream;
  readableStreamDefaultControllerClose(stream.readable.controller);
  const error = new TypeError("The TransformStream has been terminated");
  transformStreamErrorWritableAndUnblockWrite(stream, error);
}

function transformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  const controller = stream.controller;
  if (stream.backpressure) {
    const backpressureChangePromise = stream.backpressureChangePromise.promise;
    return transformPromiseWith(backpressureChangePromise, () => {
      const writable = stream.writable;
      if (writable.state === "erroring") throw writable.storedError;
      return transformStreamDefaultControllerPerformTransform(controller, chunk);
    });
  }
  return transformStreamDefaultControllerPerformTransform(controller, chunk);
}

function transformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  controller.finishPromise = newDeferred();
  // terminate() and error() clear the algorithms without a finishPromise.
  const cancelPromise = controller.cancelAlgorithm === undefined ? promiseResolvedWith(undefined)
    : controller.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (readable.state === "errored") {
      rejectDeferred(controller.finishPromise, readable.storedError);
    } else {
      readableStreamDefaultControllerError(readable.controller, reason);
      resolveDeferred(controller.finishPromise, undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    rejectDeferred(controller.finishPromise, r);
  });
  return controller.finishPromise.promise;
}

function transformStreamDefaultSinkCloseAlgorithm(stream) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  controller.finishPromise = newDeferred();
  const flushPromise = controller.flushAlgorithm === undefined ? promiseResolvedWith(undefined)
    : controller.flushAlgorithm();
  transformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(flushPromise, () => {
    if (readable.state === "errored") {
      rejectDeferred(controller.finishPromise, readable.storedError);
    } else {
      readableStreamDefaultControllerClose(readable.controller);
      resolveDeferred(controller.finishPromise, undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    rejectDeferred(controller.finishPromise, r);
  });
  return controller.finishPromise.promise;
}

function transformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const writable = stream.writable;
  controller.finishPromise = newDeferred();
  const cancelPromise = controller.cancelAlgorithm === undefined ? promiseResolvedWith(undefined)
    : controller.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (writable.state === "errored") {
      rejectDeferred(controller.finishPromise, writable.storedError);
    } else {
      writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      transformStreamUnblockWrite(stream);
      resolveDeferred(controller.finishPromise, undefined);
    }
  }, (r) => {
    writableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    transformStreamUnblockWrite(stream);
    rejectDeferred(controller.finishPromise, r);
  });
  return controller.finishPromise.promise;
}

function transformStreamDefaultSourcePullAlgorithm(stream) {
  transformStreamSetBackpressure(stream, false);
  return stream.backpressureChangePromise.promise;
}

// --- Queuing strategies (spec §7) ------------------------------------------------

// The size functions are shared by every strategy of the realm; as methods they
// are named "size", have length 1 and are not constructors.
const byteLengthSizeFunction = { size(chunk) { return chunk.byteLength; } }.size;
const countSizeFunction = { size() { return 1; } }.size;

let byteLengthStrategyHWM;

class ByteLengthQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    const prefix = "Failed to construct 'ByteLengthQueuingStrategy'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    init = convertQueuingStrategyInit(init, prefix, "Argument 1");
    this.#highWaterMark = init.highWaterMark;
  }

  static {
    byteLengthStrategyHWM = (value) => {
      if (value === null || typeof value !== "object" || !(#highWaterMark in value)) {
        throw new TypeError("Illegal invocation: the receiver is not a ByteLengthQueuingStrategy");
      }
      return value.#highWaterMark;
    };
  }

  get highWaterMark() {
    return byteLengthStrategyHWM(this);
  }

  get size() {
    byteLengthStrategyHWM(this);
    return byteLengthSizeFunction;
  }
}

let countStrategyHWM;

class CountQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    const prefix = "Failed to construct 'CountQueuingStrategy'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    init = convertQueuingStrategyInit(init, prefix, "Argument 1");
    this.#highWaterMark = init.highWaterMark;
  }

  static {
    countStrategyHWM = (value) => {
      if (value === null || typeof value !== "object" || !(#highWaterMark in value)) {
        throw new TypeError("Illegal invocation: the receiver is not a CountQueuingStrategy");
      }
      return value.#highWaterMark;
    };
  }

  get highWaterMark() {
    return countStrategyHWM(this);
  }

  get size() {
    countStrategyHWM(this);
    return countSizeFunction;
  }
}

// --- Telemetry records -----------------------------------------------------------

// A stream's state for the telemetry, written as numbers into out (a
// Float64Array the native side reads in place: no arguments to convert, no
// object per record), in this order: op, id, kind (0 readable | 1 writable |
// 2 transform), state (see streamStateCode), highWaterMark, queueChunks,
// queueChunksPeak, queueBytes, desiredSize (NaN: none), locked, backpressure,
// teeParent, teeBranch1, teeBranch2, pipeTo, pipeFrom (ids, 0: none),
// chunksTotal, bytesTotal, request (0: none). peak: the largest queue since
// the last record of this stream.
function publishStreamState(out, op, record, peak) {
  out[0] = op;
  out[1] = record.id;
  out[16] = record.chunksTotal;
  out[17] = record.bytesTotal;
  out[18] = record.telemetryRequest;
  if (record.kind === "readable") {
    const controller = record.controller;
    const queueChunks = controller === undefined || controller.queue === undefined ? 0 : listLength(controller.queue);
    let desiredSize = NaN;
    let backpressure = false;
    if (controller !== undefined) {
      const size = controller.isByte ? readableByteStreamControllerGetDesiredSize(controller)
        : readableStreamDefaultControllerGetDesiredSize(controller);
      if (size !== null) desiredSize = size;
      backpressure = record.state === "readable" && size !== null && size <= 0;
    }
    const branches = record.teeBranches;
    out[2] = 0;
    out[3] = streamStateCode(record.state);
    out[4] = controller === undefined ? 0 : controller.strategyHWM;
    out[5] = queueChunks;
    out[6] = peak > queueChunks ? peak : queueChunks;
    out[7] = controller === undefined ? 0 : controller.queueTotalSize;
    out[8] = desiredSize;
    out[9] = record.reader !== undefined ? 1 : 0;
    out[10] = backpressure ? 1 : 0;
    out[11] = record.teeParent ?? 0;
    out[12] = branches === null ? 0 : branches[0];
    out[13] = branches === null ? 0 : branches[1];
    out[14] = record.pipeTo ?? 0;
    out[15] = 0;
    return;
  }
  const transform = record.kind === "transform" ? record : undefined;
  const writable = transform === undefined ? record : transform.writable;
  const controller = writable.controller;
  const state = writable.state;
  let desiredSize = NaN;
  if (state === "closed") desiredSize = 0;
  else if (state === "writable" && controller !== undefined) {
    desiredSize = writableStreamDefaultControllerGetDesiredSize(controller);
  }
  // The close sentinel is not a chunk.
  let queueChunks = controller === undefined || controller.queue === undefined ? 0 : listLength(controller.queue);
  if (writableStreamCloseQueuedOrInFlight(writable) && writable.closeRequest !== undefined && queueChunks > 0) {
    queueChunks--;
  }
  let queueBytes = controller === undefined ? 0 : controller.queueTotalSize;
  if (transform !== undefined) {
    queueChunks += listLength(transform.readable.controller.queue);
    queueBytes += transform.readable.controller.queueTotalSize;
  }
  out[2] = transform === undefined ? 1 : 2;
  out[3] = streamStateCode(state);
  out[4] = controller === undefined ? 0 : controller.strategyHWM;
  out[5] = queueChunks;
  out[6] = peak > queueChunks ? peak : queueChunks;
  out[7] = queueBytes;
  out[8] = desiredSize;
  out[9] = writable.writer !== undefined ? 1 : 0;
  out[10] = (transform === undefined ? writable.backpressure : transform.backpressure === true) ? 1 : 0;
  out[11] = 0;
  out[12] = 0;
  out[13] = 0;
  out[14] = 0;
  out[15] = writable.pipeFrom ?? 0;
}

// The states' codes in a telemetry record (the native side names them).
function streamStateCode(state) {
  switch (state) {
    case "readable": return 0;
    case "writable": return 1;
    case "closed": return 2;
    case "errored": return 3;
    case "erroring": return 4;
    default: return 3;
  }
}

// The chunks queued in a stream (its record) right now: the telemetry keeps
// the peak between two publishes of a stream's state.
function recordQueueChunks(record) {
  if (record.kind === "transform") {
    return listLength(record.writable.controller.queue) + listLength(record.readable.controller.queue);
  }
  const controller = record.controller;
  return controller === undefined || controller.queue === undefined ? 0 : listLength(controller.queue);
}

// --- Interfaces, globals and the internal API ------------------------------------

// WebIDL: values() and @@asyncIterator are the same function object.
ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});
{
  const desc = ObjectGetOwnPropertyDescriptor(ReadableStream, "from");
  desc.enumerable = true;
  ObjectDefineProperty(ReadableStream, "from", desc);
}
// The async iterator prototype has no constructor (WebIDL §3.7.10.1).
delete ReadableStreamAsyncIterator.prototype.constructor;

webidl.configureInterface(ReadableStream);
webidl.configureInterface(ReadableStreamDefaultReader);
webidl.configureInterface(ReadableStreamBYOBReader);
webidl.configureInterface(ReadableStreamDefaultController);
webidl.configureInterface(ReadableByteStreamController);
webidl.configureInterface(ReadableStreamBYOBRequest);
webidl.configureInterface(ReadableStreamAsyncIterator, "ReadableStream AsyncIterator");
webidl.configureInterface(WritableStream);
webidl.configureInterface(WritableStreamDefaultWriter);
webidl.configureInterface(WritableStreamDefaultController);
webidl.configureInterface(TransformStream);
webidl.configureInterface(TransformStreamDefaultController);
webidl.configureInterface(ByteLengthQueuingStrategy);
webidl.configureInterface(CountQueuingStrategy);

function requireReadable(object) {
  const stream = readableStreamRecord(object);
  if (stream === undefined) throw new TypeError("Expected a ReadableStream");
  return stream;
}
function requireReadableController(object) {
  const controller = defaultControllerRecordOf(object) ?? byteControllerRecordOf(object);
  if (controller === undefined) throw new TypeError("Expected a ReadableStream controller");
  return controller;
}

// ReadableStreamDefaultReader read through internal read requests: neither a
// patched reader nor Object.prototype.then can observe it.
function readerRead(reader) {
  const deferred = newDeferred();
  readableStreamDefaultReaderRead(reader, {
    // Plain results (both members own): null-prototype literals get slow properties.
    chunkSteps(chunk) { resolveDeferred(deferred, { value: chunk, done: false }); },
    closeSteps() { resolveDeferred(deferred, { value: undefined, done: true }); },
    errorSteps(e) { rejectDeferred(deferred, e); },
  });
  return deferred.promise;
}

// Fetch "fully read" a body stream: every chunk must be a Uint8Array.
function readAllBytes(object) {
  const stream = requireReadable(object);
  const reader = acquireReadableStreamDefaultReader(stream);
  const chunks = [];
  let totalLength = 0;
  const deferred = newDeferred();
  const fail = (error) => {
    rejectDeferred(deferred, error);
  };
  const readRequest = {
    chunkSteps(chunk) {
      if (typedArrayName(chunk) !== "Uint8Array") {
        const error = new TypeError("Received a chunk that is not a Uint8Array while reading the stream");
        readableStreamCancel(stream, error);
        readableStreamDefaultReaderRelease(reader);
        fail(error);
        return;
      }
      ArrayPrototypePush(chunks, chunk);
      totalLength += TypedArrayPrototypeGetByteLength(chunk);
      // Read the next chunk outside this call: a synchronous source would recurse.
      ops.op_queue_microtask(() => readableStreamDefaultReaderRead(reader, readRequest));
    },
    closeSteps() {
      readableStreamDefaultReaderRelease(reader);
      const result = new Uint8Array(totalLength);
      let offset = 0;
      for (let i = 0; i < chunks.length; i++) {
        TypedArrayPrototypeSet(result, chunks[i], offset);
        offset += TypedArrayPrototypeGetByteLength(chunks[i]);
      }
      resolveDeferred(deferred, result);
    },
    errorSteps(e) {
      readableStreamDefaultReaderRelease(reader);
      fail(e);
    },
  };
  readableStreamDefaultReaderRead(reader, readRequest);
  return deferred.promise;
}

internals.publishStreamState = publishStreamState;
internals.streams = {
  __proto__: null,
  ReadableStream,
  WritableStream,
  TransformStream,
  isReadableStream: (value) => readableStreamRecord(value) !== undefined,
  isWritableStream: (value) => writableStreamRecord(value) !== undefined,
  isTransformStream: (value) => transformStreamRecord(value) !== undefined,
  readableStreamFromIterable: (iterable) => readableStreamFromIterable(iterable).object,
  // source: { start(controller), pull(controller), cancel(reason) }; each optional.
  // pull and cancel may return promises; the controller is the public object.
  createReadableStream(source = {}, highWaterMark = 1, sizeAlgorithm = sizeOne) {
    const { start, pull, cancel } = source;
    return createReadableStream(
      start === undefined ? returnUndefined : (controller) => start(controller),
      pull === undefined ? resolvedUndefined : (controller) => invokePromiseCallback(pull, undefined, [controller]),
      cancel === undefined ? resolvedUndefined : (reason) => invokePromiseCallback(cancel, undefined, [reason]),
      highWaterMark, sizeAlgorithm).object;
  },
  createReadableByteStream(source = {}, highWaterMark = 0, autoAllocateChunkSize = undefined) {
    const { start, pull, cancel } = source;
    return createReadableByteStream(
      start === undefined ? returnUndefined : (controller) => start(controller),
      pull === undefined ? resolvedUndefined : (controller) => invokePromiseCallback(pull, undefined, [controller]),
      cancel === undefined ? resolvedUndefined : (reason) => invokePromiseCallback(cancel, undefined, [reason]),
      highWaterMark, autoAllocateChunkSize).object;
  },
  // sink: { start(controller), write(chunk, controller), close(), abort(reason) }; each optional.
  createWritableStream(sink = {}, highWaterMark = 1, sizeAlgorithm = sizeOne) {
    const { start, write, close, abort } = sink;
    let controllerObject;
    return createWritableStream(
      start === undefined ? (controller) => { controllerObject = controller; }
        : (controller) => { controllerObject = controller; return start(controller); },
      write === undefined ? resolvedUndefined
        : (chunk) => invokePromiseCallback(write, undefined, [chunk, controllerObject]),
      close === undefined ? resolvedUndefined : () => invokePromiseCallback(close, undefined, []),
      abort === undefined ? resolvedUndefined : (reason) => invokePromiseCallback(abort, undefined, [reason]),
      highWaterMark, sizeAlgorithm).object;
  },
  // Controller access for either kind of readable controller (public objects).
  enqueue(controllerObject, chunk) {
    const controller = requireReadableController(controllerObject);
    if (controller.isByte) readableByteStreamControllerEnqueue(controller, chunk);
    else readableStreamDefaultControllerEnqueue(controller, chunk);
  },
  close(controllerObject) {
    const controller = requireReadableController(controllerObject);
    if (controller.isByte) readableByteStreamControllerClose(controller);
    else readableStreamDefaultControllerClose(controller);
  },
  error(controllerObject, e) {
    const controller = requireReadableController(controllerObject);
    if (controller.isByte) readableByteStreamControllerError(controller, e);
    else readableStreamDefaultControllerError(controller, e);
  },
  desiredSize(controllerObject) {
    const controller = requireReadableController(controllerObject);
    return controller.isByte ? readableByteStreamControllerGetDesiredSize(controller)
      : readableStreamDefaultControllerGetDesiredSize(controller);
  },
  canCloseOrEnqueue(controllerObject) {
    const controller = requireReadableController(controllerObject);
    return !controller.closeRequested && controller.stream.state === "readable";
  },
  readableStreamCancel: (stream, reason) => readableStreamCancel(requireReadable(stream), reason),
  readableStreamClose(stream) {
    const controller = requireReadable(stream).controller;
    if (controller.isByte) readableByteStreamControllerClose(controller);
    else readableStreamDefaultControllerClose(controller);
  },
  readableStreamError(stream, e) {
    const controller = requireReadable(stream).controller;
    if (controller.isByte) readableByteStreamControllerError(controller, e);
    else readableStreamDefaultControllerError(controller, e);
  },
  readableStreamState: (stream) => requireReadable(stream).state,
  readableStreamStoredError: (stream) => requireReadable(stream).storedError,
  isDisturbed: (stream) => requireReadable(stream).disturbed,
  isLocked: (stream) => isReadableStreamLocked(requireReadable(stream)),
  isErrored: (stream) => requireReadable(stream).state === "errored",
  isReadable: (stream) => requireReadable(stream).state === "readable",
  // Returns { read() -> Promise<{value, done}>, readWith(request), releaseLock(), cancel(reason), closed }.
  acquireReader(stream) {
    return new InternalReader(acquireReadableStreamDefaultReader(requireReadable(stream)));
  },
  readAllBytes,
  tee(stream, cloneForBranch2 = true) {
    const branches = readableStreamTee(requireReadable(stream), cloneForBranch2);
    return [branches[0].object, branches[1].object];
  },
  pipeTo(source, dest, { preventClose = false, preventAbort = false, preventCancel = false, signal } = {}) {
    const destRecord = writableStreamRecord(dest);
    if (destRecord === undefined) throw new TypeError("Expected a WritableStream");
    return readableStreamPipeTo(requireReadable(source), destRecord, preventClose, preventAbort, preventCancel,
      signal);
  },
};

webidl.defineGlobals({
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
});
