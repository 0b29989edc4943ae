// Response construction, static methods, clone and inspection.
function show(label, fn) {
  try {
    const value = fn();
    console.log(label, typeof value === "string" ? value : JSON.stringify(value));
  } catch (e) {
    console.log(label, `${e.constructor.name}: ${e.message}`);
  }
}
const describe = (r) => [r.type, r.status, r.ok, r.statusText, r.url, r.redirected, [...r.headers], r.body === null, r.bodyUsed];

show("default", () => describe(new Response()));
show("null body", () => describe(new Response(null)));
show("undefined body", () => describe(new Response(undefined)));
show("string body", () => describe(new Response("hi", { status: 201, statusText: "Created", headers: { "X-A": "1" } })));
show("empty string body", () => new Response("").body !== null);

// Status range and wrapping as an unsigned short.
for (const status of [199, 200, 299, 300, 599, 600, 0, -1, 65536 + 204, 1e10]) {
  show(`status ${status}`, () => [new Response(null, { status }).status, new Response(null, { status }).ok]);
}
show("status NaN", () => new Response(null, { status: NaN }));

// statusText must be a reason-phrase ByteString.
show("statusText tab/latin1", () => new Response(null, { statusText: "OK\tfine \u00ff" }).statusText);
show("statusText newline", () => new Response(null, { statusText: "a\nb" }));
show("statusText CR", () => new Response(null, { statusText: "a\rb" }));
show("statusText non-ByteString", () => new Response(null, { statusText: "\u0100" }));
show("statusText DEL", () => new Response(null, { statusText: "\u007f" }));

// Null body statuses refuse a body (the constructor allows 200-599 only).
for (const status of [204, 205, 304]) {
  show(`null body status ${status}`, () => new Response("x", { status }));
  show(`null body status ${status} without body`, () => new Response(null, { status }).status);
  show(`null body status ${status} empty string`, () => new Response("", { status }));
}

// Headers init and the Content-Type from the body.
show("headers pairs", () => [...new Response("x", { headers: [["A", "1"], ["a", "2"]] }).headers]);
show("own content-type kept", () => new Response("x", { headers: { "content-type": "text/html" } }).headers.get("Content-Type"));
show("bad headers", () => new Response(null, { headers: { "a b": "x" } }));
show("bad body type", () => new Response(Symbol("x")));
show("object body stringified", () => new Response({}).headers.get("content-type"));

// Response.error()
const error = Response.error();
show("error", () => describe(error));
show("error headers immutable", () => error.headers.set("a", "b"));

// Response.redirect()
const redirect = Response.redirect("https://example.com/a b?x#y", 301);
show("redirect", () => describe(redirect));
show("redirect default status", () => Response.redirect("http://example.com/").status);
for (const status of [301, 302, 303, 307, 308, 200, 300, 304, 309]) {
  show(`redirect ${status}`, () => Response.redirect("http://example.com/", status).status);
}
show("redirect relative", () => Response.redirect("/relative"));
show("redirect invalid", () => Response.redirect("http://[bad"));
show("redirect no args", () => Response.redirect());

// Response.json()
const json = Response.json({ a: [1, "two"] }, { status: 202, headers: { "X-J": "1" } });
show("json", () => describe(json));
show("json content-type override", () => Response.json(1, { headers: { "Content-Type": "application/problem+json" } }).headers.get("content-type"));
show("json undefined", () => Response.json(undefined));
show("json symbol", () => Response.json(Symbol("s")));
show("json function", () => Response.json(() => 1));
show("json bigint", () => Response.json(1n));
show("json null body status", () => Response.json(null, { status: 204 }));
show("json bad status", () => Response.json(null, { status: 100 }));
show("json headers mutable", () => { const h = Response.json(null).headers; h.set("x", "1"); return h.get("x"); });
show("json no args", () => Response.json());
show("statics enumerable", () => ["error", "redirect", "json"].map((k) => Object.getOwnPropertyDescriptor(Response, k).enumerable));

// clone()
const original = new Response("body text", { status: 203, statusText: "Partial", headers: { "X-O": "1" } });
const copy = original.clone();
show("clone", () => describe(copy));
copy.headers.set("X-O", "changed");
show("clone headers independent", () => original.headers.get("x-o"));
show("clone error guard", () => error.clone().headers.append("a", "b"));

(async () => {
  console.log("clone bodies", await original.text(), "|", await copy.text());
  show("clone after use", () => original.clone());
  console.log(await json.json());
  console.log(JSON.stringify(await Response.json("\uDEAD\uD834x").text()));
  show("redirect body", () => redirect.body);
  console.log("error text", JSON.stringify(await error.text()));
  show("brand status", () => Object.getOwnPropertyDescriptor(Response.prototype, "status").get.call(new Request("http://e.example/")));
  show("members", () => Object.keys(Response.prototype).sort());
  show("toStringTag", () => Object.prototype.toString.call(original));
  show("no new", () => Response());
  // Inspection without a body stream (the stream's format belongs to 11_streams).
  console.log(new Response(null, { status: 404, statusText: "Not Found", headers: { "X-Y": "z" } }));
  console.log(Response.error());
})();
