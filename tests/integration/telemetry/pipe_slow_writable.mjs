// pipeTo into a writable whose sink resolves slowly: the source's queue stays bounded.
const kChunks = 30;
let pulled = 0;
const source = new ReadableStream({
  pull(controller) {
    controller.enqueue("chunk " + pulled);
    if (++pulled === kChunks) controller.close();
  },
}, { highWaterMark: 4 });
let written = 0;
const sink = new WritableStream({
  write() { written++; return new Promise((resolve) => setTimeout(resolve, 3)); },
}, { highWaterMark: 2 });
await source.pipeTo(sink);
console.log(JSON.stringify({ pulled, written }));
