#include "crypto_random.h"

namespace nano {

void installCryptoRandomOps(OpsBuilder& ops) {}

}  // namespace nano
