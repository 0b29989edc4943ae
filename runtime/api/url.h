#pragma once
#include "ops.h"
namespace nano {
// URL parsing and serialisation on ada.
void installUrlOps(OpsBuilder& ops);
}  // namespace nano
