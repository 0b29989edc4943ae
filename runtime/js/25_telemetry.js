// Wires JS-side telemetry to the native Feed, only when a feed is attached
// (nanojs --telemetry, the workbench): otherwise streams keep their no-op observer.
//
// Stream updates arrive coalesced (11_streams.js): a stream that changed is
// published once at the end of the macrotask (Runtime::checkpoint calls
// internals.flushTelemetry), with the largest queue it had since its last
// publish (queueChunksPeak).
"use strict";

if (ops.op_telemetry_enabled()) {
  const kOpen = 0;
  const kUpdate = 1;
  const kClose = 2;
  let flushRequested = false;

  const kKinds = { __proto__: null, readable: 0, writable: 1, transform: 2 };
  const publish = (op, stream, peak) => {
    const r = internals.streamInfo(stream);
    if (r === undefined) return;
    const branches = r.teeBranches;
    ops.op_telemetry_stream(op, r.id, kKinds[r.streamKind], r.state, r.highWaterMark, r.queueChunks,
      peak > r.queueChunks ? peak : r.queueChunks, r.queueBytes, r.desiredSize, r.locked, r.backpressure,
      r.teeParent, branches == null ? null : branches[0], branches == null ? null : branches[1], r.pipeTo,
      r.pipeFrom, r.chunksTotal, r.bytesTotal);
  };

  internals.flushTelemetry = () => {
    flushRequested = false;
    internals.flushStreamUpdates();
  };

  internals.setStreamsObserver({
    open: (stream) => publish(kOpen, stream, 0),
    update: (stream, peak) => publish(kUpdate, stream, peak),
    close: (stream, peak) => publish(kClose, stream, peak),
    scheduleFlush: () => {
      if (flushRequested) return;
      flushRequested = true;
      ops.op_telemetry_flush_after_task();
    },
    pendingOpen: (kind) => ops.op_telemetry_promise_open(kind),
    pendingClose: (id, fulfilled) => ops.op_telemetry_promise_close(id, fulfilled),
  });
}
