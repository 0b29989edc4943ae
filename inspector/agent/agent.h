#pragma once
// The V8 inspector of one Runtime (layer 1 of inspector/README.md).
//
// Agent lives on the runtime thread: it is the V8InspectorClient, registers
// the runtime's context as the default context of group 1, owns one Session
// per attached client and runs the message loop while JavaScript is paused.
// AgentHandle is its thread-safe front: other threads queue connects,
// messages and disconnects there; the runtime thread is woken by uv_async_send
// (idle loop), Isolate::RequestInterrupt (busy JavaScript) and a condition
// variable (paused, or waiting for a debugger).
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <uv.h>
#include <v8-inspector.h>
#include <v8.h>

#include "core/runtime.h"
#include "server/server_delegate.h"

namespace nano::inspector {

class Agent;
class Session;

class AgentHandle {
 public:
  // Any thread. Queued for the runtime thread; dropped once the agent is gone.
  void connect(int sessionId, std::shared_ptr<Outbound> outbound);
  void dispatch(int sessionId, std::string message);
  void disconnect(int sessionId);

  const Target& target() const { return m_target; }  // immutable

 private:
  friend class Agent;
  struct Request {
    enum class Kind { Connect, Message, Disconnect } kind;
    int sessionId;
    std::string message;
    std::shared_ptr<Outbound> outbound;
  };

  AgentHandle(Target target, v8::Isolate* isolate, uv_async_t* async)
      : m_target(std::move(target)), m_isolate(isolate), m_async(async) {}
  void post(Request request);
  // Runtime thread.
  std::vector<Request> take();
  void waitForRequest();  // blocks until something is queued
  void wake();            // the runtime thread should look at the queue again
  void shutdown();        // the agent is going: later posts are dropped

  const Target m_target;
  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::vector<Request> m_queue;
  bool m_alive = true;
  v8::Isolate* m_isolate;
  uv_async_t* m_async;
};

// Our own CDP domains (e.g. Network, fed by the fetch observer) get the
// methods V8 does not claim (V8InspectorSession::canDispatchMethod).
class DomainHandler {
 public:
  virtual ~DomainHandler() = default;
  // Runtime thread. False when the method is not this handler's; V8 then
  // answers "'Domain.method' wasn't found".
  virtual bool handle(Agent& agent, int sessionId, int callId, std::string_view method,
                      v8::Local<v8::Object> request) = 0;
  virtual void sessionEnded(Agent& agent, int sessionId) {}
};

class Agent final : public v8_inspector::V8InspectorClient, public InspectorHooks {
 public:
  static constexpr int kContextGroupId = 1;

  // Called on the runtime thread after the Runtime is constructed (and
  // destroyed before it). target.id is generated when empty.
  Agent(Runtime& runtime, Target target);
  ~Agent() override;
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  std::shared_ptr<AgentHandle> handle() const { return m_handle; }
  const Target& target() const { return m_handle->target(); }
  Runtime& runtime() { return m_runtime; }

  // Runtime thread. Pumps only inspector messages until a client sends
  // Runtime.runIfWaitingForDebugger (Chrome DevTools does on attach).
  void waitForDebugger();
  // Runtime thread. The next JavaScript statement pauses in every session
  // that has the Debugger domain enabled (--inspect-brk).
  void pauseOnNextStatement(std::string_view reason = "Break on start");
  // Runtime thread, when the program is done: while clients are attached,
  // reports the context destroyed and pumps messages until they all leave
  // (Node's "Waiting for the debugger to disconnect..."). announce is called
  // first when there is someone to wait for.
  void waitForDisconnect(const std::function<void()>& announce = {});

  bool hasSessions() const { return !m_sessions.empty(); }
  bool paused() const { return m_pauseDepth > 0; }
  // Runtime thread: told true when JavaScript stops for the debugger (paused
  // or waiting for a client) and false when it goes on; a CPU watchdog must
  // not count that time.
  void setPauseListener(std::function<void(bool)> listener) { m_pauseListener = std::move(listener); }

  void addDomainHandler(DomainHandler* handler) { m_domains.push_back(handler); }
  void removeDomainHandler(DomainHandler* handler);
  // Runtime thread: a message (response or event) from our own domains.
  void sendToSession(int sessionId, std::string message);
  void broadcast(const std::string& message);

  // V8InspectorClient
  void runMessageLoopOnPause(int contextGroupId) override;
  void quitMessageLoopOnPause() override;
  void runIfWaitingForDebugger(int contextGroupId) override;
  v8::Local<v8::Context> ensureDefaultContextInGroup(int contextGroupId) override;
  double currentTimeMS() override;
  void startRepeatingTimer(double interval, TimerCallback callback, void* data) override;
  void cancelTimer(void* data) override;

  // InspectorHooks
  void uncaughtException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message,
                         bool inPromise) override;

 private:
  friend class AgentHandle;
  struct Timer;
  static void onAsync(uv_async_t* handle);
  static void onInterrupt(v8::Isolate* isolate, void* data);
  // Dispatches queued requests in order until none are left (or a pause ends).
  void processRequests();
  void handleRequest(AgentHandle::Request& request);
  void dispatchMessage(Session& session, const std::string& message);
  void endSession(int sessionId);
  void setConsoleForwarding(bool on);
  void setPaused(bool paused);

  Runtime& m_runtime;
  std::unique_ptr<v8_inspector::V8Inspector> m_inspector;
  std::map<int, std::unique_ptr<Session>> m_sessions;
  std::shared_ptr<AgentHandle> m_handle;
  uv_async_t* m_async = nullptr;
  std::deque<AgentHandle::Request> m_pending;  // taken from the handle, not yet handled
  std::vector<DomainHandler*> m_domains;
  std::map<void*, std::unique_ptr<Timer>> m_timers;
  std::function<void(bool)> m_pauseListener;
  int m_dispatchDepth = 0;
  int m_pauseDepth = 0;
  bool m_inPauseLoop = false;
  bool m_quitPause = false;
  bool m_waitingForDebugger = false;
  bool m_contextDestroyed = false;
};

}  // namespace nano::inspector
