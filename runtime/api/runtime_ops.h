#pragma once
#include "ops.h"
namespace nano {
// The runtime's own ops: reporting exceptions, exiting, arguments, versions.
void installRuntimeOps(OpsBuilder& ops);
}  // namespace nano
