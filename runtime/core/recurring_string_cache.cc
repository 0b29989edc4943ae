#include "recurring_string_cache.h"

#include <cstring>

namespace nano {

namespace {

// Length and up to eight bytes from each end: enough to tell apart the values
// that share a table this small, at a few instructions for any length.
size_t slotOf(std::string_view bytes, size_t slots) {
  uint64_t head = 0;
  uint64_t tail = 0;
  if (bytes.size() >= 8) {
    // Fixed-size copies: plain loads, not calls.
    std::memcpy(&head, bytes.data(), 8);
    std::memcpy(&tail, bytes.data() + bytes.size() - 8, 8);
  } else {
    for (char c : bytes) head = (head << 8) | static_cast<unsigned char>(c);
  }
  uint64_t mixed = (head * 0x9e3779b97f4a7c15ull) ^ (tail + bytes.size()) * 0xc2b2ae3d27d4eb4full;
  return static_cast<size_t>(mixed >> 32) % slots;
}

v8::Local<v8::String> make(v8::Isolate* isolate, std::string_view bytes, v8::NewStringType type) {
  return v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(bytes.data()), type,
                                    static_cast<int>(bytes.size()))
      .ToLocalChecked();
}

}  // namespace

v8::Local<v8::String> RecurringStringCache::get(v8::Isolate* isolate, std::string_view bytes) {
  if (bytes.empty() || bytes.size() > kMaxLength) return make(isolate, bytes, m_type);
  Slot& slot = m_slots[slotOf(bytes, kSlots)];
  if (slot.bytes == bytes && !slot.string.IsEmpty()) {
    slot.credit.hit();
    return slot.string.Get(isolate);
  }
  v8::Local<v8::String> string = make(isolate, bytes, m_type);
  if (!slot.credit.yieldsToNewcomer()) return string;
  slot.bytes.assign(bytes);
  slot.string.Reset(isolate, string);
  return string;
}

}  // namespace nano
