// AbortController and AbortSignal (DOM §3.1-3.2), including AbortSignal.timeout()
// and AbortSignal.any() with dependent signals.
// https://dom.spec.whatwg.org/#interface-abortcontroller
"use strict";

const {
  ArrayPrototypePush, FinalizationRegistry, MapPrototypeClear, MapPrototypeGetSize, FinalizationRegistryPrototypeRegister,
  FinalizationRegistryPrototypeUnregister, MapPrototypeDelete, MapPrototypeGet, MapPrototypeSet,
  ObjectDefineProperty, ObjectGetOwnPropertyDescriptor, ReflectApply, SafeMap, SafeSet,
  SetPrototypeAdd, SetPrototypeClear, SetPrototypeDelete, SetPrototypeForEach, SetPrototypeGetSize,
  SetPrototypeHas, Symbol, TypeError, WeakRef, WeakRefPrototypeDeref, MathMax, MathMin,
} = internals.primordials;
const { webidl } = internals;
const { converters } = webidl;

// Captured now: user code may replace the globals later.
const EventTarget = internals.EventTarget ?? globalThis.EventTarget;
const Event = internals.Event ?? globalThis.Event;
const EventTargetAddEventListener = EventTarget.prototype.addEventListener;
const EventTargetRemoveEventListener = EventTarget.prototype.removeEventListener;
const { setTimeout, clearTimeout } = globalThis;

// The largest delay one uv timer takes (HTML timers clamp beyond it).
const kMaxTimerDelay = 2147483647;

const kConstruct = Symbol("AbortSignal construct");

// Reads an AbortSignal's internal state; undefined for anything else.
let signalState;

function stateOf(self) {
  const state = signalState(self);
  if (state === undefined) throw new TypeError("Illegal invocation");
  return state;
}

// Timeout signals that must stay alive because something listens to them (DOM:
// "there must be a strong reference from global to signal"). Other timeout
// signals are only weakly referenced by their timer.
const retainedTimeoutSignals = new SafeSet();

// Clears the uv timer of a timeout signal that was collected before it fired.
const timeoutRegistry = new FinalizationRegistry((timer) => {
  if (timer.id !== 0) clearTimeout(timer.id);
});

class AbortSignal extends EventTarget {
  #state;

  constructor(key = undefined) {
    if (key !== kConstruct) throw new TypeError("Illegal constructor");
    super();
    this.#state = {
      signal: this,
      reason: undefined,  // "aborted" means reason !== undefined
      algorithms: new SafeSet(),
      dependent: false,
      sources: [],  // WeakRefs to source signals (dependent signals only)
      dependents: new SafeSet(),  // WeakRefs to dependent signals
      pruneDependentsAt: 16,
      // Dependents that have listeners or algorithms: strongly held, so they
      // live as long as a source that can abort them.
      retainedDependents: new SafeSet(),
      listeners: new SafeMap(),  // abort event listener callback -> registrations
      hasHandler: false,  // onabort is set
      timer: null,  // { id } for AbortSignal.timeout()
      retained: false,
    };
  }

  static {
    signalState = (value) => (value !== null && typeof value === "object" && #state in value ? value.#state : undefined);
  }

  static abort(reason = undefined) {
    const signal = newSignal();
    signal.#state.reason = reason !== undefined ? reason : defaultReason();
    return signal;
  }

  static timeout(milliseconds) {
    const prefix = "Failed to execute 'timeout' on 'AbortSignal'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    milliseconds = converters["unsigned long long"](milliseconds, prefix, "Argument 1", { enforceRange: true });
    const signal = newSignal();
    const state = signal.#state;
    const timer = { id: 0 };
    state.timer = timer;
    const ref = new WeakRef(signal);
    // The callbacks hold the signal weakly; delays beyond one uv timer are chained.
    const arm = (remaining) => {
      const delay = MathMin(remaining, kMaxTimerDelay);
      timer.id = setTimeout(() => {
        timer.id = 0;
        const target = WeakRefPrototypeDeref(ref);
        if (target === undefined) return;
        if (remaining > delay) {
          arm(remaining - delay);
          return;
        }
        FinalizationRegistryPrototypeUnregister(timeoutRegistry, timer);
        signalAbort(target, new internals.DOMException("signal timed out", "TimeoutError"));
      }, delay);
      // A pending timeout never keeps the process alive.
      ops.op_timer_ref(timer.id, false);
    };
    arm(milliseconds);
    FinalizationRegistryPrototypeRegister(timeoutRegistry, signal, timer, timer);
    return signal;
  }

  static any(signals) {
    const prefix = "Failed to execute 'any' on 'AbortSignal'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    signals = convertSignals(signals, prefix, "Argument 1");
    return createDependentSignal(signals);
  }

  get aborted() {
    return stateOf(this).reason !== undefined;
  }

  get reason() {
    return stateOf(this).reason;
  }

  throwIfAborted() {
    const { reason } = stateOf(this);
    if (reason !== undefined) throw reason;
  }

  // Overridden (as Deno does) only to learn when the signal gains or loses abort
  // listeners, which decides whether a dependent or timeout signal must be kept
  // alive; behaviour is EventTarget's.
  addEventListener(type, callback, options = undefined) {
    const state = signalState(this);
    if (state === undefined || arguments.length < 2) {
      return ReflectApply(EventTargetAddEventListener, this, arguments);
    }
    type = converters.DOMString(type, "Failed to execute 'addEventListener' on 'EventTarget'", "Argument 1");
    ReflectApply(EventTargetAddEventListener, this, [type, callback, options]);
    if (type !== "abort" || state.reason !== undefined || !isObject(callback)) return;
    MapPrototypeSet(state.listeners, callback, (MapPrototypeGet(state.listeners, callback) ?? 0) + 1);
    updateRetention(state);
  }

  removeEventListener(type, callback, options = undefined) {
    const state = signalState(this);
    if (state === undefined || arguments.length < 2) {
      return ReflectApply(EventTargetRemoveEventListener, this, arguments);
    }
    type = converters.DOMString(type, "Failed to execute 'removeEventListener' on 'EventTarget'", "Argument 1");
    ReflectApply(EventTargetRemoveEventListener, this, [type, callback, options]);
    if (type !== "abort") return;
    const count = MapPrototypeGet(state.listeners, callback);
    if (count === undefined) return;
    if (count > 1) MapPrototypeSet(state.listeners, callback, count - 1);
    else MapPrototypeDelete(state.listeners, callback);
    updateRetention(state);
  }
}

function isObject(value) {
  return value !== null && (typeof value === "object" || typeof value === "function");
}

function defaultReason() {
  return new internals.DOMException("signal is aborted without reason", "AbortError");
}

function newSignal() {
  return new AbortSignal(kConstruct);
}

function isAbortSignal(value) {
  return signalState(value) !== undefined;
}

const convertSignal = (value, prefix, context) => {
  if (!isAbortSignal(value)) throw webidl.makeError(TypeError, prefix, `${context} is not of type 'AbortSignal'`);
  return value;
};
const convertSignals = webidl.createSequenceConverter(convertSignal);

// Whether the signal can still abort and something would observe it.
function needsRetention(state) {
  return state.reason === undefined &&
    (SetPrototypeGetSize(state.algorithms) > 0 || MapPrototypeGetSize(state.listeners) > 0 ||
     state.hasHandler || SetPrototypeGetSize(state.retainedDependents) > 0);
}

// DOM §3.2 (garbage collection): a dependent signal with abort listeners or
// algorithms lives as long as its sources do (they hold it strongly); a
// timeout signal with listeners, or with such dependents, lives until it fires.
function updateRetention(state) {
  const retained = needsRetention(state);
  if (retained === state.retained) return;
  state.retained = retained;
  const { signal } = state;
  if (state.dependent) {
    for (let i = 0; i < state.sources.length; i++) {
      const source = WeakRefPrototypeDeref(state.sources[i]);
      if (source === undefined) continue;
      const sourceState = signalState(source);
      if (retained) SetPrototypeAdd(sourceState.retainedDependents, signal);
      else SetPrototypeDelete(sourceState.retainedDependents, signal);
      updateRetention(sourceState);
    }
  }
  if (state.timer !== null) {
    if (retained) SetPrototypeAdd(retainedTimeoutSignals, signal);
    else SetPrototypeDelete(retainedTimeoutSignals, signal);
  }
}

// DOM "add an algorithm": runs before the abort event; nothing once aborted.
function addAlgorithm(signal, algorithm) {
  const state = stateOf(signal);
  if (state.reason !== undefined) return;
  SetPrototypeAdd(state.algorithms, algorithm);
  updateRetention(state);
}

// DOM "remove an algorithm".
function removeAlgorithm(signal, algorithm) {
  const state = stateOf(signal);
  if (SetPrototypeDelete(state.algorithms, algorithm)) updateRetention(state);
}

// DOM "signal abort".
function signalAbort(signal, reason = undefined) {
  const state = stateOf(signal);
  if (state.reason !== undefined) return;
  state.reason = reason !== undefined ? reason : defaultReason();
  // Dependents take the reason first, so they read as aborted inside the
  // source's listeners; their abort steps run after the source's.
  const dependentsToAbort = [];
  SetPrototypeForEach(state.dependents, (ref) => {
    const dependent = WeakRefPrototypeDeref(ref);
    if (dependent === undefined) return;
    const dependentState = signalState(dependent);
    if (dependentState.reason !== undefined) return;
    dependentState.reason = state.reason;
    ArrayPrototypePush(dependentsToAbort, dependent);
  });
  runAbortSteps(state);
  for (let i = 0; i < dependentsToAbort.length; i++) runAbortSteps(signalState(dependentsToAbort[i]));
}

// DOM "run the abort steps".
function runAbortSteps(state) {
  const { algorithms } = state;
  state.algorithms = new SafeSet();
  SetPrototypeForEach(algorithms, (algorithm) => {
    try {
      algorithm();
    } catch (error) {
      internals.reportException(error);
    }
  });
  releaseAborted(state);
  internals.dispatchTrustedEvent(state.signal, new Event("abort"));
}

// An aborted signal can never abort again: drop every link that kept it or its
// dependents alive.
function releaseAborted(state) {
  SetPrototypeClear(state.dependents);
  SetPrototypeClear(state.retainedDependents);
  MapPrototypeClear(state.listeners);
  if (state.timer !== null) {
    SetPrototypeDelete(retainedTimeoutSignals, state.signal);
    if (state.timer.id !== 0) clearTimeout(state.timer.id);
    FinalizationRegistryPrototypeUnregister(timeoutRegistry, state.timer);
  }
  if (state.dependent) {
    const { sources } = state;
    state.sources = [];
    for (let i = 0; i < sources.length; i++) {
      const source = WeakRefPrototypeDeref(sources[i]);
      if (source === undefined) continue;
      const sourceState = signalState(source);
      if (SetPrototypeDelete(sourceState.retainedDependents, state.signal)) updateRetention(sourceState);
    }
  }
  state.retained = false;
}

// Drops the WeakRefs of collected dependents once the set has doubled.
function addDependent(sourceState, ref) {
  const { dependents } = sourceState;
  if (SetPrototypeGetSize(dependents) >= sourceState.pruneDependentsAt) {
    SetPrototypeForEach(dependents, (entry) => {
      if (WeakRefPrototypeDeref(entry) === undefined) SetPrototypeDelete(dependents, entry);
    });
    sourceState.pruneDependentsAt = MathMax(16, SetPrototypeGetSize(dependents) * 2);
  }
  SetPrototypeAdd(dependents, ref);
}

// DOM "create a dependent abort signal": depends directly on the non-dependent
// signals, so chains of any() do not grow.
function createDependentSignal(signals) {
  const result = newSignal();
  const resultState = signalState(result);
  for (let i = 0; i < signals.length; i++) {
    const state = stateOf(signals[i]);
    if (state.reason !== undefined) {
      resultState.reason = state.reason;
      return result;
    }
  }
  resultState.dependent = true;
  const ref = new WeakRef(result);
  const seen = new SafeSet();
  const link = (source) => {
    if (SetPrototypeHas(seen, source)) return;
    SetPrototypeAdd(seen, source);
    ArrayPrototypePush(resultState.sources, new WeakRef(source));
    addDependent(signalState(source), ref);
  };
  for (let i = 0; i < signals.length; i++) {
    const state = signalState(signals[i]);
    if (!state.dependent) {
      link(signals[i]);
      continue;
    }
    for (let j = 0; j < state.sources.length; j++) {
      const source = WeakRefPrototypeDeref(state.sources[j]);
      if (source !== undefined) link(source);
    }
  }
  return result;
}

// onabort: EventTarget's handler attribute, with the AbortSignal brand check and
// retention bookkeeping.
internals.defineEventHandler(AbortSignal.prototype, "onabort");
{
  const { get, set } = ObjectGetOwnPropertyDescriptor(AbortSignal.prototype, "onabort");
  ObjectDefineProperty(AbortSignal.prototype, "onabort", {
    get: ObjectGetOwnPropertyDescriptor({
      get onabort() {
        stateOf(this);
        return ReflectApply(get, this, []);
      },
    }, "onabort").get,
    set: ObjectGetOwnPropertyDescriptor({
      set onabort(value) {
        const state = stateOf(this);
        ReflectApply(set, this, [value]);
        state.hasHandler = state.reason === undefined && ReflectApply(get, this, []) !== null;
        updateRetention(state);
      },
    }, "onabort").set,
    enumerable: true,
    configurable: true,
  });
}

let isAbortController;

class AbortController {
  #signal;

  constructor() {
    this.#signal = newSignal();
  }

  get signal() {
    checkController(this);
    return this.#signal;
  }

  abort(reason = undefined) {
    checkController(this);
    signalAbort(this.#signal, reason);
  }

  static {
    isAbortController = (value) => value !== null && typeof value === "object" && #signal in value;
  }
}

function checkController(self) {
  if (!isAbortController(self)) throw new TypeError("Illegal invocation");
}

// WebIDL: static operations are enumerable too.
for (const name of ["abort", "timeout", "any"]) {
  const desc = ObjectGetOwnPropertyDescriptor(AbortSignal, name);
  desc.enumerable = true;
  ObjectDefineProperty(AbortSignal, name, desc);
}
webidl.configureInterface(AbortSignal);
webidl.configureInterface(AbortController);

internals.abort = {
  __proto__: null,
  signalAbort,
  addAlgorithm,
  removeAlgorithm,
  newSignal,
  createDependentSignal,
  isAbortSignal,
};
internals.AbortSignal = AbortSignal;
internals.AbortController = AbortController;
// Used by EventTarget for addEventListener's `signal` option.
internals.isAbortSignal = isAbortSignal;
internals.addAbortAlgorithm = addAlgorithm;

webidl.defineGlobals({ AbortController, AbortSignal });
