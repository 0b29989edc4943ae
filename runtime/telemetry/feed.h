#pragma once
// Feed: the one way telemetry leaves the runtime thread. The runtime appends
// events; any number of readers (the GUI at ~30 Hz, the JSON lines writer,
// tests) read from their own cursor. Appending never waits on a reader: the
// log is a bounded ring, and a reader that fell behind it gets a snapshot of
// the latest state of every object instead (latest state wins), with a count
// of the events it missed.
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <vector>

#include "records.h"

namespace nano::telemetry {

class Feed {
 public:
  explicit Feed(size_t capacity = 1 << 16);

  // Cheap check for publishers: build no record when nobody listens.
  bool enabled() const { return m_enabled.load(std::memory_order_relaxed); }
  void setEnabled(bool enabled) { m_enabled.store(enabled, std::memory_order_relaxed); }

  // Any thread. Returns the event's sequence number (0 when disabled).
  uint64_t publish(Op op, Record record);

  struct Batch {
    std::vector<EventPtr> events;
    uint64_t next = 1;     // cursor for the following read
    uint64_t dropped = 0;  // events skipped because the reader fell behind
    bool snapshot = false; // events are the latest state of live objects, not a log
  };
  // Any thread. Events with seq >= cursor, at most max of them.
  Batch read(uint64_t cursor, size_t max = SIZE_MAX) const;
  // Latest state of every object not yet closed, as Open events.
  std::vector<EventPtr> snapshot() const;

  uint64_t lastSeq() const;
  double now() const;  // ms since the feed started
  size_t liveCount() const;

 private:
  using Key = std::pair<Kind, Id>;
  std::vector<EventPtr> snapshotLocked() const;

  const size_t m_capacity;
  const std::chrono::steady_clock::time_point m_start;
  std::atomic<bool> m_enabled{true};
  mutable std::mutex m_mutex;
  std::deque<EventPtr> m_log;
  uint64_t m_nextSeq = 1;
  std::map<Key, EventPtr> m_live;  // latest event per open object
};

}  // namespace nano::telemetry
