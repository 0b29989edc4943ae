// SeriesModel and PeakSeries: a capped chart table that never hides a spike.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "models/series_model.h"

using namespace nano::app;

class TestSeriesModel : public QObject {
  Q_OBJECT

 private slots:
  void appendsRowsWithTimeInSeconds() {
    SeriesModel model({QStringLiteral("a"), QStringLiteral("b")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(1500, {1, 2});
    model.append(2500, {3, 4});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.index(0, SeriesModel::Time).data().toDouble(), 1.5);
    QCOMPARE(model.index(1, SeriesModel::FirstSeries + 1).data().toDouble(), 4.0);
    QCOMPARE(model.headerData(SeriesModel::FirstSeries, Qt::Horizontal).toString(), QStringLiteral("a"));
    QCOMPARE(model.maxValue(), 4.0);
    QCOMPARE(model.minValue(), 1.0);
  }

  void capKeepsPeaks_data() {
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("spikeAt");
    QTest::newRow("small cap") << 10 << 1000 << 501;
    QTest::newRow("few hundred") << 300 << 20000 << 12345;
    QTest::newRow("spike last") << 50 << 5000 << 4999;
    QTest::newRow("spike first") << 50 << 5000 << 0;
  }
  void capKeepsPeaks() {
    QFETCH(int, cap);
    QFETCH(int, samples);
    QFETCH(int, spikeAt);
    SeriesModel model({QStringLiteral("v")}, static_cast<size_t>(cap));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < samples; ++i) model.append(i, {i == spikeAt ? 1e6 : 1.0});
    QVERIFY(model.rowCount() <= cap);
    QVERIFY(model.rowCount() >= cap / 4);
    bool found = false;
    for (int r = 0; r < model.rowCount(); ++r)
      found = found || model.index(r, SeriesModel::FirstSeries).data().toDouble() == 1e6;
    QVERIFY(found);
    QCOMPARE(model.series().peak(0), 1e6);
    // Times stay increasing after merges.
    for (int r = 1; r < model.rowCount(); ++r)
      QVERIFY(model.index(r, 0).data().toDouble() > model.index(r - 1, 0).data().toDouble());
  }

  void setSeriesReplacesAndClearEmpties() {
    SeriesModel model({QStringLiteral("q"), QStringLiteral("c")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    PeakSeries other(2, 100);
    for (int i = 0; i < 10; ++i) other.append(i * 100, {static_cast<double>(i), 1});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setSeries(other);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 10);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
  }
};

QTEST_GUILESS_MAIN(TestSeriesModel)
#include "tst_series_model.moc"
