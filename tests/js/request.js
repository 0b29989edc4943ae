// Request construction: URL, method, mode/cache rules, headers, body, signal, clone.
function show(label, fn) {
  try {
    const value = fn();
    console.log(label, typeof value === "string" ? value : JSON.stringify(value));
  } catch (e) {
    console.log(label, `${e.constructor.name}: ${e.message}`);
  }
}

// URLs must be absolute; credentials are refused; the fragment is kept.
show("url", () => new Request("https://Example.COM:443/a/../b?q=1#frag").url);
show("relative url", () => new Request("/relative"));
show("empty url", () => new Request(""));
show("credentials", () => new Request("http://user:pass@example.com/"));
show("username only", () => new Request("http://user@example.com/"));
show("URL object", () => new Request(new URL("http://example.com/x")).url);
show("no argument", () => new Request());
show("no new", () => Request("http://example.com/"));

// Defaults.
const plain = new Request("http://example.com/");
show("defaults", () => [plain.method, plain.destination, plain.referrer, plain.referrerPolicy, plain.mode,
  plain.credentials, plain.cache, plain.redirect, plain.integrity, plain.keepalive, plain.isReloadNavigation,
  plain.isHistoryNavigation, plain.duplex, plain.body, plain.bodyUsed, plain.signal.aborted]);

// Methods: normalised when they match a known method, validated, forbidden ones refused.
for (const method of ["get", "Post", "delete", "options", "put", "head", "patch", "PATCH", "X-CUSTOM", "m!#$"]) {
  show(`method ${method}`, () => new Request("http://example.com/", { method }).method);
}
for (const method of ["CONNECT", "trace", "Track", "bad method", "", "a,b", "\u00e9"]) {
  show(`method ${JSON.stringify(method)}`, () => new Request("http://example.com/", { method }));
}

// Enum members and the rules between them.
show("bad mode", () => new Request("http://example.com/", { mode: "bogus" }));
show("navigate mode", () => new Request("http://example.com/", { mode: "navigate" }));
show("bad cache", () => new Request("http://example.com/", { cache: "x" }));
show("only-if-cached + cors", () => new Request("http://example.com/", { cache: "only-if-cached" }));
show("only-if-cached + same-origin", () => new Request("http://example.com/", { cache: "only-if-cached", mode: "same-origin" }).cache);
show("no-cors PUT", () => new Request("http://example.com/", { mode: "no-cors", method: "PUT" }));
show("bad redirect", () => new Request("http://example.com/", { redirect: "sometimes" }));
show("bad credentials", () => new Request("http://example.com/", { credentials: "all" }));
show("bad referrerPolicy", () => new Request("http://example.com/", { referrerPolicy: "invalid" }));
show("bad priority", () => new Request("http://example.com/", { priority: "urgent" }));
show("window", () => new Request("http://example.com/", { window: {} }));
show("window null ok", () => new Request("http://example.com/", { window: null }).url);
show("bad signal", () => new Request("http://example.com/", { signal: {} }));
const all = new Request("http://example.com/", {
  method: "POST", mode: "same-origin", credentials: "include", cache: "no-store", redirect: "manual",
  referrer: "", referrerPolicy: "no-referrer", integrity: "sha256-abc", keepalive: true, priority: "high",
});
show("all members", () => [all.method, all.mode, all.credentials, all.cache, all.redirect, all.referrer,
  all.referrerPolicy, all.integrity, all.keepalive]);
show("referrer absolute", () => new Request("http://example.com/", { referrer: "https://other.example/page" }).referrer);
show("referrer about:client", () => new Request("http://example.com/", { referrer: "about:client" }).referrer);
show("referrer relative", () => new Request("http://example.com/", { referrer: "/x" }));

// GET/HEAD cannot have a body; stream bodies need duplex: "half".
show("GET body", () => new Request("http://example.com/", { body: "x" }));
show("HEAD body", () => new Request("http://example.com/", { method: "HEAD", body: "x" }));
show("GET null body ok", () => new Request("http://example.com/", { body: null }).body);
show("stream without duplex", () => new Request("http://example.com/", { method: "POST", body: new ReadableStream() }));
show("duplex full", () => new Request("http://example.com/", { method: "POST", body: "x", duplex: "full" }));
show("keepalive stream", () => new Request("http://example.com/", {
  method: "POST", body: new ReadableStream(), duplex: "half", keepalive: true }));
const stream = new ReadableStream();
show("stream held as is", () => new Request("http://example.com/", { method: "POST", body: stream, duplex: "half" }).body === stream);
const locked = new ReadableStream();
locked.getReader();
show("locked stream", () => new Request("http://example.com/", { method: "POST", body: locked, duplex: "half" }));

// Content-Type comes from the body unless the headers give one.
show("type from body", () => new Request("http://example.com/", { method: "POST", body: "x" }).headers.get("content-type"));
show("type from headers", () => new Request("http://example.com/", {
  method: "POST", body: "x", headers: { "Content-Type": "application/json" } }).headers.get("content-type"));
show("urlencoded type", () => new Request("http://example.com/", {
  method: "POST", body: new URLSearchParams("a=1") }).headers.get("content-type"));
show("bytes no type", () => new Request("http://example.com/", { method: "POST", body: new Uint8Array(1) }).headers.has("content-type"));

// A Request made from a Request copies its state; any init member resets
// navigation/referrer state; init.headers replaces the headers.
const base = new Request("http://example.com/base#f", {
  method: "PUT", headers: { "X-A": "1" }, body: "payload", redirect: "error", referrer: "http://ref.example/",
});
const copy = new Request(base);
show("copy", () => [copy.method, copy.url, copy.redirect, copy.referrer, [...copy.headers]]);
show("input body used", () => [base.bodyUsed, copy.bodyUsed]);
show("input reuse", () => new Request(base));
show("input reuse with body ok", () => new Request(base, { body: "other" }).method);
const withInit = new Request(copy.clone(), { headers: { "X-B": "2" } });
show("init headers replace", () => [...withInit.headers]);
show("init resets referrer", () => withInit.referrer);
show("init method to GET with body", () => new Request(new Request("http://example.com/", { method: "POST", body: "x" }), { method: "GET" }));

// Signals: follow init.signal, else the input's signal; clone follows too.
const controller = new AbortController();
const signalled = new Request("http://example.com/", { signal: controller.signal });
show("signal is dependent", () => [signalled.signal !== controller.signal, signalled.signal.aborted]);
const fromInput = new Request(signalled);
const nullSignal = new Request(signalled, { signal: null });
const cloned = signalled.clone();
controller.abort(new Error("stop"));
show("signal follows", () => [signalled.signal.aborted, signalled.signal.reason.message, fromInput.signal.aborted,
  cloned.signal.aborted, nullSignal.signal.aborted]);
show("aborted signal", () => new Request("http://example.com/", { signal: AbortSignal.abort("why") }).signal.reason);

// clone() copies everything and tees the body; unusable bodies cannot be cloned.
const original = new Request("http://example.com/c", { method: "POST", body: "clone me", headers: { "X-C": "3" }, mode: "no-cors" });
const twin = original.clone();
show("clone fields", () => [twin.method, twin.url, twin.mode, [...twin.headers], twin !== original, twin.headers !== original.headers]);
twin.headers.append("Accept", "x");
show("clone headers independent", () => original.headers.has("accept"));
show("clone guard kept", () => { twin.headers.append("X-Not-Safelisted", "1"); return twin.headers.has("x-not-safelisted"); });

Promise.all([original.text(), twin.text()]).then(([a, b]) => {
  show("clone bodies", () => [a, b, original.bodyUsed, twin.bodyUsed]);
  show("clone used", () => original.clone());
  return copy.text();
}).then((text) => {
  show("copied body", () => text);
  // Brand checks and interface shape.
  show("brand getter", () => Object.getOwnPropertyDescriptor(Request.prototype, "url").get.call({}));
  show("brand clone", () => Request.prototype.clone.call(new Response()));
  return Request.prototype.text.call({}).catch((e) => `${e.constructor.name}: ${e.message}`);
}).then((message) => {
  show("brand text rejects", () => message);
  show("members", () => Object.keys(Request.prototype).sort());
  show("toStringTag", () => Object.prototype.toString.call(plain));
  // Inspection: Node-style "Request { method: ..., url: ... }" (formatting of the
  // nested signal and stream belongs to their own files, so a stand-in inspect).
  const custom = Symbol.for("nodejs.util.inspect.custom");
  const fakeInspect = (value) => JSON.stringify(value, (key, v) => (typeof v === "object" && v !== null && key !== "" ? v.constructor.name : v));
  show("inspect", () => new Request("http://example.com/i", { method: "POST", body: "x" })[custom](2, {}, fakeInspect));
  show("inspect depth", () => plain[custom](-1, {}, fakeInspect));
});
