#pragma once
#include "ops.h"
namespace nano {
// URL parsing and serialisation on ada. A parse or setter returns the new href
// and writes ada's url_components into the shared Uint32Array
// ops.op_url_components, so JS getters slice the href without native calls.
void installUrlOps(OpsBuilder& ops);
}  // namespace nano
