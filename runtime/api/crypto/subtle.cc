#include "subtle.h"

namespace nano {

void installSubtleCryptoOps(OpsBuilder& ops) {}

}  // namespace nano
