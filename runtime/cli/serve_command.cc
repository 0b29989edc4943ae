#include "serve_command.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include <v8.h>

#include "serve/serve.h"
#include "telemetry/feed.h"
#include "telemetry/json_lines.h"
#ifdef NANO_HAVE_INSPECTOR
#include "inspector/agent/agent.h"
#include "inspector/cli/inspect.h"
#endif

namespace nano {

namespace {

constexpr const char* kServeUsage = R"(Usage: nanojs serve FILE [options]
       nanojs serve --config FILE [options]

Serves `export default { fetch(request, env, ctx) }` handlers over HTTP/1.1.

Options:
  --port N             Port to listen on (default 8787; 0 picks a free port)
  --host H             Address to bind (default 127.0.0.1)
  --config FILE        JSON config: {"port", "host", "apps": [{"hostname", "handler", "env"}]};
                       apps are routed by Host header
  --no-watch           Serve FILE as it is: no reload when its files change (one thread, no
                       front; by default the handler's folder is watched and changes reload it)
  --cpu-limit-ms N     Longest a request's JavaScript may run without a break (default 30000)
  --max-body BYTES     Largest request body accepted (default 104857600); larger ones get 413
  --max-header BYTES   Largest request head accepted (default 65536); larger ones get 431
  --keep-alive-ms N    How long an idle keep-alive connection stays open (default 5000)
  --headers-timeout-ms N  How long a client may take to send a request head (default 30000);
                       a slower one gets 408
  --grace-ms N         On SIGINT/SIGTERM, how long in-flight requests may take (default 10000)
  --max-heap-mb N      V8 old-space limit per app (default: V8's own)
  --telemetry FILE     Write telemetry (requests, streams, fetches, promises) as JSON lines
  --inspect[=[HOST:]PORT]       Serve the V8 inspector (Chrome DevTools) for every app (default 127.0.0.1:9229)
  --inspect-wait[=[HOST:]PORT]  Same, and load the handler once a debugger has attached
  --inspect-brk[=[HOST:]PORT]   Same, and pause before the handler module's first statement
)";

int usage(const std::string& message) {
  std::fprintf(stderr, "nanojs serve: %s\n\n%s", message.c_str(), kServeUsage);
  return 2;
}

template <class T>
bool parseNumber(const std::string& text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

class TelemetryExport {
 public:
  bool open(const std::string& path) {
    m_file = path == "-" ? stdout : std::fopen(path.c_str(), "w");
    if (!m_file) return false;
    m_writer = std::make_unique<telemetry::JsonLinesWriter>(m_feed, m_file);
    return true;
  }
  ~TelemetryExport() {
    m_writer.reset();
    if (m_file && m_file != stdout) std::fclose(m_file);
  }
  telemetry::Feed* feed() { return m_writer ? &m_feed : nullptr; }

 private:
  telemetry::Feed m_feed;
  FILE* m_file = nullptr;
  std::unique_ptr<telemetry::JsonLinesWriter> m_writer;
};

}  // namespace

int runServeCommand(const std::vector<std::string>& args) {
  serve::ServeOptions options;
#ifdef NANO_HAVE_INSPECTOR
  inspector::InspectOptions inspect;
#endif
  std::string telemetryPath;
  uint64_t maxHeapMb = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kServeUsage, stdout);
      return 0;
    }
    if (!arg.starts_with("--")) {
      if (!options.handler.empty()) return usage("more than one FILE: " + arg);
      options.handler = arg;
      continue;
    }
#ifdef NANO_HAVE_INSPECTOR
    if (std::string inspectError; inspector::parseInspectOption(arg, inspect, &inspectError)) {
      if (!inspectError.empty()) return usage(inspectError);
      continue;
    }
#endif
    if (arg == "--no-watch") {
      options.watch = false;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> value;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    auto take = [&]() -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    std::optional<std::string> v = take();
    if (!v) return usage(name + " needs a value");
    if (name == "--port") {
      if (!parseNumber(*v, options.port) || options.port < 0 || options.port > 65535)
        return usage("--port must be 0..65535");
      options.portGiven = true;
    } else if (name == "--host") {
      if (v->empty()) return usage("--host must not be empty");
      options.host = *v;
      options.hostGiven = true;
    } else if (name == "--config") {
      options.configPath = *v;
    } else if (name == "--telemetry") {
      telemetryPath = *v;
    } else if (name == "--cpu-limit-ms") {
      uint64_t ms = 0;
      if (!parseNumber(*v, ms) || ms == 0) return usage("--cpu-limit-ms must be a positive integer");
      options.cpuLimitMs = static_cast<double>(ms);
    } else if (name == "--max-body") {
      if (!parseNumber(*v, options.http.maxBodyBytes)) return usage("--max-body must be a number of bytes");
    } else if (name == "--max-header") {
      if (!parseNumber(*v, options.http.maxHeaderBytes) || options.http.maxHeaderBytes < 256)
        return usage("--max-header must be at least 256 bytes");
    } else if (name == "--keep-alive-ms") {
      if (!parseNumber(*v, options.http.keepAliveTimeoutMs) || options.http.keepAliveTimeoutMs == 0)
        return usage("--keep-alive-ms must be a positive number of milliseconds");
    } else if (name == "--headers-timeout-ms") {
      if (!parseNumber(*v, options.http.headersTimeoutMs) || options.http.headersTimeoutMs == 0)
        return usage("--headers-timeout-ms must be a positive number of milliseconds");
    } else if (name == "--grace-ms") {
      if (!parseNumber(*v, options.graceMs)) return usage("--grace-ms must be a number of milliseconds");
    } else if (name == "--max-heap-mb") {
      if (!parseNumber(*v, maxHeapMb) || maxHeapMb == 0) return usage("--max-heap-mb must be a positive integer");
    } else {
      return usage("unknown option " + name);
    }
  }
  if (options.handler.empty() == options.configPath.empty())
    return usage(options.handler.empty() ? "needs a FILE or --config FILE" : "give either FILE or --config, not both");

  if (maxHeapMb) {
    // Before the first isolate exists: V8 reads it when it sizes a new heap.
    std::string flag = "--max-old-space-size=" + std::to_string(maxHeapMb);
    v8::V8::SetFlagsFromString(flag.c_str(), flag.size());
  }
  TelemetryExport telemetry;
  if (!telemetryPath.empty() && !telemetry.open(telemetryPath)) {
    std::fprintf(stderr, "nanojs: cannot write telemetry to %s: %s\n", telemetryPath.c_str(), std::strerror(errno));
    return 1;
  }
  options.telemetry = telemetry.feed();
  auto serve = [&options] {
    if (!options.configPath.empty()) return serve::serveMultiApp(options);
    return options.watch ? serve::serveWatchedApp(options) : serve::serveSingleApp(options);
  };
#ifdef NANO_HAVE_INSPECTOR
  // The apps run on a thread of their own; this one serves the debugger.
  if (inspect.enabled) {
    return inspector::runWithInspector(inspect, [&](inspector::Inspector& server) {
      options.attachDebugger = [&server](Runtime& runtime, const std::string& title, const std::string& url,
                                         serve::ServeOptions::PauseListener onPause) {
        std::unique_ptr<inspector::Debuggee> debuggee = server.attach(runtime, title, url);
        debuggee->agent().setPauseListener(std::move(onPause));
        return std::shared_ptr<void>(std::move(debuggee));
      };
      return serve();
    });
  }
#endif
  return serve();
}

}  // namespace nano
