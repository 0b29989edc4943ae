#pragma once
// Conversions between the inspector's StringView (Latin-1/UTF-8 bytes or
// UTF-16) and the UTF-8 that travels over the WebSocket.
#include <string>
#include <string_view>

#include <v8-inspector.h>
#include <v8.h>

namespace nano::inspector {

// V8 writes protocol JSON as 8-bit ASCII (non-ASCII escaped) or as UTF-16.
std::string toUtf8(const v8_inspector::StringView& view);

// A UTF-16 copy of UTF-8 text that a StringView can point into. Invalid
// sequences become U+FFFD.
class Utf16 {
 public:
  explicit Utf16(std::string_view utf8);
  Utf16(v8::Isolate* isolate, v8::Local<v8::String> string);
  v8_inspector::StringView view() const {
    return {reinterpret_cast<const uint16_t*>(m_text.data()), m_text.size()};
  }

 private:
  std::u16string m_text;
};

inline v8_inspector::StringView latin1View(std::string_view ascii) {
  return {reinterpret_cast<const uint8_t*>(ascii.data()), ascii.size()};
}

}  // namespace nano::inspector
