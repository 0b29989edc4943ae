// The one list of op families; each lives in its own file.
#include "console.h"
#include "ops.h"
#include "runtime_ops.h"
#include "timers.h"

namespace nano {

void installAllOps(OpsBuilder& ops) {
  installRuntimeOps(ops);
  installConsoleOps(ops);
  installTimerOps(ops);
}

}  // namespace nano
