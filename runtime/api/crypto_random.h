#pragma once
#include "ops.h"
namespace nano {
// crypto.getRandomValues and crypto.randomUUID on OpenSSL RAND_bytes.
void installCryptoRandomOps(OpsBuilder& ops);
}  // namespace nano
