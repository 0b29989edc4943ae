// telemetry::Feed and its JSON lines form: ordering, bounded memory with
// latest-state snapshots for slow readers, concurrency, and the export shape.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <thread>

#include "telemetry/feed.h"
#include "telemetry/json_lines.h"

using namespace nano::telemetry;

namespace {
StreamInfo stream(Id id, uint64_t chunks) {
  StreamInfo s;
  s.id = id;
  s.state = "readable";
  s.queueChunks = chunks;
  s.highWaterMark = 4;
  s.desiredSize = 4.0 - static_cast<double>(chunks);
  s.backpressure = s.desiredSize <= 0;
  return s;
}
}  // namespace

class TestFeed : public QObject {
  Q_OBJECT

 private slots:
  void readsEventsInOrderFromCursor() {
    Feed feed;
    feed.publish(Op::Open, stream(1, 0));
    feed.publish(Op::Update, stream(1, 2));
    feed.publish(Op::Close, stream(1, 0));
    Feed::Batch all = feed.read(1);
    QCOMPARE(all.events.size(), size_t(3));
    QCOMPARE(all.events[1]->seq, uint64_t(2));
    QCOMPARE(std::get<StreamInfo>(all.events[1]->record).queueChunks, uint64_t(2));
    QCOMPARE(all.next, uint64_t(4));
    QVERIFY(!all.snapshot);
    QCOMPARE(feed.read(all.next).events.size(), size_t(0));
    QCOMPARE(feed.liveCount(), size_t(0));
  }

  void maxLimitsBatchSize() {
    Feed feed;
    for (Id i = 1; i <= 10; ++i) feed.publish(Op::Open, stream(i, 0));
    Feed::Batch first = feed.read(1, 4);
    QCOMPARE(first.events.size(), size_t(4));
    Feed::Batch second = feed.read(first.next, 100);
    QCOMPARE(second.events.size(), size_t(6));
    QCOMPARE(second.events.front()->seq, uint64_t(5));
  }

  void slowReaderGetsLatestStateAndDropCount_data() {
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("updates");
    QTest::newRow("just over") << 8 << 9;
    QTest::newRow("far behind") << 16 << 10000;
  }
  void slowReaderGetsLatestStateAndDropCount() {
    QFETCH(int, capacity);
    QFETCH(int, updates);
    Feed feed(capacity);
    feed.publish(Op::Open, stream(7, 0));
    feed.publish(Op::Open, stream(8, 0));
    feed.publish(Op::Close, stream(8, 0));
    for (int i = 1; i <= updates; ++i) feed.publish(Op::Update, stream(7, i));
    Feed::Batch batch = feed.read(1);
    QVERIFY(batch.snapshot);
    QVERIFY(batch.dropped > 0);
    // Only the live stream, with its newest numbers: closed objects are gone.
    QCOMPARE(batch.events.size(), size_t(1));
    QCOMPARE(std::get<StreamInfo>(batch.events[0]->record).queueChunks, uint64_t(updates));
    QCOMPARE(batch.next, feed.lastSeq() + 1);
  }

  void registeredReadersReleaseWhatAllOfThemRead() {
    Feed feed;
    Feed::ReaderId gui = feed.addReader();
    Feed::ReaderId writer = feed.addReader();
    feed.publish(Op::Open, stream(1, 0));
    feed.publish(Op::Close, stream(1, 0));
    std::weak_ptr<const Event> first;
    {
      Feed::Batch batch = feed.readNext(gui);
      QCOMPARE(batch.events.size(), size_t(2));
      QCOMPARE(batch.next, uint64_t(3));
      first = batch.events[0];
    }
    QVERIFY(!first.expired());  // the writer has not read it yet
    feed.publish(Op::Open, stream(2, 0));
    Feed::Batch batch = feed.readNext(writer);
    QCOMPARE(batch.events.size(), size_t(3));
    QCOMPARE(batch.events[0]->seq, uint64_t(1));
    batch = {};
    QVERIFY(first.expired());  // both read it: it left the log and was freed
    // Each reader goes on from its own cursor.
    QCOMPARE(feed.readNext(gui).events.size(), size_t(1));
    QCOMPARE(feed.readNext(writer).events.size(), size_t(0));
    // A reader that is not registered finds the released events gone: it gets
    // the state of live objects instead, with the count it missed.
    Feed::Batch late = feed.read(1);
    QVERIFY(late.snapshot);
    QCOMPARE(late.dropped, uint64_t(3));
    QCOMPARE(late.events.size(), size_t(1));
    QCOMPARE(idOf(late.events[0]->record), Id(2));
    QCOMPARE(feed.readNext(12345).events.size(), size_t(0));  // unknown reader
  }

  void replacedStatesAreFreedByTheReaderNotThePublisher() {
    Feed feed;
    Feed::ReaderId reader = feed.addReader();
    feed.publish(Op::Open, stream(1, 0));
    std::weak_ptr<const Event> open = feed.readNext(reader).events.at(0);
    QVERIFY(!open.expired());  // the latest state of stream 1
    feed.publish(Op::Update, stream(1, 3));
    QVERIFY(!open.expired());  // replaced, but the publisher does not free it
    feed.readNext(reader);
    QVERIFY(open.expired());
    std::weak_ptr<const Event> update = feed.snapshot().at(0);
    feed.publish(Op::Close, stream(1, 0));
    feed.readNext(reader);
    QVERIFY(update.expired());
    QCOMPARE(feed.liveCount(), size_t(0));
  }

  void aRegisteredReaderThatStopsReadingIsBoundedByTheRing() {
    Feed feed(8);
    Feed::ReaderId slow = feed.addReader();
    Feed::ReaderId fast = feed.addReader();
    for (int i = 1; i <= 20; ++i) {
      feed.publish(Op::Update, stream(7, uint64_t(i)));
      feed.readNext(fast);
    }
    Feed::Batch batch = feed.readNext(slow);
    QVERIFY(batch.snapshot);
    QCOMPARE(batch.dropped, uint64_t(12));
    QCOMPARE(std::get<StreamInfo>(batch.events.at(0)->record).queueChunks, uint64_t(20));
    // Removing the slow reader lets the fast one release everything it read.
    feed.removeReader(slow);
    QCOMPARE(feed.read(feed.lastSeq()).snapshot, true);
    QCOMPARE(feed.readNext(fast).events.size(), size_t(0));
  }

  void stagedEventsArriveTogetherOnFlush() {
    Feed feed;
    {
      Feed::Stage stage(feed);
      QCOMPARE(feed.publish(Op::Open, stream(1, 0)), uint64_t(0));  // staged: no number yet
      feed.publish(Op::Update, stream(1, 3));
      // Another thread's events do not wait in this thread's stage.
      std::thread other([&] { feed.publish(Op::Open, stream(2, 0)); });
      other.join();
      Feed::Batch before = feed.read(1);
      QCOMPARE(before.events.size(), size_t(1));
      QCOMPARE(idOf(before.events[0]->record), Id(2));
      stage.flush();
      Feed::Batch after = feed.read(before.next);
      QCOMPARE(after.events.size(), size_t(2));
      QCOMPARE(after.events[0]->seq, uint64_t(2));  // in publishing order, numbered at the flush
      QCOMPARE(after.events[1]->op, Op::Update);
      QCOMPARE(feed.liveCount(), size_t(2));
      feed.publish(Op::Close, stream(1, 0));
    }  // the stage's end hands over what it still held
    Feed::Batch last = feed.read(4);
    QCOMPARE(last.events.size(), size_t(1));
    QCOMPARE(last.events[0]->op, Op::Close);
    QCOMPARE(feed.liveCount(), size_t(1));
    // Without a stage, publishing is immediate again.
    QCOMPARE(feed.publish(Op::Close, stream(2, 0)), uint64_t(5));
  }

  void aFullStageHandsOverWithoutAFlush() {
    Feed feed;
    Feed::Stage stage(feed);
    for (Id i = 1; i <= 1000; ++i) feed.publish(Op::Open, stream(i, 0));
    // A long run of JS that never returns to the loop still shows up, in bounded steps.
    uint64_t visible = feed.lastSeq();
    QVERIFY(visible >= 1000 - 256 && visible < 1000);
    stage.flush();
    QCOMPARE(feed.lastSeq(), uint64_t(1000));
    QCOMPARE(feed.read(1).events.size(), size_t(1000));
  }

  void disabledFeedRecordsNothing() {
    Feed feed;
    feed.setEnabled(false);
    QCOMPARE(feed.publish(Op::Open, stream(1, 0)), uint64_t(0));
    QCOMPARE(feed.read(1).events.size(), size_t(0));
  }

  void concurrentPublishersKeepEveryEvent() {
    Feed feed(1 << 20);
    constexpr int kThreads = 4, kEach = 5000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&feed, t] {
        for (int i = 0; i < kEach; ++i) feed.publish(Op::Update, stream(Id(t), uint64_t(i)));
      });
    uint64_t cursor = 1, seen = 0, lastSeq = 0;
    bool ordered = true;
    while (seen < uint64_t(kThreads * kEach)) {
      Feed::Batch batch = feed.read(cursor);
      for (const EventPtr& e : batch.events) {
        ordered = ordered && e->seq == lastSeq + 1;
        lastSeq = e->seq;
      }
      seen += batch.events.size();
      cursor = batch.next;
    }
    for (auto& t : threads) t.join();
    QVERIFY(ordered);
    QCOMPARE(seen, uint64_t(kThreads * kEach));
  }

  void jsonLineHasTheDocumentedShape() {
    Feed feed;
    StreamInfo s = stream(3, 5);
    s.request = 9;
    s.teeParent = 2;
    s.teeBranches = {4, 5};
    s.locked = true;
    feed.publish(Op::Update, s);
    const std::string line = toJsonLine(*feed.read(1).events.at(0));
    QJsonParseError error;
    QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(line), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json["seq"].toInt(), 1);
    QCOMPARE(json["kind"].toString(), QStringLiteral("stream"));
    QCOMPARE(json["op"].toString(), QStringLiteral("update"));
    QCOMPARE(json["id"].toInt(), 3);
    QCOMPARE(json["request"].toInt(), 9);
    QCOMPARE(json["streamKind"].toString(), QStringLiteral("readable"));
    QCOMPARE(json["queueChunks"].toInt(), 5);
    QCOMPARE(json["desiredSize"].toDouble(), -1.0);
    QCOMPARE(json["backpressure"].toBool(), true);
    QCOMPARE(json["teeParent"].toInt(), 2);
    QCOMPARE(json["teeBranches"].toArray().size(), 2);
    QVERIFY(json["pipeTo"].isNull());
  }

  void jsonEscapesStrings() {
    FetchOp f;
    f.id = 1;
    f.method = "GET";
    f.url = "http://127.0.0.1/\"q\"\n\x01";
    f.phase = FetchPhase::Waiting;
    f.phaseStart[0] = 0.5;
    f.phaseStart[int(FetchPhase::Waiting)] = 2.25;
    Event e{1, 3.0, Op::Open, f};
    QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(toJsonLine(e))).object();
    QCOMPARE(json["url"].toString(), QString::fromUtf8("http://127.0.0.1/\"q\"\n\x01"));
    QCOMPARE(json["phase"].toString(), QStringLiteral("waiting"));
    QCOMPARE(json["phaseStart"].toObject()["waiting"].toDouble(), 2.25);
    QVERIFY(json["request"].isNull());
  }

  void writerDrainsEverythingOnDestruction() {
    Feed feed;
    char* buffer = nullptr;
    size_t size = 0;
    FILE* out = open_memstream(&buffer, &size);
    {
      JsonLinesWriter writer(feed, out);
      for (Id i = 1; i <= 100; ++i) feed.publish(Op::Open, stream(i, 0));
    }
    std::fclose(out);
    QCOMPARE(QByteArray(buffer, int(size)).count('\n'), 100);
    std::free(buffer);
  }
};

QTEST_GUILESS_MAIN(TestFeed)
#include "tst_feed.moc"
