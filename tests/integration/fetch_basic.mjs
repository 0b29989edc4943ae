// fetch() over plain HTTP: methods, headers, bodies, status, framing, content
// codings, redirects, keep-alive, data: URLs and network errors.
import { check, config, describe, done, eq, expectNoLeaks, isFetchError, pattern, rejects } from "./fetch_lib.mjs";

const base = `http://127.0.0.1:${config.port}`;
const other = `http://127.0.0.1:${config.port2}`;
const fresh = `http://127.0.0.1:${config.port3}`;
const echo = async (url, init) => (await fetch(url, init)).json();

// --- GET and the response object ---------------------------------------------------
{
  const r = await fetch(`${base}/hello`);
  eq("get.status", r.status, 200);
  eq("get.ok", r.ok, true);
  eq("get.statusText", r.statusText, "OK");
  eq("get.contentType", r.headers.get("content-type"), "text/plain; charset=utf-8");
  eq("get.contentLength", r.headers.get("content-length"), "11");
  eq("get.url", r.url, `${base}/hello`);
  eq("get.redirected", r.redirected, false);
  eq("get.type", r.type, "basic");
  check("get.body is a ReadableStream", r.body instanceof ReadableStream);
  eq("get.text", await r.text(), "hello world");
  eq("get.bodyUsed", r.bodyUsed, true);
}
{
  const r = await fetch(new URL(`${base}/hello`));
  eq("get.URL object input", await r.text(), "hello world");
  const viaRequest = await fetch(new Request(`${base}/hello`));
  eq("get.Request input", await viaRequest.text(), "hello world");
}
{
  const r = await fetch(`http://localhost:${config.port}/hello`);
  eq("get.localhost (getaddrinfo)", await r.text(), "hello world");
}

// --- request headers -----------------------------------------------------------------
{
  const j = await echo(`${base}/echo?x=1`, { headers: { "X-Custom": "abc", Accept: "application/json" } });
  eq("headers.method", j.method, "GET");
  eq("headers.path with query", j.path, "/echo?x=1");
  eq("headers.custom", j.headers["x-custom"], "abc");
  eq("headers.accept kept", j.headers.accept, "application/json");
  eq("headers.host", j.headers.host, `127.0.0.1:${config.port}`);
  check("headers.user-agent default", j.headers["user-agent"]?.startsWith("nano/"), j.headers["user-agent"]);
  eq("headers.accept-encoding default", j.headers["accept-encoding"], "gzip, deflate, br");
  eq("headers.no body framing on GET", [j.headers["content-length"], j.headers["transfer-encoding"]], [undefined, undefined]);
  const d = await echo(`${base}/echo`);
  eq("headers.accept default", d.headers.accept, "*/*");
  const ua = await echo(`${base}/echo`, { headers: { "User-Agent": "custom-agent/1" } });
  eq("headers.user-agent override", ua.headers["user-agent"], "custom-agent/1");
}

// --- request bodies ---------------------------------------------------------------------
{
  let j = await echo(`${base}/echo`, { method: "POST", body: "h\u00e9llo" });
  eq("post.string body (UTF-8)", j.body, "h\u00c3\u00a9llo");
  eq("post.string content-type", j.headers["content-type"], "text/plain;charset=UTF-8");
  eq("post.string content-length", j.headers["content-length"], "6");
  j = await echo(`${base}/echo`, { method: "POST", body: new Uint8Array([0, 1, 2, 255]) });
  eq("post.Uint8Array", [j.length, j.body], [4, "\u0000\u0001\u0002\u00ff"]);
  eq("post.Uint8Array no content-type", j.headers["content-type"], undefined);
  j = await echo(`${base}/echo`, { method: "POST", body: new Uint16Array([0x4241]).buffer });
  eq("post.ArrayBuffer", j.body, "AB");
  j = await echo(`${base}/echo`, { method: "POST", body: new DataView(new Uint8Array([65, 66, 67, 68]).buffer, 1, 2) });
  eq("post.DataView", j.body, "BC");
  j = await echo(`${base}/echo`, { method: "POST", body: new Blob(["blob ", "data"], { type: "text/x-blob" }) });
  eq("post.Blob", [j.body, j.headers["content-type"]], ["blob data", "text/x-blob"]);
  const form = new FormData();
  form.append("field", "value");
  form.append("file", new Blob(["file content"], { type: "text/plain" }), "a.txt");
  j = await echo(`${base}/echo`, { method: "POST", body: form });
  check("post.FormData multipart content-type",
    /^multipart\/form-data; boundary=/.test(j.headers["content-type"]), j.headers["content-type"]);
  check("post.FormData body", j.body.includes('name="field"') && j.body.includes("value") &&
    j.body.includes('filename="a.txt"') && j.body.includes("file content"), j.body);
  eq("post.FormData content-length", Number(j.headers["content-length"]), j.length);
  j = await echo(`${base}/echo`, { method: "POST", body: new URLSearchParams({ a: "1", b: "x y" }) });
  eq("post.URLSearchParams", [j.body, j.headers["content-type"]],
    ["a=1&b=x+y", "application/x-www-form-urlencoded;charset=UTF-8"]);
  j = await echo(`${base}/echo`, { method: "PUT" });
  eq("put.no body sends content-length 0", [j.method, j.headers["content-length"]], ["PUT", "0"]);
  j = await echo(`${base}/echo`, { method: "DELETE" });
  eq("delete.method", j.method, "DELETE");
  j = await echo(`${base}/echo`, { method: "PATCH", body: "p" });
  eq("patch.method and body", [j.method, j.body], ["PATCH", "p"]);
  const big = "x".repeat(3 * 1024 * 1024);
  j = await echo(`${base}/echo`, { method: "POST", body: big });
  eq("post.3 MB string", j.length, big.length);
}

// --- status codes and framing ----------------------------------------------------------
{
  let r = await fetch(`${base}/status/404`);
  eq("status.404", [r.status, r.ok, r.statusText, await r.text()], [404, false, "Not Found", "status 404"]);
  r = await fetch(`${base}/status/201?reason=Very%20Fine`);
  eq("status.custom reason phrase", [r.status, r.statusText], [201, "Very Fine"]);
  await r.arrayBuffer();
  r = await fetch(`${base}/status/500`);
  eq("status.500", [r.status, r.ok], [500, false]);
  await r.text();
  r = await fetch(`${base}/status/204`);
  eq("status.204 has a null body", [r.status, r.body], [204, null]);
  r = await fetch(`${base}/hello`, { method: "HEAD" });
  eq("head.no body", [r.status, r.body, r.headers.get("content-length")], [200, null, "11"]);
  r = await fetch(`${base}/hello`);
  eq("head.connection still usable after HEAD", await r.text(), "hello world");

  r = await fetch(`${base}/chunked?count=5`);
  const reader = r.body.getReader();
  let text = "";
  let reads = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    check("chunked.chunks are Uint8Array", value instanceof Uint8Array);
    text += new TextDecoder().decode(value);
    reads++;
  }
  eq("chunked.body", text, "chunk 0;chunk 1;chunk 2;chunk 3;chunk 4;");
  check("chunked.arrives in pieces", reads > 1, `reads=${reads}`);
  r = await fetch(`${base}/delay?ms=0&size=1000000`);
  const bytes = new Uint8Array(await r.arrayBuffer());
  eq("content-length.1 MB body", bytes.length, 1000000);
  eq("content-length.content", new TextDecoder().decode(bytes.subarray(0, 1000)), pattern(1000));
  r = await fetch(`${base}/no-length`);
  eq("eof-delimited body", (await r.text()).length, 30000);
}

// --- content codings -------------------------------------------------------------------
for (const coding of ["gzip", "gzip-multi", "deflate", "deflate-raw", "br", "gzip, br", "identity"]) {
  for (const chunked of [false, true]) {
    const size = 300000;
    const r = await fetch(`${base}/encoded?coding=${encodeURIComponent(coding)}&size=${size}${chunked ? "&chunked=1" : ""}`);
    const text = await r.text();
    eq(`coding.${coding}${chunked ? " chunked" : ""}`, [text.length, text === pattern(size)], [size, true]);
  }
}
{
  const r = await fetch(`${base}/encoded?coding=gzip&size=5000000`);
  let total = 0;
  let chunks = 0;
  for await (const chunk of r.body) {
    total += chunk.length;
    chunks++;
  }
  eq("coding.5 MB gzip streamed", total, 5000000);
  check("coding.decoded in bounded chunks", chunks >= 5000000 / 65536, `chunks=${chunks}`);
  const bad = await fetch(`${base}/encoded?coding=corrupt&size=100000`);
  eq("coding.corrupt: head still arrives", bad.status, 200);
  await rejects("coding.corrupt gzip errors the body", bad.text(),
    (e) => e instanceof TypeError && e.cause?.code === "Z_DATA_ERROR");
}

// --- redirects -----------------------------------------------------------------------------
{
  const post = { method: "POST", body: "payload", headers: { "content-type": "text/plain", "x-keep": "1" } };
  let r = await fetch(`${base}/redirect/301?to=/echo`, post);
  let j = await r.json();
  eq("redirect.301 POST becomes GET", [j.method, j.body, j.headers["content-type"], j.headers["content-length"]],
    ["GET", "", undefined, undefined]);
  eq("redirect.301 keeps other headers", j.headers["x-keep"], "1");
  eq("redirect.301 response", [r.status, r.redirected, r.url], [200, true, `${base}/echo`]);
  j = await echo(`${base}/redirect/302?to=/echo`, post);
  eq("redirect.302 POST becomes GET", [j.method, j.body], ["GET", ""]);
  j = await echo(`${base}/redirect/303?to=/echo`, { method: "PUT", body: "x" });
  eq("redirect.303 PUT becomes GET", [j.method, j.body], ["GET", ""]);
  j = await echo(`${base}/redirect/301?to=/echo`, { method: "PUT", body: "put body" });
  eq("redirect.301 PUT stays PUT", [j.method, j.body], ["PUT", "put body"]);
  j = await echo(`${base}/redirect/307?to=/echo`, post);
  eq("redirect.307 keeps method and body", [j.method, j.body, j.headers["content-type"]],
    ["POST", "payload", "text/plain"]);
  j = await echo(`${base}/redirect/308?to=/echo`, post);
  eq("redirect.308 keeps method and body", [j.method, j.body], ["POST", "payload"]);
  r = await fetch(`${base}/redirect/302?to=../hello`);
  eq("redirect.relative location", [await r.text(), r.url], ["hello world", `${base}/hello`]);
  r = await fetch(`${base}/redirect/302?to=${encodeURIComponent(`${other}/echo`)}`,
    { headers: { Authorization: "Bearer secret", "X-Other": "kept" } });
  j = await r.json();
  eq("redirect.cross-origin drops Authorization", [j.headers.authorization, j.headers["x-other"]], [undefined, "kept"]);
  eq("redirect.cross-origin url", r.url, `${other}/echo`);
  j = await echo(`${base}/redirect/302?to=/echo`, { headers: { Authorization: "Bearer secret" } });
  eq("redirect.same-origin keeps Authorization", j.headers.authorization, "Bearer secret");
  r = await fetch(`${base}/loop?stop=20`);
  eq("redirect.20 redirects are followed", [await r.text(), r.redirected], ["stopped after 20", true]);
  await rejects("redirect.the 21st is a network error", fetch(`${base}/loop?stop=21`),
    isFetchError("ERR_TOO_MANY_REDIRECTS"));
  await rejects("redirect.mode error", fetch(`${base}/redirect/302?to=/hello`, { redirect: "error" }),
    isFetchError("ERR_REDIRECT"));
  r = await fetch(`${base}/redirect/302?to=/hello`, { redirect: "manual" });
  eq("redirect.mode manual returns the 3xx", [r.status, r.headers.get("location"), r.redirected, await r.text()],
    [302, "/hello", false, "moved"]);
  await rejects("redirect.to a non-HTTP scheme", fetch(`${base}/redirect/302?to=${encodeURIComponent("ftp://x/")}`),
    isFetchError("ERR_INVALID_REDIRECT"));
  r = await fetch(`${base}/redirect/302`, { redirect: "follow" });
  eq("redirect.default location /echo", r.url, `${base}/echo`);
  await r.arrayBuffer();
}

// --- keep-alive ------------------------------------------------------------------------------
{
  const before = nano.fetchStats();
  for (let i = 0; i < 10; i++) {
    const r = await fetch(`${fresh}/hello`);
    await r.text();
  }
  const count = await (await fetch(`${fresh}/conn-count`)).text();
  eq("keepalive.11 sequential requests use 1 connection (server count)", count, "1");
  const after = nano.fetchStats();
  eq("keepalive.reuses counted", after.connectionsReused - before.connectionsReused, 10);
  eq("keepalive.one idle connection kept", after.idleConnections >= 1, true);
  const parallel = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(() => fetch(`${fresh}/delay?ms=100`).then((r) => r.text())));
  eq("keepalive.8 parallel requests succeed", parallel.length, 8);
  const total = Number(await (await fetch(`${fresh}/conn-count`)).text());
  check("keepalive.at most 6 connections per origin", total <= 6, `connections=${total}`);
  // A response not read to its end must not be reused.
  const unread = await fetch(`${fresh}/delay?ms=0&size=2000000`);
  const reader = unread.body.getReader();
  await reader.read();
  await reader.cancel();
  await expectNoLeaks("keepalive.cancelled body: connection closed, nothing pending");
}
{
  // The server drops the reused connection unanswered: retried once on a new one.
  const r1 = await fetch(`${other}/then-drop`);
  eq("keepalive.stale: first response", await r1.text(), "first");
  const before = nano.fetchStats();
  const r2 = await fetch(`${other}/hello`);
  eq("keepalive.stale: retried on a new connection", await r2.text(), "hello world");
  const after = nano.fetchStats();
  eq("keepalive.stale: one reuse attempt, one new connection",
    [after.connectionsReused - before.connectionsReused, after.connectionsOpened - before.connectionsOpened], [1, 1]);
  eq("keepalive.idle close: response", await (await fetch(`${other}/close-later`)).text(), "bye");
  const idle = nano.fetchStats();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const closed = nano.fetchStats();
  eq("keepalive.idle close: the server closing it removes it from the pool",
    [closed.idleConnections, closed.liveConnections], [idle.idleConnections - 1, idle.liveConnections - 1]);
  const post = await fetch(`${other}/then-drop`);
  await post.text();
  const j = await (await fetch(`${other}/echo`, { method: "POST", body: "resent" })).json();
  eq("keepalive.stale: a POST with a known body is resent", j.body, "resent");
}

// --- a response dropped unread is cancelled once garbage-collected ----------------------
{
  const churn = async (until) => {
    for (let round = 0; round < 200 && !until(); round++) {
      let junk = [];
      for (let i = 0; i < 40; i++) junk.push(new Array(50000).fill(round));
      junk = null;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const pendingBefore = nano.fetchStats().pendingRequests;
  const kept = await fetch(`${fresh}/delay?ms=0&size=3000000`);
  await (async () => { await fetch(`${fresh}/delay?ms=0&size=3000000`); })();  // dropped at once
  await new Promise((resolve) => setTimeout(resolve, 50));
  eq("gc.two paused responses pending", nano.fetchStats().pendingRequests, pendingBefore + 2);
  await churn(() => nano.fetchStats().pendingRequests === pendingBefore + 1);
  eq("gc.the dropped one is cancelled after GC, the kept one is not", nano.fetchStats().pendingRequests, pendingBefore + 1);
  eq("gc.the kept response still reads in full", (await kept.arrayBuffer()).byteLength, 3000000);
}

// --- data: URLs ---------------------------------------------------------------------------
{
  let r = await fetch("data:,Hello%2C%20World%21");
  eq("data.percent-encoded", [r.status, r.statusText, r.headers.get("content-type"), await r.text()],
    [200, "OK", "text/plain;charset=US-ASCII", "Hello, World!"]);
  r = await fetch("data:text/html;charset=utf-8;base64,PGI+aMOpPC9iPg==");
  eq("data.base64 with MIME type", [r.headers.get("content-type"), await r.text()], ["text/html;charset=utf-8", "<b>h\u00e9</b>"]);
  r = await fetch("data:;base64, AAEC/w ==");
  eq("data.forgiving base64", [...new Uint8Array(await r.arrayBuffer())], [0, 1, 2, 255]);
  r = await fetch("data:application/json,%7B%22a%22%3A1%7D#fragment");
  eq("data.fragment is not body", await r.json(), { a: 1 });
  r = await fetch("data:TEXT/Plain ; Charset=\"UTF-8\",x");
  eq("data.MIME type normalised", r.headers.get("content-type"), "text/plain;charset=UTF-8");
  eq("data.url", r.url, "data:TEXT/Plain ; Charset=\"UTF-8\",x");
  await rejects("data.invalid base64", fetch("data:;base64,%%%"), isFetchError("ERR_INVALID_URL"));
  await rejects("data.no comma", fetch("data:text/plain"), isFetchError("ERR_INVALID_URL"));
}

// --- errors ---------------------------------------------------------------------------------
{
  await rejects("error.unsupported scheme ftp", fetch("ftp://127.0.0.1/x"), isFetchError("ERR_UNSUPPORTED_SCHEME"));
  await rejects("error.unsupported scheme file", fetch("file:///etc/hostname"), isFetchError("ERR_UNSUPPORTED_SCHEME"));
  await rejects("error.about:blank", fetch("about:blank"), isFetchError("ERR_UNSUPPORTED_SCHEME"));
  await rejects("error.invalid URL rejects with TypeError", fetch("http://[bad"), (e) => e instanceof TypeError);
  await rejects("error.no arguments", fetch(), (e) => e instanceof TypeError);
  await rejects("error.GET with a body", fetch(`${base}/hello`, { body: "x" }), (e) => e instanceof TypeError);
  const refused = await rejects("error.connection refused", fetch(`http://127.0.0.1:${config.closedPort}/`),
    isFetchError("ECONNREFUSED"));
  check("error.refused cause names the address", refused?.cause?.message?.includes(`127.0.0.1:${config.closedPort}`),
    describe(refused));
  check("error.cause is an Error", refused?.cause instanceof Error);
  await rejects("error.response head over 256 KiB", fetch(`${base}/huge-header?size=300000`),
    isFetchError("HPE_HEADER_OVERFLOW"));
  const bigHeader = await fetch(`${base}/huge-header?size=100000`);
  eq("error.a 100 KB header is fine", bigHeader.headers.get("x-big").length, 100000);
  await bigHeader.text();
  const r = await fetch(`${base}/reset-body`);
  eq("error.reset mid-body: head arrives", r.status, 200);
  await rejects("error.reset mid-body errors the body", r.text(), isFetchError("ECONNRESET"));
  // A malformed body in the packet of its head: the Response still arrives,
  // and its body errors.
  const bad = await fetch(`${base}/bad-chunked`);
  eq("error.malformed chunk after the head: head arrives", bad.status, 200);
  await rejects("error.malformed chunk errors the body", bad.text(), isFetchError("HPE_INVALID_CHUNK_SIZE"));
  const promise = fetch(`${base}/hello`);
  check("fetch returns a promise at once", promise instanceof Promise);
  await (await promise).text();
  await expectNoLeaks("error.no live connections, handles or requests after errors");
}

done();
