#include "encoding.h"

#include <simdutf.h>

#include <bit>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "../core/errors.h"

namespace nano {

namespace {

// Which decoder a TextDecoder runs; JS passes these numbers.
enum class Kind : int { kUtf8 = 0, kUtf16le = 1, kUtf16be = 2 };

const char* encodingName(Kind kind) {
  switch (kind) {
    case Kind::kUtf16le: return "utf-16le";
    case Kind::kUtf16be: return "utf-16be";
    default: return "utf-8";
  }
}

// Per-decoder state lives in a small Uint8Array owned by the JS TextDecoder, so
// there is no native object to free: [do-not-flush, BOM seen, pending count,
// pending bytes (at most 3)].
enum StateSlot : size_t { kDoNotFlush = 0, kBomSeen = 1, kPendingCount = 2, kPending = 3 };
constexpr size_t kStateSize = 8;

// The bytes of an ArrayBuffer, SharedArrayBuffer or view; false for anything else.
bool bufferBytes(v8::Local<v8::Value> value, const uint8_t** data, size_t* length) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    *length = view->ByteLength();
    *data = *length ? static_cast<const uint8_t*>(view->Buffer()->Data()) + view->ByteOffset()
                    : nullptr;
    return true;
  }
  if (value->IsArrayBuffer()) {
    auto buffer = value.As<v8::ArrayBuffer>();
    *length = buffer->ByteLength();
    *data = static_cast<const uint8_t*>(buffer->Data());
    return true;
  }
  if (value->IsSharedArrayBuffer()) {
    auto buffer = value.As<v8::SharedArrayBuffer>();
    *length = buffer->ByteLength();
    *data = static_cast<const uint8_t*>(buffer->Data());
    return true;
  }
  return false;
}

// Length (0..3) of an incomplete UTF-8 sequence at the end of the data that can
// still become valid (Unicode table 3-7), i.e. what streaming carries over.
size_t incompleteUtf8Tail(const uint8_t* data, size_t length) {
  for (size_t back = 1; back <= 3 && back <= length; ++back) {
    uint8_t lead = data[length - back];
    if ((lead & 0xC0) == 0x80) continue;
    size_t needed = lead >= 0xC2 && lead <= 0xDF   ? 2
                    : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                   : 0;
    if (needed <= back) return 0;
    if (back >= 2) {
      uint8_t second = data[length - back + 1];
      uint8_t low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
      uint8_t high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
      if (second < low || second > high) return 0;
    }
    return back;
  }
  return 0;
}

void throwInvalidData(v8::Isolate* isolate, Kind kind) {
  throwTypeError(isolate, std::string("Failed to execute 'decode' on 'TextDecoder': The encoded "
                                      "data was not valid for encoding ") +
                              encodingName(kind));
}

// String creation fails (with or without an exception) past String::kMaxLength.
template <typename Make>
void returnString(const v8::FunctionCallbackInfo<v8::Value>& info, Make make) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::TryCatch guard(isolate);
  v8::Local<v8::String> result;
  if (make().ToLocal(&result)) return info.GetReturnValue().Set(result);
  if (guard.HasCaught()) {
    guard.ReThrow();
    return;
  }
  throwRangeError(isolate, "Invalid string length: the decoded text is too long for a string");
}

v8::MaybeLocal<v8::String> decodeUtf8(v8::Isolate* isolate, const uint8_t* bytes, size_t length,
                                      bool knownValid) {
  if (length > static_cast<size_t>(INT_MAX)) return {};
  const char* data = reinterpret_cast<const char*>(bytes);
  if (simdutf::validate_ascii(data, length)) {
    return v8::String::NewFromOneByte(isolate, bytes, v8::NewStringType::kNormal,
                                      static_cast<int>(length));
  }
  if (knownValid || simdutf::validate_utf8(data, length)) {
    size_t unitCount = simdutf::utf16_length_from_utf8(data, length);
    std::unique_ptr<char16_t[]> units(new char16_t[unitCount]);
    size_t written = simdutf::convert_valid_utf8_to_utf16(data, length, units.get());
    return v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.get()),
                                      v8::NewStringType::kNormal, static_cast<int>(written));
  }
  // V8 replaces each maximal invalid subpart with one U+FFFD, as WHATWG requires.
  return v8::String::NewFromUtf8(isolate, data, v8::NewStringType::kNormal,
                                 static_cast<int>(length));
}

// op_encoding_decode(input, state, kind, fatal, ignoreBOM, stream) -> string
void opDecode(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const uint8_t* input = nullptr;
  size_t inputLength = 0;
  if (!bufferBytes(info[0], &input, &inputLength)) {
    return throwTypeError(isolate, "The provided value is not an ArrayBuffer or an ArrayBufferView");
  }
  if (!info[1]->IsUint8Array() || info[1].As<v8::Uint8Array>()->ByteLength() < kStateSize) {
    return throwTypeError(isolate, "Invalid TextDecoder state");
  }
  auto stateArray = info[1].As<v8::Uint8Array>();
  uint8_t* state = static_cast<uint8_t*>(stateArray->Buffer()->Data()) + stateArray->ByteOffset();
  auto kind = static_cast<Kind>(info[2]->Int32Value(isolate->GetCurrentContext()).FromMaybe(0));
  bool fatal = info[3]->IsTrue();
  bool ignoreBom = info[4]->IsTrue();
  bool stream = info[5]->IsTrue();

  // A call after a non-streaming one starts a new stream.
  if (!state[kDoNotFlush]) {
    state[kBomSeen] = 0;
    state[kPendingCount] = 0;
  }
  state[kDoNotFlush] = stream;

  // Bytes carried over from the previous call go in front of this input.
  std::vector<uint8_t> joined;
  const uint8_t* data = input;
  size_t length = inputLength;
  size_t pendingCount = std::min<size_t>(state[kPendingCount], 3);
  if (pendingCount) {
    joined.reserve(pendingCount + inputLength);
    joined.insert(joined.end(), state + kPending, state + kPending + pendingCount);
    if (inputLength) joined.insert(joined.end(), input, input + inputLength);
    data = joined.data();
    length = joined.size();
  }
  state[kPendingCount] = 0;

  if (kind == Kind::kUtf8) {
    size_t tail = stream ? incompleteUtf8Tail(data, length) : 0;
    size_t body = length - tail;
    if (fatal && !simdutf::validate_utf8(reinterpret_cast<const char*>(data), body)) {
      return throwInvalidData(isolate, kind);
    }
    if (tail) std::memcpy(state + kPending, data + body, tail);
    state[kPendingCount] = static_cast<uint8_t>(tail);
    size_t skip = 0;
    if (!state[kBomSeen] && !ignoreBom && body >= 3 && data[0] == 0xEF && data[1] == 0xBB &&
        data[2] == 0xBF) {
      skip = 3;
    }
    if (body > 0) state[kBomSeen] = 1;
    return returnString(info, [&] { return decodeUtf8(isolate, data + skip, body - skip, fatal); });
  }

  // UTF-16: copy into aligned native-endian code units.
  size_t unitCount = length / 2;
  bool oddByte = length % 2;
  std::vector<char16_t> units(unitCount);
  if (unitCount) std::memcpy(units.data(), data, unitCount * 2);
  if ((kind == Kind::kUtf16be) != (std::endian::native == std::endian::big)) {
    simdutf::change_endianness_utf16(units.data(), unitCount, units.data());
  }
  auto isHighSurrogate = [](char16_t u) { return u >= 0xD800 && u <= 0xDBFF; };
  if (stream) {
    // Carry over an odd byte and a lead surrogate that may still get its pair.
    size_t keep = oddByte ? 1 : 0;
    if (unitCount && isHighSurrogate(units[unitCount - 1])) {
      keep += 2;
      units.pop_back();
    }
    if (keep) std::memcpy(state + kPending, data + length - keep, keep);
    state[kPendingCount] = static_cast<uint8_t>(keep);
  } else if (oddByte) {
    // End of stream inside a code unit: one error, which absorbs a waiting lead surrogate.
    if (fatal) return throwInvalidData(isolate, kind);
    if (!units.empty() && isHighSurrogate(units.back())) units.pop_back();
    units.push_back(0xFFFD);
  }
  if (fatal) {
    if (!simdutf::validate_utf16(units.data(), units.size())) return throwInvalidData(isolate, kind);
  } else {
    for (size_t at = 0; at < units.size();) {
      simdutf::result r = simdutf::validate_utf16_with_errors(units.data() + at, units.size() - at);
      if (r.error == simdutf::SUCCESS) break;
      units[at + r.count] = 0xFFFD;
      at += r.count + 1;
    }
  }
  size_t skip = 0;
  if (!state[kBomSeen] && !ignoreBom && !units.empty() && units[0] == 0xFEFF) skip = 1;
  if (!units.empty()) state[kBomSeen] = 1;
  size_t outLength = units.size() - skip;
  if (outLength > static_cast<size_t>(v8::String::kMaxLength)) {
    return throwRangeError(isolate, "Invalid string length: the decoded text is too long for a string");
  }
  returnString(info, [&] {
    return v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.data() + skip),
                                      v8::NewStringType::kNormal, static_cast<int>(outLength));
  });
}

constexpr int kUtf8WriteFlags = v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8;

v8::Local<v8::Uint8Array> newUint8Array(v8::Isolate* isolate, std::unique_ptr<v8::BackingStore> store,
                                        size_t length) {
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  return v8::Uint8Array::New(buffer, 0, length);
}

// op_encoding_encode(string) -> Uint8Array of its UTF-8, lone surrogates as U+FFFD.
void opEncode(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::String> source;
  if (!info[0]->ToString(isolate->GetCurrentContext()).ToLocal(&source)) return;
  size_t length = static_cast<size_t>(source->Length());
  // simdutf does the common cases; V8 handles text with lone surrogates.
  if (source->IsOneByte()) {
    std::unique_ptr<char[]> latin1(new char[length]);
    source->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(latin1.get()), 0, -1,
                         v8::String::NO_NULL_TERMINATION);
    auto store = v8::ArrayBuffer::NewBackingStore(isolate, simdutf::utf8_length_from_latin1(latin1.get(), length));
    size_t written = simdutf::convert_latin1_to_utf8(latin1.get(), length, static_cast<char*>(store->Data()));
    return info.GetReturnValue().Set(newUint8Array(isolate, std::move(store), written));
  }
  std::unique_ptr<char16_t[]> units(new char16_t[length]);
  source->Write(isolate, reinterpret_cast<uint16_t*>(units.get()), 0, -1, v8::String::NO_NULL_TERMINATION);
  if (simdutf::validate_utf16(units.get(), length)) {
    auto store = v8::ArrayBuffer::NewBackingStore(isolate, simdutf::utf8_length_from_utf16(units.get(), length));
    size_t written = simdutf::convert_valid_utf16_to_utf8(units.get(), length, static_cast<char*>(store->Data()));
    return info.GetReturnValue().Set(newUint8Array(isolate, std::move(store), written));
  }
  units.reset();
  // A lone surrogate takes 3 bytes either way, so Utf8Length is exact.
  auto store = v8::ArrayBuffer::NewBackingStore(isolate, static_cast<size_t>(source->Utf8Length(isolate)));
  int written = source->WriteUtf8(isolate, static_cast<char*>(store->Data()),
                                  static_cast<int>(store->ByteLength()), nullptr, kUtf8WriteFlags);
  info.GetReturnValue().Set(newUint8Array(isolate, std::move(store), static_cast<size_t>(written)));
}

// op_encoding_encode_into(string, Uint8Array, Uint32Array result): result = [read, written].
void opEncodeInto(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsString() || !info[1]->IsUint8Array() || !info[2]->IsUint32Array()) {
    return throwTypeError(isolate, "encodeInto expects a string and a Uint8Array");
  }
  auto source = info[0].As<v8::String>();
  auto destination = info[1].As<v8::Uint8Array>();
  auto result = info[2].As<v8::Uint32Array>();
  if (result->Length() < 2) return throwTypeError(isolate, "encodeInto result buffer too small");
  size_t capacity = std::min<size_t>(destination->ByteLength(), INT_MAX);
  int read = 0;
  int written = 0;
  if (capacity && source->Length()) {
    char* out = static_cast<char*>(destination->Buffer()->Data()) + destination->ByteOffset();
    // Stops before a character that does not fit; read counts UTF-16 code units.
    written = source->WriteUtf8(isolate, out, static_cast<int>(capacity), &read, kUtf8WriteFlags);
  }
  auto* slots = reinterpret_cast<uint32_t*>(static_cast<char*>(result->Buffer()->Data()) +
                                            result->ByteOffset());
  slots[0] = static_cast<uint32_t>(read);
  slots[1] = static_cast<uint32_t>(written);
}

}  // namespace

void installEncodingOps(OpsBuilder& ops) {
  ops.add("op_encoding_decode", opDecode, 6);
  ops.add("op_encoding_encode", opEncode, 1);
  ops.add("op_encoding_encode_into", opEncodeInto, 3);
}

}  // namespace nano
