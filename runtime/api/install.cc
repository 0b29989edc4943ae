// The one list of op families; each lives in its own file.
#include "base64.h"
#include "clone.h"
#include "console.h"
#include "encoding.h"
#include "ops.h"
#include "runtime_ops.h"
#include "timers.h"

namespace nano {

void installAllOps(OpsBuilder& ops) {
  installRuntimeOps(ops);
  installConsoleOps(ops);
  installTimerOps(ops);
  installEncodingOps(ops);
  installBase64Ops(ops);
  installCloneOps(ops);
}

}  // namespace nano
