// console.log formatting: format specifiers and Node-style inspection of values.
// The expected output (console_format.out) is what Node 20 prints for this file.

// Format specifiers.
console.log("%s|%s|%s|%s", "str", 42, 10n, null);
console.log("%d|%d|%d|%d", "42", 4.5, 7n, {});
console.log("%i|%i|%f|%f", "42.9px", -3.7, "3.25abc", "x");
console.log("%o", [1, "a"]);
console.log("%O", { a: { b: { c: { d: 1 } } } });
console.log("%j", { a: [1, "x"] });
console.log("%cstyled%c text", "color: red", "font-weight: bold");
console.log("100%% sure, %s", "yes", "extra", 1, { k: "v" });
console.log("%%", "%s");
console.log("%s %s", "only one");
console.log("%x is not a specifier", 1);
console.log("%s", { toString() { return "custom toString"; } });
console.log("%s", [1, [2, [3]]]);
console.log(1, "two", [3], undefined, null);

// Primitives.
console.log([0, -0, 1.5, NaN, -Infinity, 123n, true, undefined, null]);
console.log(["single", "it's", "both ' and \"", "a\nb\tc\\", "\x00\x7f"]);
console.log([Symbol("sym"), Symbol(), Symbol.iterator]);

// Objects and keys.
console.log({ a: 1, b: "x", "not-an-id": 2, 3: "three", [Symbol("s")]: true });
console.log({ get g() { return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} });
console.log({ a: { b: { c: { d: { e: 1 } } } }, arr: [[[[1]]]] });
console.log(Object.create(null), Object.assign(Object.create(null), { x: 1 }));
console.log(Object.defineProperty({}, "hidden", { value: 1, enumerable: false }));
console.log({ long1: "a".repeat(30), long2: "b".repeat(30), long3: "c".repeat(20) });
console.log({ text: "first line of a long string\nsecond line that makes it longer than the limit" });

// Classes and functions.
class Point { constructor() { this.x = 1; this.y = 2; } }
class Empty {}
class Tagged { get [Symbol.toStringTag]() { return "Tag"; } }
console.log(new Point(), new Empty(), new Tagged());
console.log([Point, class extends Point {}, class {}]);
console.log([function named() {}, () => {}, async function af() {}, function* gen() {}, async function* ag() {}]);
console.log(Object.assign(function withProps() {}, { prop: 1 }));
console.log(Object.defineProperty({}, Symbol.toStringTag, { value: "Custom" }));

// Arrays.
console.log([1, , 3], new Array(3), [, 1, , , 2, ,]);
console.log(Object.assign([1, 2], { extra: "prop" }));
console.log(Array.from({ length: 120 }, (_, i) => i * 3));
console.log(Array.from({ length: 12 }, (_, i) => `item${i}`));
console.log([{ id: 1, name: "one" }, { id: 2, name: "two" }, { id: 3, name: "three" }]);
console.log([1, 2, 3, 4, 5, 6]);
const arguments_ = (function () { return arguments; })(1, "a");
console.log(arguments_);

// Cycles.
const cyclic = { name: "root", child: { list: [] } };
cyclic.self = cyclic;
cyclic.child.list.push(cyclic, cyclic.child);
console.log(cyclic);

// Collections.
console.log(new Map([["a", 1], ["b", { c: 2 }]]), new Set([1, "two", [3]]));
console.log(new Map(), new Set(), new WeakMap(), new WeakSet());
console.log(new Map([[1, 2]]).entries(), new Map([[1, 2]]).keys(), new Set([3]).values());
class MyMap extends Map {}
console.log(new MyMap([["k", "v"]]));

// Dates, regular expressions, boxed primitives.
console.log([new Date(0), new Date(NaN), /ab+c/gi, new RegExp("a/b")]);
console.log([new Number(3), new String("str"), new Boolean(false), Object(5n), Object(Symbol("b"))]);

// Errors (fixed stacks so the output does not depend on file paths).
const err = new Error("boom");
err.stack = "Error: boom\n    at fn (file.js:1:1)\n    at main (file.js:2:2)";
console.log(err);
const withProps = new TypeError("bad type");
withProps.stack = "TypeError: bad type\n    at fn (file.js:1:1)";
withProps.code = "ERR_BAD";
console.log(withProps);
const cause = new RangeError("inner");
cause.stack = "RangeError: inner\n    at inner (file.js:5:5)";
const outer = new Error("outer", { cause });
outer.stack = "Error: outer\n    at outer (file.js:9:9)";
console.log(outer);
const noStack = new Error("no stack");
noStack.stack = undefined;
console.log({ nested: noStack });

// Typed arrays, buffers, views.
console.log(new Uint8Array([1, 2, 3]), new Float64Array([1.5, -0]), new BigInt64Array([1n, -2n]));
console.log(new ArrayBuffer(4), new DataView(new ArrayBuffer(2), 1));
console.log(new Uint16Array(0), new Uint8Array(130).length);

// Promises and proxies.
const rejected = Promise.reject(3);
rejected.catch(() => {});
console.log(Promise.resolve({ v: 1 }), new Promise(() => {}), rejected);
console.log(new Proxy({ target: true }, { get() { return "trap"; } }), new Proxy([1, 2], {}));
const revocable = Proxy.revocable({}, {});
revocable.revoke();
console.log(revocable.proxy);

// Custom inspection hook shared with Node.
class Money {
  [Symbol.for("nodejs.util.inspect.custom")]() { return "Money<42 EUR>"; }
}
console.log(new Money(), [new Money()]);

// console.dir applies inspect options.
console.dir({ a: { b: { c: {} } } }, { depth: 0 });
console.dir({ a: { b: { c: { d: {} } } } }, { depth: null });
