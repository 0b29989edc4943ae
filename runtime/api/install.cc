// The one list of op families; each lives in its own file.
#include "base64.h"
#include "clone.h"
#include "compression.h"
#include "console.h"
#include "crypto/subtle.h"
#include "crypto_random.h"
#include "encoding.h"
#include "fetch.h"
#include "ops.h"
#include "runtime_ops.h"
#include "telemetry.h"
#include "timers.h"
#include "url.h"

namespace nano {

void installAllOps(OpsBuilder& ops) {
  installRuntimeOps(ops);
  installConsoleOps(ops);
  installTimerOps(ops);
  installEncodingOps(ops);
  installBase64Ops(ops);
  installCloneOps(ops);
  installUrlOps(ops);
  installCryptoRandomOps(ops);
  installCompressionOps(ops);
  installFetchOps(ops);
  installTelemetryOps(ops);
  installSubtleCryptoOps(ops);
}

}  // namespace nano
