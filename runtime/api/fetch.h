#pragma once
#include "ops.h"
namespace nano {
// fetch(): the ops between the JS Request/Response and runtime/net's HTTP client.
void installFetchOps(OpsBuilder& ops);
}  // namespace nano
