// Internalized V8 strings for byte strings that come back again and again
// (HTTP methods, header names): made once per isolate, then handed out without
// an allocation. Bounded, so a peer sending made-up names cannot grow it
// without end: past the bound, strings are made fresh each time.
#pragma once

#include <v8.h>

#include <cstdint>
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
  // FNV-1a: the names are short (kMaxLength), where it costs a third of
  // std::hash's murmur mix, and a peer cannot flood one bucket past kMaxEntries.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const {
      uint64_t hash = 14695981039346656037ull;
      for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
      return static_cast<size_t>(hash);
    }
  };
  std::unordered_map<std::string, v8::Global<v8::String>, Hash, std::equal_to<>> m_strings;
};

}  // namespace nano
