#pragma once
#include "ops.h"
namespace nano {
// TextEncoder/TextDecoder transcoding: UTF-8/UTF-16 with simdutf, the legacy encodings
// with the Encoding Standard's decoders over tables read from ICU.
void installEncodingOps(OpsBuilder& ops);
}  // namespace nano
