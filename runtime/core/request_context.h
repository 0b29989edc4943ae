#pragma once
// Which served request the running JS works for. V8 carries it across promise
// reactions (the context's continuation-preserved embedder data, a Number);
// timers, fetches and crypto jobs capture it when they are scheduled and
// re-enter it when they call back, so CPU time, ArrayBuffers, fetches, streams
// and promises are counted for the request that caused them.
#include <cstddef>
#include <cstdint>

#include <v8.h>

namespace nano {

class Runtime;

using RequestId = uint64_t;  // 0: no request

// The serve host listens here (Runtime::setRequestObserver). All calls come on
// the runtime thread.
class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  // Native code calls JS for `request` (0: none). `outermost` is false for
  // calls nested in another entry.
  virtual void enterCallback(RequestId request, bool outermost) = 0;
  virtual void leaveCallback(RequestId request, bool outermost) = 0;
  // Only while a telemetry feed is attached (the counting costs a hook):
  // `count` promises were made for `request` (reported when a
  // RequestCallbackScope begins or ends, see Runtime::countPromisesFor).
  virtual void promisesCreated(RequestId request, uint64_t count) = 0;
  virtual void arrayBufferAllocated(RequestId request, size_t bytes) = 0;
  virtual void fetchStarted(RequestId request, uint64_t fetchId) = 0;
  // A tick of the runtime's telemetry clock (Runtime::requestTelemetryFlush):
  // the time to publish what changed since the last one.
  virtual void telemetryFlush() {}
};

// The request of the JS running now (0: none).
RequestId currentRequest(v8::Isolate* isolate);

// A request id as a JS number: a small integer (no heap number) while it fits.
inline v8::Local<v8::Value> requestIdToV8(v8::Isolate* isolate, RequestId id) {
  if (id <= 0x7fffffff) return v8::Integer::New(isolate, static_cast<int32_t>(id));
  return v8::Number::New(isolate, static_cast<double>(id));
}

// Native code calling back into JS for a request: sets the embedder data so
// reactions created inside belong to the request and tells the observer. The
// outermost scope runs the microtask checkpoint before it leaves, so their CPU
// time counts too. Needs a HandleScope and the runtime's context entered.
class RequestCallbackScope {
 public:
  RequestCallbackScope(Runtime& runtime, RequestId request);
  ~RequestCallbackScope();
  RequestCallbackScope(const RequestCallbackScope&) = delete;
  RequestCallbackScope& operator=(const RequestCallbackScope&) = delete;

 private:
  Runtime& m_runtime;
  RequestId m_request;
  RequestId m_previousRequest;
  bool m_outermost;
  v8::Local<v8::Value> m_previousData;
};

}  // namespace nano
