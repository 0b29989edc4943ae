// nanojs: the headless front end of the NANO runtime.
#include <csignal>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "../core/errors.h"
#include "../core/runtime.h"
#include "repl.h"
#include "serve_command.h"
#include "telemetry/feed.h"
#include "telemetry/json_lines.h"
#ifdef NANO_HAVE_INSPECTOR
#include "inspector/cli/inspect.h"
#endif

namespace {

constexpr const char* kUsage = R"(Usage: nanojs <command> [options]

Commands:
  run [--module|--script] [--telemetry FILE] [--inspect...] FILE [ARGS...]
                                            Run a classic script or an ES module
  eval [--telemetry FILE] CODE              Evaluate CODE as a classic script
  repl                                      Interactive read-eval-print loop
  serve FILE|--config FILE [--port N]       Serve export default { fetch } handlers over HTTP
  FILE                                      Same as: run FILE

Options of run and eval:
  --telemetry FILE Write telemetry (streams, fetches, promises, requests) as JSON lines

Options of run:
  --inspect[=[HOST:]PORT]       Serve the V8 inspector (Chrome DevTools) on HOST:PORT
                                (default 127.0.0.1:9229)
  --inspect-wait[=[HOST:]PORT]  Same, and run once a debugger has attached
  --inspect-brk[=[HOST:]PORT]   Same, and pause before the first statement

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

// --telemetry FILE: a feed plus a writer thread that drains it into FILE.
class TelemetryExport {
 public:
  bool open(const std::string& path) {
    m_file = path == "-" ? stdout : std::fopen(path.c_str(), "w");
    if (!m_file) return false;
    m_writer = std::make_unique<nano::telemetry::JsonLinesWriter>(m_feed, m_file);
    return true;
  }
  ~TelemetryExport() {
    m_writer.reset();
    if (m_file && m_file != stdout) std::fclose(m_file);
  }
  nano::telemetry::Feed* feed() { return m_writer ? &m_feed : nullptr; }

 private:
  nano::telemetry::Feed m_feed;
  FILE* m_file = nullptr;
  std::unique_ptr<nano::telemetry::JsonLinesWriter> m_writer;
};

// Takes the options shared by run and eval off the front of args.
bool takeTelemetryOption(std::vector<std::string>& args, TelemetryExport& telemetry, int& error) {
  if (args.empty() || !(args[0] == "--telemetry" || args[0].starts_with("--telemetry="))) return false;
  std::string path;
  if (args[0] == "--telemetry") {
    if (args.size() < 2) {
      error = 2;
      std::fprintf(stderr, "nanojs: --telemetry needs a FILE\n");
      return true;
    }
    path = args[1];
    args.erase(args.begin(), args.begin() + 2);
  } else {
    path = args[0].substr(std::strlen("--telemetry="));
    args.erase(args.begin());
  }
  if (!telemetry.open(path)) {
    std::fprintf(stderr, "nanojs: cannot write telemetry to %s: %s\n", path.c_str(), std::strerror(errno));
    error = 1;
  }
  return true;
}

int usageError(const std::string& message) {
  std::fprintf(stderr, "nanojs: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

int runCommand(std::vector<std::string> args) {
  nano::SourceKind kind = nano::SourceKind::Auto;
  TelemetryExport telemetry;
#ifdef NANO_HAVE_INSPECTOR
  nano::inspector::InspectOptions inspect;
#endif
  while (!args.empty() && args[0].starts_with("--")) {
    int error = 0;
    if (takeTelemetryOption(args, telemetry, error)) {
      if (error) return error;
      continue;
    }
#ifdef NANO_HAVE_INSPECTOR
    if (std::string inspectError; nano::inspector::parseInspectOption(args[0], inspect, &inspectError)) {
      if (!inspectError.empty()) return usageError(inspectError);
      args.erase(args.begin());
      continue;
    }
#endif
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
  nano::RuntimeOptions options = optionsFor(args);
  options.telemetry = telemetry.feed();
#ifdef NANO_HAVE_INSPECTOR
  // The runtime moves to a thread of its own; this one serves the debugger.
  if (inspect.enabled)
    return nano::inspector::runDebuggable(inspect, std::move(options), file, [&](nano::Runtime& runtime) {
      runtime.runFile(file, kind);
      if (!runtime.failed()) runtime.runLoop();
    });
#endif
  nano::Runtime runtime(std::move(options));
  // A top-level throw that an "error" listener cancelled leaves the program running.
  runtime.runFile(file, kind);
  if (!runtime.failed()) runtime.runLoop();
  return runtime.exitCode();
}

int evalCommand(std::vector<std::string> args) {
  TelemetryExport telemetry;
  int error = 0;
  if (takeTelemetryOption(args, telemetry, error) && error) return error;
  if (args.empty()) return usageError("eval needs CODE");
  nano::RuntimeOptions options = optionsFor(args);
  options.telemetry = telemetry.feed();
  nano::Runtime runtime(std::move(options));
  runtime.evalScript(args[0], "eval");
  if (!runtime.failed()) runtime.runLoop();
  return runtime.exitCode();
}

}  // namespace

int main(int argc, char** argv) {
  // A peer that resets a socket we write to must cost that write (EPIPE), not
  // the process: libuv reports the error, the default action would kill us.
  std::signal(SIGPIPE, SIG_IGN);
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
  if (command == "serve") return nano::runServeCommand(rest);
  if (command == "repl") {
    nano::Runtime runtime(optionsFor(rest, false));
    return nano::runRepl(runtime);
  }
  if (command.starts_with("--inspect")) return runCommand(args);  // nanojs --inspect FILE, as node
  if (command.starts_with("-")) return usageError("unknown option " + command);
  return runCommand(args);
}
