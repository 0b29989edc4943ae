#pragma once
// Runtime: one isolate, one context and one uv loop, all owned by the thread
// that constructs it. Every method is called on that thread.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <uv.h>
#include <v8.h>

#include "promise_counter.h"
#include "telemetry/feed.h"
#include "request_context.h"

namespace nano {

namespace telemetry {
class Feed;
}

class ModuleLoader;

// What an attached debugger (inspector/) hears from the runtime. Called on
// the runtime thread.
class InspectorHooks {
 public:
  virtual ~InspectorHooks() = default;
  // An uncaught exception or unhandled rejection that is about to be printed
  // (no "error"/"unhandledrejection" listener prevented it).
  virtual void uncaughtException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message,
                                 bool inPromise) = 0;
};

enum class OutputStream { Stdout, Stderr };
enum class SourceKind { Auto, Script, Module };

struct RuntimeOptions {
  std::vector<std::string> args;  // exposed to JS as nano.args
  // Where console output goes; stdout/stderr when empty.
  std::function<void(OutputStream, std::string_view)> output;
  // A REPL reports uncaught errors and carries on; a script run ends with exit code 1.
  bool exitOnUncaught = true;
  // Where streams, fetches, promises and requests are reported; none when null.
  telemetry::Feed* telemetry = nullptr;
  // The telemetry clock (see Runtime::requestTelemetryFlush). The environment
  // variable NANO_TELEMETRY_FLUSH_MS sets it for a process: a benchmark run
  // under valgrind, 50 times slower, stretches it so that a flush covers as
  // many requests as natively.
  uint64_t telemetryFlushMs = defaultTelemetryFlushMs();
  static uint64_t defaultTelemetryFlushMs();
};

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  static Runtime& from(v8::Isolate* isolate);

  // Runs a file as a classic script or an ES module. Auto picks a module for
  // .mjs, a script for .cjs, and for anything else a script unless it only
  // parses as a module. Returns false when it threw (already reported).
  bool runFile(const std::string& path, SourceKind kind = SourceKind::Auto);
  // Evaluates a classic script; *result receives the completion value (the
  // caller then holds a HandleScope).
  bool evalScript(std::string_view code, std::string_view name,
                  v8::Local<v8::Value>* result = nullptr);
  // Turns the uv loop until no work is left or a fatal error stopped it.
  void runLoop();
  // Turns the loop once without blocking (used by the REPL between lines).
  void runLoopOnce();

  // After native code ran JS from a loop callback: microtasks, then rejections
  // that are still unhandled. Safe to call re-entrantly (no-op when nested).
  void checkpoint();
  // Telemetry batched between flushes (stream states, pending promises) is
  // published on a clock, RuntimeOptions::telemetryFlushMs (25 ms) after the
  // first request since the last flush: a viewer samples at about that rate,
  // and whatever opened and closed in between costs one record or none. The
  // last flush runs when the loop ends.
  void requestTelemetryFlush();
  // Calls fn(args) as a macrotask: reports what it throws, then checkpoint().
  void callback(v8::Local<v8::Function> fn, v8::Local<v8::Value> recv, int argc,
                v8::Local<v8::Value>* argv);
  // An exception nobody caught: dispatched as an "error" event on globalThis;
  // unless prevented, printed, the exit code set to 1 and the loop stopped.
  void reportUncaught(v8::Local<v8::Value> exception, v8::Local<v8::Message> message,
                      bool inPromise = false);
  void write(OutputStream stream, std::string_view text);
  // The inspector agent attaches itself here (null detaches).
  void setInspectorHooks(InspectorHooks* hooks) { m_inspectorHooks = hooks; }
  // The serve host attaches itself here to count per request (null detaches).
  // With a telemetry feed this also installs a promise hook to count promises.
  void setRequestObserver(RequestObserver* observer);
  RequestObserver* requestObserver() const { return m_requestObserver; }
  // The promises made since the last call (counted by the context's promise
  // hook, a JS function) go to `request`'s count (none: dropped). Called where
  // the running request changes (RequestCallbackScope) and before a count is
  // read: promises belong to the JS entry that made them, like CPU time.
  void countPromisesFor(RequestId request);
  // Whether every promise is counted (on by default; the workbench turns it
  // off until asked): the hook sends each promise and await through V8's
  // slower paths, and allocates a throwaway promise per await.
  void setPromiseCounting(bool on);
  bool promisesCounted() const { return m_requestObserver && telemetry() && m_promiseCounting; }
  // A debugger session is connected (the inspector agent tells): nothing of
  // the runtime's own may then be JS the debugger could step into.
  void setDebuggerAttached(bool attached);
  // The request of the innermost RequestCallbackScope (0: none).
  RequestId callbackRequest() const { return m_callbackRequest; }

  int exitCode() const { return m_exitCode; }
  bool failed() const { return m_exitCode != 0; }
  void exit(int code);  // stops the loop; runFile/runLoop return

  v8::Isolate* isolate() const { return m_isolate; }
  v8::Local<v8::Context> context() const { return m_context.Get(m_isolate); }
  v8::Local<v8::Object> internals() const { return m_internals.Get(m_isolate); }
  uv_loop_t* loop() { return &m_loop; }
  ModuleLoader& modules() { return *m_modules; }
  const RuntimeOptions& options() const { return m_options; }
  // The telemetry feed when one is attached and enabled, else null (publishers skip work).
  telemetry::Feed* telemetry() const;
  // Milliseconds since the Unix epoch when this runtime started (performance.timeOrigin).
  double timeOrigin() const { return m_timeOrigin; }
  uint64_t startHrtime() const { return m_startHrtime; }

  // Per-runtime state of an op family (timers, ...): created on first use with
  // T(Runtime&), destroyed before the loop closes.
  template <class T>
  T& state() {
    std::shared_ptr<void>& slot = m_states[&kStateKey<T>];
    if (!slot) slot = std::shared_ptr<void>(new T(*this), [](void* p) { delete static_cast<T*>(p); });
    return *static_cast<T*>(slot.get());
  }

  // Looks up a function installed on the internals object by the JS bootstrap.
  v8::MaybeLocal<v8::Function> internalFunction(std::string_view name);

 private:
  friend class ModuleLoader;
  friend class RequestCallbackScope;
  struct PendingRejection {
    v8::Global<v8::Promise> promise;
    v8::Global<v8::Value> reason;
  };
  static void onPromiseReject(v8::PromiseRejectMessage message);
  void installPromiseCounter();
  void installGlobals();
  void runBootstrapJs();
  void processRejections();
  void flushTelemetry();

  RuntimeOptions m_options;
  uv_loop_t m_loop{};
  std::unique_ptr<v8::ArrayBuffer::Allocator> m_allocator;
  v8::Isolate* m_isolate = nullptr;
  v8::Global<v8::Context> m_context;
  PromiseCounter m_promiseCounter;  // per-request promise totals (setRequestObserver)
  bool m_debuggerAttached = false;
  bool m_promiseCounting = true;
  v8::Global<v8::Object> m_internals;
  // Property keys of internalFunction(): made once, not on every call (the
  // telemetry flush and every timer look one up).
  std::unordered_map<std::string, v8::Global<v8::String>> m_internalNames;
  std::unique_ptr<ModuleLoader> m_modules;
  std::vector<PendingRejection> m_rejections;
  // Keyed by the address of a per-type variable: works without RTTI (V8 has none).
  template <class T>
  static inline const char kStateKey = 0;
  std::unordered_map<const void*, std::shared_ptr<void>> m_states;
  int m_checkpointDepth = 0;
  uv_timer_t m_telemetryTimer{};  // unreferenced: it keeps no loop alive
  // This thread's telemetry events, handed to the feed once per loop turn by
  // m_telemetryPrepare (unreferenced too), right before the loop waits.
  std::unique_ptr<telemetry::Feed::Stage> m_telemetryStage;
  uv_prepare_t m_telemetryPrepare{};
  bool m_telemetryFlushDue = false;
  InspectorHooks* m_inspectorHooks = nullptr;
  RequestObserver* m_requestObserver = nullptr;
  RequestId m_callbackRequest = 0;
  int m_callbackDepth = 0;
  int m_exitCode = 0;
  bool m_stopping = false;
  double m_timeOrigin = 0;
  uint64_t m_startHrtime = 0;
};

// HandleScope + Context::Scope for native code entering the runtime from a
// loop callback. Called on the runtime thread.
class RuntimeScope {
 public:
  explicit RuntimeScope(Runtime& runtime)
      : m_handles(runtime.isolate()), m_context(runtime.context()) {}

 private:
  v8::HandleScope m_handles;
  v8::Context::Scope m_context;
};

}  // namespace nano
