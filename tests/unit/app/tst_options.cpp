// The command line: nano-workbench [--example NAME | HANDLER.mjs] [--port N]
// [--load RPS] [--cpu-limit MS] [--screenshot-dir DIR --quit-after MS]
#include <QtTest>

#include "examples.h"
#include "options.h"

using namespace nano::app;

class TestOptions : public QObject {
  Q_OBJECT

 private slots:
  void parses_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("handler");
    QTest::addColumn<QString>("example");
    QTest::addColumn<int>("port");
    QTest::addColumn<double>("load");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("nothing") << QStringList{} << true << "" << "" << 0 << 0.0 << "";
    QTest::newRow("handler") << QStringList{"h.mjs", "--port", "8787"} << true << "h.mjs" << "" << 8787 << 0.0 << "";
    QTest::newRow("example with load") << QStringList{"--example", "tee_backpressure", "--load", "5"} << true << ""
                                       << "tee_backpressure" << 0 << 5.0 << "";
    QTest::newRow("screenshots") << QStringList{"--example", "hello", "--screenshot-dir", "/tmp/s", "--quit-after", "3000"}
                                 << true << "" << "hello" << 0 << 0.0 << "";
    QTest::newRow("unknown example") << QStringList{"--example", "nope"} << false << "" << "" << 0 << 0.0 << "no example 'nope'";
    QTest::newRow("both") << QStringList{"h.mjs", "--example", "hello"} << false << "" << "" << 0 << 0.0 << "not both";
    QTest::newRow("two handlers") << QStringList{"a.mjs", "b.mjs"} << false << "" << "" << 0 << 0.0 << "one handler";
    QTest::newRow("bad port") << QStringList{"--port", "70000"} << false << "" << "" << 0 << 0.0 << "--port";
    QTest::newRow("bad load") << QStringList{"--load", "lots"} << false << "" << "" << 0 << 0.0 << "--load";
    QTest::newRow("screenshots need quit") << QStringList{"--screenshot-dir", "/tmp/s"} << false << "" << "" << 0 << 0.0
                                           << "--quit-after";
    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << false << "" << "" << 0 << 0.0 << "frobnicate";
  }
  void parses() {
    QFETCH(QStringList, args);
    QFETCH(bool, ok);
    QFETCH(QString, handler);
    QFETCH(QString, example);
    QFETCH(int, port);
    QFETCH(double, load);
    QFETCH(QString, errorPart);
    WorkbenchOptions options;
    QString error;
    args.prepend(QStringLiteral("nano-workbench"));
    QCOMPARE(parseOptions(args, &options, &error), ok);
    if (!ok) {
      QVERIFY2(error.contains(errorPart), qPrintable(error));
      return;
    }
    QCOMPARE(options.handler, handler);
    QCOMPARE(options.example, example);
    QCOMPARE(options.port, port);
    QCOMPARE(options.loadRps, load);
  }

  void examplesAreEmbedded() {
    QStringList names = exampleNames();
    for (const char* name : {"hello", "fetch_fanout", "tee_backpressure", "pipe_slow", "memory", "faults"})
      QVERIFY2(names.contains(QLatin1String(name)), name);
    QVERIFY(!exampleSummary(QStringLiteral("tee_backpressure")).isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestOptions)
#include "tst_options.moc"
