// Multi-app mode (`nanojs serve --config FILE`): each app runs in its own
// thread with its own Runtime (isolate + loop) and HttpServer. The main thread
// is the front: it accepts connections, reads the first request head to learn
// the Host header, and hands the socket (a dup of its fd, plus the bytes
// already read) to the app's thread through a queue and a uv_async. It also
// watches the config and handler files and swaps in fresh app threads when
// they change. See README.md.
#include <unistd.h>
#include <fcntl.h>

#include <strings.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <llhttp.h>

#include "app_host.h"
#include "debug_attachment.h"
#include "config.h"
#include "core/runtime.h"
#include "drainer.h"
#include "serve.h"

namespace nano::serve {

namespace {

struct Limits {
  net::HttpServerOptions http;
  double cpuLimitMs = 30000;
  uint64_t graceMs = 10000;
  telemetry::Feed* telemetry = nullptr;
  decltype(ServeOptions::attachDebugger) attachDebugger;
};

// How logs and telemetry call an app.
const std::string& nameOf(const AppEntry& entry) { return entry.name.empty() ? entry.hostname : entry.name; }

std::string dirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string baseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return normalizePath(path);
  std::string cwd(4096, '\0');
  if (!getcwd(cwd.data(), cwd.size())) return path;
  cwd.resize(std::strlen(cwd.c_str()));
  return normalizePath(cwd + "/" + path);
}

class Front;

// One app: a thread that owns a Runtime, an AppHost and an HttpServer that
// only adopts connections the front hands over.
class AppThread {
 public:
  AppThread(Front& front, AppEntry entry, const Limits& limits)
      : m_front(front), m_entry(std::move(entry)), m_limits(limits) {}
  ~AppThread() { join(); }

  void start() { m_thread = std::thread([this] { main(); }); }
  void join() {
    if (m_thread.joinable()) m_thread.join();
  }
  const AppEntry& entry() const { return m_entry; }

  // Front thread.
  void adopt(uv_os_sock_t fd, std::string bytes) { post({Command::Adopt, fd, std::move(bytes)}); }
  void drain() { post({Command::Drain, -1, {}}); }
  // The grace period is over (a second signal).
  void drainNow() { post({Command::DrainNow, -1, {}}); }

 private:
  struct Command {
    enum Kind { Adopt, Drain, DrainNow } kind;
    uv_os_sock_t fd;
    std::string bytes;
  };

  void post(Command command) {
    std::lock_guard lock(m_mutex);
    if (m_closed) {
      if (command.kind == Command::Adopt) ::close(command.fd);
      return;
    }
    m_queue.push_back(std::move(command));
    if (m_control) uv_async_send(m_control);
  }

  void main();

  // App thread.
  void onControl() {
    std::vector<Command> batch;
    {
      std::lock_guard lock(m_mutex);
      batch.swap(m_queue);
    }
    // In order: connections handed over before a drain are adopted, then drained.
    for (Command& command : batch) {
      switch (command.kind) {
        case Command::Adopt: m_server->adopt(command.fd, std::move(command.bytes)); break;
        case Command::Drain: m_drainer->start(); break;
        case Command::DrainNow: m_drainer->now(); break;
      }
    }
  }

  Front& m_front;
  AppEntry m_entry;
  Limits m_limits;
  std::thread m_thread;
  std::mutex m_mutex;
  std::vector<Command> m_queue;
  uv_async_t* m_control = nullptr;
  bool m_closed = false;
  // App thread only.
  net::HttpServer* m_server = nullptr;
  Drainer* m_drainer = nullptr;
};

// A connection whose first request head is being read to route it.
struct Peek {
  Front* front = nullptr;
  uv_tcp_t tcp{};
  uv_timer_t timer{};
  uv_shutdown_t shutdown{};
  llhttp_t parser{};
  std::string buffer;
  std::string field;
  std::string value;
  std::string host;
  bool inValue = false;
  bool headComplete = false;
  bool closing = false;
  int openHandles = 2;
};

class Front {
 public:
  Front(const ServeOptions& options, std::string configPath, ServeConfig config);
  ~Front();
  int run();

  // Any thread: an app thread finished loading (ok or not), or exited.
  void notifyReady(AppThread* thread, bool ok) { notify({thread, ok, false}); }
  void notifyExited(AppThread* thread) { notify({thread, false, true}); }

 private:
  struct Event {
    AppThread* thread;
    bool ok;
    bool exited;
  };
  struct Slot {
    AppEntry entry;
    AppThread* thread = nullptr;
  };
  // Apps being (re)loaded: they replace the routing table together once all are ready.
  struct Reload {
    std::vector<Slot> slots;
    std::set<AppThread*> waiting;
    bool failed = false;
    bool initial = false;
  };

  void notify(Event event) {
    {
      std::lock_guard lock(m_eventsMutex);
      m_events.push_back(event);
    }
    uv_async_send(&m_eventsAsync);
  }
  void onEvents();
  AppThread* spawn(const AppEntry& entry);
  void beginReload(std::vector<Slot> slots, bool initial);
  void finishReload();
  bool listen();
  void watchFiles();
  void unwatchFiles();
  void onFileChanged(const std::string& dir, const std::string& name);
  void applyChanges();
  void stop();
  void maybeClose();

  // Peeking connections.
  void onConnection();
  void peekRead(Peek* peek, ssize_t nread, const uv_buf_t* buf);
  void peekRoute(Peek* peek);
  void peekAnswer(Peek* peek, int status, const std::string& message);
  void peekClose(Peek* peek);

  ServeOptions m_options;
  Limits m_limits;
  std::string m_configPath;
  ServeConfig m_config;
  std::string m_host;
  int m_port = 0;
  uv_loop_t m_loop{};
  uv_tcp_t m_listener{};
  bool m_listening = false;
  uv_async_t m_eventsAsync{};
  std::mutex m_eventsMutex;
  std::vector<Event> m_events;
  uv_signal_t m_signals[2]{};
  uv_timer_t m_debounce{};
  std::vector<uv_fs_event_t*> m_watchers;
  llhttp_settings_t m_peekSettings{};
  std::set<Peek*> m_peeks;
  std::vector<Slot> m_slots;  // the routing table
  std::vector<std::unique_ptr<AppThread>> m_threads;
  std::unique_ptr<Reload> m_reload;
  bool m_configChanged = false;
  std::set<std::string> m_changedApps;
  bool m_reloadAgain = false;
  bool m_stopping = false;
  bool m_closed = false;
  int m_exitCode = 0;
};

void AppThread::main() {
  bool loaded = false;
  {
    RuntimeOptions runtimeOptions;
    runtimeOptions.args = {m_entry.handlerPath};
    runtimeOptions.exitOnUncaught = false;
    runtimeOptions.telemetry = m_limits.telemetry;
    Runtime runtime(std::move(runtimeOptions));
    AppConfig config;
    config.name = nameOf(m_entry);
    config.handlerPath = m_entry.handlerPath;
    config.envJson = m_entry.envJson;
    config.cpuLimitMs = m_limits.cpuLimitMs;
    DebugAttachment debugger(m_limits.attachDebugger, runtime, config.name, config.handlerPath);
    AppHost host(runtime, config);
    auto debuggerBinding = debugger.bind(host);
    loaded = host.load();
    if (loaded) {
      net::HttpServer server(runtime.loop(), m_limits.http, &host);
      Drainer drainer(runtime.loop(), server, host, m_limits.graceMs, [&runtime] { runtime.exit(0); });
      m_server = &server;
      m_drainer = &drainer;
      auto* control = new uv_async_t{};
      uv_async_init(runtime.loop(), control, [](uv_async_t* h) { static_cast<AppThread*>(h->data)->onControl(); });
      control->data = this;
      {
        std::lock_guard lock(m_mutex);
        m_control = control;
      }
      m_front.notifyReady(this, true);
      onControl();
      runtime.runLoop();
      {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_control = nullptr;
        for (Command& command : m_queue)
          if (command.kind == Command::Adopt) ::close(command.fd);
        m_queue.clear();
      }
      uv_close(reinterpret_cast<uv_handle_t*>(control),
               [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
      m_server = nullptr;
      m_drainer = nullptr;
      server.closeAll();
    } else {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
  }
  if (!loaded) m_front.notifyReady(this, false);
  m_front.notifyExited(this);
}

Front::Front(const ServeOptions& options, std::string configPath, ServeConfig config)
    : m_options(options), m_configPath(std::move(configPath)), m_config(std::move(config)) {
  m_limits.http = options.http;
  m_limits.cpuLimitMs = options.cpuLimitMs;
  m_limits.graceMs = options.graceMs;
  m_limits.telemetry = options.telemetry;
  m_limits.attachDebugger = options.attachDebugger;
  m_host = options.hostGiven ? options.host : m_config.host.value_or(options.host);
  m_port = options.portGiven ? options.port : m_config.port.value_or(options.port);
  uv_loop_init(&m_loop);
  uv_async_init(&m_loop, &m_eventsAsync, [](uv_async_t* h) { static_cast<Front*>(h->data)->onEvents(); });
  m_eventsAsync.data = this;
  uv_timer_init(&m_loop, &m_debounce);
  m_debounce.data = this;
  for (int i = 0; i < 2; ++i) {
    uv_signal_init(&m_loop, &m_signals[i]);
    m_signals[i].data = this;
    uv_signal_start(&m_signals[i], [](uv_signal_t* s, int) {
      auto* front = static_cast<Front*>(s->data);
      if (front->m_stopping) {
        // Second signal: the app threads end their grace period now.
        for (auto& thread : front->m_threads) thread->drainNow();
        return;
      }
      std::fprintf(stderr, "nanojs serve: shutting down\n");
      front->stop();
    }, i == 0 ? SIGINT : SIGTERM);
  }
  uv_tcp_init(&m_loop, &m_listener);
  m_listener.data = this;
  llhttp_settings_init(&m_peekSettings);
  m_peekSettings.on_header_field = [](llhttp_t* p, const char* at, size_t length) {
    auto* peek = static_cast<Peek*>(p->data);
    if (peek->inValue) {
      if (peek->host.empty() && peek->field.size() == 4 && strncasecmp(peek->field.c_str(), "host", 4) == 0)
        peek->host = peek->value;
      peek->field.clear();
      peek->value.clear();
      peek->inValue = false;
    }
    peek->field.append(at, length);
    return 0;
  };
  m_peekSettings.on_header_value = [](llhttp_t* p, const char* at, size_t length) {
    auto* peek = static_cast<Peek*>(p->data);
    peek->inValue = true;
    peek->value.append(at, length);
    return 0;
  };
  m_peekSettings.on_headers_complete = [](llhttp_t* p) {
    auto* peek = static_cast<Peek*>(p->data);
    if (peek->inValue && peek->host.empty() && peek->field.size() == 4 &&
        strncasecmp(peek->field.c_str(), "host", 4) == 0)
      peek->host = peek->value;
    peek->headComplete = true;
    return static_cast<int>(HPE_PAUSED);
  };
}

Front::~Front() {
  m_threads.clear();  // joins
  uv_loop_close(&m_loop);
}

AppThread* Front::spawn(const AppEntry& entry) {
  m_threads.push_back(std::make_unique<AppThread>(*this, entry, m_limits));
  AppThread* thread = m_threads.back().get();
  thread->start();
  return thread;
}

int Front::run() {
  std::vector<Slot> slots;
  for (const AppEntry& entry : m_config.apps) slots.push_back({entry, nullptr});
  beginReload(std::move(slots), true);
  uv_run(&m_loop, UV_RUN_DEFAULT);
  return m_exitCode;
}

void Front::beginReload(std::vector<Slot> slots, bool initial) {
  m_reload = std::make_unique<Reload>();
  m_reload->initial = initial;
  for (Slot& slot : slots) {
    if (!slot.thread) {
      slot.thread = spawn(slot.entry);
      m_reload->waiting.insert(slot.thread);
    }
  }
  m_reload->slots = std::move(slots);
  if (m_reload->waiting.empty()) finishReload();
}

void Front::onEvents() {
  std::vector<Event> events;
  {
    std::lock_guard lock(m_eventsMutex);
    events.swap(m_events);
  }
  for (const Event& event : events) {
    if (event.exited) {
      for (Slot& slot : m_slots) {
        if (slot.thread == event.thread && !m_stopping) {
          // An app that stopped on its own (nano.exit()): its host gets 503 now.
          std::fprintf(stderr, "nanojs serve [%s]: the app stopped\n", nameOf(slot.entry).c_str());
          slot.thread = nullptr;
        }
      }
      for (auto it = m_threads.begin(); it != m_threads.end(); ++it) {
        if (it->get() == event.thread) {
          (*it)->join();
          m_threads.erase(it);
          break;
        }
      }
      continue;
    }
    if (m_reload && m_reload->waiting.erase(event.thread)) {
      if (!event.ok) m_reload->failed = true;
      if (m_reload->waiting.empty()) finishReload();
    }
  }
  maybeClose();
}

void Front::finishReload() {
  std::unique_ptr<Reload> reload = std::move(m_reload);
  std::set<AppThread*> current;
  for (const Slot& slot : m_slots) current.insert(slot.thread);
  if (reload->failed || m_stopping) {
    for (const Slot& slot : reload->slots)
      if (slot.thread && !current.count(slot.thread)) slot.thread->drain();
    if (reload->initial) {
      m_exitCode = 1;
      stop();
    } else if (!m_stopping) {
      std::fprintf(stderr, "nanojs serve: reload failed; still serving the previous version\n");
    }
    return;
  }
  std::set<AppThread*> kept;
  for (const Slot& slot : reload->slots) kept.insert(slot.thread);
  std::vector<Slot> old = std::move(m_slots);
  m_slots = std::move(reload->slots);
  // In-flight requests finish on the old Runtimes; new connections go to the new ones.
  for (const Slot& slot : old)
    if (slot.thread && !kept.count(slot.thread)) slot.thread->drain();
  if (reload->initial) {
    if (!listen()) {
      m_exitCode = 1;
      stop();
      return;
    }
    std::printf("Listening on %s\n", listeningUrl(m_host, m_port).c_str());
    if (!m_configPath.empty())
      for (const Slot& slot : m_slots)
        std::printf("  %s -> %s\n", slot.entry.hostname.c_str(), slot.entry.handlerPath.c_str());
    std::fflush(stdout);
  } else {
    std::string names;
    for (const Slot& slot : m_slots)
      if (!current.count(slot.thread)) names += (names.empty() ? "" : ", ") + nameOf(slot.entry);
    std::fprintf(stderr, "nanojs serve: reloaded %s\n", names.c_str());
  }
  watchFiles();
  if (m_reloadAgain) {
    m_reloadAgain = false;
    applyChanges();
  }
}

bool Front::listen() {
  // The same binding rules as single-app mode: a throwaway HttpServer would do
  // too, but the front speaks only enough HTTP to route.
  sockaddr_storage address{};
  int rc = m_host.find(':') != std::string::npos
               ? uv_ip6_addr(m_host.c_str(), m_port, reinterpret_cast<sockaddr_in6*>(&address))
               : uv_ip4_addr(m_host.c_str(), m_port, reinterpret_cast<sockaddr_in*>(&address));
  if (rc != 0) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    uv_getaddrinfo_t req;
    rc = uv_getaddrinfo(&m_loop, &req, nullptr, m_host.c_str(), nullptr, &hints);
    if (rc == 0 && req.addrinfo) {
      std::memcpy(&address, req.addrinfo->ai_addr, req.addrinfo->ai_addrlen);
      if (address.ss_family == AF_INET)
        reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(static_cast<uint16_t>(m_port));
      else
        reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(static_cast<uint16_t>(m_port));
      uv_freeaddrinfo(req.addrinfo);
    } else if (rc == 0) {
      rc = UV_EAI_NONAME;
    }
  }
  if (rc == 0) rc = uv_tcp_bind(&m_listener, reinterpret_cast<const sockaddr*>(&address), 0);
  if (rc == 0)
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(&m_listener), m_options.http.backlog,
                   [](uv_stream_t* server, int status) {
                     if (status == 0) static_cast<Front*>(server->data)->onConnection();
                   });
  if (rc != 0) {
    std::fprintf(stderr, "nanojs serve: cannot listen on %s:%d: %s\n", m_host.c_str(), m_port, uv_strerror(rc));
    return false;
  }
  m_listening = true;
  sockaddr_storage bound{};
  int length = sizeof bound;
  uv_tcp_getsockname(&m_listener, reinterpret_cast<sockaddr*>(&bound), &length);
  m_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                             : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return true;
}

// --- file watching ---------------------------------------------------------

void Front::watchFiles() {
  unwatchFiles();
  if (m_stopping) return;
  std::set<std::string> dirs;
  if (!m_configPath.empty()) dirs.insert(dirName(m_configPath));
  for (const Slot& slot : m_slots) dirs.insert(dirName(slot.entry.handlerPath));
  for (const std::string& dir : dirs) {
    auto* watcher = new uv_fs_event_t{};
    uv_fs_event_init(&m_loop, watcher);
    watcher->data = this;
    // Folders, not files: editors replace files by renaming over them.
    int rc = uv_fs_event_start(watcher, [](uv_fs_event_t* handle, const char* filename, int, int status) {
      if (status != 0 || !filename) return;
      char path[4096];
      size_t size = sizeof path;
      if (uv_fs_event_getpath(handle, path, &size) != 0) return;
      static_cast<Front*>(handle->data)->onFileChanged(std::string(path, size), filename);
    }, dir.c_str(), 0);
    if (rc != 0) {
      std::fprintf(stderr, "nanojs serve: cannot watch %s: %s\n", dir.c_str(), uv_strerror(rc));
      uv_close(reinterpret_cast<uv_handle_t*>(watcher),
               [](uv_handle_t* h) { delete reinterpret_cast<uv_fs_event_t*>(h); });
      continue;
    }
    m_watchers.push_back(watcher);
  }
}

void Front::unwatchFiles() {
  for (uv_fs_event_t* watcher : m_watchers)
    uv_close(reinterpret_cast<uv_handle_t*>(watcher),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_fs_event_t*>(h); });
  m_watchers.clear();
}

void Front::onFileChanged(const std::string& dir, const std::string& name) {
  if (m_stopping) return;
  bool relevant = false;
  if (dir == dirName(m_configPath) && name == baseName(m_configPath)) {
    m_configChanged = true;
    relevant = true;
  } else {
    // An app's own handler reloads that app; another module or JSON file next
    // to handlers may be imported by any of them: those apps all reload.
    bool handler = false;
    for (const Slot& slot : m_slots) {
      if (dirName(slot.entry.handlerPath) == dir && name == baseName(slot.entry.handlerPath)) {
        m_changedApps.insert(slot.entry.hostname);
        handler = relevant = true;
      }
    }
    bool script = name.ends_with(".js") || name.ends_with(".mjs") || name.ends_with(".cjs") ||
                  name.ends_with(".json");
    if (!handler && script) {
      for (const Slot& slot : m_slots) {
        if (dirName(slot.entry.handlerPath) != dir) continue;
        m_changedApps.insert(slot.entry.hostname);
        relevant = true;
      }
    }
  }
  // Editors write in bursts: act once things are quiet.
  if (relevant)
    uv_timer_start(&m_debounce, [](uv_timer_t* t) { static_cast<Front*>(t->data)->applyChanges(); }, 150, 0);
}

void Front::applyChanges() {
  if (m_stopping) return;
  if (m_reload) {
    m_reloadAgain = true;
    return;
  }
  std::vector<Slot> slots;
  if (m_configChanged) {
    ServeConfig config;
    std::string error;
    if (!loadServeConfig(m_configPath, config, &error)) {
      std::fprintf(stderr, "nanojs serve: config reload failed: %s\n", error.c_str());
      m_configChanged = false;
      m_changedApps.clear();
      return;
    }
    if ((config.port && !m_options.portGiven && *config.port != m_config.port.value_or(m_options.port)) ||
        (config.host && !m_options.hostGiven && *config.host != m_config.host.value_or(m_options.host)))
      std::fprintf(stderr, "nanojs serve: a new host or port takes a restart\n");
    for (AppEntry& entry : config.apps) {
      // The handler path, name and env fully define an app: unchanged ones whose
      // files did not change keep their Runtime.
      AppThread* keep = nullptr;
      for (const Slot& slot : m_slots)
        if (slot.entry.hostname == entry.hostname && slot.entry.handlerPath == entry.handlerPath &&
            slot.entry.envJson == entry.envJson && !m_changedApps.count(entry.hostname))
          keep = slot.thread;
      slots.push_back({entry, keep});
    }
    m_config = std::move(config);
  } else {
    slots = m_slots;
    for (Slot& slot : slots)
      if (m_changedApps.count(slot.entry.hostname)) slot.thread = nullptr;
  }
  m_configChanged = false;
  m_changedApps.clear();
  bool anyNew = slots.size() != m_slots.size();
  for (const Slot& slot : slots) anyNew = anyNew || !slot.thread;
  if (!anyNew) return;
  beginReload(std::move(slots), false);
}

// --- routing ---------------------------------------------------------------

void Front::onConnection() {
  auto* peek = new Peek{};
  peek->front = this;
  uv_tcp_init(&m_loop, &peek->tcp);
  uv_timer_init(&m_loop, &peek->timer);
  peek->tcp.data = peek;
  peek->timer.data = peek;
  if (uv_accept(reinterpret_cast<uv_stream_t*>(&m_listener), reinterpret_cast<uv_stream_t*>(&peek->tcp)) != 0) {
    peekClose(peek);
    return;
  }
  m_peeks.insert(peek);
  llhttp_init(&peek->parser, HTTP_REQUEST, &m_peekSettings);
  peek->parser.data = peek;
  // A head begun and not finished in time gets 408, as the app's own server
  // answers; a connection that sent nothing just closes.
  uv_timer_start(&peek->timer, [](uv_timer_t* t) {
    auto* p = static_cast<Peek*>(t->data);
    if (p->buffer.empty() || p->closing) return p->front->peekClose(p);
    p->front->peekAnswer(p, 408, "Request Timeout");
  }, m_options.http.headersTimeoutMs, 0);
  uv_read_start(
      reinterpret_cast<uv_stream_t*>(&peek->tcp),
      [](uv_handle_t*, size_t suggested, uv_buf_t* buf) {
        buf->base = new char[suggested];
        buf->len = suggested;
      },
      [](uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
        auto* p = static_cast<Peek*>(stream->data);
        p->front->peekRead(p, nread, buf);
        delete[] buf->base;
      });
}

void Front::peekRead(Peek* peek, ssize_t nread, const uv_buf_t* buf) {
  if (peek->closing || nread == 0) return;
  if (nread < 0) return peekClose(peek);
  size_t before = peek->buffer.size();
  peek->buffer.append(buf->base, static_cast<size_t>(nread));
  llhttp_errno_t err = llhttp_execute(&peek->parser, peek->buffer.data() + before, static_cast<size_t>(nread));
  if (peek->headComplete) return peekRoute(peek);
  if (err != HPE_OK) return peekAnswer(peek, 400, "Bad Request");
  if (peek->buffer.size() > m_options.http.maxHeaderBytes)
    return peekAnswer(peek, 431, "Request Header Fields Too Large");
}

void Front::peekRoute(Peek* peek) {
  std::string host = net::hostWithoutPort(peek->host);
  int index = routeHost([&] {
    std::vector<AppEntry> entries;
    for (const Slot& slot : m_slots) entries.push_back(slot.entry);
    return entries;
  }(), host);
  if (index < 0) return peekAnswer(peek, 404, "No app is configured for host \"" + host + "\"");
  AppThread* thread = m_slots[static_cast<size_t>(index)].thread;
  if (!thread) return peekAnswer(peek, 503, "The app for this host is not running");
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&peek->tcp));
  uv_os_fd_t fd;
  if (uv_fileno(reinterpret_cast<uv_handle_t*>(&peek->tcp), &fd) != 0) return peekClose(peek);
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return peekClose(peek);
  thread->adopt(copy, std::move(peek->buffer));
  peekClose(peek);  // closes the front's fd; the app thread owns the copy
}

void Front::peekAnswer(Peek* peek, int status, const std::string& message) {
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&peek->tcp));
  uv_timer_stop(&peek->timer);  // the head time-out has nothing left to do
  std::string body = message + "\n";
  auto* write = new std::pair<uv_write_t, std::string>();
  write->second = "HTTP/1.1 " + std::to_string(status) + " " + net::reasonPhrase(status) +
                  "\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: " + std::to_string(body.size()) +
                  "\r\nconnection: close\r\n\r\n" + body;
  uv_buf_t buf = uv_buf_init(write->second.data(), static_cast<unsigned>(write->second.size()));
  write->first.data = write;
  if (uv_write(&write->first, reinterpret_cast<uv_stream_t*>(&peek->tcp), &buf, 1, [](uv_write_t* req, int) {
        delete static_cast<std::pair<uv_write_t, std::string>*>(req->data);
      }) != 0) {
    delete write;
    return peekClose(peek);
  }
  peek->shutdown.data = peek;
  if (uv_shutdown(&peek->shutdown, reinterpret_cast<uv_stream_t*>(&peek->tcp), [](uv_shutdown_t* req, int) {
        auto* p = static_cast<Peek*>(req->data);
        // Give the client a moment to read the answer before the close.
        uv_timer_start(&p->timer, [](uv_timer_t* t) {
          auto* q = static_cast<Peek*>(t->data);
          q->front->peekClose(q);
        }, 200, 0);
      }) != 0)
    peekClose(peek);
}

void Front::peekClose(Peek* peek) {
  if (peek->closing) return;
  peek->closing = true;
  m_peeks.erase(peek);
  auto onClose = [](uv_handle_t* h) {
    auto* p = static_cast<Peek*>(h->data);
    if (--p->openHandles == 0) delete p;
  };
  uv_close(reinterpret_cast<uv_handle_t*>(&peek->tcp), onClose);
  uv_close(reinterpret_cast<uv_handle_t*>(&peek->timer), onClose);
}

// --- shutdown --------------------------------------------------------------

void Front::stop() {
  if (m_stopping) return;
  m_stopping = true;
  if (!uv_is_closing(reinterpret_cast<uv_handle_t*>(&m_listener)))
    uv_close(reinterpret_cast<uv_handle_t*>(&m_listener), nullptr);
  unwatchFiles();
  uv_timer_stop(&m_debounce);
  std::vector<Peek*> peeks(m_peeks.begin(), m_peeks.end());
  for (Peek* peek : peeks) peekClose(peek);
  for (auto& thread : m_threads) thread->drain();
  maybeClose();
}

void Front::maybeClose() {
  if (!m_stopping || m_closed || !m_threads.empty() || m_reload) return;
  m_closed = true;
  uv_close(reinterpret_cast<uv_handle_t*>(&m_eventsAsync), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&m_debounce), nullptr);
  for (uv_signal_t& s : m_signals) uv_close(reinterpret_cast<uv_handle_t*>(&s), nullptr);
}

}  // namespace

int serveWatchedApp(const ServeOptions& options) {
  // One app for every Host, behind the front that reloads it when its files change.
  ServeConfig config;
  AppEntry entry;
  entry.hostname = "*";
  entry.handlerPath = absolute(options.handler);
  entry.name = baseName(options.handler);
  config.apps.push_back(std::move(entry));
  int exitCode;
  {
    Front front(options, "", std::move(config));
    exitCode = front.run();
  }
  if (exitCode == 0) {
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
  }
  return exitCode;
}

int serveMultiApp(const ServeOptions& options) {
  ServeConfig config;
  std::string error;
  std::string path = absolute(options.configPath);
  if (!loadServeConfig(path, config, &error)) {
    std::fprintf(stderr, "nanojs serve: %s\n", error.c_str());
    return 1;
  }
  int exitCode;
  {
    Front front(options, path, std::move(config));
    exitCode = front.run();
  }
  if (exitCode == 0) {
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
  }
  return exitCode;
}

}  // namespace nano::serve
