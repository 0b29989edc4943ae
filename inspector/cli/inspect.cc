#include "inspect.h"

#include <dlfcn.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "agent/agent.h"
#include "agent/hub.h"
#include "core/modules.h"
#include "server/server_host.h"

namespace nano::inspector {

namespace {

constexpr const char* kModuleFile = "libnano_inspector_qt.so";

bool parsePort(std::string_view text, int& port) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 65535) return false;
  port = value;
  return true;
}

bool isDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// "[HOST:]PORT", "HOST", "[::1]:PORT" as Node takes them.
bool parseHostPort(std::string_view value, InspectOptions& options, std::string* error) {
  std::string_view host;
  std::string_view port;
  if (value.starts_with('[')) {
    size_t close = value.find(']');
    if (close == std::string_view::npos) {
      *error = "--inspect: unterminated IPv6 address in " + std::string(value);
      return false;
    }
    host = value.substr(1, close - 1);
    std::string_view rest = value.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) {
        *error = "--inspect: expected :PORT after " + std::string(value.substr(0, close + 1));
        return false;
      }
      port = rest.substr(1);
    }
  } else if (size_t colon = value.rfind(':'); colon != std::string_view::npos) {
    host = value.substr(0, colon);
    port = value.substr(colon + 1);
  } else if (isDigits(value)) {
    port = value;
  } else {
    host = value;
  }
  if (!port.empty() && !parsePort(port, options.port)) {
    *error = "--inspect: port must be 0..65535, not " + std::string(port);
    return false;
  }
  if (!host.empty()) options.host = host;
  return true;
}

std::string urlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

CreateServerHostFn loadServerModule(std::string* error) {
  std::vector<std::string> candidates;
  if (const char* path = std::getenv("NANO_INSPECTOR_MODULE")) candidates.emplace_back(path);
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back((exe.parent_path() / "../lib/nano" / kModuleFile).string());  // installed
    candidates.push_back((exe.parent_path() / kModuleFile).string());
  }
#ifdef NANO_INSPECTOR_MODULE_BUILD_PATH
  candidates.emplace_back(NANO_INSPECTOR_MODULE_BUILD_PATH);
#endif
  *error = std::string(kModuleFile) + " not found";
  for (const std::string& path : candidates) {
    if (access(path.c_str(), R_OK) != 0) continue;
    // Never closed: Qt does not expect to be unloaded.
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
      *error = dlerror();
      continue;
    }
    if (void* symbol = dlsym(module, kCreateServerHostSymbol))
      return reinterpret_cast<CreateServerHostFn>(symbol);
    *error = path + " has no " + kCreateServerHostSymbol;
  }
  return nullptr;
}

}  // namespace

bool parseInspectOption(std::string_view arg, InspectOptions& options, std::string* error) {
  error->clear();
  std::string_view name = arg.substr(0, arg.find('='));
  if (name != "--inspect" && name != "--inspect-brk" && name != "--inspect-wait") return false;
  options.enabled = true;
  if (name == "--inspect-brk") options.wait = options.brk = true;
  if (name == "--inspect-wait") options.wait = true;
  if (name.size() < arg.size()) {
    std::string_view value = arg.substr(name.size() + 1);
    if (value.empty()) {
      *error = std::string(name) + "= needs [HOST:]PORT";
      return true;
    }
    parseHostPort(value, options, error);
  }
  return true;
}

Debuggee::Debuggee(Hub& hub, std::unique_ptr<Agent> agent) : m_hub(hub), m_agent(std::move(agent)) {}

Debuggee::~Debuggee() {
  m_hub.remove(m_agent->target().id);
  m_agent.reset();
}

void Debuggee::finish() {
  m_agent->waitForDisconnect([] {
    std::fputs("Waiting for the debugger to disconnect...\n", stderr);
    std::fflush(stderr);
  });
}

std::unique_ptr<Debuggee> Inspector::attach(Runtime& runtime, const std::string& title, const std::string& url) {
  auto agent = std::make_unique<Agent>(runtime, Target{{}, title, url});
  m_hub.add(agent->handle());
  std::fprintf(stderr, "Debugger listening on ws://%s:%d/%s\n", urlHost(m_options.host).c_str(), m_port,
               agent->target().id.c_str());
  std::fflush(stderr);
  auto debuggee = std::unique_ptr<Debuggee>(new Debuggee(m_hub, std::move(agent)));
  if (m_options.wait) debuggee->agent().waitForDebugger();
  if (m_options.brk) debuggee->agent().pauseOnNextStatement("Break on start");
  return debuggee;
}

int runWithInspector(const InspectOptions& options, const std::function<int(Inspector&)>& program) {
  std::string error;
  CreateServerHostFn create = loadServerModule(&error);
  if (!create) {
    std::fprintf(stderr, "nanojs: the inspector is not available: %s\n", error.c_str());
    return 1;
  }
  Hub hub;
  hub.setSessionListener([](const Target&) {
    std::fputs("Debugger attached.\n", stderr);
    std::fflush(stderr);
  });
  ServerConfig config;
  config.host = options.host;
  config.port = options.port;
  config.browser = std::string("nanojs/") + NANO_VERSION;
  config.v8Version = v8::V8::GetVersion();
  std::unique_ptr<ServerHost> server(create(config, &hub));
  if (!server->listen(&error)) {
    std::fprintf(stderr, "Starting inspector on %s:%d failed: %s\n", options.host.c_str(), options.port,
                 error.c_str());
    return 1;
  }
  Inspector inspector(options, hub, server->port());
  int code = 0;
  // The runtime gets a thread of its own; this one runs Qt's event loop.
  std::thread runtimeThread([&] {
    code = program(inspector);
    server->quit();
  });
  server->exec();
  runtimeThread.join();
  server.reset();
  return code;
}

int runDebuggable(const InspectOptions& options, RuntimeOptions runtimeOptions, const std::string& file,
                  const std::function<void(Runtime&)>& body) {
  return runWithInspector(options, [&](Inspector& inspector) {
    Runtime runtime(std::move(runtimeOptions));
    std::string url = ModuleLoader::fileUrl(ModuleLoader::absolutePath(file));
    std::unique_ptr<Debuggee> debuggee = inspector.attach(runtime, file, url);
    body(runtime);
    debuggee->finish();
    debuggee.reset();
    return runtime.exitCode();
  });
}

}  // namespace nano::inspector
