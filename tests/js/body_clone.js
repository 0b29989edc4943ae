// clone() of whole and streamed bodies (tee), and Request-from-Request body takeover.
const describeError = (e) => `${e.constructor.name}: ${e.message}`;
async function show(label, fn) {
  try {
    const value = await fn();
    console.log(label, typeof value === "string" ? value : JSON.stringify(value));
  } catch (e) {
    console.log(label, describeError(e));
  }
}
const encoder = new TextEncoder();

(async () => {
  // A streamed body: clone tees it; the original's stream becomes branch 1.
  let pulls = 0;
  const parts = ["alpha ", "beta ", "gamma"];
  const source = new ReadableStream({
    pull(controller) {
      pulls++;
      if (parts.length === 0) controller.close();
      else controller.enqueue(encoder.encode(parts.shift()));
    },
  });
  const original = new Response(source);
  await show("original body is the source", () => original.body === source);
  const copy = original.clone();
  await show("after clone", () => [original.body === source, source.locked, original.body.locked, copy.body.locked,
    original.bodyUsed, copy.bodyUsed]);
  const [a, b] = await Promise.all([original.text(), copy.text()]);
  await show("both branches", () => [a, b, pulls >= 3]);
  await show("both used", () => [original.bodyUsed, copy.bodyUsed]);

  // Branches are independent: reading one fully leaves the other readable.
  const streamed = new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("one"));
      controller.enqueue(encoder.encode("two"));
      controller.close();
    },
  }));
  const second = streamed.clone();
  const third = second.clone();
  await show("first", () => streamed.text());
  await show("third", async () => new Uint8Array(await third.arrayBuffer()).length);
  await show("second", () => second.text());

  // Chunks are cloned for branch 2: changing one side's bytes does not show on the other.
  const shared = new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array([1, 2, 3]));
      controller.close();
    },
  }));
  const sharedCopy = shared.clone();
  const readerA = shared.body.getReader();
  const readerB = sharedCopy.body.getReader();
  const chunkA = (await readerA.read()).value;
  chunkA[0] = 99;
  const chunkB = (await readerB.read()).value;
  await show("chunks independent", () => [Array.from(chunkA), Array.from(chunkB)]);

  // An error in the source errors both branches.
  const failing = new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("x"));
    },
    pull(controller) {
      controller.error(new Error("source failed"));
    },
  }));
  const failingCopy = failing.clone();
  await show("error branch 1", () => failing.text());
  await show("error branch 2", () => failingCopy.text());

  // Cancelling one branch does not cancel the source while the other reads.
  let cancelled = null;
  const cancellable = new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("kept"));
      controller.close();
    },
    cancel(reason) { cancelled = reason; },
  }));
  const cancellableCopy = cancellable.clone();
  // (A tee branch's cancel() settles only once both branches are cancelled.)
  cancellable.body.cancel("one side");
  await show("other branch after cancel", () => cancellableCopy.text());
  await show("source not cancelled", () => cancelled);

  // Whole bodies clone without streams and keep their own copies.
  const whole = new Response(new Uint8Array([7, 8, 9]));
  const wholeCopy = whole.clone();
  const wholeBytes = await whole.bytes();
  wholeBytes[0] = 0;
  await show("whole clone bytes", async () => [Array.from(wholeBytes), Array.from(await wholeCopy.bytes())]);
  const text = new Response("text body");
  const textCopy = text.clone();
  await show("text clone after body access", async () => {
    const reader = text.body.getReader();
    const first = await reader.read();
    return [new TextDecoder().decode(first.value), await textCopy.text()];
  });
  // Cloning after the stream was made tees it.
  const made = new Response("made");
  made.body;
  const madeCopy = made.clone();
  await show("clone of made stream", async () => [await made.text(), await madeCopy.text()]);
  // A clone of a clone of a Blob body.
  const blobbed = new Response(new Blob(["blob!"], { type: "a/b" }));
  await show("blob clone chain", async () => {
    const c1 = blobbed.clone();
    const c2 = c1.clone();
    return [await c2.text(), await blobbed.text(), await c1.text(), c2.headers.get("content-type")];
  });

  // A Request from a Request takes over its body: the input becomes used.
  const input = new Request("http://example.com/", { method: "POST", body: "moved" });
  const taken = new Request(input);
  await show("takeover", async () => [input.bodyUsed, taken.bodyUsed, await taken.text()]);
  const streamInput = new Request("http://example.com/", { method: "POST", body: new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("streamed "));
      controller.enqueue(encoder.encode("takeover"));
      controller.close();
    },
  }), duplex: "half" });
  const streamTaken = new Request(streamInput);
  await show("stream takeover", async () => [streamInput.bodyUsed, streamTaken.bodyUsed, await streamTaken.text()]);
  await show("stream input unusable", () => streamInput.text());
  await show("override body", async () => {
    const used = new Request("http://example.com/", { method: "POST", body: "req1" });
    await used.text();
    return new Request(used, { body: "req2" }).text();
  });
  // Request.clone() of a streamed body.
  const requestStream = new Request("http://example.com/", { method: "PUT", body: new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("req stream"));
      controller.close();
    },
  }), duplex: "half" });
  const requestClone = requestStream.clone();
  await show("request clone", async () => [await requestStream.text(), await requestClone.text(), requestClone.method]);
  console.log("done");
})();
