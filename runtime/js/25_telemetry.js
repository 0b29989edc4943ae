// Wires JS-side telemetry to the native Feed, only when a feed is attached
// (nanojs --telemetry, the workbench): otherwise streams keep their no-op observer.
//
// Stream updates are coalesced: a stream that changed is published once at the
// end of the macrotask (Runtime::checkpoint calls internals.flushTelemetry), with
// the largest queue it had since its last publish (queueChunksPeak), so a pipe
// moving thousands of chunks costs a few records, and no peak is lost.
"use strict";

if (ops.op_telemetry_enabled()) {
  const { ArrayPrototypePush, SafeMap, MapPrototypeGet, MapPrototypeSet, MapPrototypeDelete } =
    internals.primordials;
  const kOpen = 0;
  const kUpdate = 1;
  const kClose = 2;
  const peaks = new SafeMap();  // stream -> largest queue since its last publish
  let dirty = [];               // streams in peaks, in the order they changed
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
  const takePeak = (stream) => {
    const peak = MapPrototypeGet(peaks, stream);
    if (peak !== undefined) MapPrototypeDelete(peaks, stream);
    return peak ?? 0;
  };

  internals.flushTelemetry = () => {
    flushRequested = false;
    const streams = dirty;
    dirty = [];
    for (let i = 0; i < streams.length; i++) {
      const stream = streams[i];
      const peak = MapPrototypeGet(peaks, stream);
      if (peak === undefined) continue;  // closed meanwhile (published then)
      MapPrototypeDelete(peaks, stream);
      publish(kUpdate, stream, peak);
    }
  };

  internals.setStreamsObserver({
    open: (stream) => publish(kOpen, stream, 0),
    update: (stream) => {
      const chunks = internals.streamQueueChunks(stream);
      const peak = MapPrototypeGet(peaks, stream);
      if (peak === undefined) {
        ArrayPrototypePush(dirty, stream);
        MapPrototypeSet(peaks, stream, chunks);
      } else if (chunks > peak) {
        MapPrototypeSet(peaks, stream, chunks);
      }
      if (!flushRequested) {
        flushRequested = true;
        ops.op_telemetry_flush_after_task();
      }
    },
    close: (stream) => publish(kClose, stream, takePeak(stream)),
    pendingOpen: (kind) => ops.op_telemetry_promise_open(kind),
    pendingClose: (id, fulfilled) => ops.op_telemetry_promise_close(id, fulfilled),
  });
}
