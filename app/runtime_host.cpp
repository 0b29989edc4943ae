#include "runtime_host.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <QUuid>

#include <atomic>
#include <mutex>

#include "agent/agent.h"
#include "agent/hub.h"
#include "core/modules.h"
#include "core/runtime.h"
#include "debugger_bridge.h"
#include "net/http_server.h"
#include "serve/app_host.h"
#include "serve/serve.h"

namespace nano::app {

// What the GUI and the runtime thread share. Every field is either atomic or
// guarded by mutex.
struct RuntimeShared {
  std::mutex mutex;
  uv_async_t* stopAsync = nullptr;  // valid while the loop runs
  v8::Isolate* isolate = nullptr;   // valid while the Runtime lives
  bool stopRequested = false;
  std::string loadErrors;           // stderr while loading (load failures quote it)
  std::atomic<uint64_t> heapUsed{0};
  std::atomic<uint64_t> heapLimit{0};
  std::atomic<int> port{0};
  std::atomic<int> exitCode{0};
  std::atomic<bool> loaded{false};
  std::atomic<bool> breakOnNextRequest{false};
  std::atomic<bool> countPromises{false};  // applied by the runtime at its next stats tick
  std::atomic<bool> paused{false};
};

// The runtime thread: everything V8 and libuv happens in run().
class RuntimeThread : public QThread {
 public:
  RuntimeThread(HostConfig config, int port, std::shared_ptr<telemetry::Feed> feed,
                std::shared_ptr<OutputQueue> output, std::shared_ptr<RuntimeShared> shared,
                inspector::Hub* hub, std::string targetId, QObject* parent)
      : QThread(parent), m_config(std::move(config)), m_port(port), m_feed(std::move(feed)),
        m_output(std::move(output)), m_shared(std::move(shared)), m_hub(hub), m_targetId(std::move(targetId)) {
    setObjectName(QStringLiteral("nano runtime"));
  }

  // Any thread: wakes the loop, which then exits.
  static void requestStop(RuntimeShared& shared) {
    std::lock_guard lock(shared.mutex);
    shared.stopRequested = true;
    if (shared.stopAsync) uv_async_send(shared.stopAsync);
  }

  // Any thread: stops JavaScript that does not return to the loop (an endless
  // loop at module top level, or before the watchdog's limit). This is the one
  // V8 call made off the runtime thread; V8 documents it as thread-safe.
  static void terminateJs(RuntimeShared& shared) {
    std::lock_guard lock(shared.mutex);
    if (shared.isolate) shared.isolate->TerminateExecution();
  }

 protected:
  void run() override {
    RuntimeShared& shared = *m_shared;
    std::string handler = QFile::encodeName(m_config.handlerPath).toStdString();
    RuntimeOptions options;
    options.args = {handler};
    options.exitOnUncaught = false;  // a handler's error answers 500; the server goes on
    options.telemetry = m_feed.get();
    // Called on the runtime thread for every console write: queue it, never wait.
    options.output = [feed = m_feed, output = m_output, shared = m_shared](OutputStream stream,
                                                                          std::string_view text) {
      bool error = stream == OutputStream::Stderr;
      output->push(error, feed->now(), text);
      if (error && !shared->loaded) {
        std::lock_guard lock(shared->mutex);
        std::string& log = shared->loadErrors;
        log.append(text);
        if (log.size() > 8192) log.erase(0, log.size() - 8192);
      }
    };
    Runtime runtime(std::move(options));
    uv_loop_t* loop = runtime.loop();

    auto* stopAsync = new uv_async_t{};
    uv_async_init(loop, stopAsync, [](uv_async_t* handle) { static_cast<Runtime*>(handle->data)->exit(0); });
    stopAsync->data = &runtime;
    // Heap figures for the status bar, sampled where V8 may be asked.
    uv_loop_set_data(loop, &shared);
    auto* stats = new uv_timer_t{};
    uv_timer_init(loop, stats);
    stats->data = &runtime;
    uv_timer_start(stats, [](uv_timer_t* timer) {
      auto* rt = static_cast<Runtime*>(timer->data);
      auto* target = static_cast<RuntimeShared*>(uv_loop_get_data(rt->loop()));
      v8::HeapStatistics heap;
      rt->isolate()->GetHeapStatistics(&heap);
      target->heapUsed = heap.used_heap_size();
      target->heapLimit = heap.heap_size_limit();
      rt->setPromiseCounting(target->countPromises);
    }, 0, 250);
    uv_unref(reinterpret_cast<uv_handle_t*>(stats));
    {
      std::lock_guard lock(shared.mutex);
      shared.isolate = runtime.isolate();
      shared.stopAsync = stopAsync;
      if (shared.stopRequested) uv_async_send(stopAsync);
    }

    runtime.setPromiseCounting(shared.countPromises);
    serve::AppConfig app;
    app.name = QFileInfo(m_config.handlerPath).fileName().toStdString();
    app.handlerPath = handler;
    app.envJson = m_config.envJson.toStdString();
    app.cpuLimitMs = m_config.cpuLimitMs;
    // The debugger target: attached before the handler module runs, so its
    // scripts are announced and breakpoints by URL resolve.
    std::unique_ptr<inspector::Agent> agent;
    if (m_hub) {
      std::string url = ModuleLoader::fileUrl(ModuleLoader::absolutePath(handler));
      agent = std::make_unique<inspector::Agent>(runtime, inspector::Target{m_targetId, app.name, url});
      m_hub->add(agent->handle());
      app.beforeHandlerCall = [this, &agent] {
        // A plain load first: no locked exchange on every request.
        if (!m_shared->breakOnNextRequest.load(std::memory_order_relaxed) ||
            !m_shared->breakOnNextRequest.exchange(false))
          return;
        agent->pauseOnNextStatement("Break on next request");
        auto* host = static_cast<RuntimeHost*>(parent());
        QMetaObject::invokeMethod(host, [host] {
          host->m_breakOnNextRequest = false;
          emit host->breakTriggered();
        }, Qt::QueuedConnection);
      };
    }
    {
      serve::AppHost host(runtime, app);
      if (agent) {
        agent->setPauseListener([this, &host](bool paused) {
          host.setDebuggerPaused(paused);
          m_shared->paused = paused;
          auto* owner = static_cast<RuntimeHost*>(parent());
          QMetaObject::invokeMethod(owner, [owner, paused] { emit owner->pausedChanged(paused); },
                                    Qt::QueuedConnection);
        });
      }
      bool stopping = false;
      {
        std::lock_guard lock(shared.mutex);
        stopping = shared.stopRequested;
      }
      if (!stopping && host.load()) {
        shared.loaded = true;
        net::HttpServer server(loop, net::HttpServerOptions{}, &host);
        int rc = server.listen(m_config.host.toStdString(), m_port);
        if (rc != 0 && m_port != 0) rc = server.listen(m_config.host.toStdString(), 0);  // taken meanwhile
        if (rc == 0) {
          shared.port = server.port();
          emitServing();
          runtime.runLoop();
          shared.exitCode = runtime.exitCode();
        } else {
          runtime.write(OutputStream::Stderr, std::string("workbench: cannot listen on ") +
                                                  m_config.host.toStdString() + ": " + uv_strerror(rc) + "\n");
          shared.exitCode = 1;
        }
        server.closeAll();
      } else {
        shared.exitCode = 1;
      }
      if (agent) agent->setPauseListener(nullptr);  // the host goes first
    }
    if (agent) {
      m_hub->remove(agent->target().id);
      agent.reset();
    }
    {
      std::lock_guard lock(shared.mutex);
      shared.isolate = nullptr;
      shared.stopAsync = nullptr;
    }
    uv_close(reinterpret_cast<uv_handle_t*>(stopAsync), [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
    uv_close(reinterpret_cast<uv_handle_t*>(stats), [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
    // ~Runtime closes what is left and runs the loop until the close callbacks ran.
  }

 private:
  void emitServing() {
    auto* host = static_cast<RuntimeHost*>(parent());
    QMetaObject::invokeMethod(host, [host] { host->onServing(); }, Qt::QueuedConnection);
  }

  HostConfig m_config;
  int m_port;
  std::shared_ptr<telemetry::Feed> m_feed;
  std::shared_ptr<OutputQueue> m_output;
  std::shared_ptr<RuntimeShared> m_shared;
  inspector::Hub* m_hub;
  std::string m_targetId;
};

RuntimeHost::RuntimeHost(QObject* parent)
    : QObject(parent), m_targetId(QUuid::createUuid().toString(QUuid::WithoutBraces)) {
  qRegisterMetaType<std::shared_ptr<nano::telemetry::Feed>>();
  m_terminateTimer.setSingleShot(true);
  m_terminateTimer.setInterval(750);
  connect(&m_terminateTimer, &QTimer::timeout, this, [this] {
    if (m_shared && m_thread && m_thread->isRunning()) RuntimeThread::terminateJs(*m_shared);
  });
  m_reloadDebounce.setSingleShot(true);
  m_reloadDebounce.setInterval(250);
  connect(&m_reloadDebounce, &QTimer::timeout, this, &RuntimeHost::onFilesChanged);
  connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_reloadDebounce, qOverload<>(&QTimer::start));
  connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_reloadDebounce, qOverload<>(&QTimer::start));
}

RuntimeHost::~RuntimeHost() {
  m_restartPending = false;
  releaseDebugger();
  if (m_thread) {
    RuntimeThread::requestStop(*m_shared);
    if (!m_thread->wait(1500)) {
      RuntimeThread::terminateJs(*m_shared);
      RuntimeThread::requestStop(*m_shared);
      m_thread->wait();
    }
    delete m_thread;
    m_thread = nullptr;
  }
}

void RuntimeHost::setConfig(const HostConfig& config) {
  if (config.handlerPath != m_config.handlerPath || config.port != m_config.port) m_boundPort = 0;
  m_config = config;
  watchFiles();
}

void RuntimeHost::setDebugger(DebuggerBridge* bridge) { m_debugger = bridge; }

void RuntimeHost::setBreakOnNextRequest(bool on) {
  m_breakOnNextRequest = on;
  if (m_shared) m_shared->breakOnNextRequest = on;
}

void RuntimeHost::setCountPromises(bool on) {
  m_countPromises = on;
  if (m_shared) m_shared->countPromises = on;
}

bool RuntimeHost::breakOnNextRequest() const {
  return m_shared ? m_shared->breakOnNextRequest.load() : m_breakOnNextRequest;
}

bool RuntimeHost::paused() const { return m_shared && m_shared->paused; }

quint64 RuntimeHost::heapUsed() const { return m_shared ? m_shared->heapUsed.load() : 0; }
quint64 RuntimeHost::heapLimit() const { return m_shared ? m_shared->heapLimit.load() : 0; }

void RuntimeHost::setState(State state) {
  if (state == m_state) return;
  m_state = state;
  emit stateChanged(state);
}

void RuntimeHost::start() {
  if (m_thread || m_config.handlerPath.isEmpty()) return;
  ++m_sessions;
  m_feed = std::make_shared<telemetry::Feed>();
  m_feedEpochMs = static_cast<double>(QDateTime::currentMSecsSinceEpoch()) - m_feed->now();
  if (!m_output) m_output = std::make_shared<OutputQueue>();
  m_shared = std::make_shared<RuntimeShared>();
  m_url.clear();
  emit sessionStarted(m_feed);
  int port = m_boundPort ? m_boundPort : m_config.port;
  if (m_breakOnNextRequest) m_shared->breakOnNextRequest = true;
  m_shared->countPromises = m_countPromises;
  m_thread = new RuntimeThread(m_config, port, m_feed, m_output, m_shared,
                               m_debugger && m_debugger->listening() ? &m_debugger->hub() : nullptr,
                               m_targetId.toStdString(), this);
  connect(m_thread, &QThread::finished, this, &RuntimeHost::onThreadFinished, Qt::QueuedConnection);
  setState(State::Starting);
  m_thread->start();
}

void RuntimeHost::releaseDebugger() {
  // Paused at a breakpoint, the runtime thread waits for the debugger only:
  // its clients are let go, and with no session left the JS goes on.
  if (m_debugger && paused()) m_debugger->closeSessions();
}

void RuntimeHost::stop() {
  if (!m_thread) return;
  releaseDebugger();
  setState(State::Stopping);
  RuntimeThread::requestStop(*m_shared);
  m_terminateTimer.start();
}

void RuntimeHost::restart() {
  if (!m_thread) {
    start();
    return;
  }
  m_restartPending = true;
  stop();
}

bool RuntimeHost::waitStopped(int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (m_thread && timer.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (m_thread && m_thread->isFinished()) onThreadFinished();
  }
  return !m_thread;
}

void RuntimeHost::onServing() {
  if (!m_shared || m_state == State::Stopping) return;
  m_boundPort = m_shared->port;
  QString host = m_config.host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(m_config.host) : m_config.host;
  m_url = QUrl(QStringLiteral("http://%1:%2/").arg(host).arg(m_boundPort));
  setState(State::Serving);
  emit serving(m_url);
}

void RuntimeHost::onThreadFinished() {
  if (!m_thread || !m_thread->isFinished()) return;
  m_terminateTimer.stop();
  m_thread->wait();
  delete m_thread;
  m_thread = nullptr;
  m_url.clear();
  bool requested = m_state == State::Stopping;
  int exitCode = m_shared->exitCode;
  if (!m_shared->loaded && !requested) {
    std::string text;
    {
      std::lock_guard lock(m_shared->mutex);
      text = m_shared->loadErrors;
    }
    emit loadFailed(QString::fromStdString(text).trimmed());
  }
  setState(State::Stopped);
  emit stopped(exitCode);
  if (m_restartPending) {
    m_restartPending = false;
    start();
  }
}

void RuntimeHost::watchFiles() {
  if (!m_watcher.files().isEmpty()) m_watcher.removePaths(m_watcher.files());
  if (!m_watcher.directories().isEmpty()) m_watcher.removePaths(m_watcher.directories());
  m_stamps.clear();
  if (!m_config.watch || m_config.handlerPath.isEmpty()) return;
  QFileInfo handler(m_config.handlerPath);
  m_watcher.addPath(handler.absoluteFilePath());
  // Editors often save by replacing the file, and handlers import siblings: watch
  // the folder too, and reload only when a module file in it changed.
  m_watcher.addPath(handler.absolutePath());
  const QStringList patterns{QStringLiteral("*.mjs"), QStringLiteral("*.js"), QStringLiteral("*.json")};
  for (const QFileInfo& file : QDir(handler.absolutePath()).entryInfoList(patterns, QDir::Files))
    m_stamps.insert(file.absoluteFilePath(), file.lastModified().toMSecsSinceEpoch() ^ file.size());
}

void RuntimeHost::onFilesChanged() {
  QFileInfo handler(m_config.handlerPath);
  QHash<QString, qint64> before = m_stamps;
  watchFiles();  // re-adds a replaced file, refreshes the stamps
  if (before == m_stamps) return;
  QStringList changed;
  for (auto it = m_stamps.cbegin(); it != m_stamps.cend(); ++it)
    if (before.value(it.key(), -1) != it.value()) changed << QFileInfo(it.key()).fileName();
  for (auto it = before.cbegin(); it != before.cend(); ++it)
    if (!m_stamps.contains(it.key())) changed << QFileInfo(it.key()).fileName();
  if (!handler.exists()) return;  // mid-save: the next change brings it back
  emit reloading(changed.join(QStringLiteral(", ")));
  restart();
}

}  // namespace nano::app
