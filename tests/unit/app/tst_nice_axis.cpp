// NiceAxis: 1-2-5 ranges, and an axis touched only when its range changes.
#include <QtTest>

#include "panels/nice_axis.h"

using namespace nano::app;

class TestNiceAxis : public QObject {
  Q_OBJECT

 private slots:
  void rounds_data() {
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<int>("ticks");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<int>("niceTicks");
    QTest::addColumn<int>("decimals");
    QTest::newRow("unit") << 0.0 << 1.0 << 5 << 0.0 << 1.0 << 6 << 1;
    QTest::newRow("seconds") << 3.2 << 47.9 << 5 << 0.0 << 50.0 << 6 << 0;
    QTest::newRow("negative") << -1500.0 << 2600.0 << 4 << -2000.0 << 4000.0 << 4 << 0;
    QTest::newRow("small") << 0.001 << 0.0042 << 5 << 0.001 << 0.005 << 5 << 3;
    QTest::newRow("inverted") << 47.9 << 3.2 << 5 << 0.0 << 50.0 << 6 << 0;
    QTest::newRow("empty") << 5.0 << 5.0 << 5 << 5.0 << 6.0 << 2 << 0;
    QTest::newRow("zero") << 0.0 << 0.0 << 5 << 0.0 << 0.2 << 2 << 1;
    QTest::newRow("not finite") << qQNaN() << 1.0 << 5 << 0.0 << 1.0 << 6 << 1;
  }
  void rounds() {
    QFETCH(double, low);
    QFETCH(double, high);
    QFETCH(int, ticks);
    NiceRange range = niceRange(low, high, ticks);
    QTEST(range.min, "min");
    QTEST(range.max, "max");
    QTEST(range.ticks, "niceTicks");
    QTEST(range.decimals, "decimals");
    QVERIFY(range.min <= std::min(low, high) || std::isnan(low));
    QVERIFY(range.max >= std::max(low, high) || std::isnan(low));
  }

  void appliesOnlyChanges() {
    QValueAxis axis;
    setNiceRange(&axis, 0.4, 12.3, 5);
    QCOMPARE(axis.min(), 0.0);
    QCOMPARE(axis.max(), 15.0);  // steps of 5
    QCOMPARE(axis.labelFormat(), QStringLiteral("%.0f"));
    QSignalSpy ranges(&axis, &QValueAxis::rangeChanged);
    QSignalSpy ticks(&axis, &QValueAxis::tickCountChanged);
    QSignalSpy formats(&axis, &QValueAxis::labelFormatChanged);
    // Time moves on within the same steps: nothing to lay out again.
    setNiceRange(&axis, 0.4, 12.9, 5);
    setNiceRange(&axis, 0.5, 14.6, 5);
    QCOMPARE(ranges.count(), 0);
    QCOMPARE(ticks.count(), 0);
    QCOMPARE(formats.count(), 0);
    // Past the last step: one change.
    setNiceRange(&axis, 0.4, 15.3, 5);
    QCOMPARE(ranges.count(), 1);
    QCOMPARE(axis.max(), 20.0);
  }
};

QTEST_MAIN(TestNiceAxis)
#include "tst_nice_axis.moc"
