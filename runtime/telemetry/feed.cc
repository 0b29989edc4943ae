#include "feed.h"

#include <iterator>

#include "../core/block_pool.h"

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

namespace {
thread_local Feed::Stage* t_stage = nullptr;
// What appending replaced or pushed out, freed once the lock is released
// (the buffer stays with the thread: no allocation per event).
thread_local std::vector<EventPtr> t_garbage;
}

Feed::Stage::Stage(Feed& feed) : m_feed(feed), m_outer(t_stage) {
  m_events.reserve(kMaxStaged);
  t_stage = this;
}

Feed::Stage::~Stage() {
  flush();
  t_stage = m_outer;
}

void Feed::Stage::flush() {
  if (m_events.empty()) return;
  {
    std::lock_guard lock(m_feed.m_mutex);
    for (std::shared_ptr<Event>& event : m_events) m_feed.appendLocked(std::move(event), t_garbage);
  }
  m_events.clear();  // moved-from pointers; the buffer stays for the next turn
  t_garbage.clear();
}

uint64_t Feed::publish(Op op, Record record, double t) {
  if (!enabled()) return 0;
  auto event = std::allocate_shared<Event>(PooledAllocator<Event>(), Event{0, t, op, std::move(record)});
  if (Stage* stage = t_stage; stage && &stage->m_feed == this) {
    stage->m_events.push_back(std::move(event));
    if (stage->m_events.size() >= Stage::kMaxStaged) stage->flush();
    return 0;
  }
  uint64_t seq;
  {
    std::lock_guard lock(m_mutex);
    seq = appendLocked(std::move(event), t_garbage);
  }
  t_garbage.clear();
  return seq;
}

uint64_t Feed::appendLocked(std::shared_ptr<Event> event, std::vector<EventPtr>& garbage) {
  Key key{kindOf(event->record), idOf(event->record)};
  EventPtr replaced;
  uint64_t seq = event->seq = m_nextSeq++;
  if (event->op == Op::Close) {
    if (auto it = m_live.find(key); it != m_live.end()) {
      replaced = std::move(it->second);
      m_live.erase(it);
    }
  } else {
    auto [it, inserted] = m_live.try_emplace(key, event);
    if (!inserted) {
      replaced = std::move(it->second);
      it->second = event;
    }
  }
  // The state this event replaces was most likely read already: its last
  // reference is here. With registered readers it is freed on their thread.
  if (replaced) {
    if (m_readers.empty()) {
      garbage.push_back(std::move(replaced));
    } else {
      m_replaced.push_back(std::move(replaced));
      if (m_replaced.size() > m_capacity) {  // nobody reads: bounded
        std::move(m_replaced.begin(), m_replaced.end(), std::back_inserter(garbage));
        m_replaced.clear();
      }
    }
  }
  if (m_log.size() >= m_capacity) garbage.push_back(m_log.popFront());  // before the push: the ring never outgrows the capacity
  m_log.pushBack(std::move(event));
  return seq;
}

Feed::Batch Feed::read(uint64_t cursor, size_t max) const {
  std::lock_guard lock(m_mutex);
  return readLocked(cursor, max);
}

Feed::ReaderId Feed::addReader(uint64_t from) {
  std::lock_guard lock(m_mutex);
  ReaderId reader = m_nextReader++;
  m_readers[reader] = std::max<uint64_t>(from, 1);
  return reader;
}

void Feed::removeReader(ReaderId reader) {
  std::vector<EventPtr> released;  // freed after the lock
  std::vector<EventPtr> replaced;
  std::lock_guard lock(m_mutex);
  m_readers.erase(reader);
  released = releaseReadLocked();
  takeReplacedLocked(replaced);
}

Feed::Batch Feed::readNext(ReaderId reader, size_t max) {
  std::vector<EventPtr> released;  // freed after the lock, on this thread
  std::vector<EventPtr> replaced;
  Batch batch;
  std::lock_guard lock(m_mutex);
  auto it = m_readers.find(reader);
  if (it == m_readers.end()) return batch;
  uint64_t others = UINT64_MAX;  // the other registered readers' slowest cursor
  for (const auto& [id, cursor] : m_readers)
    if (id != reader) others = std::min(others, cursor);
  uint64_t cursor = it->second;
  if (!m_log.empty() && m_log.front()->seq == cursor) {
    // The front of the log that no other reader still needs is handed over,
    // not copied: no reference count round trip per event while the runtime
    // may be waiting for the lock.
    size_t limit = std::min(max, m_log.size());
    size_t moved = 0;
    while (moved < limit && m_log[moved]->seq < others) ++moved;
    batch.events.reserve(limit);
    m_log.moveFront(moved, batch.events);
    for (size_t i = 0; i < limit - moved; ++i) batch.events.push_back(m_log[i]);
    batch.next = cursor + limit;
  } else {
    batch = readLocked(cursor, max);
  }
  it->second = batch.next;
  released = releaseReadLocked();
  takeReplacedLocked(replaced);
  return batch;
}

void Feed::takeReplacedLocked(std::vector<EventPtr>& out) {
  // Moved out element by element: the buffer, which the publisher grew, stays
  // here for reuse instead of being freed on the reader's thread.
  out.reserve(m_replaced.size());
  std::move(m_replaced.begin(), m_replaced.end(), std::back_inserter(out));
  m_replaced.clear();
}

std::vector<EventPtr> Feed::releaseReadLocked() {
  std::vector<EventPtr> released;
  if (m_readers.empty()) return released;
  uint64_t slowest = UINT64_MAX;
  for (const auto& [reader, cursor] : m_readers) slowest = std::min(slowest, cursor);
  size_t count = 0;
  while (count < m_log.size() && m_log[count]->seq < slowest) ++count;
  released.reserve(count);
  m_log.moveFront(count, released);
  return released;
}

Feed::Batch Feed::readLocked(uint64_t cursor, size_t max) const {
  Batch batch;
  batch.next = m_nextSeq;
  if (cursor >= m_nextSeq) {
    batch.next = cursor;
    return batch;
  }
  // Everything before `oldest` left the log (the ring was full, or the
  // registered readers read it).
  uint64_t oldest = m_log.empty() ? m_nextSeq : m_log.front()->seq;
  if (cursor < oldest) {
    // The reader missed events that fell out of the ring: give it the state instead.
    batch.snapshot = true;
    batch.dropped = oldest - std::max<uint64_t>(cursor, 1);
    batch.events = snapshotLocked();
    return batch;
  }
  size_t first = static_cast<size_t>(cursor - oldest);
  size_t count = std::min(max, m_log.size() - first);
  batch.events.reserve(count);
  for (size_t i = first; i < first + count; ++i) batch.events.push_back(m_log[i]);
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
      auto open = std::allocate_shared<Event>(PooledAllocator<Event>(), *event);
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
