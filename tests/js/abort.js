// AbortController / AbortSignal: event order, reasons, throwIfAborted, any(), brands.
"use strict";
const log = [];
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
function assertThrows(fn, check, message) {
  try {
    fn();
  } catch (error) {
    assert(check(error), `${message}: wrong error ${String(error)}`);
    return;
  }
  assert(false, `${message}: did not throw`);
}
const isTypeError = (e) => e instanceof TypeError;

// --- Interfaces and brands
assert(typeof AbortController === "function" && typeof AbortSignal === "function", "globals exist");
assert(!Object.keys(globalThis).includes("AbortSignal"), "globals are not enumerable");
assertThrows(() => new AbortSignal(), isTypeError, "AbortSignal has no constructor");
assertThrows(() => AbortSignal(), isTypeError, "AbortSignal is not callable");
assert(Object.getPrototypeOf(AbortSignal) === EventTarget, "AbortSignal interface object inherits from EventTarget");
const controller0 = new AbortController();
assert(controller0.signal instanceof EventTarget, "a signal is an EventTarget");
assert(Object.prototype.toString.call(controller0.signal) === "[object AbortSignal]", "AbortSignal toStringTag");
assert(Object.prototype.toString.call(controller0) === "[object AbortController]", "AbortController toStringTag");
const abortedGetter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;
assertThrows(() => abortedGetter.call(new EventTarget()), isTypeError, "aborted getter brand check");
assertThrows(() => AbortSignal.prototype.throwIfAborted.call({}), isTypeError, "throwIfAborted brand check");
assertThrows(() => AbortController.prototype.abort.call(controller0.signal), isTypeError, "abort() brand check");
assertThrows(() => Object.getOwnPropertyDescriptor(AbortSignal.prototype, "onabort").set.call(new EventTarget(), () => {}),
  isTypeError, "onabort setter brand check");
assert(Object.getOwnPropertyDescriptor(AbortSignal, "timeout").enumerable, "static operations are enumerable");
assert(Object.getOwnPropertyDescriptor(AbortSignal.prototype, "reason").enumerable, "attributes are enumerable");
assert(AbortController.prototype.abort.length === 0 && AbortSignal.any.length === 1 && AbortSignal.timeout.length === 1,
  "operation lengths");

// --- Reasons
{
  const c = new AbortController();
  assert(c.signal.aborted === false && c.signal.reason === undefined, "fresh signal");
  c.signal.throwIfAborted();
  c.abort();
  const reason = c.signal.reason;
  assert(reason instanceof DOMException && reason.name === "AbortError" && reason.code === 20, "default reason is an AbortError");
  assert(reason.message === "signal is aborted without reason", "default reason message");
  assert(c.signal.reason === reason, "reason is the same object each time");
  c.abort("second");
  assert(c.signal.reason === reason, "a second abort() changes nothing");
  assertThrows(() => c.signal.throwIfAborted(), (e) => e === reason, "throwIfAborted throws the reason");
}
for (const value of [null, 0, "", false, "text", Symbol("s")]) {
  const c = new AbortController();
  c.abort(value);
  assert(c.signal.aborted && c.signal.reason === value, `abort(${String(value)}) keeps the reason`);
  assertThrows(() => c.signal.throwIfAborted(), (e) => e === value, `throwIfAborted throws ${String(value)}`);
  assert(AbortSignal.abort(value).reason === value, `AbortSignal.abort(${String(value)})`);
}
{
  const c = new AbortController();
  c.abort(undefined);
  assert(c.signal.reason.name === "AbortError", "abort(undefined) gives an AbortError");
  const a = AbortSignal.abort();
  const b = AbortSignal.abort();
  assert(a.aborted && a.reason.name === "AbortError" && a.reason !== b.reason, "AbortSignal.abort() makes a new AbortError each time");
}

// --- Event order: abort algorithms, then listeners in order, once.
{
  const c = new AbortController();
  const { signal } = c;
  const target = new EventTarget();
  // addEventListener's `signal` option is an abort algorithm: it has removed
  // the listener before any abort listener runs.
  target.addEventListener("ping", () => log.push("ping listener"), { signal });
  signal.addEventListener("abort", (event) => {
    log.push(`listener 1 ${event.type} ${event.isTrusted} ${event.bubbles} ${event.cancelable} ${event.target === signal}`);
    target.dispatchEvent(new Event("ping"));
    c.abort("again");  // reentrant: no second event
  });
  signal.onabort = () => log.push(`onabort ${signal.aborted} ${String(signal.reason)}`);
  signal.addEventListener("abort", () => log.push("listener 3"), { once: true });
  target.dispatchEvent(new Event("ping"));
  c.abort("why");
  c.abort("ignored");
  signal.dispatchEvent(new Event("abort"));  // the once listener is gone
  signal.addEventListener("abort", () => log.push("late listener"));
}

// --- any()
{
  const a = new AbortController();
  const b = new AbortController();
  const c = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal, c.signal]);
  assert(any !== a.signal && !any.aborted, "any() of live signals is not aborted");
  let events = 0;
  any.onabort = (event) => { events++; assert(event.target === any, "dependent event target"); };
  b.abort("from b");
  assert(any.aborted && any.reason === "from b" && events === 1, "any() follows the source that aborts");
  a.abort("from a");
  assert(any.reason === "from b" && events === 1, "a later source abort changes nothing");
}
{
  const a = new AbortController();
  const b = new AbortController();
  b.abort("b first");
  a.abort("a second");
  const any = AbortSignal.any([new AbortController().signal, b.signal, a.signal]);
  assert(any.aborted && any.reason === "b first", "already-aborted sources: the first in list order wins");
  const reason = new Error("shared");
  const src = new AbortController();
  const dep = AbortSignal.any([src.signal]);
  src.abort(reason);
  assert(dep.reason === reason, "the dependent gets the source's reason object");
  assert(AbortSignal.any([AbortSignal.abort()]).reason instanceof DOMException, "any() of AbortSignal.abort()");
  assert(!AbortSignal.any([]).aborted, "any([]) never aborts");
  assert(!AbortSignal.any(new Set([src.signal].slice(1))).aborted, "any() takes any iterable");
}
{
  // Dependents are marked aborted before any listener runs; chains are flattened.
  const source = new AbortController();
  const d1 = AbortSignal.any([source.signal]);
  const d2 = AbortSignal.any([d1]);
  const d3 = AbortSignal.any([d2, source.signal, d1]);
  const order = [];
  source.signal.onabort = () => order.push(`source ${d1.aborted} ${d2.aborted} ${d3.aborted}`);
  d1.onabort = () => order.push("d1");
  d2.onabort = () => order.push("d2");
  d3.onabort = () => order.push("d3");
  source.abort();
  assert(order.join(",") === "source true true true,d1,d2,d3", `dependent order ${order}`);
  assert(d3.reason === source.signal.reason, "flattened dependents share the reason");
}
{
  // Aborting the intermediate dependent itself is impossible from outside, but
  // a dependent of a dependent still follows every original source.
  const a = new AbortController();
  const b = new AbortController();
  const ab = AbortSignal.any([a.signal, b.signal]);
  const abc = AbortSignal.any([ab, new AbortController().signal]);
  b.abort("b");
  assert(ab.reason === "b" && abc.reason === "b", "composed dependents");
}
assertThrows(() => AbortSignal.any(), isTypeError, "any() needs an argument");
assertThrows(() => AbortSignal.any([new EventTarget()]), isTypeError, "any() rejects non-signals");
assertThrows(() => AbortSignal.any(new AbortController().signal), isTypeError, "any() rejects a non-iterable");

// --- timeout(): argument conversion ([EnforceRange] unsigned long long)
for (const bad of [-1, NaN, Infinity, -Infinity]) {
  assertThrows(() => AbortSignal.timeout(bad), isTypeError, `timeout(${bad})`);
}
assertThrows(() => AbortSignal.timeout(), isTypeError, "timeout() needs an argument");
assert(!AbortSignal.timeout(0).aborted, "timeout(0) is not aborted synchronously");

// --- timeout(): fires with a TimeoutError, in order, and composes with any().
// Timeout signals never keep the process alive: this ordinary timer does.
const keepAlive = setTimeout(() => { throw new Error("AbortSignal.timeout(20) did not fire within 10s"); }, 10000);
{
  const fired = [];
  const start = Date.now();
  for (const name of ["t1", "t2", "t3"]) {
    const signal = AbortSignal.timeout(20);
    signal.addEventListener("abort", () => fired.push(name));
  }
  // Delays beyond one uv timer (2^31-1 ms) are chained, not fired early.
  const long1 = AbortSignal.timeout(2 ** 31);
  const long2 = AbortSignal.timeout(2 ** 40);
  const timeoutSignal = AbortSignal.timeout(20);
  const combined = AbortSignal.any([new AbortController().signal, timeoutSignal]);
  combined.onabort = () => {
    const elapsed = (Date.now()) - start;
    const { reason } = combined;
    assert(reason instanceof DOMException && reason.name === "TimeoutError" && reason.code === 23, "TimeoutError reason");
    assert(reason === timeoutSignal.reason, "any() shares the TimeoutError");
    assert(elapsed >= 15, `timeout fired after ${elapsed}ms`);
    assert(fired.join() === "t1,t2,t3", `timeouts fire in order: ${fired}`);
    assert(!long1.aborted && !long2.aborted, "long timeouts are still pending");
    // A never-firing timeout must not hold the process open once we are done.
    AbortSignal.timeout(100000).onabort = () => log.push("never");
    setTimeout(finish, 0);
  };
}

function finish() {
  clearTimeout(keepAlive);
  for (const line of log) console.log(line);
  console.log(`${checks > 80 ? "many" : checks} checks passed`);
}
