// BlockPool / PooledAllocator: blocks freed on one thread are reused by
// another, batches move through the shared list, and shared_ptrs made with
// the allocator behave like make_shared's.
#include <QtTest>

#include <set>
#include <thread>

#include "core/block_pool.h"

using namespace nano;

namespace {
struct Payload {
  char bytes[200];
};
using Pool = BlockPool<sizeof(Payload), alignof(Payload)>;
}  // namespace

class TestBlockPool : public QObject {
  Q_OBJECT

 private slots:
  void aFreedBlockIsReusedByItsThread() {
    Pool& pool = Pool::instance();
    void* first = pool.allocate();
    pool.deallocate(first);
    QCOMPARE(pool.allocate(), first);
    pool.deallocate(first);
  }

  void blocksFreedByAReaderReachTheWriter() {
    Pool& pool = Pool::instance();
    constexpr int kCount = 1000;
    std::vector<void*> made;
    for (int i = 0; i < kCount; ++i) made.push_back(pool.allocate());
    std::set<void*> freedElsewhere(made.begin(), made.end());
    // Another thread drops them all (and ends: its cache goes to the shared list).
    std::thread reader([&] {
      for (void* block : made) pool.deallocate(block);
    });
    reader.join();
    // This thread gets them back instead of new memory.
    int reused = 0;
    std::vector<void*> again;
    for (int i = 0; i < kCount; ++i) {
      again.push_back(pool.allocate());
      reused += freedElsewhere.count(again.back()) ? 1 : 0;
    }
    QCOMPARE(reused, kCount);
    QCOMPARE(std::set<void*>(again.begin(), again.end()).size(), size_t(kCount));  // no block twice
    for (void* block : again) pool.deallocate(block);
  }

  void sharedPointersThroughTheAllocator() {
    std::weak_ptr<Payload> weak;
    std::thread other;
    {
      auto shared = std::allocate_shared<Payload>(PooledAllocator<Payload>());
      shared->bytes[0] = 'x';
      weak = shared;
      // The last reference goes on another thread, as the GUI's does.
      other = std::thread([moved = std::move(shared)]() mutable { moved.reset(); });
    }
    other.join();
    QVERIFY(weak.expired());
    auto array = PooledAllocator<Payload>().allocate(3);  // arrays bypass the pool
    PooledAllocator<Payload>().deallocate(array, 3);
  }

  void concurrentWritersAndReaders() {
    Pool& pool = Pool::instance();
    std::mutex handoff;
    std::vector<void*> inFlight;
    std::atomic<bool> done{false};
    std::thread reader([&] {
      for (;;) {
        // Read before taking: once the writer is done, this take gets the last blocks.
        bool writerDone = done;
        std::vector<void*> taken;
        {
          std::lock_guard lock(handoff);
          taken.swap(inFlight);
        }
        for (void* block : taken) pool.deallocate(block);
        if (writerDone && taken.empty()) break;
      }
    });
    for (int i = 0; i < 100000; ++i) {
      void* block = pool.allocate();
      static_cast<Payload*>(block)->bytes[0] = static_cast<char>(i);
      std::lock_guard lock(handoff);
      inFlight.push_back(block);
    }
    done = true;
    reader.join();
    QVERIFY(inFlight.empty());
  }
};

QTEST_GUILESS_MAIN(TestBlockPool)
#include "tst_block_pool.moc"
