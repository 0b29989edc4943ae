#include "runtime_ops.h"

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

// HTML "report the exception": an "error" event, then stderr unless prevented.
void opReportException(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Runtime::from(isolate).reportUncaught(info[0], v8::Exception::CreateMessage(isolate, info[0]));
}

void opExit(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  int code = info[0]->Int32Value(isolate->GetCurrentContext()).FromMaybe(0);
  Runtime::from(isolate).exit(code);
  isolate->TerminateExecution();
}

// Whether a value is a Proxy, without running any of its traps.
void opIsProxy(const v8::FunctionCallbackInfo<v8::Value>& info) { info.GetReturnValue().Set(info[0]->IsProxy()); }

}  // namespace

void installRuntimeOps(OpsBuilder& ops) {
  v8::Isolate* isolate = ops.isolate();
  ops.add("op_report_exception", opReportException, 1);
  ops.add("op_exit", opExit, 1);
  ops.add("op_is_proxy", opIsProxy, 1);
  const auto& args = Runtime::from(isolate).options().args;
  v8::Local<v8::Array> array = v8::Array::New(isolate, static_cast<int>(args.size()));
  for (size_t i = 0; i < args.size(); ++i)
    array->Set(ops.context(), static_cast<uint32_t>(i), toV8String(isolate, args[i])).Check();
  ops.addValue("args", array);
  ops.addValue("version", toV8String(isolate, NANO_VERSION));
  ops.addValue("v8Version", toV8String(isolate, v8::V8::GetVersion()));
}

}  // namespace nano
