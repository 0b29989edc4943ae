#pragma once
// Watchdog: stops JavaScript that runs too long, and answers a heap that nears
// its limit, for one serve-mode Runtime.
//
// CPU budget: a watchdog thread asks V8 for an interrupt every tick while
// requests are in flight. The interrupt runs on the runtime thread only while
// JS executes; it compares a "JS entry" serial (bumped by every loop iteration
// through uv_prepare/uv_check and by every call the app host makes into JS)
// with the one seen at the previous sample. The same serial for longer than the
// budget means one JS call has run that long: the interrupt calls
// TerminateExecution() right there (so no innocent later call is hit) and
// reports which request it stopped. The report is handled after the stack has
// unwound (uv_async), where CancelTerminateExecution() lets the isolate run
// the next request.
//
// Heap: a near-heap-limit callback raises the limit a little (a few times at
// most), and asks for the same interrupt so the JS that is allocating is
// terminated and its request answered; once the heap is back under the
// original limit, the original limit is restored.
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include <uv.h>
#include <v8.h>

namespace nano::serve {

enum class KillReason { CpuLimit, HeapLimit };

class Watchdog {
 public:
  // onKill runs on the runtime thread after the terminated JS unwound.
  // currentRequest runs inside the interrupt (runtime thread, JS on the stack):
  // it names the request whose JS is running, 0 when none is known.
  Watchdog(v8::Isolate* isolate, uv_loop_t* loop, double cpuLimitMs,
           std::function<uint64_t()> currentRequest,
           std::function<void(uint64_t request, KillReason reason)> onKill);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Runtime thread: the app host enters JS for a request (a new "call").
  void enterJs();
  // Runtime thread: requests in flight; the thread samples only while some are.
  void setActive(size_t inFlight);
  // Runtime thread: a debugger paused the JS (true) or let it go on (false).
  // Time spent paused is the person's, not the JS's: it never counts.
  void setPaused(bool paused);

  uint64_t kills() const;
  uint64_t heapRaises() const;

  struct State;

 private:
  std::shared_ptr<State> m_state;
  std::thread m_thread;
};

}  // namespace nano::serve
