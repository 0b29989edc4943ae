// FetchModel: rows from fetch telemetry, coalesced batches, history cap,
// proxy sorting and filtering, the waterfall's time range, 10 000 rows.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "models/fetch_model.h"
#include "models/request_filter_proxy.h"
#include "telemetry_fixtures.h"

using namespace nano::app;
using namespace nano::app::test;

class TestFetchModel : public QObject {
  Q_OBJECT

 private slots:
  void insertsUpdatesAndKeepsFinishedRows() {
    FetchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    ev.add(Op::Open, fetch(1));
    ev.add(Op::Open, fetch(2));
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.liveCount(), size_t(2));
    QCOMPARE(model.index(0, FetchModel::Phase).data().toString(), QStringLiteral("queued"));

    ev.add(Op::Update, fetch(1, FetchPhase::Waiting));
    ev.add(Op::Close, fetch(2, FetchPhase::Done));
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, FetchModel::Phase).data().toString(), QStringLiteral("waiting"));
    QCOMPARE(model.index(1, FetchModel::Status).data().toInt(), 200);
    QCOMPARE(model.index(1, FetchModel::Duration).data().toDouble(), 70.0);  // queued 0 -> done 70
    QCOMPARE(model.index(1, 0).data(LiveRole).toBool(), false);
    QCOMPARE(model.liveCount(), size_t(1));
  }

  void latestStateWinsWithinABatch() {
    FetchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    Events ev;
    ev.add(Op::Open, fetch(7));
    ev.add(Op::Update, fetch(7, FetchPhase::Connecting));
    ev.add(Op::Update, fetch(7, FetchPhase::Receiving));
    model.apply(ev.take());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, FetchModel::Phase).data(FetchModel::PhaseRole).toInt(),
             static_cast<int>(FetchPhase::Receiving));
  }

  void adjacentChangesBecomeOneDataChangedRange() {
    FetchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    for (Id i = 1; i <= 10; ++i) ev.add(Op::Open, fetch(i));
    model.apply(ev.take());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Rows 2..5 and 8..9 change (ids 3..6 and 9..10): two ranges, whatever the event order.
    for (Id i : {5, 3, 10, 4, 6, 9}) ev.add(Op::Update, fetch(i, FetchPhase::Sending));
    model.apply(ev.take());
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed[0][0].toModelIndex().row(), 2);
    QCOMPARE(changed[0][1].toModelIndex().row(), 5);
    QCOMPARE(changed[1][0].toModelIndex().row(), 8);
    QCOMPARE(changed[1][1].toModelIndex().row(), 9);
    QCOMPARE(changed[0][1].toModelIndex().column(), FetchModel::ColumnCount - 1);
  }

  void retainLimitDropsOldestFinishedRows_data() {
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("finished");
    QTest::newRow("under") << 10 << 5;
    QTest::newRow("over") << 3 << 8;
    QTest::newRow("none kept") << 0 << 4;
  }
  void retainLimitDropsOldestFinishedRows() {
    QFETCH(int, limit);
    QFETCH(int, finished);
    FetchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRetainLimit(static_cast<size_t>(limit));
    Events ev;
    ev.add(Op::Open, fetch(1000));  // live: never dropped
    for (int i = 1; i <= finished; ++i) ev.add(Op::Close, fetch(static_cast<Id>(i), FetchPhase::Done));
    model.apply(ev.take());
    int kept = std::min(limit, finished);
    QCOMPARE(model.rowCount(), 1 + kept);
    QCOMPARE(model.rowOf(1000), 0);
    // The newest finished ones survive.
    if (kept > 0) QVERIFY(model.rowOf(static_cast<Id>(finished)) > 0);
    if (kept < finished) QCOMPARE(model.rowOf(1), -1);
  }

  void proxySortsRawNumbersAndFilters() {
    FetchModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    for (Id i = 1; i <= 12; ++i) {
      FetchOp f = fetch(i, FetchPhase::Done, 0, i % 3 == 0 ? std::optional<Id>(42) : std::nullopt);
      f.bytesReceived = (13 - i) * 100;  // 1200, 1100, ... 100
      if (i == 5) f.url = "http://example.test/special";
      ev.add(Op::Close, f);
    }
    model.apply(ev.take());
    proxy.sort(FetchModel::BytesReceived, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, FetchModel::BytesReceived).data().toULongLong(), 100ull);
    QCOMPARE(proxy.index(11, FetchModel::BytesReceived).data().toULongLong(), 1200ull);  // numeric, not "900" > "1200"

    proxy.setTextFilter(QStringLiteral("SPECIAL"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, FetchModel::Id).data().toULongLong(), 5ull);
    proxy.setTextFilter({});
    proxy.setRequestFilter(42);
    QCOMPARE(proxy.rowCount(), 4);
    for (int r = 0; r < proxy.rowCount(); ++r) QCOMPARE(proxy.index(r, 0).data(RequestIdRole).toULongLong(), 42ull);
    proxy.setRequestFilter(std::nullopt);
    QCOMPARE(proxy.rowCount(), 12);
  }

  void waterfallRangeCoversAllRows() {
    FetchModel model;
    Events ev;
    ev.add(Op::Close, fetch(1, FetchPhase::Done, 100));
    ev.add(Op::Close, fetch(2, FetchPhase::Done, 500));
    model.apply(ev.take());
    QPointF range = model.headerData(FetchModel::Waterfall, Qt::Horizontal, FetchModel::TimeRangeRole).toPointF();
    QCOMPARE(range.x(), 100.0);
    QCOMPARE(range.y(), 570.0);
    QVariantList starts = model.index(1, FetchModel::Waterfall).data(FetchModel::PhaseStartsRole).toList();
    QCOMPARE(starts.size(), kFetchPhaseCount);
    QCOMPARE(starts[static_cast<int>(FetchPhase::Dns)].toDouble(), 510.0);
    QCOMPARE(starts[static_cast<int>(FetchPhase::Failed)].toDouble(), -1.0);
  }

  void runningDurationFollowsNow() {
    FetchModel model;
    Events ev;
    ev.add(Op::Open, fetch(1, FetchPhase::Waiting, 1000));
    model.apply(ev.take());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setNow(1500);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.index(0, FetchModel::Duration).data().toDouble(), 500.0);
  }

  void tenThousandRows() {
    FetchModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.setRetainLimit(20000);
    Events ev;
    for (Id i = 1; i <= 10000; ++i) ev.add(Op::Open, fetch(i, FetchPhase::Queued, static_cast<double>(i)));
    {
      // The tester walks the whole model on every signal: it checks the bulk insert;
      // the scattered updates below would make it quadratic.
      QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
      QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
      model.apply(ev.take());
      QCOMPARE(inserted.count(), 1);
    }
    QCOMPARE(model.rowCount(), 10000);
    for (Id i = 1; i <= 10000; i += 2) ev.add(Op::Close, fetch(i, FetchPhase::Done, static_cast<double>(i)));
    model.apply(ev.take());
    QCOMPARE(model.liveCount(), size_t(5000));
    proxy.setLiveOnly(true);
    QCOMPARE(proxy.rowCount(), 5000);
    proxy.sort(FetchModel::Id, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, FetchModel::Id).data().toULongLong(), 10000ull);
    model.setRetainLimit(100);
    QCOMPARE(model.rowCount(), 5100);
    QCOMPARE(proxy.rowCount(), 5000);
  }

  void snapshotReplacesRows() {
    FetchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    for (Id i = 1; i <= 5; ++i) ev.add(Op::Open, fetch(i));
    model.apply(ev.take());
    ev.add(Op::Open, fetch(9, FetchPhase::Receiving));
    model.resetTo(ev.take());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(9), 0);
  }
};

QTEST_GUILESS_MAIN(TestFetchModel)
#include "tst_fetch_model.moc"
