#include "errors.h"

#include <algorithm>
#include <cctype>

#include "runtime.h"

namespace nano {

std::string toStdString(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (value.IsEmpty()) return {};
  if (value->IsString()) {
    // Written straight into the result (String::Utf8Value allocates a buffer
    // of its own, then the string copies it). ASCII, the common case (header
    // names and values, methods, paths), needs no UTF-8 pass at all.
    v8::Local<v8::String> string = value.As<v8::String>();
    if (string->IsOneByte()) {
      std::string out(static_cast<size_t>(string->Length()), '\0');
      string->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out.data()), 0, -1, v8::String::NO_NULL_TERMINATION);
      if (std::none_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
        return out;
    }
    std::string out(static_cast<size_t>(string->Utf8Length(isolate)), '\0');
    string->WriteUtf8(isolate, out.data(), static_cast<int>(out.size()), nullptr, v8::String::NO_NULL_TERMINATION);
    return out;
  }
  v8::String::Utf8Value utf8(isolate, value);
  return *utf8 ? std::string(*utf8, utf8.length()) : std::string("<unprintable value>");
}

v8::Local<v8::String> toV8String(v8::Isolate* isolate, std::string_view text) {
  return v8::String::NewFromUtf8(isolate, text.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(text.size()))
      .ToLocalChecked();
}

std::string displayPath(std::string_view resourceName) {
  constexpr std::string_view kFileScheme = "file://";
  if (resourceName.substr(0, kFileScheme.size()) != kFileScheme) return std::string(resourceName);
  std::string path;
  std::string_view rest = resourceName.substr(kFileScheme.size());
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(rest[i + 2]))) {
      path += static_cast<char>(std::stoi(std::string(rest.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  return path;
}

namespace {

std::string stackOrString(v8::Isolate* isolate, v8::Local<v8::Value> exception) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (exception->IsObject() && !exception->IsProxy()) {
    v8::TryCatch guard(isolate);
    v8::Local<v8::Value> stack;
    if (exception.As<v8::Object>()->Get(context, toV8String(isolate, "stack")).ToLocal(&stack) &&
        stack->IsString() && stack.As<v8::String>()->Length() > 0)
      return toStdString(isolate, stack);
  }
  v8::TryCatch guard(isolate);
  v8::Local<v8::String> text;
  if (exception->ToDetailString(context).ToLocal(&text)) return toStdString(isolate, text);
  return "<exception that cannot be printed>";
}

}  // namespace

std::string formatException(v8::Isolate* isolate, v8::Local<v8::Value> exception,
                            v8::Local<v8::Message> message, bool inPromise) {
  std::string out;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!message.IsEmpty()) {
    std::string file = displayPath(toStdString(isolate, message->GetScriptResourceName()));
    int line = message->GetLineNumber(context).FromMaybe(0);
    int column = message->GetStartColumn(context).FromMaybe(0);
    if (!file.empty() && line > 0) {
      out += file + ":" + std::to_string(line) + ":" + std::to_string(column + 1) + "\n";
      v8::Local<v8::String> sourceLine;
      if (message->GetSourceLine(context).ToLocal(&sourceLine)) {
        std::string source = toStdString(isolate, sourceLine);
        if (source.size() <= 400) {
          int end = message->GetEndColumn(context).FromMaybe(column + 1);
          out += source + "\n";
          for (int i = 0; i < column; ++i) out += source[i] == '\t' ? '\t' : ' ';
          out += std::string(std::max(1, end - column), '^') + "\n";
        }
      }
      out += "\n";
    }
  }
  out += inPromise ? "Uncaught (in promise) " : "Uncaught ";
  out += stackOrString(isolate, exception);
  out += "\n";
  return out;
}

void throwTypeError(v8::Isolate* isolate, std::string_view message) {
  isolate->ThrowException(v8::Exception::TypeError(toV8String(isolate, message)));
}

void throwRangeError(v8::Isolate* isolate, std::string_view message) {
  isolate->ThrowException(v8::Exception::RangeError(toV8String(isolate, message)));
}

void throwSyntaxError(v8::Isolate* isolate, std::string_view message) {
  isolate->ThrowException(v8::Exception::SyntaxError(toV8String(isolate, message)));
}

void throwDOMException(v8::Isolate* isolate, std::string_view message, std::string_view name) {
  Runtime& runtime = Runtime::from(isolate);
  v8::Local<v8::Context> context = runtime.context();
  v8::Local<v8::Value> ctor;
  if (runtime.internals()->Get(context, toV8String(isolate, "DOMException")).ToLocal(&ctor) &&
      ctor->IsFunction()) {
    v8::Local<v8::Value> args[] = {toV8String(isolate, message), toV8String(isolate, name)};
    v8::Local<v8::Object> error;
    if (ctor.As<v8::Function>()->NewInstance(context, 2, args).ToLocal(&error)) {
      isolate->ThrowException(error);
    }
    return;  // NewInstance threw: that exception propagates
  }
  isolate->ThrowException(v8::Exception::Error(toV8String(isolate, message)));
}

}  // namespace nano
