#pragma once
// PeakSeries: samples (t, v0..vn) capped at a few hundred points. Values that
// arrive within one bucket are folded into its maximum, and when the cap is
// reached neighbouring samples merge keeping their peaks: down-sampling never
// hides a spike (heaptrack's ChartData keeps the peak the same way).
#include <cstddef>
#include <initializer_list>
#include <span>
#include <vector>

namespace nano::app {

class PeakSeries {
 public:
  struct Sample {
    double t = 0;
    std::vector<double> values;
  };

  explicit PeakSeries(size_t columns = 1, size_t cap = 300);

  // Missing columns count as 0, extra ones are ignored.
  void append(double t, std::span<const double> values);
  void append(double t, std::initializer_list<double> values) { append(t, std::span(values.begin(), values.size())); }
  // What append(t, ...) will do, for models that announce changes before making them.
  bool foldsInto(double t) const { return !m_samples.empty() && t - m_samples.back().t < m_bucket; }
  bool compactsNext() const { return m_samples.size() + 1 > m_cap; }
  void clear();

  size_t columns() const { return m_columns; }
  size_t cap() const { return m_cap; }
  size_t size() const { return m_samples.size(); }
  const Sample& at(size_t i) const { return m_samples[i]; }
  const std::vector<Sample>& samples() const { return m_samples; }
  // Largest value of a column over every sample ever appended.
  double peak(size_t column) const { return column < m_peaks.size() ? m_peaks[column] : 0; }
  // Bumped whenever existing samples merged (views must re-read, not append).
  unsigned generation() const { return m_generation; }
  double bucketWidth() const { return m_bucket; }

 private:
  void compact();

  size_t m_columns;
  size_t m_cap;
  double m_bucket = 0;  // samples closer than this fold into the last one
  unsigned m_generation = 0;
  std::vector<Sample> m_samples;
  std::vector<double> m_peaks;
};

}  // namespace nano::app
