// ReadableStream tee(): each branch has its own queue and gets every chunk in
// order, a slow branch does not hold back a fast one, cancelling one branch
// keeps the other flowing, and the source is cancelled only when both are.
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function countingSource(total) {
  const stats = { pulls: 0, cancels: [], produced: 0 };
  const stream = new ReadableStream({
    pull(controller) {
      stats.pulls++;
      if (stats.produced === total) {
        controller.close();
        return;
      }
      controller.enqueue(stats.produced++);
    },
    cancel(reason) {
      stats.cancels.push(reason);
    },
  });
  return { stream, stats };
}

async function readAll(stream, delayMs, log) {
  const reader = stream.getReader();
  const values = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    values.push(value);
    if (log) log.push(value);
    if (delayMs > 0) await sleep(delayMs);
  }
  return values;
}

async function slowAndFast() {
  const { stream, stats } = countingSource(20);
  const [slow, fast] = stream.tee();
  assert(stream.locked, "the source is locked by tee()");
  const order = [];
  const fastDone = readAll(fast, 0).then((values) => { order.push("fast"); return values; });
  const slowDone = readAll(slow, 3).then((values) => { order.push("slow"); return values; });
  const [slowValues, fastValues] = await Promise.all([slowDone, fastDone]);
  const expected = Array.from({ length: 20 }, (_, i) => i);
  assert(JSON.stringify(fastValues) === JSON.stringify(expected), `fast branch got every chunk in order: ${fastValues}`);
  assert(JSON.stringify(slowValues) === JSON.stringify(expected), `slow branch got every chunk in order: ${slowValues}`);
  assert(order[0] === "fast", "the fast branch finished first: the slow one did not hold it back");
  assert(stats.cancels.length === 0, "a source read to the end is not cancelled");
  console.log(`slow/fast: both branches got ${fastValues.length} chunks, fast finished first, pulls=${stats.pulls}`);
}

async function cancelOneBranch() {
  const { stream, stats } = countingSource(30);
  const [branch1, branch2] = stream.tee();
  const reader1 = branch1.getReader();
  const first = [];
  for (let i = 0; i < 5; i++) first.push((await reader1.read()).value);
  assert(JSON.stringify(first) === "[0,1,2,3,4]", `branch1 read 0..4: ${first}`);
  let cancel1Settled = false;
  const cancel1 = reader1.cancel("reason one").then(() => { cancel1Settled = true; });
  await sleep(5);
  assert(stats.cancels.length === 0, "cancelling one branch does not cancel the source");
  assert(!cancel1Settled, "the first branch's cancel() waits for the other branch");
  // The other branch keeps flowing to the end.
  const values2 = await readAll(branch2, 1);
  const expected = Array.from({ length: 30 }, (_, i) => i);
  assert(JSON.stringify(values2) === JSON.stringify(expected), `branch2 still got every chunk: ${values2.length}`);
  await cancel1;
  assert(stats.cancels.length === 0, "a source that closed by itself is never cancelled");
  console.log(`cancel one branch: other branch got all ${values2.length} chunks, source not cancelled`);
}

async function cancelBoth() {
  const { stream, stats } = countingSource(1000);
  const [branch1, branch2] = stream.tee();
  const reader1 = branch1.getReader();
  const reader2 = branch2.getReader();
  assert((await reader1.read()).value === 0, "branch1 first chunk");
  assert((await reader2.read()).value === 0, "branch2 first chunk");
  const c1 = reader1.cancel("r1");
  await sleep(1);
  assert(stats.cancels.length === 0, "source not cancelled after only branch1 was");
  // branch2 still reads fresh chunks from the source.
  assert((await reader2.read()).value === 1, "branch2 continues after branch1 cancelled");
  const c2 = reader2.cancel("r2");
  await Promise.all([c1, c2]);
  assert(stats.cancels.length === 1, "source cancelled exactly once");
  const reason = stats.cancels[0];
  assert(Array.isArray(reason) && reason[0] === "r1" && reason[1] === "r2",
    `source cancel reason is [reason1, reason2]: ${JSON.stringify(reason)}`);
  assert(stats.pulls < 10, `the source was not drained while a branch was slow: pulls=${stats.pulls}`);
  console.log(`cancel both: source cancelled once with ${JSON.stringify(reason)}`);
}

async function erroredSource() {
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } });
  const [b1, b2] = stream.tee();
  controller.enqueue("x");
  const boom = new Error("boom");
  const r1 = b1.getReader();
  assert((await r1.read()).value === "x", "chunk before the error reaches branch1");
  controller.error(boom);
  let e1, e2;
  await r1.closed.catch((e) => { e1 = e; });
  await b2.getReader().closed.catch((e) => { e2 = e; });
  assert(e1 === boom && e2 === boom, "a source error errors both branches");
  console.log("errored source: both branches errored");
}

async function teeOfTee() {
  const { stream } = countingSource(5);
  const [a, b] = stream.tee();
  const [a1, a2] = a.tee();
  const results = await Promise.all([readAll(a1, 0), readAll(a2, 2), readAll(b, 1)]);
  for (const values of results) assert(JSON.stringify(values) === "[0,1,2,3,4]", `tee of tee: ${values}`);
  console.log("tee of tee: three readers got [0,1,2,3,4]");
}

(async () => {
  await slowAndFast();
  await cancelOneBranch();
  await cancelBoth();
  await erroredSource();
  await teeOfTee();
  console.log(`ok (${checks} checks)`);
})().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
