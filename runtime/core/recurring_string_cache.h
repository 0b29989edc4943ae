// V8 strings for byte strings that often recur but need not: the methods,
// header names, header values and URLs of incoming requests (a client sends
// the same Host, User-Agent and Accept on every request, and hot endpoints get
// the same URL). A recurring one is handed out again instead of made anew.
// Names are best made internalized (they meet literals in comparisons and
// property keys); a peer sending made-up ones only churns the slots.
//
// A small table indexed by a cheap hash of the length and the first and last
// bytes, matched by content; slots are kept by SlotCredit, so a recurring
// string survives a neighbour that differs every time (a cookie, a request id).
#pragma once

#include <v8.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "slot_credit.h"

namespace nano {

class RecurringStringCache {
 public:
  static constexpr size_t kSlots = 64;
  static constexpr size_t kMaxLength = 256;

  explicit RecurringStringCache(v8::NewStringType type = v8::NewStringType::kNormal) : m_type(type) {}

  // The bytes as a one-byte (Latin-1) string: one code unit per byte.
  v8::Local<v8::String> get(v8::Isolate* isolate, std::string_view bytes);

 private:
  struct Slot {
    std::string bytes;
    v8::Global<v8::String> string;
    SlotCredit credit;
  };
  v8::NewStringType m_type;
  std::array<Slot, kSlots> m_slots;
};

}  // namespace nano
