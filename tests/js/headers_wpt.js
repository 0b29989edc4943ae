// Conformance cases ported from web-platform-tests/wpt fetch/api/headers (headers-basic.any.js,
// header-setcookie.any.js, headers-normalize/headers-errors), run with a minimal harness.
import {
  test, assert_true, assert_false, assert_equals, assert_array_equals, assert_throws_js, runTests,
} from "./fixtures/mini_testharness.mjs";
// --- Ported from web-platform-tests/wpt fetch/api/headers/headers-basic.any.js ---
test(function() { new Headers(); }, "Create headers from no parameter");
test(function() { new Headers(undefined); }, "Create headers from undefined parameter");
test(function() { new Headers({}); }, "Create headers from empty object");
[null, 1].forEach(function(parameter) {
  test(function() {
    assert_throws_js(TypeError, function() { new Headers(parameter) });
  }, "Create headers with " + parameter + " should throw");
});
var headerDict = {"name1": "value1", "name2": "value2", "name3": "value3", "name4": null,
                  "name5": undefined, "name6": 1, "Content-Type": "value4"};
var headerSeq = [];
for (var name in headerDict) headerSeq.push([name, headerDict[name]]);
test(function() {
  var headers = new Headers(headerSeq);
  for (name in headerDict) assert_equals(headers.get(name), String(headerDict[name]));
  assert_equals(headers.get("length"), null, "init should be treated as a sequence, not as a dictionary");
}, "Create headers with sequence");
test(function() {
  var headers = new Headers(headerDict);
  for (name in headerDict) assert_equals(headers.get(name), String(headerDict[name]));
}, "Create headers with record");
test(function() {
  var headers2 = new Headers(new Headers(headerDict));
  for (name in headerDict) assert_equals(headers2.get(name), String(headerDict[name]));
}, "Create headers with existing headers");
test(function() {
  var headers = new Headers();
  headers[Symbol.iterator] = function *() { yield ["test", "test"] };
  assert_equals(new Headers(headers).get("test"), "test");
}, "Create headers with existing headers with custom iterator");
test(function() {
  var headers = new Headers();
  for (name in headerDict) {
    headers.append(name, headerDict[name]);
    assert_equals(headers.get(name), String(headerDict[name]));
  }
}, "Check append method");
test(function() {
  var headers = new Headers();
  for (name in headerDict) {
    headers.set(name, headerDict[name]);
    assert_equals(headers.get(name), String(headerDict[name]));
  }
}, "Check set method");
test(function() {
  var headers = new Headers(headerDict);
  for (name in headerDict) assert_true(headers.has(name));
  assert_false(headers.has("nameNotInHeaders"));
}, "Check has method");
test(function() {
  var headers = new Headers(headerDict);
  for (name in headerDict) {
    assert_true(headers.has(name));
    headers.delete(name);
    assert_true(!headers.has(name));
  }
}, "Check delete method");
var headerEntriesDict = {"name1": "value1", "Name2": "value2", "name": "value3", "content-Type": "value4",
                         "Content-Typ": "value5", "Content-Types": "value6"};
var sortedHeaderDict = {};
var headerValues = [];
var sortedHeaderKeys = Object.keys(headerEntriesDict).map(function(value) {
  sortedHeaderDict[value.toLowerCase()] = headerEntriesDict[value];
  headerValues.push(headerEntriesDict[value]);
  return value.toLowerCase();
}).sort();
var iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
function checkIteratorProperties(iterator) {
  var prototype = Object.getPrototypeOf(iterator);
  assert_equals(Object.getPrototypeOf(prototype), iteratorPrototype);
  var descriptor = Object.getOwnPropertyDescriptor(prototype, "next");
  assert_true(descriptor.configurable, "configurable");
  assert_true(descriptor.enumerable, "enumerable");
  assert_true(descriptor.writable, "writable");
}
test(function() {
  var actual = new Headers(headerEntriesDict).keys();
  checkIteratorProperties(actual);
  sortedHeaderKeys.forEach(function(key) {
    const entry = actual.next();
    assert_false(entry.done);
    assert_equals(entry.value, key);
  });
  assert_true(actual.next().done);
  assert_true(actual.next().done);
}, "Check keys method");
test(function() {
  var actual = new Headers(headerEntriesDict).values();
  checkIteratorProperties(actual);
  sortedHeaderKeys.forEach(function(key) {
    const entry = actual.next();
    assert_false(entry.done);
    assert_equals(entry.value, sortedHeaderDict[key]);
  });
  assert_true(actual.next().done);
}, "Check values method");
test(function() {
  var actual = new Headers(headerEntriesDict).entries();
  checkIteratorProperties(actual);
  sortedHeaderKeys.forEach(function(key) {
    const entry = actual.next();
    assert_false(entry.done);
    assert_equals(entry.value[0], key);
    assert_equals(entry.value[1], sortedHeaderDict[key]);
  });
  assert_true(actual.next().done);
}, "Check entries method");
test(function() {
  var headers = new Headers(headerEntriesDict);
  var reference = sortedHeaderKeys[Symbol.iterator]();
  headers.forEach(function(value, key, container) {
    assert_equals(headers, container);
    const entry = reference.next();
    assert_false(entry.done);
    assert_equals(key, entry.value);
    assert_equals(value, sortedHeaderDict[entry.value]);
  });
  assert_true(reference.next().done);
}, "Check forEach method");
test(function() {
  const headers = new Headers({"foo": "2", "baz": "1", "BAR": "0"});
  const actualKeys = [];
  const actualValues = [];
  for (let [header, value] of headers) {
    actualKeys.push(header);
    actualValues.push(value);
    headers.delete("foo");
  }
  assert_array_equals(actualKeys, ["bar", "baz"]);
  assert_array_equals(actualValues, ["0", "1"]);
}, "Iteration skips elements removed while iterating");
test(function() {
  const headers = new Headers({"foo": "2", "baz": "1", "BAR": "0", "quux": "3"});
  const actualKeys = [];
  for (let [header] of headers) {
    actualKeys.push(header);
    if (header === "baz") headers.delete("bar");
  }
  assert_array_equals(actualKeys, ["bar", "baz", "quux"]);
}, "Removing elements already iterated over causes an element to be skipped during iteration");
test(function() {
  const headers = new Headers({"foo": "2", "baz": "1", "BAR": "0", "quux": "3"});
  const actualKeys = [];
  for (let [header] of headers) {
    actualKeys.push(header);
    if (header === "baz") headers.append("abc", "-1");
  }
  assert_array_equals(actualKeys, ["bar", "baz", "baz", "foo", "quux"]);
}, "Prepending a value pair before the current element position causes it to be skipped during iteration");

// --- Ported from web-platform-tests/wpt fetch/api/headers/header-setcookie.any.js ---
const headerList = [["set-cookie", "foo=bar"], ["Set-Cookie", "fizz=buzz; domain=example.com"]];
const setCookie2HeaderList = [["set-cookie2", "foo2=bar2"], ["Set-Cookie2", "fizz2=buzz2; domain=example2.com"]];
function assert_nested_array_equals(actual, expected) {
  assert_equals(actual.length, expected.length, "Array length is not equal");
  for (let i = 0; i < expected.length; i++) assert_array_equals(actual[i], expected[i]);
}
test(function () {
  assert_equals(new Headers(headerList).get("set-cookie"), "foo=bar, fizz=buzz; domain=example.com");
}, "Headers.prototype.get combines set-cookie headers in order");
test(function () {
  assert_nested_array_equals([...new Headers(headerList)],
    [["set-cookie", "foo=bar"], ["set-cookie", "fizz=buzz; domain=example.com"]]);
}, "Headers iterator does not combine set-cookie headers");
test(function () {
  assert_nested_array_equals([...new Headers(setCookie2HeaderList)],
    [["set-cookie2", "foo2=bar2, fizz2=buzz2; domain=example2.com"]]);
}, "Headers iterator does not special case set-cookie2 headers");
test(function () {
  const headers = new Headers([["xylophone-header", "1"], ["best-header", "2"], ["set-cookie", "3"],
    ["a-cool-header", "4"], ["set-cookie", "5"], ["a-cool-header", "6"], ["best-header", "7"]]);
  assert_nested_array_equals([...headers], [["a-cool-header", "4, 6"], ["best-header", "2, 7"],
    ["set-cookie", "3"], ["set-cookie", "5"], ["xylophone-header", "1"]]);
}, "Headers iterator preserves per header ordering, but sorts keys alphabetically");
test(function () {
  const headers = new Headers([["fizz", "buzz"], ["X-Header", "test"]]);
  const iterator = headers[Symbol.iterator]();
  assert_array_equals(iterator.next().value, ["fizz", "buzz"]);
  headers.append("Set-Cookie", "a=b");
  assert_array_equals(iterator.next().value, ["set-cookie", "a=b"]);
  headers.append("Accept", "text/html");
  assert_array_equals(iterator.next().value, ["set-cookie", "a=b"]);
  assert_array_equals(iterator.next().value, ["x-header", "test"]);
  headers.append("set-cookie", "c=d");
  assert_array_equals(iterator.next().value, ["x-header", "test"]);
  assert_true(iterator.next().done);
}, "Headers iterator is correctly updated with set-cookie changes");
test(function () {
  assert_true(new Headers(headerList).has("sEt-cOoKiE"));
}, "Headers.prototype.has works for set-cookie");
test(function () {
  const headers = new Headers(headerList);
  headers.set("set-cookie", "foo2=bar2");
  assert_nested_array_equals([...headers], [["set-cookie", "foo2=bar2"]]);
}, "Headers.prototype.set works for set-cookie");
test(function () {
  const headers = new Headers(headerList);
  headers.delete("set-Cookie");
  assert_nested_array_equals([...headers], []);
}, "Headers.prototype.delete works for set-cookie");
test(function () {
  assert_array_equals(new Headers([["set-cookie", ""]]).getSetCookie(), [""]);
}, "Headers.prototype.getSetCookie with an empty header");
test(function () {
  assert_array_equals(new Headers([["set-cookie2", "x"], ["set-cookie", "y"], ["set-cookie2", "z"]]).getSetCookie(), ["y"]);
}, "Headers.prototype.getSetCookie ignores set-cookie2 headers");
test(function () {
  assert_array_equals(new Headers([["set-cookie", "z=z"], ["set-cookie", "a=a"], ["set-cookie", "n=n"]]).getSetCookie(),
    ["z=z", "a=a", "n=n"]);
}, "Headers.prototype.getSetCookie preserves header ordering");

// --- After fetch/api/headers/headers-normalize and headers-errors (.html) ---
test(function () {
  const expectations = {"name1": [" space ", "space"], "name2": ["\ttab\t", "tab"], "name3": [" spaceAndTab\t", "spaceAndTab"],
    "name4": ["\r\n newLine", "newLine"], "name5": ["newLine\r\n ", "newLine"], "name6": ["\r\n\tnewLine", "newLine"]};
  const headers = new Headers();
  for (const name in expectations) {
    headers.append(name, expectations[name][0]);
    assert_equals(headers.get(name), expectations[name][1]);
  }
}, "Headers values are normalized (append)");
test(function () {
  for (const bad of ["[", "name(", "", "a b"]) assert_throws_js(TypeError, () => new Headers([[bad, "x"]]));
  assert_throws_js(TypeError, () => new Headers({ "name": "val\0ue" }));
  assert_throws_js(TypeError, () => new Headers().get("["));
  assert_throws_js(TypeError, () => new Headers().set("name", "va\rlue"));
  assert_throws_js(TypeError, () => new Headers([["name"]]));
  assert_throws_js(TypeError, () => new Headers([["name", "value", "other"]]));
  assert_throws_js(TypeError, () => new Headers().append("name", "\u0100"));
}, "Headers errors");

runTests();
