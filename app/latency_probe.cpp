#include "latency_probe.h"

#include <algorithm>
#include <numeric>

namespace nano::app {

namespace {
constexpr size_t kWindow = 100;       // ~5 s at 50 ms
constexpr size_t kAllCap = 1 << 18;  // a long session keeps its first quarter-million samples
}  // namespace

LatencyProbe::LatencyProbe(QObject* parent, int intervalMs) : QObject(parent), m_intervalMs(intervalMs) {
  m_timer.setTimerType(Qt::PreciseTimer);
  m_timer.setInterval(intervalMs);
  connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::tick);
}

void LatencyProbe::start() {
  m_clock.start();
  m_lastNs = 0;
  m_timer.start();
}

void LatencyProbe::tick() {
  qint64 now = m_clock.nsecsElapsed();
  double late = std::max(0.0, static_cast<double>(now - m_lastNs) / 1e6 - m_intervalMs);
  m_lastNs = now;
  if (m_window.size() < kWindow) {
    m_window.push_back(late);
  } else {
    m_window[m_windowNext] = late;
    m_windowNext = (m_windowNext + 1) % kWindow;
  }
  if (m_all.size() < kAllCap) m_all.push_back(late);
}

LatencyProbe::Stats LatencyProbe::summarise(std::vector<double> values) {
  Stats s;
  if (values.empty()) return s;
  s.samples = static_cast<int>(values.size());
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  std::sort(values.begin(), values.end());
  auto at = [&](double q) { return values[std::min(values.size() - 1, static_cast<size_t>(q * static_cast<double>(values.size())))]; };
  s.p50 = at(0.5);
  s.p99 = at(0.99);
  s.max = values.back();
  return s;
}

LatencyProbe::Stats LatencyProbe::stats() const {
  Stats s = summarise(m_window);
  if (!m_window.empty())
    s.last = m_window[(m_windowNext + m_window.size() - 1) % m_window.size()];
  return s;
}

LatencyProbe::Stats LatencyProbe::total() const {
  Stats s = summarise(m_all);
  if (!m_all.empty()) s.last = m_all.back();
  return s;
}

void LatencyProbe::reset() {
  m_window.clear();
  m_windowNext = 0;
  m_all.clear();
}

}  // namespace nano::app
