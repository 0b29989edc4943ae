#pragma once
#include "ops.h"
namespace nano {
// CompressionStream/DecompressionStream codecs on zlib.
void installCompressionOps(OpsBuilder& ops);
}  // namespace nano
