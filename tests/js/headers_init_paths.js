// HeadersInit through each path: pairs the conversion marks as needing no
// append steps are taken as they are, the rest are normalized and checked in
// order; a Response's Headers object is made on first use and stays live.
const show = (label, f) => { try { console.log(label, JSON.stringify(f())); } catch (e) { console.log(label, `${e.constructor.name}: ${e.message}`); } };
show("mixed record", () => [...new Response("", { headers: { "content-type": "a/b", "X-Up": " padded\t", "vary": "x" } }).headers]);
show("plain then invalid", () => new Response("", { headers: { "content-type": "a/b", "x-bad": "a\nb" } }));
show("sequence mixed", () => [...new Headers([["accept", "*/*"], ["Accept-Language", "en"], ["etag", "\"1\""]])]);
show("same object", () => { const r = new Response("x"); return r.headers === r.headers; });
show("set then clone", () => { const r = new Response("x", { headers: { etag: "1" } }); r.headers.set("etag", "2"); return [...r.clone().headers]; });
show("immutable from error", () => { Response.error().headers.set("a", "b"); });
show("redirect location", () => [...Response.redirect("http://h/p", 301).headers]);
show("headers of headers", () => [...new Response("", { headers: new Headers({ "content-type": "t/x", a: "1" }) }).headers]);
show("long value", () => new Response("", { headers: { "cache-control": "x".repeat(70) + " " } }).headers.get("cache-control").length);
show("request init", () => [...new Request("http://h/", { headers: { "content-type": "a/b", B: " c " } }).headers]);
show("request copy", () => [...new Request(new Request("http://h/", { headers: { accept: "x" } }), { method: "POST" }).headers]);
