#include "agent.h"

#include <cinttypes>
#include <cstdio>
#include <random>

#include "core/errors.h"
#include "core/platform.h"
#include "session.h"
#include "strings.h"

namespace nano::inspector {

namespace {

constexpr std::string_view kContextName = "nanojs";
constexpr std::string_view kDefaultContextAuxData = R"({"isDefault":true})";
constexpr std::string_view kCollectGarbage = "HeapProfiler.collectGarbage";

// Lets a V8 interrupt find the agent of its isolate (or learn it is gone).
struct AgentSlot {
  explicit AgentSlot(Runtime&) {}
  Agent* agent = nullptr;
};

std::string randomUuid() {
  std::random_device device;
  std::mt19937_64 generator((static_cast<uint64_t>(device()) << 32) ^ device());
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;    // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%012" PRIx64,
                high >> 32, (high >> 16) & 0xFFFF, high & 0xFFFF, low >> 48, static_cast<uint64_t>(low & 0xFFFFFFFFFFFFull));
  return text;
}

}  // namespace

// ---------------------------------------------------------------------------
// AgentHandle: any thread in, the runtime thread out.

void AgentHandle::post(Request request) {
  std::lock_guard lock(m_mutex);
  if (!m_alive) return;
  bool wasEmpty = m_queue.empty();
  m_queue.push_back(std::move(request));
  if (wasEmpty) {
    // Idle loop: the async handle. Busy JavaScript: the interrupt. Paused: the
    // condition variable. One wake-up per batch; the runtime drains it whole.
    uv_async_send(m_async);
    m_isolate->RequestInterrupt(&Agent::onInterrupt, nullptr);
  }
  m_ready.notify_all();
}

void AgentHandle::connect(int sessionId, std::shared_ptr<Outbound> outbound) {
  post({Request::Kind::Connect, sessionId, {}, std::move(outbound)});
}

void AgentHandle::dispatch(int sessionId, std::string message) {
  post({Request::Kind::Message, sessionId, std::move(message), nullptr});
}

void AgentHandle::disconnect(int sessionId) { post({Request::Kind::Disconnect, sessionId, {}, nullptr}); }

std::vector<AgentHandle::Request> AgentHandle::take() {
  std::vector<Request> batch;
  std::lock_guard lock(m_mutex);
  batch.swap(m_queue);
  return batch;
}

void AgentHandle::waitForRequest() {
  std::unique_lock lock(m_mutex);
  m_ready.wait(lock, [this] { return !m_queue.empty() || !m_alive; });
}

void AgentHandle::wake() {
  std::lock_guard lock(m_mutex);
  if (!m_alive) return;
  uv_async_send(m_async);
  m_isolate->RequestInterrupt(&Agent::onInterrupt, nullptr);
}

void AgentHandle::shutdown() {
  std::lock_guard lock(m_mutex);
  m_alive = false;
  m_queue.clear();
  m_ready.notify_all();
}

// ---------------------------------------------------------------------------
// Agent: the runtime thread.

struct Agent::Timer {
  uv_timer_t handle;
  TimerCallback callback;
  void* data;
};

Agent::Agent(Runtime& runtime, Target target) : m_runtime(runtime) {
  v8::Isolate* isolate = runtime.isolate();
  if (target.id.empty()) target.id = randomUuid();
  m_async = new uv_async_t;
  uv_async_init(runtime.loop(), m_async, &Agent::onAsync);
  m_async->data = this;
  // A debugger client never keeps a finished program alive by itself.
  uv_unref(reinterpret_cast<uv_handle_t*>(m_async));
  m_handle = std::shared_ptr<AgentHandle>(new AgentHandle(std::move(target), isolate, m_async));

  v8::HandleScope handles(isolate);
  m_inspector = v8_inspector::V8Inspector::create(isolate, this);
  v8_inspector::V8ContextInfo info(runtime.context(), kContextGroupId, latin1View(kContextName));
  // Without isDefault, Runtime.evaluate with no contextId finds no context.
  info.auxData = latin1View(kDefaultContextAuxData);
  m_inspector->contextCreated(info);
  runtime.state<AgentSlot>().agent = this;
  runtime.setInspectorHooks(this);
}

Agent::~Agent() {
  m_runtime.setInspectorHooks(nullptr);
  m_runtime.state<AgentSlot>().agent = nullptr;
  m_handle->shutdown();
  {
    v8::HandleScope handles(m_runtime.isolate());
    for (auto& [id, session] : m_sessions) session->close();
    m_sessions.clear();
    setConsoleForwarding(false);
    m_runtime.setDebuggerAttached(false);
    if (!m_contextDestroyed) m_inspector->contextDestroyed(m_runtime.context());
    m_inspector.reset();
  }
  for (auto& [data, timer] : m_timers) {
    uv_close(reinterpret_cast<uv_handle_t*>(&timer.release()->handle),
             [](uv_handle_t* handle) { delete static_cast<Timer*>(handle->data); });
  }
  m_timers.clear();
  uv_close(reinterpret_cast<uv_handle_t*>(m_async),
           [](uv_handle_t* handle) { delete reinterpret_cast<uv_async_t*>(handle); });
}

void Agent::onAsync(uv_async_t* handle) {
  Agent& agent = *static_cast<Agent*>(handle->data);
  if (agent.m_dispatchDepth > 0) return;
  RuntimeScope scope(agent.m_runtime);
  agent.processRequests();
  // Runtime.evaluate may have queued promise jobs (awaitPromise waits on them).
  agent.m_runtime.checkpoint();
}

void Agent::onInterrupt(v8::Isolate* isolate, void*) {
  // JavaScript is running (maybe a busy loop): serve the debugger right here.
  Agent* agent = Runtime::from(isolate).state<AgentSlot>().agent;
  if (!agent || agent->m_dispatchDepth > 0) return;
  v8::HandleScope handles(isolate);
  agent->processRequests();
}

void Agent::processRequests() {
  ++m_dispatchDepth;
  for (;;) {
    // A resume ends the pause loop; what follows is handled after JS goes on.
    if (m_inPauseLoop && m_quitPause) break;
    if (m_pending.empty()) {
      std::vector<AgentHandle::Request> batch = m_handle->take();
      if (batch.empty()) break;
      for (AgentHandle::Request& request : batch) m_pending.push_back(std::move(request));
    }
    AgentHandle::Request request = std::move(m_pending.front());
    m_pending.pop_front();
    v8::HandleScope handles(m_runtime.isolate());
    handleRequest(request);
  }
  --m_dispatchDepth;
}

void Agent::handleRequest(AgentHandle::Request& request) {
  switch (request.kind) {
    case AgentHandle::Request::Kind::Connect: {
      if (m_contextDestroyed) {
        request.outbound->close();  // the program has ended
        return;
      }
      bool first = m_sessions.empty();
      m_sessions[request.sessionId] =
          std::make_unique<Session>(request.sessionId, std::move(request.outbound), *m_inspector, kContextGroupId);
      if (first) {
        setConsoleForwarding(true);
        m_runtime.setDebuggerAttached(true);
      }
      return;
    }
    case AgentHandle::Request::Kind::Message: {
      auto it = m_sessions.find(request.sessionId);
      if (it != m_sessions.end()) dispatchMessage(*it->second, request.message);
      return;
    }
    case AgentHandle::Request::Kind::Disconnect:
      endSession(request.sessionId);
      return;
  }
}

void Agent::dispatchMessage(Session& session, const std::string& message) {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::Local<v8::Context> context = m_runtime.context();
  // Most messages go straight to V8; only ours (and the one V8 answers from a
  // task) are parsed first.
  if (!m_domains.empty() || message.find(kCollectGarbage) != std::string::npos) {
    v8::TryCatch guard(isolate);
    v8::Local<v8::Value> parsed;
    v8::Local<v8::Value> method;
    v8::Local<v8::Value> id;
    if (v8::JSON::Parse(context, toV8String(isolate, message)).ToLocal(&parsed) && parsed->IsObject() &&
        parsed.As<v8::Object>()->Get(context, toV8String(isolate, "method")).ToLocal(&method) &&
        method->IsString()) {
      v8::Local<v8::Object> request = parsed.As<v8::Object>();
      int callId = 0;
      if (request->Get(context, toV8String(isolate, "id")).ToLocal(&id) && id->IsInt32())
        callId = id.As<v8::Int32>()->Value();
      std::string name = toStdString(isolate, method);
      if (name == kCollectGarbage) {
        // V8 10.2 collects from a foreground task, which cannot run while
        // JavaScript is paused or busy: collect here and answer at once.
        isolate->LowMemoryNotification();
        session.send("{\"id\":" + std::to_string(callId) + ",\"result\":{}}");
        return;
      }
      Utf16 methodName(isolate, method.As<v8::String>());
      if (!v8_inspector::V8InspectorSession::canDispatchMethod(methodName.view())) {
        const int sessionId = session.id();
        for (DomainHandler* domain : std::vector<DomainHandler*>(m_domains))
          if (domain->handle(*this, sessionId, callId, name, request)) return;
      }
    }
  }
  Utf16 text(message);
  session.v8().dispatchProtocolMessage(text.view());
}

void Agent::endSession(int sessionId) {
  auto it = m_sessions.find(sessionId);
  if (it == m_sessions.end()) return;
  std::unique_ptr<Session> session = std::move(it->second);
  m_sessions.erase(it);
  for (DomainHandler* domain : std::vector<DomainHandler*>(m_domains)) domain->sessionEnded(*this, sessionId);
  // Disabling its Debugger domain lets go of a pause this session held.
  session.reset();
  if (m_sessions.empty()) {
    setConsoleForwarding(false);
    m_runtime.setDebuggerAttached(false);
    // Nobody is left to resume a paused program: it goes on by itself.
    if (m_inPauseLoop) m_quitPause = true;
  }
}

void Agent::removeDomainHandler(DomainHandler* handler) { std::erase(m_domains, handler); }

void Agent::sendToSession(int sessionId, std::string message) {
  auto it = m_sessions.find(sessionId);
  if (it != m_sessions.end()) it->second->send(std::move(message));
}

void Agent::broadcast(const std::string& message) {
  for (auto& [id, session] : m_sessions) session->send(message);
}

// 04_console.js sends each console call to internals.inspectorConsole too
// while it is set: V8's own console methods, which report to the sessions.
void Agent::setConsoleForwarding(bool on) {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> context = m_runtime.context();
  v8::Local<v8::Object> internals = m_runtime.internals();
  v8::TryCatch guard(isolate);
  v8::Local<v8::String> key = toV8String(isolate, "inspectorConsole");
  if (!on) {
    // Kept as an own property so 04_console.js never looks up the prototype chain.
    internals->Set(context, key, v8::Undefined(isolate)).FromMaybe(false);
    return;
  }
  v8::Local<v8::Value> v8Console;
  if (internals->Get(context, toV8String(isolate, "v8Console")).ToLocal(&v8Console) && v8Console->IsObject())
    internals->Set(context, key, v8Console).FromMaybe(false);
}

void Agent::setPaused(bool paused) {
  int before = m_pauseDepth;
  m_pauseDepth += paused ? 1 : -1;
  if (m_pauseListener && (before == 0) != (m_pauseDepth == 0)) m_pauseListener(paused);
}

void Agent::waitForDebugger() {
  m_waitingForDebugger = true;
  setPaused(true);
  v8::HandleScope handles(m_runtime.isolate());
  while (m_waitingForDebugger) {
    if (m_pending.empty()) m_handle->waitForRequest();
    processRequests();
  }
  setPaused(false);
}

void Agent::pauseOnNextStatement(std::string_view reason) {
  for (auto& [id, session] : m_sessions)
    session->v8().schedulePauseOnNextStatement(latin1View(reason), v8_inspector::StringView());
}

void Agent::waitForDisconnect(const std::function<void()>& announce) {
  if (m_sessions.empty() || m_contextDestroyed) return;
  if (announce) announce();
  v8::HandleScope handles(m_runtime.isolate());
  // DevTools learns the program is over; profiles and snapshots still work.
  m_contextDestroyed = true;
  m_inspector->contextDestroyed(m_runtime.context());
  setPaused(true);
  while (!m_sessions.empty()) {
    if (m_pending.empty()) m_handle->waitForRequest();
    processRequests();
  }
  setPaused(false);
}

void Agent::runMessageLoopOnPause(int) {
  if (m_inPauseLoop) return;
  m_inPauseLoop = true;
  m_quitPause = false;
  setPaused(true);
  // Only inspector messages run here: the uv loop (timers, sockets) waits.
  while (!m_quitPause && !m_sessions.empty()) {
    if (m_pending.empty()) m_handle->waitForRequest();
    processRequests();
  }
  m_inPauseLoop = false;
  setPaused(false);
  if (!m_pending.empty()) m_handle->wake();
}

void Agent::quitMessageLoopOnPause() { m_quitPause = true; }

void Agent::runIfWaitingForDebugger(int) { m_waitingForDebugger = false; }

v8::Local<v8::Context> Agent::ensureDefaultContextInGroup(int) { return m_runtime.context(); }

double Agent::currentTimeMS() { return Platform::instance().CurrentClockTimeMillis(); }

void Agent::startRepeatingTimer(double interval, TimerCallback callback, void* data) {
  cancelTimer(data);
  auto timer = std::make_unique<Timer>();
  timer->callback = callback;
  timer->data = data;
  uv_timer_init(m_runtime.loop(), &timer->handle);
  timer->handle.data = timer.get();
  auto ms = static_cast<uint64_t>(interval * 1000);
  uv_timer_start(
      &timer->handle,
      [](uv_timer_t* handle) {
        Timer* self = static_cast<Timer*>(handle->data);
        self->callback(self->data);
      },
      ms, ms == 0 ? 1 : ms);
  uv_unref(reinterpret_cast<uv_handle_t*>(&timer->handle));
  m_timers[data] = std::move(timer);
}

void Agent::cancelTimer(void* data) {
  auto it = m_timers.find(data);
  if (it == m_timers.end()) return;
  uv_close(reinterpret_cast<uv_handle_t*>(&it->second.release()->handle),
           [](uv_handle_t* handle) { delete static_cast<Timer*>(handle->data); });
  m_timers.erase(it);
}

void Agent::uncaughtException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message,
                              bool inPromise) {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> context = m_runtime.context();
  int scriptId = message->GetScriptOrigin().ScriptId();
  v8::Local<v8::StackTrace> stack = message->GetStackTrace();
  // With a stack trace, V8 takes the location from it; the script id would override it.
  if (!stack.IsEmpty() && stack->GetFrameCount() > 0 && scriptId == stack->GetFrame(isolate, 0)->GetScriptId())
    scriptId = 0;
  v8::Local<v8::Value> resourceName = message->GetScriptResourceName();
  Utf16 detail(isolate, message->Get());
  Utf16 url(isolate, resourceName->IsString() ? resourceName.As<v8::String>() : toV8String(isolate, ""));
  std::string_view text = inPromise ? "Uncaught (in promise)" : "Uncaught";
  m_inspector->exceptionThrown(context, latin1View(text), exception, detail.view(), url.view(),
                               static_cast<unsigned>(message->GetLineNumber(context).FromMaybe(0)),
                               static_cast<unsigned>(message->GetStartColumn(context).FromMaybe(0)),
                               m_inspector->createStackTrace(stack), scriptId);
}

}  // namespace nano::inspector
