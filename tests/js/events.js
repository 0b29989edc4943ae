// Event and EventTarget: listener order, capture at the target, once, passive,
// removal and addition during dispatch, stopImmediatePropagation, handleEvent,
// exceptions in listeners, re-dispatch errors, subclasses and the global target.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
function assertThrows(check, fn, what) {
  try {
    fn();
  } catch (e) {
    assert(check(e), `${what}: wrong error ${e}`);
    return;
  }
  throw new Error(`assertion failed: ${what} did not throw`);
}

// Order: capture listeners first at the target, then the others, each in registration order.
{
  const target = new EventTarget();
  const log = [];
  target.addEventListener("go", () => log.push("bubble1"));
  target.addEventListener("go", () => log.push("capture1"), true);
  target.addEventListener("go", () => log.push("bubble2"), { capture: false });
  target.addEventListener("go", () => log.push("capture2"), { capture: true });
  const event = new Event("go");
  target.addEventListener("go", (e) => {
    log.push(`phase=${e.eventPhase} target=${e.target === target} current=${e.currentTarget === target}`);
  });
  assert(target.dispatchEvent(event) === true, "not canceled");
  console.log(`order: ${log.join(", ")}`);
  assert(event.eventPhase === Event.NONE && event.currentTarget === null && event.target === target,
    "state after dispatch");
}

// Duplicates are ignored; capture makes a distinct listener.
{
  const target = new EventTarget();
  let count = 0;
  const listener = () => count++;
  target.addEventListener("x", listener);
  target.addEventListener("x", listener);
  target.addEventListener("x", listener, { once: true, passive: true });
  target.addEventListener("x", listener, true);
  target.dispatchEvent(new Event("x"));
  console.log(`duplicates: ${count}`);
  target.removeEventListener("x", listener, { capture: true });
  target.removeEventListener("x", listener);
  target.dispatchEvent(new Event("x"));
  assert(count === 2, "both removed");
}

// once: removed before it runs, so a nested dispatch does not call it again.
{
  const target = new EventTarget();
  let calls = 0;
  target.addEventListener("ping", () => {
    calls++;
    target.dispatchEvent(new Event("ping"));
  }, { once: true });
  target.dispatchEvent(new Event("ping"));
  target.dispatchEvent(new Event("ping"));
  console.log(`once: ${calls}`);
}

// Removal during dispatch skips the removed listener; additions wait for the next dispatch.
{
  const target = new EventTarget();
  const log = [];
  const second = () => log.push("second");
  const late = () => log.push("late");
  target.addEventListener("e", () => {
    log.push("first");
    target.removeEventListener("e", second);
    target.addEventListener("e", late);
  });
  target.addEventListener("e", second);
  target.dispatchEvent(new Event("e"));
  log.push("|");
  target.dispatchEvent(new Event("e"));
  console.log(`mutation: ${log.join(" ")}`);
}

// stopImmediatePropagation stops the remaining listeners; stopPropagation does not.
{
  const target = new EventTarget();
  const log = [];
  target.addEventListener("s", (e) => { log.push("a"); e.stopPropagation(); });
  target.addEventListener("s", (e) => { log.push("b"); e.stopImmediatePropagation(); });
  target.addEventListener("s", () => log.push("c"));
  const event = new Event("s");
  target.dispatchEvent(event);
  console.log(`stop: ${log.join("")} cancelBubble after dispatch=${event.cancelBubble}`);
}

// preventDefault, returnValue and passive listeners.
{
  const target = new EventTarget();
  target.addEventListener("p", (e) => e.preventDefault(), { passive: true });
  const passiveEvent = new Event("p", { cancelable: true });
  assert(target.dispatchEvent(passiveEvent) === true && !passiveEvent.defaultPrevented, "passive ignores preventDefault");

  const other = new EventTarget();
  other.addEventListener("p", (e) => { e.returnValue = false; });
  const canceled = new Event("p", { cancelable: true });
  assert(other.dispatchEvent(canceled) === false, "returnValue=false cancels");
  assert(canceled.defaultPrevented && canceled.returnValue === false, "defaultPrevented");

  const notCancelable = new Event("p");
  notCancelable.preventDefault();
  assert(!notCancelable.defaultPrevented, "a non-cancelable event ignores preventDefault");
  console.log(`cancel: passive=${passiveEvent.defaultPrevented} canceled=${canceled.defaultPrevented}`);
}

// handleEvent objects: looked up at each call, called with the object as this.
{
  const target = new EventTarget();
  const listener = {
    calls: [],
    handleEvent(e) { this.calls.push(e.type); },
  };
  target.addEventListener("h", listener);
  target.dispatchEvent(new Event("h"));
  listener.handleEvent = function (e) { this.calls.push(`replaced:${e.type}`); };
  target.dispatchEvent(new Event("h"));
  console.log(`handleEvent: ${listener.calls.join(",")}`);
}

// Function listeners are called with the current target as this.
{
  const target = new EventTarget();
  let self;
  target.addEventListener("t", function () { self = this; });
  target.dispatchEvent(new Event("t"));
  assert(self === target, "this is currentTarget");
}

// Re-dispatching an event that is being dispatched, or not initialized yet.
{
  const target = new EventTarget();
  let inner;
  target.addEventListener("r", (e) => {
    try {
      target.dispatchEvent(e);
    } catch (error) {
      inner = error;
    }
  });
  target.dispatchEvent(new Event("r"));
  assert(inner instanceof DOMException && inner.name === "InvalidStateError" && inner.code === 11,
    `InvalidStateError, got ${inner}`);
  console.log(`redispatch: ${inner.name}`);
  assertThrows((e) => e instanceof TypeError, () => target.dispatchEvent({ type: "r" }), "non-Event");
  assertThrows((e) => e instanceof TypeError, () => target.dispatchEvent(), "missing argument");
}

// Argument checks.
{
  const target = new EventTarget();
  assertThrows((e) => e instanceof TypeError, () => new Event(), "Event needs a type");
  assertThrows((e) => e instanceof TypeError, () => target.addEventListener("x"), "two arguments");
  assertThrows((e) => e instanceof TypeError, () => target.addEventListener("x", 5), "listener type");
  assertThrows((e) => e instanceof TypeError, () => target.addEventListener("x", () => {}, { signal: null }), "null signal");
  assertThrows((e) => e instanceof TypeError && e.message === "Illegal invocation",
    () => EventTarget.prototype.addEventListener.call({}, "x", null), "brand check");
  assertThrows((e) => e instanceof TypeError, () => Event.prototype.preventDefault.call({}), "Event brand check");
  target.addEventListener("x", null);  // null listeners are ignored
  assert(target.dispatchEvent(new Event("x")) === true, "null listener");
}

// Event fields, initEvent and isTrusted.
{
  const e = new Event("init", { bubbles: true, cancelable: true, composed: true });
  console.log(`fields: ${e.type} ${e.bubbles} ${e.cancelable} ${e.composed} ${e.isTrusted} ${e.target} ${e.srcElement}`);
  assert(typeof e.timeStamp === "number" && e.timeStamp > 0 && e.timeStamp <= performance.now(), "timeStamp");
  e.initEvent("renamed", false);
  assert(e.type === "renamed" && !e.bubbles && !e.cancelable, "initEvent");
  const desc = Object.getOwnPropertyDescriptor(e, "isTrusted");
  assert(typeof desc.get === "function" && !desc.configurable, "isTrusted is an own unforgeable getter");
  assert(Event.AT_TARGET === 2 && e.BUBBLING_PHASE === 3, "phase constants");
  assert(Object.prototype.toString.call(e) === "[object Event]", "toStringTag");
  const target = new EventTarget();
  let path;
  target.addEventListener("renamed", (ev) => { path = ev.composedPath(); });
  target.dispatchEvent(e);
  assert(path.length === 1 && path[0] === target && e.composedPath().length === 0, "composedPath");
}

// Exceptions in listeners are reported (as an "error" event) and do not stop the others.
{
  const target = new EventTarget();
  const log = [];
  const onError = (e) => {
    log.push(`reported:${e.error.message}`);
    e.preventDefault();
  };
  addEventListener("error", onError);
  target.addEventListener("boom", () => { throw new Error("first"); });
  target.addEventListener("boom", () => log.push("second ran"));
  target.dispatchEvent(new Event("boom"));
  removeEventListener("error", onError);
  console.log(`throwing listener: ${log.join(", ")}`);
}

// CustomEvent, ErrorEvent and PromiseRejectionEvent.
{
  const custom = new CustomEvent("c", { detail: { n: 1 } });
  assert(custom.detail.n === 1 && custom instanceof Event, "CustomEvent detail");
  assert(new CustomEvent("c").detail === null, "default detail");
  const error = new Error("x");
  const ee = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error });
  console.log(`ErrorEvent: ${ee.message} ${ee.filename} ${ee.lineno} ${ee.colno} ${ee.error === error}`);
  const promise = Promise.resolve();
  const pre = new PromiseRejectionEvent("unhandledrejection", { promise, reason: 7 });
  assert(pre.promise === promise && pre.reason === 7, "PromiseRejectionEvent fields");
  assertThrows((e) => e instanceof TypeError, () => new PromiseRejectionEvent("x", {}), "promise is required");
  assertThrows((e) => e instanceof TypeError, () => new PromiseRejectionEvent("x"), "init is required");
}

// EventTarget subclasses and the global object.
{
  class Emitter extends EventTarget {
    emit(type, detail) { return this.dispatchEvent(new CustomEvent(type, { detail })); }
  }
  const emitter = new Emitter();
  let got;
  emitter.addEventListener("data", (e) => { got = e.detail; });
  emitter.emit("data", 42);
  assert(got === 42 && emitter instanceof EventTarget, "subclass");

  const seen = [];
  const onPing = function (e) { seen.push(this === globalThis && e.target === globalThis); };
  globalThis.addEventListener("ping", onPing);
  addEventListener("ping", onPing);  // bare call, `this` is undefined: the same (global) target, a duplicate
  dispatchEvent(new Event("ping"));
  globalThis.removeEventListener("ping", onPing);
  globalThis.dispatchEvent(new Event("ping"));
  console.log(`global target: ${seen.join(",")}`);
}

// AbortSignal in the signal option removes the listener when it aborts.
{
  const controller = new AbortController();
  const target = new EventTarget();
  let calls = 0;
  target.addEventListener("a", () => calls++, { signal: controller.signal });
  target.dispatchEvent(new Event("a"));
  controller.abort();
  target.dispatchEvent(new Event("a"));
  target.addEventListener("a", () => calls++, { signal: controller.signal });  // already aborted: not added
  target.dispatchEvent(new Event("a"));
  console.log(`signal: ${calls}`);
}
