#pragma once
// LatencyProbe: how late the GUI thread's event loop runs a timer. A precise
// timer asks for a tick every interval; lateness beyond it is time the GUI
// could not react (a blocked GUI thread shows here first).
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace nano::app {

class LatencyProbe : public QObject {
  Q_OBJECT

 public:
  struct Stats {
    int samples = 0;
    double last = 0;
    double mean = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
  };

  // 20 Hz: any stall longer than the interval delays a tick; each wake-up of
  // the GUI thread costs a VM tens of microseconds of kernel time.
  explicit LatencyProbe(QObject* parent = nullptr, int intervalMs = 50);

  void start();
  void stop() { m_timer.stop(); }
  // Statistics over the kept window (the last few seconds), in ms.
  Stats stats() const;
  // Statistics since the last reset(), over every sample.
  Stats total() const;
  void reset();

 private:
  static Stats summarise(std::vector<double> values);
  void tick();

  QTimer m_timer;
  QElapsedTimer m_clock;
  qint64 m_lastNs = 0;
  int m_intervalMs;
  std::vector<double> m_window;  // ring of recent lateness samples
  size_t m_windowNext = 0;
  std::vector<double> m_all;
};

}  // namespace nano::app
