#pragma once
// The process-wide V8 platform. Worker-thread tasks, tracing and time come from
// V8's default platform; foreground tasks (GC finalisation, Atomics.waitAsync,
// wasm compilation results) are posted into the owning isolate's uv loop so an
// idle loop wakes up for them, as Node's NodePlatform does.
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <uv.h>
#include <v8-platform.h>

namespace nano {

class ForegroundTaskRunner;

class Platform final : public v8::Platform {
 public:
  // Creates and initialises V8 once per process. Safe to call repeatedly.
  static Platform& instance();

  // Called on the isolate's thread, before the isolate runs any code.
  // afterTasks runs after each batch of V8 tasks (the embedder's microtask checkpoint).
  void registerIsolate(v8::Isolate* isolate, uv_loop_t* loop, std::function<void()> afterTasks);
  // Called on the isolate's thread, before Isolate::Dispose().
  void unregisterIsolate(v8::Isolate* isolate);

  // v8::Platform
  v8::PageAllocator* GetPageAllocator() override;
  int NumberOfWorkerThreads() override;
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner(v8::Isolate* isolate) override;
  void CallOnWorkerThread(std::unique_ptr<v8::Task> task) override;
  void CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay_in_seconds) override;
  bool IdleTasksEnabled(v8::Isolate* isolate) override { return false; }
  std::unique_ptr<v8::JobHandle> PostJob(v8::TaskPriority priority,
                                         std::unique_ptr<v8::JobTask> job_task) override;
  double MonotonicallyIncreasingTime() override;
  double CurrentClockTimeMillis() override;
  v8::TracingController* GetTracingController() override;

 private:
  Platform();
  std::unique_ptr<v8::Platform> m_default;
  std::mutex m_mutex;
  std::unordered_map<v8::Isolate*, std::shared_ptr<ForegroundTaskRunner>> m_runners;
};

}  // namespace nano
