#pragma once
// Native ops: the C++ half of the web APIs. Each family installs its ops on the
// `ops` object that runtime/js receives; ops are named op_<area>_<verb>.
#include <string_view>

#include <v8.h>

namespace nano {

class OpsBuilder {
 public:
  OpsBuilder(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> ops)
      : m_isolate(isolate), m_context(context), m_ops(ops) {}

  void add(std::string_view name, v8::FunctionCallback callback, int length = 0);
  void addValue(std::string_view name, v8::Local<v8::Value> value);

  v8::Isolate* isolate() const { return m_isolate; }
  v8::Local<v8::Context> context() const { return m_context; }

 private:
  v8::Isolate* m_isolate;
  v8::Local<v8::Context> m_context;
  v8::Local<v8::Object> m_ops;
};

// Installs every op family (api/install.cc).
void installAllOps(OpsBuilder& ops);

}  // namespace nano
