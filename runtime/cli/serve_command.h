#pragma once
#include <string>
#include <vector>
namespace nano {
// `nanojs serve FILE|--config FILE [--port N] [--host H] [--telemetry FILE] [--cpu-limit-ms N]
// [--max-body BYTES] [--max-header BYTES] [--grace-ms N] [--max-heap-mb N]` (runtime/serve/README.md).
// Returns the exit code.
int runServeCommand(const std::vector<std::string>& args);
}  // namespace nano
