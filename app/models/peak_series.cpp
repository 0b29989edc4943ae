#include "peak_series.h"

#include <algorithm>

namespace nano::app {

PeakSeries::PeakSeries(size_t columns, size_t cap)
    : m_columns(std::max<size_t>(columns, 1)), m_cap(std::max<size_t>(cap, 4)), m_peaks(m_columns, 0) {}

void PeakSeries::append(double t, std::span<const double> values) {
  values = values.first(std::min(values.size(), m_columns));
  for (size_t i = 0; i < values.size(); ++i) m_peaks[i] = std::max(m_peaks[i], values[i]);
  if (!m_samples.empty() && t - m_samples.back().t < m_bucket) {
    // Folded into the last bucket: no new sample, nothing allocated.
    Sample& last = m_samples.back();
    for (size_t i = 0; i < values.size(); ++i) last.values[i] = std::max(last.values[i], values[i]);
    return;
  }
  Sample& sample = m_samples.emplace_back(Sample{t, std::vector<double>(m_columns, 0)});
  std::copy(values.begin(), values.end(), sample.values.begin());
  if (m_samples.size() > m_cap) compact();
}

void PeakSeries::compact() {
  // Halve the sample count: each pair becomes one sample with both peaks.
  std::vector<Sample> merged;
  merged.reserve(m_samples.size() / 2 + 1);
  for (size_t i = 0; i < m_samples.size(); i += 2) {
    Sample s = std::move(m_samples[i]);
    if (i + 1 < m_samples.size()) {
      for (size_t c = 0; c < m_columns; ++c) s.values[c] = std::max(s.values[c], m_samples[i + 1].values[c]);
    }
    merged.push_back(std::move(s));
  }
  m_samples = std::move(merged);
  double span = m_samples.back().t - m_samples.front().t;
  m_bucket = std::max(m_bucket * 2, span / static_cast<double>(m_cap / 2));
  ++m_generation;
}

void PeakSeries::clear() {
  m_samples.clear();
  std::fill(m_peaks.begin(), m_peaks.end(), 0);
  m_bucket = 0;
  ++m_generation;
}

}  // namespace nano::app
