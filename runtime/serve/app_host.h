#pragma once
// AppHost: serves one `export default { fetch(request, env, ctx) }` module in
// one Runtime. It is the HttpServer's delegate: per request one call into
// runtime/js/24_serve.js builds the Request, calls fetch and awaits its answer,
// which comes back through native bindings (respond, handlerFailed) and goes to
// the transport, streaming bodies with backpressure. It keeps a RequestScope per request (telemetry, CPU time, heap
// delta) and answers 503 when the watchdog stopped a request's JS.
// Everything runs on the runtime thread.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <unordered_map>
#include <vector>

#include <v8.h>

#include "core/block_pool.h"
#include "core/local_ptr.h"
#include "core/recurring_string_cache.h"
#include "core/string_bytes_cache.h"
#include "core/request_context.h"
#include "js_clock.h"
#include "net/http_server.h"
#include "request_url.h"
#include "telemetry/records.h"
#include "watchdog.h"

namespace nano {
class Runtime;
}

namespace nano::serve {

struct AppConfig {
  std::string name;         // telemetry's "app"
  std::string handlerPath;  // the module with the default export
  std::string envJson = "{}";
  double cpuLimitMs = 30000;
  // Runtime thread, right before the handler's fetch() is called: a debugger
  // can schedule a pause here to stop at the handler's first statement.
  std::function<void()> beforeHandlerCall;
};

class AppHost final : public net::HttpServerDelegate, private RequestObserver {
 public:
  AppHost(Runtime& runtime, AppConfig config);
  ~AppHost() override;
  AppHost(const AppHost&) = delete;
  AppHost& operator=(const AppHost&) = delete;

  // Runs the handler module and checks its default export. False (the reason is
  // on stderr) when it cannot serve.
  bool load();

  // Runs done() once no request is in flight (responses sent, waitUntil settled):
  // now, or when the last one finishes.
  void whenIdle(std::function<void()> done);
  size_t inFlight() const { return m_requests.size(); }
  // Runtime thread: a debugger paused the JS or let it go on; the CPU limit
  // does not count paused time.
  void setDebuggerPaused(bool paused);
  const AppConfig& config() const { return m_config; }

  // HttpServerDelegate
  void onRequest(const net::RequestHandle& exchange) override;
  void onRequestBodyReady(const net::RequestHandle& exchange) override;
  void onResponseWritable(const net::RequestHandle& exchange) override;
  void onRequestClosed(const net::RequestHandle& exchange) override;

  struct Request;

 private:
  class JsEntry;
  using RequestPtr = LocalPtr<Request>;  // runtime thread only

  // RequestObserver: per-request CPU time, ArrayBuffers, promises, fetches.
  void enterCallback(RequestId request, bool outermost) override;
  void leaveCallback(RequestId request, bool outermost) override;
  void promisesCreated(RequestId request, uint64_t count) override;
  void telemetryFlush() override;
  void arrayBufferAllocated(RequestId request, size_t bytes) override;
  void fetchStarted(RequestId request, uint64_t fetchId) override;

  // The functions of internals.serve the host calls.
  enum class ServeFn { Dispatch, Abort, Closed, BodyReady, Writable, Count };

  RequestPtr find(uint64_t id) const;
  // The request a count is for, borrowed for the count's update only.
  Request* counted(uint64_t id) const;
  RequestPtr requestOf(const net::RequestHandle& exchange) const;
  // Calls into JS with the request; returns the JS Request (empty when none was made).
  v8::Local<v8::Object> dispatch(const RequestPtr& request);
  // Sends a Response's parts; what the JS does with its body stream next.
  int respond(const RequestPtr& request, const v8::FunctionCallbackInfo<v8::Value>& parts);
  void onHandlerError(const RequestPtr& request, v8::Local<v8::Value> error, const char* what);
  void answerError(const RequestPtr& request, int status, std::string_view body);
  void onKill(uint64_t id, KillReason reason);
  void notifyJsClosed(const RequestPtr& request, bool aborted, std::string_view reason);
  void maybeFinish(const RequestPtr& request);
  // Tells internals.serve of a transport event (body data, room to write).
  void tellJs(const net::RequestHandle& exchange, ServeFn what);
  // The request's telemetry record with its costs so far (end = -1).
  // last: the Close record, which takes the request's texts and fetch ids.
  telemetry::RequestRecord recordOf(Request& request, bool last);
  // Publishes the request's record: its first Update goes out as the Open; a
  // Close carries the end time.
  void publish(Request& request, telemetry::Op op);
  // Publishes the request's state (Open, then Update) at the next tick of the
  // telemetry clock, unless it ends first: then its Close is its one record.
  void publishLater(Request& request);
  // The isolate's used heap, read at most once per outermost JS entry and
  // loop iteration (GetHeapStatistics walks every space).
  size_t heapUsed();
  void updateActive();
  // Adds the CPU time of the outermost JS entry so far, when it is this request's.
  void flushCpu(Request& request);
  // Calls a JS function of internals.serve; false when it threw (logged) or
  // was terminated (*terminated set: the watchdog answers).
  bool callServe(ServeFn fn, int argc, v8::Local<v8::Value>* argv, v8::Local<v8::Value>* result,
                 bool* terminated = nullptr);
  void logError(const RequestPtr& request, const std::string& text);

  // Native bindings given to internals.serve.init().
  static void jsBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsWrite(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsEnd(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsWaitUntilAdd(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsWaitUntilDone(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsPassThrough(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsBadRequest(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsHandlerFailed(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsBeforeHandler(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void jsRespond(const v8::FunctionCallbackInfo<v8::Value>& info);

  Runtime& m_runtime;
  AppConfig m_config;
  telemetry::Text m_appName;  // m_config.name, shared by every request record
  v8::Global<v8::Object> m_serve;  // internals.serve
  std::array<v8::Global<v8::Function>, static_cast<size_t>(ServeFn::Count)> m_serveFns;
  std::unique_ptr<Watchdog> m_watchdog;
  RecurringStringCache m_names{v8::NewStringType::kInternalized};  // methods and header names, as V8 strings
  StringBytesCache m_headerBytes;  // response header names and values, as bytes
  RecurringStringCache m_values;   // request header values and URLs, as V8 strings
  RequestUrl m_requestUrl;
  std::string m_url;  // the URL of the request being dispatched
  static constexpr size_t kScratchLimit = 256 * 1024;
  std::string m_scratch;        // a whole response body on its way to the transport
  std::string m_packedHeaders;  // its headers, "name\0value\0..."
  // Nodes from the pool of per-request memory (core/block_pool.h).
  std::unordered_map<uint64_t, RequestPtr, std::hash<uint64_t>, std::equal_to<uint64_t>,
                     PooledAllocator<std::pair<const uint64_t, RequestPtr>>>
      m_requests;
  std::vector<uint64_t> m_changed;  // requests publishLater() was asked for
  std::function<void()> m_whenIdle;
  Request* m_entryRequest = nullptr;  // the outermost JS entry's request
  RequestPtr m_entryKeep;             // ... when it finished during the entry
  JsClock m_jsClock;  // the time in JS, counted as CPU time (see js_clock.h)
  uint64_t m_entryCpuStart = 0;
  uint64_t m_entrySerial = 0;  // outermost JS entries so far
  bool m_debuggerPaused = false;
  size_t m_heapUsed = 0;
  std::vector<size_t> m_objectSpaces;  // indexes of the heap spaces heapUsed() reads
  std::pair<uint64_t, uint64_t> m_heapReadAt{~0ull, 0};  // (entry serial, loop time) of m_heapUsed
};

}  // namespace nano::serve
