#pragma once
// Synthetic telemetry for the model tests: records and events built the way the
// runtime publishes them, numbered by a little Feed-like sequencer.
#include <vector>

#include "telemetry/feed.h"

namespace nano::app::test {

using namespace nano::telemetry;

class Events {
 public:
  Event& add(Op op, Record record, double t = -1) {
    Event e;
    e.seq = m_next++;
    e.t = t >= 0 ? t : static_cast<double>(e.seq);
    e.op = op;
    e.record = std::move(record);
    m_events.push_back(std::move(e));
    return m_events.back();
  }
  // Pointers of the events of one kind, as Workspace hands them to a model.
  std::vector<const Event*> take() {
    m_taken.swap(m_events);
    m_events.clear();
    std::vector<const Event*> out;
    for (const Event& e : m_taken) out.push_back(&e);
    return out;
  }
  Feed::Batch batch() {
    Feed::Batch b;
    for (Event& e : m_events) b.events.push_back(std::make_shared<const Event>(std::move(e)));
    m_events.clear();
    b.next = m_next;
    return b;
  }

 private:
  uint64_t m_next = 1;
  std::vector<Event> m_events;
  std::vector<Event> m_taken;
};

inline FetchOp fetch(Id id, FetchPhase phase = FetchPhase::Queued, double t0 = 0,
                     std::optional<Id> request = std::nullopt) {
  FetchOp f;
  f.id = id;
  f.request = request;
  f.method = "GET";
  f.url = "http://127.0.0.1:1/item/" + std::to_string(id);
  f.phase = phase;
  for (int p = 0; p <= static_cast<int>(phase) && p < kFetchPhaseCount; ++p) {
    if (p >= static_cast<int>(FetchPhase::Done) && p != static_cast<int>(phase)) continue;
    f.phaseStart[p] = t0 + p * 10.0;
  }
  if (phase == FetchPhase::Done) f.status = 200;
  return f;
}

inline StreamInfo stream(Id id, uint64_t chunks, double hwm = 4, StreamKind kind = StreamKind::Readable) {
  StreamInfo s;
  s.id = id;
  s.streamKind = kind;
  s.state = kind == StreamKind::Readable ? "readable" : "writable";
  s.highWaterMark = hwm;
  s.queueChunks = chunks;
  s.queueBytes = static_cast<double>(chunks);
  s.desiredSize = hwm - static_cast<double>(chunks);
  s.backpressure = s.desiredSize <= 0;
  return s;
}

inline PendingPromise promise(Id id, const char* kind, std::optional<Id> request = std::nullopt,
                              double created = 0) {
  PendingPromise p;
  p.id = id;
  p.opKind = kind;
  p.request = request;
  p.created = created;
  return p;
}

inline RequestRecord request(Id id, const char* path = "/", int status = 0) {
  RequestRecord r;
  r.id = id;
  r.app = "test.mjs";
  r.method = "GET";
  r.path = path;
  r.status = status;
  r.start = static_cast<double>(id) * 10;
  return r;
}

}  // namespace nano::app::test
