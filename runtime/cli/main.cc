// nanojs: the headless front end of the NANO runtime.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../core/errors.h"
#include "../core/runtime.h"
#include "repl.h"

namespace {

constexpr const char* kUsage = R"(Usage: nanojs <command> [options]

Commands:
  run [--module|--script] FILE [ARGS...]   Run a classic script or an ES module
  eval CODE                                 Evaluate CODE as a classic script
  repl                                      Interactive read-eval-print loop
  FILE                                      Same as: run FILE

Options:
  -h, --help       Show this help
  -v, --version    Print the versions of nanojs and V8
)";

nano::RuntimeOptions optionsFor(std::vector<std::string> args, bool exitOnUncaught = true) {
  nano::RuntimeOptions options;
  options.args = std::move(args);
  options.exitOnUncaught = exitOnUncaught;
  return options;
}

int usageError(const std::string& message) {
  std::fprintf(stderr, "nanojs: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

int runCommand(std::vector<std::string> args) {
  nano::SourceKind kind = nano::SourceKind::Auto;
  while (!args.empty() && args[0].starts_with("--")) {
    if (args[0] == "--module")
      kind = nano::SourceKind::Module;
    else if (args[0] == "--script")
      kind = nano::SourceKind::Script;
    else
      return usageError("unknown option for run: " + args[0]);
    args.erase(args.begin());
  }
  if (args.empty()) return usageError("run needs a FILE");
  std::string file = args[0];
  nano::Runtime runtime(optionsFor(args));
  if (runtime.runFile(file, kind)) runtime.runLoop();
  return runtime.exitCode();
}

int evalCommand(const std::vector<std::string>& args) {
  if (args.empty()) return usageError("eval needs CODE");
  nano::Runtime runtime(optionsFor(args));
  if (runtime.evalScript(args[0], "eval")) runtime.runLoop();
  return runtime.exitCode();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    nano::Runtime runtime(optionsFor({}, false));
    return nano::runRepl(runtime);
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "-v" || command == "--version") {
    std::printf("nanojs %s\nV8 %s\n", NANO_VERSION, v8::V8::GetVersion());
    return 0;
  }
  if (command == "run") return runCommand(rest);
  if (command == "eval") return evalCommand(rest);
  if (command == "repl") {
    nano::Runtime runtime(optionsFor(rest, false));
    return nano::runRepl(runtime);
  }
  if (command.starts_with("-")) return usageError("unknown option " + command);
  return runCommand(args);
}
