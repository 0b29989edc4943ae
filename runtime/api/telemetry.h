#pragma once
#include "ops.h"
namespace nano {
// Publishing JS-side telemetry (streams) to the runtime's telemetry::Feed.
void installTelemetryOps(OpsBuilder& ops);
}  // namespace nano
