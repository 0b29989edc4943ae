#pragma once
#include "ops.h"
namespace nano {
// TextEncoder/TextDecoder transcoding (simdutf + V8 strings).
void installEncodingOps(OpsBuilder& ops);
}  // namespace nano
