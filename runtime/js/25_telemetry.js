// Wires JS-side telemetry to the native Feed, only when a feed is attached
// (nanojs --telemetry, the workbench): otherwise streams keep their no-op observer.
"use strict";

if (ops.op_telemetry_enabled()) {
  const kOpen = 0;
  const kUpdate = 1;
  const kClose = 2;
  const publish = (op) => (stream) => {
    const record = internals.streamInfo(stream);
    if (record !== undefined) ops.op_telemetry_stream(op, record);
  };
  internals.setStreamsObserver({
    open: publish(kOpen),
    update: publish(kUpdate),
    close: publish(kClose),
    pendingOpen: (kind) => ops.op_telemetry_promise_open(kind),
    pendingClose: (id, fulfilled) => ops.op_telemetry_promise_close(id, fulfilled),
  });
}
