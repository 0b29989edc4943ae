// Tee with a fast consumer on one branch and a slow one on the other.
const kChunks = 20;
let pulled = 0;
const source = new ReadableStream({
  pull(controller) {
    controller.enqueue(new Uint8Array(100).fill(pulled));
    if (++pulled === kChunks) controller.close();
  },
}, { highWaterMark: 2 });
const [fast, slow] = source.tee();
const fastDone = (async () => { let n = 0; for await (const _ of fast) n++; return n; })();
const slowDone = (async () => {
  let n = 0;
  await new Promise((resolve) => setTimeout(resolve, 30));  // let the fast branch run ahead
  for await (const _ of slow) { n++; await new Promise((resolve) => setTimeout(resolve, 2)); }
  return n;
})();
const [f, s] = await Promise.all([fastDone, slowDone]);
console.log(JSON.stringify({ fast: f, slow: s }));
