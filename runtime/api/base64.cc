#include "base64.h"

namespace nano {

void installBase64Ops(OpsBuilder& ops) {}

}  // namespace nano
