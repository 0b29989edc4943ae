#pragma once
// Workspace: every panel model of one session, and the one place telemetry
// batches enter them. Called on the GUI thread only.
#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <unordered_set>

#include "console_model.h"
#include "fetch_model.h"
#include "promise_model.h"
#include "promise_totals_model.h"
#include "request_model.h"
#include "series_model.h"
#include "stream_model.h"
#include "telemetry/feed.h"

namespace nano::app {

class Workspace : public QObject {
  Q_OBJECT

 public:
  // Columns of requestMemory(), after its time column.
  enum MemorySeries { HeapDeltaSeries, ArrayBufferSeries, ArenaPeakSeries, MemorySeriesCount };

  explicit Workspace(QObject* parent = nullptr);

  FetchModel* fetches() { return &m_fetches; }
  StreamModel* streams() { return &m_streams; }
  PromiseModel* promises() { return &m_promises; }
  PromiseTotalsModel* promiseTotals() { return &m_promiseTotals; }
  RequestModel* requests() { return &m_requests; }
  SeriesModel* requestMemory() { return &m_requestMemory; }
  ConsoleModel* console() { return &m_console; }

  // A batch read from the Feed: a log of changes, or (snapshot) the whole live state.
  // Everything (and anything held back by applyLive) reaches the models now.
  void apply(const telemetry::Feed::Batch& batch);
  // The live poll's path. Counters and the memory chart take every record at
  // once; the table models take a light feed at once too, but under load they
  // get the held-back events coalesced a few times a second (latest state per
  // object), so their views lay out and repaint at a rate that does not grow
  // with the request rate.
  void applyLive(telemetry::Feed::Batch&& batch);
  // Hands held-back events to the models.
  void flush();
  size_t pendingEvents() const { return m_pending.size() + m_closedArrivals.size(); }
  // Feed time now (ms): ages and running durations move on.
  void setNow(double now);
  double now() const { return m_now; }
  // Empties every model (the Clear action).
  void clear();
  // Empties the telemetry models, keeps the console (a new session after a reload).
  void clearTelemetry();

  // Completed requests per second over the last few seconds of feed time.
  double requestsPerSecond() const;
  uint64_t requestsCompleted() const { return m_requestsCompleted; }
  uint64_t eventsApplied() const { return m_eventsApplied; }
  uint64_t eventsDropped() const { return m_eventsDropped; }
  uint64_t snapshotsApplied() const { return m_snapshots; }

 signals:
  void applied();

 private:
  FetchModel m_fetches;
  StreamModel m_streams;
  PromiseModel m_promises;
  PromiseTotalsModel m_promiseTotals;
  RequestModel m_requests;
  SeriesModel m_requestMemory;
  std::vector<SeriesModel::Point> m_memoryPoints;  // count()'s, kept for its capacity
  ConsoleModel m_console;
  void count(const std::vector<telemetry::EventPtr>& events);
  // dropped: requests (sorted) that will never have a row, whose links go.
  void applyModels(const std::vector<telemetry::EventPtr>& events, bool snapshot,
                   const std::vector<telemetry::Id>& dropped = {});
  std::vector<telemetry::EventPtr> m_pending;  // held back from the models (applyLive)
  // Held back too: requests that arrived closed (their one record a Close,
  // the common case under load). The Requests table keeps only the newest
  // few thousand closed rows, so only that many are held, in feed order, and
  // uncopied: a dropped one's pool block goes back at once.
  std::deque<telemetry::EventPtr> m_closedArrivals;
  std::unordered_set<telemetry::Id> m_pendingRequestIds;  // requests with an open record in m_pending
  std::vector<telemetry::Id> m_droppedArrivals;            // dropped from m_closedArrivals since the last flush
  void holdEvents(std::vector<telemetry::EventPtr>& events);
  QElapsedTimer m_sinceModels;              // since the models last got events
  std::deque<double> m_recentEnds;  // feed times of recently completed requests
  double m_now = 0;
  double m_nowPushed = -1e9;  // the last time pushed to the models
  double m_firstSeen = -1;
  uint64_t m_requestsCompleted = 0;
  uint64_t m_eventsApplied = 0;
  uint64_t m_eventsDropped = 0;
  uint64_t m_snapshots = 0;
};

}  // namespace nano::app
