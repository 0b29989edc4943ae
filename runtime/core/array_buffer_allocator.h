#pragma once
// The isolate's ArrayBuffer allocator: V8's default one, plus the bytes each
// served request allocates (RequestObserver::arrayBufferAllocated). Backing
// stores allocated off the runtime thread are not attributed.
#include <functional>
#include <memory>
#include <thread>

#include <v8.h>

namespace nano {

class AttributingAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  // `attribute` is called with the size of every allocation on the creating thread.
  explicit AttributingAllocator(std::function<void(size_t)> attribute);

  void* Allocate(size_t length) override;
  void* AllocateUninitialized(size_t length) override;
  void Free(void* data, size_t length) override;
  void* Reallocate(void* data, size_t oldLength, size_t newLength) override;

 private:
  void account(size_t length) {
    if (std::this_thread::get_id() == m_owner) m_attribute(length);
  }

  std::unique_ptr<v8::ArrayBuffer::Allocator> m_default;
  std::function<void(size_t)> m_attribute;
  std::thread::id m_owner;
};

}  // namespace nano
