#include "strings.h"

namespace nano::inspector {

namespace {

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string toUtf8(const v8_inspector::StringView& view) {
  if (view.is8Bit()) {
    // The protocol JSON V8 produces in 8 bits is ASCII (it escapes the rest).
    return std::string(reinterpret_cast<const char*>(view.characters8()), view.length());
  }
  const uint16_t* chars = view.characters16();
  const size_t length = view.length();
  std::string out;
  out.reserve(length + length / 2);
  for (size_t i = 0; i < length; ++i) {
    char32_t c = chars[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (chars[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;  // a lone surrogate has no UTF-8 form
    }
    appendUtf8(out, c);
  }
  return out;
}

Utf16::Utf16(std::string_view utf8) {
  m_text.reserve(utf8.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t length = utf8.size();
  size_t i = 0;
  while (i < length) {
    unsigned char lead = bytes[i];
    char32_t c = 0xFFFD;
    size_t extra = 0;
    char32_t min = 0;
    if (lead < 0x80) {
      c = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      c = lead & 0x1F, extra = 1, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      c = lead & 0x0F, extra = 2, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      c = lead & 0x07, extra = 3, min = 0x10000;
    }
    ++i;
    if (lead >= 0x80) {
      bool valid = extra > 0 && i + extra <= length;
      for (size_t k = 0; valid && k < extra; ++k) {
        if ((bytes[i + k] & 0xC0) != 0x80) valid = false;
        else c = (c << 6) | (bytes[i + k] & 0x3F);
      }
      if (valid && c >= min && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF)) {
        i += extra;
      } else {
        c = 0xFFFD;
      }
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      m_text += static_cast<char16_t>(0xD800 + (c >> 10));
      m_text += static_cast<char16_t>(0xDC00 + (c & 0x3FF));
    } else {
      m_text += static_cast<char16_t>(c);
    }
  }
}

Utf16::Utf16(v8::Isolate* isolate, v8::Local<v8::String> string) {
  m_text.resize(static_cast<size_t>(string->Length()));
  string->Write(isolate, reinterpret_cast<uint16_t*>(m_text.data()), 0, string->Length(),
                v8::String::NO_NULL_TERMINATION);
}

}  // namespace nano::inspector
