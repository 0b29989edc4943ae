#include "telemetry.h"

#include <unordered_map>

#include "../core/errors.h"
#include "../core/runtime.h"
#include "telemetry/feed.h"

namespace nano {

namespace {

// The PendingPromise records still open, and which request each stream
// belongs to (JS reports streams without it; the op knows the current request
// when a stream opens).
struct TelemetryRecords {
  explicit TelemetryRecords(Runtime&) {}
  telemetry::Id nextPromise = 1;
  std::unordered_map<telemetry::Id, telemetry::PendingPromise> openPromises;
  std::unordered_map<telemetry::Id, telemetry::Id> streamRequests;
};

std::optional<telemetry::Id> requestOrNone(RequestId request) {
  return request ? std::optional<telemetry::Id>(request) : std::nullopt;
}

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
  auto& streamRequests = Runtime::from(isolate).state<TelemetryRecords>().streamRequests;
  if (op == 0) {
    if (RequestId request = currentRequest(isolate)) streamRequests[s.id] = request;
  }
  if (auto it = streamRequests.find(s.id); it != streamRequests.end()) {
    s.request = it->second;
    if (op == 2) streamRequests.erase(it);
  }
  s.streamKind = streamKindFrom(read.string("streamKind"));
  s.state = read.string("state");
  s.highWaterMark = read.number("highWaterMark");
  s.queueChunks = static_cast<uint64_t>(read.number("queueChunks"));
  s.queueChunksPeak = std::max(s.queueChunks, static_cast<uint64_t>(read.number("queueChunksPeak")));
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

// op_telemetry_flush_after_task(): internals.flushTelemetry() runs once the
// current macrotask and its microtasks are done.
void opTelemetryFlushAfterTask(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Runtime::from(info.GetIsolate()).requestTelemetryFlush();
}

// op_telemetry_promise_open(opKind) -> id, or 0 when no feed listens.
void opTelemetryPromiseOpen(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  telemetry::Id id = openPendingPromise(Runtime::from(isolate), toStdString(isolate, info[0]));
  info.GetReturnValue().Set(static_cast<double>(id));
}

// op_telemetry_promise_close(id, fulfilled)
void opTelemetryPromiseClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[0]->IsNumber()) return;
  closePendingPromise(Runtime::from(info.GetIsolate()), static_cast<telemetry::Id>(info[0].As<v8::Number>()->Value()),
                      info[1]->IsTrue());
}

}  // namespace

telemetry::Id openPendingPromise(Runtime& runtime, std::string opKind) {
  telemetry::Feed* feed = runtime.telemetry();
  if (!feed) return 0;
  TelemetryRecords& records = runtime.state<TelemetryRecords>();
  telemetry::PendingPromise record;
  record.id = records.nextPromise++;
  record.request = requestOrNone(currentRequest(runtime.isolate()));
  record.opKind = std::move(opKind);
  record.created = feed->now();
  records.openPromises[record.id] = record;
  feed->publish(telemetry::Op::Open, std::move(record));
  return records.nextPromise - 1;
}

void closePendingPromise(Runtime& runtime, telemetry::Id id, bool fulfilled) {
  if (id == 0) return;
  TelemetryRecords& records = runtime.state<TelemetryRecords>();
  auto it = records.openPromises.find(id);
  if (it == records.openPromises.end()) return;
  telemetry::PendingPromise record = std::move(it->second);
  records.openPromises.erase(it);
  telemetry::Feed* feed = runtime.telemetry();
  if (!feed) return;
  record.settled = feed->now();
  record.outcome = fulfilled ? "fulfilled" : "rejected";
  feed->publish(telemetry::Op::Close, std::move(record));
}

void installTelemetryOps(OpsBuilder& ops) {
  ops.add("op_telemetry_enabled", opTelemetryEnabled, 0);
  ops.add("op_telemetry_stream", opTelemetryStream, 2);
  ops.add("op_telemetry_flush_after_task", opTelemetryFlushAfterTask, 0);
  ops.add("op_telemetry_promise_open", opTelemetryPromiseOpen, 1);
  ops.add("op_telemetry_promise_close", opTelemetryPromiseClose, 2);
}

}  // namespace nano
