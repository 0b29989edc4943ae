#pragma once
// Feed: the one way telemetry leaves the runtime thread. The runtime appends
// events; any number of readers (the GUI at ~30 Hz, the JSON lines writer,
// tests) read from their own cursor. Appending never waits on a reader: the
// log is a bounded ring, and a reader that fell behind it gets a snapshot of
// the latest state of every object instead (latest state wins), with a count
// of the events it missed.
//
// Registered readers (addReader) keep their cursor in the feed. Once every
// registered reader has read an event it leaves the log at once, on the
// thread of the reader that read it last: events then live for one poll, not
// for the ring's whole capacity, so the runtime thread neither frees them nor
// keeps tens of megabytes of cold records around (its allocator slows down).
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <vector>

#include "event_ring.h"
#include "records.h"

namespace nano::telemetry {

class Feed {
 public:
  explicit Feed(size_t capacity = 1 << 16);

  // Cheap check for publishers: build no record when nobody listens.
  bool enabled() const { return m_enabled.load(std::memory_order_relaxed); }
  void setEnabled(bool enabled) { m_enabled.store(enabled, std::memory_order_relaxed); }

  // Any thread. Returns the event's sequence number (0 when disabled, or
  // staged: it gets one when its stage is flushed).
  uint64_t publish(Op op, Record record) { return publish(op, std::move(record), now()); }
  // The same, at feed time t (ms), for a publisher that just read the clock.
  uint64_t publish(Op op, Record record, double t);

  // A runtime thread publishes several events per loop turn. While it holds
  // a Stage, its events wait there, off the lock, and flush() appends them
  // in one go (once per loop turn, before the loop waits): one lock and one
  // cache-line hand-over to the readers per turn instead of per event.
  class Stage {
   public:
    explicit Stage(Feed& feed);  // this thread's publish() to feed is staged from now on
    ~Stage();                    // flushes; on the thread that made it
    Stage(const Stage&) = delete;
    Stage& operator=(const Stage&) = delete;
    void flush();

   private:
    friend class Feed;
    static constexpr size_t kMaxStaged = 256;  // a long run of JS still hands over as it goes
    Feed& m_feed;
    Stage* m_outer;  // the stage this one hides (nested runtimes on one thread)
    std::vector<std::shared_ptr<Event>> m_events;  // sequence numbers still to give
  };

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

  using ReaderId = uint64_t;
  // A registered reader's cursor starts at `from` (1: everything still logged).
  ReaderId addReader(uint64_t from = 1);
  void removeReader(ReaderId reader);
  // read() from the reader's own cursor, which then moves past the batch.
  // Events every registered reader has read leave the log (freed here).
  Batch readNext(ReaderId reader, size_t max = SIZE_MAX);

  uint64_t lastSeq() const;
  double now() const;  // ms since the feed started
  size_t liveCount() const;

 private:
  using Key = std::pair<Kind, Id>;
  std::vector<EventPtr> snapshotLocked() const;
  // Gives the event its sequence number and logs it; what it replaces or
  // pushes out of the ring goes to `garbage`, freed after the lock.
  uint64_t appendLocked(std::shared_ptr<Event> event, std::vector<EventPtr>& garbage);
  Batch readLocked(uint64_t cursor, size_t max) const;
  // Moves out of the log the events all registered readers have passed.
  std::vector<EventPtr> releaseReadLocked();
  // Hands the replaced states over to a reader, who frees them on its thread.
  void takeReplacedLocked(std::vector<EventPtr>& out);

  const size_t m_capacity;
  const std::chrono::steady_clock::time_point m_start;
  std::atomic<bool> m_enabled{true};
  mutable std::mutex m_mutex;
  EventRing m_log;
  uint64_t m_nextSeq = 1;
  std::map<Key, EventPtr> m_live;  // latest event per open object
  std::map<ReaderId, uint64_t> m_readers;  // registered reader -> its cursor
  // Latest states replaced or closed while readers are registered: freed by
  // the next readNext, on a reader's thread.
  std::vector<EventPtr> m_replaced;
  ReaderId m_nextReader = 1;
};

}  // namespace nano::telemetry
