#pragma once
// `nanojs serve`: one handler in the main thread's Runtime (single-app mode),
// or several hostname-routed apps, each in its own thread and Runtime, behind
// a front thread that accepts and routes connections (multi-app mode). See README.md.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/http_server.h"

namespace nano {
class Runtime;
}

namespace nano::telemetry {
class Feed;
}

namespace nano::serve {

struct ServeOptions {
  std::string handler;     // single-app mode
  std::string configPath;  // multi-app mode
  std::string host = "127.0.0.1";
  int port = 8787;
  bool hostGiven = false;  // --host/--port win over the config file
  bool portGiven = false;
  bool watch = true;  // reload handlers when their files change
  double cpuLimitMs = 30000;
  uint64_t graceMs = 10000;  // SIGINT/SIGTERM: how long in-flight requests may take
  net::HttpServerOptions http;
  telemetry::Feed* telemetry = nullptr;
  // --inspect: called on each app's runtime thread right after its Runtime
  // exists, before the handler module runs (title, file:// URL of the handler,
  // and what to tell when a debugger pauses or resumes the JS); what it
  // returns lives until just before the Runtime goes.
  using PauseListener = std::function<void(bool paused)>;
  std::function<std::shared_ptr<void>(Runtime&, const std::string& title, const std::string& url, PauseListener)>
      attachDebugger;
};

// All print "Listening on http://HOST:PORT/" once bound and return the exit code.
// serveSingleApp: one handler on this thread, never reloaded (--no-watch).
int serveSingleApp(const ServeOptions& options);
// serveWatchedApp: one handler for every Host, reloaded when its files change
// (in-flight requests finish on the old version); the multi-app machinery.
int serveWatchedApp(const ServeOptions& options);
int serveMultiApp(const ServeOptions& options);

// "http://127.0.0.1:8787/" ("[::1]" for IPv6 hosts).
std::string listeningUrl(const std::string& host, int port);

}  // namespace nano::serve
