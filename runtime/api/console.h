#pragma once
#include "ops.h"
namespace nano {
// op_console_print(text, toStderr): the sink under the JS console.
void installConsoleOps(OpsBuilder& ops);
}  // namespace nano
