#include "telemetry.h"

#include <uv.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <bit>
#include <optional>
#include <unordered_map>
#include <vector>

#include "../core/errors.h"
#include "../core/runtime.h"
#include "telemetry/feed.h"

namespace nano {

namespace {

// A stream record as 11_streams.js writes it (publishStreamState).
using StreamCells = std::array<double, 19>;

// Stream states by the code 11_streams.js gives them (streamStateCode).
telemetry::Text streamStateText(int code) {
  static const telemetry::Text kStates[] = {
      telemetry::Text::intern("readable"), telemetry::Text::intern("writable"), telemetry::Text::intern("closed"),
      telemetry::Text::intern("errored"), telemetry::Text::intern("erroring")};
  return kStates[std::clamp(code, 0, 4)];
}

// The PendingPromise records still open, and which request each stream
// belongs to (JS reports streams without it; the op knows the current request
// when a stream opens).
struct TelemetryRecords {
  explicit TelemetryRecords(Runtime&) {}
  struct OpenPromise {
    telemetry::PendingPromise record;
    bool published = false;
  };
  StreamCells streamCells{};  // lives as long as the runtime: JS views it
  telemetry::Id nextPromise = 1;
  std::unordered_map<telemetry::Id, OpenPromise> openPromises;
  // Opened since the last telemetry flush: a promise that settles before it
  // waited less than a viewer could see, and is never published.
  std::vector<telemetry::Id> unpublished;
  // A new open PendingPromise record (not published); its id.
  telemetry::Id open(telemetry::Text opKind, std::optional<telemetry::Id> request, double created) {
    telemetry::PendingPromise& record = openPromises[nextPromise].record;
    record.id = nextPromise;
    record.request = request;
    record.opKind = std::move(opKind);
    record.created = created;
    return nextPromise++;
  }
  // Promise op kinds come from a handful of string literals:
  // each is converted once (V8 gives a literal one string object).
  std::vector<std::pair<v8::Global<v8::String>, telemetry::Text>> knownStrings;
  telemetry::Text text(v8::Isolate* isolate, v8::Local<v8::Value> value) {
    if (!value->IsString()) return {};
    v8::Local<v8::String> string = value.As<v8::String>();
    for (const auto& [known, text] : knownStrings)
      if (known.Get(isolate) == string) return text;
    telemetry::Text converted = telemetry::Text::intern(toStdString(isolate, string));
    bool seen = std::any_of(knownStrings.begin(), knownStrings.end(),
                            [&](const auto& known) { return known.second == converted; });
    if (!seen && knownStrings.size() < 32) knownStrings.emplace_back(v8::Global<v8::String>(isolate, string), converted);
    return converted;
  }
};

std::optional<telemetry::Id> requestOrNone(RequestId request) {
  return request ? std::optional<telemetry::Id>(request) : std::nullopt;
}

void opTelemetryEnabled(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(Runtime::from(info.GetIsolate()).telemetry() != nullptr);
}

// op_telemetry_current_request() -> the id of the served request whose JS
// runs, 0 for none: a stream made now keeps it for its records (11_streams.js
// passes it back with each), so no table maps streams to requests.
void opTelemetryCurrentRequest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<double>(currentRequest(info.GetIsolate())));
}

// op_telemetry_stream(): publishes the stream record 11_streams.js wrote into
// op_telemetry_stream_cells (see publishStreamState there): numbers read in
// place, where arguments would cost two API calls each.
void opTelemetryStream(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Runtime& runtime = Runtime::from(info.GetIsolate());
  telemetry::Feed* feed = runtime.telemetry();
  if (!feed) return;
  const StreamCells& cells = runtime.state<TelemetryRecords>().streamCells;
  auto id = [&](size_t i) -> std::optional<telemetry::Id> {
    double value = cells[i];
    if (!(value >= 1)) return std::nullopt;  // 0 and NaN: none
    return static_cast<telemetry::Id>(value);
  };
  auto count = [&](size_t i) -> uint64_t {
    return cells[i] >= 0 && cells[i] < 0x1p64 ? static_cast<uint64_t>(cells[i]) : 0;  // NaN fails both
  };
  // NaN (no desiredSize) reads as 0; an infinite highWaterMark stays infinite.
  auto number = [&](size_t i) { return std::isnan(cells[i]) ? 0.0 : cells[i]; };
  int op = std::clamp(static_cast<int>(count(0)), 0, 2);
  telemetry::StreamInfo s;
  s.id = id(1).value_or(0);
  s.request = id(18);
  s.streamKind = static_cast<telemetry::StreamKind>(std::clamp(static_cast<int>(count(2)), 0, 2));
  s.state = streamStateText(static_cast<int>(count(3)));
  s.highWaterMark = number(4);
  s.queueChunks = count(5);
  s.queueChunksPeak = std::max(s.queueChunks, count(6));
  s.queueBytes = number(7);
  s.desiredSize = number(8);
  s.locked = cells[9] != 0;
  s.backpressure = cells[10] != 0;
  s.teeParent = id(11);
  for (size_t i : {12, 13})
    if (auto branch = id(i)) s.teeBranches.push_back(*branch);
  s.pipeTo = id(14);
  s.pipeFrom = id(15);
  s.chunksTotal = count(16);
  s.bytesTotal = number(17);
  feed->publish(static_cast<telemetry::Op>(op), std::move(s));
}

// The cells of op_telemetry_stream, seen from JS as a Float64Array.
v8::Local<v8::Value> streamCellsView(OpsBuilder& ops) {
  StreamCells& cells = Runtime::from(ops.isolate()).state<TelemetryRecords>().streamCells;
  std::shared_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      cells.data(), sizeof(double) * cells.size(), v8::BackingStore::EmptyDeleter, nullptr);
  return v8::Float64Array::New(v8::ArrayBuffer::New(ops.isolate(), store), 0, cells.size());
}

// op_telemetry_request_flush(): internals.flushTelemetry() runs at the next
// tick of the telemetry clock.
void opTelemetryRequestFlush(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Runtime::from(info.GetIsolate()).requestTelemetryFlush();
}

// The loop's clock (uv_now: milliseconds, read by libuv when an iteration
// starts and after each poll, so it says when the running task began), seen
// from JS in place: the low 32 bits of uv_loop_t::time through a Uint32Array.
// Marking when a read starts to wait costs a load, not a clock read (Date.now()
// was one per read); the age shown is off by at most the task's own run time.
v8::Local<v8::Value> loopClockView(OpsBuilder& ops) {
  static_assert(sizeof(uv_loop_t::time) == 8, "uv_loop_t::time is a uint64_t");
  uv_loop_t* loop = Runtime::from(ops.isolate()).loop();
  std::shared_ptr<v8::BackingStore> cell =
      v8::ArrayBuffer::NewBackingStore(&loop->time, sizeof loop->time, v8::BackingStore::EmptyDeleter, nullptr);
  constexpr size_t kLowWord = std::endian::native == std::endian::little ? 0 : 1;
  return v8::Uint32Array::New(v8::ArrayBuffer::New(ops.isolate(), cell), kLowWord * 4, 1);
}

// op_telemetry_promise_open(opKind[, requestId, sinceLoopMs]) -> id, or 0 when
// no feed listens. With a loop time: a stream read that has waited since
// sinceLoopMs (op_telemetry_loop_clock[0] then), found still waiting by a
// telemetry flush. It belongs to the stream's request (0: none) and is
// published now.
void opTelemetryPromiseOpen(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Runtime& runtime = Runtime::from(isolate);
  telemetry::Feed* feed = runtime.telemetry();
  if (!feed) return info.GetReturnValue().Set(0);
  TelemetryRecords& records = runtime.state<TelemetryRecords>();
  if (!info[1]->IsNumber() || !info[2]->IsNumber()) {
    telemetry::Id id = openPendingPromise(runtime, records.text(isolate, info[0]));
    return info.GetReturnValue().Set(static_cast<double>(id));
  }
  std::optional<telemetry::Id> request;
  if (auto id = static_cast<telemetry::Id>(info[1].As<v8::Number>()->Value()); id != 0) request = id;
  // Unsigned 32-bit arithmetic: right across the low word's wrap (49 days).
  uint32_t since = static_cast<uint32_t>(info[2].As<v8::Number>()->Value());
  uint32_t waitedMs = static_cast<uint32_t>(uv_now(runtime.loop())) - since;
  double now = feed->now();
  double waited = std::min(static_cast<double>(waitedMs), now);
  telemetry::Id id = records.open(records.text(isolate, info[0]), request, now - waited);
  records.openPromises[id].published = true;
  feed->publish(telemetry::Op::Open, records.openPromises[id].record, now);
  info.GetReturnValue().Set(static_cast<double>(id));
}

// op_telemetry_promise_close(id, fulfilled)
void opTelemetryPromiseClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[0]->IsNumber()) return;
  closePendingPromise(Runtime::from(info.GetIsolate()), static_cast<telemetry::Id>(info[0].As<v8::Number>()->Value()),
                      info[1]->IsTrue());
}

}  // namespace

telemetry::Id openPendingPromise(Runtime& runtime, telemetry::Text opKind) {
  telemetry::Feed* feed = runtime.telemetry();
  if (!feed) return 0;
  TelemetryRecords& records = runtime.state<TelemetryRecords>();
  telemetry::Id id = records.open(std::move(opKind), requestOrNone(currentRequest(runtime.isolate())), feed->now());
  records.unpublished.push_back(id);
  runtime.requestTelemetryFlush();
  return id;
}

void publishPendingPromises(Runtime& runtime) {
  telemetry::Feed* feed = runtime.telemetry();
  if (!feed) return;
  TelemetryRecords& records = runtime.state<TelemetryRecords>();
  for (telemetry::Id id : records.unpublished) {
    auto it = records.openPromises.find(id);
    if (it == records.openPromises.end()) continue;  // settled meanwhile
    it->second.published = true;
    feed->publish(telemetry::Op::Open, it->second.record);
  }
  records.unpublished.clear();
}

void closePendingPromise(Runtime& runtime, telemetry::Id id, bool fulfilled) {
  if (id == 0) return;
  TelemetryRecords& records = runtime.state<TelemetryRecords>();
  auto it = records.openPromises.find(id);
  if (it == records.openPromises.end()) return;
  telemetry::PendingPromise record = std::move(it->second.record);
  bool published = it->second.published;
  records.openPromises.erase(it);
  telemetry::Feed* feed = runtime.telemetry();
  if (!feed || !published) return;  // settled before a flush: never shown
  double now = feed->now();
  record.settled = now;
  static const telemetry::Text kFulfilled = telemetry::Text::intern("fulfilled");
  static const telemetry::Text kRejected = telemetry::Text::intern("rejected");
  record.outcome = fulfilled ? kFulfilled : kRejected;
  feed->publish(telemetry::Op::Close, std::move(record), now);
}

void installTelemetryOps(OpsBuilder& ops) {
  ops.add("op_telemetry_enabled", opTelemetryEnabled, 0);
  ops.add("op_telemetry_current_request", opTelemetryCurrentRequest, 0);
  ops.add("op_telemetry_stream", opTelemetryStream, 0);
  ops.addValue("op_telemetry_stream_cells", streamCellsView(ops));
  ops.add("op_telemetry_request_flush", opTelemetryRequestFlush, 0);
  ops.add("op_telemetry_promise_open", opTelemetryPromiseOpen, 1);
  ops.add("op_telemetry_promise_close", opTelemetryPromiseClose, 2);
  ops.addValue("op_telemetry_loop_clock", loopClockView(ops));
}

}  // namespace nano
