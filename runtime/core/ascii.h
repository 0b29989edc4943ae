#pragma once
// HTTP's case-insensitivity is ASCII's: no locale, no library call per byte.

#include <string>
#include <string_view>

namespace nano {

constexpr char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

inline void asciiLowerInPlace(std::string& text) {
  for (char& c : text) c = asciiLower(c);
}

inline std::string asciiLowerCopy(std::string_view text) {
  std::string out(text);
  asciiLowerInPlace(out);
  return out;
}

inline bool equalsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  return true;
}

}  // namespace nano
