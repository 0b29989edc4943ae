// URLSearchParams: init forms, methods, sort order, the urlencoded serializer,
// live iterators, and liveness with URL in both directions.
function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}
function assertEq(actual, expected, what) {
  if (actual !== expected) throw new Error(`assertion failed: ${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
}
function assertThrows(ErrorType, fn, what) {
  try {
    fn();
  } catch (e) {
    assert(e instanceof ErrorType, `${what}: threw ${e} instead of ${ErrorType.name}`);
    return e;
  }
  throw new Error(`assertion failed: ${what} did not throw`);
}
const pairs = (params) => JSON.stringify([...params]);

// Init from a string: one leading "?" dropped, "+" is a space, bad escapes kept,
// invalid UTF-8 after decoding becomes U+FFFD.
console.log(pairs(new URLSearchParams("?a=1&&b=x+y&c&=d&e=%zz&f=%C3%A9%FF&??g")));
console.log(pairs(new URLSearchParams("??x=1")));
console.log(pairs(new URLSearchParams()), pairs(new URLSearchParams(undefined)), pairs(new URLSearchParams(null)));
// From a record: own enumerable string keys in order; keys equal after USVString
// conversion keep the first position and the last value.
console.log(pairs(new URLSearchParams({ b: 1, a: "x", "\uD800": "1", "\uDC00": "2" })));
const withHidden = Object.create({ inherited: "no" });
Object.defineProperty(withHidden, "hidden", { value: "no", enumerable: false });
withHidden.shown = "yes";
console.log(pairs(new URLSearchParams(withHidden)));
assertThrows(TypeError, () => new URLSearchParams({ [Symbol.iterator]: 42 }), "non-callable @@iterator");
// From a sequence of pairs (any iterables), or another URLSearchParams (a copy).
console.log(pairs(new URLSearchParams([["a", "1"], new Set(["b", "2"]), (function* () { yield "c"; yield 3; })()])));
assertThrows(TypeError, () => new URLSearchParams(["ab"]), "a string is not a sequence (WebIDL)");
let e = assertThrows(TypeError, () => new URLSearchParams([["a", "1"], ["b"]]), "pair of one");
console.log(e.message);
assertThrows(TypeError, () => new URLSearchParams([["a", "1", "2"]]), "pair of three");
assertThrows(TypeError, () => new URLSearchParams([1]), "pair that is not iterable");
const original = new URLSearchParams("x=1&y=2");
const copy = new URLSearchParams(original);
copy.append("z", "3");
assertEq(original.toString(), "x=1&y=2", "copy is independent");
assertEq(copy.toString(), "x=1&y=2&z=3", "copy has the entries");

// Methods.
const p = new URLSearchParams("a=1&b=2&a=3&c=4");
assertEq(p.get("a"), "1", "get first");
assertEq(p.get("zz"), null, "get missing is null");
assertEq(JSON.stringify(p.getAll("a")), '["1","3"]', "getAll");
assert(p.has("b") && !p.has("b", "9") && p.has("b", "2"), "has with value");
assertEq(p.has("b", undefined), true, "has with undefined value ignores it");
p.set("a", "x");
assertEq(p.toString(), "a=x&b=2&c=4", "set replaces the first and removes the rest");
p.append("a", "y");
p.delete("a", "x");
assertEq(p.toString(), "b=2&c=4&a=y", "delete name+value");
p.delete("b");
assertEq(p.toString(), "c=4&a=y", "delete name");
assertEq(p.size, 2, "size");
assertThrows(TypeError, () => p.append("only-one"), "append needs two arguments");
assertThrows(TypeError, () => p.get(), "get needs one argument");

// Serializer: application/x-www-form-urlencoded (space is "+", *-._ kept).
const s = new URLSearchParams();
s.append("a b", "c+d");
s.append("*-._", "~!'()&=");
s.append("é", "\uD83D\uDE00");
s.append("lone", "\uD800");
console.log(s.toString());

// sort: stable, by UTF-16 code units (U+1F308's surrogates sort before U+FB03).
const sorted = new URLSearchParams("z=1&\uFB03=x&\uD83C\uDF08=y&a=2&z=0&a=1&A=3");
sorted.sort();
console.log(pairs(sorted));

// Iteration: forEach and the iterators see changes made while iterating.
const live = new URLSearchParams("a=1&b=2&c=3");
const seen = [];
live.forEach(function (value, name, object) {
  seen.push(`${name}=${value}`);
  assert(object === live && this.tag === "T", "forEach arguments and thisArg");
  if (name === "a") live.append("d", "4");
}, { tag: "T" });
assertEq(seen.join(","), "a=1,b=2,c=3,d=4", "forEach is live");
assertThrows(TypeError, () => live.forEach(42), "forEach needs a function");
const it = live.entries();
assertEq(JSON.stringify(it.next()), '{"value":["a","1"],"done":false}', "first entry");
live.delete("a");
assertEq(it.next().value[0], "c", "iterator index over the changed list");
assertEq(JSON.stringify([...live.keys()]), '["b","c","d"]', "keys");
assertEq(JSON.stringify([...live.values()]), '["2","3","4"]', "values");
assertEq(URLSearchParams.prototype[Symbol.iterator], URLSearchParams.prototype.entries, "@@iterator is entries");
const iterProto = Object.getPrototypeOf(live.keys());
assertEq(Object.prototype.toString.call(live.keys()), "[object URLSearchParams Iterator]", "iterator tag");
assertEq(Object.getPrototypeOf(iterProto), Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
  "iterator prototype inherits %IteratorPrototype%");
assert(Object.getOwnPropertyDescriptor(iterProto, "next").enumerable, "next is enumerable");
assert(!Object.hasOwn(iterProto, "constructor"), "no constructor on the iterator prototype");
assertThrows(TypeError, () => iterProto.next.call({}), "next brand check");
assertEq(iterProto, Object.getPrototypeOf(new URLSearchParams().values()), "one shared iterator prototype");
console.log("iteration ok");

// URL -> searchParams: the same object, updated by the search and href setters.
const url = new URL("http://h.test/path?a=1&b=2#frag");
const params = url.searchParams;
assertEq(url.searchParams, params, "[SameObject]");
url.search = "?x=9";
assertEq(pairs(params), '[["x","9"]]', "search setter updates the list");
url.href = "http://h.test/?y=8&y=7";
assertEq(JSON.stringify(params.getAll("y")), '["8","7"]', "href setter updates the list");
url.search = "";
assertEq(params.size, 0, "empty search empties the list");
url.hash = "#other";
assertEq(params.size, 0, "hash setter leaves the list");

// searchParams -> URL: every mutation re-serializes the query.
url.href = "http://h.test/path?b=2&a=1#frag";
params.append("c", "a b");
assertEq(url.href, "http://h.test/path?b=2&a=1&c=a+b#frag", "append updates the URL");
params.sort();
assertEq(url.search, "?a=1&b=2&c=a+b", "sort updates the URL");
params.set("b", "é");
assertEq(url.search, "?a=1&b=%C3%A9&c=a+b", "set updates the URL");
params.delete("a");
params.delete("b");
params.delete("c");
assertEq(url.href, "http://h.test/path#frag", "an empty list makes the query null, not empty");
assertEq(url.search, "", "no query");
// An opaque path loses trailing spaces once query and fragment are gone.
const opaque = new URL("data:space    ?query");
opaque.searchParams.delete("query");
assertEq(opaque.href, "data:space", "opaque path stripped");
console.log("liveness ok");

// Interface shape and brand checks.
const proto = URLSearchParams.prototype;
for (const name of ["append", "delete", "get", "getAll", "has", "set", "sort", "forEach", "keys",
  "values", "entries", "toString"]) {
  const d = Object.getOwnPropertyDescriptor(proto, name);
  assert(d && typeof d.value === "function" && d.enumerable && d.writable, `${name} is an enumerable method`);
  assertThrows(TypeError, () => d.value.call({}, "a", "b"), `${name} brand check`);
}
assertThrows(TypeError, () => Object.getOwnPropertyDescriptor(proto, "size").get.call({}), "size brand check");
assertEq(Object.prototype.toString.call(params), "[object URLSearchParams]", "toStringTag");
assertEq(URLSearchParams.length, 0, "constructor length");
assertEq(proto.delete.length, 1, "delete length");
assertEq(proto.append.length, 2, "append length");
assertEq(Object.getOwnPropertyNames(params).length, 0, "no own properties");
e = assertThrows(DOMException, () => structuredClone(new URLSearchParams("a=1")), "clone");
assertEq(e.name, "DataCloneError", "clone error name");
class MyParams extends URLSearchParams {}
assertEq(new MyParams("q=1").get("q"), "1", "subclass");
console.log("shape ok");
