#pragma once
#include "ops.h"
namespace nano {
// structuredClone on V8's ValueSerializer.
void installCloneOps(OpsBuilder& ops);
}  // namespace nano
