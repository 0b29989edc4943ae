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
    for (Id i = 1; i <= 4; ++i) ev.add(Op::Open, request(i));
    model.apply(ev.take());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addLinks({{2, {3, 1}}, {3, {1, 0}}, {99, {1, 1}}});
    QCOMPARE(changed.count(), 1);  // rows 1 and 2 are adjacent
    QCOMPARE(model.index(1, RequestModel::Fetches).data().toULongLong(), 3ull);
    QCOMPARE(model.index(1, RequestModel::Promises).data().toULongLong(), 1ull);
    QCOMPARE(model.index(2, RequestModel::Fetches).data().toULongLong(), 1ull);
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
};

QTEST_GUILESS_MAIN(TestRequestModel)
#include "tst_request_model.moc"
