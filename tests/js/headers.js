// Headers: validation, normalisation, combining, Set-Cookie, ordering, guards.
function show(label, fn) {
  try {
    console.log(label, JSON.stringify(fn()));
  } catch (e) {
    console.log(label, `${e.constructor.name}: ${e.message}`);
  }
}

// Construction from a record, a sequence of pairs and another Headers.
const fromRecord = new Headers({ "Content-Type": "text/plain", "X-B": "2", "x-a": "1" });
show("record", () => [...fromRecord]);
const fromPairs = new Headers([["X-Z", "z"], ["x-y", "y1"], ["X-Y", "y2"]]);
show("pairs", () => [...fromPairs]);
show("copy", () => [...new Headers(fromPairs)]);
show("empty", () => [...new Headers()]);
show("undefined", () => [...new Headers(undefined)]);
show("null init", () => new Headers(null));
show("number init", () => new Headers(1));
show("pair of 3", () => new Headers([["a", "b", "c"]]));
show("pair of 1", () => new Headers([["a"]]));
show("non-iterable pair", () => new Headers([1]));

// Name and value validation names the bad input.
show("bad name", () => new Headers({ "bad name": "x" }));
show("bad name append", () => new Headers().append("a:b", "x"));
show("empty name", () => new Headers().append("", "x"));
show("bad value NUL", () => new Headers().append("a", "x\0y"));
show("bad value LF", () => new Headers().set("a", "x\ny"));
show("bad value CR", () => new Headers().append("a", "x\ry"));
show("non-ByteString", () => new Headers().append("a", "\u0100"));
show("get bad name", () => new Headers().get("a b"));
show("has bad name", () => new Headers().has("é"));
show("delete bad name", () => new Headers().delete("("));
show("latin-1 value ok", () => { const h = new Headers(); h.append("a", "caf\u00e9"); return h.get("a"); });

// Value normalisation strips leading/trailing HTTP whitespace only.
const ws = new Headers();
ws.append("a", " \t x y \r\n");
ws.set("b", "\n\n v \t");
show("normalised", () => [ws.get("a"), ws.get("b")]);
show("inner whitespace kept", () => new Headers({ a: "1 \t 2" }).get("a"));

// Case-insensitive access, combining with ", ".
const combined = new Headers();
combined.append("Accept", "text/html");
combined.append("ACCEPT", "application/json");
combined.append("accept", "");
show("combined get", () => combined.get("aCcEpT"));
show("has", () => [combined.has("ACCEPT"), combined.has("nope")]);
show("missing get", () => combined.get("nope"));
combined.set("Accept", "*/*");
show("set replaces all", () => [...combined]);
combined.delete("ACCEPT");
show("deleted", () => [...combined]);

// Set-Cookie is never combined by iteration or getSetCookie, only by get().
const cookies = new Headers([
  ["x-b", "1"], ["Set-Cookie", "z=1"], ["a-a", "2"], ["set-cookie", "a=2; Path=/"], ["X-B", "3"], ["set-cookie2", "q"],
]);
show("cookie iteration", () => [...cookies]);
show("getSetCookie", () => cookies.getSetCookie());
show("get set-cookie", () => cookies.get("Set-Cookie"));
show("getSetCookie none", () => new Headers().getSetCookie());
show("keys", () => [...cookies.keys()]);
show("values", () => [...cookies.values()]);
const seen = [];
cookies.forEach(function (value, name, object) {
  seen.push(`${name}=${value}:${object === cookies}:${this.tag}`);
}, { tag: "T" });
show("forEach", () => seen);

// Iteration is live over the sorted list (WebIDL pair iterator).
const live = new Headers({ foo: "2", baz: "1", BAR: "0", quux: "3" });
const liveKeys = [];
for (const [name] of live) {
  liveKeys.push(name);
  if (name === "baz") live.append("X-yZ", "4");
}
show("live append", () => liveKeys);
const iterator = new Headers({ b: "1" }).entries();
show("iterator tag", () => [Object.prototype.toString.call(iterator), typeof iterator.next,
  Object.getPrototypeOf(Object.getPrototypeOf(iterator)) === Object.getPrototypeOf(Object.getPrototypeOf([].values()))]);
show("iterator done twice", () => [iterator.next(), iterator.next(), iterator.next()]);

// A Headers whose iterator was replaced is read through that iterator.
const custom = new Headers({ ignored: "x" });
custom[Symbol.iterator] = function* () { yield ["from-iterator", "1"]; };
show("custom iterator", () => [...new Headers(custom).keys()]);

// Forbidden request headers are not filtered (server-side runtime).
const forbidden = new Request("http://example.com/", { headers: { Host: "a.example", Cookie: "c=1", "Content-Length": "3" } });
show("forbidden kept", () => [...forbidden.headers]);
show("set-cookie on response", () => new Response(null, { headers: { "Set-Cookie": "s=1" } }).headers.getSetCookie());

// Guards: immutable rejects changes (after validating the arguments).
const immutable = Response.error().headers;
show("immutable append", () => immutable.append("a", "b"));
show("immutable set", () => immutable.set("a", "b"));
show("immutable delete", () => immutable.delete("a"));
show("immutable bad name first", () => immutable.append("a b", "c"));
show("redirect headers immutable", () => Response.redirect("http://example.com/x").headers.set("a", "b"));

// request-no-cors keeps only no-CORS-safelisted request headers.
const noCors = new Request("http://example.com/", {
  mode: "no-cors",
  headers: [["Accept", "text/html"], ["X-Custom", "1"], ["Content-Type", "application/json"], ["Range", "bytes=0-1"],
    ["Content-Language", "en"]],
});
show("no-cors filtered", () => [...noCors.headers]);
noCors.headers.set("Content-Type", "text/plain");
noCors.headers.append("X-Other", "1");
show("no-cors after set", () => [...noCors.headers]);

// Brand checks.
show("brand get", () => Headers.prototype.get.call({}, "a"));
show("brand iterator", () => Headers.prototype.entries.call({}));
show("no new", () => Headers());
show("required args", () => new Headers().append("a"));
show("toStringTag", () => [Object.prototype.toString.call(new Headers()), typeof Headers.prototype[Symbol.iterator],
  Headers.prototype[Symbol.iterator] === Headers.prototype.entries]);
show("global descriptor", () => {
  const d = Object.getOwnPropertyDescriptor(globalThis, "Headers");
  return [d.writable, d.enumerable, d.configurable];
});
show("enumerable members", () => Object.keys(Headers.prototype));
console.log(new Headers([["b", "2"], ["A", "1"], ["set-cookie", "x"], ["set-cookie", "y"]]));
