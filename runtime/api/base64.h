#pragma once
#include "ops.h"
namespace nano {
// forgiving-base64 for atob/btoa (simdutf).
void installBase64Ops(OpsBuilder& ops);
}  // namespace nano
