// Large bodies: a 100 MB Uint8Array is copied once when the body is made and
// arrayBuffer()/bytes() hand that copy over without another one; a 100 MB
// stream is read into one buffer.
const MB = 1024 * 1024;
const size = 100 * MB;
const now = () => performance.now();
function check(condition, message) {
  if (!condition) {
    console.log(`FAIL ${message}`);
    nano.exit(1);
  }
}

(async () => {
  const source = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) source[i] = (i / 4096) & 0xff;
  source[size - 1] = 0x5a;

  // One copy when the body is made: later changes to the source do not show.
  const response = new Response(source);
  source[0] = 0xee;
  const buffer = await response.arrayBuffer();
  check(buffer.byteLength === size, `arrayBuffer length ${buffer.byteLength}`);
  const view = new Uint8Array(buffer);
  check(view[0] === 0 && view[4096] === 1 && view[size - 1] === 0x5a, "arrayBuffer content");
  check(response.bodyUsed, "bodyUsed after arrayBuffer");
  console.log("100 MB arrayBuffer: content ok, source copied at construction");

  // No second copy: arrayBuffer() must cost far less than copying 100 MB once.
  // (Timing is compared with a copy measured here, several tries against noise.)
  let copyTime = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = now();
    const copy = new Uint8Array(source);
    copy[1] = 1;
    copyTime = Math.min(copyTime, now() - start);
  }
  let consumeTime = Infinity;
  for (let i = 0; i < 3 && !(consumeTime < copyTime / 4); i++) {
    const r = new Response(source);
    const start = now();
    const b = await r.arrayBuffer();
    consumeTime = Math.min(consumeTime, now() - start);
    check(b.byteLength === size, "repeat length");
  }
  check(consumeTime < copyTime / 4, `arrayBuffer took ${consumeTime} ms, a copy takes ${copyTime} ms`);
  console.log("100 MB arrayBuffer: no copy beyond the one at construction");

  let bytesTime = Infinity;
  for (let i = 0; i < 3 && !(bytesTime < copyTime / 4); i++) {
    const r = new Response(source.buffer);
    const start = now();
    const bytes = await r.bytes();
    bytesTime = Math.min(bytesTime, now() - start);
    check(bytes.byteLength === size && bytes.byteOffset === 0 && bytes[0] === 0xee, "bytes content");
  }
  check(bytesTime < copyTime / 4, `bytes took ${bytesTime} ms, a copy takes ${copyTime} ms`);
  console.log("100 MB bytes: no copy beyond the one at construction");

  // A clone shares the copy until consumed; each side gets its own bytes.
  const shared = new Response(source);
  const sharedClone = shared.clone();
  const first = new Uint8Array(await shared.arrayBuffer());
  first[0] = 1;
  const second = new Uint8Array(await sharedClone.arrayBuffer());
  check(second[0] === 0xee && second.byteLength === size, "clone bytes independent");
  console.log("100 MB clone: independent results");

  // A 100 MB stream in 1 MB chunks.
  let sent = 0;
  const streamed = new Response(new ReadableStream({
    pull(controller) {
      if (sent === size) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(MB);
      chunk[0] = (sent / MB) & 0xff;
      controller.enqueue(chunk);
      sent += MB;
    },
  }));
  const streamedBuffer = await streamed.arrayBuffer();
  check(streamedBuffer.byteLength === size, `stream length ${streamedBuffer.byteLength}`);
  const streamedView = new Uint8Array(streamedBuffer);
  check(streamedView[0] === 0 && streamedView[MB] === 1 && streamedView[99 * MB] === 99, "stream content");
  console.log("100 MB stream: read in full");

  // A large string body is consumed without encoding and decoding it.
  // The string is flattened first (a regexp test does it), so the timing is of
  // text() and not of V8 joining the concatenation.
  const text = "x".repeat(50 * MB) + "\u00e9";
  /\d/.test(text);
  let textTime = Infinity;
  for (let i = 0; i < 3 && !(textTime < copyTime / 4); i++) {
    const textResponse = new Response(text);
    const start = now();
    const back = await textResponse.text();
    textTime = Math.min(textTime, now() - start);
    check(back.length === text.length && back === text, "large text round trip");
  }
  check(textTime < copyTime / 4, `text() of a 50 MB string took ${textTime} ms, a copy takes ${copyTime} ms`);
  console.log("50 MB string: text() without re-encoding");
})();
