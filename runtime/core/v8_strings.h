// Bytes <-> V8 strings for the transports. HTTP methods, header names and
// values, and reason phrases are ByteStrings: one code unit per byte (Latin-1).
// Bodies are UTF-8.
#pragma once

#include <v8.h>

#include <string>
#include <string_view>

namespace nano {

v8::Local<v8::String> latin1ToV8(v8::Isolate* isolate, std::string_view bytes);
// The low byte of each code unit (a ByteString's bytes); "" for a non-string
// that does not convert.
std::string latin1Bytes(v8::Isolate* isolate, v8::Local<v8::Value> value);
// The string as UTF-8 (lone surrogates become U+FFFD) into *out, reusing its buffer.
void utf8Into(v8::Isolate* isolate, v8::Local<v8::String> string, std::string* out);

}  // namespace nano
