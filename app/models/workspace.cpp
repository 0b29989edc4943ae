#include "workspace.h"

#include <algorithm>
#include <iterator>

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
    // The snapshot is the latest state: older changes are moot.
    m_pending.clear();
    m_closedArrivals.clear();
    m_pendingRequestIds.clear();
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
    holdEvents(batch.events);
  } else if (m_pending.empty() && m_closedArrivals.empty()) {
    m_pending = std::move(batch.events);
  } else {
    m_pending.insert(m_pending.end(), std::make_move_iterator(batch.events.begin()),
                     std::make_move_iterator(batch.events.end()));
  }
  if (!holdBack) flush();
  emit applied();
}

void Workspace::holdEvents(std::vector<EventPtr>& events) {
  // Held events are copied out of the feed's pool, whose blocks then go back
  // to the runtime thread within this poll: held for half a second instead,
  // tens of thousands of blocks circulate and each comes back cold in the
  // caches (the runtime thread's next record misses on every line).
  m_pending.reserve(m_pending.size() + events.size());
  size_t keepClosed = m_requests.retainLimit();
  for (EventPtr& event : events) {
    if (const auto* r = std::get_if<telemetry::RequestRecord>(&event->record)) {
      if (event->op != telemetry::Op::Close) {
        m_pendingRequestIds.insert(r->id);
      } else if (!m_pendingRequestIds.count(r->id) && m_requests.rowOf(r->id) < 0) {
        m_closedArrivals.push_back(std::move(event));
        if (m_closedArrivals.size() > keepClosed) {
          telemetry::Id dropped = std::get<telemetry::RequestRecord>(m_closedArrivals.front()->record).id;
          m_requests.forgetArrival(dropped);
          m_droppedArrivals.push_back(dropped);  // links held back in m_pending may still name it
          m_closedArrivals.pop_front();
        }
        continue;
      }
    }
    m_pending.push_back(std::make_shared<const Event>(*event));
  }
}

void Workspace::flush() {
  if (m_pending.empty() && m_closedArrivals.empty()) return;
  std::vector<EventPtr> events;
  if (m_closedArrivals.empty()) {
    events = std::move(m_pending);
  } else {
    // Back in feed order: rows are added in order of arrival.
    events.reserve(m_pending.size() + m_closedArrivals.size());
    std::merge(std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.end()),
               std::make_move_iterator(m_closedArrivals.begin()), std::make_move_iterator(m_closedArrivals.end()),
               std::back_inserter(events), [](const EventPtr& a, const EventPtr& b) { return a->seq < b->seq; });
  }
  m_pending.clear();
  m_closedArrivals.clear();
  m_pendingRequestIds.clear();
  std::vector<telemetry::Id> dropped;
  dropped.swap(m_droppedArrivals);
  std::sort(dropped.begin(), dropped.end());
  applyModels(events, false, dropped);
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

void Workspace::applyModels(const std::vector<EventPtr>& events, bool snapshot,
                            const std::vector<telemetry::Id>& dropped) {
  m_sinceModels.start();
  std::vector<const Event*> byKind[4];
  for (const EventPtr& e : events) byKind[static_cast<int>(telemetry::kindOf(e->record))].push_back(e.get());
  const auto& fetchEvents = byKind[static_cast<int>(Kind::Fetch)];
  const auto& streamEvents = byKind[static_cast<int>(Kind::Stream)];
  const auto& promiseEvents = byKind[static_cast<int>(Kind::Promise)];
  const auto& requestEvents = byKind[static_cast<int>(Kind::Request)];

  // Fetches and promises that name a request count towards it (once, when
  // they open). Added before the requests' own records: a request the table
  // has no room for then takes its links with it.
  std::unordered_map<telemetry::Id, RequestModel::Links> links;
  for (const Event* e : fetchEvents) {
    const auto& f = std::get<telemetry::FetchOp>(e->record);
    if (f.request && e->op == telemetry::Op::Open) ++links[*f.request].fetches;
  }
  for (const Event* e : promiseEvents) {
    const auto& p = std::get<telemetry::PendingPromise>(e->record);
    if (p.request && e->op == telemetry::Op::Open) ++links[*p.request].promises;
  }
  if (!dropped.empty())
    std::erase_if(links, [&](const auto& link) { return std::binary_search(dropped.begin(), dropped.end(), link.first); });

  if (snapshot) {
    ++m_snapshots;
    m_fetches.resetTo(fetchEvents);
    m_streams.resetTo(streamEvents);
    m_promises.resetTo(promiseEvents);
    m_promiseTotals.resetTo(promiseEvents);
    m_requests.resetTo(requestEvents);  // forgets every link first
    if (!links.empty()) m_requests.addLinks(links);
  } else {
    if (!links.empty()) m_requests.addLinks(links);
    m_requests.apply(requestEvents);
    m_fetches.apply(fetchEvents);
    m_streams.apply(streamEvents);
    m_promises.apply(promiseEvents);
    m_promiseTotals.apply(promiseEvents);
  }
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
  m_closedArrivals.clear();
  m_pendingRequestIds.clear();
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
