#include "timers.h"

#include <unordered_map>

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

// The live uv timers of one runtime, by the id JS gave them.
class TimerTable {
 public:
  explicit TimerTable(Runtime& runtime) : m_runtime(runtime) {}
  ~TimerTable() {
    for (auto& [id, timer] : m_timers) close(timer);
  }

  void start(double id, uint64_t delayMs, bool repeat) {
    Timer*& timer = m_timers[id];
    if (!timer) {
      timer = new Timer{{}, this, id, 0};
      uv_timer_init(m_runtime.loop(), &timer->handle);
      timer->handle.data = timer;
    }
    // The callback runs for the request that set the timer.
    timer->request = currentRequest(m_runtime.isolate());
    // Measure the delay from now, not from the start of this loop iteration.
    uv_update_time(m_runtime.loop());
    uv_timer_start(&timer->handle, &TimerTable::onFire, delayMs,
                   repeat ? std::max<uint64_t>(delayMs, 1) : 0);
  }

  void clear(double id) {
    auto it = m_timers.find(id);
    if (it == m_timers.end()) return;
    close(it->second);
    m_timers.erase(it);
  }

  void setRef(double id, bool ref) {
    auto it = m_timers.find(id);
    if (it == m_timers.end()) return;
    auto* handle = reinterpret_cast<uv_handle_t*>(&it->second->handle);
    ref ? uv_ref(handle) : uv_unref(handle);
  }

 private:
  struct Timer {
    uv_timer_t handle;
    TimerTable* table;
    double id;
    RequestId request;
  };

  static void close(Timer* timer) {
    uv_close(reinterpret_cast<uv_handle_t*>(&timer->handle),
             [](uv_handle_t* h) { delete static_cast<Timer*>(h->data); });
  }

  static void onFire(uv_timer_t* handle) {
    auto* timer = static_cast<Timer*>(handle->data);
    TimerTable& table = *timer->table;
    double id = timer->id;
    RequestId request = timer->request;
    if (!uv_timer_get_repeat(handle)) {
      table.m_timers.erase(id);
      close(timer);
    }
    Runtime& runtime = table.m_runtime;
    RuntimeScope scope(runtime);
    RequestCallbackScope forRequest(runtime, request);
    v8::Local<v8::Function> fire;
    if (!runtime.internalFunction("onTimer").ToLocal(&fire)) return;
    v8::Local<v8::Value> args[] = {v8::Number::New(runtime.isolate(), id)};
    runtime.callback(fire, v8::Undefined(runtime.isolate()), 1, args);
  }

  Runtime& m_runtime;
  std::unordered_map<double, Timer*> m_timers;
};

void opTimerStart(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  double id = info[0]->NumberValue(context).FromMaybe(0);
  double delay = info[1]->NumberValue(context).FromMaybe(0);
  if (!(delay >= 0)) delay = 0;
  if (delay > 2147483647.0) delay = 1;  // HTML: out-of-range delays act as 0 (browsers use 1)
  Runtime::from(isolate).state<TimerTable>().start(id, static_cast<uint64_t>(delay),
                                                   info[2]->IsTrue());
}

void opTimerClear(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  double id = info[0]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  Runtime::from(isolate).state<TimerTable>().clear(id);
}

void opTimerRef(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  double id = info[0]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  Runtime::from(isolate).state<TimerTable>().setRef(id, info[1]->IsTrue());
}

void opQueueMicrotask(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[0]->IsFunction()) return throwTypeError(info.GetIsolate(), "microtask must be a function");
  info.GetIsolate()->EnqueueMicrotask(info[0].As<v8::Function>());
}

// Milliseconds since the runtime started, with sub-millisecond resolution.
void opTimeNow(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Runtime& runtime = Runtime::from(info.GetIsolate());
  double ms = static_cast<double>(uv_hrtime() - runtime.startHrtime()) / 1e6;
  info.GetReturnValue().Set(ms);
}

void opTimeOrigin(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(Runtime::from(info.GetIsolate()).timeOrigin());
}

}  // namespace

void installTimerOps(OpsBuilder& ops) {
  ops.add("op_timer_start", opTimerStart, 3);
  ops.add("op_timer_clear", opTimerClear, 1);
  ops.add("op_timer_ref", opTimerRef, 2);
  ops.add("op_queue_microtask", opQueueMicrotask, 1);
  ops.add("op_time_now", opTimeNow, 0);
  ops.add("op_time_origin", opTimeOrigin, 0);
}

}  // namespace nano
