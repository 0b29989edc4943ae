// Conformance cases ported from web-platform-tests/wpt fetch/api/response (response-static-json,
// response-static-redirect, response-static-error, response-consume-empty, response-consume-stream)
// and fetch/api/body/mime-type.any.js, run with a minimal harness.
import {
  test, promise_test, assert_true, assert_false, assert_equals, assert_array_equals, assert_throws_js,
  promise_rejects_js, runTests,
} from "./fixtures/mini_testharness.mjs";
// --- Ported from web-platform-tests/wpt fetch/api/response/response-static-json.any.js ---
const APPLICATION_JSON = "application/json";
const FOO_BAR = "foo/bar";
const INIT_TESTS = [
  [undefined, 200, "", APPLICATION_JSON, {}],
  [{ status: 400 }, 400, "", APPLICATION_JSON, {}],
  [{ statusText: "foo" }, 200, "foo", APPLICATION_JSON, {}],
  [{ headers: {} }, 200, "", APPLICATION_JSON, {}],
  [{ headers: { "content-type": FOO_BAR } }, 200, "", FOO_BAR, {}],
  [{ headers: { "x-foo": "bar" } }, 200, "", APPLICATION_JSON, { "x-foo": "bar" }],
];
for (const [init, expectedStatus, expectedStatusText, expectedContentType, expectedHeaders] of INIT_TESTS) {
  promise_test(async function () {
    const response = Response.json("hello world", init);
    assert_equals(response.type, "default");
    assert_equals(response.status, expectedStatus);
    assert_equals(response.statusText, expectedStatusText);
    assert_equals(response.headers.get("content-type"), expectedContentType);
    for (const key in expectedHeaders) assert_equals(response.headers.get(key), expectedHeaders[key]);
    assert_equals(await response.json(), "hello world");
  }, `Check response returned by static json() with init ${JSON.stringify(init)}`);
}
for (const status of [204, 205, 304]) {
  test(function () {
    assert_throws_js(TypeError, function () { Response.json("hello world", { status: status }); });
  }, `Throws TypeError when calling static json() with a status of ${status}`);
}
promise_test(async function () {
  const data = await Response.json({ foo: "bar" }).json();
  assert_equals(typeof data, "object");
  assert_equals(data.foo, "bar");
}, "Check static json() encodes JSON objects correctly");
test(function () {
  assert_throws_js(TypeError, function () { Response.json(Symbol("foo")); });
}, "Check static json() throws when data is not encodable");
test(function () {
  const a = { b: 1 };
  a.a = a;
  assert_throws_js(TypeError, function () { Response.json(a); });
}, "Check static json() throws when data is circular");
promise_test(async function () {
  class CustomError extends Error { name = "CustomError"; }
  assert_throws_js(CustomError, function () { Response.json({ get foo() { throw new CustomError("bar") } }); });
}, "Check static json() propagates JSON serializer errors");
const encodingChecks = [
  ["\uD834\uDF06", [34, 240, 157, 140, 134, 34]],
  ["\uDF06\uD834", [34, 92, 117, 100, 102, 48, 54, 92, 117, 100, 56, 51, 52, 34]],
  ["\uDEAD", [34, 92, 117, 100, 101, 97, 100, 34]],
];
for (const [input, expected] of encodingChecks) {
  promise_test(async function () {
    assert_array_equals(new Uint8Array(await Response.json(input).arrayBuffer()), expected);
  }, `Check response returned by static json() with input ${escape(input)}`);
}
test(function () {
  const headers = Response.json(null).headers;
  headers.append("x-custom", "value");
  assert_equals(headers.get("x-custom"), "value");
  headers.set("x-custom", "value2");
  assert_equals(headers.get("x-custom"), "value2");
  headers.delete("x-custom");
  assert_equals(headers.get("x-custom"), null);
  assert_equals(headers.get("content-type"), APPLICATION_JSON);
  headers.set("content-type", FOO_BAR);
  assert_equals(headers.get("content-type"), FOO_BAR);
  headers.delete("content-type");
  assert_equals(headers.get("content-type"), null);
}, "headers of Response.json() are mutable");

// --- Ported from web-platform-tests/wpt fetch/api/response/response-static-redirect.any.js ---
var url = "http://test.url:1234/";
test(function() {
  const redirectResponse = Response.redirect(url);
  assert_equals(redirectResponse.type, "default");
  assert_false(redirectResponse.redirected);
  assert_false(redirectResponse.ok);
  assert_equals(redirectResponse.status, 302);
  assert_equals(redirectResponse.headers.get("Location"), url);
  assert_equals(redirectResponse.statusText, "");
}, "Check default redirect response");
[301, 302, 303, 307, 308].forEach(function(status) {
  test(function() {
    const redirectResponse = Response.redirect(url, status);
    assert_equals(redirectResponse.status, status);
    assert_equals(redirectResponse.headers.get("Location"), url);
    assert_false(redirectResponse.ok);
  }, "Check response returned by static method redirect(), status = " + status);
});
test(function() {
  assert_throws_js(TypeError, function() { Response.redirect("http://:This is not an url"); });
}, "Check error returned when giving invalid url to redirect()");
[200, 309, 400, 500].forEach(function(invalidStatus) {
  test(function() {
    assert_throws_js(RangeError, function() { Response.redirect(url, invalidStatus); });
  }, "Check error returned when giving invalid status to redirect(), status = " + invalidStatus);
});
test(function() {
  assert_equals(Response.redirect.name, "redirect");
  assert_equals(Response.redirect.length, 1);
}, "Response.redirect has correct name and length");

// --- After web-platform-tests/wpt fetch/api/response/response-static-error.any.js ---
test(function() {
  const responseError = Response.error();
  assert_equals(responseError.type, "error");
  assert_equals(responseError.status, 0);
  assert_equals(responseError.statusText, "");
  assert_equals(responseError.body, null);
  assert_array_equals([...responseError.headers], []);
}, "Check response returned by static method error()");
test(function() {
  const headers = Response.error().headers;
  assert_throws_js(TypeError, () => headers.append("name", "value"));
  assert_throws_js(TypeError, () => headers.delete("name"));
  assert_throws_js(TypeError, () => headers.set("name", "value"));
}, "the 'guard' of the Headers instance should be immutable");

// --- Ported from web-platform-tests/wpt fetch/api/response/response-consume-empty.any.js ---
function checkResponseWithNoBody(bodyType, checkFunction, headers = []) {
  promise_test(function(t) {
    var response = new Response(undefined, { "headers": headers });
    assert_false(response.bodyUsed);
    return checkFunction(t, response);
  }, "Consume response's body as " + bodyType);
}
checkResponseWithNoBody("text", (t, r) => r.text().then((s) => { assert_equals(s, ""); assert_false(r.bodyUsed); }));
checkResponseWithNoBody("blob", (t, r) => r.blob().then((b) => b.text()).then((s) => { assert_equals(s, ""); assert_false(r.bodyUsed); }));
checkResponseWithNoBody("arrayBuffer", (t, r) => r.arrayBuffer().then((b) => { assert_equals(b.byteLength, 0); assert_false(r.bodyUsed); }));
checkResponseWithNoBody("json (error case)", (t, r) => r.json().then(() => { throw new Error("JSON parsing should fail"); },
  () => assert_false(r.bodyUsed)));
checkResponseWithNoBody("formData with correct multipart type (error case)",
  (t, r) => promise_rejects_js(t, TypeError, r.formData()).then(() => assert_false(r.bodyUsed)),
  [["Content-Type", 'multipart/form-data; boundary="boundary"']]);
checkResponseWithNoBody("formData with correct urlencoded type", (t, r) => r.formData().then((fd) => {
  assert_true(fd instanceof FormData);
  assert_false(r.bodyUsed);
}), [["Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"]]);
checkResponseWithNoBody("formData without correct type (error case)",
  (t, r) => promise_rejects_js(t, TypeError, r.formData()).then(() => assert_false(r.bodyUsed)));
function checkResponseWithEmptyBody(bodyType, body, asText) {
  promise_test(function() {
    var response = new Response(body);
    assert_false(response.bodyUsed, "bodyUsed is false at init");
    if (asText) {
      return response.text().then(function(s) {
        assert_equals(s.length, 0);
        assert_true(response.bodyUsed, "bodyUsed is true after being consumed");
      });
    }
    return response.arrayBuffer().then(function(b) {
      assert_equals(b.byteLength, 0);
      assert_true(response.bodyUsed, "bodyUsed is true after being consumed");
    });
  }, "Consume empty " + bodyType + " response body as " + (asText ? "text" : "arrayBuffer"));
}
checkResponseWithEmptyBody("blob", new Blob([], { "type" : "text/plain" }), false);
checkResponseWithEmptyBody("text", "", false);
checkResponseWithEmptyBody("blob", new Blob([], { "type" : "text/plain" }), true);
checkResponseWithEmptyBody("text", "", true);
checkResponseWithEmptyBody("URLSearchParams", new URLSearchParams(""), true);
checkResponseWithEmptyBody("ArrayBuffer", new ArrayBuffer(), true);

// --- Ported from web-platform-tests/wpt fetch/api/response/response-consume-stream.any.js ---
async function validateStreamFromString(reader, expected) {
  let received = "";
  const decoder = new TextDecoder();
  for (;;) {
    const result = reader.constructor.name === "ReadableStreamBYOBReader"
      ? await reader.read(new Uint8Array(7)) : await reader.read();
    if (result.done) break;
    assert_true(result.value instanceof Uint8Array, "chunks are Uint8Array");
    received += decoder.decode(result.value, { stream: true });
  }
  assert_equals(received, expected);
}
promise_test(() => validateStreamFromString(new Response("").body.getReader(), ""),
  "Read empty text response's body as readableStream");
promise_test(() => validateStreamFromString(new Response(new Blob([], { "type" : "text/plain" })).body.getReader(), ""),
  "Read empty blob response's body as readableStream");
var textData = JSON.stringify("This is response's body");
promise_test(() => validateStreamFromString(new Response(new Blob([textData], { "type" : "text/plain" })).body.getReader(), textData),
  "Read blob response's body as readableStream");
for (const mode of [undefined, "byob"]) {
  promise_test(() => validateStreamFromString(new Response(textData).body.getReader({ mode }), textData),
    `Read text response's body as readableStream with mode=${mode}`);
  promise_test(() => validateStreamFromString(new Response(new URLSearchParams("name=value")).body.getReader({ mode }), "name=value"),
    `Read URLSearchParams response's body as readableStream with mode=${mode}`);
  promise_test(function() {
    var arrayBuffer = new ArrayBuffer(textData.length);
    var int8Array = new Int8Array(arrayBuffer);
    for (var i = 0; i < textData.length; i++) int8Array[i] = textData.charCodeAt(i);
    return validateStreamFromString(new Response(arrayBuffer).body.getReader({ mode }), textData);
  }, `Read array buffer response's body as readableStream with mode=${mode}`);
}
test(function() { assert_equals(Response.error().body, null); }, "Getting an error Response stream");
test(function() { assert_equals(Response.redirect("http://example.test/").body, null); }, "Getting a redirect Response stream");

// --- After web-platform-tests/wpt fetch/api/body/mime-type.any.js ---
[
  () => new Request("about:blank", { headers: { "Content-Type": "text/plain" } }),
  () => new Response("", { headers: { "Content-Type": "text/plain" } })
].forEach((bodyContainerCreator, i) => {
  promise_test(async () => {
    const bodyContainer = bodyContainerCreator();
    bodyContainer.headers.set("Content-Type", "test/test");
    assert_equals((await bodyContainer.blob()).type, "test/test");
  }, `blob() MIME type follows the current headers (${i === 0 ? "Request" : "Response"})`);
});

runTests();
