// Wires JS-side telemetry to the native Feed, only when a feed is attached
// (nanojs --telemetry, the workbench): otherwise streams keep their no-op observer.
//
// Stream states are published on the runtime's telemetry clock
// (Runtime::requestTelemetryFlush, a few times a second): a stream that
// changed is published once per flush, with the largest queue it had since
// its last publish (queueChunksPeak); one that closed before its first flush
// is published once, closed.
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
    created: (id) => ops.op_telemetry_stream_created(id),
    open: (stream, peak) => publish(kOpen, stream, peak),
    update: (stream, peak) => publish(kUpdate, stream, peak),
    close: (stream, peak) => publish(kClose, stream, peak),
    scheduleFlush: () => {
      if (flushRequested) return;
      flushRequested = true;
      ops.op_telemetry_request_flush();
    },
    pendingOpen: (kind, streamId, since) => ops.op_telemetry_promise_open(kind, streamId, since),
    pendingClose: (id, fulfilled) => ops.op_telemetry_promise_close(id, fulfilled),
  });
}
