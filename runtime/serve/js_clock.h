#pragma once
// The clock of a request's JS time, read on every entry into and exit from
// its JS (tens of times for a streaming request). The x86 time-stamp counter
// reads in ~10 ns where the vDSO's monotonic clock takes ~22 ns on this kind
// of VM; where the CPU has an invariant TSC, ticks are counted and turned
// into nanoseconds by the rate seen against the monotonic clock since the
// clock was made (measured again as the span grows by a sixteenth). Elsewhere ticks are monotonic
// nanoseconds.
//
// Wall time in JS is counted as CPU time: the runtime thread waits only in
// the loop's poll, never inside JS, unless the OS takes the thread away (a
// debugger pause is left out by AppHost).
#include <cstdint>

namespace nano::serve {

class JsClock {
 public:
  JsClock();
  uint64_t now() const;
  // Nanoseconds in a difference of now() values.
  uint64_t nanoseconds(uint64_t ticks) const;

 private:
  bool m_tsc = false;
  uint64_t m_tscStart = 0;
  uint64_t m_monotonicStart = 0;
  mutable uint64_t m_rateTicks = 0;  // ticks since the start when the rate was measured
  mutable double m_nsPerTick = 1;
};

}  // namespace nano::serve
