#pragma once
namespace nano {
class Runtime;
// Reads, evaluates and prints until end of input. Line editing and history
// (~/.nano_repl_history) when stdin is a terminal. Returns the exit code.
int runRepl(Runtime& runtime);
}  // namespace nano
