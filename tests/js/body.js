// The Body mixin: every BodyInit type through every consumer, used/locked
// bodies, streamed bodies, errors.
const describeError = (e) => `${e.constructor.name}: ${e.message}`;
async function show(label, fn) {
  try {
    const value = await fn();
    console.log(label, typeof value === "string" ? value : JSON.stringify(value));
  } catch (e) {
    console.log(label, describeError(e));
  }
}
const bytesOf = (value) => Array.from(new Uint8Array(value));
const streamOf = (...chunks) => new ReadableStream({
  start(controller) {
    for (const chunk of chunks) controller.enqueue(chunk);
    controller.close();
  },
});

(async () => {
  // Each body type with each consumer.
  const makers = {
    string: () => new Response("h\u00e9llo \uD83D\uDE00"),
    "lone surrogate": () => new Response("a\uD800b"),
    ArrayBuffer: () => new Response(new Uint8Array([104, 105]).buffer),
    Uint8Array: () => new Response(new Uint8Array([0, 104, 105, 0]).subarray(1, 3)),
    DataView: () => new Response(new DataView(new Uint8Array([1, 104, 105, 2]).buffer, 1, 2)),
    Int16Array: () => new Response(new Int16Array([0x6968])),
    Blob: () => new Response(new Blob(["blob ", "text"], { type: "text/x-blob" })),
    URLSearchParams: () => new Response(new URLSearchParams([["a", "1 2"], ["b", "\u00e9"]])),
    stream: () => new Response(streamOf(new Uint8Array([115, 116]), new Uint8Array([]), new Uint8Array([114]))),
    null: () => new Response(null),
  };
  for (const [name, make] of Object.entries(makers)) {
    await show(`${name} text`, () => make().text());
    await show(`${name} bytes`, async () => bytesOf(await make().bytes()));
    await show(`${name} arrayBuffer`, async () => {
      const buffer = await make().arrayBuffer();
      return [Object.prototype.toString.call(buffer), buffer.byteLength];
    });
    await show(`${name} blob`, async () => {
      const blob = await make().blob();
      return [blob.constructor.name, blob.type, blob.size, await blob.text()];
    });
    await show(`${name} content-type`, () => make().headers.get("content-type"));
  }

  // json(): parse errors reject with SyntaxError; a BOM is dropped.
  await show("json", () => new Response('{"a":[1,true,null]}').json());
  await show("json BOM string", () => new Response('\uFEFF{"b":2}').json());
  await show("json BOM bytes", () => new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x31])).json());
  await show("json invalid", () => new Response("{nope").json().catch((e) => e.constructor.name));
  await show("json empty", () => new Response().json().catch((e) => e.constructor.name));
  await show("text BOM kept once", () => new Response("\uFEFF\uFEFFx").text().then((t) => t.length));
  // A string body's lone surrogates read back as U+FFFD through every path.
  await show("lone surrogate clone", async () => {
    const original = new Response("x\uDC00y\uD83D\uDE00");
    const copy = original.clone();
    return [await copy.text(), await original.text()];
  });
  await show("lone surrogate after BOM", () => new Response("\uFEFF\uD800").text());
  await show("lone surrogate json", () => new Response('"\uD800"').json());
  await show("lone surrogate request", () => new Request("http://h/", { method: "POST", body: "\uDBFFz" }).text());
  await show("lone surrogate stream", async () => bytesOf((await new Response("\uD800").body.getReader().read()).value));
  await show("text invalid UTF-8", () => new Response(new Uint8Array([0x61, 0xff, 0x62])).text());

  // Consuming twice, or a locked body, rejects with TypeError.
  const once = new Response("once");
  await once.text();
  await show("used twice", () => once.text());
  await show("used twice arrayBuffer", () => once.arrayBuffer());
  await show("bodyUsed", () => once.bodyUsed);
  await show("used body stream", async () => {
    const reader = once.body.getReader();
    return [once.body.locked, await reader.read()];
  });
  const lockedResponse = new Response("locked");
  const reader = lockedResponse.body.getReader();
  await show("locked text", () => lockedResponse.text());
  await show("locked bodyUsed", () => lockedResponse.bodyUsed);
  await show("locked clone", () => lockedResponse.clone());
  reader.releaseLock();
  await show("released text", () => lockedResponse.text());
  const read = new Response("partly");
  await read.body.getReader().read();
  await show("disturbed text", () => read.text());
  await show("disturbed bodyUsed", () => read.bodyUsed);
  const cancelled = new Response("cancelled");
  await cancelled.body.cancel();
  await show("cancelled", () => cancelled.bodyUsed);
  await show("cancelled text", () => cancelled.text());

  // A body read in full without a stream still reads as used through .body.
  const fast = new Response("fast");
  await fast.text();
  await show("fast path stream after use", async () => [fast.bodyUsed, fast.body.locked, await fast.body.getReader().read()]);

  // The body stream is made on request, is the same object each time, and is a byte stream.
  const lazy = new Response("lazy");
  await show("body identity", () => lazy.body === lazy.body);
  await show("byob reader", async () => {
    const byob = lazy.body.getReader({ mode: "byob" });
    const { value } = await byob.read(new Uint8Array(16));
    return [value.byteLength, new TextDecoder().decode(value)];
  });
  await show("stream body identity", () => { const s = streamOf(); return new Response(s).body === s; });

  // Stream errors and bad chunks reject the consumer.
  await show("errored stream", () => new Response(new ReadableStream({ start(c) { c.error(new RangeError("boom")); } })).text());
  await show("string chunk", () => new Response(streamOf("not bytes")).text());
  await show("Uint16Array chunk", () => new Response(streamOf(new Uint16Array(1))).arrayBuffer());
  await show("disturbed stream init", async () => {
    const s = streamOf(new Uint8Array(1));
    await s.getReader().read().catch(() => {});
    return new Response(s);
  });

  // The source is copied when the body is made.
  const source = new Uint8Array([1, 2, 3]);
  const copied = new Response(source);
  source[0] = 9;
  await show("BufferSource copied", async () => bytesOf(await copied.arrayBuffer()));
  // bytes() and arrayBuffer() results are the caller's own.
  const own = new Response("abc");
  const ownBytes = await own.bytes();
  ownBytes[0] = 0;
  await show("bytes owned", () => [ownBytes.byteOffset, ownBytes.buffer.byteLength]);

  // Request bodies behave the same.
  const request = new Request("http://example.com/", { method: "POST", body: "request body" });
  await show("request text", () => request.text());
  await show("request used", async () => [request.bodyUsed, await request.text().catch(describeError)]);
  await show("request no body", () => new Request("http://example.com/").text());
  await show("request no body blob", async () => (await new Request("http://example.com/").blob()).size);

  // blob() takes its type from Content-Type (parsed and serialized as a MIME type).
  for (const type of ["TEXT/Plain; Charset=\"utf-8\"", "text/plain;a=\"b c\"", "invalid", "*/*", "text/html, text/plain;x=1",
    "text/plain;charset=gbk, text/plain"]) {
    await show(`blob type ${JSON.stringify(type)}`, async () => (await new Response("x", { headers: { "Content-Type": type } }).blob()).type);
  }
  const retyped = new Response("", { headers: { "Content-Type": "text/plain" } });
  retyped.headers.set("Content-Type", "test/test");
  await show("blob type follows headers", async () => (await retyped.blob()).type);

  // formData() needs a form Content-Type.
  await show("formData text/plain", () => new Response("a=1").formData());
  await show("formData none", () => new Response(new Uint8Array([97])).formData());
  await show("formData urlencoded", async () => [...await new Response("a=1&b=%20&c", {
    headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" } }).formData()]);
  await show("formData from URLSearchParams", async () => [...await new Response(new URLSearchParams("x=y&x=z")).formData()]);
  await show("formData multipart no boundary", () => new Response("--x--", { headers: { "Content-Type": "multipart/form-data" } }).formData());

  // Brand checks reject; mixin members live on the prototypes.
  await show("brand text", () => Response.prototype.text.call({}));
  await show("brand body", () => Object.getOwnPropertyDescriptor(Response.prototype, "body").get.call({}));
  await show("mixin methods", () => ["arrayBuffer", "blob", "bytes", "formData", "json", "text"]
    .map((k) => typeof Response.prototype[k] === "function" && typeof Request.prototype[k] === "function"));
  await show("method names", () => [Response.prototype.text.name, Response.prototype.arrayBuffer.length]);
})();
