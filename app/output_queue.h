#pragma once
// OutputQueue: the handler's console output on its way from the runtime
// thread to the Console panel. push() never waits on the GUI: above a byte
// budget the oldest chunks go, and are counted.
#include <cstdint>
#include <deque>
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
    std::string text;
  };

  explicit OutputQueue(size_t maxBytes = 4 << 20) : m_maxBytes(maxBytes) {}

  // Any thread (the runtime thread writes console output here).
  void push(bool error, double t, std::string_view text) {
    std::lock_guard lock(m_mutex);
    m_bytes += text.size();
    m_chunks.push_back({error, t, std::string(text)});
    while (m_bytes > m_maxBytes && m_chunks.size() > 1) {
      m_bytes -= m_chunks.front().text.size();
      m_chunks.pop_front();
      ++m_dropped;
    }
  }

  // GUI thread: everything queued so far, oldest first.
  std::vector<Chunk> takeAll() {
    std::deque<Chunk> taken;
    {
      std::lock_guard lock(m_mutex);
      taken.swap(m_chunks);
      m_bytes = 0;
    }
    return {std::make_move_iterator(taken.begin()), std::make_move_iterator(taken.end())};
  }

  uint64_t dropped() const {
    std::lock_guard lock(m_mutex);
    return m_dropped;
  }

 private:
  mutable std::mutex m_mutex;
  std::deque<Chunk> m_chunks;
  size_t m_bytes = 0;
  size_t m_maxBytes;
  uint64_t m_dropped = 0;
};

}  // namespace nano::app
