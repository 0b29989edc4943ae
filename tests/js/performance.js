// performance: now/timeOrigin, mark/measure (all measure overloads and their
// errors), the entry buffer queries, PerformanceObserver, brand checks.
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
const isTypeError = (e) => e instanceof TypeError;
const isSyntaxError = (e) => e instanceof DOMException && e.name === "SyntaxError" && e.code === 12;

// Clock.
const t0 = performance.now();
const t1 = performance.now();
assert(t0 > 0 && t1 >= t0, "now() is positive and monotonic");
assert(Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 50, "timeOrigin + now() is about Date.now()");
assert(performance.toJSON().timeOrigin === performance.timeOrigin, "toJSON");
console.log(`performance: ${performance instanceof Performance} ${performance instanceof EventTarget} ${Object.prototype.toString.call(performance)}`);
assertThrows(isTypeError, () => new Performance(), "Performance is not constructible");
assertThrows(isTypeError, () => Performance.prototype.now.call({}), "now() brand check");

// Marks.
const a = performance.mark("a", { startTime: 10, detail: { tag: "first" } });
const b = performance.mark("b", { startTime: 30 });
const a2 = performance.mark("a", { startTime: 20 });
const live = performance.mark("live");
assert(a instanceof PerformanceMark && a instanceof PerformanceEntry, "mark returns a PerformanceMark");
console.log(`mark: ${JSON.stringify(a.toJSON())} detail=${JSON.stringify(a.detail)} b.detail=${b.detail}`);
assert(live.startTime >= t1 && live.startTime <= performance.now(), "mark without startTime uses now()");
assertThrows(isTypeError, () => performance.mark("neg", { startTime: -1 }), "negative startTime");
assertThrows(isTypeError, () => performance.mark("nan", { startTime: NaN }), "NaN startTime");
assertThrows(isTypeError, () => performance.mark("num", 5), "options must be a dictionary");
assertThrows(isTypeError, () => performance.mark(), "name is required");

// The detail is a structured clone, made once.
const detail = { n: 1 };
const cloned = performance.mark("cloned", { startTime: 1, detail });
detail.n = 2;
assert(cloned.detail.n === 1 && cloned.detail !== detail && cloned.detail === cloned.detail, "detail is cloned");

// Entries are ordered by startTime; the most recent mark of a name wins in measure().
console.log(`entries: ${performance.getEntriesByType("mark").filter((e) => e.name !== "live").map((e) => `${e.name}@${e.startTime}`).join(" ")}`);
console.log(`by name: ${performance.getEntriesByName("a").map((e) => e.startTime).join(",")} ` +
  `typed=${performance.getEntriesByName("a", "measure").length}`);

// measure() overloads.
const show = (m) => `${m.name}:${m.startTime}+${m.duration}`;
console.log(show(performance.measure("marks", "a", "b")));
console.log(show(performance.measure("endOnly", undefined, "b")));
console.log(show(performance.measure("startEnd", { start: 5, end: "b" })));
console.log(show(performance.measure("startDuration", { start: "a", duration: 4 })));
console.log(show(performance.measure("durationEnd", { duration: 4, end: 30 })));
const withDetail = performance.measure("detail", { start: 0, end: 1, detail: [1, 2] });
console.log(`${show(withDetail)} detail=${JSON.stringify(withDetail.detail)} type=${withDetail.entryType}`);
const toNow = performance.measure("startToNow", "b");
// (The duration is negative while the process is younger than 30ms.)
assert(toNow.startTime === 30 && Math.abs(toNow.startTime + toNow.duration - performance.now()) < 20, "start mark to now");
const fromZero = performance.measure("fromZero");
assert(fromZero.startTime === 0 && fromZero.duration >= live.startTime, "no arguments: 0 to now");
assert(performance.measure("nullStart", null, "b").startTime === 0, "null start means 0");

// measure() errors.
assertThrows(isSyntaxError, () => performance.measure("m", "missing"), "unknown start mark");
assertThrows(isSyntaxError, () => performance.measure("m", "a", "missing"), "unknown end mark");
assertThrows(isTypeError, () => performance.measure("m", { start: 1 }, "b"), "options and an end mark");
assertThrows(isTypeError, () => performance.measure("m", { duration: 1 }), "duration alone");
assertThrows(isTypeError, () => performance.measure("m", { detail: 1 }), "detail alone");
assertThrows(isTypeError, () => performance.measure("m", { start: 1, duration: 1, end: 3 }), "all three");
assertThrows(isTypeError, () => performance.measure("m", { start: -1 }), "negative start");
assertThrows(isTypeError, () => performance.measure("m", "navigationStart"), "navigation timing names");
assertThrows(isTypeError, () => performance.measure(), "name is required");
assert(performance.getEntriesByName("m").length === 0, "failed measures add nothing");

// Clearing.
performance.clearMarks("a");
assert(performance.getEntriesByName("a").length === 0 && performance.getEntriesByName("b").length === 1, "clearMarks(name)");
assertThrows(isSyntaxError, () => performance.measure("m", "a"), "a cleared mark is gone");
performance.clearMeasures("marks");
assert(performance.getEntriesByName("marks").length === 0 && performance.getEntriesByType("measure").length > 0, "clearMeasures(name)");
performance.clearMarks();
performance.clearMeasures();
console.log(`after clearing: ${performance.getEntries().length}`);

// Constructors.
const standalone = new PerformanceMark("standalone", { startTime: 3 });
assert(standalone.duration === 0 && performance.getEntries().length === 0, "new PerformanceMark is not buffered");
assertThrows(isTypeError, () => new PerformanceEntry(), "PerformanceEntry is not constructible");
assertThrows(isTypeError, () => new PerformanceMeasure(), "PerformanceMeasure is not constructible");
assertThrows(isTypeError, () => Object.getOwnPropertyDescriptor(PerformanceEntry.prototype, "name").get.call({}), "entry brand check");

// PerformanceObserver: entries are delivered in a later task.
const observed = [];
const observer = new PerformanceObserver((list, self) => {
  observed.push(...list.getEntries().map((e) => `${e.entryType}:${e.name}`));
  assert(self === observer, "the observer is passed");
});
observer.observe({ entryTypes: ["mark", "measure"] });
performance.mark("observed", { startTime: 1 });
performance.measure("observed-measure", { start: 0, end: 2 });
assert(observed.length === 0, "delivery is asynchronous");
setTimeout(() => {
  console.log(`observed: ${observed.join(" ")}`);
  observer.disconnect();
  assert(PerformanceObserver.supportedEntryTypes.join() === "mark,measure", "supportedEntryTypes");
}, 10);
