// Byte streams: BYOB reads fill the caller's buffer (transferred, not copied),
// respond()/respondWithNewView(), read(view, {min}), autoAllocateChunkSize for
// default readers, enqueue() with pending BYOB reads, and byte stream tee.
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
async function rejects(promise, type, message) {
  try {
    await promise;
  } catch (error) {
    assert(error instanceof type, `${message}: wrong error ${error}`);
    return;
  }
  assert(false, `${message}: did not reject`);
}
const bytes = (view) => Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

// A source of the bytes 0..total-1 that writes into the BYOB request's view.
function countingByteSource(total, options = {}) {
  let next = 0;
  const stats = { pulls: 0, requestSizes: [] };
  const stream = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: options.autoAllocateChunkSize,
    pull(controller) {
      stats.pulls++;
      const request = controller.byobRequest;
      if (next >= total) {
        controller.close();
        if (request) request.respond(0);
        return;
      }
      const view = request.view;
      stats.requestSizes.push(view.byteLength);
      const n = Math.min(view.byteLength, total - next, options.maxPerPull ?? Infinity);
      for (let i = 0; i < n; i++) view[i] = next++ & 0xff;
      request.respond(n);
    },
  });
  return { stream, stats };
}

async function byobReads() {
  const { stream, stats } = countingByteSource(10);
  const reader = stream.getReader({ mode: "byob" });
  assert(reader instanceof ReadableStreamBYOBReader, "getReader({mode: 'byob'}) gives a BYOB reader");
  const buffer = new ArrayBuffer(4);
  const result1 = await reader.read(new Uint8Array(buffer));
  assert(buffer.byteLength === 0, "the caller's buffer is transferred (detached)");
  assert(!result1.done && result1.value.byteLength === 4, "first read filled 4 bytes");
  assert(result1.value.buffer.byteLength === 4, "the result views the transferred buffer");
  assert(JSON.stringify(bytes(result1.value)) === "[0,1,2,3]", `bytes 0..3: ${bytes(result1.value)}`);
  // Reuse the returned buffer, as BYOB readers are meant to.
  const result2 = await reader.read(new Uint8Array(result1.value.buffer, 1, 3));
  assert(result2.value.byteOffset === 1 && result2.value.byteLength === 3, "a view at an offset is filled in place");
  assert(JSON.stringify(bytes(result2.value)) === "[4,5,6]", `bytes 4..6: ${bytes(result2.value)}`);
  const result3 = await reader.read(new Uint8Array(8));
  assert(JSON.stringify(bytes(result3.value)) === "[7,8,9]", `a short read gives what is left: ${bytes(result3.value)}`);
  const result4 = await reader.read(new Uint8Array(8));
  assert(result4.done && result4.value.byteLength === 0, "at the end: done with an empty view on the buffer");
  assert(JSON.stringify(stats.requestSizes) === "[4,3,8]", `byobRequest views matched the reads: ${stats.requestSizes}`);
  console.log(`byob reads: [0..3] [4..6] [7..9] then done, request sizes ${stats.requestSizes}`);
}

async function minOption() {
  // The source gives at most 3 bytes per pull; {min: 8} waits for 8.
  const { stream, stats } = countingByteSource(20, { maxPerPull: 3 });
  const reader = stream.getReader({ mode: "byob" });
  const { value } = await reader.read(new Uint8Array(10), { min: 8 });
  assert(value.byteLength >= 8, `read(view, {min: 8}) returned at least 8 bytes: ${value.byteLength}`);
  assert(stats.pulls === 3, `it took three pulls of 3 bytes: ${stats.pulls}`);
  await rejects(reader.read(new Uint8Array(4), { min: 5 }), RangeError, "min above the view's length");
  await rejects(reader.read(new Uint8Array(4), { min: 0 }), TypeError, "min of 0");
  // Element-sized reads: a pull of 3 bytes gives one whole Uint16 element and
  // the odd byte goes back to the queue for the next read.
  const { value: words } = await reader.read(new Uint16Array(2));
  assert(words instanceof Uint16Array && words.length === 1, `a Uint16Array read gives whole elements: ${words.length}`);
  assert(JSON.stringify(bytes(words)) === "[9,10]", `the element holds bytes 9 and 10: ${bytes(words)}`);
  const { value: odd } = await reader.read(new Uint8Array(4));
  assert(JSON.stringify(bytes(odd)) === "[11]", `the odd byte was kept for the next read: ${bytes(odd)}`);
  console.log(`read with min: ${value.byteLength} bytes after 3 pulls; Uint16Array read of ${words.length} ` +
    "element, odd byte re-queued");
}

async function enqueueWithPendingRead() {
  let controller;
  const stream = new ReadableStream({ type: "bytes", start(c) { controller = c; } });
  const reader = stream.getReader({ mode: "byob" });
  const pending = reader.read(new Uint8Array(6));
  assert(controller.byobRequest.view.byteLength === 6, "byobRequest exposes the pending read's view");
  const chunk = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  controller.enqueue(chunk);
  assert(chunk.byteLength === 0, "enqueue() transfers the chunk's buffer");
  assert(controller.byobRequest === null, "the BYOB request is invalidated by enqueue()");
  const { value } = await pending;
  assert(JSON.stringify(bytes(value)) === "[1,2,3,4,5,6]", `the pending read was filled from the chunk: ${bytes(value)}`);
  assert(controller.desiredSize === -3, `three bytes stay queued: desiredSize ${controller.desiredSize}`);
  const { value: rest } = await reader.read(new Uint8Array(6));
  assert(JSON.stringify(bytes(rest)) === "[7,8,9]", `the rest comes from the queue: ${bytes(rest)}`);
  // respondWithNewView: the source may answer with a view onto the transferred buffer.
  const pending2 = reader.read(new Uint8Array(4));
  const request = controller.byobRequest;
  const view = new Uint8Array(request.view.buffer, request.view.byteOffset, 2);
  view.set([42, 43]);
  request.respondWithNewView(view);
  const { value: answered } = await pending2;
  assert(JSON.stringify(bytes(answered)) === "[42,43]", `respondWithNewView: ${bytes(answered)}`);
  controller.close();
  assert((await reader.read(new Uint8Array(1))).done, "closed after close()");
  console.log("enqueue with a pending BYOB read: filled [1..6], 3 bytes queued, respondWithNewView [42,43]");
}

async function autoAllocate() {
  const { stream, stats } = countingByteSource(5, { autoAllocateChunkSize: 2 });
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    assert(value instanceof Uint8Array, "default reads of a byte stream give Uint8Arrays");
    chunks.push(bytes(value));
  }
  assert(JSON.stringify(chunks) === "[[0,1],[2,3],[4]]", `autoAllocateChunkSize 2: ${JSON.stringify(chunks)}`);
  assert(stats.requestSizes.every((n) => n === 2), "every auto-allocated request was 2 bytes");
  console.log(`autoAllocateChunkSize: ${JSON.stringify(chunks)}`);
}

async function byteTee() {
  let controller;
  const stream = new ReadableStream({ type: "bytes", start(c) { controller = c; } });
  const [b1, b2] = stream.tee();
  const r1 = b1.getReader({ mode: "byob" });
  const r2 = b2.getReader();
  const p1 = r1.read(new Uint8Array(3));
  const p2 = r2.read();
  controller.enqueue(new Uint8Array([7, 8, 9]));
  const [x1, x2] = await Promise.all([p1, p2]);
  assert(JSON.stringify(bytes(x1.value)) === "[7,8,9]" && JSON.stringify(bytes(x2.value)) === "[7,8,9]",
    "both byte branches got the chunk");
  assert(x1.value.buffer !== x2.value.buffer, "branch 2 gets a copy, not the same buffer");
  x1.value[0] = 0;
  assert(x2.value[0] === 7, "writing to one branch's chunk does not change the other's");
  controller.close();
  assert((await r1.read(new Uint8Array(1))).done && (await r2.read()).done, "both byte branches close");
  console.log("byte tee: both branches got [7,8,9] in separate buffers");
}

async function errors() {
  const stream = new ReadableStream({ type: "bytes" });
  const reader = stream.getReader({ mode: "byob" });
  await rejects(reader.read(new Uint8Array(0)), TypeError, "zero-length view");
  await rejects(reader.read(new ArrayBuffer(4)), TypeError, "not a view");
  const detached = new Uint8Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  await rejects(reader.read(detached), TypeError, "detached buffer");
  let threw = false;
  try { new ReadableStream({ start() {} }).getReader({ mode: "byob" }); } catch (e) { threw = e instanceof TypeError; }
  assert(threw, "a BYOB reader needs a byte stream");
  threw = false;
  try { new ReadableStream({ type: "bytes" }, { size() { return 1; } }); } catch (e) { threw = e instanceof RangeError; }
  assert(threw, "a byte stream strategy cannot have size()");
  console.log("errors: zero-length, non-view, detached and non-byte streams rejected");
}

(async () => {
  await byobReads();
  await minOption();
  await enqueueWithPendingRead();
  await autoAllocate();
  await byteTee();
  await errors();
  console.log(`ok (${checks} checks)`);
})().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
