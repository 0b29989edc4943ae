#pragma once
// RuntimeHost: runs the opened handler in a nano::Runtime on a worker thread
// and serves it on localhost (runtime/serve's AppHost + net::HttpServer on the
// runtime's own loop). The GUI thread only starts, stops and reloads it, and
// reads what it leaves behind: the telemetry Feed, the console OutputQueue and
// a few atomics. It never touches V8.
//
//   GUI thread                         runtime thread (RuntimeThread::run)
//   start() ── new Feed, new thread ─► Runtime, AppHost::load(), HttpServer::listen()
//            ◄── serving(url) ───────── runLoop() ... requests, telemetry → Feed
//   stop()  ── uv_async_send ────────► Runtime::exit(0); closeAll(); ~Runtime
//            ◄── stopped(exitCode) ─── QThread::finished
#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

#include "debugger_bridge.h"
#include "output_queue.h"
#include "telemetry/feed.h"

namespace nano::app {

struct HostConfig {
  QString handlerPath;
  QString host = QStringLiteral("127.0.0.1");
  int port = 0;                // 0: any free port (kept across reloads once bound)
  double cpuLimitMs = 2000;    // the serve watchdog stops JS that runs longer
  QString envJson = QStringLiteral("{}");
  bool watch = true;           // reload when the handler (or a sibling module) changes
};

class RuntimeThread;
struct RuntimeShared;

class RuntimeHost : public QObject {
  Q_OBJECT

 public:
  enum class State { Stopped, Starting, Serving, Stopping };
  Q_ENUM(State)

  explicit RuntimeHost(QObject* parent = nullptr);
  // Stops the runtime and waits for its thread.
  ~RuntimeHost() override;

  void setConfig(const HostConfig& config);
  const HostConfig& config() const { return m_config; }
  // The inspector server the runtime attaches to (GUI thread, before start();
  // null: no debugging). The target id stays the same across reloads, so a
  // DevTools window reconnects to the same URL.
  void setDebugger(DebuggerBridge* bridge);
  DebuggerBridge* debugger() const { return m_debugger; }
  QString targetId() const { return m_targetId; }
  // The next request pauses at the first statement of the handler's fetch()
  // (once; breakTriggered() then tells the GUI).
  void setBreakOnNextRequest(bool on);
  bool breakOnNextRequest() const;
  // Count every promise per request (Runtime::setPromiseCounting): off by
  // default, as the hook slows every promise and await of the handler.
  void setCountPromises(bool on);
  bool countPromises() const { return m_countPromises; }
  // A debugger has the handler paused right now.
  bool paused() const;

  // GUI thread. start() does nothing while a runtime is still running.
  void start();
  void stop();
  // Stop, then start again once stopped (file changes, the Reload action).
  void restart();
  // Waits (processing events) until the runtime thread has ended; false on timeout.
  bool waitStopped(int timeoutMs);

  State state() const { return m_state; }
  QUrl serverUrl() const { return m_url; }
  const std::shared_ptr<telemetry::Feed>& feed() const { return m_feed; }
  OutputQueue& output() { return *m_output; }
  // Wall-clock time (ms since the epoch) of the current feed's time 0.
  double feedEpochMs() const { return m_feedEpochMs; }
  // Sampled on the runtime thread a few times a second.
  quint64 heapUsed() const;
  quint64 heapLimit() const;
  int sessions() const { return m_sessions; }

 signals:
  // A new session's Feed, before its runtime runs any code.
  void sessionStarted(std::shared_ptr<nano::telemetry::Feed> feed);
  void serving(const QUrl& url);
  // The handler did not load (syntax error, no default export, top-level throw).
  void loadFailed(const QString& message);
  void stopped(int exitCode);
  void stateChanged(nano::app::RuntimeHost::State state);
  void reloading(const QString& reason);
  // Break on next request fired: the handler is about to pause.
  void breakTriggered();
  // A debugger paused the handler's JavaScript, or let it go on.
  void pausedChanged(bool paused);

 private:
  friend class RuntimeThread;
  void onServing();
  void setState(State state);
  void onThreadFinished();
  void watchFiles();
  void onFilesChanged();
  void releaseDebugger();

  HostConfig m_config;
  QPointer<DebuggerBridge> m_debugger;
  QString m_targetId;
  bool m_breakOnNextRequest = false;
  bool m_countPromises = false;
  State m_state = State::Stopped;
  QUrl m_url;
  int m_boundPort = 0;
  int m_sessions = 0;
  bool m_restartPending = false;
  double m_feedEpochMs = 0;
  std::shared_ptr<telemetry::Feed> m_feed;
  std::shared_ptr<OutputQueue> m_output;
  std::shared_ptr<RuntimeShared> m_shared;
  RuntimeThread* m_thread = nullptr;
  QTimer m_terminateTimer;  // stop() escalates to TerminateExecution when JS does not yield
  QFileSystemWatcher m_watcher;
  QTimer m_reloadDebounce;
  QHash<QString, qint64> m_stamps;  // watched module files -> mtime
};

}  // namespace nano::app
