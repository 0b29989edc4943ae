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
// request; 0 (and nothing published) when no feed listens.
telemetry::Id openPendingPromise(Runtime& runtime, std::string opKind);
// Publishes its settlement; unknown ids (and 0) are ignored.
void closePendingPromise(Runtime& runtime, telemetry::Id id, bool fulfilled);

}  // namespace nano
