#include "promise_counter.h"

namespace nano {

void PromiseCounter::install(v8::Local<v8::Context> context, bool enabled, bool debuggerAttached) {
  m_isolate = context->GetIsolate();
  v8::HandleScope handles(m_isolate);
  if (!enabled) {
    context->SetPromiseHooks({}, {}, {}, {});
    return;
  }
  v8::Local<v8::Function> hook;
  if (debuggerAttached) {
    if (m_nativeHook.IsEmpty()) {
      if (!v8::Function::New(context, &PromiseCounter::onInit, v8::External::New(m_isolate, this), 2,
                             v8::ConstructorBehavior::kThrow)
               .ToLocal(&hook))
        return;
      m_nativeHook.Reset(m_isolate, hook);
    }
    hook = m_nativeHook.Get(m_isolate);
  } else if (!jsHook(context).ToLocal(&hook)) {
    return;
  }
  context->SetPromiseHooks(hook, {}, {}, {});
}

v8::MaybeLocal<v8::Function> PromiseCounter::jsHook(v8::Local<v8::Context> context) {
  if (!m_jsHook.IsEmpty()) return m_jsHook.Get(m_isolate);
  std::shared_ptr<v8::BackingStore> cell =
      v8::ArrayBuffer::NewBackingStore(&m_count, sizeof m_count, v8::BackingStore::EmptyDeleter, nullptr);
  v8::Local<v8::Value> counter = v8::Uint32Array::New(v8::ArrayBuffer::New(m_isolate, cell), 0, 1);
  v8::Local<v8::String> source =
      v8::String::NewFromUtf8Literal(m_isolate, "(counter) => function promiseInit() { counter[0]++; }");
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> factory;
  v8::Local<v8::Value> hook;
  if (!v8::Script::Compile(context, source).ToLocal(&script) || !script->Run(context).ToLocal(&factory) ||
      !factory.As<v8::Function>()->Call(context, v8::Undefined(m_isolate), 1, &counter).ToLocal(&hook))
    return {};
  m_jsHook.Reset(m_isolate, hook.As<v8::Function>());
  return hook.As<v8::Function>();
}

void PromiseCounter::onInit(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ++static_cast<PromiseCounter*>(info.Data().As<v8::External>()->Value())->m_count;
}

void PromiseCounter::reset() {
  m_jsHook.Reset();
  m_nativeHook.Reset();
}

}  // namespace nano
