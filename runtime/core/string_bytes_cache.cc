#include "string_bytes_cache.h"

namespace nano {

namespace {

void writeLatin1(v8::Isolate* isolate, v8::Local<v8::String> string, int length, std::string& out) {
  size_t at = out.size();
  out.resize(at + static_cast<size_t>(length));
  string->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out.data() + at), 0, length,
                       v8::String::NO_NULL_TERMINATION);
}

}  // namespace

void StringBytesCache::appendLatin1(v8::Isolate* isolate, v8::Local<v8::String> string, std::string& out) {
  int length = string->Length();
  if (length > kMaxLength) return writeLatin1(isolate, string, length, out);
  Slot& slot = m_slots[static_cast<size_t>(string->GetIdentityHash()) % kSlots];
  if (slot.string == string) {
    slot.credit.hit();
    out.append(slot.bytes);
    return;
  }
  size_t at = out.size();
  writeLatin1(isolate, string, length, out);
  if (!slot.credit.yieldsToNewcomer()) return;
  slot.string.Reset(isolate, string);
  slot.bytes.assign(out, at, std::string::npos);
}

}  // namespace nano
