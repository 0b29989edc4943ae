// Internalized V8 strings for byte strings that come back again and again
// (HTTP methods, header names): made once per isolate, then handed out without
// an allocation. Bounded, so a peer sending made-up names cannot grow it
// without end: past the bound, strings are made fresh each time.
#pragma once

#include <v8.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace nano {

class ByteStringCache {
 public:
  static constexpr size_t kMaxEntries = 256;
  static constexpr size_t kMaxLength = 40;

  // The bytes as a one-byte (Latin-1) string: one code unit per byte.
  v8::Local<v8::String> get(v8::Isolate* isolate, std::string_view bytes);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, v8::Global<v8::String>, Hash, std::equal_to<>> m_strings;
};

}  // namespace nano
