#pragma once
// MainWindow: the workbench. Owns the session (RuntimeHost, the Workspace of
// models and its TelemetryPoller), the helpers that make panels move (a local
// upstream, a load generator) and the GUI latency probe; lays the panels out
// as docks whose arrangement QSettings keeps.
#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <optional>

#include "latency_probe.h"
#include "load_generator.h"
#include "models/telemetry_poller.h"
#include "models/workspace.h"
#include "options.h"
#include "runtime_host.h"
#include "debugger_bridge.h"
#include "upstream_server.h"

class QAction;
class QDockWidget;
class QDoubleSpinBox;
class QLabel;

namespace nano::app {

class ComposerPanel;
class ConsolePanel;
class FetchesPanel;
class PromisesPanel;
class RequestsPanel;
class StreamsPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(const WorkbenchOptions& options = {}, QWidget* parent = nullptr);
  ~MainWindow() override;

  bool openHandler(const QString& path);
  bool openExample(const QString& name);
  QString handlerPath() const { return m_host.config().handlerPath; }

  // PNGs of the window and of every panel, raised in turn: workbench.png, panel_<name>.png.
  QStringList saveScreenshots(const QString& dir);

  Workspace* workspace() { return &m_workspace; }
  RuntimeHost* host() { return &m_host; }
  DebuggerBridge* debuggerBridge() { return &m_debugger; }
  LoadGenerator* loadGenerator() { return &m_load; }
  LatencyProbe* latencyProbe() { return &m_probe; }
  TelemetryPoller* poller() { return &m_poller; }
  UpstreamServer* upstream() { return &m_upstream; }
  RequestsPanel* requestsPanel() const { return m_requests; }
  StreamsPanel* streamsPanel() const { return m_streams; }
  FetchesPanel* fetchesPanel() const { return m_fetches; }
  ComposerPanel* composerPanel() const { return m_composer; }
  QList<QDockWidget*> docks() const { return m_docks; }

 public slots:
  void setLoadRunning(bool running);
  void setPaused(bool paused);
  void clearData();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildPanels();
  void buildActions();
  void buildStatusBar();
  void restoreLayout();
  void saveLayout();
  void note(const QString& text);
  void drainOutput();
  void updateStatus();
  void onServing(const QUrl& url);
  void onRequestSelected(std::optional<telemetry::Id> id);
  void exportHar();
  void chooseHandler();
  void openDevTools();
  void updateInspectorLabel();
  QDockWidget* addPanel(const QString& name, const QString& title, QWidget* panel, Qt::DockWidgetArea area);

  WorkbenchOptions m_options;
  Workspace m_workspace;
  TelemetryPoller m_poller;
  DebuggerBridge m_debugger;  // before m_host: it outlives the runtime it serves
  RuntimeHost m_host;
  UpstreamServer m_upstream;
  LoadGenerator m_load;
  LatencyProbe m_probe;
  QTimer m_uiTick;
  QElapsedTimer m_sinceDrain;   // since the console output was last taken
  size_t m_lastDrainLines = 0;  // chunks taken then
  int m_ticks = 0;

  RequestsPanel* m_requests = nullptr;
  FetchesPanel* m_fetches = nullptr;
  StreamsPanel* m_streams = nullptr;
  PromisesPanel* m_promises = nullptr;
  ConsolePanel* m_console = nullptr;
  ComposerPanel* m_composer = nullptr;
  QList<QDockWidget*> m_docks;

  QAction* m_startStop = nullptr;
  QAction* m_breakAction = nullptr;
  QAction* m_loadAction = nullptr;
  QAction* m_pauseAction = nullptr;
  QDoubleSpinBox* m_rate = nullptr;
  QLabel* m_serverLabel = nullptr;
  QLabel* m_inspectorLabel = nullptr;
  QLabel* m_heapLabel = nullptr;
  QLabel* m_rpsLabel = nullptr;
  QLabel* m_lagLabel = nullptr;
  QLabel* m_errorLabel = nullptr;
  QLabel* m_filterLabel = nullptr;
  uint64_t m_errorsSeen = 0;
  QString m_lastError;
};

}  // namespace nano::app
