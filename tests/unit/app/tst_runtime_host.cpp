// RuntimeHost: serves a handler from a worker thread, reports load failures,
// reloads on file change, stops handlers that never yield, and keeps the
// console output and telemetry flowing to the GUI thread.
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "runtime_host.h"

using namespace nano::app;

namespace {

void writeFile(const QString& path, const QByteArray& text) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
  file.write(text);
}

// Writes the handler into dir and points host at it (not started yet).
QString serveFile(RuntimeHost& host, const QTemporaryDir& dir, const char* name, const QByteArray& source) {
  QString path = dir.filePath(QString::fromLatin1(name));
  writeFile(path, source);
  HostConfig config;
  config.handlerPath = path;
  host.setConfig(config);
  return path;
}

struct Reply {
  int status = 0;
  QByteArray body;
};

Reply get(const QUrl& url) {
  QNetworkAccessManager network;
  QNetworkRequest request(url);
  request.setTransferTimeout(20000);
  QNetworkReply* reply = network.get(request);
  QSignalSpy done(reply, &QNetworkReply::finished);
  done.wait(25000);
  Reply result{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
  delete reply;
  return result;
}

std::string drain(RuntimeHost& host) {
  std::string text;
  OutputQueue::Taken taken = host.output().takeAll();
  for (const auto& chunk : taken.chunks) text += taken.textOf(chunk);
  return text;
}

const QByteArray kHello = R"(
export default {
  fetch(request) {
    console.log("handled", new URL(request.url).pathname);
    return new Response("hello v1");
  },
};
)";

}  // namespace

class TestRuntimeHost : public QObject {
  Q_OBJECT

 private slots:
  void servesAHandlerAndStops() {
    QTemporaryDir dir;
    RuntimeHost host;
    QString path = serveFile(host, dir, "handler.mjs", kHello);
    QSignalSpy serving(&host, &RuntimeHost::serving);
    QSignalSpy sessions(&host, &RuntimeHost::sessionStarted);
    host.start();
    QCOMPARE(sessions.count(), 1);
    QVERIFY(serving.wait(20000));
    QCOMPARE(host.state(), RuntimeHost::State::Serving);
    Reply reply = get(host.serverUrl().resolved(QUrl(QStringLiteral("/x"))));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("hello v1"));
    std::string console;
    QTRY_VERIFY2_WITH_TIMEOUT((console += drain(host)).find("handled /x") != std::string::npos, console.c_str(), 10000);
    // The request reached the feed as a request record (handed over when
    // the runtime's loop turn ends, which may come after the console line).
    auto sawRequest = [&] {
      for (const auto& e : host.feed()->read(1).events)
        if (nano::telemetry::kindOf(e->record) == nano::telemetry::Kind::Request) return true;
      return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawRequest(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(host.heapUsed() > 0, 5000);

    QSignalSpy stopped(&host, &RuntimeHost::stopped);
    host.stop();
    QVERIFY(stopped.wait(10000));
    QCOMPARE(stopped.first().first().toInt(), 0);
    QCOMPARE(host.state(), RuntimeHost::State::Stopped);
  }

  void reportsHandlersThatDoNotLoad_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("syntax error") << QByteArray("export default { fetch( }") << QStringLiteral("SyntaxError");
    QTest::newRow("no fetch") << QByteArray("export default {};") << QStringLiteral("expected `export default");
    QTest::newRow("top-level throw") << QByteArray("throw new RangeError('nope at load');")
                                     << QStringLiteral("nope at load");
  }
  void reportsHandlersThatDoNotLoad() {
    QFETCH(QByteArray, source);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    RuntimeHost host;
    QString path = serveFile(host, dir, "broken.mjs", source);
    QSignalSpy failed(&host, &RuntimeHost::loadFailed);
    host.start();
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.first().first().toString().contains(expected), qPrintable(failed.first().first().toString()));
    QVERIFY(host.waitStopped(5000));
  }

  void reloadsWhenTheHandlerChanges() {
    QTemporaryDir dir;
    RuntimeHost host;
    QString path = serveFile(host, dir, "handler.mjs", kHello);
    QSignalSpy serving(&host, &RuntimeHost::serving);
    QSignalSpy reloading(&host, &RuntimeHost::reloading);
    host.start();
    QVERIFY(serving.wait(20000));
    QUrl first = host.serverUrl();
    QTest::qWait(1100);  // a new mtime second for filesystems with coarse stamps
    writeFile(path, QByteArray(kHello).replace("hello v1", "hello v2"));
    QTRY_COMPARE_WITH_TIMEOUT(serving.count(), 2, 20000);
    QCOMPARE(reloading.count(), 1);
    QVERIFY(reloading.first().first().toString().contains(QStringLiteral("handler.mjs")));
    QCOMPARE(host.serverUrl(), first);  // the port is kept across reloads
    QCOMPARE(get(host.serverUrl()).body, QByteArray("hello v2"));
    QCOMPARE(host.sessions(), 2);
    // A file that is not a module does not reload.
    writeFile(dir.filePath(QStringLiteral("notes.txt")), "unrelated");
    QTest::qWait(600);
    QCOMPARE(reloading.count(), 1);
  }

  void stopsATopLevelEndlessLoop() {
    QTemporaryDir dir;
    RuntimeHost host;
    QString path = serveFile(host, dir, "spin.mjs", "for (;;) {}\nexport default { fetch() { return new Response('never'); } };\n");
    QSignalSpy stopped(&host, &RuntimeHost::stopped);
    host.start();
    QTest::qWait(300);
    QCOMPARE(host.state(), RuntimeHost::State::Starting);
    host.stop();  // the loop never yields: stop() escalates to TerminateExecution
    QVERIFY(stopped.wait(10000));
    QCOMPARE(host.state(), RuntimeHost::State::Stopped);
  }

  void watchdogAnswersARequestThatNeverYields() {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("loop.mjs"));
    writeFile(path, R"(
export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/loop") for (;;) {}
    return new Response("still here");
  },
};
)");
    RuntimeHost host;
    HostConfig config;
    config.handlerPath = path;
    config.cpuLimitMs = 300;
    host.setConfig(config);
    QSignalSpy serving(&host, &RuntimeHost::serving);
    host.start();
    QVERIFY(serving.wait(20000));
    Reply stuck = get(host.serverUrl().resolved(QUrl(QStringLiteral("/loop"))));
    QCOMPARE(stuck.status, 503);
    std::string console;
    QTRY_VERIFY2_WITH_TIMEOUT((console += drain(host)).find("CPU time limit") != std::string::npos, console.c_str(), 5000);
    Reply after = get(host.serverUrl().resolved(QUrl(QStringLiteral("/ok"))));
    QCOMPARE(after.status, 200);
    QCOMPARE(after.body, QByteArray("still here"));
  }
};

QTEST_MAIN(TestRuntimeHost)
#include "tst_runtime_host.moc"
