#include "telemetry.h"

#include "../core/errors.h"
#include "../core/runtime.h"
#include "telemetry/feed.h"

namespace nano {

namespace {

// Reads record fields from the plain object internals.streamInfo() returns.
class FieldReader {
 public:
  FieldReader(v8::Isolate* isolate, v8::Local<v8::Object> object)
      : m_isolate(isolate), m_context(isolate->GetCurrentContext()), m_object(object) {}

  v8::Local<v8::Value> get(const char* name) {
    v8::Local<v8::Value> value;
    if (!m_object->Get(m_context, toV8String(m_isolate, name)).ToLocal(&value))
      return v8::Undefined(m_isolate);
    return value;
  }
  double number(const char* name, double fallback = 0) {
    v8::Local<v8::Value> value = get(name);
    return value->IsNumber() ? value.As<v8::Number>()->Value() : fallback;
  }
  bool boolean(const char* name) { return get(name)->IsTrue(); }
  std::string string(const char* name) {
    v8::Local<v8::Value> value = get(name);
    return value->IsString() ? toStdString(m_isolate, value) : std::string();
  }
  std::optional<telemetry::Id> id(const char* name) {
    v8::Local<v8::Value> value = get(name);
    if (!value->IsNumber()) return std::nullopt;
    return static_cast<telemetry::Id>(value.As<v8::Number>()->Value());
  }
  std::vector<telemetry::Id> ids(const char* name) {
    std::vector<telemetry::Id> out;
    v8::Local<v8::Value> value = get(name);
    if (!value->IsArray()) return out;
    v8::Local<v8::Array> array = value.As<v8::Array>();
    for (uint32_t i = 0; i < array->Length(); ++i) {
      v8::Local<v8::Value> item;
      if (array->Get(m_context, i).ToLocal(&item) && item->IsNumber())
        out.push_back(static_cast<telemetry::Id>(item.As<v8::Number>()->Value()));
    }
    return out;
  }

 private:
  v8::Isolate* m_isolate;
  v8::Local<v8::Context> m_context;
  v8::Local<v8::Object> m_object;
};

telemetry::StreamKind streamKindFrom(const std::string& kind) {
  if (kind == "writable") return telemetry::StreamKind::Writable;
  if (kind == "transform") return telemetry::StreamKind::Transform;
  return telemetry::StreamKind::Readable;
}

void opTelemetryEnabled(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(Runtime::from(info.GetIsolate()).telemetry() != nullptr);
}

// op_telemetry_stream(op: 0 open | 1 update | 2 close, record)
void opTelemetryStream(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  telemetry::Feed* feed = Runtime::from(isolate).telemetry();
  if (!feed || !info[1]->IsObject()) return;
  int op = info[0]->Int32Value(isolate->GetCurrentContext()).FromMaybe(1);
  FieldReader read(isolate, info[1].As<v8::Object>());
  telemetry::StreamInfo s;
  s.id = read.id("id").value_or(0);
  s.request = read.id("request");
  s.streamKind = streamKindFrom(read.string("streamKind"));
  s.state = read.string("state");
  s.highWaterMark = read.number("highWaterMark");
  s.queueChunks = static_cast<uint64_t>(read.number("queueChunks"));
  s.queueBytes = read.number("queueBytes");
  s.desiredSize = read.number("desiredSize");
  s.locked = read.boolean("locked");
  s.backpressure = read.boolean("backpressure");
  s.teeParent = read.id("teeParent");
  s.teeBranches = read.ids("teeBranches");
  s.pipeTo = read.id("pipeTo");
  s.pipeFrom = read.id("pipeFrom");
  s.chunksTotal = static_cast<uint64_t>(read.number("chunksTotal"));
  s.bytesTotal = read.number("bytesTotal");
  feed->publish(static_cast<telemetry::Op>(std::clamp(op, 0, 2)), std::move(s));
}

}  // namespace

void installTelemetryOps(OpsBuilder& ops) {
  ops.add("op_telemetry_enabled", opTelemetryEnabled, 0);
  ops.add("op_telemetry_stream", opTelemetryStream, 2);
}

}  // namespace nano
