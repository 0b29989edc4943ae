// ConsoleModel: lines, sources, the cap.
#include <QAbstractItemModelTester>
#include <QtTest>

#include "models/console_model.h"

using namespace nano::app;

class TestConsoleModel : public QObject {
  Q_OBJECT

 private slots:
  void splitsLinesAndCountsErrors() {
    ConsoleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(5, ConsoleModel::LineSource::Stdout, QStringLiteral("one\ntwo\n"));
    model.append(6, ConsoleModel::LineSource::Stderr, QStringLiteral("Uncaught Error: boom\n    at x.mjs:1:1\n"));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(1, ConsoleModel::Text).data().toString(), QStringLiteral("two"));
    QCOMPARE(model.index(2, ConsoleModel::Source).data().toString(), QStringLiteral("err"));
    QCOMPARE(model.errorCount(), 2ull);
  }

  void capDropsOldest_data() {
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("lines");
    QTest::newRow("under") << 100 << 50;
    QTest::newRow("over") << 100 << 250;
    QTest::newRow("ten thousand") << 5000 << 10000;
  }
  void capDropsOldest() {
    QFETCH(int, cap);
    QFETCH(int, lines);
    ConsoleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCap(static_cast<size_t>(cap));
    std::vector<ConsoleModel::Line> batch;
    for (int i = 0; i < lines; ++i) {
      batch.push_back({static_cast<double>(i), ConsoleModel::LineSource::Stdout, QString::number(i)});
      if (batch.size() == 64) model.appendLines(std::exchange(batch, {}));
    }
    model.appendLines(std::move(batch));
    QCOMPARE(model.rowCount(), std::min(cap, lines));
    QCOMPARE(model.index(model.rowCount() - 1, ConsoleModel::Text).data().toString(), QString::number(lines - 1));
  }
};

QTEST_GUILESS_MAIN(TestConsoleModel)
#include "tst_console_model.moc"
