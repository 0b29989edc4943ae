// pipeTo honours the destination's backpressure: with a sink that finishes each
// write slowly, the pipe reads a chunk only when the writer is ready, so the
// source is pulled no faster than the sink writes and its queue never grows
// past its highWaterMark.
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

const kTotal = 40;
const kSourceHWM = 4;
const kSinkHWM = 2;

async function slowSink() {
  let sourceController;
  let pulls = 0;
  let produced = 0;
  let minDesiredSize = Infinity;
  let maxLag = 0;  // pulls ahead of completed writes
  let writesStarted = 0;
  let writesDone = 0;
  let maxConcurrentWrites = 0;
  const written = [];

  const source = new ReadableStream({
    start(controller) {
      sourceController = controller;
    },
    pull(controller) {
      pulls++;
      if (produced === kTotal) {
        controller.close();
        return;
      }
      controller.enqueue(produced++);
      minDesiredSize = Math.min(minDesiredSize, controller.desiredSize);
      maxLag = Math.max(maxLag, produced - writesDone);
    },
  }, { highWaterMark: kSourceHWM });

  const dest = new WritableStream({
    write(chunk) {
      writesStarted++;
      maxConcurrentWrites = Math.max(maxConcurrentWrites, writesStarted - writesDone);
      // The queue of the source is observed at every write.
      minDesiredSize = Math.min(minDesiredSize, sourceController.desiredSize);
      return new Promise((resolve) => setTimeout(() => {
        written.push(chunk);
        writesDone++;
        resolve();
      }, 2));
    },
  }, { highWaterMark: kSinkHWM });

  const start = Date.now();
  await source.pipeTo(dest);
  const elapsed = Date.now() - start;

  assert(written.length === kTotal, `every chunk was written: ${written.length}`);
  assert(written.every((v, i) => v === i), "chunks were written in order");
  assert(minDesiredSize >= 0, `the source's desiredSize never went below 0 (queue <= highWaterMark): ${minDesiredSize}`);
  // Source queue (4) + destination queue (2) + the write in flight + the chunk being moved.
  const bound = kSourceHWM + kSinkHWM + 2;
  assert(maxLag <= bound, `pulls never ran more than ${bound} ahead of finished writes: ${maxLag}`);
  assert(maxConcurrentWrites === 1, "the sink saw one write at a time");
  assert(pulls === kTotal + 1, `one pull per chunk plus the closing pull: ${pulls}`);
  assert(elapsed >= kTotal * 2, `the pipe took as long as the sink's writes: ${elapsed}ms`);
  console.log(`slow sink: ${written.length} writes, ${pulls} pulls, min source desiredSize ${minDesiredSize}, ` +
    `max lag ${maxLag} <= ${bound}, one write at a time`);
}

async function writerDesiredSize() {
  // The writer's desiredSize/ready follow highWaterMark and size().
  const gates = [];
  const ws = new WritableStream({
    write() { return new Promise((resolve) => gates.push(resolve)); },
  }, { highWaterMark: 10, size: (chunk) => chunk.length });
  const writer = ws.getWriter();
  assert(writer.desiredSize === 10, `initial desiredSize 10: ${writer.desiredSize}`);
  const w1 = writer.write("abcd");
  assert(writer.desiredSize === 6, `desiredSize 6 after a 4-byte write: ${writer.desiredSize}`);
  const w2 = writer.write("abcdefgh");
  assert(writer.desiredSize === -2, `desiredSize -2 over the highWaterMark: ${writer.desiredSize}`);
  let ready = false;
  writer.ready.then(() => { ready = true; });
  await new Promise((resolve) => setTimeout(resolve, 1));
  assert(!ready, "ready is pending under backpressure");
  gates.shift()();
  await w1;
  assert(writer.desiredSize === 2, `desiredSize 2 once the first write settled: ${writer.desiredSize}`);
  await writer.ready;
  assert(ready, "ready resolved when desiredSize became positive");
  await new Promise((resolve) => setTimeout(resolve, 1));
  gates.shift()();
  await w2;
  assert(writer.desiredSize === 10, "desiredSize back to 10");
  console.log("writer: desiredSize 10 -> 6 -> -2 -> 2 -> 10, ready follows backpressure");
}

(async () => {
  await slowSink();
  await writerDesiredSize();
  console.log(`ok (${checks} checks)`);
})().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
