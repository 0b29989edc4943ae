#include "subtle.h"

#include "subtle_ops.h"

namespace nano {

void installSubtleCryptoOps(OpsBuilder& ops) {
  subtle::installKeyOps(ops);
  subtle::installDigestOps(ops);
  subtle::installHmacOps(ops);
  subtle::installAesOps(ops);
  subtle::installEcOps(ops);
  subtle::installOkpOps(ops);
  subtle::installRsaOps(ops);
  subtle::installKdfOps(ops);
}

}  // namespace nano
