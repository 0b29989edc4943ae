#include "watchdog.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace nano::serve {

namespace {

// The heap limit grows by this much when V8 nears it, at most kMaxRaises times
// before the limit is restored: room to unwind the request and collect it.
constexpr size_t kHeapRaiseBytes = 32 * 1024 * 1024;
constexpr int kMaxRaises = 4;

}  // namespace

// Everything the watchdog thread, the V8 callbacks and the loop handles share.
// Held by shared_ptr: a pending V8 interrupt may outlive the Watchdog.
struct Watchdog::State {
  v8::Isolate* isolate = nullptr;
  uint64_t budgetNs = 0;
  uint64_t tickNs = 0;
  std::function<uint64_t()> currentRequest;
  std::function<void(uint64_t, KillReason)> onKill;

  std::atomic<bool> alive{true};  // false once the Watchdog is gone
  std::atomic<uint64_t> serial{1};
  std::atomic<size_t> active{0};
  // The thread waits without a tick only when parked; requests starting while
  // it ticks need no wake-up (a notify per request costs a context switch).
  std::atomic<bool> parked{false};
  std::atomic<bool> busySinceTick{false};
  std::atomic<bool> interruptPending{false};
  std::atomic<bool> heapPressure{false};
  std::atomic<bool> stop{false};
  bool paused = false;  // runtime thread only
  std::mutex mutex;
  std::condition_variable cv;

  // Runtime thread only.
  uv_prepare_t* prepare = nullptr;
  uv_check_t* check = nullptr;
  uv_async_t* wake = nullptr;
  uint64_t sampleSerial = 0;
  uint64_t runningSince = 0;
  struct Pending {
    uint64_t request;
    KillReason reason;
  };
  std::vector<Pending> pending;
  size_t initialHeapLimit = 0;
  int raises = 0;
  std::atomic<uint64_t> kills{0};
  std::atomic<uint64_t> heapRaises{0};

  void requestInterrupt(const std::shared_ptr<State>& self) {
    if (interruptPending.exchange(true)) return;
    isolate->RequestInterrupt(&State::onInterrupt, new std::shared_ptr<State>(self));
  }

  static void onInterrupt(v8::Isolate*, void* data) {
    std::unique_ptr<std::shared_ptr<State>> holder(static_cast<std::shared_ptr<State>*>(data));
    State& state = **holder;
    state.interruptPending = false;
    if (!state.alive) return;
    state.sample();
  }

  // Runtime thread, JS on the stack.
  void sample() {
    uint64_t now = uv_hrtime();
    if (heapPressure.exchange(false)) return kill(KillReason::HeapLimit);
    uint64_t current = serial.load(std::memory_order_relaxed);
    if (current != sampleSerial || paused) {
      sampleSerial = current;
      runningSince = now;
      return;
    }
    if (now - runningSince >= budgetNs) kill(KillReason::CpuLimit);
  }

  void kill(KillReason reason) {
    uint64_t request = currentRequest ? currentRequest() : 0;
    pending.push_back({request, reason});
    ++kills;
    // From inside the running JS: the termination hits exactly this call.
    isolate->TerminateExecution();
    // A new serial: the next JS call starts its own budget.
    serial.fetch_add(1, std::memory_order_relaxed);
    uv_async_send(wake);
  }

  // Runtime thread, from the loop: the terminated JS has unwound.
  void afterKill() {
    if (pending.empty()) return;
    // Also clears a termination that was requested but never reached a stack check.
    isolate->CancelTerminateExecution();
    std::vector<Pending> batch;
    batch.swap(pending);
    bool heap = false;
    for (const Pending& p : batch) {
      heap = heap || p.reason == KillReason::HeapLimit;
      if (onKill) onKill(p.request, p.reason);
    }
    if (heap && raises > 0) {
      // The killed request's objects are garbage now: collect, and if the heap
      // fits the original limit again, go back to it.
      isolate->LowMemoryNotification();
      v8::HeapStatistics stats;
      isolate->GetHeapStatistics(&stats);
      if (stats.used_heap_size() < initialHeapLimit - initialHeapLimit / 8) {
        isolate->RemoveNearHeapLimitCallback(&State::onNearHeapLimit, initialHeapLimit);
        isolate->AddNearHeapLimitCallback(&State::onNearHeapLimit, this);
        raises = 0;
      }
    }
  }

  // Runtime thread, inside a GC: no JS may run here, so the kill happens in the
  // interrupt that this asks for.
  static size_t onNearHeapLimit(void* data, size_t current, size_t initial) {
    auto* state = static_cast<State*>(data);
    if (state->initialHeapLimit == 0) state->initialHeapLimit = initial;
    if (state->raises >= kMaxRaises) return current;  // out of room: V8 reports OOM
    ++state->raises;
    ++state->heapRaises;
    state->heapPressure = true;
    state->interruptPending = false;  // a sample may be pending forever if JS is idle: ask anew
    state->isolate->RequestInterrupt(&State::onInterrupt, new std::shared_ptr<State>(state->self.lock()));
    state->interruptPending = true;
    return current + std::max(kHeapRaiseBytes, current / 8);
  }

  std::weak_ptr<State> self;
};

Watchdog::Watchdog(v8::Isolate* isolate, uv_loop_t* loop, double cpuLimitMs,
                   std::function<uint64_t()> currentRequest,
                   std::function<void(uint64_t, KillReason)> onKill)
    : m_state(std::make_shared<State>()) {
  State& s = *m_state;
  s.self = m_state;
  s.isolate = isolate;
  s.budgetNs = static_cast<uint64_t>(std::max(1.0, cpuLimitMs) * 1e6);
  // Twenty samples per budget, between 5 ms and 250 ms apart.
  s.tickNs = std::clamp<uint64_t>(s.budgetNs / 20, 5'000'000, 250'000'000);
  s.currentRequest = std::move(currentRequest);
  s.onKill = std::move(onKill);

  s.prepare = new uv_prepare_t{};
  s.check = new uv_check_t{};
  s.wake = new uv_async_t{};
  uv_prepare_init(loop, s.prepare);
  uv_check_init(loop, s.check);
  s.prepare->data = &s;
  s.check->data = &s;
  // Each loop iteration is a new "call" for the CPU budget.
  uv_prepare_start(s.prepare, [](uv_prepare_t* h) {
    static_cast<State*>(h->data)->serial.fetch_add(1, std::memory_order_relaxed);
  });
  uv_check_start(s.check, [](uv_check_t* h) {
    static_cast<State*>(h->data)->serial.fetch_add(1, std::memory_order_relaxed);
  });
  uv_async_init(loop, s.wake, [](uv_async_t* h) { static_cast<State*>(h->data)->afterKill(); });
  s.wake->data = &s;
  for (uv_handle_t* h : {reinterpret_cast<uv_handle_t*>(s.prepare), reinterpret_cast<uv_handle_t*>(s.check),
                         reinterpret_cast<uv_handle_t*>(s.wake)})
    uv_unref(h);
  isolate->AddNearHeapLimitCallback(&State::onNearHeapLimit, &s);

  m_thread = std::thread([state = m_state] {
    std::unique_lock lock(state->mutex);
    while (!state->stop) {
      // Idle for a whole tick: park until a request starts.
      if (state->active.load() == 0 && !state->busySinceTick.exchange(false)) {
        state->parked = true;
        state->cv.wait(lock, [&] { return state->stop || state->active.load() > 0; });
        state->parked = false;
        continue;
      }
      state->cv.wait_for(lock, std::chrono::nanoseconds(state->tickNs), [&] { return state->stop.load(); });
      if (state->stop) break;
      if (state->active.load() > 0) state->requestInterrupt(state);
    }
  });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(m_state->mutex);
    m_state->stop = true;
  }
  m_state->cv.notify_all();
  m_thread.join();
  m_state->alive = false;
  m_state->isolate->RemoveNearHeapLimitCallback(&State::onNearHeapLimit, 0);
  m_state->isolate->CancelTerminateExecution();
  auto del = [](uv_handle_t* h) {
    switch (h->type) {
      case UV_PREPARE: delete reinterpret_cast<uv_prepare_t*>(h); break;
      case UV_CHECK: delete reinterpret_cast<uv_check_t*>(h); break;
      default: delete reinterpret_cast<uv_async_t*>(h); break;
    }
  };
  uv_close(reinterpret_cast<uv_handle_t*>(m_state->prepare), del);
  uv_close(reinterpret_cast<uv_handle_t*>(m_state->check), del);
  uv_close(reinterpret_cast<uv_handle_t*>(m_state->wake), del);
}

void Watchdog::enterJs() { m_state->serial.fetch_add(1, std::memory_order_relaxed); }

void Watchdog::setPaused(bool paused) {
  m_state->paused = paused;
  // Going on: the JS gets a fresh budget from here.
  m_state->serial.fetch_add(1, std::memory_order_relaxed);
}

void Watchdog::setActive(size_t inFlight) {
  m_state->active = inFlight;
  if (inFlight == 0) return;
  m_state->busySinceTick.store(true, std::memory_order_relaxed);
  // Sequentially consistent with the thread's parked/active pair: either it
  // sees the new `active` before parking, or this sees it parked and wakes it.
  if (!m_state->parked.load()) return;
  { std::lock_guard lock(m_state->mutex); }
  m_state->cv.notify_all();
}

uint64_t Watchdog::kills() const { return m_state->kills; }
uint64_t Watchdog::heapRaises() const { return m_state->heapRaises; }

}  // namespace nano::serve
