// RequestModel: open/update/close merging, cost columns, links from fetches and
// promises, request filter (a request is its own request), 10 000 rows.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "models/request_filter_proxy.h"
#include "models/request_model.h"
#include "telemetry_fixtures.h"

using namespace nano::app;
using namespace nano::app::test;

class TestRequestModel : public QObject {
  Q_OBJECT

 private slots:
  void updateAndCloseMerge() {
    RequestModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    ev.add(Op::Open, request(1, "/a"));
    model.apply(ev.take());
    RequestRecord status;  // what serve's update carries
    status.id = 1;
    status.status = 201;
    ev.add(Op::Update, status);
    model.apply(ev.take());
    QCOMPARE(model.index(0, RequestModel::Path).data().toString(), QStringLiteral("/a"));
    QCOMPARE(model.index(0, RequestModel::Status).data().toInt(), 201);
    RequestRecord done = request(1, "/a", 201);
    done.end = 35;
    done.cpuTime = 2.5;
    done.heapDelta = -4096;
    done.heapDeltaApproximate = true;
    done.arrayBufferBytes = 1 << 20;
    done.promisesCreated = 3;
    done.promisesCounted = true;
    done.fetchIds = {4, 5};
    ev.add(Op::Close, done);
    model.apply(ev.take());
    QCOMPARE(model.index(0, RequestModel::Duration).data().toDouble(), 25.0);
    QCOMPARE(model.index(0, RequestModel::Cpu).data().toDouble(), 2.5);
    QCOMPARE(model.index(0, RequestModel::HeapDelta).data().toLongLong(), -4096ll);
    QVERIFY(model.index(0, RequestModel::HeapDelta).data(RequestModel::ApproximateRole).toBool());
    QCOMPARE(model.index(0, RequestModel::Fetches).data().toULongLong(), 2ull);
    QCOMPARE(model.index(0, RequestModel::Promises).data().toULongLong(), 3ull);
    QCOMPARE(model.index(0, 0).data(LiveRole).toBool(), false);
  }

  void linksCountAndAnnounceOnce() {
    RequestModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    for (Id i = 1; i <= 4; ++i) {
      RequestRecord r = request(i);
      r.promisesCounted = i != 3;
      ev.add(Op::Open, r);
    }
    model.apply(ev.take());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addLinks({{2, {3, 1}}, {3, {1, 0}}, {99, {1, 1}}});
    QCOMPARE(changed.count(), 1);  // rows 1 and 2 are adjacent
    QCOMPARE(model.index(1, RequestModel::Fetches).data().toULongLong(), 3ull);
    QCOMPARE(model.index(1, RequestModel::Promises).data().toULongLong(), 1ull);
    QCOMPARE(model.index(2, RequestModel::Fetches).data().toULongLong(), 1ull);
    // Without every promise counted, the column stays blank rather than
    // showing only the native promises as if they were all.
    QVERIFY(!model.index(2, RequestModel::Promises).data().isValid());
  }

  void requestFilterKeepsTheRequestItself() {
    RequestModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    Events ev;
    for (Id i = 1; i <= 5; ++i) ev.add(Op::Open, request(i, i == 3 ? "/memory" : "/"));
    model.apply(ev.take());
    proxy.setRequestFilter(3);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setRequestFilter(std::nullopt);
    proxy.setTextFilter(QStringLiteral("mem"));
    QCOMPARE(proxy.rowCount(), 1);
  }

  void tenThousandRequestsSortByHeap() {
    RequestModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRetainLimit(10000);
    Events ev;
    for (Id i = 1; i <= 10000; ++i) {
      RequestRecord r = request(i, "/", 200);
      r.end = r.start + 5;
      r.heapDelta = static_cast<int64_t>(i % 100) * 1000 - 50000;
      ev.add(Op::Close, r);
    }
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 10000);
    proxy.sort(RequestModel::HeapDelta, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, RequestModel::HeapDelta).data().toLongLong(), -50000ll);
    QCOMPARE(proxy.index(9999, RequestModel::HeapDelta).data().toLongLong(), 49000ll);
    model.setRetainLimit(500);
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.rowOf(10000), 499);
  }

  void burstLargerThanRetainLimitKeepsNewestRows() {
    // 10 000 requests opened and closed within one tick: only the newest up to the
    // retain limit enter the table (one insert, no insert-then-remove of the rest).
    RequestModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(RequestModel::Id, Qt::AscendingOrder);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRetainLimit(2000);
    Events ev;
    for (Id i = 1; i <= 3; ++i) ev.add(Op::Close, request(i, "/old", 200));
    ev.add(Op::Open, request(4, "/live"));
    model.apply(ev.take());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (Id i = 10; i < 10010; ++i) {
      ev.add(Op::Open, request(i, "/burst"));
      RequestRecord r = request(i, "/burst", 200);
      r.end = r.start + 1;
      ev.add(Op::Close, r);
    }
    model.apply(ev.take());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt() - inserted.at(0).at(1).toInt() + 1, 2000);
    QCOMPARE(removed.count(), 1);  // the three old closed rows
    QCOMPARE(model.rowCount(), 2001);  // the live request stays
    QCOMPARE(model.liveCount(), size_t(1));
    QCOMPARE(model.rowOf(4), 0);
    QCOMPARE(model.rowOf(8010), 1);  // the oldest kept
    QCOMPARE(model.rowOf(10009), 2000);
    QCOMPARE(model.rowOf(8009), -1);
    QCOMPARE(proxy.rowCount(), 2001);
    QCOMPARE(proxy.index(0, RequestModel::Id).data().toULongLong(), 4ull);
    QCOMPARE(proxy.index(2000, RequestModel::Id).data().toULongLong(), 10009ull);
  }

  void fastSortKeysMatchSortRole() {
    RequestModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    Events ev;
    for (Id i = 1; i <= 50; ++i) {
      RequestRecord r = request(i, "/", i % 3 ? 200 : 0);
      r.end = r.start + static_cast<double>((i * 7) % 13);
      r.heapDelta = static_cast<int64_t>((i * 31) % 17) - 8;
      ev.add(i % 3 ? Op::Close : Op::Open, r);
    }
    model.apply(ev.take());
    for (int column : {int(RequestModel::Status), int(RequestModel::Duration), int(RequestModel::HeapDelta)}) {
      proxy.sort(column, Qt::AscendingOrder);
      for (int row = 1; row < proxy.rowCount(); ++row) {
        QVariant a = proxy.index(row - 1, column).data(SortRole);
        QVariant b = proxy.index(row, column).data(SortRole);
        if (!a.isValid()) continue;  // empty values first
        QVERIFY(b.isValid());
        QVERIFY(QVariant::compare(a, b) != QPartialOrdering::Greater);
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestRequestModel)
#include "tst_request_model.moc"
