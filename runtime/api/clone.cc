#include "clone.h"

namespace nano {

void installCloneOps(OpsBuilder& ops) {}

}  // namespace nano
