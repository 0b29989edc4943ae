// The Latin-1 bytes of V8 strings that come back again and again: the header
// names and values a handler writes as literals are the same string objects
// response after response, so their bytes are kept instead of copied out of
// V8 each time. The reverse of RecurringStringCache.
//
// A small table indexed by the string's hash, matched by identity; slots are
// kept by SlotCredit, so a literal survives a neighbour that is a new string
// every time.
#pragma once

#include <v8.h>

#include <array>
#include <cstdint>
#include <string>

#include "slot_credit.h"

namespace nano {

class StringBytesCache {
 public:
  static constexpr size_t kSlots = 128;
  static constexpr int kMaxLength = 64;

  // Appends the string's code units as bytes (each truncated to 8 bits, as
  // WriteOneByte does; callers pass ByteStrings).
  void appendLatin1(v8::Isolate* isolate, v8::Local<v8::String> string, std::string& out);

 private:
  struct Slot {
    v8::Global<v8::String> string;
    std::string bytes;
    SlotCredit credit;
  };
  std::array<Slot, kSlots> m_slots;
};

}  // namespace nano
