#include "console.h"

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

void opConsolePrint(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Runtime& runtime = Runtime::from(isolate);
  // Write straight from V8's flat string: no fixed buffer, no size limit.
  v8::Local<v8::String> text;
  if (!info[0]->ToString(isolate->GetCurrentContext()).ToLocal(&text)) return;
  std::string utf8(text->Utf8Length(isolate), '\0');
  text->WriteUtf8(isolate, utf8.data(), static_cast<int>(utf8.size()), nullptr,
                  v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  runtime.write(info[1]->IsTrue() ? OutputStream::Stderr : OutputStream::Stdout, utf8);
}

}  // namespace

void installConsoleOps(OpsBuilder& ops) { ops.add("op_console_print", opConsolePrint, 2); }

}  // namespace nano
