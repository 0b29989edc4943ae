// fetch() of data: URLs (Fetch "data: URL processor"): MIME types, percent-
// decoding, forgiving base64, failures; no network involved.
"use strict";
async function show(url, init) {
  try {
    const r = await fetch(url, init);
    const bytes = new Uint8Array(await r.arrayBuffer());
    console.log(JSON.stringify(url), r.status, r.statusText, JSON.stringify(r.headers.get("content-type")),
      JSON.stringify(Array.from(bytes)), r.url === url.split("#")[0] || r.url === url, r.redirected, r.type);
  } catch (e) {
    console.log(JSON.stringify(url), `${e.name}: ${e.message}`, e.cause && `(${e.cause.code}: ${e.cause.message})`);
  }
}
(async () => {
  await show("data:,A%20brief%20note");
  await show("data:text/plain;charset=utf-8,%C3%A9");
  await show("data:;base64,SGk=");
  await show("data:text/html;base64,PGg+aGk8L2g+");
  await show("data:image/png ;  BASE64 ,iVBO");
  await show("data:text/plain;a=b;charset=\"x y\",z");
  await show("data:x/x;base64;x,WIP");
  await show("data:,%zz%41");
  await show("data:,a#frag");
  await show("data:;base64,SGk");
  await show("data:;base64,S=Gk");
  await show("data:text/plain");
  await show("data:,post works", { method: "POST", body: "ignored" });
  // fetch(string) converts its input to a USVString: a lone surrogate is U+FFFD (EF BF BD).
  const lone = await fetch("data:,a\uD800b");
  console.log("lone surrogate", lone.url, JSON.stringify(Array.from(new Uint8Array(await lone.arrayBuffer()))));
  const r = await fetch("data:application/json,%7B%22n%22%3A42%7D");
  console.log("json", (await r.json()).n);
  const big = "data:;base64," + btoa("z".repeat(3 * 1024 * 1024));
  const bytes = await (await fetch(big)).arrayBuffer();
  console.log("3 MB data: URL", bytes.byteLength);
  console.log("stats", JSON.stringify(nano.fetchStats()));
})();
