// PromiseModel: pending resolvers appear, settle away, are counted by op kind,
// age with the feed clock; 10 000 pending rows.
#include <QAbstractItemModelTester>
#include <QtTest>

#include "models/promise_model.h"
#include "models/request_filter_proxy.h"
#include "telemetry_fixtures.h"

using namespace nano::app;
using namespace nano::app::test;

class TestPromiseModel : public QObject {
  Q_OBJECT

 private slots:
  void settledPromisesLeave() {
    PromiseModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    ev.add(Op::Open, promise(1, "fetch", 7, 100));
    ev.add(Op::Open, promise(2, "timer", std::nullopt, 110));
    ev.add(Op::Open, promise(3, "fetch", 7, 120));
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.pendingByKind().value(QStringLiteral("fetch")), 2);
    PendingPromise done = promise(1, "fetch", 7, 100);
    done.settled = 150;
    done.outcome = "fulfilled";
    ev.add(Op::Close, done);
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(1), -1);
    QCOMPARE(model.pendingByKind().value(QStringLiteral("fetch")), 1);
    QCOMPARE(model.pendingByKind().value(QStringLiteral("timer")), 1);
  }

  void openedAndSettledInOneBatchNeverShows() {
    PromiseModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    ev.add(Op::Open, promise(1, "stream.read"));
    ev.add(Op::Close, promise(1, "stream.read"));
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.pendingByKind().isEmpty());
  }

  void ageFollowsTheFeedClock_data() {
    QTest::addColumn<double>("created");
    QTest::addColumn<double>("now");
    QTest::addColumn<double>("age");
    QTest::newRow("young") << 1000.0 << 1010.0 << 10.0;
    QTest::newRow("old") << 0.0 << 60000.0 << 60000.0;
    QTest::newRow("clock behind") << 500.0 << 100.0 << 0.0;
  }
  void ageFollowsTheFeedClock() {
    QFETCH(double, created);
    QFETCH(double, now);
    QFETCH(double, age);
    PromiseModel model;
    Events ev;
    ev.add(Op::Open, promise(1, "timer", std::nullopt, created));
    model.apply(ev.take());
    model.setNow(now);
    QCOMPARE(model.index(0, PromiseModel::Age).data().toDouble(), age);
  }

  void tenThousandPendingByRequest() {
    PromiseModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    Events ev;
    for (Id i = 1; i <= 10000; ++i) ev.add(Op::Open, promise(i, i % 2 ? "fetch" : "timer", i % 10, static_cast<double>(i)));
    {
      // The tester walks the whole model on every signal: bulk insert only.
      QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
      model.apply(ev.take());
    }
    QCOMPARE(model.rowCount(), 10000);
    proxy.setRequestFilter(3);
    QCOMPARE(proxy.rowCount(), 1000);
    proxy.setRequestFilter(std::nullopt);
    model.setNow(20000);
    proxy.sort(PromiseModel::Age, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, PromiseModel::Id).data().toULongLong(), 1ull);
    for (Id i = 2; i <= 10000; i += 2) ev.add(Op::Close, promise(i, "timer"));
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 5000);
    QCOMPARE(model.pendingByKind().value(QStringLiteral("timer")), 0);
  }
};

QTEST_GUILESS_MAIN(TestPromiseModel)
#include "tst_promise_model.moc"
