#include "platform.h"

#include <cstdlib>

#include <condition_variable>
#include <queue>
#include <vector>

#include <libplatform/libplatform.h>
#include <v8-initialization.h>
#include <v8-isolate.h>
#include <v8-locker.h>

namespace nano {

// Tasks for one isolate. PostTask may be called on any thread; tasks run on
// the isolate's thread from the uv loop.
class ForegroundTaskRunner final : public v8::TaskRunner {
 public:
  ForegroundTaskRunner(v8::Isolate* isolate, uv_loop_t* loop, std::function<void()> afterTasks)
      : m_isolate(isolate), m_afterTasks(std::move(afterTasks)) {
    m_async = new uv_async_t;
    uv_async_init(loop, m_async, &ForegroundTaskRunner::onWake);
    m_async->data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(m_async));
    m_timer = new uv_timer_t;
    uv_timer_init(loop, m_timer);
    m_timer->data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(m_timer));
  }

  // Called on the isolate's thread. Closes the handles; the loop frees them.
  void shutdown() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    auto freeHandle = [](uv_handle_t* h) {
      if (h->type == UV_ASYNC)
        delete reinterpret_cast<uv_async_t*>(h);
      else
        delete reinterpret_cast<uv_timer_t*>(h);
    };
    uv_close(reinterpret_cast<uv_handle_t*>(m_async), freeHandle);
    uv_close(reinterpret_cast<uv_handle_t*>(m_timer), freeHandle);
    std::queue<std::unique_ptr<v8::Task>>().swap(m_tasks);
    m_delayed = {};
  }

  void PostTask(std::unique_ptr<v8::Task> task) override {
    std::lock_guard lock(m_mutex);
    if (m_closed) return;
    m_tasks.push(std::move(task));
    uv_async_send(m_async);
  }
  void PostNonNestableTask(std::unique_ptr<v8::Task> task) override { PostTask(std::move(task)); }
  void PostDelayedTask(std::unique_ptr<v8::Task> task, double delaySeconds) override {
    std::lock_guard lock(m_mutex);
    if (m_closed) return;
    double due = Platform::instance().MonotonicallyIncreasingTime() + delaySeconds;
    m_delayed.push(Delayed{due, m_nextSeq++, std::move(task)});
    uv_async_send(m_async);  // re-arm the timer on the loop thread
  }
  void PostNonNestableDelayedTask(std::unique_ptr<v8::Task> task, double delaySeconds) override {
    PostDelayedTask(std::move(task), delaySeconds);
  }
  void PostIdleTask(std::unique_ptr<v8::IdleTask>) override {}
  bool IdleTasksEnabled() override { return false; }
  bool NonNestableTasksEnabled() const override { return true; }
  bool NonNestableDelayedTasksEnabled() const override { return true; }

 private:
  struct Delayed {
    double due;
    uint64_t seq;
    mutable std::unique_ptr<v8::Task> task;
    bool operator>(const Delayed& o) const { return due != o.due ? due > o.due : seq > o.seq; }
  };

  static void onWake(uv_async_t* handle) { static_cast<ForegroundTaskRunner*>(handle->data)->drain(); }
  static void onTimer(uv_timer_t* handle) { static_cast<ForegroundTaskRunner*>(handle->data)->drain(); }

  // Called on the isolate's thread: swap the whole queue out, then run it.
  void drain() {
    std::queue<std::unique_ptr<v8::Task>> ready;
    double nextDue = -1;
    {
      std::lock_guard lock(m_mutex);
      if (m_closed) return;
      ready.swap(m_tasks);
      double now = Platform::instance().MonotonicallyIncreasingTime();
      while (!m_delayed.empty() && m_delayed.top().due <= now) {
        ready.push(std::move(m_delayed.top().task));
        m_delayed.pop();
      }
      if (!m_delayed.empty()) nextDue = m_delayed.top().due - now;
    }
    if (nextDue >= 0)
      uv_timer_start(m_timer, &ForegroundTaskRunner::onTimer, static_cast<uint64_t>(nextDue * 1000) + 1, 0);
    else
      uv_timer_stop(m_timer);
    if (ready.empty()) return;
    v8::Isolate::Scope isolateScope(m_isolate);
    v8::HandleScope handleScope(m_isolate);
    while (!ready.empty()) {
      ready.front()->Run();
      ready.pop();
    }
    if (m_afterTasks) m_afterTasks();
  }

  v8::Isolate* m_isolate;
  std::function<void()> m_afterTasks;
  uv_async_t* m_async;
  uv_timer_t* m_timer;
  std::mutex m_mutex;
  bool m_closed = false;
  uint64_t m_nextSeq = 0;
  std::queue<std::unique_ptr<v8::Task>> m_tasks;
  std::priority_queue<Delayed, std::vector<Delayed>, std::greater<>> m_delayed;
};

Platform& Platform::instance() {
  static Platform* platform = [] {
    auto* p = new Platform();  // lives for the process: V8 cannot be re-initialised
    v8::V8::InitializeICU();
    // JSON modules need import assertions, still behind a flag in V8 10.2.
    v8::V8::SetFlagsFromString("--harmony-import-assertions");
    // Allocation-site pretenuring misjudges request handling: objects of
    // requests still in flight at a minor GC make their literal sites
    // "tenured", later ones are allocated old, and every in-flight fetch
    // ended in the old generation (a full GC every ~120 ms). Measured on the
    // fetch-proxy bench: +14% req/s without it, no full GCs; hello unchanged.
    v8::V8::SetFlagsFromString("--no-allocation-site-pretenuring");
    // TurboFan stops inlining into a function once 920 bytes of bytecode are
    // inlined: a handler's `new Response(...)` and the serve glue around it
    // were left as calls (construct stubs, argument adaptation). Measured on
    // the bench app (callgrind, runtime thread): hello 13.2k -> 12.3k
    // instructions per request, JSON -2.4%; 2000 gets half of that, 5000 no
    // more than 3000.
    v8::V8::SetFlagsFromString("--max-inlined-bytecode-size-cumulative=3000");
    // For profiling and diagnosis (like node's --v8-options): e.g.
    // NANOJS_V8_FLAGS="--perf-basic-prof --interpreted-frames-native-stack".
    if (const char* flags = std::getenv("NANOJS_V8_FLAGS")) v8::V8::SetFlagsFromString(flags);
    v8::V8::InitializePlatform(p);
    v8::V8::Initialize();
    return p;
  }();
  return *platform;
}

Platform::Platform()
    : m_default(v8::platform::NewDefaultPlatform(0, v8::platform::IdleTaskSupport::kDisabled)) {}

void Platform::registerIsolate(v8::Isolate* isolate, uv_loop_t* loop,
                               std::function<void()> afterTasks) {
  std::lock_guard lock(m_mutex);
  m_runners[isolate] = std::make_shared<ForegroundTaskRunner>(isolate, loop, std::move(afterTasks));
}

void Platform::unregisterIsolate(v8::Isolate* isolate) {
  std::shared_ptr<ForegroundTaskRunner> runner;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_runners.find(isolate);
    if (it == m_runners.end()) return;
    runner = std::move(it->second);
    m_runners.erase(it);
  }
  runner->shutdown();
}

v8::PageAllocator* Platform::GetPageAllocator() { return m_default->GetPageAllocator(); }
int Platform::NumberOfWorkerThreads() { return m_default->NumberOfWorkerThreads(); }

std::shared_ptr<v8::TaskRunner> Platform::GetForegroundTaskRunner(v8::Isolate* isolate) {
  std::lock_guard lock(m_mutex);
  auto it = m_runners.find(isolate);
  if (it != m_runners.end()) return it->second;
  // An isolate V8 asks about before registration (during Isolate::New): the
  // default platform's runner is pumped by nobody, so tasks there only run if
  // registration follows, which it always does in Runtime.
  return m_default->GetForegroundTaskRunner(isolate);
}

void Platform::CallOnWorkerThread(std::unique_ptr<v8::Task> task) {
  m_default->CallOnWorkerThread(std::move(task));
}
void Platform::CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay) {
  m_default->CallDelayedOnWorkerThread(std::move(task), delay);
}
std::unique_ptr<v8::JobHandle> Platform::PostJob(v8::TaskPriority priority,
                                                 std::unique_ptr<v8::JobTask> job_task) {
  return m_default->PostJob(priority, std::move(job_task));
}
double Platform::MonotonicallyIncreasingTime() { return m_default->MonotonicallyIncreasingTime(); }
double Platform::CurrentClockTimeMillis() { return m_default->CurrentClockTimeMillis(); }
v8::TracingController* Platform::GetTracingController() { return m_default->GetTracingController(); }

}  // namespace nano
