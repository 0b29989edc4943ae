// The workbench window, offscreen: each example runs with the load generator
// until its panels hold what the example is about; every panel is saved as a
// PNG under the build dir (screenshots/<example>/) to be looked at.
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

#include "main_window.h"
#include "models/har_export.h"
#include "models/request_filter_proxy.h"
#include "panels/composer_panel.h"
#include "panels/fetches_panel.h"
#include "panels/requests_panel.h"
#include "panels/stream_graph_view.h"
#include "panels/streams_panel.h"
#include "panels/table_view.h"

using namespace nano::app;

namespace {

const QString kShots = QStringLiteral(NANO_APP_SCREENSHOT_DIR);

// The image has content: more than a handful of distinct colours.
bool looksDrawn(const QImage& image) {
  if (image.isNull() || image.width() < 50 || image.height() < 50) return false;
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 7)
    for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
  return colours.size() > 8;
}

bool anyStream(StreamModel* model, const std::function<bool(const nano::telemetry::StreamInfo&)>& test) {
  for (int r = 0; r < model->rowCount(); ++r)
    if (test(model->rowAt(r).record)) return true;
  return false;
}

void reportLatency(const char* what, const LatencyProbe::Stats& s) {
  qInfo("GUI event-loop lateness (%s): %d samples, mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms", what,
        s.samples, s.mean, s.p50, s.p99, s.max);
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(QStringLiteral("NANO-test"));
    QCoreApplication::setApplicationName(QStringLiteral("Workbench-test"));
  }

  void runsExampleUnderLoad_data() {
    QTest::addColumn<QString>("example");
    QTest::newRow("hello") << QStringLiteral("hello");
    QTest::newRow("tee_backpressure") << QStringLiteral("tee_backpressure");
    QTest::newRow("fetch_fanout") << QStringLiteral("fetch_fanout");
    QTest::newRow("pipe_slow") << QStringLiteral("pipe_slow");
    QTest::newRow("memory") << QStringLiteral("memory");
  }
  void runsExampleUnderLoad() {
    QFETCH(QString, example);
    WorkbenchOptions options;
    options.example = example;
    options.loadRps = 8;
    // Counting every promise is opt-in (--count-promises, Run > Count every promise).
    options.countPromises = example == QLatin1String("fetch_fanout");
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Workspace* w = window.workspace();
    QTRY_VERIFY_WITH_TIMEOUT(window.host()->state() == RuntimeHost::State::Serving, 20000);
    window.latencyProbe()->reset();
    // What each example is about shows up in its models.
    QTRY_VERIFY_WITH_TIMEOUT(w->requestsCompleted() >= 10, 30000);
    for (int r = 0; r < w->requests()->rowCount(); ++r) {
      const auto& request = w->requests()->rowAt(r).record;
      QCOMPARE(request.promisesCounted, options.countPromises);
      if (!options.countPromises) QCOMPARE(request.promisesCreated, uint64_t{0});
    }
    if (example == QLatin1String("tee_backpressure")) {
      QTRY_VERIFY_WITH_TIMEOUT(anyStream(w->streams(), [](const auto& s) { return s.teeParent && s.backpressure; }), 20000);
      QVERIFY(anyStream(w->streams(), [](const auto& s) { return s.teeBranches.size() == 2; }));
      QVERIFY(anyStream(w->streams(), [](const auto& s) { return s.request.has_value(); }));
    } else if (example == QLatin1String("fetch_fanout")) {
      QTRY_VERIFY_WITH_TIMEOUT(w->fetches()->rowCount() >= 20, 20000);
      bool done = false;
      for (int r = 0; r < w->fetches()->rowCount(); ++r)
        done = done || (w->fetches()->rowAt(r).record.phase == nano::telemetry::FetchPhase::Done &&
                        w->fetches()->rowAt(r).record.status == 200);
      QVERIFY(done);
      QVERIFY(window.upstream()->requestsServed() > 0);
      // Fetches, their pending promises and the requests' counts name the
      // served request that started them (after awaits, in the runtime thread).
      bool linked = false;
      for (int r = 0; r < w->fetches()->rowCount(); ++r) {
        const auto& fetch = w->fetches()->rowAt(r).record;
        linked = linked || (fetch.request && w->promiseTotals()->totalsFor(*fetch.request) &&
                            w->promiseTotals()->totalsFor(*fetch.request)->created > 0);
      }
      QVERIFY(linked);
      bool counted = false;
      for (int r = 0; r < w->requests()->rowCount(); ++r) {
        const auto& request = w->requests()->rowAt(r).record;
        counted = counted || (request.end >= 0 && !request.fetchIds.empty() && request.promisesCreated > 0 &&
                              request.cpuTime > 0 && request.arenaPeak > 0);
      }
      QVERIFY(counted);
    } else if (example == QLatin1String("pipe_slow")) {
      QTRY_VERIFY_WITH_TIMEOUT(anyStream(w->streams(), [](const auto& s) { return s.pipeTo.has_value(); }), 20000);
      QVERIFY(anyStream(w->streams(), [](const auto& s) {
        return s.streamKind == nano::telemetry::StreamKind::Writable;
      }));
    } else if (example == QLatin1String("hello")) {
      // Turned on while serving, counting reaches the runtime thread (at its
      // next stats tick) and later requests carry counts.
      window.host()->setCountPromises(true);
      auto countedOne = [w] {
        for (int r = 0; r < w->requests()->rowCount(); ++r) {
          const auto& request = w->requests()->rowAt(r).record;
          if (request.end >= 0 && request.promisesCounted && request.promisesCreated > 0) return true;
        }
        return false;
      };
      QTRY_VERIFY_WITH_TIMEOUT(countedOne(), 20000);
    } else if (example == QLatin1String("memory")) {
      bool grew = false;
      for (int r = 0; r < w->requests()->rowCount(); ++r) grew = grew || w->requests()->rowAt(r).record.heapDelta != 0;
      QVERIFY(grew);
      QVERIFY(w->requestMemory()->rowCount() > 0);
    }
    // Bodies built in full (Response.json, strings) need no stream; the others make some.
    if (example != QLatin1String("hello") && example != QLatin1String("memory")) QVERIFY(w->streams()->rowCount() > 0);
    QVERIFY(w->requests()->rowCount() > 0);
    QTest::qWait(1500);  // let the panels move a little more before the pictures
    // One request through the composer, so its picture shows a response too.
    QSignalSpy answered(window.composerPanel(), &ComposerPanel::responseReceived);
    window.composerPanel()->send();
    QVERIFY(answered.wait(20000));
    QVERIFY(answered.first().first().toInt() > 0);
    reportLatency(qPrintable(example), window.latencyProbe()->stats());

    QString dir = kShots + QLatin1Char('/') + example;
    QDir(dir).removeRecursively();
    QStringList files = window.saveScreenshots(dir);
    QCOMPARE(files.size(), 1 + window.docks().size());
    for (const QString& file : files) QVERIFY2(looksDrawn(QImage(file)), qPrintable(file));
    window.close();
    QVERIFY(window.host()->waitStopped(10000));
  }

  void selectingARequestFiltersTheOtherPanels() {
    WorkbenchOptions options;
    options.example = QStringLiteral("fetch_fanout");
    options.loadRps = 5;
    MainWindow window(options);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->requestsCompleted() >= 3, 30000);
    RequestsPanel* requests = window.requestsPanel();
    QModelIndex first = requests->proxy()->index(0, 0);
    nano::telemetry::Id id = first.data(IdRole).toULongLong();
    requests->view()->setCurrentIndex(first);
    QCOMPARE(requests->selectedRequest(), std::optional<nano::telemetry::Id>(id));
    QCOMPARE(window.fetchesPanel()->proxy()->requestFilter(), std::optional<nano::telemetry::Id>(id));
    QCOMPARE(window.streamsPanel()->proxy()->requestFilter(), std::optional<nano::telemetry::Id>(id));
    // Only rows of that request (or none) remain.
    RequestFilterProxy* fetches = window.fetchesPanel()->proxy();
    for (int r = 0; r < fetches->rowCount(); ++r) QCOMPARE(fetches->index(r, 0).data(RequestIdRole).toULongLong(), id);
    requests->selectRequest(std::nullopt);
    QCOMPARE(window.fetchesPanel()->proxy()->requestFilter(), std::nullopt);
    window.close();
  }

  void exportsFetchesAsHar() {
    WorkbenchOptions options;
    options.example = QStringLiteral("fetch_fanout");
    options.loadRps = 5;
    MainWindow window(options);
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->fetches()->rowCount() >= 8, 30000);
    window.setLoadRunning(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->fetches()->liveCount() == 0, 20000);
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("fetches.har"));
    HarOptions har;
    har.epochMsAtFeedStart = window.host()->feedEpochMs();
    QString error;
    QVERIFY2(window.fetchesPanel()->exportHar(path, har, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject log = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("log")).toObject();
    QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("1.2"));
    QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), window.fetchesPanel()->proxy()->rowCount());
    QJsonObject entry = entries.first().toObject();
    QVERIFY(entry.value(QStringLiteral("request")).toObject().value(QStringLiteral("url")).toString().contains(
        QStringLiteral("/delay/")));
    QCOMPARE(entry.value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(entry.value(QStringLiteral("time")).toDouble() > 0);
    window.close();
  }

  void composerTalksToTheHandler() {
    WorkbenchOptions options;
    options.example = QStringLiteral("hello");
    MainWindow window(options);
    QTRY_VERIFY_WITH_TIMEOUT(window.host()->state() == RuntimeHost::State::Serving, 20000);
    ComposerPanel* composer = window.composerPanel();
    composer->setRequest(QStringLiteral("POST"), QStringLiteral("/hello?name=composer"),
                         QStringLiteral("x-test: 1"), QStringLiteral("{\"a\":1}"));
    QSignalSpy received(composer, &ComposerPanel::responseReceived);
    composer->send();
    QVERIFY(received.wait(20000));
    QCOMPARE(received.first().first().toInt(), 200);
    QVERIFY(composer->responseStatus().startsWith(QStringLiteral("200")));
    QVERIFY(composer->responseBody().contains(QStringLiteral("\"hello\":\"composer\"")));
    QVERIFY(composer->responseBody().contains(QStringLiteral("\"method\":\"POST\"")));
    window.close();
  }

  // Chrome DevTools' part, played by a QWebSocket CDP client: Break on next
  // request pauses the handler at fetch()'s first statement, the GUI and its
  // panels go on meanwhile, and resuming lets the response out.
  void breakOnNextRequestPausesInDevTools() {
    WorkbenchOptions options;
    options.example = QStringLiteral("hello");
    options.inspectPort = 0;
    MainWindow window(options);
    window.show();
    QVERIFY(window.debuggerBridge()->listening());
    QTRY_VERIFY_WITH_TIMEOUT(window.host()->state() == RuntimeHost::State::Serving, 20000);

    QWebSocket cdp;
    QList<QJsonObject> messages;
    connect(&cdp, &QWebSocket::textMessageReceived, this, [&messages](const QString& text) {
      messages << QJsonDocument::fromJson(text.toUtf8()).object();
    });
    cdp.open(QUrl(window.debuggerBridge()->webSocketUrl(window.host()->targetId())));
    QTRY_VERIFY_WITH_TIMEOUT(cdp.state() == QAbstractSocket::ConnectedState, 10000);
    int nextId = 1;
    auto call = [&](const QString& method, const QJsonObject& params = {}) {
      int id = nextId++;
      QJsonObject message{{QStringLiteral("id"), id}, {QStringLiteral("method"), method},
                          {QStringLiteral("params"), params}};
      cdp.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
      return id;
    };
    auto find = [&](auto predicate) -> QJsonObject {
      for (const QJsonObject& m : messages)
        if (predicate(m)) return m;
      return {};
    };
    auto reply = [&](int id) {
      return find([id](const QJsonObject& m) { return m.value(QStringLiteral("id")).toInt() == id; });
    };
    int enable = call(QStringLiteral("Debugger.enable"));
    QTRY_VERIFY_WITH_TIMEOUT(!reply(enable).isEmpty(), 10000);
    QTRY_VERIFY(window.debuggerBridge()->sessionCount() == 1);

    window.host()->setBreakOnNextRequest(true);
    ComposerPanel* composer = window.composerPanel();
    composer->setRequest(QStringLiteral("GET"), QStringLiteral("/hello?name=debugger"), QString(), QString());
    QSignalSpy received(composer, &ComposerPanel::responseReceived);
    composer->send();
    auto isPaused = [](const QJsonObject& m) {
      return m.value(QStringLiteral("method")).toString() == QLatin1String("Debugger.paused");
    };
    QTRY_VERIFY_WITH_TIMEOUT(!find(isPaused).isEmpty(), 15000);
    QJsonObject frame = find(isPaused)[QStringLiteral("params")][QStringLiteral("callFrames")][0].toObject();
    QCOMPARE(frame.value(QStringLiteral("functionName")).toString(), QStringLiteral("fetch"));
    // The paused script is the handler module (its file:// URL, from Debugger.scriptParsed).
    QString scriptId = frame[QStringLiteral("location")][QStringLiteral("scriptId")].toString();
    QJsonObject parsed = find([&scriptId](const QJsonObject& m) {
      return m.value(QStringLiteral("method")).toString() == QLatin1String("Debugger.scriptParsed") &&
             m[QStringLiteral("params")][QStringLiteral("scriptId")].toString() == scriptId;
    });
    QVERIFY2(parsed[QStringLiteral("params")][QStringLiteral("url")].toString().endsWith(
                 QStringLiteral("/workbench_hello.mjs")),
             qPrintable(parsed[QStringLiteral("params")][QStringLiteral("url")].toString()));
    QTRY_VERIFY_WITH_TIMEOUT(window.host()->paused(), 5000);
    QVERIFY(window.host()->breakOnNextRequest() == false);  // once

    // Paused: the GUI thread keeps turning (the probe samples, the poller runs).
    int samples = window.latencyProbe()->total().samples;
    QTest::qWait(600);
    QVERIFY(window.latencyProbe()->total().samples > samples);
    QCOMPARE(received.count(), 0);
    int evaluated = call(QStringLiteral("Debugger.evaluateOnCallFrame"),
                         {{QStringLiteral("callFrameId"), frame.value(QStringLiteral("callFrameId"))},
                          {QStringLiteral("expression"), QStringLiteral("new URL(request.url).search")},
                          {QStringLiteral("returnByValue"), true}});
    QTRY_VERIFY_WITH_TIMEOUT(!reply(evaluated).isEmpty(), 10000);
    QCOMPARE(reply(evaluated)[QStringLiteral("result")][QStringLiteral("result")][QStringLiteral("value")].toString(),
             QStringLiteral("?name=debugger"));

    call(QStringLiteral("Debugger.resume"));
    QVERIFY(received.wait(15000));
    QCOMPARE(received.first().first().toInt(), 200);
    QVERIFY(composer->responseBody().contains(QStringLiteral("\"hello\":\"debugger\"")));
    QTRY_VERIFY_WITH_TIMEOUT(!window.host()->paused(), 5000);

    // Paused again, then the window closes: the runtime is let go, nothing hangs.
    window.host()->setBreakOnNextRequest(true);
    messages.clear();
    composer->send();
    QTRY_VERIFY_WITH_TIMEOUT(!find(isPaused).isEmpty(), 15000);
    window.host()->stop();
    QVERIFY(window.host()->waitStopped(10000));
    cdp.close();
    window.close();
  }

  void misbehavingHandlerShowsErrorsAndTheGuiStaysResponsive() {
    WorkbenchOptions options;
    options.example = QStringLiteral("faults");
    options.cpuLimitMs = 1500;
    options.loadRps = 4;
    MainWindow window(options);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.host()->state() == RuntimeHost::State::Serving, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->console()->errorCount() > 0, 20000);  // /throw, /reject
    window.latencyProbe()->reset();
    ComposerPanel* composer = window.composerPanel();
    composer->setRequest(QStringLiteral("GET"), QStringLiteral("/loop"));
    QSignalSpy received(composer, &ComposerPanel::responseReceived);
    composer->send();  // the runtime thread spins for the CPU limit; the GUI thread must not
    QVERIFY(received.wait(30000));
    QCOMPARE(received.first().first().toInt(), 503);
    LatencyProbe::Stats busy = window.latencyProbe()->total();
    reportLatency("while the handler spun for its CPU limit, under load", busy);
    QVERIFY(busy.samples > 0);  // the probe ran while the runtime was busy: the GUI loop kept turning
    auto sawKill = [&] {
      ConsoleModel* console = window.workspace()->console();
      for (int r = 0; r < console->rowCount(); ++r)
        if (console->lineAt(r).text.contains(QStringLiteral("CPU time limit"))) return true;
      return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawKill(), 5000);
    QString dir = kShots + QStringLiteral("/faults");
    QDir(dir).removeRecursively();
    QVERIFY(!window.saveScreenshots(dir).isEmpty());
    window.close();
  }

 private:
  QTemporaryDir m_settings;
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
