#include "feed.h"

namespace nano::telemetry {

const char* toString(FetchPhase phase) {
  static constexpr const char* kNames[] = {"queued",  "dns",     "connecting", "tls",    "sending",
                                           "waiting", "receiving", "done",     "failed", "aborted"};
  return kNames[static_cast<int>(phase)];
}
const char* toString(StreamKind kind) {
  static constexpr const char* kNames[] = {"readable", "writable", "transform"};
  return kNames[static_cast<int>(kind)];
}
const char* toString(Kind kind) {
  static constexpr const char* kNames[] = {"fetch", "stream", "promise", "request"};
  return kNames[static_cast<int>(kind)];
}
const char* toString(Op op) {
  static constexpr const char* kNames[] = {"open", "update", "close"};
  return kNames[static_cast<int>(op)];
}
Id idOf(const Record& record) {
  return std::visit([](const auto& r) { return r.id; }, record);
}

Feed::Feed(size_t capacity)
    : m_capacity(capacity ? capacity : 1), m_start(std::chrono::steady_clock::now()) {}

double Feed::now() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
}

uint64_t Feed::publish(Op op, Record record) {
  if (!enabled()) return 0;
  auto event = std::make_shared<Event>(Event{0, now(), op, std::move(record)});
  Key key{kindOf(event->record), idOf(event->record)};
  EventPtr dropped;  // released after the lock
  std::lock_guard lock(m_mutex);
  uint64_t seq = event->seq = m_nextSeq++;
  if (op == Op::Close)
    m_live.erase(key);
  else
    m_live.insert_or_assign(key, event);
  m_log.push_back(std::move(event));
  if (m_log.size() > m_capacity) {
    dropped = std::move(m_log.front());
    m_log.pop_front();
  }
  return seq;
}

Feed::Batch Feed::read(uint64_t cursor, size_t max) const {
  std::lock_guard lock(m_mutex);
  Batch batch;
  batch.next = m_nextSeq;
  if (m_log.empty() || cursor >= m_nextSeq) {
    batch.next = std::max(cursor, m_nextSeq);
    return batch;
  }
  uint64_t oldest = m_log.front()->seq;
  if (cursor < oldest) {
    // The reader missed events that fell out of the ring: give it the state instead.
    batch.snapshot = true;
    batch.dropped = oldest - std::max<uint64_t>(cursor, 1);
    batch.events = snapshotLocked();
    return batch;
  }
  size_t first = static_cast<size_t>(cursor - oldest);
  size_t count = std::min(max, m_log.size() - first);
  batch.events.assign(m_log.begin() + first, m_log.begin() + first + count);
  batch.next = cursor + count;
  return batch;
}

std::vector<EventPtr> Feed::snapshotLocked() const {
  std::vector<EventPtr> events;
  events.reserve(m_live.size());
  for (const auto& [key, event] : m_live) {
    if (event->op == Op::Open) {
      events.push_back(event);
    } else {
      auto open = std::make_shared<Event>(*event);
      open->op = Op::Open;
      events.push_back(std::move(open));
    }
  }
  return events;
}

std::vector<EventPtr> Feed::snapshot() const {
  std::lock_guard lock(m_mutex);
  return snapshotLocked();
}

uint64_t Feed::lastSeq() const {
  std::lock_guard lock(m_mutex);
  return m_nextSeq - 1;
}

size_t Feed::liveCount() const {
  std::lock_guard lock(m_mutex);
  return m_live.size();
}

}  // namespace nano::telemetry
