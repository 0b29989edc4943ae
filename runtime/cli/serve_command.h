#pragma once
#include <string>
#include <vector>
namespace nano {
// `nanojs serve FILE|--config FILE [--port N] [--host H] [--telemetry FILE]`. Returns the exit code.
int runServeCommand(const std::vector<std::string>& args);
}  // namespace nano
