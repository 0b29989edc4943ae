#include "encoding.h"

namespace nano {

void installEncodingOps(OpsBuilder& ops) {}

}  // namespace nano
