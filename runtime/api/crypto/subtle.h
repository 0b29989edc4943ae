#pragma once
#include "../ops.h"
namespace nano {
// crypto.subtle (W3C WebCrypto) on OpenSSL 3: the native half. One file an algorithm family.
void installSubtleCryptoOps(OpsBuilder& ops);
}  // namespace nano
