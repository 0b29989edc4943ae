// setTimeout/setInterval/clearTimeout/clearInterval and queueMicrotask (HTML
// "timers" and "microtask queuing"). Native uv timers fire internals.onTimer(id).
"use strict";

const { SafeMap, MapPrototypeGet, MapPrototypeSet, MapPrototypeDelete, ReflectApply, Number,
  FunctionPrototypeCall } = internals.primordials;
const { webidl } = internals;

const timers = new SafeMap();  // id -> { callback, args, repeat, delay, nesting }
let nextId = 1;
let nestingLevel = 0;

function timerCallback(handler) {
  if (typeof handler === "function") return handler;
  // HTML compiles a string handler as a classic script in the global scope.
  const code = String(handler);
  return () => (0, eval)(code);
}

function initialize(handler, timeout, args, repeat, previousId) {
  let delay = Number(timeout);
  if (!(delay >= 0)) delay = 0;
  // HTML: nested timers beyond level 5 are clamped to 4ms.
  if (nestingLevel > 5 && delay < 4) delay = 4;
  const id = previousId ?? nextId++;
  MapPrototypeSet(timers, id, {
    callback: timerCallback(handler), args, repeat, delay, nesting: nestingLevel + 1,
  });
  ops.op_timer_start(id, delay, repeat);
  return id;
}

internals.onTimer = (id) => {
  const timer = MapPrototypeGet(timers, id);
  if (timer === undefined) return;
  if (!timer.repeat) MapPrototypeDelete(timers, id);
  const saved = nestingLevel;
  nestingLevel = timer.nesting;
  try {
    ReflectApply(timer.callback, globalThis, timer.args);
  } finally {
    nestingLevel = saved;
  }
};

function setTimeout(handler, timeout = 0, ...args) {
  return initialize(handler, timeout, args, false);
}

function setInterval(handler, timeout = 0, ...args) {
  return initialize(handler, timeout, args, true);
}

function clearTimer(id = 0) {
  id = Number(id);
  if (MapPrototypeDelete(timers, id)) ops.op_timer_clear(id);
}

function queueMicrotask(callback) {
  webidl.requiredArguments(arguments.length, 1, "Failed to execute 'queueMicrotask'");
  if (typeof callback !== "function") {
    throw new TypeError("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'");
  }
  // An exception in a microtask is reported like any uncaught error (HTML "report the exception").
  ops.op_queue_microtask(() => {
    try {
      FunctionPrototypeCall(callback, undefined);
    } catch (error) {
      internals.reportException(error);
    }
  });
}

webidl.defineGlobals({
  setTimeout,
  setInterval,
  clearTimeout: function clearTimeout(id) { clearTimer(id); },
  clearInterval: function clearInterval(id) { clearTimer(id); },
  queueMicrotask,
});
