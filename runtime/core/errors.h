#pragma once
// Turning exceptions into text, and throwing the spec's error types from C++.
#include <string>
#include <string_view>

#include <v8.h>

namespace nano {

// "file:line:col\n<source line>\n<caret>\n\n<stack>" for an uncaught exception.
std::string formatException(v8::Isolate* isolate, v8::Local<v8::Value> exception,
                            v8::Local<v8::Message> message, bool inPromise);

// "path" for a file:// URL, the input unchanged otherwise.
std::string displayPath(std::string_view resourceName);

std::string toStdString(v8::Isolate* isolate, v8::Local<v8::Value> value);
v8::Local<v8::String> toV8String(v8::Isolate* isolate, std::string_view text);

void throwTypeError(v8::Isolate* isolate, std::string_view message);
void throwRangeError(v8::Isolate* isolate, std::string_view message);
void throwSyntaxError(v8::Isolate* isolate, std::string_view message);
// new DOMException(message, name), thrown; falls back to an Error before bootstrap.
void throwDOMException(v8::Isolate* isolate, std::string_view message, std::string_view name);

}  // namespace nano
