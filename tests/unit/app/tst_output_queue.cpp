// OutputQueue: console output handed from the runtime thread to the GUI, in
// order, within a byte budget that drops the oldest chunks and counts them.
#include <QtTest>

#include <thread>

#include "output_queue.h"

using namespace nano::app;

namespace {
std::string joined(const OutputQueue::Taken& taken) {
  std::string text;
  for (const auto& chunk : taken.chunks) text += std::string(taken.textOf(chunk)) + "|";
  return text;
}
}  // namespace

class TestOutputQueue : public QObject {
  Q_OBJECT

 private slots:
  void takesInOrder() {
    OutputQueue queue;
    queue.push(false, 1, "one\n");
    queue.push(true, 2, "two\n");
    queue.push(false, 3, "");
    OutputQueue::Taken taken = queue.takeAll();
    QCOMPARE(joined(taken), std::string("one\n|two\n||"));
    QCOMPARE(taken.chunks[1].error, true);
    QCOMPARE(taken.chunks[1].t, 2.0);
    QVERIFY(queue.takeAll().chunks.empty());
    queue.push(false, 4, "after");
    QCOMPARE(joined(queue.takeAll()), std::string("after|"));
    QCOMPARE(queue.dropped(), uint64_t{0});
  }

  void recycledBuffersServeTheNextPushes() {
    OutputQueue queue;
    for (int i = 0; i < 100; ++i) queue.push(false, i, "a line of console output\n");
    OutputQueue::Taken first = queue.takeAll();
    const size_t capacity = first.text.capacity();
    const char* buffer = first.text.data();
    queue.recycle(std::move(first));
    QVERIFY(queue.takeAll().chunks.empty());  // the spare went in empty
    queue.push(false, 1, "next\n");
    OutputQueue::Taken second = queue.takeAll();
    QCOMPARE(joined(second), std::string("next\n|"));
    QCOMPARE(second.text.data(), buffer);  // no new buffer for the next pushes
    QCOMPARE(second.text.capacity(), capacity);
  }

  void dropsOldestOverBudget() {
    OutputQueue queue(100);
    for (int i = 0; i < 30; ++i) queue.push(false, i, QByteArray::number(i).rightJustified(9, '0').toStdString() + "\n");
    OutputQueue::Taken taken = queue.takeAll();
    QVERIFY(taken.text.size() <= 100);
    QCOMPARE(taken.chunks.back().t, 29.0);  // the newest stays
    QCOMPARE(std::string(taken.textOf(taken.chunks.back())), std::string("000000029\n"));
    // What is left is the newest run, whole, and everything else was counted.
    for (size_t i = 1; i < taken.chunks.size(); ++i) QCOMPARE(taken.chunks[i].t, taken.chunks[i - 1].t + 1);
    QCOMPARE(queue.dropped() + taken.chunks.size(), uint64_t{30});
  }

  void keepsOneHugeChunk() {
    OutputQueue queue(16);
    queue.push(false, 1, "small");
    queue.push(false, 2, std::string(64, 'x'));
    OutputQueue::Taken taken = queue.takeAll();
    QCOMPARE(taken.chunks.size(), size_t{1});
    QCOMPARE(taken.textOf(taken.chunks[0]).size(), size_t{64});
    QCOMPARE(queue.dropped(), uint64_t{1});
  }

  void pushersNeverWaitForTheReader() {
    OutputQueue queue;
    std::thread writer([&] {
      for (int i = 0; i < 20000; ++i) queue.push(i % 7 == 0, i, "line " + std::to_string(i) + "\n");
    });
    size_t lines = 0;
    int expected = 0;
    while (lines < 20000) {
      OutputQueue::Taken taken = queue.takeAll();
      for (const auto& chunk : taken.chunks) {
        QCOMPARE(std::string(taken.textOf(chunk)), "line " + std::to_string(expected) + "\n");
        QCOMPARE(chunk.error, expected % 7 == 0);
        ++expected;
      }
      lines += taken.chunks.size();
    }
    writer.join();
    QCOMPARE(queue.dropped(), uint64_t{0});
  }
};

QTEST_GUILESS_MAIN(TestOutputQueue)
#include "tst_output_queue.moc"
