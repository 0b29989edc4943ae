#pragma once
// TelemetryPoller: reads the runtime's Feed from the GUI thread at ~30 Hz and
// hands each batch to the Workspace. Reading never blocks the runtime (the
// Feed only takes its mutex to copy), and a reader that fell behind (paused,
// or a burst larger than the Feed's ring) gets a snapshot instead.
#include <QObject>
#include <QTimer>

#include <memory>

#include "telemetry/feed.h"

namespace nano::app {

class Workspace;

class TelemetryPoller : public QObject {
  Q_OBJECT

 public:
  explicit TelemetryPoller(Workspace* workspace, QObject* parent = nullptr);
  ~TelemetryPoller() override;

  // A new session: the models start empty, reading from the feed's first event.
  void setFeed(std::shared_ptr<telemetry::Feed> feed);
  const std::shared_ptr<telemetry::Feed>& feed() const { return m_feed; }

  void setInterval(int ms) { m_timer.setInterval(ms); }
  void start() { m_timer.start(); }
  void stop() { m_timer.stop(); }
  // Paused: the views freeze; the Feed keeps recording and is caught up on resume.
  void setPaused(bool paused);
  bool isPaused() const { return m_paused; }
  // Events taken per tick at most (the rest follow on the next tick).
  void setBatchLimit(size_t events) { m_batchLimit = events; }

  uint64_t cursor() const { return m_cursor; }

 public slots:
  // Reads and applies everything now (the models included).
  void poll();

 signals:
  void polled();
  void pausedChanged(bool paused);

 private:
  // The timer's read: the Workspace may hold table updates back under load.
  void tick();

  Workspace* m_workspace;
  std::shared_ptr<telemetry::Feed> m_feed;
  // Registered with the feed: what it has read leaves the feed's log (and is
  // freed on the GUI thread, not the runtime's).
  telemetry::Feed::ReaderId m_reader = 0;
  QTimer m_timer;
  uint64_t m_cursor = 1;
  size_t m_batchLimit = 50000;
  bool m_paused = false;
};

}  // namespace nano::app
