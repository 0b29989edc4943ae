#include "workspace.h"

namespace nano::app {

namespace {
constexpr double kRateWindowMs = 5000;
constexpr double kNowIntervalMs = 200;
// applyLive: up to this many events a poll reach the models at once; more (a
// busy server) are held back and handed over at most this often.
constexpr size_t kLiveEvents = 64;
constexpr qint64 kHoldBackMs = 500;
}

using telemetry::Event;
using telemetry::EventPtr;
using telemetry::Kind;

Workspace::Workspace(QObject* parent)
    : QObject(parent),
      m_requestMemory({tr("Heap Δ"), tr("ArrayBuffers"), tr("Native peak")}, 300) {}

void Workspace::apply(const telemetry::Feed::Batch& batch) {
  flush();
  m_eventsDropped += batch.dropped;
  if (batch.events.empty() && !batch.snapshot) return;
  count(batch.events);
  applyModels(batch.events, batch.snapshot);
  emit applied();
}

void Workspace::applyLive(telemetry::Feed::Batch&& batch) {
  m_eventsDropped += batch.dropped;
  if (batch.snapshot) {
    m_pending.clear();  // the snapshot is the latest state: older changes are moot
    count(batch.events);
    applyModels(batch.events, true);
    emit applied();
    return;
  }
  if (batch.events.empty()) {
    if (!m_pending.empty() && m_sinceModels.elapsed() >= kHoldBackMs) flush();
    return;
  }
  count(batch.events);
  bool holdBack = m_pending.size() + batch.events.size() > kLiveEvents && m_sinceModels.isValid() &&
                  m_sinceModels.elapsed() < kHoldBackMs;
  if (holdBack) {
    // Held back events are copied out of the feed's pool, whose blocks then
    // go back to the runtime thread within this poll: held for half a second
    // instead, tens of thousands of blocks circulate and each comes back cold
    // in the caches (the runtime thread's next record misses on every line).
    m_pending.reserve(m_pending.size() + batch.events.size());
    for (const EventPtr& event : batch.events) m_pending.push_back(std::make_shared<const Event>(*event));
  } else if (m_pending.empty()) {
    m_pending = std::move(batch.events);
  } else {
    m_pending.insert(m_pending.end(), std::make_move_iterator(batch.events.begin()),
                     std::make_move_iterator(batch.events.end()));
  }
  if (!holdBack) flush();
  emit applied();
}

void Workspace::flush() {
  if (m_pending.empty()) return;
  std::vector<EventPtr> events = std::move(m_pending);
  m_pending.clear();
  applyModels(events, false);
}

// Counters and the memory chart: every record, as it is read.
void Workspace::count(const std::vector<EventPtr>& events) {
  m_eventsApplied += events.size();
  std::vector<SeriesModel::Point>& memory = m_memoryPoints;
  memory.clear();
  for (const EventPtr& event : events) {
    const Event& e = *event;
    const auto* r = std::get_if<telemetry::RequestRecord>(&e.record);
    if (!r) continue;
    if (m_firstSeen < 0) m_firstSeen = e.t;
    if (e.op != telemetry::Op::Close) continue;
    double end = r->end >= 0 ? r->end : e.t;
    ++m_requestsCompleted;
    m_recentEnds.push_back(end);
    memory.push_back({end, {static_cast<double>(r->heapDelta), static_cast<double>(r->arrayBufferBytes),
                            static_cast<double>(r->arenaPeak)}});
  }
  m_requestMemory.appendMany(memory);
}

void Workspace::applyModels(const std::vector<EventPtr>& events, bool snapshot) {
  m_sinceModels.start();
  std::vector<const Event*> byKind[4];
  for (const EventPtr& e : events) byKind[static_cast<int>(telemetry::kindOf(e->record))].push_back(e.get());
  const auto& fetchEvents = byKind[static_cast<int>(Kind::Fetch)];
  const auto& streamEvents = byKind[static_cast<int>(Kind::Stream)];
  const auto& promiseEvents = byKind[static_cast<int>(Kind::Promise)];
  const auto& requestEvents = byKind[static_cast<int>(Kind::Request)];

  if (snapshot) {
    ++m_snapshots;
    m_fetches.resetTo(fetchEvents);
    m_streams.resetTo(streamEvents);
    m_promises.resetTo(promiseEvents);
    m_promiseTotals.resetTo(promiseEvents);
    m_requests.resetTo(requestEvents);
  } else {
    m_requests.apply(requestEvents);
    m_fetches.apply(fetchEvents);
    m_streams.apply(streamEvents);
    m_promises.apply(promiseEvents);
    m_promiseTotals.apply(promiseEvents);
  }

  // Fetches and promises that name a request count towards it (once, when they open).
  std::unordered_map<telemetry::Id, RequestModel::Links> links;
  for (const Event* e : fetchEvents) {
    const auto& f = std::get<telemetry::FetchOp>(e->record);
    if (f.request && e->op == telemetry::Op::Open) ++links[*f.request].fetches;
  }
  for (const Event* e : promiseEvents) {
    const auto& p = std::get<telemetry::PendingPromise>(e->record);
    if (p.request && e->op == telemetry::Op::Open) ++links[*p.request].promises;
  }
  if (!links.empty()) m_requests.addLinks(links);
}

void Workspace::setNow(double now) {
  m_now = now;
  while (!m_recentEnds.empty() && m_recentEnds.front() < now - kRateWindowMs) m_recentEnds.pop_front();
  // Ages and running durations need a few updates a second, not one per poll:
  // each one repaints the rows in view.
  if (now >= m_nowPushed && now - m_nowPushed < kNowIntervalMs) return;
  m_nowPushed = now;
  m_fetches.setNow(now);
  m_streams.setNow(now);
  m_promises.setNow(now);
  m_requests.setNow(now);
}

double Workspace::requestsPerSecond() const {
  if (m_recentEnds.empty() || m_firstSeen < 0) return 0;
  double window = std::min(kRateWindowMs, std::max(1000.0, m_now - m_firstSeen));
  return static_cast<double>(m_recentEnds.size()) * 1000.0 / window;
}

void Workspace::clear() {
  m_console.clear();
  clearTelemetry();
}

void Workspace::clearTelemetry() {
  m_pending.clear();
  m_fetches.clear();
  m_streams.clear();
  m_promises.clear();
  m_promiseTotals.clear();
  m_requests.clear();
  m_requestMemory.clear();
  m_recentEnds.clear();
  m_nowPushed = -1e9;
  m_firstSeen = -1;
  m_requestsCompleted = 0;
  m_eventsApplied = 0;
  m_eventsDropped = 0;
  m_snapshots = 0;
  emit applied();
}

}  // namespace nano::app
