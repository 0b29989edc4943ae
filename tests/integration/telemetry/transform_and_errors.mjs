// A TransformStream that holds chunks back, a readable that errors and a
// writable whose sink fails: the records must name each kind and state.
const transform = new TransformStream(
  { transform(chunk, controller) { controller.enqueue(chunk * 2); } },
  { highWaterMark: 8 },
  { highWaterMark: 8 },
);
const writer = transform.writable.getWriter();
for (let i = 0; i < 5; i++) writer.write(i);
// Let the queue be seen by a telemetry tick before it is read.
await new Promise((resolve) => setTimeout(resolve, 60));
const reader = transform.readable.getReader();
let doubled = 0;
for (let i = 0; i < 5; i++) doubled += (await reader.read()).value;
await writer.close();

const failing = new ReadableStream({ start(controller) { controller.error(new Error("source failed")); } });
const readError = await failing.getReader().read().then(() => "none", (e) => e.message);

const sink = new WritableStream({ write() { throw new Error("sink failed"); } });
const sinkWriter = sink.getWriter();
const writeError = await sinkWriter.write(1).then(() => "none", (e) => e.message);

console.log(JSON.stringify({ doubled, readError, writeError }));
