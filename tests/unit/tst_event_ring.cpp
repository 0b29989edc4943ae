// EventRing: a FIFO across wrap-around and growth, and taking from the
// front hands the events over (the ring keeps no reference).
#include <QtTest>

#include <memory>
#include <vector>

#include "telemetry/event_ring.h"

using namespace nano::telemetry;

namespace {
EventPtr eventWithSeq(uint64_t seq) {
  auto event = std::make_shared<Event>();
  event->seq = seq;
  return event;
}
}  // namespace

class TestEventRing : public QObject {
  Q_OBJECT

 private slots:
  void keepsOrderAcrossWrapAndGrowth() {
    EventRing ring;
    uint64_t next = 1;
    uint64_t expected = 1;
    // Interleave pushes and pops so the head walks around the buffer while it grows.
    for (int round = 0; round < 50; ++round) {
      for (int i = 0; i < 40; ++i) ring.pushBack(eventWithSeq(next++));
      for (int i = 0; i < 25; ++i) {
        QCOMPARE(ring.front()->seq, expected);
        QCOMPARE(ring.popFront()->seq, expected++);
      }
      for (size_t i = 0; i < ring.size(); ++i) QCOMPARE(ring[i]->seq, expected + i);
    }
    QCOMPARE(ring.size(), size_t(50 * 15));
  }

  void moveFrontHandsEventsOver() {
    EventRing ring;
    std::vector<std::weak_ptr<const Event>> watched;
    for (uint64_t seq = 1; seq <= 100; ++seq) {
      EventPtr event = eventWithSeq(seq);
      watched.push_back(event);
      ring.pushBack(std::move(event));
    }
    std::vector<EventPtr> out;
    ring.moveFront(30, out);
    QCOMPARE(out.size(), size_t(30));
    QCOMPARE(out.front()->seq, uint64_t(1));
    QCOMPARE(out.back()->seq, uint64_t(30));
    QCOMPARE(ring.size(), size_t(70));
    QCOMPARE(ring.front()->seq, uint64_t(31));
    out.clear();  // the last references were in out: the events are gone
    QVERIFY(watched[0].expired());
    QVERIFY(watched[29].expired());
    QVERIFY(!watched[30].expired());
    ring.moveFront(1000, out);  // more than it holds: everything
    QCOMPARE(out.size(), size_t(70));
    QVERIFY(ring.empty());
  }
};

QTEST_GUILESS_MAIN(TestEventRing)
#include "tst_event_ring.moc"
