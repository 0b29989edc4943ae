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

// The value of a promise that is already fulfilled, else the second argument:
// lets a caller skip a reaction (and its microtask) when the result is there.
void opFulfilledValue(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (info[0]->IsPromise()) {
    v8::Local<v8::Promise> promise = info[0].As<v8::Promise>();
    if (promise->State() == v8::Promise::kFulfilled) return info.GetReturnValue().Set(promise->Result());
  }
  info.GetReturnValue().Set(info[1]);
}

}  // namespace

void installRuntimeOps(OpsBuilder& ops) {
  v8::Isolate* isolate = ops.isolate();
  ops.add("op_report_exception", opReportException, 1);
  ops.add("op_exit", opExit, 1);
  ops.add("op_is_proxy", opIsProxy, 1);
  ops.add("op_fulfilled_value", opFulfilledValue, 2);
  const auto& args = Runtime::from(isolate).options().args;
  v8::Local<v8::Array> array = v8::Array::New(isolate, static_cast<int>(args.size()));
  for (size_t i = 0; i < args.size(); ++i)
    array->Set(ops.context(), static_cast<uint32_t>(i), toV8String(isolate, args[i])).Check();
  ops.addValue("args", array);
  ops.addValue("version", toV8String(isolate, NANO_VERSION));
  ops.addValue("v8Version", toV8String(isolate, v8::V8::GetVersion()));
}

}  // namespace nano
