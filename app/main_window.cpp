#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include <algorithm>
#include <string_view>

#include "delegates/format.h"
#include "examples.h"
#include "models/har_export.h"
#include "models/request_filter_proxy.h"
#include "panels/composer_panel.h"
#include "panels/console_panel.h"
#include "panels/fetches_panel.h"
#include "panels/promises_panel.h"
#include "panels/requests_panel.h"
#include "panels/stream_graph_view.h"
#include "panels/streams_panel.h"
#include "panels/table_view.h"

namespace nano::app {

namespace {
constexpr int kLayoutVersion = 2;  // bump when the default dock arrangement changes
constexpr size_t kBusyDrainLines = 256;
constexpr qint64 kBusyDrainMs = 500;

QIcon icon(const QString& name, QStyle::StandardPixmap fallback) {
  QString path = QStringLiteral(":/icons/%1.png").arg(name);
  return QFile::exists(path) ? QIcon(path) : QApplication::style()->standardIcon(fallback);
}
}  // namespace

MainWindow::MainWindow(const WorkbenchOptions& options, QWidget* parent)
    : QMainWindow(parent),
      m_options(options),
      m_poller(&m_workspace),
      m_debugger(QStringLiteral("127.0.0.1"), static_cast<quint16>(options.inspectPort)) {
  initResources();
  setWindowTitle(tr("NANO Workbench"));
  setWindowIcon(icon(QStringLiteral("nano"), QStyle::SP_ComputerIcon));
  setDockNestingEnabled(true);
  resize(1440, 900);
  buildPanels();
  buildActions();
  buildStatusBar();
  restoreLayout();

  connect(&m_host, &RuntimeHost::sessionStarted, this, [this](std::shared_ptr<telemetry::Feed> feed) {
    m_poller.setFeed(std::move(feed));
    m_requests->selectRequest(std::nullopt);
  });
  connect(&m_host, &RuntimeHost::serving, this, &MainWindow::onServing);
  m_host.setDebugger(&m_debugger);
  if (!m_debugger.listening())
    note(tr("The DevTools server did not start: %1").arg(m_debugger.errorString()));
  connect(&m_debugger, &DebuggerBridge::sessionsChanged, this, &MainWindow::updateInspectorLabel);
  connect(&m_host, &RuntimeHost::pausedChanged, this, [this](bool paused) {
    note(paused ? tr("Paused in the debugger (the panels keep updating; resume in DevTools)")
                : tr("Resumed"));
    updateInspectorLabel();
  });
  connect(&m_host, &RuntimeHost::breakTriggered, this, [this] {
    m_breakAction->setChecked(false);
    note(tr("Break on next request: pausing in the handler's fetch()"));
  });
  connect(&m_host, &RuntimeHost::loadFailed, this, [this](const QString& message) {
    note(tr("The handler did not load: %1").arg(message.isEmpty() ? tr("see the errors above") : message));
    m_lastError = message;
  });
  connect(&m_host, &RuntimeHost::stopped, this, [this](int exitCode) {
    note(tr("Stopped (exit code %1)").arg(exitCode));
    m_composer->setBaseUrl({});
  });
  connect(&m_host, &RuntimeHost::reloading, this, [this](const QString& files) {
    note(tr("Reloading: %1 changed").arg(files));
  });
  connect(&m_host, &RuntimeHost::stateChanged, this, [this](RuntimeHost::State state) {
    bool running = state != RuntimeHost::State::Stopped;
    m_startStop->setText(running ? tr("Stop") : tr("Start"));
    m_startStop->setIcon(running ? icon(QStringLiteral("stop"), QStyle::SP_MediaStop)
                                 : icon(QStringLiteral("start"), QStyle::SP_MediaPlay));
    updateStatus();
  });

  m_poller.start();
  m_probe.start();
  m_uiTick.setInterval(100);
  connect(&m_uiTick, &QTimer::timeout, this, [this] {
    drainOutput();
    if (++m_ticks % 3 == 0) updateStatus();
  });
  m_uiTick.start();

  m_rate->setValue(options.loadRps > 0 ? options.loadRps : 5);
  if (!options.example.isEmpty())
    openExample(options.example);
  else if (!options.handler.isEmpty())
    openHandler(options.handler);
  else
    note(tr("Open a handler (File > Open handler) or an example (File > Examples)."));
  if (options.loadRps > 0) setLoadRunning(true);
  if (options.quitAfterMs > 0) {
    QTimer::singleShot(options.quitAfterMs, this, [this] {
      if (!m_options.screenshotDir.isEmpty()) {
        for (const QString& file : saveScreenshots(m_options.screenshotDir)) std::printf("%s\n", qPrintable(file));
        std::fflush(stdout);
      }
      LatencyProbe::Stats lag = m_probe.total();
      std::fprintf(stderr, "nano-workbench: GUI event-loop lateness over %d samples: mean %.2f ms, p50 %.2f ms, "
                   "p99 %.2f ms, max %.2f ms\n", lag.samples, lag.mean, lag.p50, lag.p99, lag.max);
      close();
    });
  }
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addPanel(const QString& name, const QString& title, QWidget* panel, Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(name);
  panel->setObjectName(name + QStringLiteral("Panel"));
  dock->setWidget(panel);
  dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(area, dock);
  m_docks << dock;
  return dock;
}

void MainWindow::buildPanels() {
  m_requests = new RequestsPanel(m_workspace.requests(), m_workspace.requestMemory(), this);
  m_fetches = new FetchesPanel(m_workspace.fetches(), this);
  m_streams = new StreamsPanel(m_workspace.streams(), this);
  m_promises = new PromisesPanel(m_workspace.promises(), m_workspace.promiseTotals(), this);
  m_console = new ConsolePanel(m_workspace.console(), this);
  m_composer = new ComposerPanel(this);
  m_composer->setBaseUrl({});

  QDockWidget* requests = addPanel(QStringLiteral("requests"), tr("Requests"), m_requests, Qt::LeftDockWidgetArea);
  QDockWidget* fetches = addPanel(QStringLiteral("fetches"), tr("Fetches"), m_fetches, Qt::LeftDockWidgetArea);
  QDockWidget* streams = addPanel(QStringLiteral("streams"), tr("Streams"), m_streams, Qt::RightDockWidgetArea);
  QDockWidget* promises = addPanel(QStringLiteral("promises"), tr("Promises"), m_promises, Qt::RightDockWidgetArea);
  QDockWidget* console = addPanel(QStringLiteral("console"), tr("Console"), m_console, Qt::LeftDockWidgetArea);
  QDockWidget* composer = addPanel(QStringLiteral("composer"), tr("Request composer"), m_composer, Qt::LeftDockWidgetArea);
  // Two columns: requests, fetches and the console on the left; streams (tabbed
  // with promises) get the full height on the right for table, graph and chart.
  splitDockWidget(requests, fetches, Qt::Vertical);
  splitDockWidget(fetches, console, Qt::Vertical);
  tabifyDockWidget(console, composer);
  tabifyDockWidget(streams, promises);
  streams->raise();
  console->raise();
  resizeDocks({requests, streams}, {700, 740}, Qt::Horizontal);
  resizeDocks({requests, fetches, console}, {380, 240, 200}, Qt::Vertical);

  connect(m_requests, &RequestsPanel::requestSelected, this, &MainWindow::onRequestSelected);
  connect(m_fetches, &FetchesPanel::exportRequested, this, &MainWindow::exportHar);
  connect(m_console, &ConsolePanel::clearRequested, m_workspace.console(), &ConsoleModel::clear);
}

void MainWindow::buildActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(icon(QStringLiteral("open"), QStyle::SP_DialogOpenButton), tr("&Open handler…"),
                                  this, &MainWindow::chooseHandler);
  open->setShortcut(QKeySequence::Open);
  QMenu* examples = file->addMenu(tr("&Examples"));
  for (const QString& name : exampleNames()) {
    QAction* action = examples->addAction(name, this, [this, name] { openExample(name); });
    action->setToolTip(exampleSummary(name));
    action->setStatusTip(exampleSummary(name));
  }
  file->addSeparator();
  QAction* exportAction = file->addAction(tr("Export fetches as &HAR…"), this, &MainWindow::exportHar);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  m_startStop = run->addAction(icon(QStringLiteral("start"), QStyle::SP_MediaPlay), tr("Start"), this, [this] {
    if (m_host.state() == RuntimeHost::State::Stopped)
      m_host.start();
    else
      m_host.stop();
  });
  QAction* reload = run->addAction(icon(QStringLiteral("reload"), QStyle::SP_BrowserReload), tr("&Reload"), this, [this] {
    note(tr("Reloading"));
    m_host.restart();
  });
  reload->setShortcuts({QKeySequence::Refresh, QKeySequence(Qt::CTRL | Qt::Key_R)});
  run->addSeparator();
  m_loadAction = run->addAction(icon(QStringLiteral("load"), QStyle::SP_MediaSeekForward), tr("Generate &load"));
  m_loadAction->setCheckable(true);
  m_loadAction->setToolTip(tr("Send requests to the handler at the rate on the right"));
  connect(m_loadAction, &QAction::toggled, this, &MainWindow::setLoadRunning);
  m_pauseAction = run->addAction(icon(QStringLiteral("pause"), QStyle::SP_MediaPause), tr("&Pause live updates"));
  m_pauseAction->setCheckable(true);
  connect(m_pauseAction, &QAction::toggled, this, &MainWindow::setPaused);
  QAction* clear = run->addAction(icon(QStringLiteral("clear"), QStyle::SP_DialogResetButton), tr("&Clear"), this,
                                  &MainWindow::clearData);

  run->addSeparator();
  m_breakAction = run->addAction(icon(QStringLiteral("break"), QStyle::SP_MediaPause), tr("&Break on next request"));
  m_breakAction->setCheckable(true);
  m_breakAction->setToolTip(tr("Pause in the debugger at the first statement of fetch() for the next request"));
  connect(m_breakAction, &QAction::toggled, &m_host, &RuntimeHost::setBreakOnNextRequest);
  // Counting every promise hooks V8's promise paths (each await then makes a
  // throwaway promise too): it slows the handler it observes, so it is opt-in
  // and remembered. Pending native promises are listed either way.
  QAction* countPromises = run->addAction(tr("Count &every promise"));
  countPromises->setCheckable(true);
  countPromises->setToolTip(tr("Count the promises each request creates (Requests panel). Slows every promise "
                               "and await of the handler; pending native promises are listed either way"));
  const bool counting = m_options.countPromises || QSettings().value(QStringLiteral("telemetry/countPromises")).toBool();
  countPromises->setChecked(counting);
  m_host.setCountPromises(counting);
  connect(countPromises, &QAction::toggled, this, [this](bool on) {
    m_host.setCountPromises(on);
    if (m_options.screenshotDir.isEmpty()) QSettings().setValue(QStringLiteral("telemetry/countPromises"), on);
  });
  m_promises->setCountAction(countPromises);
  QAction* devtools = run->addAction(icon(QStringLiteral("devtools"), QStyle::SP_ComputerIcon), tr("Open in &DevTools"),
                                     this, &MainWindow::openDevTools);
  devtools->setToolTip(tr("Debug the handler in Chromium's DevTools"));
  run->addAction(tr("&Copy DevTools URL"), this, [this] {
    QGuiApplication::clipboard()->setText(m_debugger.devtoolsFrontendUrl(m_host.targetId()));
    note(tr("Copied %1").arg(m_debugger.devtoolsFrontendUrl(m_host.targetId())));
  });
  run->addAction(tr("Copy &WebSocket URL"), this, [this] {
    QGuiApplication::clipboard()->setText(m_debugger.webSocketUrl(m_host.targetId()));
  });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* dock : m_docks) view->addAction(dock->toggleViewAction());
  view->addSeparator();
  view->addAction(tr("Reset layout"), this, [this] {
    QSettings().remove(QStringLiteral("layout"));
    note(tr("The default layout returns at the next start."));
  });

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName(QStringLiteral("mainToolBar"));
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->addAction(open);
  bar->addAction(m_startStop);
  bar->addAction(reload);
  bar->addSeparator();
  bar->addAction(m_loadAction);
  m_rate = new QDoubleSpinBox(bar);
  m_rate->setRange(0.5, 200);
  m_rate->setDecimals(1);
  m_rate->setSuffix(tr(" req/s"));
  m_rate->setToolTip(tr("Load generator rate"));
  connect(m_rate, &QDoubleSpinBox::valueChanged, &m_load, &LoadGenerator::setRate);
  bar->addWidget(m_rate);
  bar->addSeparator();
  bar->addAction(m_pauseAction);
  bar->addAction(clear);
  bar->addAction(exportAction);
  bar->addSeparator();
  bar->addAction(m_breakAction);
  bar->addAction(devtools);
  if (m_options.breakOnRequest) m_breakAction->setChecked(true);
}

void MainWindow::openDevTools() {
  QString error;
  if (m_debugger.openDevTools(m_host.targetId(), &error)) {
    note(tr("Opening DevTools: %1").arg(m_debugger.devtoolsFrontendUrl(m_host.targetId())));
    return;
  }
  note(error);
  if (!m_options.screenshotDir.isEmpty()) return;  // unattended runs get no dialog
  QMessageBox::information(this, tr("Open in DevTools"), error);
}

void MainWindow::updateInspectorLabel() {
  if (!m_debugger.listening()) {
    m_inspectorLabel->setText(tr("DevTools: off"));
    m_inspectorLabel->setToolTip(m_debugger.errorString());
    return;
  }
  QString text = tr("DevTools %1").arg(m_debugger.webSocketUrl(m_host.targetId()));
  int clients = m_debugger.sessionCount();
  if (clients) text += tr(" · %n client(s)", nullptr, clients);
  if (m_host.paused()) text += tr(" · PAUSED");
  m_inspectorLabel->setText(text);
  m_inspectorLabel->setStyleSheet(m_host.paused() ? QStringLiteral("color: #c62828; font-weight: bold") : QString());
  m_inspectorLabel->setToolTip(tr("Chrome DevTools front end (Run > Copy DevTools URL):\n%1")
                                   .arg(m_debugger.devtoolsFrontendUrl(m_host.targetId())));
}

void MainWindow::buildStatusBar() {
  m_serverLabel = new QLabel(tr("not serving"), this);
  m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_inspectorLabel = new QLabel(this);
  m_inspectorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_heapLabel = new QLabel(this);
  m_rpsLabel = new QLabel(this);
  m_lagLabel = new QLabel(this);
  m_lagLabel->setToolTip(tr("How late the GUI thread runs a 20 ms timer (p99 over the last 5 s, and the maximum)"));
  m_errorLabel = new QLabel(this);
  m_filterLabel = new QLabel(this);
  m_filterLabel->setStyleSheet(QStringLiteral("color: #1565c0; font-weight: bold"));
  statusBar()->addWidget(m_serverLabel);
  statusBar()->addWidget(m_inspectorLabel);
  statusBar()->addWidget(m_filterLabel);
  statusBar()->addPermanentWidget(m_errorLabel);
  statusBar()->addPermanentWidget(m_heapLabel);
  statusBar()->addPermanentWidget(m_rpsLabel);
  statusBar()->addPermanentWidget(m_lagLabel);
  updateStatus();
  updateInspectorLabel();
}

void MainWindow::restoreLayout() {
  // Screenshot runs show the default layout, whatever this user arranged.
  if (!m_options.screenshotDir.isEmpty()) return;
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("layout/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("layout/state")).toByteArray(), kLayoutVersion);
}

void MainWindow::saveLayout() {
  if (!m_options.screenshotDir.isEmpty()) return;
  QSettings settings;
  settings.setValue(QStringLiteral("layout/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("layout/state"), saveState(kLayoutVersion));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveLayout();
  m_load.setRunning(false);
  m_host.stop();
  QMainWindow::closeEvent(event);
}

bool MainWindow::openHandler(const QString& path) {
  QFileInfo info(path);
  if (!info.isFile()) {
    note(tr("No handler at %1").arg(path));
    return false;
  }
  if (!m_upstream.port()) m_upstream.start();
  HostConfig config = m_host.config();
  config.handlerPath = info.absoluteFilePath();
  config.port = m_options.port;
  config.cpuLimitMs = m_options.cpuLimitMs;
  QJsonObject env;
  if (m_upstream.port()) env.insert(QStringLiteral("UPSTREAM"), m_upstream.url());
  config.envJson = QString::fromUtf8(QJsonDocument(env).toJson(QJsonDocument::Compact));
  m_host.setConfig(config);
  QFile source(config.handlerPath);
  QStringList paths;
  if (source.open(QIODevice::ReadOnly)) paths = LoadGenerator::pathsFromSource(QString::fromUtf8(source.readAll()));
  m_load.setPaths(paths);
  if (!paths.isEmpty()) m_composer->setRequest(QStringLiteral("GET"), paths.first());
  setWindowTitle(tr("%1 — NANO Workbench").arg(info.fileName()));
  note(tr("Opening %1").arg(config.handlerPath));
  m_host.restart();
  return true;
}

bool MainWindow::openExample(const QString& name) {
  QString error;
  QString path = extractExample(name, &error);
  if (path.isEmpty()) {
    note(error);
    return false;
  }
  return openHandler(path);
}

void MainWindow::chooseHandler() {
  QString path = QFileDialog::getOpenFileName(this, tr("Open handler"), QFileInfo(handlerPath()).absolutePath(),
                                              tr("JavaScript modules (*.mjs *.js);;All files (*)"));
  if (!path.isEmpty()) openHandler(path);
}

void MainWindow::onServing(const QUrl& url) {
  note(tr("Serving %1 at %2").arg(QFileInfo(handlerPath()).fileName(), url.toString()));
  m_load.setTarget(url);
  m_composer->setBaseUrl(url);
  updateStatus();
}

void MainWindow::note(const QString& text) {
  double t = m_host.feed() ? m_host.feed()->now() : 0;
  m_workspace.console()->append(t, ConsoleModel::LineSource::Host, text);
}

void MainWindow::drainOutput() {
  if (!m_host.feed()) return;
  // A chatty handler (a line per request under load) is drained less often:
  // one larger batch costs the console one layout and repaint instead of several.
  if (m_lastDrainLines > kBusyDrainLines && m_sinceDrain.isValid() && m_sinceDrain.elapsed() < kBusyDrainMs) return;
  m_sinceDrain.start();
  OutputQueue::Taken taken = m_host.output().takeAll();
  const std::vector<OutputQueue::Chunk>& chunks = taken.chunks;
  m_lastDrainLines = chunks.size();
  if (chunks.empty()) return;
  auto lineCount = [&taken](const OutputQueue::Chunk& chunk) {
    std::string_view text = taken.textOf(chunk);
    size_t n = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    return text.empty() || text.back() != '\n' ? n + 1 : std::max<size_t>(n, 1);
  };
  // Only the newest lines up to the console's cap can show: older chunks are
  // counted (errors), never converted.
  size_t cap = m_workspace.console()->cap();
  size_t first = chunks.size();
  size_t kept = 0;
  while (first > 0 && kept < cap) kept += lineCount(chunks[--first]);
  uint64_t earlierErrors = 0;
  for (size_t i = 0; i < first; ++i)
    if (chunks[i].error) earlierErrors += lineCount(chunks[i]);
  for (size_t i = chunks.size(); i-- > 0;) {
    if (!chunks[i].error) continue;
    std::string_view text = taken.textOf(chunks[i]);
    m_lastError = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    if (m_lastError.endsWith(QLatin1Char('\n'))) m_lastError.chop(1);
    break;
  }
  std::vector<ConsoleModel::Line> lines;
  lines.reserve(kept);
  for (size_t i = first; i < chunks.size(); ++i) {
    const OutputQueue::Chunk& chunk = chunks[i];
    std::string_view text = taken.textOf(chunk);
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    auto source = chunk.error ? ConsoleModel::LineSource::Stderr : ConsoleModel::LineSource::Stdout;
    // Most chunks are one console.log line: no split.
    for (size_t start = 0;;) {
      size_t end = text.find('\n', start);
      std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      lines.push_back({chunk.t, source, QString::fromUtf8(line.data(), static_cast<qsizetype>(line.size()))});
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  m_workspace.console()->appendLines(std::move(lines), earlierErrors);
  m_host.output().recycle(std::move(taken));
}

void MainWindow::updateStatus() {
  QUrl url = m_host.serverUrl();
  switch (m_host.state()) {
    case RuntimeHost::State::Serving: m_serverLabel->setText(tr("Serving %1").arg(url.toString())); break;
    case RuntimeHost::State::Starting: m_serverLabel->setText(tr("Starting…")); break;
    case RuntimeHost::State::Stopping: m_serverLabel->setText(tr("Stopping…")); break;
    case RuntimeHost::State::Stopped: m_serverLabel->setText(tr("Not serving")); break;
  }
  quint64 used = m_host.heapUsed();
  m_heapLabel->setText(used ? tr("heap %1 / %2").arg(formatBytes(static_cast<double>(used)),
                                                    formatBytes(static_cast<double>(m_host.heapLimit())))
                            : tr("heap –"));
  m_rpsLabel->setText(tr("%1 req/s").arg(m_workspace.requestsPerSecond(), 0, 'f', 1));
  LatencyProbe::Stats lag = m_probe.stats();
  m_lagLabel->setText(tr("GUI lag p99 %1 (max %2)").arg(formatMillis(lag.p99), formatMillis(lag.max)));
  uint64_t errors = m_workspace.console()->errorCount();
  if (errors) {
    m_errorLabel->setText(tr("⚠ %n error line(s)", nullptr, static_cast<int>(errors)));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold"));
    m_errorLabel->setToolTip(m_lastError.left(2000));
  } else {
    m_errorLabel->clear();
  }
  if (m_pauseAction && m_pauseAction->isChecked()) m_rpsLabel->setText(m_rpsLabel->text() + tr(" (paused)"));
}

void MainWindow::onRequestSelected(std::optional<telemetry::Id> id) {
  m_fetches->proxy()->setRequestFilter(id);
  m_streams->setRequestFilter(id);
  m_promises->setRequestFilter(id);
  m_filterLabel->setText(id ? tr("Showing request #%1 only").arg(*id) : QString());
}

void MainWindow::setLoadRunning(bool running) {
  if (m_loadAction && m_loadAction->isChecked() != running) {
    m_loadAction->setChecked(running);  // comes back here through toggled
    return;
  }
  m_load.setRate(m_rate->value());
  m_load.setRunning(running);
  note(running ? tr("Load generator on: %1 req/s").arg(m_rate->value()) : tr("Load generator off"));
}

void MainWindow::setPaused(bool paused) {
  if (m_pauseAction && m_pauseAction->isChecked() != paused) {
    m_pauseAction->setChecked(paused);
    return;
  }
  m_poller.setPaused(paused);
  updateStatus();
}

void MainWindow::clearData() {
  m_requests->selectRequest(std::nullopt);
  m_workspace.clear();
  m_errorsSeen = 0;
  m_lastError.clear();
  updateStatus();
}

void MainWindow::exportHar() {
  QString path = QFileDialog::getSaveFileName(this, tr("Export fetches as HAR"), QStringLiteral("fetches.har"),
                                              tr("HAR files (*.har *.json)"));
  if (path.isEmpty()) return;
  HarOptions options;
  options.epochMsAtFeedStart = m_host.feedEpochMs();
  options.creatorVersion = QStringLiteral(NANO_VERSION);
  QString error;
  if (!m_fetches->exportHar(path, options, &error))
    QMessageBox::warning(this, tr("Export HAR"), tr("Could not write %1: %2").arg(path, error));
  else
    note(tr("Exported %1 fetches to %2").arg(m_fetches->proxy()->rowCount()).arg(path));
}

QStringList MainWindow::saveScreenshots(const QString& dir) {
  QStringList saved;
  if (!QDir().mkpath(dir)) return saved;
  m_sinceDrain.invalidate();
  drainOutput();
  m_poller.poll();  // everything read so far, none held back
  m_streams->refreshNow();
  m_requests->refreshChart();
  QApplication::processEvents();
  m_fetches->updateWaterfallRange();
  QString file = QDir(dir).filePath(QStringLiteral("workbench.png"));
  if (grab().save(file)) saved << file;
  for (QDockWidget* dock : m_docks) {
    bool hidden = !dock->isVisible();
    if (hidden) dock->show();
    dock->raise();
    QApplication::processEvents();
    if (dock->objectName() == QLatin1String("streams")) m_streams->refreshNow();
    if (dock->objectName() == QLatin1String("requests")) m_requests->refreshChart();
    if (dock->objectName() == QLatin1String("fetches")) m_fetches->updateWaterfallRange();
    QApplication::processEvents();
    file = QDir(dir).filePath(QStringLiteral("panel_%1.png").arg(dock->objectName()));
    if (dock->grab().save(file)) saved << file;
    if (hidden) dock->hide();
  }
  // Back to the default tabs on top.
  for (QDockWidget* dock : m_docks)
    if (dock->objectName() == QLatin1String("streams") || dock->objectName() == QLatin1String("console")) dock->raise();
  return saved;
}

}  // namespace nano::app
