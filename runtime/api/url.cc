#include "url.h"

namespace nano {

void installUrlOps(OpsBuilder& ops) {}

}  // namespace nano
