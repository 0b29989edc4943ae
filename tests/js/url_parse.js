// URL parsing on ada: components, bases, IDNA, USVString conversion, errors that
// name the input, canParse/parse, origins, interface shape and brand checks.
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
const kParts = ["href", "origin", "protocol", "username", "password", "host", "hostname", "port",
  "pathname", "search", "hash"];
function show(url) {
  console.log(kParts.map((k) => `${k}=${JSON.stringify(url[k])}`).join(" "));
}

// Every component, with normalisation: case, dot segments, default port, percent-encoding.
show(new URL("HTTPS://us er:p@ss@EXAMPLE.com:443/a/./b/../c d?q=1 2#frag ment"));
show(new URL("http://example.com:8080"));
show(new URL("../x?y#z", "http://h.test/a/b/c"));
show(new URL("//other.test/p", "https://h.test/a"));
show(new URL("file:///C:/dir/../file.txt"));
show(new URL("mailto:someone@example.com?subject=hi"));
show(new URL("http://[::1]:80/"));
show(new URL("http://0x7f.1/"));
show(new URL("non-special://host:99/p"));

// A base that is undefined counts as absent; a URL object works as a base (stringified).
assertEq(new URL("http://a.test/", undefined).href, "http://a.test/", "undefined base");
assertEq(new URL("p", new URL("http://a.test/dir/")).href, "http://a.test/dir/p", "URL as base");

// IDNA: hosts are mapped and punycoded by ada.
assertEq(new URL("http://☃.net/").host, "xn--n3h.net", "snowman host");
assertEq(new URL("https://Bücher.EXAMPLE/").hostname, "xn--bcher-kva.example", "IDNA mapping + lowercase");
assertEq(new URL("https://faß.de/").hostname, "xn--fa-hia.de", "nontransitional sharp s");
assertEq(new URL("http://ＥＸＡＭＰＬＥ．ｃｏｍ/").hostname, "example.com", "fullwidth folded");
assert(!URL.canParse("http://xn--/"), "bad punycode is invalid");
assert(!URL.canParse("http://a b/"), "space in host is invalid");
console.log("idna ok");

// USVString: lone surrogates become U+FFFD before parsing (UTF-8 EF BF BD).
const lone = new URL("http://h.test/\uD800?\uDC00#\uDBFFx");
assertEq(lone.pathname, "/%EF%BF%BD", "lone lead surrogate in path");
assertEq(lone.search, "?%EF%BF%BD", "lone trail surrogate in query");
assertEq(lone.hash, "#%EF%BF%BDx", "lone surrogate in fragment");
assertEq(new URL("http://h.test/\uD83D\uDE00").pathname, "/%F0%9F%98%80", "surrogate pair kept");
assertThrows(TypeError, () => new URL(Symbol("s")), "symbol input");
assertEq(new URL({ toString: () => "http://obj.test/" }).host, "obj.test", "ToString on objects");
console.log("usvstring ok");

// Errors name the input and the base.
let e = assertThrows(TypeError, () => new URL("not a url"), "relative without base");
console.log(e.message);
e = assertThrows(TypeError, () => new URL("x", "also bad"), "bad base");
console.log(e.message);
e = assertThrows(TypeError, () => new URL("http://[::1/"), "bad IPv6");
console.log(e.message);
e = assertThrows(TypeError, () => new URL(), "no arguments");
console.log(e.message);
assertThrows(TypeError, () => URL("http://a/"), "call without new");

// canParse and parse agree with the constructor.
assertEq(URL.canParse("http://a/"), true, "canParse absolute");
assertEq(URL.canParse("/p"), false, "canParse relative without base");
assertEq(URL.canParse("/p", "http://a/"), true, "canParse relative with base");
assertEq(URL.canParse("/p", "bad"), false, "canParse with bad base");
assertEq(URL.parse("nope"), null, "parse failure is null");
const parsed = URL.parse("q?x", "http://a.test/d/");
assert(parsed instanceof URL, "parse returns a URL");
assertEq(parsed.href, "http://a.test/d/q?x", "parse href");
assertThrows(TypeError, () => URL.canParse(), "canParse requires an argument");
console.log("canParse/parse ok");

// Origins: tuple origins for special schemes, "null" for opaque ones, blob: per spec.
for (const input of [
  "https://example.com:443/x", "http://example.com:8080/", "ws://h.test/", "ftp://h.test:21/",
  "file:///etc/passwd", "data:text/plain,hi", "about:blank", "non-special://h/",
  "blob:https://example.com:8443/uuid", "blob:http://h.test/u", "blob:ftp://h.test/u",
  "blob:file:///x", "blob:not a url", "blob:",
]) {
  console.log(`${input} -> ${new URL(input).origin}`);
}

// Stringification and JSON.
const u = new URL("http://j.test/p?q#h");
assertEq(String(u), u.href, "toString");
assertEq(`${u}`, "http://j.test/p?q#h", "template literal");
assertEq(JSON.stringify({ u }), '{"u":"http://j.test/p?q#h"}', "toJSON");

// Interface shape (WebIDL): accessors and methods on the prototype, enumerable;
// instances have no own properties; brand checks on every member.
const proto = URL.prototype;
for (const name of [...kParts, "searchParams"]) {
  const d = Object.getOwnPropertyDescriptor(proto, name);
  assert(d && typeof d.get === "function" && d.enumerable && d.configurable, `${name} is an enumerable accessor`);
  assertThrows(TypeError, () => d.get.call({}), `${name} getter brand check`);
  assertThrows(TypeError, () => d.get.call(undefined), `${name} getter on undefined`);
}
for (const name of ["origin", "searchParams"]) {
  assertEq(Object.getOwnPropertyDescriptor(proto, name).set, undefined, `${name} is read-only`);
}
assertThrows(TypeError, () => proto.toString.call(Object.create(proto)), "toString brand check");
assertThrows(TypeError, () => proto.toJSON.call({}), "toJSON brand check");
assertEq(Object.getOwnPropertyNames(u).length, 0, "no own properties");
assertEq(Object.prototype.toString.call(u), "[object URL]", "toStringTag");
assertEq(URL.length, 1, "URL.length");
assertEq(URL.canParse.length, 1, "canParse.length");
assert(Object.getOwnPropertyDescriptor(URL, "canParse").enumerable, "static canParse enumerable");
assertEq(Object.getPrototypeOf(URL), Function.prototype, "URL's prototype");
assertEq(Object.getPrototypeOf(proto), Object.prototype, "URL.prototype's prototype");
const d = Object.getOwnPropertyDescriptor(globalThis, "URL");
assert(d.writable && d.configurable && !d.enumerable, "URL global is a WebIDL global");

// Subclassing keeps the brand.
class MyURL extends URL {
  get kind() { return "mine"; }
}
const mine = new MyURL("http://sub.test/x");
assertEq(mine.kind + " " + mine.pathname, "mine /x", "subclass");
assert(mine instanceof URL, "subclass instanceof URL");

// Not serializable: structuredClone throws a DataCloneError.
e = assertThrows(DOMException, () => structuredClone(new URL("http://a/")), "clone URL");
assertEq(e.name, "DataCloneError", "clone error name");
assertThrows(DOMException, () => structuredClone({ nested: [new URL("http://a/")] }), "clone nested URL");

// Large inputs: a long path and a long non-ASCII query, a huge invalid input.
const long = new URL("http://big.test/" + "a".repeat(4 * 1024 * 1024) + "?" + "é".repeat(100000));
assertEq(long.pathname.length, 4 * 1024 * 1024 + 1, "long path kept");
assertEq(long.search.length, 1 + 6 * 100000, "non-ASCII query percent-encoded");
assertEq(long.searchParams.get("é".repeat(100000)), "", "long query parsed back");
assert(!URL.canParse("http://" + "[".repeat(1 << 20)), "huge invalid host");
assertEq(new URL("http://" + "a".repeat(100000) + ".com/").hostname.length, 100004, "long host label");
console.log("large ok");
