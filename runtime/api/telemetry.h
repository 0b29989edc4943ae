#pragma once
// Publishing to the runtime's telemetry::Feed from ops: JS-side streams, and
// the pending promises of native ops (fetch, crypto, stream reads).
#include <string>

#include "ops.h"
#include "telemetry/records.h"

namespace nano {

class Runtime;

void installTelemetryOps(OpsBuilder& ops);

// A PendingPromise record for an op's promise, attributed to the current
// request; 0 when no feed listens. It is published at the next tick of the
// telemetry clock (publishPendingPromises), and only if it is still pending
// then.
telemetry::Id openPendingPromise(Runtime& runtime, telemetry::Text opKind);
void publishPendingPromises(Runtime& runtime);
// Publishes its settlement; unknown ids (and 0) are ignored.
void closePendingPromise(Runtime& runtime, telemetry::Id id, bool fulfilled);

}  // namespace nano
