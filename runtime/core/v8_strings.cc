#include "v8_strings.h"

#include <algorithm>

namespace nano {

v8::Local<v8::String> latin1ToV8(v8::Isolate* isolate, std::string_view bytes) {
  return v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(bytes.data()),
                                    v8::NewStringType::kNormal, static_cast<int>(bytes.size()))
      .ToLocalChecked();
}

std::string latin1Bytes(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::Local<v8::String> string;
  if (value->IsString()) {
    string = value.As<v8::String>();
  } else if (!value->ToString(isolate->GetCurrentContext()).ToLocal(&string)) {
    return {};
  }
  std::string out(static_cast<size_t>(string->Length()), '\0');
  string->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out.data()), 0, -1,
                       v8::String::NO_NULL_TERMINATION);
  return out;
}

void utf8Into(v8::Isolate* isolate, v8::Local<v8::String> string, std::string* out) {
  if (string->IsOneByte()) {
    // ASCII, the common case, is its own UTF-8: no length pass.
    out->resize(static_cast<size_t>(string->Length()));
    string->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out->data()), 0, -1,
                         v8::String::NO_NULL_TERMINATION);
    if (std::none_of(out->begin(), out->end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
      return;
  }
  out->resize(static_cast<size_t>(string->Utf8Length(isolate)));
  string->WriteUtf8(isolate, out->data(), static_cast<int>(out->size()), nullptr,
                    v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
}

}  // namespace nano
