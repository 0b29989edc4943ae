#include "array_buffer_allocator.h"

namespace nano {

AttributingAllocator::AttributingAllocator(std::function<void(size_t)> attribute)
    : m_default(v8::ArrayBuffer::Allocator::NewDefaultAllocator()),
      m_attribute(std::move(attribute)),
      m_owner(std::this_thread::get_id()) {}

void* AttributingAllocator::Allocate(size_t length) {
  void* data = m_default->Allocate(length);
  if (data) account(length);
  return data;
}

void* AttributingAllocator::AllocateUninitialized(size_t length) {
  void* data = m_default->AllocateUninitialized(length);
  if (data) account(length);
  return data;
}

void AttributingAllocator::Free(void* data, size_t length) { m_default->Free(data, length); }

void* AttributingAllocator::Reallocate(void* data, size_t oldLength, size_t newLength) {
  void* moved = m_default->Reallocate(data, oldLength, newLength);
  if (moved && newLength > oldLength) account(newLength - oldLength);
  return moved;
}

}  // namespace nano
