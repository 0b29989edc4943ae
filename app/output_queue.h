#pragma once
// OutputQueue: the handler's console output on its way from the runtime
// thread to the Console panel. push() never waits on the GUI: above a byte
// budget the oldest chunks go, and are counted. The text of every chunk sits
// in one buffer (a line per request under load would otherwise be one small
// allocation on the runtime thread and one free on the GUI thread each), and
// the GUI hands that buffer back when it is done (recycle()), so in a steady
// state the runtime thread neither grows a buffer nor frees one the GUI used.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace nano::app {

class OutputQueue {
 public:
  struct Chunk {
    bool error = false;  // stderr
    double t = 0;        // ms since the session's feed started
    size_t offset = 0;   // into the text it was taken with
    size_t size = 0;
  };
  // What takeAll() hands over: the chunks and their text.
  struct Taken {
    std::string text;
    std::vector<Chunk> chunks;
    std::string_view textOf(const Chunk& chunk) const { return std::string_view(text).substr(chunk.offset, chunk.size); }
  };

  explicit OutputQueue(size_t maxBytes = 4 << 20) : m_maxBytes(maxBytes) {}

  // Any thread (the runtime thread writes console output here).
  void push(bool error, double t, std::string_view text) {
    std::lock_guard lock(m_mutex);
    m_queued.chunks.push_back({error, t, m_queued.text.size(), text.size()});
    m_queued.text.append(text);
    if (m_queued.text.size() > m_maxBytes) dropOldest();
  }

  // GUI thread: everything queued so far, oldest first.
  Taken takeAll() {
    Taken taken;
    std::lock_guard lock(m_mutex);
    std::swap(taken, m_queued);
    std::swap(m_queued, m_spare);  // empty, with the capacity of an earlier take
    return taken;
  }

  // GUI thread: a Taken it has finished with; its buffers serve the next
  // pushes (the larger of two spares is kept).
  void recycle(Taken&& done) {
    done.text.clear();
    done.chunks.clear();
    std::lock_guard lock(m_mutex);
    if (done.text.capacity() > m_spare.text.capacity()) std::swap(done, m_spare);
  }

  uint64_t dropped() const {
    std::lock_guard lock(m_mutex);
    return m_dropped;
  }

 private:
  // Down to three quarters of the budget at once, so a chatty handler that
  // nobody drains moves the buffer's tail once per quarter, not per push.
  // The newest chunk always stays.
  void dropOldest() {
    size_t keepFrom = 0;
    size_t bytes = m_queued.text.size();
    while (keepFrom + 1 < m_queued.chunks.size() && bytes > m_maxBytes / 4 * 3) bytes -= m_queued.chunks[keepFrom++].size;
    if (keepFrom == 0) return;
    size_t cut = m_queued.chunks[keepFrom].offset;
    m_queued.text.erase(0, cut);
    m_queued.chunks.erase(m_queued.chunks.begin(), m_queued.chunks.begin() + static_cast<std::ptrdiff_t>(keepFrom));
    for (Chunk& chunk : m_queued.chunks) chunk.offset -= cut;
    m_dropped += keepFrom;
  }

  mutable std::mutex m_mutex;
  Taken m_queued;
  Taken m_spare;  // always empty
  size_t m_maxBytes;
  uint64_t m_dropped = 0;
};

}  // namespace nano::app
