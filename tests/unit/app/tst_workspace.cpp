// Workspace and TelemetryPoller: batches from a real Feed reach every model;
// snapshots after falling behind; pause and resume; clear; rates and links.
#include <QAbstractItemModelTester>
#include <QtTest>

#include "models/telemetry_poller.h"
#include "models/workspace.h"
#include "telemetry_fixtures.h"

using namespace nano::app;
using namespace nano::app::test;

namespace {
struct Testers {
  explicit Testers(Workspace& w) {
    for (QAbstractItemModel* m : std::initializer_list<QAbstractItemModel*>{
             w.fetches(), w.streams(), w.promises(), w.promiseTotals(), w.requests(), w.requestMemory(), w.console()})
      testers.push_back(std::make_unique<QAbstractItemModelTester>(
          m, QAbstractItemModelTester::FailureReportingMode::QtTest));
  }
  std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};

void publishRequest(Feed& feed, Id id, int fetches) {
  RequestRecord r = request(id, "/fanout", 0);
  r.start = feed.now();
  r.promisesCounted = true;
  feed.publish(Op::Open, r);
  for (int i = 0; i < fetches; ++i) {
    FetchOp f = fetch(id * 100 + static_cast<Id>(i), FetchPhase::Queued, r.start, id);
    feed.publish(Op::Open, f);
    feed.publish(Op::Close, fetch(f.id, FetchPhase::Done, r.start, id));
  }
  feed.publish(Op::Open, promise(id, "fetch", id, r.start));
  StreamInfo s = stream(id, 2);
  s.request = id;
  feed.publish(Op::Open, s);
  r.status = 200;
  r.end = feed.now() + 1;
  r.heapDelta = static_cast<int64_t>(id) * 1024;
  feed.publish(Op::Close, r);
}
}  // namespace

class TestWorkspace : public QObject {
  Q_OBJECT

 private slots:
  void pollerFeedsEveryModel() {
    Workspace workspace;
    Testers testers(workspace);
    TelemetryPoller poller(&workspace);
    auto feed = std::make_shared<Feed>();
    poller.setFeed(feed);
    for (Id r = 1; r <= 20; ++r) publishRequest(*feed, r, 3);
    poller.poll();
    QCOMPARE(workspace.requests()->rowCount(), 20);
    QCOMPARE(workspace.fetches()->rowCount(), 60);
    QCOMPARE(workspace.streams()->rowCount(), 20);
    QCOMPARE(workspace.promises()->rowCount(), 20);
    QCOMPARE(workspace.promiseTotals()->rowCount(), 20);
    QCOMPARE(workspace.requestMemory()->rowCount() > 0, true);
    QCOMPARE(workspace.requestsCompleted(), 20ull);
    QVERIFY(workspace.requestsPerSecond() > 0);
    int row = workspace.requests()->rowOf(7);
    QCOMPARE(workspace.requests()->index(row, RequestModel::Fetches).data().toULongLong(), 3ull);
    QCOMPARE(workspace.requests()->index(row, RequestModel::Promises).data().toULongLong(), 1ull);
    QCOMPARE(poller.cursor(), feed->lastSeq() + 1);
  }

  void batchLimitSpreadsAcrossTicks() {
    Workspace workspace;
    TelemetryPoller poller(&workspace);
    poller.setBatchLimit(10);
    auto feed = std::make_shared<Feed>();
    poller.setFeed(feed);
    for (Id i = 1; i <= 25; ++i) feed->publish(Op::Open, stream(i, 0));
    poller.poll();
    QCOMPARE(workspace.streams()->rowCount(), 10);
    poller.poll();
    poller.poll();
    QCOMPARE(workspace.streams()->rowCount(), 25);
  }

  void pausedReaderCatchesUpWithASnapshot() {
    Workspace workspace;
    Testers testers(workspace);
    TelemetryPoller poller(&workspace);
    auto feed = std::make_shared<Feed>(64);  // a small ring: falling behind is easy
    poller.setFeed(feed);
    feed->publish(Op::Open, stream(1, 0));
    poller.poll();
    QCOMPARE(workspace.streams()->rowCount(), 1);
    poller.setPaused(true);
    for (int i = 0; i < 500; ++i) feed->publish(Op::Update, stream(1, static_cast<uint64_t>(i % 5)));
    feed->publish(Op::Open, stream(2, 3));
    feed->publish(Op::Close, stream(1, 0));
    poller.poll();  // paused: nothing moves
    QCOMPARE(workspace.streams()->rowCount(), 1);
    poller.setPaused(false);  // resumes with a poll
    QCOMPARE(workspace.snapshotsApplied(), 1ull);
    QVERIFY(workspace.eventsDropped() > 0);
    QCOMPARE(workspace.streams()->rowCount(), 1);
    QCOMPARE(workspace.streams()->rowOf(2), 0);
    // Then the log again.
    feed->publish(Op::Update, stream(2, 4));
    poller.poll();
    QCOMPARE(workspace.streams()->index(0, StreamModel::QueueChunks).data().toULongLong(), 4ull);
    QCOMPARE(workspace.snapshotsApplied(), 1ull);
  }

  void newFeedStartsOverButKeepsConsole() {
    Workspace workspace;
    TelemetryPoller poller(&workspace);
    auto feed = std::make_shared<Feed>();
    poller.setFeed(feed);
    publishRequest(*feed, 1, 1);
    poller.poll();
    workspace.console()->append(0, ConsoleModel::LineSource::Host, QStringLiteral("reloaded"));
    poller.setFeed(std::make_shared<Feed>());
    QCOMPARE(workspace.requests()->rowCount(), 0);
    QCOMPARE(workspace.fetches()->rowCount(), 0);
    QCOMPARE(workspace.console()->rowCount(), 1);
    workspace.clear();
    QCOMPARE(workspace.console()->rowCount(), 0);
  }

  void liveApplyHoldsBackTablesButCountsEveryRecord() {
    // 10 000 requests in one tick: counters and the memory chart take every record
    // at once; the request table gets them coalesced (newest rows up to its limit).
    Workspace workspace;
    Testers testers(workspace);
    auto feed = std::make_shared<Feed>(1 << 16);
    for (Id r = 1; r <= 10000; ++r) {
      RequestRecord open = request(r, "/hello", 0);
      feed->publish(Op::Open, open);
      RequestRecord done = request(r, "/hello", 200);
      done.end = done.start + 1;
      done.heapDelta = static_cast<int64_t>(r % 7) * 100;
      feed->publish(Op::Close, done);
    }
    Feed::Batch first = feed->read(1);
    QCOMPARE(first.events.size(), size_t(20000));
    uint64_t next = first.next;
    workspace.applyLive(std::move(first));  // the first batch after idle goes straight in
    QCOMPARE(workspace.requestsCompleted(), 10000ull);
    QCOMPARE(workspace.eventsApplied(), 20000ull);
    QCOMPARE(workspace.requests()->rowCount(), 2000);
    QCOMPARE(workspace.requests()->rowOf(10000), 1999);
    QVERIFY(workspace.requestMemory()->rowCount() > 0);
    // A second burst right after: counted now, rows held back until flushed.
    for (Id r = 10001; r <= 10500; ++r) {
      RequestRecord done = request(r, "/hello", 200);
      done.end = done.start + 1;
      feed->publish(Op::Open, request(r, "/hello", 0));
      feed->publish(Op::Close, done);
    }
    workspace.applyLive(feed->read(next));
    QCOMPARE(workspace.requestsCompleted(), 10500ull);
    QCOMPARE(workspace.pendingEvents(), size_t(1000));
    QCOMPARE(workspace.requests()->rowOf(10500), -1);
    workspace.flush();
    QCOMPARE(workspace.pendingEvents(), size_t(0));
    QCOMPARE(workspace.requests()->rowCount(), 2000);
    QCOMPARE(workspace.requests()->rowOf(10500), 1999);
  }

  void heldBackClosedArrivalsKeepTheNewestInFeedOrder() {
    // Under load most requests arrive closed (one Close record). Held back,
    // only the newest the table has room for are kept, merged back in feed
    // order with the other held events; the links of the dropped ones go.
    Workspace workspace;
    Testers testers(workspace);
    auto feed = std::make_shared<Feed>(1 << 16);
    feed->publish(Op::Open, stream(1, 0));
    Feed::Batch first = feed->read(1);
    uint64_t next = first.next;
    workspace.applyLive(std::move(first));  // after this, bursts are held back
    const Id last = 5000;
    for (Id r = 1; r <= last; ++r) {
      RequestRecord done = request(r, "/hello", 200);
      done.end = done.start + 1;
      if (r % 1000 == 0) {
        // Now and then a request with a record before its Close, and a fetch.
        feed->publish(Op::Open, request(r, "/slow", 0));
        feed->publish(Op::Open, fetch(r, FetchPhase::Queued, 0, r));
      }
      if (r == 10) feed->publish(Op::Open, fetch(99999, FetchPhase::Queued, 0, r));  // for a request to be dropped
      feed->publish(Op::Close, done);
    }
    workspace.applyLive(feed->read(next));
    QCOMPARE(workspace.requestsCompleted(), uint64_t(last));
    QVERIFY(workspace.pendingEvents() < 2000 + 20);  // not every record is held
    workspace.flush();
    QCOMPARE(workspace.pendingEvents(), size_t(0));
    RequestModel* requests = workspace.requests();
    QCOMPARE(requests->rowCount(), 2000);
    QCOMPARE(requests->rowOf(10), -1);
    for (int row = 1; row < requests->rowCount(); ++row)
      QVERIFY(requests->rowAt(row - 1).record.id < requests->rowAt(row).record.id);  // arrival order
    int row = requests->rowOf(5000);
    QCOMPARE(row, 1999);
    QCOMPARE(requests->index(row, RequestModel::Fetches).data().toULongLong(), 1ull);
    QCOMPARE(requests->index(row, RequestModel::Path).data().toString(), QStringLiteral("/hello"));
    // Request 10 was dropped: a later record naming it finds no links left over.
    RequestRecord late = request(10, "/hello", 200);
    feed->publish(Op::Open, late);
    workspace.apply(feed->read(feed->lastSeq()));
    QCOMPARE(requests->index(requests->rowOf(10), RequestModel::Fetches).data().toULongLong(), 0ull);
  }

  void concurrentPublisherNeverBlocksOnTheReader() {
    // The runtime thread publishes while the GUI thread polls: every row arrives.
    Workspace workspace;
    TelemetryPoller poller(&workspace);
    auto feed = std::make_shared<Feed>(1 << 12);
    poller.setFeed(feed);
    std::atomic<bool> done{false};
    std::thread publisher([&] {
      for (Id r = 1; r <= 2000; ++r) publishRequest(*feed, r, 2);
      done = true;
    });
    while (!done) poller.poll();
    publisher.join();
    poller.poll();
    // Requests are kept after they close unless the reader fell behind (then the
    // snapshot holds only live ones): either way the live objects are all there.
    QCOMPARE(workspace.streams()->liveCount(), size_t(2000));
    QCOMPARE(workspace.promises()->rowCount(), 2000);
    QVERIFY(workspace.requests()->rowCount() > 0 || workspace.snapshotsApplied() > 0);
  }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
