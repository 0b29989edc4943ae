#include "base64.h"

#include <simdutf.h>

#include <string>

#include "../core/errors.h"

namespace nano {

namespace {

// Latin-1 text (one byte per char) as a V8 string, or a RangeError past kMaxLength.
void returnLatin1(const v8::FunctionCallbackInfo<v8::Value>& info, const char* data, size_t length) {
  v8::Isolate* isolate = info.GetIsolate();
  if (length > static_cast<size_t>(v8::String::kMaxLength)) {
    return throwRangeError(isolate, "Invalid string length: the result is too long for a string");
  }
  v8::TryCatch guard(isolate);
  v8::Local<v8::String> result;
  if (v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(data),
                                 v8::NewStringType::kNormal, static_cast<int>(length))
          .ToLocal(&result)) {
    return info.GetReturnValue().Set(result);
  }
  if (guard.HasCaught()) {
    guard.ReThrow();
    return;
  }
  throwRangeError(isolate, "Invalid string length: the result is too long for a string");
}

// btoa: op_base64_encode(string) -> base64 of its code units, which must all be <= U+00FF.
void opEncode(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsString()) return throwTypeError(isolate, "btoa expects a string");
  auto input = info[0].As<v8::String>();
  size_t length = static_cast<size_t>(input->Length());
  std::string bytes(length, '\0');
  if (input->IsOneByte()) {
    input->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(bytes.data()), 0, -1,
                        v8::String::NO_NULL_TERMINATION);
  } else {
    std::u16string units(length, u'\0');
    input->Write(isolate, reinterpret_cast<uint16_t*>(units.data()), 0, -1,
                 v8::String::NO_NULL_TERMINATION);
    simdutf::result r = simdutf::convert_utf16_to_latin1_with_errors(units.data(), length, bytes.data());
    if (r.error != simdutf::SUCCESS) {
      return throwDOMException(
          isolate,
          "Failed to execute 'btoa': The string to be encoded contains characters outside of the "
          "Latin1 range (character at index " +
              std::to_string(r.count) + " is above U+00FF).",
          "InvalidCharacterError");
    }
  }
  std::string encoded(simdutf::base64_length_from_binary(length), '\0');
  size_t written = simdutf::binary_to_base64(bytes.data(), length, encoded.data());
  returnLatin1(info, encoded.data(), written);
}

void throwInvalidBase64(v8::Isolate* isolate) {
  throwDOMException(isolate, "Failed to execute 'atob': The string to be decoded is not correctly encoded.",
                    "InvalidCharacterError");
}

// atob: op_base64_decode(string) -> binary string (forgiving-base64 decode).
void opDecode(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsString()) return throwTypeError(isolate, "atob expects a string");
  auto input = info[0].As<v8::String>();
  size_t length = static_cast<size_t>(input->Length());
  std::string decoded;
  simdutf::result r;
  if (input->IsOneByte()) {
    std::string text(length, '\0');
    input->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(text.data()), 0, -1,
                        v8::String::NO_NULL_TERMINATION);
    decoded.resize(simdutf::maximal_binary_length_from_base64(text.data(), length));
    r = simdutf::base64_to_binary(text.data(), length, decoded.data());
  } else {
    std::u16string text(length, u'\0');
    input->Write(isolate, reinterpret_cast<uint16_t*>(text.data()), 0, -1,
                 v8::String::NO_NULL_TERMINATION);
    decoded.resize(simdutf::maximal_binary_length_from_base64(text.data(), length));
    r = simdutf::base64_to_binary(text.data(), length, decoded.data());
  }
  if (r.error != simdutf::SUCCESS) return throwInvalidBase64(isolate);
  returnLatin1(info, decoded.data(), r.count);
}

}  // namespace

void installBase64Ops(OpsBuilder& ops) {
  ops.add("op_base64_encode", opEncode, 1);
  ops.add("op_base64_decode", opDecode, 1);
}

}  // namespace nano
