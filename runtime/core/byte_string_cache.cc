#include "byte_string_cache.h"

#include "v8_strings.h"

namespace nano {

v8::Local<v8::String> ByteStringCache::get(v8::Isolate* isolate, std::string_view bytes) {
  auto it = m_strings.find(bytes);
  if (it != m_strings.end()) return it->second.Get(isolate);
  if (bytes.size() > kMaxLength || m_strings.size() >= kMaxEntries)
    return latin1ToV8(isolate, bytes);
  v8::Local<v8::String> string =
      v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(bytes.data()),
                                 v8::NewStringType::kInternalized, static_cast<int>(bytes.size()))
          .ToLocalChecked();
  m_strings.emplace(std::string(bytes), v8::Global<v8::String>(isolate, string));
  return string;
}

}  // namespace nano
