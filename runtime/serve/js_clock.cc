#include "js_clock.h"

#include <ctime>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <x86intrin.h>
#define NANO_HAS_TSC 1
#endif

namespace nano::serve {

namespace {

uint64_t monotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

bool invariantTsc() {
#ifdef NANO_HAS_TSC
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  // CPUID 0x80000007, EDX bit 8: the TSC runs at a constant rate in every P-, C- and T-state.
  if (__get_cpuid_max(0x80000000, nullptr) < 0x80000007) return false;
  if (!__get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx)) return false;
  return (edx & (1u << 8)) != 0;
#else
  return false;
#endif
}

}  // namespace

JsClock::JsClock() : m_tsc(invariantTsc()) {
  m_monotonicStart = monotonicNs();
#ifdef NANO_HAS_TSC
  if (m_tsc) m_tscStart = __rdtsc();
#endif
}

uint64_t JsClock::now() const {
#ifdef NANO_HAS_TSC
  if (m_tsc) return __rdtsc();
#endif
  return monotonicNs();
}

uint64_t JsClock::nanoseconds(uint64_t ticks) const {
  if (!m_tsc) return ticks;
  // The rate over everything since the start: a read error of tens of
  // nanoseconds is under 0.1% once 50 µs have passed (the first request
  // comes later than that). Measured again when it is 1/16 older than the
  // span it was measured over: a monotonic read per conversion no more.
  uint64_t tick = now();
  if (m_rateTicks == 0 || tick - m_tscStart > m_rateTicks + m_rateTicks / 16) {
    uint64_t elapsed = monotonicNs() - m_monotonicStart;
    while (elapsed < 50'000) elapsed = monotonicNs() - m_monotonicStart;
    m_rateTicks = now() - m_tscStart;
    m_nsPerTick = static_cast<double>(elapsed) / static_cast<double>(m_rateTicks);
  }
  return static_cast<uint64_t>(static_cast<double>(ticks) * m_nsPerTick);
}

}  // namespace nano::serve
