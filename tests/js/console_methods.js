// console methods other than log: table, group, count, dir, assert, trace,
// and the WebIDL namespace shape. Stdout is compared with console_methods.out
// (which is also what Node 20 prints); stderr output is checked below.
// expect-stderr: Assertion failed
// expect-stderr: Assertion failed: value was 3 !
// expect-stderr: Assertion failed { a: 1 }
// expect-stderr: Trace: traced 42
// expect-stderr:     at traceHere (
// expect-stderr: Trace
// expect-stderr: warned { level: 'warn' }
// expect-stderr: errored [ 1, 2 ]
// expect-stderr:   indented error
// expect-stderr: Warning: Count for 'missing' does not exist

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// table
console.table([{ a: 1, b: "Y" }, { a: "Z", b: 2 }]);
console.table([1, "two", { three: 3 }]);
console.table({ row1: { c: 1 }, row2: { d: [1, 2, 3, 4] } });
console.table([{ a: 1, b: 2, c: 3 }, { a: 4, c: 6 }], ["a", "c"]);
console.table(new Map([["key", { v: 1 }], ["other", 2]]));
console.table(new Set(["s", 1]));
console.table([{ name: "名前", value: "wide" }]);
console.table([]);
console.table(42);
console.table("not tabular");

// group
console.group("Group 1");
console.log("inside group 1\nsecond line");
console.group();
console.info({ nested: { a: 1 } });
console.groupEnd();
console.groupCollapsed("Collapsed");
console.debug("inside collapsed");
console.groupEnd();
console.error("indented error");
console.groupEnd();
console.groupEnd();  // extra groupEnd is harmless
console.log("after groups");

// count
console.count();
console.count();
console.count("other");
console.count(undefined);
console.countReset();
console.count();
console.countReset("missing");

// dir, dirxml
console.dir({ a: { b: { c: { d: 1 } } } });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir("a string");
console.dirxml("dirxml", { x: 1 });

// assert never throws; prints to stderr only when the condition is falsy.
console.assert(true, "not printed");
console.assert(1);
console.assert(false);
console.assert(0, "value was %d %s", 3, "!");
console.assert(null, { a: 1 });

// warn/error/trace go to stderr.
console.warn("warned", { level: "warn" });
console.error("errored", [1, 2]);
function traceHere() { console.trace("traced %d", 42); }
traceHere();
console.trace();

// clear does nothing when stdout is not a terminal.
console.clear();

// The namespace object (https://webidl.spec.whatwg.org/#es-namespaces).
const methods = ["assert", "clear", "debug", "error", "info", "log", "table", "trace", "warn",
  "dir", "dirxml", "count", "countReset", "group", "groupCollapsed", "groupEnd", "time",
  "timeLog", "timeEnd"];
for (const name of methods) {
  const desc = Object.getOwnPropertyDescriptor(console, name);
  check(desc && typeof desc.value === "function", `${name} exists`);
  check(desc.writable && desc.enumerable && desc.configurable, `${name} descriptor`);
  check(desc.value.name === name, `${name}.name`);
  check(desc.value.length === 0, `${name}.length`);
}
check(Object.prototype.toString.call(console) === "[object console]", "toStringTag");
check(Object.getPrototypeOf(Object.getPrototypeOf(console)) === Object.prototype, "prototype chain");
check(!("Console" in globalThis), "no Console interface");
const { log } = console;
log("detached log works");

// Labels are converted with ToString and conversion errors propagate.
let thrown = null;
try {
  console.count({ toString() { throw new RangeError("label conversion"); } });
} catch (e) {
  thrown = e;
}
check(thrown instanceof RangeError, "label conversion error propagates");
console.count({ toString() { return "from toString"; } });
console.log("done");
