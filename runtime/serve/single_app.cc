// Single-app mode: the handler's Runtime, the HTTP server and the signal
// handling all live on the main thread's loop.
#include <csignal>
#include <cstdio>

#include "app_host.h"
#include "debug_attachment.h"
#include "drainer.h"
#include "core/runtime.h"
#include "serve.h"

namespace nano::serve {

std::string listeningUrl(const std::string& host, int port) {
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + shown + ":" + std::to_string(port) + "/";
}

namespace {

std::string baseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// SIGINT/SIGTERM start the drain; a second one ends the grace period at once.
class Signals {
 public:
  Signals(uv_loop_t* loop, Drainer& drainer) : m_drainer(drainer) {
    for (int i = 0; i < 2; ++i) {
      m_signals[i] = new uv_signal_t{};
      uv_signal_init(loop, m_signals[i]);
      m_signals[i]->data = this;
      uv_signal_start(m_signals[i], [](uv_signal_t* s, int) { static_cast<Signals*>(s->data)->onSignal(); },
                      i == 0 ? SIGINT : SIGTERM);
      uv_unref(reinterpret_cast<uv_handle_t*>(m_signals[i]));
    }
  }
  ~Signals() {
    for (uv_signal_t* s : m_signals)
      uv_close(reinterpret_cast<uv_handle_t*>(s), [](uv_handle_t* h) { delete reinterpret_cast<uv_signal_t*>(h); });
  }

 private:
  void onSignal() {
    if (m_drainer.started()) return m_drainer.now();
    std::fprintf(stderr, "nanojs serve: shutting down\n");
    m_drainer.start();
  }
  Drainer& m_drainer;
  uv_signal_t* m_signals[2] = {};
};

}  // namespace

int serveSingleApp(const ServeOptions& options) {
  RuntimeOptions runtimeOptions;
  runtimeOptions.args = {options.handler};
  runtimeOptions.exitOnUncaught = false;  // a handler's error answers 500; the server goes on
  runtimeOptions.telemetry = options.telemetry;
  Runtime runtime(std::move(runtimeOptions));
  AppConfig config;
  config.name = baseName(options.handler);
  config.handlerPath = options.handler;
  config.cpuLimitMs = options.cpuLimitMs;
  DebugAttachment debugger(options.attachDebugger, runtime, config.name, options.handler);
  AppHost host(runtime, config);
  auto debuggerBinding = debugger.bind(host);
  if (!host.load()) return 1;
  net::HttpServer server(runtime.loop(), options.http, &host);
  if (int rc = server.listen(options.host, options.port); rc != 0) {
    std::fprintf(stderr, "nanojs serve: cannot listen on %s:%d: %s\n", options.host.c_str(), options.port,
                 uv_strerror(rc));
    return 1;
  }
  std::printf("Listening on %s\n", listeningUrl(options.host, server.port()).c_str());
  std::fflush(stdout);
  int exitCode;
  {
    Drainer drainer(runtime.loop(), server, host, options.graceMs, [&runtime] { runtime.exit(0); });
    Signals signals(runtime.loop(), drainer);
    runtime.runLoop();
    exitCode = runtime.exitCode();
  }
  // Drained: a repeated SIGTERM during teardown must not turn exit 0 into a kill.
  if (exitCode == 0) {
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
  }
  server.closeAll();
  return exitCode;
}

}  // namespace nano::serve
