// fetch(): the global, argument errors, network errors as TypeError with a
// cause, already-aborted signals, and nano.fetchStats() back at zero.
"use strict";
const describe = (e) => `${e.constructor.name}: ${e.message}${e.cause ? ` [cause ${e.cause.code}: ${e.cause.message}]` : ""}`;
async function show(label, promise) {
  try {
    const r = await promise;
    console.log(label, "->", r.status);
  } catch (e) {
    console.log(label, "->", describe(e));
  }
}
const desc = Object.getOwnPropertyDescriptor(globalThis, "fetch");
console.log("global", typeof fetch, fetch.name, fetch.length, desc.enumerable, desc.writable, desc.configurable);
console.log("nano", Object.isFrozen(nano), typeof nano.fetchStats, typeof nano.exit, Array.isArray(nano.args));
(async () => {
  const p = fetch("ftp://127.0.0.1/");
  console.log("returns a promise at once", p instanceof Promise);
  await show("ftp", p);
  await show("no arguments", fetch());
  await show("invalid URL", fetch("http://exa mple.com/"));
  await show("relative URL", fetch("/relative"));
  await show("credentials in URL", fetch("http://user:pw@127.0.0.1:1/"));
  await show("bad method", fetch("http://127.0.0.1:1/", { method: "CONNECT" }));
  await show("GET with body", fetch("http://127.0.0.1:1/", { body: "x" }));
  await show("bad header", fetch("http://127.0.0.1:1/", { headers: { "a b": "c" } }));
  await show("bad redirect mode", fetch("http://127.0.0.1:1/", { redirect: "sometimes" }));
  await show("bad nano option", fetch("http://127.0.0.1:1/", { nano: { connectTimeout: "soon" } }));
  await show("refused", fetch("http://127.0.0.1:1/"));
  await show("refused https", fetch("https://127.0.0.1:1/"));
  await show("aborted signal", fetch("http://127.0.0.1:1/", { signal: AbortSignal.abort() }));
  await show("aborted with reason", fetch("http://127.0.0.1:1/", { signal: AbortSignal.abort(new RangeError("why")) }));
  const controller = new AbortController();
  const pending = fetch("http://127.0.0.1:1/", { signal: controller.signal });
  controller.abort();
  await show("aborted before the connection failed", pending);
  await new Promise((resolve) => setTimeout(resolve, 20));
  console.log("stats", JSON.stringify(nano.fetchStats(), ["liveConnections", "idleConnections", "pendingRequests", "handles", "dnsLookups"]));
})();
