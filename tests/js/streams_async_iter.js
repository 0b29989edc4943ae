// Async iteration of ReadableStream: for-await reads every chunk; break (and
// throw) cancels the stream unless preventCancel; errors reject the loop;
// ReadableStream.from() wraps async and sync iterables and cancelling it
// calls the iterator's return().
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

function source(total) {
  const stats = { cancels: [], pulls: 0 };
  let next = 0;
  const stream = new ReadableStream({
    pull(controller) {
      stats.pulls++;
      if (next === total) controller.close();
      else controller.enqueue(next++);
    },
    cancel(reason) {
      stats.cancels.push(reason);
    },
  });
  return { stream, stats };
}

async function fullLoop() {
  const { stream, stats } = source(5);
  const seen = [];
  for await (const chunk of stream) seen.push(chunk);
  assert(JSON.stringify(seen) === "[0,1,2,3,4]", `for-await read every chunk: ${seen}`);
  assert(!stream.locked, "the reader is released at the end");
  assert(stats.cancels.length === 0, "a finished loop does not cancel");
  console.log(`full loop: ${JSON.stringify(seen)}`);
}

async function breakCancels() {
  const { stream, stats } = source(100);
  const seen = [];
  for await (const chunk of stream) {
    seen.push(chunk);
    if (chunk === 2) break;
  }
  assert(JSON.stringify(seen) === "[0,1,2]", `loop saw 0..2: ${seen}`);
  assert(stats.cancels.length === 1 && stats.cancels[0] === undefined, "break cancelled the source (reason undefined)");
  assert(!stream.locked, "break released the lock");
  assert(stats.pulls < 10, `the source was not drained: ${stats.pulls} pulls`);
  const reader = stream.getReader();
  assert((await reader.read()).done, "the cancelled stream reads as closed");
  console.log(`break: cancelled after ${seen.length} chunks and ${stats.pulls} pulls`);
}

async function throwCancels() {
  const { stream, stats } = source(100);
  const boom = new Error("boom");
  let caught;
  try {
    for await (const chunk of stream) {
      if (chunk === 1) throw boom;
    }
  } catch (error) {
    caught = error;
  }
  assert(caught === boom, "the loop's exception propagates");
  assert(stats.cancels.length === 1, "throwing out of the loop cancels too");
  console.log("throw: cancelled once");
}

async function preventCancel() {
  const { stream, stats } = source(10);
  for await (const chunk of stream.values({ preventCancel: true })) {
    if (chunk === 1) break;
  }
  assert(stats.cancels.length === 0, "preventCancel: break does not cancel");
  assert(!stream.locked, "preventCancel: the lock is released");
  const rest = [];
  for await (const chunk of stream) rest.push(chunk);
  assert(JSON.stringify(rest) === "[2,3,4,5,6,7,8,9]", `a second loop continues where the first stopped: ${rest}`);
  console.log(`preventCancel: second loop got ${JSON.stringify(rest)}`);
}

async function erroredStream() {
  const boom = new Error("source failed");
  let n = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (n === 2) throw boom;
      controller.enqueue(n++);
    },
  });
  const seen = [];
  let caught;
  try {
    for await (const chunk of stream) seen.push(chunk);
  } catch (error) {
    caught = error;
  }
  assert(caught === boom, "a source error rejects the loop");
  assert(JSON.stringify(seen) === "[0,1]", `chunks before the error were seen: ${seen}`);
  console.log("errored source: loop rejected after [0,1]");
}

async function iteratorProtocol() {
  const { stream } = source(3);
  const it = stream[Symbol.asyncIterator]();
  assert(ReadableStream.prototype.values === ReadableStream.prototype[Symbol.asyncIterator],
    "values and @@asyncIterator are the same function");
  assert(Object.prototype.toString.call(it) === "[object ReadableStream AsyncIterator]", "iterator toStringTag");
  // next() calls queue behind each other.
  const results = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
  assert(JSON.stringify(results) === '[{"value":0,"done":false},{"value":1,"done":false},' +
    '{"value":2,"done":false},{"done":true}]', `queued next() calls: ${JSON.stringify(results)}`);
  const ret = await it.return("x");
  assert(ret.done === true && ret.value === "x", "return() after the end gives {value, done: true}");
  console.log("iterator protocol: queued next() calls resolve in order");
}

async function fromIterables() {
  const fromArray = [];
  for await (const x of ReadableStream.from([1, Promise.resolve(2), 3])) fromArray.push(x);
  assert(JSON.stringify(fromArray) === "[1,2,3]", `from(array) awaits promise values: ${fromArray}`);

  let returned = 0;
  async function* generator() {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      returned++;
    }
  }
  const stream = ReadableStream.from(generator());
  const seen = [];
  for await (const x of stream) {
    seen.push(x);
    if (x === 3) break;
  }
  assert(JSON.stringify(seen) === "[0,1,2,3]", `from(async generator): ${seen}`);
  assert(returned === 1, "cancelling a from() stream calls the generator's return()");
  let threw = false;
  try { ReadableStream.from(42); } catch (error) { threw = error instanceof TypeError; }
  assert(threw, "from() of a non-iterable throws TypeError");
  console.log(`from(): array ${JSON.stringify(fromArray)}, generator stopped after ${JSON.stringify(seen)}`);
}

(async () => {
  await fullLoop();
  await breakCancels();
  await throwCancels();
  await preventCancel();
  await erroredStream();
  await iteratorProtocol();
  await fromIterables();
  console.log(`ok (${checks} checks)`);
})().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
