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

  // A record is written into the cells, then the op reads them in place.
  const cells = ops.op_telemetry_stream_cells;
  const send = ops.op_telemetry_stream;
  const publishState = internals.publishStreamState;
  const publish = (op, record, peak) => {
    publishState(cells, op, record, peak);
    send();
  };

  internals.flushTelemetry = () => {
    flushRequested = false;
    internals.flushStreamUpdates();
  };

  internals.setStreamsObserver({
    created: ops.op_telemetry_current_request,
    open: (record, peak) => publish(kOpen, record, peak),
    update: (record, peak) => publish(kUpdate, record, peak),
    close: (record, peak) => publish(kClose, record, peak),
    scheduleFlush: () => {
      if (flushRequested) return;
      flushRequested = true;
      ops.op_telemetry_request_flush();
    },
    // A waiting read notes the loop's clock when it starts (a load, no clock read).
    clock: ops.op_telemetry_loop_clock,
    pendingOpen: (kind, requestId, since) => ops.op_telemetry_promise_open(kind, requestId, since),
    pendingClose: (id, fulfilled) => ops.op_telemetry_promise_close(id, fulfilled),
  });
}
