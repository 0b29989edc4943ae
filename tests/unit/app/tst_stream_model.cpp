// StreamModel: stream rows, tee/pipe links kept across updates, fill and
// backpressure roles, per-stream queue history with peaks, 10 000 rows.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "models/request_filter_proxy.h"
#include "models/stream_model.h"
#include "telemetry_fixtures.h"

using namespace nano::app;
using namespace nano::app::test;

class TestStreamModel : public QObject {
  Q_OBJECT

 private slots:
  void rowsAndRoles_data() {
    QTest::addColumn<int>("chunks");
    QTest::addColumn<double>("hwm");
    QTest::addColumn<double>("fill");
    QTest::addColumn<bool>("backpressure");
    QTest::newRow("empty") << 0 << 4.0 << 0.0 << false;
    QTest::newRow("half") << 2 << 4.0 << 0.5 << false;
    QTest::newRow("full") << 4 << 4.0 << 1.0 << true;
    QTest::newRow("over") << 12 << 4.0 << 3.0 << true;
    QTest::newRow("no limit, queued") << 3 << 0.0 << 1.0 << true;
  }
  void rowsAndRoles() {
    QFETCH(int, chunks);
    QFETCH(double, hwm);
    QFETCH(double, fill);
    QFETCH(bool, backpressure);
    StreamModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    ev.add(Op::Open, stream(1, 0, hwm));
    ev.add(Op::Update, stream(1, static_cast<uint64_t>(chunks), hwm));
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 1);
    QModelIndex row = model.index(0, StreamModel::Fill);
    QCOMPARE(row.data(StreamModel::FillRole).toDouble(), fill);
    QCOMPARE(row.data(StreamModel::BackpressureRole).toBool(), backpressure);
    QCOMPARE(model.index(0, StreamModel::QueueChunks).data().toULongLong(), qulonglong(chunks));
    QCOMPARE(model.index(0, StreamModel::Kind).data().toString(), QStringLiteral("readable"));
  }

  void teeAndPipeLinksSurviveUpdates() {
    StreamModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    StreamInfo source = stream(1, 0);
    source.teeBranches = {2, 3};
    StreamInfo a = stream(2, 0);
    a.teeParent = 1;
    StreamInfo b = stream(3, 0);
    b.teeParent = 1;
    b.pipeTo = 4;
    ev.add(Op::Open, source);
    ev.add(Op::Open, a);
    ev.add(Op::Open, b);
    ev.add(Op::Open, stream(4, 0, 1, StreamKind::Writable));
    model.apply(ev.take());
    ev.add(Op::Update, stream(3, 5));  // an update without the links
    model.apply(ev.take());
    int row = model.rowOf(3);
    QCOMPARE(model.index(row, 0).data(StreamModel::TeeParentRole).toULongLong(), 1ull);
    QCOMPARE(model.index(row, 0).data(StreamModel::PipeToRole).toULongLong(), 4ull);
    QVariantList branches = model.index(model.rowOf(1), 0).data(StreamModel::TeeBranchesRole).toList();
    QCOMPARE(branches.size(), 2);
    QVERIFY(model.index(row, StreamModel::Links).data().toString().contains(QStringLiteral("pipe → #4")));
  }

  void historyKeepsEveryValueWithinABatchAsPeak() {
    StreamModel model;
    QSignalSpy updated(&model, &StreamModel::historyUpdated);
    Events ev;
    // One batch with a spike in the middle: coalescing keeps the last row state,
    // the history still has the spike.
    ev.add(Op::Open, stream(1, 0), 0);
    ev.add(Op::Update, stream(1, 50), 1);
    ev.add(Op::Update, stream(1, 1), 2);
    model.apply(ev.take());
    QCOMPARE(updated.count(), 1);
    QCOMPARE(model.index(0, StreamModel::QueueChunks).data().toULongLong(), 1ull);
    const PeakSeries* history = model.history(1);
    QVERIFY(history);
    QCOMPARE(history->peak(StreamModel::HistoryQueueChunks), 50.0);
    QCOMPARE(history->size(), size_t(3));
  }

  void historyIsCapped() {
    StreamModel model;
    model.setHistoryCap(50);
    Events ev;
    ev.add(Op::Open, stream(1, 0), 0);
    for (int i = 1; i < 1000; ++i) ev.add(Op::Update, stream(1, i == 777 ? 999 : 1), i);
    model.apply(ev.take());
    const PeakSeries* history = model.history(1);
    QVERIFY(history->size() <= 50);
    double seen = 0;
    for (const auto& s : history->samples()) seen = std::max(seen, s.values[StreamModel::HistoryQueueChunks]);
    QCOMPARE(seen, 999.0);
  }

  void closedStreamsStayUntilPruned() {
    StreamModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRetainLimit(1);
    Events ev;
    ev.add(Op::Open, stream(1, 0));
    ev.add(Op::Open, stream(2, 0));
    model.apply(ev.take());
    StreamInfo closed = stream(1, 0);
    closed.state = "closed";
    ev.add(Op::Close, closed);
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(model.rowOf(1), 0).data(StreamModel::StateRole).toString(), QStringLiteral("closed"));
    QVERIFY(model.history(1));
    closed.id = 2;
    ev.add(Op::Close, closed);
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(1), -1);
    QVERIFY(!model.history(1));  // history goes with its row
  }

  void aBurstBeyondTheRetainLimitKeepsTheNewestWithHistories() {
    StreamModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRetainLimit(3);
    Events ev;
    ev.add(Op::Open, stream(100, 1));  // live: always kept
    for (Id id = 1; id <= 10; ++id) {
      ev.add(Op::Open, stream(id, 0));
      ev.add(Op::Update, stream(id, id));
      StreamInfo closed = stream(id, 0);
      closed.state = "closed";
      ev.add(Op::Close, closed);
    }
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 4);
    for (Id id = 1; id <= 7; ++id) {
      QCOMPARE(model.rowOf(id), -1);
      QVERIFY(!model.history(id));
    }
    for (Id id : {Id(8), Id(9), Id(10), Id(100)}) {
      QVERIFY(model.rowOf(id) >= 0);
      QVERIFY(model.history(id));
    }
    QCOMPARE(model.history(9)->peak(StreamModel::HistoryQueueChunks), 9.0);
  }

  void tenThousandRowsSortByFill() {
    StreamModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Events ev;
    for (Id i = 1; i <= 10000; ++i) ev.add(Op::Open, stream(i, i % 17, 16));
    model.apply(ev.take());
    QCOMPARE(model.rowCount(), 10000);
    proxy.sort(StreamModel::Fill, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, StreamModel::Fill).data().toDouble(), 1.0);
    proxy.setTextFilter(QStringLiteral("writable"));
    QCOMPARE(proxy.rowCount(), 0);
  }
};

QTEST_GUILESS_MAIN(TestStreamModel)
#include "tst_stream_model.moc"
