#include "fetch.h"

namespace nano {

void installFetchOps(OpsBuilder& ops) {}

}  // namespace nano
