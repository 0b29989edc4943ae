// Errors through pipeThrough()/pipeTo(): a source error reaches the end of the
// chain, a transform that throws cancels the source and aborts the sink, a
// sink error cancels everything upstream, prevent* options stop propagation,
// and an AbortSignal aborts a pipe with its reason.
"use strict";
let checks = 0;
function assert(condition, message) {
  checks++;
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const double = () => new TransformStream({ transform(chunk, c) { c.enqueue(chunk * 2); } });

function recordingSink(options = {}) {
  const log = { writes: [], aborts: [], closes: 0 };
  const stream = new WritableStream({
    write(chunk) {
      if (options.failOn === chunk) throw options.error;
      log.writes.push(chunk);
    },
    close() { log.closes++; },
    abort(reason) { log.aborts.push(reason); },
  });
  return { stream, log };
}

async function forward() {
  const boom = new Error("source error");
  let controller;
  const source = new ReadableStream({ start(c) { controller = c; } });
  const { stream: sink, log } = recordingSink();
  const piped = source.pipeThrough(double()).pipeThrough(double()).pipeTo(sink);
  controller.enqueue(1);
  controller.enqueue(2);
  await new Promise((resolve) => setTimeout(resolve, 5));
  controller.error(boom);
  const error = await rejection(piped);
  assert(error === boom, "the source's error rejects the final pipeTo");
  assert(JSON.stringify(log.writes) === "[4,8]", `chunks before the error went through: ${log.writes}`);
  assert(log.aborts.length === 1 && log.aborts[0] === boom, "the sink was aborted with the source's error");
  assert(log.closes === 0, "the sink was not closed");
  console.log(`forward: sink got ${JSON.stringify(log.writes)} then abort(source error)`);
}

async function transformThrows() {
  const bad = new TypeError("cannot transform 3");
  const cancels = [];
  let n = 0;
  const source = new ReadableStream({
    pull(c) { c.enqueue(++n); },
    cancel(reason) { cancels.push(reason); },
  });
  const failing = new TransformStream({
    transform(chunk, c) {
      if (chunk === 3) throw bad;
      c.enqueue(chunk);
    },
  });
  const { stream: sink, log } = recordingSink();
  const error = await rejection(source.pipeThrough(failing).pipeTo(sink));
  assert(error === bad, "the transform's exception rejects the pipe");
  assert(JSON.stringify(log.writes) === "[1,2]", `chunks before the failure were written: ${log.writes}`);
  assert(cancels.length === 1 && cancels[0] === bad, "the source was cancelled with the transform's error");
  assert(log.aborts[0] === bad, "the sink was aborted with the transform's error");
  console.log("transform throws: source cancelled and sink aborted with the TypeError");
}

async function backward() {
  const sinkError = new Error("disk full");
  const cancels = [];
  let n = 0;
  const source = new ReadableStream({
    pull(c) { c.enqueue(++n); },
    cancel(reason) { cancels.push(reason); },
  });
  const { stream: sink, log } = recordingSink({ failOn: 6, error: sinkError });
  const error = await rejection(source.pipeThrough(double()).pipeTo(sink));
  assert(error === sinkError, "the sink's error rejects the pipe");
  assert(JSON.stringify(log.writes) === "[2,4]", `writes before the failing one: ${log.writes}`);
  assert(cancels.length === 1 && cancels[0] === sinkError, "the sink error travelled back and cancelled the source");
  console.log("backward: sink error cancelled the source through the transform");
}

async function preventOptions() {
  const boom = new Error("boom");
  const source = new ReadableStream({ start(c) { c.error(boom); } });
  const { stream: sink, log } = recordingSink();
  const error = await rejection(source.pipeTo(sink, { preventAbort: true }));
  assert(error === boom, "pipeTo rejects with the source error");
  assert(log.aborts.length === 0, "preventAbort: the sink was not aborted");
  const writer = sink.getWriter();
  await writer.write("still usable");
  assert(log.writes[0] === "still usable", "the sink stays writable and unlocked");

  const cancels = [];
  const source2 = new ReadableStream({ cancel(reason) { cancels.push(reason); } });
  const closedSink = new WritableStream();
  await closedSink.close();
  const error2 = await rejection(source2.pipeTo(closedSink, { preventCancel: true }));
  assert(error2 instanceof TypeError, "piping to a closed stream rejects with TypeError");
  assert(cancels.length === 0 && !source2.locked, "preventCancel: the source was neither cancelled nor left locked");

  const source3 = new ReadableStream({ start(c) { c.enqueue("a"); c.close(); } });
  const { stream: sink3, log: log3 } = recordingSink();
  await source3.pipeTo(sink3, { preventClose: true });
  assert(log3.closes === 0 && !sink3.locked, "preventClose: the sink is left open and unlocked");
  console.log("prevent options: preventAbort, preventCancel and preventClose respected");
}

async function signal() {
  const cancels = [];
  const source = new ReadableStream({
    pull(c) {
      return new Promise((resolve) => setTimeout(() => {
        if (cancels.length === 0) c.enqueue("tick");
        resolve();
      }, 1));
    },
    cancel(reason) { cancels.push(reason); },
  });
  const { stream: sink, log } = recordingSink();
  const controller = new AbortController();
  const piped = source.pipeTo(sink, { signal: controller.signal });
  // Wait for data to flow (not for a duration: under load a fixed sleep can end first).
  while (log.writes.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  const reason = new Error("stop");
  controller.abort(reason);
  const error = await rejection(piped);
  assert(error === reason, "the pipe rejects with the signal's reason");
  assert(cancels[0] === reason && log.aborts[0] === reason, "source cancelled and sink aborted with the reason");
  const error2 = await rejection(new ReadableStream().pipeTo(new WritableStream(), { signal: AbortSignal.abort() }));
  assert(error2 instanceof DOMException && error2.name === "AbortError", "an already aborted signal: AbortError");
  assert(log.writes.length > 0, "chunks flowed before the abort");
  console.log("signal: abort() stopped a running pipe, reason propagated both ways");
}

async function pipeThroughLocks() {
  const ts = new TransformStream();
  const rs = new ReadableStream();
  const readable = rs.pipeThrough(ts);
  assert(readable === ts.readable, "pipeThrough returns the pair's readable");
  assert(rs.locked && ts.writable.locked, "pipeThrough locks the source and the writable");
  let threw;
  try { rs.pipeThrough(new TransformStream()); } catch (error) { threw = error; }
  assert(threw instanceof TypeError, "pipeThrough of a locked stream throws TypeError");
  try { new ReadableStream().pipeThrough({ readable: 1, writable: 2 }); } catch (error) { threw = error; }
  assert(threw instanceof TypeError, "pipeThrough checks the pair's types");
  console.log("pipeThrough: returns the readable, locks both sides, checks arguments");
}

async function cancelRacesWrite() {
  // readable.cancel() followed at once by a write: the writable must end up
  // errored with the cancel reason, not an internal error.
  const stream = new TransformStream({ transform(chunk, c) { c.enqueue(chunk); } });
  await new Promise((resolve) => setTimeout(resolve, 1));
  const reader = stream.readable.getReader();
  const writer = stream.writable.getWriter();
  const pendingRead = reader.read();
  const reason = new Error("client disconnected");
  const pendingCancel = reader.cancel(reason);
  const lateWrite = writer.write("late");
  const results = await Promise.allSettled([pendingRead, pendingCancel, lateWrite]);
  assert(results.every((r) => r.status === "fulfilled"), `no internal error: ${results.map((r) => r.reason)}`);
  assert(await rejection(writer.closed) === reason, "the writable is errored with the cancel reason");
  console.log("cancel racing a write: the writable errored with the cancel reason");
}

(async () => {
  await cancelRacesWrite();
  await forward();
  await transformThrows();
  await backward();
  await preventOptions();
  await signal();
  await pipeThroughLocks();
  console.log(`ok (${checks} checks)`);
})().catch((error) => {
  console.log(`FAILED: ${error.stack}`);
  nano.exit(1);
});
