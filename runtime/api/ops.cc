#include "ops.h"

#include "../core/errors.h"

namespace nano {

void OpsBuilder::add(std::string_view name, v8::FunctionCallback callback, int length) {
  v8::Local<v8::String> key = toV8String(m_isolate, name);
  v8::Local<v8::Function> fn =
      v8::Function::New(m_context, callback, v8::Local<v8::Value>(), length,
                        v8::ConstructorBehavior::kThrow)
          .ToLocalChecked();
  fn->SetName(key);
  m_ops->CreateDataProperty(m_context, key, fn).Check();
}

void OpsBuilder::addValue(std::string_view name, v8::Local<v8::Value> value) {
  m_ops->CreateDataProperty(m_context, toV8String(m_isolate, name), value).Check();
}

}  // namespace nano
