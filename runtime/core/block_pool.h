#pragma once
// BlockPool and PooledAllocator: memory for objects made and dropped at a
// high rate: telemetry events, and a served request's exchange and records.
//
// Per-request objects come and go in bursts (a loop turn answers dozens),
// which overflow malloc's small per-thread cache; a pool keeps them all.
// Telemetry events are made on the runtime thread, and a reader thread (the
// GUI, the JSON writer) usually drops their last reference. Through malloc every such free
// takes the lock of the runtime thread's arena from another thread, and the
// runtime thread then waits for that lock in its own next malloc (a futex
// wake-up, microseconds on a VM). Here a freed block goes to the freeing
// thread's own cache; full caches hand blocks over 64 at a time through one
// shared list, from which an allocating thread refills its cache. Each side
// takes the shared lock once per 64 blocks. The shared list holds as many
// blocks as the feed's log (a reader may hold that many events and free them
// at once); the vectors that carry batches are recycled too, so a hand-over
// allocates nothing once the pool has warmed up.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

namespace nano {

template <size_t Size, size_t Align>
class BlockPool {
 public:
  static constexpr size_t kBatch = 64;
  static constexpr size_t kMaxSharedBatches = 1024;  // beyond: given back to malloc

  // One pool per block shape for the process; never destroyed, since blocks
  // and thread caches may outlive static destruction order.
  static BlockPool& instance() {
    static BlockPool* pool = new BlockPool;
    return *pool;
  }

  void* allocate() {
    Cache& cache = threadCache();
    if (cache.blocks.empty()) {
      std::lock_guard lock(m_mutex);
      if (!m_shared.empty()) {
        cache.blocks.swap(m_shared.back());
        m_spareVectors.push_back(std::move(m_shared.back()));  // the cache's old, empty vector
        m_shared.pop_back();
      }
    }
    if (cache.blocks.empty()) return ::operator new(Size, std::align_val_t(Align));
    void* block = cache.blocks.back();
    cache.blocks.pop_back();
    return block;
  }

  void deallocate(void* block) {
    Cache& cache = threadCache();
    cache.blocks.push_back(block);
    if (cache.blocks.size() >= 2 * kBatch) handOver(cache);
  }

 private:
  struct Cache {
    std::vector<void*> blocks;
    ~Cache() {
      // The thread ends: its blocks go to the shared list (or back to malloc).
      while (!blocks.empty()) BlockPool::instance().handOver(*this);
    }
  };

  static Cache& threadCache() {
    thread_local Cache cache;
    return cache;
  }

  // Moves up to kBatch blocks from the cache to the shared list.
  void handOver(Cache& cache) {
    size_t count = std::min(kBatch, cache.blocks.size());
    auto first = cache.blocks.end() - static_cast<std::ptrdiff_t>(count);
    {
      std::lock_guard lock(m_mutex);
      if (m_shared.size() < kMaxSharedBatches) {
        std::vector<void*> batch;
        if (!m_spareVectors.empty()) {
          batch = std::move(m_spareVectors.back());
          m_spareVectors.pop_back();
        }
        batch.assign(first, cache.blocks.end());
        m_shared.push_back(std::move(batch));
        cache.blocks.erase(first, cache.blocks.end());
        return;
      }
    }
    for (auto it = first; it != cache.blocks.end(); ++it) ::operator delete(*it, std::align_val_t(Align));
    cache.blocks.erase(first, cache.blocks.end());
  }

  std::mutex m_mutex;
  std::vector<std::vector<void*>> m_shared;        // batches of kBatch blocks
  std::vector<std::vector<void*>> m_spareVectors;  // empty, for the next batches
};

// A std::allocator for std::allocate_shared: single objects come from the
// BlockPool of their shape, arrays from operator new.
template <class T>
struct PooledAllocator {
  using value_type = T;
  PooledAllocator() = default;
  template <class U>
  PooledAllocator(const PooledAllocator<U>&) {}

  T* allocate(size_t n) {
    if (n != 1) return std::allocator<T>().allocate(n);
    return static_cast<T*>(BlockPool<sizeof(T), alignof(T)>::instance().allocate());
  }
  void deallocate(T* p, size_t n) {
    if (n != 1) return std::allocator<T>().deallocate(p, n);
    BlockPool<sizeof(T), alignof(T)>::instance().deallocate(p);
  }
  template <class U>
  bool operator==(const PooledAllocator<U>&) const { return true; }
};

}  // namespace nano
