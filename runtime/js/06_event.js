// DOM events: Event, EventTarget, CustomEvent, and the HTML events the runtime
// fires on the global object (ErrorEvent, PromiseRejectionEvent), plus event
// handler attributes (onerror, onunhandledrejection).
// https://dom.spec.whatwg.org/#events, https://html.spec.whatwg.org/#events-2
"use strict";

const {
  ObjectSetPrototypeOf,
  ArrayPrototypePush, ArrayPrototypeSlice, ArrayPrototypeSplice, ArrayPrototypeIndexOf,
  ObjectDefineProperty, ObjectGetOwnPropertyDescriptor, ReflectApply, SafeMap, SafeWeakMap,
  String, TypeError, RegExpPrototypeExec, Number, MathFloor,
} = internals.primordials;
const { webidl } = internals;
const { converters } = webidl;

// hr-time "current high resolution time", coarsened to 5 microseconds (the
// resolution of a cross-origin isolated context) against timing attacks.
// Event.timeStamp and performance.now() share it so they can be compared.
function highResolutionNow() {
  return MathFloor(ops.op_time_now() * 200) / 200;
}
internals.highResolutionNow = highResolutionNow;

const NONE = 0;
const CAPTURING_PHASE = 1;
const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

const eventInitMembers = [
  { key: "bubbles", converter: converters.boolean, defaultValue: false },
  { key: "cancelable", converter: converters.boolean, defaultValue: false },
  { key: "composed", converter: converters.boolean, defaultValue: false },
];
const convertEventInit = webidl.createDictionaryConverter("EventInit", eventInitMembers);

// Reads an Event's internal state; undefined for anything that is not an Event.
let eventState;
// Brand checks of the subclasses, set from their static blocks.
let isCustomEvent;
let isErrorEvent;
let isPromiseRejectionEvent;
let errorEventArguments;  // ErrorEvent -> [message, filename, lineno, colno, error]

const isTrustedGetter = ObjectGetOwnPropertyDescriptor({
  get isTrusted() { return stateOf(this).isTrusted; },
}, "isTrusted").get;

function stateOf(self) {
  const state = eventState(self);
  if (state === undefined) throw new TypeError("Illegal invocation");
  return state;
}

// DOM "set the canceled flag".
function setCanceled(state) {
  if (state.cancelable && !state.inPassiveListener) state.canceled = true;
}

// DOM "initialize" (shared by initEvent and the subclasses' legacy init methods).
function initialize(state, type, bubbles, cancelable) {
  state.initialized = true;
  state.stopPropagation = false;
  state.stopImmediatePropagation = false;
  state.canceled = false;
  state.isTrusted = false;
  state.target = null;
  state.type = type;
  state.bubbles = bubbles;
  state.cancelable = cancelable;
}

class Event {
  #state;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'Event'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    const init = convertEventInit(eventInitDict, prefix, "Argument 2");
    this.#state = {
      type,
      bubbles: init.bubbles,
      cancelable: init.cancelable,
      composed: init.composed,
      target: null,
      currentTarget: null,
      eventPhase: NONE,
      path: [],
      initialized: true,
      dispatching: false,
      stopPropagation: false,
      stopImmediatePropagation: false,
      canceled: false,
      inPassiveListener: false,
      isTrusted: false,
      timeStamp: highResolutionNow(),
    };
    // [LegacyUnforgeable]: an own, non-configurable accessor on every instance.
    ObjectDefineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true, configurable: false });
  }

  static {
    eventState = (value) => (value !== null && typeof value === "object" && #state in value ? value.#state : undefined);
  }

  get type() { return stateOf(this).type; }
  get target() { return stateOf(this).target; }
  get srcElement() { return stateOf(this).target; }
  get currentTarget() { return stateOf(this).currentTarget; }

  composedPath() {
    const state = stateOf(this);
    // Without a tree the path is the target alone, and only exists while dispatching.
    if (state.path.length === 0) return [];
    return [state.currentTarget];
  }

  get eventPhase() { return stateOf(this).eventPhase; }

  stopPropagation() { stateOf(this).stopPropagation = true; }

  get cancelBubble() { return stateOf(this).stopPropagation; }
  set cancelBubble(value) {
    const state = stateOf(this);
    if (converters.boolean(value)) state.stopPropagation = true;
  }

  stopImmediatePropagation() {
    const state = stateOf(this);
    state.stopPropagation = true;
    state.stopImmediatePropagation = true;
  }

  get bubbles() { return stateOf(this).bubbles; }
  get cancelable() { return stateOf(this).cancelable; }

  get returnValue() { return !stateOf(this).canceled; }
  set returnValue(value) {
    const state = stateOf(this);
    if (!converters.boolean(value)) setCanceled(state);
  }

  preventDefault() { setCanceled(stateOf(this)); }

  get defaultPrevented() { return stateOf(this).canceled; }
  get composed() { return stateOf(this).composed; }
  get timeStamp() { return stateOf(this).timeStamp; }

  initEvent(type, bubbles = false, cancelable = false) {
    const state = stateOf(this);
    const prefix = "Failed to execute 'initEvent' on 'Event'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    bubbles = converters.boolean(bubbles);
    cancelable = converters.boolean(cancelable);
    if (state.dispatching) return;
    initialize(state, type, bubbles, cancelable);
  }
}

webidl.configureInterface(Event);
for (const [name, value] of [["NONE", NONE], ["CAPTURING_PHASE", CAPTURING_PHASE],
  ["AT_TARGET", AT_TARGET], ["BUBBLING_PHASE", BUBBLING_PHASE]]) {
  const desc = { value, writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(Event, name, desc);
  ObjectDefineProperty(Event.prototype, name, desc);
}

class CustomEvent extends Event {
  #detail;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'CustomEvent'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    const init = convertCustomEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#detail = init.detail;
  }

  get detail() {
    if (!isCustomEvent(this)) throw new TypeError("Illegal invocation");
    return this.#detail;
  }

  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    if (!isCustomEvent(this)) throw new TypeError("Illegal invocation");
    const prefix = "Failed to execute 'initCustomEvent' on 'CustomEvent'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    const state = eventState(this);
    if (state.dispatching) return;
    initialize(state, type, converters.boolean(bubbles), converters.boolean(cancelable));
    this.#detail = detail;
  }

  static {
    isCustomEvent = (value) => value !== null && typeof value === "object" && #detail in value;
  }
}
const convertCustomEventInit = webidl.createDictionaryConverter("CustomEventInit", [
  ...eventInitMembers,
  { key: "detail", converter: converters.any, defaultValue: null },
]);
webidl.configureInterface(CustomEvent);

class ErrorEvent extends Event {
  #message;
  #filename;
  #lineno;
  #colno;
  #error;

  constructor(type, eventInitDict = undefined) {
    const prefix = "Failed to construct 'ErrorEvent'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    const init = convertErrorEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#message = init.message;
    this.#filename = init.filename;
    this.#lineno = init.lineno;
    this.#colno = init.colno;
    this.#error = init.error;
  }

  static {
    isErrorEvent = (value) => value !== null && typeof value === "object" && #message in value;
    errorEventArguments = (event) => [event.#message, event.#filename, event.#lineno, event.#colno, event.#error];
  }

  get message() { checkErrorEvent(this); return this.#message; }
  get filename() { checkErrorEvent(this); return this.#filename; }
  get lineno() { checkErrorEvent(this); return this.#lineno; }
  get colno() { checkErrorEvent(this); return this.#colno; }
  get error() { checkErrorEvent(this); return this.#error; }
}
function checkErrorEvent(self) {
  if (!isErrorEvent(self)) throw new TypeError("Illegal invocation");
}
// Inherited members first, then the dictionary's own in lexicographic order.
const convertErrorEventInit = webidl.createDictionaryConverter("ErrorEventInit", [
  ...eventInitMembers,
  { key: "colno", converter: converters["unsigned long"], defaultValue: 0 },
  { key: "error", converter: converters.any },
  { key: "filename", converter: converters.USVString, defaultValue: "" },
  { key: "lineno", converter: converters["unsigned long"], defaultValue: 0 },
  { key: "message", converter: converters.DOMString, defaultValue: "" },
]);
webidl.configureInterface(ErrorEvent);

class PromiseRejectionEvent extends Event {
  #promise;
  #reason;

  constructor(type, eventInitDict) {
    const prefix = "Failed to construct 'PromiseRejectionEvent'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    const init = convertPromiseRejectionEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#promise = init.promise;
    this.#reason = init.reason;
  }

  static {
    isPromiseRejectionEvent = (value) => value !== null && typeof value === "object" && #promise in value;
  }

  get promise() {
    if (!isPromiseRejectionEvent(this)) throw new TypeError("Illegal invocation");
    return this.#promise;
  }

  get reason() {
    if (!isPromiseRejectionEvent(this)) throw new TypeError("Illegal invocation");
    return this.#reason;
  }
}
const convertPromiseRejectionEventInit = webidl.createDictionaryConverter("PromiseRejectionEventInit", [
  ...eventInitMembers,
  { key: "promise", converter: converters.object, required: true },
  { key: "reason", converter: converters.any },
]);
webidl.configureInterface(PromiseRejectionEvent);

// ---------------------------------------------------------------------------
// EventTarget

// EventTarget (or the global object) -> Map(type -> [listener records]).
const targets = new SafeWeakMap();

function listenersOf(target) {
  const listeners = targets.get(target);
  if (listeners === undefined) throw new TypeError("Illegal invocation");
  return listeners;
}

// EventListener is a callback interface: null, or any object (a function or one with handleEvent).
function convertListener(callback, prefix) {
  if (callback === null || callback === undefined) return null;
  if (typeof callback !== "object" && typeof callback !== "function") {
    throw webidl.makeError(TypeError, prefix, "parameter 2 is not of type 'EventListener'");
  }
  return callback;
}

function isAbortSignal(value) {
  if (typeof internals.isAbortSignal === "function") return internals.isAbortSignal(value);
  // Until AbortSignal exists: anything that looks like one.
  return value !== null && typeof value === "object" && "aborted" in value &&
    typeof value.addEventListener === "function";
}

function onAbort(signal, algorithm) {
  if (typeof internals.addAbortAlgorithm === "function") {
    internals.addAbortAlgorithm(signal, algorithm);
  } else {
    signal.addEventListener("abort", algorithm, { once: true });
  }
}

// (AddEventListenerOptions or boolean): null/undefined/objects are the dictionary.
function flattenMore(options, prefix) {
  if (options === null || options === undefined || (typeof options !== "object" && typeof options !== "function")) {
    return { capture: !!options, once: false, passive: false, signal: null };
  }
  const capture = !!options.capture;
  const once = !!options.once;
  const passiveValue = options.passive;
  const passive = passiveValue === undefined ? false : !!passiveValue;
  const signalValue = options.signal;
  let signal = null;
  if (signalValue !== undefined) {
    if (!isAbortSignal(signalValue)) {
      throw webidl.makeError(TypeError, prefix, "member signal is not of type 'AbortSignal'");
    }
    signal = signalValue;
  }
  return { capture, once, passive, signal };
}

function flatten(options) {
  if (options !== null && (typeof options === "object" || typeof options === "function")) return !!options.capture;
  return !!options;
}

function findListener(list, callback, capture) {
  if (list === undefined) return -1;
  for (let i = 0; i < list.length; i++) {
    if (list[i].callback === callback && list[i].capture === capture) return i;
  }
  return -1;
}

function removeListener(listeners, record) {
  record.removed = true;
  const list = listeners.get(record.type);
  if (list === undefined) return;
  const index = ArrayPrototypeIndexOf(list, record);
  if (index !== -1) ArrayPrototypeSplice(list, index, 1);
  if (list.length === 0) listeners.delete(record.type);
}

// DOM "add an event listener".
function addListener(listeners, type, callback, capture, passive, once, signal) {
  if (signal !== null && signal.aborted) return;
  if (callback === null) return;
  let list = listeners.get(type);
  if (findListener(list, callback, capture) !== -1) return;
  const record = { type, callback, capture, passive, once, signal, removed: false };
  if (list === undefined) {
    list = [];
    listeners.set(type, list);
  }
  ArrayPrototypePush(list, record);
  if (signal !== null) onAbort(signal, () => removeListener(listeners, record));
}

function callListener(callback, event, thisArg) {
  try {
    if (typeof callback === "function") {
      ReflectApply(callback, thisArg, [event]);
    } else {
      // "call a user object's operation": handleEvent is looked up on every call.
      const handleEvent = callback.handleEvent;
      if (typeof handleEvent !== "function") {
        throw new TypeError("The 'handleEvent' property of the event listener is not callable");
      }
      ReflectApply(handleEvent, callback, [event]);
    }
  } catch (error) {
    internals.reportException(error);
  }
}

// DOM "inner invoke".
function innerInvoke(event, state, listeners, list, capturing) {
  for (let i = 0; i < list.length; i++) {
    const record = list[i];
    if (record.removed || record.capture !== capturing) continue;
    if (record.once) removeListener(listeners, record);
    if (record.passive) state.inPassiveListener = true;
    callListener(record.callback, event, state.currentTarget);
    state.inPassiveListener = false;
    if (state.stopImmediatePropagation) return;
  }
}

// DOM "invoke".
function invoke(target, event, state, capturing) {
  state.target = target;
  if (state.stopPropagation) return;
  state.currentTarget = target;
  const listeners = targets.get(target);
  const list = listeners?.get(state.type);
  if (list === undefined) return;
  // Listeners added during this dispatch do not run; removed ones are skipped.
  innerInvoke(event, state, listeners, ArrayPrototypeSlice(list), capturing);
}

// DOM "dispatch". There is no tree, so the event path is the target alone.
function dispatch(target, event, state) {
  state.dispatching = true;
  const path = [target];
  state.path = path;
  for (let i = path.length - 1; i >= 0; i--) {
    state.eventPhase = path[i] === target ? AT_TARGET : CAPTURING_PHASE;
    invoke(path[i], event, state, true);
  }
  for (let i = 0; i < path.length; i++) {
    if (path[i] === target) state.eventPhase = AT_TARGET;
    else if (!state.bubbles) continue;
    else state.eventPhase = BUBBLING_PHASE;
    invoke(path[i], event, state, false);
  }
  state.eventPhase = NONE;
  state.currentTarget = null;
  state.path = [];
  state.dispatching = false;
  state.stopPropagation = false;
  state.stopImmediatePropagation = false;
  return !state.canceled;
}

class EventTarget {
  constructor() {
    targets.set(this, new SafeMap());
  }

  // A missing `this` (a bare addEventListener(...) call) means the global object.
  addEventListener(type, callback, options = undefined) {
    const listeners = listenersOf(this ?? globalThis);
    const prefix = "Failed to execute 'addEventListener' on 'EventTarget'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    callback = convertListener(callback, prefix);
    const { capture, once, passive, signal } = flattenMore(options, prefix);
    addListener(listeners, type, callback, capture, passive, once, signal);
  }

  removeEventListener(type, callback, options = undefined) {
    const listeners = listenersOf(this ?? globalThis);
    const prefix = "Failed to execute 'removeEventListener' on 'EventTarget'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    callback = convertListener(callback, prefix);
    const capture = flatten(options);
    const list = listeners.get(type);
    const index = findListener(list, callback, capture);
    if (index !== -1) removeListener(listeners, list[index]);
  }

  dispatchEvent(event) {
    const target = this ?? globalThis;
    listenersOf(target);
    const prefix = "Failed to execute 'dispatchEvent' on 'EventTarget'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    const state = eventState(event);
    if (state === undefined) throw webidl.makeError(TypeError, prefix, "parameter 1 is not of type 'Event'");
    if (state.dispatching) {
      throw new internals.DOMException(`${prefix}: The event is already being dispatched.`, "InvalidStateError");
    }
    if (!state.initialized) {
      throw new internals.DOMException(`${prefix}: The event is not initialized.`, "InvalidStateError");
    }
    state.isTrusted = false;
    return dispatch(target, event, state);
  }
}
webidl.configureInterface(EventTarget);

// ---------------------------------------------------------------------------
// Event handler attributes (HTML §8.1.8)

// target -> { __proto__: null, [type]: { value, record } }
const handlerTables = new SafeWeakMap();

function handlerRecord(target, type) {
  return handlerTables.get(target)?.[type];
}

// Runs the handler the way HTML's "event handler processing algorithm" does.
function makeHandlerListener(target, type) {
  return function eventHandler(event) {
    const entry = handlerRecord(target, type);
    const callback = entry?.value;
    if (typeof callback !== "function") return;
    const state = eventState(event);
    // onerror on a global receives (message, source, lineno, colno, error); true cancels.
    if (type === "error" && target === globalThis && isErrorEvent(event)) {
      const result = ReflectApply(callback, this, errorEventArguments(event));
      if (result === true) setCanceled(state);
      return;
    }
    if (ReflectApply(callback, this, [event]) === false) setCanceled(state);
  };
}

// Defines an `on<type>` accessor on object (a prototype, or the global object itself).
function defineEventHandler(object, name, type = name.slice(2)) {
  ObjectDefineProperty(object, name, {
    get: ObjectGetOwnPropertyDescriptor({
      get [name]() {
        const target = this ?? globalThis;
        listenersOf(target);
        return handlerRecord(target, type)?.value ?? null;
      },
    }, name).get,
    set: ObjectGetOwnPropertyDescriptor({
      set [name](value) {
        const target = this ?? globalThis;
        const listeners = listenersOf(target);
        // [LegacyTreatNonObjectAsNull]: anything but an object is null.
        if (value === undefined || (typeof value !== "object" && typeof value !== "function")) value = null;
        let table = handlerTables.get(target);
        const entry = table?.[type];
        if (value === null) {
          if (entry !== undefined) {
            removeListener(listeners, entry.record);
            delete table[type];
          }
          return;
        }
        if (entry !== undefined) {
          entry.value = value;  // keeps its place among the listeners
          return;
        }
        if (table === undefined) {
          table = { __proto__: null };
          handlerTables.set(target, table);
        }
        const callback = makeHandlerListener(target, type);
        addListener(listeners, type, callback, false, false, false, null);
        const list = listeners.get(type);
        table[type] = { value, record: list[list.length - 1] };
      },
    }, name).set,
    enumerable: true,
    configurable: true,
  });
}

// ---------------------------------------------------------------------------
// The global object is a ServiceWorkerGlobalScope, as in Workers runtimes:
// globalThis -> ServiceWorkerGlobalScope.prototype -> WorkerGlobalScope.prototype
// -> EventTarget.prototype. addEventListener etc. are inherited, and the
// handler attributes live on WorkerGlobalScope.prototype as HTML defines them.

class WorkerGlobalScope extends EventTarget {
  constructor() {
    webidl.illegalConstructor();
    super();
  }
}
class ServiceWorkerGlobalScope extends WorkerGlobalScope {
  constructor() {
    webidl.illegalConstructor();
    super();
  }
}
webidl.configureInterface(WorkerGlobalScope);
webidl.configureInterface(ServiceWorkerGlobalScope);
defineEventHandler(WorkerGlobalScope.prototype, "onerror");
defineEventHandler(WorkerGlobalScope.prototype, "onunhandledrejection");
targets.set(globalThis, new SafeMap());
ObjectSetPrototypeOf(globalThis, ServiceWorkerGlobalScope.prototype);
webidl.defineGlobals({ WorkerGlobalScope, ServiceWorkerGlobalScope });
internals.WorkerGlobalScope = WorkerGlobalScope;

// A [Replaceable] readonly attribute of WindowOrWorkerGlobalScope (e.g. performance):
// an accessor on WorkerGlobalScope.prototype whose setter shadows it on the global.
internals.defineReplaceableGlobalAttribute = (name, get) => {
  ObjectDefineProperty(WorkerGlobalScope.prototype, name, {
    get: ObjectGetOwnPropertyDescriptor({
      get [name]() {
        // Only the global object (or a bare reference, this === undefined) is a WorkerGlobalScope.
        if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
        return get();
      },
    }, name).get,
    set: ObjectGetOwnPropertyDescriptor({
      set [name](value) {
        if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
        ObjectDefineProperty(globalThis, name, { value, writable: true, enumerable: true, configurable: true });
      },
    }, name).set,
    enumerable: true,
    configurable: true,
  });
};

function dispatchTrusted(target, event) {
  const state = eventState(event);
  state.isTrusted = true;
  return dispatch(target, event, state);
}

function safeString(value) {
  try {
    return String(value);
  } catch {
    return typeof value === "symbol" ? "Symbol()" : "exception";
  }
}

// The first "file:line:col" of a V8 stack trace, so onerror gets a location.
const kStackLocation = /\n\s+at (?:.*? \()?(.+?):(\d+):(\d+)\)?(?:\n|$)/;
function errorLocation(error) {
  try {
    if (error === null || (typeof error !== "object" && typeof error !== "function")) return null;
    const desc = ObjectGetOwnPropertyDescriptor(error, "stack");
    const stack = desc === undefined ? undefined : ("value" in desc ? desc.value : error.stack);
    if (typeof stack !== "string") return null;
    const match = RegExpPrototypeExec(kStackLocation, stack);
    return match === null ? null : { filename: match[1], lineno: Number(match[2]), colno: Number(match[3]) };
  } catch {
    return null;
  }
}

// Called by the runtime for an exception nobody caught (HTML "report an
// exception"). Returns true when a listener canceled the event, which means
// it was handled. An error while already reporting one is not re-dispatched.
let reportingError = false;
internals.dispatchUncaughtError = (error) => {
  if (reportingError) return false;
  reportingError = true;
  try {
    const location = errorLocation(error);
    const event = new ErrorEvent("error", {
      cancelable: true,
      message: `Uncaught ${safeString(error)}`,
      filename: location?.filename ?? "",
      lineno: location?.lineno ?? 0,
      colno: location?.colno ?? 0,
      error,
    });
    return !dispatchTrusted(globalThis, event);
  } finally {
    reportingError = false;
  }
};

// Called by the runtime for a rejection still unhandled after the microtask checkpoint.
internals.dispatchUnhandledRejection = (promise, reason) => {
  const event = new PromiseRejectionEvent("unhandledrejection", { cancelable: true, promise, reason });
  return !dispatchTrusted(globalThis, event);
};

internals.Event = Event;
internals.EventTarget = EventTarget;
internals.CustomEvent = CustomEvent;
internals.ErrorEvent = ErrorEvent;
internals.PromiseRejectionEvent = PromiseRejectionEvent;
internals.isEvent = (value) => eventState(value) !== undefined;
internals.isEventTarget = (value) => targets.has(value);
internals.defineEventHandler = defineEventHandler;
// Fires a trusted event (isTrusted === true) at target; returns !defaultPrevented.
internals.dispatchTrustedEvent = dispatchTrusted;

webidl.defineGlobals({ Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent });
