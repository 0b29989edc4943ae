#include "runtime.h"

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "../api/ops.h"
#include "../api/telemetry.h"
#include "array_buffer_allocator.h"
#include "embedded_js.h"
#include "errors.h"
#include "modules.h"
#include "platform.h"
#include "telemetry/feed.h"

namespace nano {

namespace {

constexpr uint32_t kRuntimeSlot = 0;

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

uint64_t RuntimeOptions::defaultTelemetryFlushMs() {
  constexpr uint64_t kDefault = 25;
  static const uint64_t value = [] {
    const char* text = std::getenv("NANO_TELEMETRY_FLUSH_MS");
    if (!text || !*text) return kDefault;
    char* end = nullptr;
    unsigned long long ms = std::strtoull(text, &end, 10);
    if (*end != '\0' || ms == 0 || ms > 60'000) {
      std::fprintf(stderr, "nano: ignoring NANO_TELEMETRY_FLUSH_MS=%s (expected 1 to 60000 ms)\n", text);
      return kDefault;
    }
    return static_cast<uint64_t>(ms);
  }();
  return value;
}

Runtime::Runtime(RuntimeOptions options) : m_options(std::move(options)) {
  Platform& platform = Platform::instance();
  uv_loop_init(&m_loop);
  uv_timer_init(&m_loop, &m_telemetryTimer);
  uv_unref(reinterpret_cast<uv_handle_t*>(&m_telemetryTimer));
  m_telemetryTimer.data = this;
  if (m_options.telemetry) {
    m_telemetryStage = std::make_unique<telemetry::Feed::Stage>(*m_options.telemetry);
    uv_prepare_init(&m_loop, &m_telemetryPrepare);
    uv_unref(reinterpret_cast<uv_handle_t*>(&m_telemetryPrepare));
    m_telemetryPrepare.data = this;
    uv_prepare_start(&m_telemetryPrepare, [](uv_prepare_t* prepare) {
      static_cast<Runtime*>(prepare->data)->m_telemetryStage->flush();
    });
  }
  m_timeOrigin = platform.CurrentClockTimeMillis();
  m_startHrtime = uv_hrtime();

  m_allocator = std::make_unique<AttributingAllocator>([this](size_t bytes) {
    if (m_requestObserver && m_callbackRequest) m_requestObserver->arrayBufferAllocated(m_callbackRequest, bytes);
  });
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = m_allocator.get();
  m_isolate = v8::Isolate::Allocate();
  platform.registerIsolate(m_isolate, &m_loop, [this] {
    RuntimeScope scope(*this);
    checkpoint();
  });
  v8::Isolate::Initialize(m_isolate, params);
  m_isolate->Enter();
  m_isolate->SetData(kRuntimeSlot, this);
  m_isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
  m_isolate->SetPromiseRejectCallback(&Runtime::onPromiseReject);
  m_isolate->SetCaptureStackTraceForUncaughtExceptions(true, 10);

  v8::HandleScope handles(m_isolate);
  v8::Local<v8::Context> context = v8::Context::New(m_isolate);
  m_context.Reset(m_isolate, context);
  // The runtime thread owns this context for the runtime's lifetime.
  context->Enter();
  m_modules = std::make_unique<ModuleLoader>(*this);
  installGlobals();
  runBootstrapJs();
}

Runtime::~Runtime() {
  {
    v8::HandleScope handles(m_isolate);
    m_rejections.clear();
    m_states.clear();
    m_modules.reset();
    m_internals.Reset();
    m_internalNames.clear();
    m_promiseCounter.reset();
    context()->Exit();
    m_context.Reset();
  }
  Platform::instance().unregisterIsolate(m_isolate);
  // Close what the JS side left open (timers of a failed run), then the loop.
  uv_walk(
      &m_loop,
      [](uv_handle_t* handle, void*) {
        if (!uv_is_closing(handle)) uv_close(handle, nullptr);
      },
      nullptr);
  // A uv_stop() issued outside uv_run (nano.exit() in the top-level script)
  // leaves the stop flag set and makes one uv_run return early: run until the
  // close callbacks and pending requests (a DNS lookup on the threadpool) are done.
  while (uv_run(&m_loop, UV_RUN_DEFAULT) != 0) {
  }
  m_telemetryStage.reset();  // hands over what teardown published
  m_isolate->Exit();
  m_isolate->Dispose();
  uv_loop_close(&m_loop);
}

Runtime& Runtime::from(v8::Isolate* isolate) {
  return *static_cast<Runtime*>(isolate->GetData(kRuntimeSlot));
}

void Runtime::installGlobals() {
  v8::Local<v8::Context> context = this->context();
  v8::Local<v8::Object> global = context->Global();
  // WebIDL globals are non-enumerable; `self` is the global itself, as in workers.
  global->DefineOwnProperty(context, toV8String(m_isolate, "self"), global, v8::DontEnum).Check();
  m_internals.Reset(m_isolate, v8::Object::New(m_isolate));
}

void Runtime::runBootstrapJs() {
  v8::Local<v8::Context> context = this->context();
  v8::Local<v8::Object> ops = v8::Object::New(m_isolate);
  OpsBuilder builder(m_isolate, context, ops);
  installAllOps(builder);

  v8::Local<v8::String> params[] = {toV8String(m_isolate, "globalThis"),
                                    toV8String(m_isolate, "ops"),
                                    toV8String(m_isolate, "internals")};
  for (const EmbeddedJs& file : embeddedJs()) {
    v8::TryCatch guard(m_isolate);
    std::string name = std::string("nano:internal/") + file.name;
    v8::ScriptOrigin origin(m_isolate, toV8String(m_isolate, name));
    v8::ScriptCompiler::Source source(toV8String(m_isolate, {file.source, file.size}), origin);
    v8::Local<v8::Function> fn;
    v8::Local<v8::Value> args[] = {context->Global(), ops, internals()};
    if (!v8::ScriptCompiler::CompileFunction(context, &source, 3, params).ToLocal(&fn) ||
        fn->Call(context, v8::Undefined(m_isolate), 3, args).IsEmpty()) {
      // A broken built-in is a build defect: say which file and stop.
      std::fprintf(stderr, "nano: bootstrap failed in %s\n%s", name.c_str(),
                   formatException(m_isolate, guard.Exception(), guard.Message(), false).c_str());
      std::abort();
    }
  }
}

telemetry::Feed* Runtime::telemetry() const {
  telemetry::Feed* feed = m_options.telemetry;
  return feed && feed->enabled() ? feed : nullptr;
}

v8::MaybeLocal<v8::Function> Runtime::internalFunction(std::string_view name) {
  auto [it, inserted] = m_internalNames.try_emplace(std::string(name));
  if (inserted) it->second.Reset(m_isolate, toV8String(m_isolate, name));
  v8::Local<v8::Value> value;
  if (!internals()->Get(context(), it->second.Get(m_isolate)).ToLocal(&value) ||
      !value->IsFunction())
    return {};
  return value.As<v8::Function>();
}

void Runtime::write(OutputStream stream, std::string_view text) {
  if (m_options.output) {
    m_options.output(stream, text);
    return;
  }
  FILE* out = stream == OutputStream::Stdout ? stdout : stderr;
  std::fwrite(text.data(), 1, text.size(), out);
  if (stream == OutputStream::Stderr) std::fflush(out);
}

void Runtime::exit(int code) {
  m_exitCode = code;
  m_stopping = true;
  uv_stop(&m_loop);
}

void Runtime::onPromiseReject(v8::PromiseRejectMessage message) {
  v8::Local<v8::Promise> promise = message.GetPromise();
  v8::Isolate* isolate = promise->GetIsolate();
  Runtime& runtime = Runtime::from(isolate);
  switch (message.GetEvent()) {
    case v8::kPromiseRejectWithNoHandler:
      runtime.m_rejections.push_back(
          {v8::Global<v8::Promise>(isolate, promise), v8::Global<v8::Value>(isolate, message.GetValue())});
      break;
    case v8::kPromiseHandlerAddedAfterReject:
      std::erase_if(runtime.m_rejections,
                    [&](const PendingRejection& r) { return r.promise.Get(isolate) == promise; });
      break;
    default:
      break;
  }
}

void Runtime::checkpoint() {
  if (m_checkpointDepth > 0 || m_stopping) return;
  ++m_checkpointDepth;
  m_isolate->PerformMicrotaskCheckpoint();
  processRejections();
  --m_checkpointDepth;
}

void Runtime::requestTelemetryFlush() {
  if (m_telemetryFlushDue) return;
  m_telemetryFlushDue = true;
  uv_timer_start(
      &m_telemetryTimer,
      [](uv_timer_t* timer) {
        Runtime& runtime = *static_cast<Runtime*>(timer->data);
        RuntimeScope scope(runtime);
        runtime.flushTelemetry();
        runtime.checkpoint();
      },
      m_options.telemetryFlushMs, 0);
}

void Runtime::flushTelemetry() {
  if (!m_telemetryFlushDue) return;
  m_telemetryFlushDue = false;
  uv_timer_stop(&m_telemetryTimer);
  publishPendingPromises(*this);
  if (m_requestObserver) m_requestObserver->telemetryFlush();
  v8::HandleScope handles(m_isolate);
  v8::Local<v8::Function> flush;
  if (!internalFunction("flushTelemetry").ToLocal(&flush)) return;
  v8::TryCatch guard(m_isolate);
  if (flush->Call(context(), v8::Undefined(m_isolate), 0, nullptr).IsEmpty() && guard.HasCaught() &&
      guard.CanContinue())
    reportUncaught(guard.Exception(), guard.Message());
}

void Runtime::processRejections() {
  while (!m_rejections.empty() && !m_stopping) {
    std::vector<PendingRejection> batch;
    batch.swap(m_rejections);
    for (PendingRejection& rejection : batch) {
      if (m_stopping) return;
      v8::HandleScope handles(m_isolate);
      v8::Local<v8::Promise> promise = rejection.promise.Get(m_isolate);
      v8::Local<v8::Value> reason = rejection.reason.Get(m_isolate);
      if (promise->HasHandler()) continue;
      // "unhandledrejection" on globalThis; preventDefault() keeps the process alive.
      v8::Local<v8::Function> dispatch;
      if (internalFunction("dispatchUnhandledRejection").ToLocal(&dispatch)) {
        v8::TryCatch guard(m_isolate);
        v8::Local<v8::Value> args[] = {promise, reason};
        v8::Local<v8::Value> handled;
        if (dispatch->Call(context(), v8::Undefined(m_isolate), 2, args).ToLocal(&handled) &&
            handled->IsTrue())
          continue;
      }
      v8::Local<v8::Message> message = v8::Exception::CreateMessage(m_isolate, reason);
      reportUncaught(reason, message, true);
    }
    m_isolate->PerformMicrotaskCheckpoint();
  }
}

void Runtime::reportUncaught(v8::Local<v8::Value> exception, v8::Local<v8::Message> message,
                             bool inPromise) {
  if (m_stopping) return;
  if (m_isolate->IsExecutionTerminating()) return;
  if (!inPromise) {
    v8::Local<v8::Function> dispatch;
    if (internalFunction("dispatchUncaughtError").ToLocal(&dispatch)) {
      v8::TryCatch guard(m_isolate);
      v8::Local<v8::Value> args[] = {exception};
      v8::Local<v8::Value> handled;
      if (dispatch->Call(context(), v8::Undefined(m_isolate), 1, args).ToLocal(&handled) &&
          handled->IsTrue())
        return;
    }
  }
  if (m_inspectorHooks) m_inspectorHooks->uncaughtException(exception, message, inPromise);
  write(OutputStream::Stderr, formatException(m_isolate, exception, message, inPromise));
  if (m_options.exitOnUncaught) exit(1);
}

void Runtime::setRequestObserver(RequestObserver* observer) {
  countPromisesFor(m_callbackRequest);
  m_requestObserver = observer;
  installPromiseCounter();
}

void Runtime::setDebuggerAttached(bool attached) {
  if (attached == m_debuggerAttached) return;
  m_debuggerAttached = attached;
  installPromiseCounter();
}

void Runtime::setPromiseCounting(bool on) {
  if (on == m_promiseCounting) return;
  countPromisesFor(m_callbackRequest);
  m_promiseCounting = on;
  installPromiseCounter();
}

// Promises are counted only when someone looks at the counts and wants them.
void Runtime::installPromiseCounter() {
  if (m_context.IsEmpty()) return;
  v8::HandleScope handles(m_isolate);
  v8::Context::Scope entered(context());  // the JS hook is compiled on first use
  m_promiseCounter.install(context(), promisesCounted(), m_debuggerAttached);
}

void Runtime::countPromisesFor(RequestId request) {
  uint64_t count = m_promiseCounter.take();
  if (count > 0 && request && m_requestObserver) m_requestObserver->promisesCreated(request, count);
}

void Runtime::callback(v8::Local<v8::Function> fn, v8::Local<v8::Value> recv, int argc,
                       v8::Local<v8::Value>* argv) {
  if (m_stopping) return;
  {
    v8::TryCatch guard(m_isolate);
    if (fn->Call(context(), recv, argc, argv).IsEmpty() && guard.HasCaught() &&
        guard.CanContinue())
      reportUncaught(guard.Exception(), guard.Message());
  }
  checkpoint();
}

bool Runtime::evalScript(std::string_view code, std::string_view name,
                         v8::Local<v8::Value>* result) {
  if (!result) {
    v8::HandleScope handles(m_isolate);
    v8::Local<v8::Value> ignored;
    return evalScript(code, name, &ignored);
  }
  v8::EscapableHandleScope handles(m_isolate);
  v8::TryCatch guard(m_isolate);
  v8::Local<v8::Context> context = this->context();
  v8::ScriptOrigin origin(m_isolate, toV8String(m_isolate, name));
  v8::ScriptCompiler::Source source(toV8String(m_isolate, code), origin);
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> value;
  bool compiled = v8::ScriptCompiler::Compile(context, &source).ToLocal(&script);
  // Running it is a task: the loop's clock (uv_now) says when it began.
  if (compiled) uv_update_time(&m_loop);
  if (!compiled || !script->Run(context).ToLocal(&value)) {
    if (guard.HasCaught() && guard.CanContinue()) reportUncaught(guard.Exception(), guard.Message());
    checkpoint();
    return false;
  }
  if (result) *result = handles.Escape(value);
  checkpoint();
  return true;
}

bool Runtime::runFile(const std::string& path, SourceKind kind) {
  v8::HandleScope handles(m_isolate);
  std::string absolute = ModuleLoader::absolutePath(path);
  std::string code;
  if (!ModuleLoader::readFile(absolute, code)) {
    write(OutputStream::Stderr, "error: cannot read " + path + ": " + std::strerror(errno) + "\n");
    m_exitCode = 1;
    return false;
  }
  if (kind == SourceKind::Auto) {
    if (endsWith(absolute, ".mjs"))
      kind = SourceKind::Module;
    else if (endsWith(absolute, ".cjs"))
      kind = SourceKind::Script;
    else
      kind = ModuleLoader::looksLikeModule(m_isolate, context(), code, absolute)
                 ? SourceKind::Module
                 : SourceKind::Script;
  }
  if (kind == SourceKind::Module) return m_modules->runMain(absolute, code);
  return evalScript(code, ModuleLoader::fileUrl(absolute));
}

void Runtime::runLoop() {
  while (!m_stopping) {
    int alive = uv_run(&m_loop, UV_RUN_DEFAULT);
    if (m_stopping) break;
    // V8 may have posted foreground tasks that keep no handle alive.
    {
      RuntimeScope scope(*this);
      checkpoint();
    }
    if (!alive && !uv_loop_alive(&m_loop)) break;
  }
  if (!m_stopping) {
    RuntimeScope scope(*this);
    flushTelemetry();  // the states of what is still open
    checkpoint();
  }
  if (m_telemetryStage) m_telemetryStage->flush();
  if (!m_stopping) m_modules->checkMainSettled();
}

void Runtime::runLoopOnce() {
  uv_run(&m_loop, UV_RUN_NOWAIT);
  RuntimeScope scope(*this);
  checkpoint();
  if (m_telemetryStage) m_telemetryStage->flush();
}

}  // namespace nano
